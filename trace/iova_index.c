// SPDX-License-Identifier: GPL-2.0
/*
 * An interval index of open IOVA maps: a treap (a binary search tree keyed
 * by {pair, start} whose nodes also form a heap on a pseudo-random
 * priority, so its depth stays O(log n) whatever order maps come in).
 * Every operation is a split or a merge: an unmap of [lo, lo + size)
 * splits the maps it covers off as one subtree, walks it and merges the
 * two other parts back. Nodes live in one array, linked by index (0 is
 * the empty tree), freed ones on a free list.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "iova_index.h"

struct iova_node {
	uint64_t start, ts;
	uint32_t pair, prio;
	uint32_t l, r;			/* children; l links the free list */
};

struct iova_index {
	struct iova_node *n;		/* n[0] unused: index 0 is "none" */
	uint32_t nr, cap, root, free;
	uint32_t rng;			/* xorshift32 state for the priorities */
	size_t count;
};

/* A bound {pair, start}: pair is 64 bit so that "the next pair" never wraps. */
struct iova_key {
	uint64_t pair, start;
};

struct iova_index *iova_index_new(void)
{
	struct iova_index *x = calloc(1, sizeof(*x));

	if (x)
		x->rng = 2463534242u;
	return x;
}

void iova_index_free(struct iova_index *x)
{
	if (!x)
		return;
	free(x->n);
	free(x);
}

static bool node_below(const struct iova_node *n, struct iova_key k)
{
	return n->pair < k.pair || (n->pair == k.pair && n->start < k.start);
}

/* t -> *a (keys below k), *b (the others) */
static void split(struct iova_index *x, uint32_t t, struct iova_key k, uint32_t *a,
		  uint32_t *b)
{
	if (!t) {
		*a = *b = 0;
		return;
	}
	if (node_below(&x->n[t], k)) {
		*a = t;
		split(x, x->n[t].r, k, &x->n[t].r, b);
	} else {
		*b = t;
		split(x, x->n[t].l, k, a, &x->n[t].l);
	}
}

/* Every key of a is below every key of b. */
static uint32_t merge(struct iova_index *x, uint32_t a, uint32_t b)
{
	if (!a || !b)
		return a ? a : b;
	if (x->n[a].prio > x->n[b].prio) {
		x->n[a].r = merge(x, x->n[a].r, b);
		return a;
	}
	x->n[b].l = merge(x, a, x->n[b].l);
	return b;
}

static uint32_t node_alloc(struct iova_index *x)
{
	struct iova_node *n;
	uint32_t i, cap;

	if (x->free) {
		i = x->free;
		x->free = x->n[i].l;
		return i;
	}
	if (!x->nr)
		x->nr = 1;
	if (x->nr >= x->cap) {
		cap = x->cap ? x->cap * 2 : 64;
		n = realloc(x->n, (size_t)cap * sizeof(*n));
		if (!n)
			return 0;
		x->n = n;
		x->cap = cap;
	}
	return x->nr++;
}

int iova_index_add(struct iova_index *x, unsigned int pair, uint64_t start, uint64_t ts)
{
	struct iova_key k = { pair, start };
	uint32_t i = node_alloc(x), a, b;

	if (!i)
		return -ENOMEM;
	x->rng ^= x->rng << 13;
	x->rng ^= x->rng >> 17;
	x->rng ^= x->rng << 5;
	x->n[i] = (struct iova_node){ .start = start, .ts = ts, .pair = pair, .prio = x->rng };
	split(x, x->root, k, &a, &b);
	x->root = merge(x, merge(x, a, i), b);
	x->count++;
	return 0;
}

/* Frees subtree t onto the free list; *first = min(*first, its ts). */
static size_t subtree_take(struct iova_index *x, uint32_t t, uint64_t *first)
{
	size_t n;

	if (!t)
		return 0;
	n = 1 + subtree_take(x, x->n[t].l, first) + subtree_take(x, x->n[t].r, first);
	if (x->n[t].ts < *first)
		*first = x->n[t].ts;
	x->n[t].l = x->free;
	x->free = t;
	return n;
}

size_t iova_index_take(struct iova_index *x, unsigned int pair, uint64_t lo, uint64_t size,
		       uint64_t *first_ts)
{
	struct iova_key from = { pair, lo }, to = { pair, lo + size };
	uint64_t first = UINT64_MAX;
	uint32_t a, m, b;
	size_t n;

	if (!size)
		return 0;
	if (lo + size < lo)
		to = (struct iova_key){ (uint64_t)pair + 1, 0 };
	split(x, x->root, from, &a, &m);
	split(x, m, to, &m, &b);
	n = subtree_take(x, m, &first);
	x->root = merge(x, a, b);
	x->count -= n;
	if (n)
		*first_ts = first;
	return n;
}

size_t iova_index_count(const struct iova_index *x)
{
	return x->count;
}

static void walk(const struct iova_index *x, uint32_t t,
		 void (*fn)(void *ctx, unsigned int pair, uint64_t start, uint64_t ts), void *ctx)
{
	if (!t)
		return;
	walk(x, x->n[t].l, fn, ctx);
	fn(ctx, x->n[t].pair, x->n[t].start, x->n[t].ts);
	walk(x, x->n[t].r, fn, ctx);
}

void iova_index_drain(struct iova_index *x,
		      void (*fn)(void *ctx, unsigned int pair, uint64_t start, uint64_t ts),
		      void *ctx)
{
	walk(x, x->root, fn, ctx);
	x->root = x->free = 0;
	x->nr = 0;
	x->count = 0;
}
