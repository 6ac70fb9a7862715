// SPDX-License-Identifier: GPL-2.0
/*
 * The raw-pages source: sub-buffers written by hyp-instrumentation's
 * hypev_rb (the EL2 writer) into per_cpu/cpuN/trace_pipe_raw, with pages
 * overwritten (missed events) and gaps needing TIME_EXTEND, decoded with
 * kbuffer + tep and merged across CPUs by timestamp.
 */
#include <errno.h>
#include <fcntl.h>
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
#include "hypev.h"
#include "trace_int.h"
#include "rawdir_int.h"
#include "trace_raw_log.h"

static char dir[] = "/tmp/test_trace_raw-XXXXXX";

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
	write_pages_to(dir, &rb, 0);
	/* CPU 1: one map per second from 5 s: every delta needs a TIME_EXTEND */
	if (hypev_rb_init(&rb, mem[1], sizeof(mem[1]), NPAGES, SUBBUF))
		return -1;
	for (i = 0; i < 5; i++) {
		map.dur_ns = 100 * (i + 1);
		map.iova = 0x1000 * i;
		if (hypev_rb_write(&rb, 5000000000ULL + i * 1000000000ULL, &map, sizeof(map)))
			return -1;
	}
	write_pages_to(dir, &rb, 1);
	return 0;
}

static char dir2[] = "/tmp/test_trace_raw2-XXXXXX";

static int teardown(void **state)
{
	/* dir2 too, should test_fast_matches_kbuffer() stop half way */
	if (strcmp(dir2 + strlen(dir2) - 6, "XXXXXX"))
		dir_remove_tree(dir2);
	return dir_remove_tree(dir);
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

/*
 * Fast walker vs kbuffer: the same pages through both must give the same
 * records and missed counts. CPU 0 misses events with no room left to store
 * the count; CPU 1 misses a stored count, then has a large event (length in
 * array[0]) after a time extend, a discarded event (padding), a signed field.
 */
static void make_mixed_dir(void)
{
	static unsigned char mem[2][NPAGES * SUBBUF + NPAGES * 8] __attribute__((aligned(8)));
	struct hypev_smmu_tlbi tlbi = { .common_type = HYPEV_ID_smmu_tlbi, .opcode = 0x12 };
	struct { struct hypev_smmu_map m; unsigned char pad[88]; } big = { 0 };
	struct hypev_smmu_map map = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096,
				      .pgcount = 1 };
	struct hypev_rb rb;
	unsigned int i;

	assert_non_null(mkdtemp(dir2));
	assert_int_equal(hypev_remote_dir_create(dir2, 2, SUBBUF), 0);
	/*
	 * CPU 0: 60-byte map records, exactly 68 per 4080-byte page. 341 maps
	 * in 3 pages overwrite 3 pages (204 events); the first page read is
	 * full, so the count cannot be stored: RB_MISSED_EVENTS alone, one lost.
	 * 68 + 68 + 1 = 137 remain, i = 204..340.
	 */
	assert_int_equal(hypev_rb_init(&rb, mem[0], sizeof(mem[0]), NPAGES, SUBBUF), 0);
	for (i = 0; i < 341; i++) {
		map.iova = (uint64_t)i << 12;
		map.ret = -(int)(i % 3);
		map.dur_ns = 100 + i;
		assert_int_equal(hypev_rb_write(&rb, 1000 + 10 * i, &map, sizeof(map)), 0);
	}
	write_pages_to(dir2, &rb, 0);
	/* CPU 1: 581 TLBIs lose 290 (stored), 291 remain, then the odd ones */
	assert_int_equal(hypev_rb_init(&rb, mem[1], sizeof(mem[1]), NPAGES, SUBBUF), 0);
	for (i = 0; i < 4 * 145 + 1; i++) {
		tlbi.iova = i;
		assert_int_equal(hypev_rb_write(&rb, 1000 + i, &tlbi, sizeof(tlbi)), 0);
	}
	/* 144 bytes > 112: type_len 0, 4 + 4 + 144 = 152 on the page; a time extend first */
	assert_int_equal(sizeof(big), 144);
	big.m = map;
	big.m.iova = 0xa000;
	big.m.ret = -5;
	big.m.dur_ns = 777;
	assert_int_equal(hypev_rb_write(&rb, 5000000000ULL, &big, sizeof(big)), 0);
	/* discarded: padding whose 100 ns delta still counts */
	assert_non_null(hypev_rb_reserve(&rb, 5000000100ULL, sizeof(map)));
	hypev_rb_discard(&rb);
	tlbi.iova = 0xbeef;
	assert_int_equal(hypev_rb_write(&rb, 5000000200ULL, &tlbi, sizeof(tlbi)), 0);
	map.iova = 0xc000;
	map.ret = 0;
	map.dur_ns = 999;
	assert_int_equal(hypev_rb_write(&rb, 6000000000ULL, &map, sizeof(map)), 0);
	write_pages_to(dir2, &rb, 1);
}

static void decode_with(const char *walker, struct cmplog *l, bool want_fast)
{
	struct trace_source src = { 0 };

	decode_dir(dir2, 2, walker, want_fast, l, &src);
}

static const struct logent *nth_rec(const struct cmplog *l, int cpu, unsigned int nth)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!l->e[i].lost && l->e[i].cpu == cpu && !nth--)
			return &l->e[i];
	fail_msg("no record %u on CPU %d", nth, cpu);
	return NULL;
}

static void test_fast_matches_kbuffer(void **state)
{
	static struct cmplog fast, ref;
	const struct logent *e;
	unsigned int i, j, recs[2] = { 0 };
	uint64_t lost[2] = { 0 };

	make_mixed_dir();
	decode_with(NULL, &fast, true);
	decode_with("kbuffer", &ref, false);

	assert_int_equal(fast.n, ref.n);
	for (i = 0; i < fast.n; i++) {
		const struct logent *a = &fast.e[i], *b = &ref.e[i];

		assert_int_equal(a->lost, b->lost);
		assert_int_equal(a->cpu, b->cpu);
		if (a->lost) {
			assert_int_equal(a->n, b->n);
			lost[a->cpu] += a->n;
			continue;
		}
		recs[a->cpu]++;
		assert_int_equal(a->ts, b->ts);
		assert_int_equal(a->id, b->id);
		assert_int_equal(a->pid, b->pid);
		assert_int_equal(a->raw_size, b->raw_size);
		assert_int_equal(a->nr_fields, b->nr_fields);
		for (j = 0; j < a->nr_fields; j++)
			assert_int_equal(a->val[j], b->val[j]);
	}
	/* worked out above, by hand */
	assert_int_equal(recs[0], 137);
	assert_int_equal(lost[0], 1);
	assert_int_equal(recs[1], 294);
	assert_int_equal(lost[1], 290);
	/* the first record left on CPU 0 is map 204; the format's own fields (common_* not counted): 1 ret, 2 iova, 7 dur_ns */
	e = nth_rec(&fast, 0, 0);
	assert_int_equal(e->id, HYPEV_ID_smmu_map);
	assert_int_equal(e->ts, 1000 + 10 * 204);
	assert_int_equal(e->raw_size, 56);	/* the payload: 60 on the page less the 4-byte header */
	assert_int_equal(e->pid, -1);		/* no common_pid in EL2 formats */
	assert_int_equal(e->val[2], 204 << 12);
	assert_int_equal(e->val[7], 304);
	e = nth_rec(&fast, 0, 1);		/* map 205: ret -1, sign-extended */
	assert_int_equal(e->val[1], 0xffffffffffffffffULL);
	/* CPU 1: TLBI 290 first, then the large map, the TLBI after the padding, the map */
	e = nth_rec(&fast, 1, 0);
	assert_int_equal(e->id, HYPEV_ID_smmu_tlbi);
	assert_int_equal(e->ts, 1290);
	e = nth_rec(&fast, 1, 291);
	assert_int_equal(e->id, HYPEV_ID_smmu_map);
	assert_int_equal(e->ts, 5000000000ULL);
	assert_int_equal(e->raw_size, 144);	/* 152 less the header and array[0] */
	assert_int_equal(e->val[1], (uint64_t)-5);
	assert_int_equal(e->val[2], 0xa000);
	assert_int_equal(e->val[7], 777);
	e = nth_rec(&fast, 1, 292);
	assert_int_equal(e->id, HYPEV_ID_smmu_tlbi);
	assert_int_equal(e->ts, 5000000200ULL);
	e = nth_rec(&fast, 1, 293);
	assert_int_equal(e->ts, 6000000000ULL);
	assert_int_equal(e->val[7], 999);
	/* the two missed runs come first, CPU 0's then CPU 1's: pages load in CPU order */
	assert_true(fast.e[0].lost && fast.e[0].cpu == 0 && fast.e[0].n == 1);
	assert_true(fast.e[1].lost && fast.e[1].cpu == 1 && fast.e[1].n == 290);
}

/* A header_page with another layout (a 32-bit kernel's 4-byte commit): kbuffer. */
static void test_odd_header_page_falls_back(void **state)
{
	struct trace_rawdir *rd;
	char evdir[600];

	write_header_page_commit4(dir);
	snprintf(evdir, sizeof(evdir), "%s/events", dir);
	rd = trace_rawdir_open(dir, evdir, 2);
	assert_non_null(rd);
	assert_false(trace_rawdir_is_fast(rd));
	trace_rawdir_close(rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_order_missed_extend),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_fast_matches_kbuffer),
		cmocka_unit_test(test_odd_header_page_falls_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
