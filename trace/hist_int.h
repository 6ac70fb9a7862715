/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace_hist's layout, private to trace/: hist.c, and the aggregator's
 * per-event path, which adds a value without a call (agg_int.h). Everyone
 * else goes through hist.h.
 */
#ifndef TRACE_HIST_INT_H
#define TRACE_HIST_INT_H

#include <stdint.h>

#include "hist.h"
#include "hypev_hist.h"

/* the layout EL2 bins into too (aggregated mode): hypev_hist.h */
#define HIST_NR		HYPEV_HIST_NR_BUCKETS
#define HIST_WORDS	((HIST_NR + 63) / 64)

struct trace_hist {
	uint64_t count, min, max, sum;
	uint64_t used[HIST_WORDS];		/* bitmap of non-empty buckets */
	uint64_t buckets[HIST_NR];
};

/* trace_hist_add_n(h, v, 1), spelled out: the collector's per-event path */
static inline void trace_hist_add_one(struct trace_hist *h, uint64_t v)
{
	unsigned int idx = hypev_hist_index(v);

	if (!h->buckets[idx]++)
		h->used[idx / 64] |= 1ULL << (idx % 64);
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

#endif
