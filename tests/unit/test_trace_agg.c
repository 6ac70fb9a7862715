// SPDX-License-Identifier: GPL-2.0
/*
 * Op records -> histograms: the built-in pairs (block issue -> complete by
 * dev+sector, iommu map -> unmap by IOVA range, hyp_enter -> hyp_exit per
 * CPU and reason), a --pair spec matched per task, unmatched ends and
 * starts, and lost events travelling with the ops. Durations by hand.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hist.h"
#include "nest.h"
#include "trace_int.h"

static struct trace_evtype mk(const char *sys, const char *name, const char *f0,
			      const char *f1)
{
	struct trace_evtype t = { .system = (char *)sys, .name = (char *)name,
				  .pid_offset = -1 };

	if (f0)
		t.field[t.nr_fields++] = (char *)f0;
	if (f1)
		t.field[t.nr_fields++] = (char *)f1;
	return t;
}

static void feed(struct trace_agg *a, struct trace_evtype *t, int cpu, int pid,
		 uint64_t ts, uint64_t v0, uint64_t v1)
{
	struct trace_rec r = { .type = t, .cpu = cpu, .pid = pid, .ts_ns = ts };

	r.val[0] = v0;
	r.val[1] = v1;
	assert_int_equal(trace_agg_rec(a, &r), 0);
}

static const struct trace_op_stats *op_find(struct trace_agg *a, const char *name)
{
	unsigned int i;

	for (i = 0; i < trace_agg_nr_ops(a); i++)
		if (!strcmp(trace_agg_op(a, i)->name, name))
			return trace_agg_op(a, i);
	return NULL;
}

#define DEV_7_0	(7u << 20)	/* MKDEV(7, 0) inside the kernel */

/* long: one event stream through block, IOVA-range, hyp and --pair pairs, durations by hand */
static void test_pairs(void **state)
{
	const char *pairs[] = { "mylat=app:begin,app:end,pid", NULL };
	struct trace_opts o = { .pairs = pairs };
	struct trace_source src = { .spec = "test" };
	struct trace_evtype issue = mk("block", "block_rq_issue", "dev", "sector");
	struct trace_evtype done = mk("block", "block_rq_complete", "dev", "sector");
	struct trace_evtype map = mk("iommu", "map", "iova", "size");
	struct trace_evtype unmap = mk("iommu", "unmap", "iova", "size");
	struct trace_evtype enter = mk("hypervisor", "hyp_enter", "reason", "vcpu");
	struct trace_evtype leave = mk("hypervisor", "hyp_exit", "reason", "vcpu");
	struct trace_evtype begin = mk("app", "begin", NULL, NULL);
	struct trace_evtype end = mk("app", "end", NULL, NULL);
	const struct trace_op_stats *op;
	struct trace_agg *a = trace_agg_new(&o);

	assert_non_null(a);
	trace_agg_set_source(a, &src);

	/* two requests complete out of order; one completion never issued */
	feed(a, &issue, 0, -1, 1000, DEV_7_0, 100);
	feed(a, &issue, 1, -1, 1500, DEV_7_0, 200);
	feed(a, &done, 1, -1, 2500, DEV_7_0, 200);	/* 1000 ns */
	feed(a, &done, 0, -1, 4000, DEV_7_0, 100);	/* 3000 ns */
	feed(a, &done, 0, -1, 5000, DEV_7_0, 300);	/* unmatched */

	/* a 2-page unmap ends both 4K maps inside it: one lifetime, from the first */
	feed(a, &map, 0, -1, 100, 0x10000, 0x1000);
	feed(a, &map, 0, -1, 200, 0x11000, 0x1000);
	feed(a, &map, 0, -1, 300, 0x20000, 0x1000);
	feed(a, &unmap, 0, -1, 1100, 0x10000, 0x2000);	/* 1100 - 100 */
	feed(a, &unmap, 1, -1, 2300, 0x20000, 0x1000);	/* 2300 - 300 */
	feed(a, &unmap, 1, -1, 2400, 0x30000, 0x1000);	/* unmatched */
	feed(a, &map, 0, -1, 2500, 0x40000, 0x1000);	/* never unmapped */

	/* reason 4 = HYP_REASON_HOST_ABORT; per CPU */
	feed(a, &enter, 0, -1, 10, 4, 0);
	feed(a, &enter, 1, -1, 12, 1, 0);
	feed(a, &leave, 1, -1, 20, 1, 0);		/* hvc: 8 */
	feed(a, &leave, 0, -1, 25, 4, 0);		/* host_abort: 15 */

	/* per task */
	feed(a, &begin, 0, 5, 0, 0, 0);
	feed(a, &end, 1, 6, 5, 0, 0);			/* task 6 never began */
	feed(a, &end, 1, 5, 7, 0, 0);			/* 7 */

	trace_agg_lost(a, 1, 4);
	trace_agg_finish(a);

	op = op_find(a, "block_rq");
	assert_non_null(op);
	assert_int_equal(op->count, 2);
	assert_int_equal(trace_hist_min(op->hist), 1000);
	assert_int_equal(trace_hist_max(op->hist), 3000);
	assert_int_equal(op->unmatched, 1);
	assert_int_equal(op->lost, 4);
	op = op_find(a, "block_rq.7:0");
	assert_non_null(op);
	assert_int_equal(op->count, 2);
	assert_int_equal(trace_hist_count(op->cpu_hist[0]), 1);
	assert_int_equal(trace_hist_count(op->cpu_hist[1]), 1);
	op = op_find(a, "block:block_rq_issue");
	assert_non_null(op);
	assert_string_equal(op->unit, "events");
	assert_null(op->hist);
	assert_int_equal(op->count, 2);

	op = op_find(a, "iommu_map_life");
	assert_non_null(op);
	assert_int_equal(op->count, 2);
	assert_int_equal(trace_hist_min(op->hist), 1000);
	assert_int_equal(trace_hist_max(op->hist), 2000);
	assert_int_equal(op->unmatched, 2);

	op = op_find(a, "hyp_host_abort");
	assert_non_null(op);
	assert_int_equal(op->count, 1);
	assert_int_equal(trace_hist_min(op->hist), 15);
	op = op_find(a, "hyp_hvc");
	assert_non_null(op);
	assert_int_equal(trace_hist_min(op->hist), 8);

	op = op_find(a, "mylat");
	assert_non_null(op);
	assert_int_equal(op->count, 1);
	assert_int_equal(trace_hist_min(op->hist), 7);
	assert_int_equal(op->unmatched, 1);

	assert_int_equal(src.lost, 4);
	assert_int_equal(src.lost_cpu[1], 4);
	trace_agg_free(a);
}

#define DEV_8_16	((8u << 20) | 16)	/* MKDEV(8, 16) */

/*
 * block_rq under fio-like load: two reads of one sector in flight at once,
 * a requeued request issued again, a completion never issued, an issue
 * never completed. Worked out by hand:
 *   7:0  s100: issue 1000, issue 1200, complete 2000, complete 2600:
 *              two requests, oldest first: 1000 ns and 1400 ns
 *   8:16 s500: issue 3000, requeue 3100, issue 3500, complete 3900:
 *              one request, timed from its last issue: 400 ns
 *   8:16 s900: complete 4000 with no issue: unmatched on 8:16
 *   7:0  s700: issue 4100, never completed: unmatched on 7:0
 * block_rq: 3 pairs (400..1400 ns), 2 unmatched; 7:0: 2 pairs, 1
 * unmatched; 8:16: 1 pair, 1 unmatched; one block:block_rq_requeue event.
 */
static void test_block_collisions_requeue(void **state)
{
	struct trace_source src = { .spec = "test" };
	struct trace_evtype issue = mk("block", "block_rq_issue", "dev", "sector");
	struct trace_evtype done = mk("block", "block_rq_complete", "dev", "sector");
	struct trace_evtype requeue = mk("block", "block_rq_requeue", "dev", "sector");
	const struct trace_op_stats *op;
	struct trace_agg *a = trace_agg_new(NULL);

	assert_non_null(a);
	trace_agg_set_source(a, &src);
	feed(a, &issue, 0, -1, 1000, DEV_7_0, 100);
	feed(a, &issue, 1, -1, 1200, DEV_7_0, 100);
	feed(a, &done, 0, -1, 2000, DEV_7_0, 100);
	feed(a, &done, 1, -1, 2600, DEV_7_0, 100);
	feed(a, &issue, 0, -1, 3000, DEV_8_16, 500);
	feed(a, &requeue, 0, -1, 3100, DEV_8_16, 500);
	feed(a, &issue, 1, -1, 3500, DEV_8_16, 500);
	feed(a, &done, 1, -1, 3900, DEV_8_16, 500);
	feed(a, &done, 0, -1, 4000, DEV_8_16, 900);
	feed(a, &issue, 0, -1, 4100, DEV_7_0, 700);
	trace_agg_finish(a);

	op = op_find(a, "block_rq");
	assert_non_null(op);
	assert_int_equal(op->count, 3);
	assert_int_equal(trace_hist_min(op->hist), 400);
	assert_int_equal(trace_hist_max(op->hist), 1400);
	assert_int_equal(trace_hist_sum(op->hist), 1000 + 1400 + 400);
	assert_int_equal(op->unmatched, 2);
	op = op_find(a, "block_rq.7:0");
	assert_non_null(op);
	assert_int_equal(op->count, 2);
	assert_int_equal(trace_hist_sum(op->hist), 1000 + 1400);
	assert_int_equal(op->unmatched, 1);
	op = op_find(a, "block_rq.8:16");
	assert_non_null(op);
	assert_int_equal(op->count, 1);
	assert_int_equal(trace_hist_min(op->hist), 400);
	assert_int_equal(op->unmatched, 1);
	op = op_find(a, "block:block_rq_requeue");
	assert_non_null(op);
	assert_int_equal(op->count, 1);
	trace_agg_free(a);
}

/*
 * EL2 op records by the per-event path: smmu_map's dur_ns feeds op smmu_map
 * (ns) and pgcount smmu_map.pgcount (pages), per CPU; a record of no CPU
 * (-1) counts in the totals only and nests nothing. The expectations are
 * summed here from the values fed; every op carries the source's 5 lost
 * events; each op on a CPU lies in no hyp interval (el2_outside_hyp).
 */
static void test_el2_values(void **state)
{
	static const char *const fields[] = { "domain", "ret", "iova", "paddr", "pgsize",
					      "pgcount", "mapped", "dur_ns" };
	struct trace_evtype map = { .system = "hypervisor", .name = "smmu_map", .pid_offset = -1 };
	struct trace_source src = { .spec = "test" };
	uint64_t n[4] = { 0 }, sum = 0, pages = 0, min = UINT64_MAX, max = 0, v, pg;
	const struct trace_op_stats *op, *pop;
	struct trace_opts o = { 0 };
	struct trace_agg *a;
	struct trace_rec r;
	unsigned int i;
	int cpu;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		map.field[map.nr_fields++] = (char *)fields[i];
	a = trace_agg_new(&o);
	assert_non_null(a);
	assert_int_equal(trace_agg_set_source(a, &src), 0);
	trace_agg_host_ops_done(a);
	for (i = 0; i < 1000; i++) {
		cpu = i % 100 == 99 ? -1 : (int)(i % 3);
		v = 100 + (i * 37) % 5000;
		pg = 1 + i % 4;
		r = (struct trace_rec){ .type = &map, .cpu = cpu, .pid = -1,
					.ts_ns = 1000 * (i + 1) };
		r.val[5] = pg;
		r.val[7] = v;
		assert_int_equal(trace_agg_rec(a, &r), 0);
		n[cpu + 1]++;
		sum += v;
		pages += pg;
		min = v < min ? v : min;
		max = v > max ? v : max;
		if (i == 500)
			trace_agg_lost(a, 1, 5);
	}
	assert_int_equal(trace_agg_finish(a), 0);
	op = op_find(a, "smmu_map");
	pop = op_find(a, "smmu_map.pgcount");
	assert_non_null(op);
	assert_non_null(pop);
	assert_string_equal(op->unit, "ns");
	assert_string_equal(pop->unit, "pages");
	assert_int_equal(op->count, 1000);
	assert_int_equal(trace_hist_count(op->hist), 1000);
	assert_int_equal(trace_hist_sum(op->hist), sum);
	assert_int_equal(trace_hist_min(op->hist), min);
	assert_int_equal(trace_hist_max(op->hist), max);
	assert_int_equal(trace_hist_sum(pop->hist), pages);
	assert_int_equal(op->nr_cpus, 3);
	for (cpu = 0; cpu < 3; cpu++) {
		assert_int_equal(trace_hist_count(op->cpu_hist[cpu]), n[cpu + 1]);
		assert_int_equal(trace_hist_count(pop->cpu_hist[cpu]), n[cpu + 1]);
	}
	assert_int_equal(op->lost, 5);
	assert_int_equal(pop->lost, 5);
	assert_int_equal(src.lost, 5);
	assert_int_equal(src.lost_cpu[1], 5);
	assert_int_equal(trace_nest_unnested(trace_agg_nest(a), TRACE_NEST_EL2_OUTSIDE_HYP),
			 1000 - n[0]);
	assert_int_equal(src.ts_first, 1000);
	assert_int_equal(src.ts_last, 1000000);
	trace_agg_free(a);
}

/* An event at time 0 is the source's first: its span starts there, not at the next one. */
static void test_span_from_zero(void **state)
{
	struct trace_evtype t = mk("hypervisor", "smmu_sync", NULL, NULL);
	struct trace_source src = { .spec = "test" };
	struct trace_opts o = { 0 };
	struct trace_agg *a;

	(void)state;
	a = trace_agg_new(&o);
	assert_non_null(a);
	assert_int_equal(trace_agg_set_source(a, &src), 0);
	trace_agg_host_ops_done(a);
	feed(a, &t, 0, -1, 5000, 0, 0);
	feed(a, &t, 1, -1, 0, 0, 0);
	feed(a, &t, 0, -1, 7000, 0, 0);
	assert_int_equal(trace_agg_finish(a), 0);
	assert_int_equal(src.ts_first, 0);
	assert_int_equal(src.ts_last, 7000);
	trace_agg_free(a);
}

static void test_bad_pair(void **state)
{
	const char *pairs[] = { "nonsense", NULL };
	struct trace_opts o = { .pairs = pairs };

	errno = 0;
	assert_null(trace_agg_new(&o));
	assert_int_equal(errno, EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_block_collisions_requeue),
		cmocka_unit_test(test_el2_values),
		cmocka_unit_test(test_span_from_zero),
		cmocka_unit_test(test_bad_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
