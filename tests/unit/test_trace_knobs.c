// SPDX-License-Identifier: GPL-2.0
/*
 * Enabling the asked events of a remote-like directory records and
 * restores each enable file; a missing event is named and refused.
 * A plain directory stands in for tracefs: the files behave alike here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "hypev.h"
#include "trace_int.h"

static char *slurp(const char *dir, const char *rel)
{
	char path[512], *buf = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(file_read_all(path, &buf, NULL), 0);
	return buf;
}

static void test_events_enable_and_restore(void **state)
{
	char dir[] = "/tmp/test_trace_knobs-XXXXXX";
	char *events[] = { "hypervisor:smmu_map", "hypervisor:smmu_sync" };
	char *remote_named[] = { "whatever:smmu_unmap" };
	char *missing[] = { "hypervisor:smmu_nosuch" };
	struct trace_knobs *k = trace_knobs_new();
	char *v;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(hypev_remote_dir_create(dir, 1, 4096), 0);
	assert_non_null(k);

	/* "sys:ev" names the system when none is forced */
	assert_int_equal(trace_knobs_events_enable(k, dir, NULL, events, 2), 0);
	v = slurp(dir, "events/hypervisor/smmu_map/enable");
	assert_string_equal(v, "1");
	free(v);
	v = slurp(dir, "events/hypervisor/smmu_sync/enable");
	assert_string_equal(v, "1");
	free(v);
	/* a remote's own system wins over what the user typed */
	assert_int_equal(trace_knobs_events_enable(k, dir, "hypervisor", remote_named, 1), 0);
	v = slurp(dir, "events/hypervisor/smmu_unmap/enable");
	assert_string_equal(v, "1");
	free(v);
	assert_int_equal(trace_knobs_events_enable(k, dir, NULL, missing, 1), -ENOENT);

	trace_knobs_restore(k);
	v = slurp(dir, "events/hypervisor/smmu_map/enable");
	assert_string_equal(v, "0");	/* the number, as tracefs takes it */
	free(v);
	v = slurp(dir, "events/hypervisor/smmu_unmap/enable");
	assert_string_equal(v, "0");	/* the number, as tracefs takes it */
	free(v);
	trace_knobs_free(k);
	assert_int_equal(dir_remove_tree(dir), 0);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/*
 * buffer_size_kb as the kernels print it: "7 (unloaded)" (Android's
 * hyp_buffer_size_read(), mainline remotes), "1410" (an instance). A
 * loaded buffer keeps its size whatever is written, so asking for another
 * one is refused, and the file is left alone.
 */
static void test_buffer_kb(void **state)
{
	char dir[] = "/tmp/test_trace_knobs-XXXXXX";
	struct trace_knobs *k = trace_knobs_new();
	char *v;

	assert_non_null(mkdtemp(dir));
	assert_non_null(k);
	put(dir, "buffer_size_kb", "7 (unloaded)\n");
	assert_int_equal(trace_knobs_buffer_kb(k, dir, 1024), 0);
	v = slurp(dir, "buffer_size_kb");
	assert_string_equal(v, "1024");
	free(v);
	trace_knobs_restore(k);
	v = slurp(dir, "buffer_size_kb");
	assert_string_equal(v, "7");
	free(v);

	put(dir, "buffer_size_kb", "7 (loaded)\n");
	assert_int_equal(trace_knobs_buffer_kb(k, dir, 1024), -EBUSY);
	v = slurp(dir, "buffer_size_kb");
	assert_string_equal(v, "7 (loaded)\n");
	free(v);
	/* loaded at the size asked for: nothing to do */
	put(dir, "buffer_size_kb", "1024 (loaded)\n");
	assert_int_equal(trace_knobs_buffer_kb(k, dir, 1024), 0);

	put(dir, "buffer_size_kb", "1410\n");
	assert_int_equal(trace_knobs_buffer_kb(k, dir, 2048), 0);
	v = slurp(dir, "buffer_size_kb");
	assert_string_equal(v, "2048");
	free(v);
	trace_knobs_restore(k);
	v = slurp(dir, "buffer_size_kb");
	assert_string_equal(v, "1410");
	free(v);

	/* no such file: the buffer keeps its size, not an error */
	assert_int_equal(dir_remove_tree(dir), 0);
	assert_int_equal(trace_knobs_buffer_kb(k, dir, 1024), 0);
	trace_knobs_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_enable_and_restore),
		cmocka_unit_test(test_buffer_kb),
	};

	return cmocka_run_group_tests_name("trace_knobs", tests, NULL, NULL);
}
