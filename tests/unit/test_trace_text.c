// SPDX-License-Identifier: GPL-2.0
/*
 * The remote text source: lines in the layout of trace_remote.c
 * ("[%03d]\t%5llu.%06lu: name k=v ...", "CPU:%d [LOST %lu EVENTS]"),
 * written by hand here, read through a session like a recorded remote.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "hypev.h"
#include "trace_int.h"

static char dir[] = "/tmp/test_trace_text-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	if (!mkdtemp(dir))
		return -1;
	return hypev_remote_dir_create(dir, 2, 4096);
}

static int teardown(void **state)
{
	return dir_remove_tree(dir);
}

/* long: a table of lines, each with its expected parse written beside it */
static void test_line_parse(void **state)
{
	char evdir[512];
	struct trace_textfmt *tf;
	struct trace_rec rec;
	const char *why = NULL;
	uint64_t lost = 0;
	int ret, f;

	snprintf(evdir, sizeof(evdir), "%s/events", dir);
	tf = trace_textfmt_load(evdir, "hypervisor");
	assert_non_null(tf);

	const char *l1 = "[002]\t12345.000007: smmu_sync smmu=0 batch=3 wait_ns=800";

	ret = trace_text_line_parse(tf, l1, strlen(l1), &rec, &lost, &why);
	assert_int_equal(ret, TRACE_LINE_EVENT);
	assert_int_equal(rec.cpu, 2);
	assert_int_equal(rec.ts_ns, 12345000007000ULL);
	assert_string_equal(rec.type->name, "smmu_sync");
	f = trace_evtype_field(rec.type, "batch");
	assert_true(f >= 0);
	assert_int_equal(rec.val[f], 3);
	f = trace_evtype_field(rec.type, "wait_ns");
	assert_int_equal(rec.val[f], 800);

	/* %5llu pads the seconds; negative and hex values */
	const char *l2 = "[000]\t    3.000010: smmu_map domain=7 ret=-22 iova=0xdead0000 "
			 "paddr=0x0 pgsize=4096 pgcount=1 mapped=0 dur_ns=250\n";
	ret = trace_text_line_parse(tf, l2, strlen(l2), &rec, &lost, &why);
	assert_int_equal(ret, TRACE_LINE_EVENT);
	assert_int_equal(rec.ts_ns, 3000010000ULL);
	assert_int_equal(rec.val[trace_evtype_field(rec.type, "ret")], (uint64_t)-22);
	assert_int_equal(rec.val[trace_evtype_field(rec.type, "iova")], 0xdead0000ULL);
	assert_int_equal(rec.val[trace_evtype_field(rec.type, "domain")], 7);

	ret = trace_text_line_parse(tf, "CPU:3 [LOST 42 EVENTS]", 22, &rec, &lost, &why);
	assert_int_equal(ret, TRACE_LINE_LOST);
	assert_int_equal(rec.cpu, 3);
	assert_int_equal(lost, 42);

	assert_int_equal(trace_text_line_parse(tf, "\n", 1, &rec, &lost, &why), TRACE_LINE_BLANK);

	/* garbage: an error with a reason, never a crash */
	static const char *const bad[] = {
		"garbage",
		"[000]\t    3.00001: smmu_map dur_ns=1",		/* 5 digits of us */
		"[000]\t    3.000010: no_such_event a=1",
		"[000]\t    3.000010: smmu_map nosuchfield=1",
		"[000]\t    3.000010: smmu_map dur_ns=12abc",
		"[000]\t    3.000010: smmu_map dur_ns",
		"CPU:1 [LOST many EVENTS]",
		"[000]\t    3.000010: UNKNOWN id=99",
		"[000",
		/* integers that do not fit: a bad line, never a wrapped value */
		"CPU:1 [LOST 99999999999999999999 EVENTS]",	/* > 2^64 - 1 */
		"CPU:99999999999999999999 [LOST 1 EVENTS]",
		"[000]\t    3.000010: smmu_map dur_ns=18446744073709551616",	/* 2^64 */
		"[000]\t    3.000010: smmu_map dur_ns=-9223372036854775809",	/* < s64 min */
		"[000]\t    3.000010: smmu_map iova=0x10000000000000000",	/* 17 hex digits */
		"[000]\t    3.000010: smmu_map ret=4294967296",	/* int: 2^32 */
		"[000]\t    3.000010: smmu_map ret=-2147483649",	/* int: < -2^31 */
		"[000]\t18446744073709551615.000000: smmu_map dur_ns=1",	/* s * 1e9 > 2^64 */
		"[000]\t18446744073.709552: smmu_map dur_ns=1",	/* 2^64 - 1 ns + 1 us */
		"",
	};
	unsigned int i;

	/* the largest values that do fit */
	const char *l3 = "[000]\t18446744073.709551: smmu_map ret=-2147483648 "
			 "iova=0xffffffffffffffff dur_ns=18446744073709551615";
	ret = trace_text_line_parse(tf, l3, strlen(l3), &rec, &lost, &why);
	assert_int_equal(ret, TRACE_LINE_EVENT);
	assert_int_equal(rec.ts_ns, 18446744073709551000ULL);
	assert_int_equal(rec.val[trace_evtype_field(rec.type, "ret")], (uint64_t)INT32_MIN);
	assert_int_equal(rec.val[trace_evtype_field(rec.type, "iova")], UINT64_MAX);
	assert_int_equal(rec.val[trace_evtype_field(rec.type, "dur_ns")], UINT64_MAX);

	for (i = 0; i < ARRAY_SIZE(bad) - 1; i++) {
		why = NULL;
		ret = trace_text_line_parse(tf, bad[i], strlen(bad[i]), &rec, &lost, &why);
		if (ret != -EINVAL)
			fail_msg("accepted: '%s'", bad[i]);
		assert_non_null(why);
	}
	trace_textfmt_free(tf);
}

static void test_session(void **state)
{
	const char *src[2] = { NULL, NULL };
	char spec[600];
	struct trace_opts o = { 0 };
	struct trace_session *s;
	const struct trace_op_stats *op;
	const struct trace_source_stats *ss;

	put("per_cpu/cpu0/trace_pipe",
	    "[000]\t  100.000001: smmu_map domain=1 ret=0 iova=0x1000 paddr=0x80000000 "
	    "pgsize=4096 pgcount=1 mapped=4096 dur_ns=100\n"
	    "CPU:0 [LOST 2 EVENTS]\n"
	    "[000]\t  100.000003: smmu_map domain=1 ret=0 iova=0x2000 paddr=0x80001000 "
	    "pgsize=4096 pgcount=4 mapped=16384 dur_ns=1000\n"
	    "this is garbage\n"
	    "[000]\t  100.000005: hyp_enter reason=1 vcpu=0\n"
	    "[000]\t  100.000009: hyp_exit reason=1 vcpu=0\n");
	put("per_cpu/cpu1/trace_pipe",
	    "[001]\t  100.000002: smmu_map domain=2 ret=0 iova=0x3000 paddr=0x90000000 "
	    "pgsize=4096 pgcount=2 mapped=8192 dur_ns=120\n"
	    "[001]\t  100.00000x: smmu_map dur_ns=5\n"
	    "CPU:1 [LOST 5 EVENTS]\n"
	    "[001]\t  100.000004: smmu_unmap domain=2 ntlbi=1 iova=0x3000 pgsize=4096 "
	    "pgcount=2 unmapped=8192 dur_ns=2500\n"
	    "[001]\t  100.000006: smmu_map bogus=1\n");
	snprintf(spec, sizeof(spec), "remote:%s", dir);
	src[0] = spec;
	o.sources = src;
	s = trace_session_open(&o);
	assert_non_null(s);
	assert_int_equal(trace_session_run_for(s, 0), 0);

	op = trace_session_op_find(s, "smmu_map");
	assert_non_null(op);
	assert_string_equal(op->unit, "ns");
	assert_int_equal(op->count, 3);
	assert_int_equal(trace_hist_min(op->hist), 100);
	assert_int_equal(trace_hist_max(op->hist), 1000);
	assert_int_equal(trace_hist_sum(op->hist), 1220);
	assert_int_equal(trace_hist_percentile(op->hist, 50), 120);
	assert_int_equal(op->lost, 7);
	assert_true(op->nr_cpus == 2);
	assert_int_equal(trace_hist_count(op->cpu_hist[0]), 2);
	assert_int_equal(trace_hist_count(op->cpu_hist[1]), 1);

	op = trace_session_op_find(s, "smmu_map.pgcount");
	assert_non_null(op);
	assert_string_equal(op->unit, "pages");
	assert_int_equal(trace_hist_sum(op->hist), 7);
	assert_int_equal(trace_hist_percentile(op->hist, 50), 2);

	op = trace_session_op_find(s, "smmu_unmap");
	assert_non_null(op);
	assert_int_equal(op->count, 1);
	assert_int_equal(trace_hist_min(op->hist), 2500);

	/* hyp_enter(reason=1: HVC) at 100.000005 -> hyp_exit at 100.000009 */
	op = trace_session_op_find(s, "hyp_hvc");
	assert_non_null(op);
	assert_int_equal(op->count, 1);
	assert_int_equal(trace_hist_min(op->hist), 4000);

	assert_int_equal(trace_session_nr_sources(s), 1);
	ss = trace_session_source(s, 0);
	assert_int_equal(ss->lost, 7);
	assert_int_equal(ss->lost_cpu[0], 2);
	assert_int_equal(ss->lost_cpu[1], 5);
	assert_int_equal(ss->events, 6);	/* 3 maps, 1 unmap, enter, exit */
	assert_int_equal(trace_session_lost(s), 7);
	trace_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_parse),
		cmocka_unit_test(test_session),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
