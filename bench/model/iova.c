// SPDX-License-Identifier: GPL-2.0
/*
 * The IOVA allocator as drivers/iommu/iova.c behaves for timing: sizes
 * rounded up to a power of two pages and size-aligned; orders below
 * IOVA_RANGE_CACHE_MAX_SIZE (6, i.e. up to 128 KiB) come from per-CPU
 * caches without a lock; larger ones (a 1 MiB dma_map_benchmark buffer)
 * take the global iova_rbtree_lock for every allocation and free, which
 * is where 4 threads of 1 MiB maps contend.
 */
#include <errno.h>
#include <stdlib.h>

#include "model_int.h"

#define IOVA_RANGE_CACHE_MAX_SIZE	6	/* drivers/iommu/iova.c */
#define IOVA_RCACHE_DEPTH		256	/* two magazines of 128 (IOVA_MAG_SIZE) */

int model_iova_init(struct model_iova *iv, u64 base, u64 size)
{
	unsigned int i;

	iv->base = base;
	iv->next = base;
	iv->end = base + size;
	for (i = 0; i < MODEL_IOVA_ORDERS; i++) {
		iv->free[i] = NULL;
		iv->free_nr[i] = iv->free_cap[i] = 0;
	}
	model_lock_init(&iv->lock, "iova_rbtree_lock");
	return 0;
}

void model_iova_destroy(struct model_iova *iv)
{
	unsigned int i;

	for (i = 0; i < MODEL_IOVA_ORDERS; i++)
		free(iv->free[i]);
}

static unsigned int iova_order(u64 size)
{
	u64 pages = (size + MODEL_PAGE_SIZE - 1) >> MODEL_PAGE_SHIFT;
	unsigned int o = 0;

	while ((1ULL << o) < pages)
		o++;
	return o;
}

/* Under iova_rbtree_lock: reuse a hole of this order or extend. */
static int iova_tree_alloc(struct model_iova *iv, unsigned int order, u64 *iova)
{
	u64 sz = MODEL_PAGE_SIZE << order, a;

	if (order >= MODEL_IOVA_ORDERS)
		return -EINVAL;
	if (iv->free_nr[order]) {
		*iova = iv->free[order][--iv->free_nr[order]];
		return 0;
	}
	a = (iv->next + sz - 1) & ~(sz - 1);
	if (a + sz > iv->end)
		return -ENOSPC;
	iv->next = a + sz;
	*iova = a;
	return 0;
}

static int iova_tree_free(struct model_iova *iv, unsigned int order, u64 iova)
{
	if (iv->free_nr[order] == iv->free_cap[order]) {
		u64 cap = iv->free_cap[order] ? iv->free_cap[order] * 2 : 64;
		u64 *n = realloc(iv->free[order], cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		iv->free[order] = n;
		iv->free_cap[order] = cap;
	}
	iv->free[order][iv->free_nr[order]++] = iova;
	return 0;
}

int model_iova_alloc(struct model_cpu *cpu, u64 size, u64 *iova)
{
	struct model_sim *sim = cpu->sim;
	struct model_iova *iv = &sim->iova;
	unsigned int order = iova_order(size);
	int ret;

	if (order < IOVA_RANGE_CACHE_MAX_SIZE && cpu->rcache_nr[order]) {
		model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, iova_rcache));
		*iova = cpu->rcache[order][--cpu->rcache_nr[order]];
		return 0;
	}
	model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, iova_rcache));
	model_sim_lock(cpu, &iv->lock);
	model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, iova_tree));
	ret = iova_tree_alloc(iv, order, iova);
	model_sim_unlock(cpu, &iv->lock);
	return ret;
}

void model_iova_free(struct model_cpu *cpu, u64 iova, u64 size)
{
	struct model_sim *sim = cpu->sim;
	struct model_iova *iv = &sim->iova;
	unsigned int order = iova_order(size);

	model_oracle_iova_freed(cpu, iova, size);
	if (order < IOVA_RANGE_CACHE_MAX_SIZE && cpu->rcache_nr[order] < IOVA_RCACHE_DEPTH) {
		model_sim_part(cpu, MODEL_CPU_UNMAP, MODEL_P(sim, iova_rcache));
		cpu->rcache[order][cpu->rcache_nr[order]++] = iova;
		return;
	}
	model_sim_part(cpu, MODEL_CPU_UNMAP, MODEL_P(sim, iova_rcache));
	model_sim_lock(cpu, &iv->lock);
	model_sim_part(cpu, MODEL_CPU_UNMAP, MODEL_P(sim, iova_tree));
	if (iova_tree_free(iv, order, iova))
		model_sim_fail(sim, -ENOMEM, "model: out of memory freeing an IOVA");
	model_sim_unlock(cpu, &iv->lock);
}
