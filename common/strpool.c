// SPDX-License-Identifier: GPL-2.0
/*
 * A string pool: one copy of each distinct string, in chunks freed
 * together. Results rows repeat a few hundred names (cells, ops, metrics,
 * units) a million times; interned, a row costs its pointers only.
 * Open addressing on an FNV-1a hash, doubled at half full.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define STR_POOL_CHUNK (64 * 1024)

struct str_chunk {
	struct str_chunk *next;
	size_t used, size;
	char data[];
};

struct str_slot {
	const char *s;		/* NULL = empty */
	size_t idx;		/* first-seen order */
};

struct str_pool {
	struct str_slot *slots;
	size_t nr_slots, nr_strings;
	struct str_chunk *chunks;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

struct str_pool *str_pool_new(void)
{
	struct str_pool *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->nr_slots = 1024;
	p->slots = calloc(p->nr_slots, sizeof(*p->slots));
	if (!p->slots) {
		free(p);
		return NULL;
	}
	return p;
}

void str_pool_free(struct str_pool *p)
{
	struct str_chunk *c, *next;

	if (!p)
		return;
	for (c = p->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(p->slots);
	free(p);
}

static int str_pool_grow(struct str_pool *p)
{
	size_t n = p->nr_slots * 2, i, j;
	struct str_slot *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < p->nr_slots; i++) {
		if (!p->slots[i].s)
			continue;
		for (j = str_hash(p->slots[i].s) & (n - 1); slots[j].s; j = (j + 1) & (n - 1))
			;
		slots[j] = p->slots[i];
	}
	free(p->slots);
	p->slots = slots;
	p->nr_slots = n;
	return 0;
}

static char *str_pool_store(struct str_pool *p, const char *s)
{
	size_t len = strlen(s) + 1;
	struct str_chunk *c = p->chunks;
	char *dst;

	if (!c || c->size - c->used < len) {
		size_t size = len > STR_POOL_CHUNK ? len : STR_POOL_CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->next = p->chunks;
		c->used = 0;
		c->size = size;
		p->chunks = c;
	}
	dst = c->data + c->used;
	memcpy(dst, s, len);
	c->used += len;
	return dst;
}

/* The slot of s, added when new; NULL when out of memory. */
static const struct str_slot *str_pool_slot(struct str_pool *p, const char *s)
{
	size_t i;

	if (2 * (p->nr_strings + 1) > p->nr_slots && str_pool_grow(p))
		return NULL;
	for (i = str_hash(s) & (p->nr_slots - 1); p->slots[i].s; i = (i + 1) & (p->nr_slots - 1))
		if (!strcmp(p->slots[i].s, s))
			return &p->slots[i];
	p->slots[i].s = str_pool_store(p, s);
	if (!p->slots[i].s)
		return NULL;
	p->slots[i].idx = p->nr_strings++;
	return &p->slots[i];
}

const char *str_pool_intern(struct str_pool *p, const char *s)
{
	const struct str_slot *slot = str_pool_slot(p, s);

	if (!slot)
		errno = ENOMEM;
	return slot ? slot->s : NULL;
}

long str_pool_index(struct str_pool *p, const char *s)
{
	const struct str_slot *slot = str_pool_slot(p, s);

	return slot ? (long)slot->idx : -ENOMEM;
}
