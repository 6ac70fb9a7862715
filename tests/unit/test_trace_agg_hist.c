// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregated mode, collector side: smmu_hist records (one per non-empty
 * bucket of an EL2 histogram) land in the op the per-event path feeds,
 * bucket for bucket; what reached no bucket is lost, never dropped. The
 * bucket indices are worked out by hand from the layout (hypev_hist.h):
 * idx(v) = v below 128, else 128 + (e - 7) * 64 + (v >> (e - 6)) - 64.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hist.h"
#include "hypev_hist.h"
#include "trace_int.h"

static const char *const hist_fields[] = {
	"op", "cpu", "bucket", "count", "seq", "nr_buckets", "over", "total", "min", "max", "sum",
};

static struct trace_evtype hist_type(void)
{
	struct trace_evtype t = { .system = "hypervisor", .name = "smmu_hist", .pid_offset = -1 };
	unsigned int i;

	for (i = 0; i < sizeof(hist_fields) / sizeof(hist_fields[0]); i++)
		t.field[t.nr_fields++] = (char *)hist_fields[i];
	return t;
}

static const struct trace_op_stats *op_find(struct trace_agg *a, const char *name)
{
	unsigned int i;

	for (i = 0; i < trace_agg_nr_ops(a); i++)
		if (!strcmp(trace_agg_op(a, i)->name, name))
			return trace_agg_op(a, i);
	return NULL;
}

/* One smmu_hist record: op, EL2's cpu, bucket, count, seq, nr, over, total, min, max, sum. */
static void feed_hist(struct trace_agg *a, struct trace_evtype *t, const uint64_t v[11])
{
	struct trace_rec r = { .type = t, .cpu = 0, .pid = -1, .ts_ns = 1000 };

	memcpy(r.val, v, 11 * sizeof(v[0]));
	assert_int_equal(trace_agg_rec(a, &r), 0);
}

/* The hand-worked buckets of 53, 53, 130, 131, 640 (see the header comment). */
static void test_index_by_hand(void **state)
{
	uint64_t lo, hi;

	assert_int_equal(hypev_hist_index(53), 53);
	assert_int_equal(hypev_hist_index(127), 127);
	assert_int_equal(hypev_hist_index(128), 128);
	assert_int_equal(hypev_hist_index(129), 128);
	assert_int_equal(hypev_hist_index(130), 129);
	assert_int_equal(hypev_hist_index(131), 129);
	assert_int_equal(hypev_hist_index(256), 192);
	assert_int_equal(hypev_hist_index(640), 272);	/* e = 9: 128 + 128 + 80 - 64 */
	hypev_hist_bounds(272, &lo, &hi);
	assert_int_equal(lo, 640);
	assert_int_equal(hi, 647);
	/* the last bucket EL2 keeps ends just below 2^32; the collector's at 2^64 - 1 */
	hypev_hist_bounds(HYPEV_HIST_EL2_BUCKETS - 1, &lo, &hi);
	assert_int_equal(hi, 0xffffffffULL);
	hypev_hist_bounds(HYPEV_HIST_NR_BUCKETS - 1, &lo, &hi);
	assert_true(hi == UINT64_MAX);
}

/* EL2's update: exact summary, one bucket per value, out-of-range values in over. */
static void test_el2_update(void **state)
{
	struct hypev_hist *h = calloc(1, sizeof(*h));
	int b;

	assert_non_null(h);
	hypev_hist_add(h, 640);
	hypev_hist_add(h, 53);
	hypev_hist_add(h, 53);
	hypev_hist_add(h, 1ULL << 32);		/* 4.29 s: beyond EL2's range */
	assert_int_equal(h->count, 4);
	assert_int_equal(h->min, 53);
	assert_int_equal(h->max, 1ULL << 32);
	assert_int_equal(h->sum, 746 + (1ULL << 32));
	assert_int_equal(h->over, 1);
	assert_int_equal(h->nr_used, 2);
	b = hypev_hist_next(h, -1);
	assert_int_equal(b, 53);
	assert_int_equal(h->buckets[b], 2);
	b = hypev_hist_next(h, b);
	assert_int_equal(b, 272);
	assert_int_equal(hypev_hist_next(h, b), -1);
	free(h);
}

/* Per-event smmu_map values and their readout give the same histogram. */
static void test_merge_equals_per_event(void **state)
{
	static const uint64_t vals[] = { 53, 640, 130, 53, 131 };
	struct trace_source s1 = { .spec = "per-event" }, s2 = { .spec = "hist" };
	struct trace_evtype map = { .system = "hypervisor", .name = "smmu_map", .pid_offset = -1 };
	struct trace_evtype ht = hist_type();
	struct trace_opts o = { 0 };
	struct trace_agg *ev = trace_agg_new(&o), *hi = trace_agg_new(&o);
	const struct trace_op_stats *a, *b;
	unsigned int i;

	assert_non_null(ev);
	assert_non_null(hi);
	map.field[map.nr_fields++] = "dur_ns";
	trace_agg_set_source(ev, &s1);
	trace_agg_set_source(hi, &s2);
	for (i = 0; i < 5; i++) {
		struct trace_rec r = { .type = &map, .cpu = 2, .pid = -1, .ts_ns = 100 * i };

		r.val[0] = vals[i];
		assert_int_equal(trace_agg_rec(ev, &r), 0);
	}
	/* EL2 of cpu2: 3 buckets; count 5, min 53, max 640, sum 1007 */
	feed_hist(hi, &ht, (uint64_t[11]){ HYPEV_HIST_map, 2, 53, 2, 0, 3, 0, 5, 53, 640, 1007 });
	feed_hist(hi, &ht, (uint64_t[11]){ HYPEV_HIST_map, 2, 129, 2, 1, 3, 0, 5, 53, 640, 1007 });
	feed_hist(hi, &ht, (uint64_t[11]){ HYPEV_HIST_map, 2, 272, 1, 2, 3, 0, 5, 53, 640, 1007 });
	assert_int_equal(trace_agg_finish(ev), 0);
	assert_int_equal(trace_agg_finish(hi), 0);
	a = op_find(ev, "smmu_map");
	b = op_find(hi, "smmu_map");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(b->unit, "ns");
	assert_int_equal(b->count, 5);
	assert_int_equal(b->nr_cpus, 3);		/* cpu2's histogram */
	assert_int_equal(trace_hist_count(b->hist), 5);
	assert_int_equal(trace_hist_min(b->hist), 53);
	assert_int_equal(trace_hist_max(b->hist), 640);
	assert_int_equal(trace_hist_sum(b->hist), 1007);
	/* rank 3 of 5 is in [130, 131]: its midpoint */
	assert_int_equal(trace_hist_percentile(b->hist, 50), 130);
	assert_int_equal(trace_hist_percentile(b->hist, 99), 640);
	for (i = 0; i <= 1000; i++)
		assert_int_equal(trace_hist_percentile(a->hist, i / 10.0),
				 trace_hist_percentile(b->hist, i / 10.0));
	assert_int_equal(trace_hist_nr_buckets(b->hist), 3);
	assert_int_equal(s2.lost, 0);
	/* no per-event batch op is made from the readout records */
	assert_null(op_find(hi, "smmu_hist.count"));
	assert_null(op_find(hi, "hypervisor:smmu_hist"));
	trace_agg_free(ev);
	trace_agg_free(hi);
}

/* A tlbi readout feeds smmu_tlbi.range_pages; missing samples are lost events of the CPU. */
static void test_lost_and_over(void **state)
{
	struct trace_source s = { .spec = "hist" };
	struct trace_evtype ht = hist_type();
	struct trace_opts o = { 0 };
	struct trace_agg *a = trace_agg_new(&o);
	const struct trace_op_stats *op;

	assert_non_null(a);
	trace_agg_set_source(a, &s);
	/* 10 TLBIs: 7 of 1 page, 2 of 256 pages, 1 value EL2 could not bin */
	feed_hist(a, &ht, (uint64_t[11]){ HYPEV_HIST_tlbi, 1, 1, 7, 0, 2, 1, 10, 1, 256, 1000 });
	feed_hist(a, &ht, (uint64_t[11]){ HYPEV_HIST_tlbi, 1, 192, 2, 1, 2, 1, 10, 1, 256, 1000 });
	/* the readout of cpu3's unmaps announces 4 values; its only record with 3 came */
	feed_hist(a, &ht, (uint64_t[11]){ HYPEV_HIST_unmap, 3, 100, 3, 0, 2, 0, 4, 100, 900, 1200 });
	/* an op this layout does not know */
	feed_hist(a, &ht, (uint64_t[11]){ 99, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1 });
	assert_int_equal(trace_agg_finish(a), 0);
	op = op_find(a, "smmu_tlbi.range_pages");
	assert_non_null(op);
	assert_string_equal(op->unit, "pages");
	assert_int_equal(trace_hist_count(op->hist), 9);
	assert_int_equal(trace_hist_percentile(op->hist, 90), 256);	/* rank 9: [256, 259], clamped to max */
	/* 1 over + 1 missing unmap + 1 unknown record */
	assert_int_equal(s.lost, 3);
	assert_int_equal(s.lost_cpu[1], 1);
	assert_int_equal(s.lost_cpu[3], 1);
	assert_int_equal(op->lost, 3);		/* an op carries its source's losses */
	trace_agg_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_by_hand),
		cmocka_unit_test(test_el2_update),
		cmocka_unit_test(test_merge_equals_per_event),
		cmocka_unit_test(test_lost_and_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
