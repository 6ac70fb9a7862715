// SPDX-License-Identifier: GPL-2.0
/*
 * The raw-pages source: sub-buffers written by hyp-instrumentation's
 * hypev_rb (the EL2 writer) into per_cpu/cpuN/trace_pipe_raw, with pages
 * overwritten (missed events) and gaps needing TIME_EXTEND, decoded with
 * kbuffer + tep and merged across CPUs by timestamp.
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

#include "hypev.h"
#include "trace_int.h"

#define SUBBUF	4096
#define NPAGES	3

static char dir[] = "/tmp/test_trace_raw-XXXXXX";

static void write_pages(struct hypev_rb *rb, unsigned int cpu)
{
	static unsigned char page[SUBBUF];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
	f = fopen(path, "w");
	assert_non_null(f);
	for (;;) {
		memset(page, 0, sizeof(page));
		if (hypev_rb_read_page(rb, page, true) < 0)
			break;
		assert_int_equal(fwrite(page, SUBBUF, 1, f), 1);
	}
	fclose(f);
}

static int setup(void **state)
{
	/* the writer's page headers hold u64s: keep each buffer 8-byte aligned */
	static unsigned char mem[2][NPAGES * SUBBUF + NPAGES * 8] __attribute__((aligned(8)));
	struct hypev_smmu_tlbi tlbi = { .common_type = HYPEV_ID_smmu_tlbi, .opcode = 0x12 };
	struct hypev_smmu_map map = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096,
				      .pgcount = 1 };
	struct hypev_rb rb;
	unsigned int i;

	if (!mkdtemp(dir) || hypev_remote_dir_create(dir, 2, SUBBUF))
		return -1;
	/*
	 * CPU 0: 28-byte TLBI records, 145 per page. With 3 pages the writer
	 * keeps 2 full pages + the head: 4 * 145 + 1 events overwrite the
	 * first 2 pages (290 events); 145 + 145 + 1 remain.
	 */
	if (hypev_rb_init(&rb, mem[0], sizeof(mem[0]), NPAGES, SUBBUF))
		return -1;
	for (i = 0; i < 4 * 145 + 1; i++) {
		tlbi.iova = i;
		if (hypev_rb_write(&rb, 1000 + i, &tlbi, sizeof(tlbi)))
			return -1;
	}
	write_pages(&rb, 0);
	/* CPU 1: one map per second from 5 s: every delta needs a TIME_EXTEND */
	if (hypev_rb_init(&rb, mem[1], sizeof(mem[1]), NPAGES, SUBBUF))
		return -1;
	for (i = 0; i < 5; i++) {
		map.dur_ns = 100 * (i + 1);
		map.iova = 0x1000 * i;
		if (hypev_rb_write(&rb, 5000000000ULL + i * 1000000000ULL, &map, sizeof(map)))
			return -1;
	}
	write_pages(&rb, 1);
	return 0;
}

static int teardown(void **state)
{
	return trace_rm_rf(dir);
}

struct seen {
	unsigned int n[2];
	uint64_t last_ts;
	bool ordered;
	uint64_t first_iova0;
	uint64_t ts1[5];
	uint64_t lost[2];
};

static int on_rec(void *ctx, const struct trace_rec *r)
{
	struct seen *s = ctx;

	if (r->ts_ns < s->last_ts)
		s->ordered = false;
	s->last_ts = r->ts_ns;
	if (r->cpu == 0 && !s->n[0])
		s->first_iova0 = r->val[trace_evtype_field(r->type, "iova")];
	if (r->cpu == 1 && s->n[1] < 5)
		s->ts1[s->n[1]] = r->ts_ns;
	s->n[r->cpu]++;
	return 0;
}

static void on_lost(void *ctx, int cpu, uint64_t n)
{
	struct seen *s = ctx;

	s->lost[cpu] += n;
}

static void test_decode_order_missed_extend(void **state)
{
	struct trace_source src = { 0 };
	struct seen s = { .ordered = true };
	char evdir[512];
	unsigned int i;

	src.nr_cpus = 2;
	snprintf(evdir, sizeof(evdir), "%s/events", dir);
	assert_int_equal(trace_raw_decode_dir(&src, dir, evdir, on_rec, on_lost, &s), 0);
	assert_int_equal(s.n[0], 291);
	assert_int_equal(s.lost[0], 290);
	assert_int_equal(s.first_iova0, 290);	/* the oldest event left */
	assert_int_equal(s.n[1], 5);
	assert_int_equal(s.lost[1], 0);
	assert_true(s.ordered);
	for (i = 0; i < 5; i++)
		assert_int_equal(s.ts1[i], 5000000000ULL + i * 1000000000ULL);
	assert_int_equal(src.nr_recs, 296);
}

static void test_session(void **state)
{
	const char *srcs[2] = { NULL, NULL };
	struct trace_opts o = { .sources = srcs };
	const struct trace_op_stats *op;
	struct trace_session *s;
	char spec[600];

	snprintf(spec, sizeof(spec), "raw:%s", dir);
	srcs[0] = spec;
	s = trace_session_open(&o);
	assert_non_null(s);
	assert_int_equal(trace_session_run_for(s, 0), 0);
	op = trace_session_op_find(s, "smmu_map");
	assert_non_null(op);
	assert_int_equal(op->count, 5);
	assert_int_equal(trace_hist_min(op->hist), 100);
	assert_int_equal(trace_hist_max(op->hist), 500);
	assert_int_equal(trace_hist_sum(op->hist), 1500);
	/* rank 3 = 300 ns, bucket [300, 303] of 4 ns: midpoint 301 */
	assert_int_equal(trace_hist_percentile(op->hist, 50), 301);
	assert_int_equal(op->lost, 290);
	/* TLBI has no duration: counted, with its range_pages distribution */
	op = trace_session_op_find(s, "smmu_tlbi.range_pages");
	assert_non_null(op);
	assert_int_equal(op->count, 291);
	assert_string_equal(op->unit, "pages");
	assert_int_equal(trace_session_lost(s), 290);
	assert_int_equal(trace_session_source(s, 0)->lost_cpu[0], 290);
	assert_int_equal(trace_session_source(s, 0)->lost_cpu[1], 0);
	trace_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_order_missed_extend),
		cmocka_unit_test(test_session),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
