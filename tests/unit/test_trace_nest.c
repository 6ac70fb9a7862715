// SPDX-License-Identifier: GPL-2.0
/*
 * trace_nest: hand-built event sequences, each split worked out by hand in
 * the comment above it; the non-nesting cases counted per reason. Run twice:
 * EL2 ops through trace_nest_add(), then through trace_nest_add_el2_op().
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "hist.h"
#include "nest_int.h"

#define HS	TRACE_NEST_HOST_START
#define HE	TRACE_NEST_HOST_END
#define EN	TRACE_NEST_HYP_ENTER
#define EX	TRACE_NEST_HYP_EXIT
#define OP	TRACE_NEST_EL2_OP
#define SY	TRACE_NEST_SYNC
#define LO	TRACE_NEST_LOST
#define MAP	TRACE_NEST_OP_MAP
#define UNMAP	TRACE_NEST_OP_UNMAP

/* >= 0: add() takes only the events of that source (a session decodes one at a time) */
static int only_src = -1;
/* the second run of every test: EL2 ops through trace_nest_add_el2_op(), as decoders feed them */
static bool el2_direct;

static void add(struct trace_nest *n, int cpu, unsigned char kind, uint64_t ts, uint64_t dur,
		uint64_t wait, unsigned char op, uint32_t res, unsigned char src)
{
	struct trace_nest_ev e = { .ts_ns = ts, .dur_ns = dur, .wait_ns = wait, .res_ns = res,
				   .cpu = cpu, .kind = kind, .op = op, .src = src };

	if (only_src >= 0 && src != only_src)
		return;
	if (el2_direct && kind == OP && !op)
		assert_int_equal(trace_nest_add_el2_op(n, cpu, src, ts, dur, wait, res), 0);
	else
		assert_int_equal(trace_nest_add(n, &e), 0);
}

/* host events from source 0 (ns), EL2 events from source 1 */
#define H(n, k, ts, op)			add(n, 0, k, ts, 0, 0, op, 1, 0)
#define E(n, k, ts, dur, wait)		add(n, 0, k, ts, dur, wait, 0, 1, 1)

static uint64_t sum_of(struct trace_nest *n, int op, int part)
{
	return trace_hist_sum(trace_nest_hist(n, op, part));
}

static uint64_t count_of(struct trace_nest *n, int op, int part)
{
	return trace_hist_count(trace_nest_hist(n, op, part));
}

static void assert_split(struct trace_nest *n, int op, uint64_t el1, uint64_t trans,
			 uint64_t el2, uint64_t wait, uint64_t total)
{
	assert_int_equal(sum_of(n, op, TRACE_NEST_EL1), el1);
	assert_int_equal(sum_of(n, op, TRACE_NEST_TRANSITION), trans);
	assert_int_equal(sum_of(n, op, TRACE_NEST_EL2), el2);
	assert_int_equal(sum_of(n, op, TRACE_NEST_SMMU_WAIT), wait);
	assert_int_equal(sum_of(n, op, TRACE_NEST_TOTAL), total);
}

static void assert_nothing_unnested(struct trace_nest *n)
{
	unsigned int r;

	for (r = 0; r < TRACE_NEST_NR_REASONS; r++)
		assert_int_equal(trace_nest_unnested(n, r), 0);
}

/*
 * paravirt unmap: host 1000..2000, hyp 1100..1750, sync wait 200, smmu_unmap
 * ends at 1700 after 500 ns (starts at 1200).
 *   total 1000; hyp 650 -> el1 350; transition 650 - 500 = 150 (1100..1200
 *   and 1700..1750); el2 500 - 200 = 300; smmu_wait 200. 350+150+300+200 = 1000.
 */
static void test_paravirt_unmap(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	H(n, HS, 1000, UNMAP);
	E(n, EN, 1100, 0, 0);
	E(n, SY, 1500, 0, 200);
	E(n, OP, 1700, 500, 0);
	E(n, EX, 1750, 0, 0);
	H(n, HE, 2000, UNMAP);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, UNMAP, 350, 150, 300, 200, 1000);
	assert_int_equal(count_of(n, UNMAP, TRACE_NEST_EL1), 1);
	assert_int_equal(count_of(n, MAP, TRACE_NEST_TOTAL), 0);
	assert_int_equal(trace_nest_residual_ns(n), 0);
	assert_int_equal(trace_nest_res_ns(n), 1);
	assert_nothing_unnested(n);
	trace_nest_free(n);
}

/*
 * nested unmap, two traps in one host op 0..10000:
 *   hyp 1000..1400 around smmu_mmio_trap (ends 1350, 300 ns);
 *   hyp 5000..6000 around a sync (wait 400) and smmu_cmdq_trap (ends 5900,
 *   800 ns, its own wait_ns 400: the sync's figure, taken once).
 *   hyp 400 + 1000 = 1400 -> el1 8600; transition 100 + 200 = 300;
 *   el2 300 + 400 = 700; wait 400. Sum 10000.
 * A second op 20000..21000 whose cmdq_trap (ends 20500, 300 ns, wait_ns
 * 100) has no sync event: its own wait_ns counts. hyp 20100..20600:
 *   el1 500; transition 200; el2 200; wait 100.
 */
static void test_nested_traps(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	H(n, HS, 0, UNMAP);
	E(n, EN, 1000, 0, 0);
	E(n, OP, 1350, 300, 0);
	E(n, EX, 1400, 0, 0);
	E(n, EN, 5000, 0, 0);
	E(n, SY, 5800, 0, 400);
	E(n, OP, 5900, 800, 400);
	E(n, EX, 6000, 0, 0);
	H(n, HE, 10000, UNMAP);
	H(n, HS, 20000, UNMAP);
	E(n, EN, 20100, 0, 0);
	E(n, OP, 20500, 300, 100);
	E(n, EX, 20600, 0, 0);
	H(n, HE, 21000, UNMAP);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, UNMAP, 8600 + 500, 300 + 200, 700 + 200, 400 + 100, 11000);
	assert_int_equal(count_of(n, UNMAP, TRACE_NEST_TOTAL), 2);
	/* nearest rank of two samples: p50 is the smaller, p99 the larger */
	assert_int_equal(trace_hist_percentile(trace_nest_hist(n, UNMAP, TRACE_NEST_SMMU_WAIT),
					       50), 100);
	assert_nothing_unnested(n);
	trace_nest_free(n);
}

/* native map: a host op with nothing at EL2 is all EL1 (300 ns). */
static void test_native(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	H(n, HS, 100, MAP);
	H(n, HE, 400, MAP);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, MAP, 300, 0, 0, 0, 300);
	assert_nothing_unnested(n);
	trace_nest_free(n);
}

/*
 * A text remote (us timestamps, res 1000): hyp_enter, smmu_map (370 ns)
 * and hyp_exit all print 2000000; the host (ns) 1999500..2000900. The hyp
 * interval reads 0 < 370: within the resolution, so the op's dur_ns is the
 * interval. hyp 370 -> el1 1400 - 370 = 1030; transition 0; el2 370.
 * The host events arrive after the EL2 ones and tie nowhere here.
 */
static void test_coarse_clock(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	add(n, 0, EN, 2000000, 0, 0, 0, 1000, 1);
	add(n, 0, OP, 2000000, 370, 0, 0, 1000, 1);
	add(n, 0, EX, 2000000, 0, 0, 0, 1000, 1);
	H(n, HS, 1999500, MAP);
	H(n, HE, 2000900, MAP);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, MAP, 1030, 0, 370, 0, 1400);
	assert_int_equal(trace_nest_res_ns(n), 1000);
	assert_nothing_unnested(n);
	trace_nest_free(n);
}

/*
 * Ties between sources: host entry and hyp_enter both at 1000, hyp_exit and
 * host return both at 2000, the EL2 source decoded first. The host entry
 * goes first, its return last: total 1000, hyp 1000, op 900 ->
 * el1 0, transition 100, el2 900.
 */
static void test_ties_across_sources(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	E(n, EN, 1000, 0, 0);
	E(n, OP, 2000, 900, 0);
	E(n, EX, 2000, 0, 0);
	H(n, HS, 1000, MAP);
	H(n, HE, 2000, MAP);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, MAP, 0, 100, 900, 0, 1000);
	assert_nothing_unnested(n);
	trace_nest_free(n);
}

/*
 * Every way of not nesting, each case on its own CPU, each counted once;
 * the host ops they touch are excluded, the good ones kept.
 */
#define C(n, cpu, k, ts, dur, wait, op)	add(n, cpu, k, ts, dur, wait, op, 1, (k) <= HE ? 0 : 1)

static void unnested_events(struct trace_nest *n)
{
	/* cpu0: hyp_enter, an op, and no exit before the host returns (nor later) */
	C(n, 0, HS, 0, 0, 0, MAP);
	C(n, 0, EN, 100, 0, 0, 0);
	C(n, 0, OP, 300, 150, 0, 0);
	C(n, 0, HE, 500, 0, 0, MAP);
	/* cpu1: hyp_exit with no enter */
	C(n, 1, HS, 1000, 0, 0, MAP);
	C(n, 1, EX, 1100, 0, 0, 0);
	C(n, 1, HE, 1200, 0, 0, MAP);
	/* cpu2: host return with nothing open */
	C(n, 2, HE, 1300, 0, 0, MAP);
	/* cpu3: events lost (the gap 2050..2100) inside a host op */
	C(n, 3, HS, 2000, 0, 0, MAP);
	C(n, 3, LO, 2100, 50, 0, 0);
	C(n, 3, HE, 2200, 0, 0, MAP);
	/* cpu4: an EL2 op that began 400 ns before its hyp_enter (res 1 ns) */
	C(n, 4, HS, 3000, 0, 0, MAP);
	C(n, 4, EN, 3100, 0, 0, 0);
	C(n, 4, OP, 3200, 500, 0, 0);
	C(n, 4, EX, 3300, 0, 0, 0);
	C(n, 4, HE, 3400, 0, 0, MAP);
	/* cpu5: outside any interval: an EL2 op, a sync; a hyp interval in no host op */
	C(n, 5, OP, 4000, 10, 0, 0);
	C(n, 5, SY, 4100, 0, 5, 0);
	C(n, 5, EN, 5000, 0, 0, 0);
	C(n, 5, EX, 5100, 0, 0, 0);
	/* cpu6: a good map (100 ns EL1), then an unmap that never returns */
	C(n, 6, HS, 9000, 0, 0, MAP);
	C(n, 6, HE, 9100, 0, 0, MAP);
	C(n, 6, HS, 9500, 0, 0, UNMAP);
	/* cpu7: a good map of 3000 ns */
	C(n, 7, HS, 0, 0, 0, MAP);
	C(n, 7, HE, 3000, 0, 0, MAP);
	/* cpu8: a hyp interval across the host op's return */
	C(n, 8, HS, 0, 0, 0, MAP);
	C(n, 8, EN, 100, 0, 0, 0);
	C(n, 8, HE, 200, 0, 0, MAP);
	C(n, 8, EX, 300, 0, 0, 0);
	/*
	 * cpu9: two host maps 1000..1300 and 1400..1700 (ns); a text remote's
	 * hyp interval printed at 1 us (res 1000: truly in [1000, 2000)) fits
	 * in both: ambiguous, both left out.
	 */
	C(n, 9, HS, 1000, 0, 0, MAP);
	C(n, 9, HE, 1300, 0, 0, MAP);
	C(n, 9, HS, 1400, 0, 0, MAP);
	C(n, 9, HE, 1700, 0, 0, MAP);
	add(n, 9, EN, 1000, 0, 0, 0, 1000, 1);
	add(n, 9, OP, 1000, 50, 0, 0, 1000, 1);
	add(n, 9, EX, 1000, 0, 0, 0, 1000, 1);
}

static void unnested_check(struct trace_nest *n)
{
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_MISSING_HYP_EXIT), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_MISSING_HYP_ENTER), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_MISSING_HOST_START), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_MISSING_HOST_END), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_LOST_INSIDE), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_CLOCK_SKEW), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_EL2_OUTSIDE_HYP), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_SYNC_OUTSIDE_HYP), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_HYP_OUTSIDE_HOST), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_HYP_STRADDLES), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_AMBIGUOUS), 1);
	/* cpu0, 1, 3, 4, 8 and both of cpu9 */
	assert_int_equal(trace_nest_excluded(n, MAP), 7);
	assert_int_equal(trace_nest_excluded(n, UNMAP), 1);
	assert_int_equal(count_of(n, MAP, TRACE_NEST_TOTAL), 2);
	assert_split(n, MAP, 100 + 3000, 0, 0, 0, 3100);
}

static void test_unnested(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	unnested_events(n);
	assert_int_equal(trace_nest_finish(n), 0);
	unnested_check(n);
	trace_nest_free(n);
}

/*
 * The same events as a session decodes them when the host source comes
 * first: its events, then trace_nest_host_done(), then the EL2 source's,
 * matched as they close and not kept. The counts are the same.
 */
static void test_unnested_host_first(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	only_src = 0;
	unnested_events(n);
	trace_nest_host_done(n);
	only_src = 1;
	unnested_events(n);
	only_src = -1;
	assert_int_equal(trace_nest_finish(n), 0);
	unnested_check(n);
	trace_nest_free(n);
}

/*
 * Boundedness, by counts: after trace_nest_host_done() a million EL2 ops,
 * syncs and hyp intervals leave nothing kept but the one host op; before
 * it, each is kept (a point or an interval) for stage B.
 */
static void test_kept_bounded(void **state)
{
	struct trace_nest *n = trace_nest_new(), *m = trace_nest_new();
	unsigned int i;

	(void)state;
	assert_non_null(n);
	assert_non_null(m);
	H(n, HS, 0, MAP);
	H(n, HE, 100, MAP);
	trace_nest_host_done(n);
	for (i = 0; i < 1000000; i++) {
		E(n, OP, 1000 + 10ULL * i, 5, 0);
		E(m, OP, 1000 + 10ULL * i, 5, 0);
	}
	for (i = 0; i < 1000; i++) {
		E(n, EN, 20000000 + 10ULL * i, 0, 0);
		E(n, EX, 20000005 + 10ULL * i, 0, 0);
	}
	assert_int_equal(trace_nest_kept(n), 1);
	assert_int_equal(trace_nest_kept(m), 1000000);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_EL2_OUTSIDE_HYP), 1000000);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_HYP_OUTSIDE_HOST), 1000);
	assert_split(n, MAP, 100, 0, 0, 0, 100);
	trace_nest_free(n);
	trace_nest_free(m);
}

/* paravirt unmap with the host source first and the EL2 one matched as it comes */
static void test_paravirt_unmap_host_first(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	H(n, HS, 1000, UNMAP);
	H(n, HE, 2000, UNMAP);
	trace_nest_host_done(n);
	E(n, EN, 1100, 0, 0);
	E(n, SY, 1500, 0, 200);
	E(n, OP, 1700, 500, 0);
	E(n, EX, 1750, 0, 0);
	/* a map after it, with no host op: nothing to attach to */
	E(n, EN, 3000, 0, 0);
	E(n, EX, 3100, 0, 0);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, UNMAP, 350, 150, 300, 200, 1000);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_HYP_OUTSIDE_HOST), 1);
	trace_nest_free(n);
}

/*
 * A text remote (us) beside ns host ops far enough apart to tell: host
 * maps 10000..10800 and 20000..20900; hyp intervals printed 10 us .. 10 us
 * (a 300 ns smmu_map) and 20 us .. 20 us (400 ns). Each fits one op only:
 * el1 800 - 300 = 500 and 900 - 400 = 500; el2 700.
 */
static void test_coarse_apart(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	add(n, 0, EN, 10000, 0, 0, 0, 1000, 1);
	add(n, 0, OP, 10000, 300, 0, 0, 1000, 1);
	add(n, 0, EX, 10000, 0, 0, 0, 1000, 1);
	add(n, 0, EN, 20000, 0, 0, 0, 1000, 1);
	add(n, 0, OP, 20000, 400, 0, 0, 1000, 1);
	add(n, 0, EX, 20000, 0, 0, 0, 1000, 1);
	H(n, HS, 10000, MAP);
	H(n, HE, 10800, MAP);
	H(n, HS, 20000, MAP);
	H(n, HE, 20900, MAP);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, MAP, 1000, 0, 700, 0, 1700);
	assert_nothing_unnested(n);
	trace_nest_free(n);
}

static void test_json(void **state)
{
	struct trace_nest *n = trace_nest_new();
	struct json_object *o = NULL, *ops, *un, *m, *p, *v;

	(void)state;
	assert_non_null(n);
	H(n, HS, 1000, UNMAP);
	E(n, EN, 1100, 0, 0);
	E(n, SY, 1500, 0, 200);
	E(n, OP, 1700, 500, 0);
	E(n, EX, 1750, 0, 0);
	H(n, HE, 2000, UNMAP);
	H(n, HE, 2100, UNMAP);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_int_equal(trace_nest_to_json(n, &o), 0);
	assert_true(json_object_object_get_ex(o, "clock_resolution_ns", &v));
	assert_int_equal(json_object_get_uint64(v), 1);
	assert_true(json_object_object_get_ex(o, "unnested", &un));
	assert_true(json_object_object_get_ex(un, "missing_host_start", &v));
	assert_int_equal(json_object_get_uint64(v), 1);
	assert_true(json_object_object_get_ex(o, "ops", &ops));
	assert_true(json_object_object_get_ex(ops, "unmap", &m));
	assert_true(json_object_object_get_ex(m, "smmu_wait", &p));
	assert_true(json_object_object_get_ex(p, "sum", &v));
	assert_int_equal(json_object_get_uint64(v), 200);
	assert_true(json_object_object_get_ex(p, "p99", &v));
	assert_int_equal(json_object_get_uint64(v), 200);
	assert_true(json_object_object_get_ex(m, "transition", &p));
	assert_true(json_object_object_get_ex(p, "count", &v));
	assert_int_equal(json_object_get_uint64(v), 1);
	json_object_put(o);
	assert_string_equal(trace_nest_part_name(TRACE_NEST_SMMU_WAIT), "smmu_wait");
	assert_string_equal(trace_nest_reason_name(TRACE_NEST_CLOCK_SKEW), "clock_skew");
	trace_nest_free(n);
}

static void mark(struct trace_nest *n, int cpu, uint64_t ts, unsigned char m, uint64_t bytes)
{
	struct trace_nest_ev e = { .ts_ns = ts, .bytes = bytes, .res_ns = 1, .cpu = cpu,
				   .kind = TRACE_NEST_HOST_MARK, .mark = m, .src = 0 };

	assert_int_equal(trace_nest_add(n, &e), 0);
}

/*
 * native, the kernel's points as markers: map 100..400 holds iommu:map
 * (4096 bytes) and dma_map_page; map 500..600 holds an iommu:map of 8192;
 * unmap 700..1000 holds iommu:unmap (12288 unmapped) and no dma point;
 * a dma_unmap_page at 1100 lies in no host op. By hand: map 2 host ops,
 * 2 iommu points, 12288 bytes, 1 dma point, 0 without iommu, 1 without dma;
 * unmap 1 op, 1 iommu point, 12288 bytes, 0 dma, 1 without dma;
 * mark_outside_host 1, and the points change no time: map 300 + 100 el1.
 */
static void test_marks(void **state)
{
	struct trace_nest *n = trace_nest_new();
	struct json_object *o = NULL, *ops, *m, *v;
	const enum trace_nest_mark I = TRACE_NEST_MARK_IOMMU, D = TRACE_NEST_MARK_DMA;

	(void)state;
	assert_non_null(n);
	H(n, HS, 100, MAP);
	mark(n, 0, 200, I, 4096);
	mark(n, 0, 300, D, 0);
	H(n, HE, 400, MAP);
	H(n, HS, 500, MAP);
	mark(n, 0, 550, I, 8192);
	H(n, HE, 600, MAP);
	H(n, HS, 700, UNMAP);
	mark(n, 0, 800, I, 12288);
	H(n, HE, 1000, UNMAP);
	mark(n, 0, 1100, D, 0);
	assert_int_equal(trace_nest_finish(n), 0);
	assert_split(n, MAP, 400, 0, 0, 0, 400);
	assert_split(n, UNMAP, 300, 0, 0, 0, 300);
	assert_int_equal(trace_nest_host_ops(n, MAP), 2);
	assert_int_equal(trace_nest_marks(n, MAP, I), 2);
	assert_int_equal(trace_nest_mark_bytes(n, MAP), 12288);
	assert_int_equal(trace_nest_marks(n, MAP, D), 1);
	assert_int_equal(trace_nest_unmarked(n, MAP, I), 0);
	assert_int_equal(trace_nest_unmarked(n, MAP, D), 1);
	assert_int_equal(trace_nest_host_ops(n, UNMAP), 1);
	assert_int_equal(trace_nest_marks(n, UNMAP, I), 1);
	assert_int_equal(trace_nest_mark_bytes(n, UNMAP), 12288);
	assert_int_equal(trace_nest_marks(n, UNMAP, D), 0);
	assert_int_equal(trace_nest_unmarked(n, UNMAP, D), 1);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_MARK_OUTSIDE_HOST), 1);
	assert_int_equal(trace_nest_excluded(n, MAP) + trace_nest_excluded(n, UNMAP), 0);
	assert_int_equal(trace_nest_to_json(n, &o), 0);
	assert_true(json_object_object_get_ex(o, "ops", &ops));
	assert_true(json_object_object_get_ex(ops, "map", &m));
	assert_true(json_object_object_get_ex(m, "iommu_bytes", &v));
	assert_int_equal(json_object_get_uint64(v), 12288);
	assert_true(json_object_object_get_ex(m, "without_dma_point", &v));
	assert_int_equal(json_object_get_uint64(v), 1);
	assert_true(json_object_object_get_ex(m, "host_ops", &v));
	assert_int_equal(json_object_get_uint64(v), 2);
	json_object_put(o);
	assert_string_equal(trace_nest_mark_name(D), "dma");
	assert_string_equal(trace_nest_reason_name(TRACE_NEST_MARK_OUTSIDE_HOST),
			    "mark_outside_host");
	trace_nest_free(n);
}

/*
 * The resolution comes from EL2 ops too: hyp interval 100..300 at 1 ns holds
 * an op stamped at 1000 ns resolution, so the nesting's is 1000 ns. An op on
 * CPU 3, never seen before, lies in no hyp interval: el2_outside_hyp 1.
 */
static void test_el2_op_resolution(void **state)
{
	struct trace_nest *n = trace_nest_new();

	(void)state;
	assert_non_null(n);
	E(n, EN, 100, 0, 0);
	add(n, 0, OP, 200, 50, 0, 0, 1000, 1);
	E(n, EX, 300, 0, 0);
	add(n, 3, OP, 400, 50, 0, 0, 1, 1);
	assert_int_equal(trace_nest_res_ns(n), 1000);
	assert_int_equal(trace_nest_unnested(n, TRACE_NEST_EL2_OUTSIDE_HYP), 1);
	assert_int_equal(trace_nest_finish(n), 0);
	trace_nest_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paravirt_unmap),
		cmocka_unit_test(test_nested_traps),
		cmocka_unit_test(test_native),
		cmocka_unit_test(test_coarse_clock),
		cmocka_unit_test(test_ties_across_sources),
		cmocka_unit_test(test_unnested),
		cmocka_unit_test(test_unnested_host_first),
		cmocka_unit_test(test_paravirt_unmap_host_first),
		cmocka_unit_test(test_kept_bounded),
		cmocka_unit_test(test_coarse_apart),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_el2_op_resolution),
	};

	int failed = cmocka_run_group_tests_name("trace_nest_add", tests, NULL, NULL);

	/* the same hand-worked expectations: the direct EL2-op entry is no other rule */
	el2_direct = true;
	return failed + cmocka_run_group_tests_name("trace_nest_add_el2_op", tests, NULL, NULL);
}
