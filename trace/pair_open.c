// SPDX-License-Identifier: GPL-2.0
/*
 * The open starts of the key-matched pairs: a hash table (open addressing,
 * linear probing) from {pair, key...} to the oldest start not yet ended,
 * plus, for PAIR_MULTI pairs, the later ones queued behind it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agg_int.h"

static uint64_t key_hash(const uint64_t *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	unsigned int i;

	for (i = 0; i < AGG_MAX_KEYS + 1; i++) {
		h ^= k[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
	}
	return h;
}

/* Rehashes the used entries (dropping the deleted ones) into a bigger table. */
static int open_grow(struct agg_open *t)
{
	struct open_ent *old = t->ent;
	size_t i, cap = t->cap, ncap = 64;

	/* a power of two (the probe masks with ncap - 1), at most half full */
	while (ncap < t->used * 4)
		ncap *= 2;

	t->ent = calloc(ncap, sizeof(*t->ent));
	if (!t->ent) {
		t->ent = old;
		return -ENOMEM;
	}
	t->cap = ncap;
	t->used = t->dead = 0;
	for (i = 0; i < cap; i++) {
		size_t j;

		if (old[i].state != OPEN_USED)
			continue;
		for (j = key_hash(old[i].k) & (ncap - 1); t->ent[j].state != OPEN_FREE;
		     j = (j + 1) & (ncap - 1))
			;
		t->ent[j] = old[i];
		t->used++;
	}
	free(old);
	return 0;
}

/* The entry for k, or with tomb the free slot to insert it (a deleted one first). */
static struct open_ent *open_probe(struct agg_open *t, const uint64_t *k,
				   struct open_ent **tomb)
{
	struct open_ent *e;
	size_t j;

	for (j = key_hash(k) & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
		e = &t->ent[j];
		if (e->state == OPEN_FREE)
			break;
		if (e->state == OPEN_DELETED) {
			if (tomb && !*tomb)
				*tomb = e;
			continue;
		}
		if (!memcmp(e->k, k, sizeof(e->k)))
			return e;
	}
	if (tomb && !*tomb)
		*tomb = e;
	return NULL;
}

struct open_ent *agg_open_find(struct agg_open *t, const uint64_t *k)
{
	return t->cap ? open_probe(t, k, NULL) : NULL;
}

/* The entry for k, or a new one (*fresh = true) with no start yet. */
struct open_ent *agg_open_insert(struct agg_open *t, const uint64_t *k, bool *fresh)
{
	struct open_ent *tomb = NULL, *e;

	if (!t->cap && open_grow(t))
		return NULL;
	if ((t->used + t->dead + 1) * 2 > t->cap && open_grow(t))
		return NULL;
	e = open_probe(t, k, &tomb);
	if (e) {
		*fresh = false;
		return e;
	}
	e = tomb;
	if (e->state == OPEN_DELETED)
		t->dead--;
	memcpy(e->k, k, sizeof(e->k));
	e->ts = e->aux = 0;
	e->more = NULL;
	e->nr_more = e->cap_more = 0;
	e->state = OPEN_USED;
	t->used++;
	*fresh = true;
	return e;
}

static void open_del(struct agg_open *t, struct open_ent *e)
{
	free(e->more);
	e->more = NULL;
	e->nr_more = e->cap_more = 0;
	e->state = OPEN_DELETED;
	t->used--;
	t->dead++;
}

/* Drops e's oldest start: the next one (if any) becomes the oldest. */
void agg_open_pop(struct agg_open *t, struct open_ent *e)
{
	if (!e->nr_more) {
		open_del(t, e);
		return;
	}
	e->ts = e->more[0];
	memmove(e->more, e->more + 1, --e->nr_more * sizeof(e->more[0]));
}

/* A later start of the same key, kept behind the others (multi pairs). */
int agg_open_push(struct open_ent *e, uint64_t ts)
{
	uint64_t *n;

	if (e->nr_more == e->cap_more) {
		n = realloc(e->more, (e->cap_more ? e->cap_more * 2 : 4) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		e->more = n;
		e->cap_more = e->cap_more ? e->cap_more * 2 : 4;
	}
	e->more[e->nr_more++] = ts;
	return 0;
}

/* The used entries in table order: prev NULL for the first. */
struct open_ent *agg_open_next(struct agg_open *t, struct open_ent *prev)
{
	size_t i = prev ? (size_t)(prev - t->ent) + 1 : 0;

	for (; i < t->cap; i++)
		if (t->ent[i].state == OPEN_USED)
			return &t->ent[i];
	return NULL;
}

void agg_open_free(struct agg_open *t)
{
	size_t k;

	for (k = 0; t->ent && k < t->cap; k++)
		if (t->ent[k].state == OPEN_USED)
			free(t->ent[k].more);
	free(t->ent);
	memset(t, 0, sizeof(*t));
}
