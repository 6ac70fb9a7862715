/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-EL2 aggregation: a per-CPU log-linear histogram per EL2 op, kept by the
 * hypervisor instead of writing one event per op, read out as smmu_hist
 * events at the end of a collection window (hyp-instrumentation/README.md,
 * "Aggregated mode").
 *
 * ONE bucket layout for EL2 and the collector: trace/hist.c takes its
 * bucket index and bounds from here, so a bucket EL2 fills is the bucket
 * the collector would have filled from the per-event value; the collector
 * adds the counts without re-binning. Layout: values below 128 have a
 * bucket each; above, each power of two [2^e, 2^(e+1)) is split into 64
 * equal buckets (width <= 1/64 of the lower bound). Index of v >= 128:
 *   e = 63 - clz(v);  idx = 128 + (e - 7) * 64 + (v >> (e - 6)) - 64
 * e.g. 129 -> 128 ([128, 129]), 130 -> 129, 256 -> 192 ([256, 259]).
 *
 * Freestanding: no libc, no floats, no division in the update (a clz, a
 * shift, adds and two compares), so it builds into the nVHE hypervisor. The
 * kernel patch carries this file verbatim as
 * arch/arm64/kvm/hyp/include/nvhe/smmu_hist.h (kernel-patches/check.sh
 * compares them byte for byte).
 */
#ifndef HYPEV_HIST_H
#define HYPEV_HIST_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "hypev_types.h"
#endif

#define HYPEV_HIST_SUB_BITS	6			/* 64 buckets per power of two */
#define HYPEV_HIST_SUB		(1u << HYPEV_HIST_SUB_BITS)
#define HYPEV_HIST_LINEAR	(2 * HYPEV_HIST_SUB)	/* 0..127: one bucket per unit */
/* the collector's range: octaves 2^7 .. 2^63, the whole u64 */
#define HYPEV_HIST_NR_BUCKETS	(HYPEV_HIST_LINEAR + (63 - HYPEV_HIST_SUB_BITS) * HYPEV_HIST_SUB)
/*
 * EL2 keeps the first buckets of the same layout only: values below 2^32
 * (4.29 s in ns; an EL2 op runs with interrupts masked, milliseconds at
 * most). A value at or above it, or an add to a full (2^32 - 1) bucket, is
 * counted in `over` and in count/min/max/sum, never binned; the collector
 * reports it as lost, never drops it silently.
 */
#define HYPEV_HIST_EL2_LOG2_MAX	32
#define HYPEV_HIST_EL2_BUCKETS	(HYPEV_HIST_LINEAR + \
				 (HYPEV_HIST_EL2_LOG2_MAX - HYPEV_HIST_SUB_BITS - 1) * HYPEV_HIST_SUB)

/*
 * HYPEV_HIST_OPS(H): H(op, event, field): the ops EL2 aggregates, each the
 * value of one field of one event of hypev_table.h (the collector files
 * it under the op name the per-event path gives that field). The order is
 * the ABI: smmu_hist.op carries the index.
 */
#define HYPEV_HIST_OPS(H)						\
	H(map,       smmu_map,       dur_ns)				\
	H(unmap,     smmu_unmap,     dur_ns)				\
	H(map_sg,    smmu_map_sg,    dur_ns)				\
	H(tlbi,      smmu_tlbi,      range_pages)			\
	H(sync,      smmu_sync,      wait_ns)				\
	H(cmdq_trap, smmu_cmdq_trap, dur_ns)				\
	H(cmdq_wait, smmu_cmdq_trap, wait_ns)				\
	H(mmio_trap, smmu_mmio_trap, dur_ns)				\
	H(ste,       smmu_ste,       dur_ns)				\
	H(s2_idmap,  smmu_s2_idmap,  dur_ns)

enum hypev_hist_op {
#define HYPEV_HIST_OP_ENUM(op, event, field) HYPEV_HIST_##op,
	HYPEV_HIST_OPS(HYPEV_HIST_OP_ENUM)
#undef HYPEV_HIST_OP_ENUM
	HYPEV_HIST_NR_OPS
};

/* How EL2 reports its ops (a boot or window knob of the EL2 code). */
enum hypev_hist_mode {
	HYPEV_MODE_PER_EVENT = 0,	/* one event per op (the default) */
	HYPEV_MODE_HIST = 1,		/* bucket update per op, smmu_hist at readout */
	HYPEV_MODE_OFF = 2,		/* neither */
};

/* One op's histogram on one CPU: zeroed memory is an empty histogram. */
struct hypev_hist {
	u64 count;			/* every value added, over included */
	u64 min, max, sum;		/* exact, in the field's unit */
	u32 over;			/* values counted but not binned (see above) */
	u32 nr_used;			/* non-empty buckets */
	u32 buckets[HYPEV_HIST_EL2_BUCKETS];
};

/* The bucket of v in the shared layout (0 .. HYPEV_HIST_NR_BUCKETS - 1). */
static inline unsigned int hypev_hist_index(u64 v)
{
	unsigned int e;

	if (v < HYPEV_HIST_LINEAR)
		return (unsigned int)v;
	e = 63 - __builtin_clzll(v);		/* e >= 7 */
	return HYPEV_HIST_LINEAR + ((e - HYPEV_HIST_SUB_BITS - 1) << HYPEV_HIST_SUB_BITS) +
	       (unsigned int)((v >> (e - HYPEV_HIST_SUB_BITS)) - HYPEV_HIST_SUB);
}

/* Inclusive bounds of bucket idx (< HYPEV_HIST_NR_BUCKETS). */
static inline void hypev_hist_bounds(unsigned int idx, u64 *lo, u64 *hi)
{
	unsigned int e, sub;

	if (idx < HYPEV_HIST_LINEAR) {
		*lo = *hi = idx;
		return;
	}
	e = ((idx - HYPEV_HIST_LINEAR) >> HYPEV_HIST_SUB_BITS) + HYPEV_HIST_SUB_BITS + 1;
	sub = (idx - HYPEV_HIST_LINEAR) & (HYPEV_HIST_SUB - 1);
	*lo = (u64)(HYPEV_HIST_SUB + sub) << (e - HYPEV_HIST_SUB_BITS);
	*hi = *lo + ((1ULL << (e - HYPEV_HIST_SUB_BITS)) - 1);
}

/*
 * The per-op update at EL2, in place of an event write. The caller owns h
 * (its CPU's, with EL2 not preemptible): no atomics.
 */
static inline void hypev_hist_add(struct hypev_hist *h, u64 v)
{
	unsigned int idx = hypev_hist_index(v);

	if (!h->count || v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count++;
	h->sum += v;
	if (idx < HYPEV_HIST_EL2_BUCKETS && h->buckets[idx] != 0xffffffffu) {
		h->nr_used += !h->buckets[idx];
		h->buckets[idx]++;
	} else {
		h->over++;
	}
}

/* The next non-empty bucket after prev (-1 to start), or -1 at the end. */
static inline int hypev_hist_next(const struct hypev_hist *h, int prev)
{
	unsigned int i;

	for (i = (unsigned int)(prev + 1); i < HYPEV_HIST_EL2_BUCKETS; i++)
		if (h->buckets[i])
			return (int)i;
	return -1;
}

#endif
