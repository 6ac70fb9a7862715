/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace/iova_index.c: the open starts of IOVA-range pairs (iommu:map ->
 * iommu:unmap), ordered by {pair, start IOVA}, so that an unmap finds the
 * maps it covers in O(log n + k) instead of scanning every open map.
 */
#ifndef TRACE_IOVA_INDEX_H
#define TRACE_IOVA_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct iova_index;

struct iova_index *iova_index_new(void);
void iova_index_free(struct iova_index *x);
/* A map of pair at IOVA start at time ts; several may share a start. 0 or -ENOMEM */
int iova_index_add(struct iova_index *x, unsigned int pair, uint64_t start, uint64_t ts);
/*
 * Removes every map of pair whose start lies in [lo, lo + size) (to the
 * top of the IOVA space when that overflows) and returns how many;
 * *first_ts gets the oldest one's ts when any.
 */
size_t iova_index_take(struct iova_index *x, unsigned int pair, uint64_t lo, uint64_t size,
		       uint64_t *first_ts);
size_t iova_index_count(const struct iova_index *x);
/* Calls fn for every map left, in {pair, start} order, then empties x. */
void iova_index_drain(struct iova_index *x,
		      void (*fn)(void *ctx, unsigned int pair, uint64_t start, uint64_t ts),
		      void *ctx);

#endif
