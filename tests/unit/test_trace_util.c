// SPDX-License-Identifier: GPL-2.0
/*
 * Writing files out (keep_raw copies, summary.json) on a disk that fills
 * up: the write that stops short is followed by one that fails, and its
 * errno is what the user must see (ENOSPC, here EFBIG from RLIMIT_FSIZE,
 * which cuts writes the same way without filling a real disk), never EIO.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <cmocka.h>

#include "common.h"
#include "hypev.h"
#include "trace_int.h"

static char dir[] = "/tmp/test_trace_util-XXXXXX";

static int setup(void **state)
{
	/* past the limit write() fails with EFBIG instead of killing us */
	signal(SIGXFSZ, SIG_IGN);
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	return dir_remove_tree(dir);
}

static void fsize_limit(rlim_t bytes)
{
	struct rlimit rl;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &rl), 0);
	rl.rlim_cur = bytes;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

static void test_copy_short_write(void **state)
{
	static char buf[100000];
	char from[600], to[600];
	FILE *f;

	snprintf(from, sizeof(from), "%s/from", dir);
	snprintf(to, sizeof(to), "%s/to", dir);
	memset(buf, 'x', sizeof(buf));
	f = fopen(from, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, sizeof(buf), 1, f), 1);
	fclose(f);
	/* 65536 + 4464 bytes fit: the second 64 KiB write stops short, the third fails */
	fsize_limit(70000);
	assert_int_equal(trace_copy_file(from, to), -EFBIG);
	fsize_limit(RLIM_INFINITY);
	assert_int_equal(trace_copy_file(from, to), 0);
}

static void test_summary_short_write(void **state)
{
	const char *srcs[2] = { NULL, NULL };
	struct trace_opts o = { .sources = srcs };
	char rdir[600], out[600], path[700], spec[700];
	struct trace_session *s;
	FILE *f;

	snprintf(rdir, sizeof(rdir), "%s/remote", dir);
	assert_int_equal(hypev_remote_dir_create(rdir, 1, 4096), 0);
	snprintf(path, sizeof(path), "%s/per_cpu/cpu0/trace_pipe", rdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[000]\t  100.000001: smmu_map domain=1 ret=0 iova=0x1000 paddr=0x80000000 "
	      "pgsize=4096 pgcount=1 mapped=4096 dur_ns=100\n", f);
	fclose(f);
	snprintf(spec, sizeof(spec), "remote:%s", rdir);
	srcs[0] = spec;
	s = trace_session_open(&o);
	assert_non_null(s);
	assert_int_equal(trace_session_run_for(s, 0), 0);
	/* the raw copies (format files, one line) fit; summary.json (kilobytes) does not */
	snprintf(out, sizeof(out), "%s/run", dir);
	fsize_limit(1500);
	assert_int_equal(trace_session_write(s, out), -EFBIG);
	fsize_limit(RLIM_INFINITY);
	dir_remove_tree(out);
	assert_int_equal(trace_session_write(s, out), 0);
	trace_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_short_write),
		cmocka_unit_test(test_summary_short_write),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
