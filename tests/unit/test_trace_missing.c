// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's reason for a refused probe, read from an error_log laid out
 * as kernel/trace/trace.c tracing_err_log_seq_show() prints it, with the
 * probe parsers' messages (kernel/trace/trace_probe.h ERRORS; the layout
 * as seen on a 6.18 x86 host's error_log): the last
 * entry of OUR command wins, a longer name sharing the prefix does not
 * match, the log itself is not changed; and items recorded as not
 * collected keep their spec and reason.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "trace_int.h"

static const char error_log[] =
	"[   12.000001] trace_kprobe: error: The symbol is not unique\n"
	"  Command: p:smmubench_77/iotlb_sync arm_smmu_iotlb_sync\n"
	"                                     ^\n"
	"[   13.500000] trace_kprobe: error: Failed to register probe event\n"
	"  Command: p:smmubench_77/iotlb_sync_x arm_smmu_iotlb_sync\n"
	"                          ^\n"
	"[ 4910.426544] trace_uprobe: error: Event name must follow the same rules as C identifiers\n"
	"  Command: p:smmubench_77/bad-x /tmp/fp_s:0x0000000000001139\n"
	"                             ^\n"
	"[ 4911.000000] trace_kprobe: error: Maxactive is not for kprobe\n"
	"  Command: r:smmubench_77/iotlb_sync_ret arm_smmu_iotlb_sync\n"
	"           ^\n";

static char log_path[64];

static int setup(void **state)
{
	FILE *f;

	snprintf(log_path, sizeof(log_path), "/tmp/test_trace_missing.%d", (int)getpid());
	f = fopen(log_path, "w");
	if (!f || fputs(error_log, f) < 0 || fclose(f))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	unlink(log_path);
	return 0;
}

static void test_reason(void **state)
{
	char why[128], *after;
	size_t n;

	assert_int_equal(trace_error_log_reason(log_path, "smmubench_77", "iotlb_sync", why,
						sizeof(why)), 0);
	assert_string_equal(why, "The symbol is not unique");
	assert_int_equal(trace_error_log_reason(log_path, "smmubench_77", "bad-x", why,
						sizeof(why)), 0);
	assert_string_equal(why, "Event name must follow the same rules as C identifiers");
	/* the kretprobe's "r:" command, not the kprobe's */
	assert_int_equal(trace_error_log_reason(log_path, "smmubench_77", "iotlb_sync_ret", why,
						sizeof(why)), 0);
	assert_string_equal(why, "Maxactive is not for kprobe");
	/* another run's group, or a name never logged */
	assert_int_equal(trace_error_log_reason(log_path, "smmubench_78", "iotlb_sync", why,
						sizeof(why)), -ENOENT);
	assert_int_equal(trace_error_log_reason(log_path, "smmubench_77", "iotlb", why,
						sizeof(why)), -ENOENT);
	/* truncated to the buffer, NUL-terminated */
	assert_int_equal(trace_error_log_reason(log_path, "smmubench_77", "iotlb_sync", why, 11),
			 0);
	assert_string_equal(why, "The symbol");
	/* read only */
	assert_int_equal(file_read_all(log_path, &after, &n), 0);
	assert_string_equal(after, error_log);
	free(after);
	assert_int_equal(trace_error_log_reason("/nonexistent/error_log", "g", "e", why,
						sizeof(why)), -ENOENT);
}

static void test_missing(void **state)
{
	struct trace_source src = { 0 };
	unsigned int i;

	assert_int_equal(trace_source_missing(&src, "k:iotlb_sync=arm_smmu_iotlb_sync",
					      "The symbol is not unique", -EINVAL), 0);
	assert_int_equal(src.nr_missing, 1);
	assert_string_equal(src.missing[0].item, "k:iotlb_sync=arm_smmu_iotlb_sync");
	assert_string_equal(src.missing[0].reason, "The symbol is not unique");
	assert_int_equal(src.missing[0].error, -EINVAL);
	for (i = 1; i < TRACE_MAX_MISSING; i++)
		assert_int_equal(trace_source_missing(&src, "u:x=/bin/true:f", "r", -ENOENT), 0);
	/* full: refused, not dropped silently */
	assert_int_equal(trace_source_missing(&src, "u:y=/bin/true:f", "r", -ENOENT), -E2BIG);
	assert_int_equal(src.nr_missing, TRACE_MAX_MISSING);
	for (i = 0; i < src.nr_missing; i++) {
		free((char *)src.missing[i].item);
		free((char *)src.missing[i].reason);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_missing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
