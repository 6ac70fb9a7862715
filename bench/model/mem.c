// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated physical memory: a DRAM window of 4 KiB pages backed lazily
 * (only pages written hold data: page tables, the stream table, context
 * descriptors and the command queue). The window is split into a pool
 * for page tables and SMMU structures and a pool for DMA buffers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

int model_mem_init(struct model_mem *m, u64 base, u64 size, u64 pt_size)
{
	memset(m, 0, sizeof(*m));
	m->base = base;
	m->nr_pages = size >> MODEL_PAGE_SHIFT;
	m->pages = calloc(m->nr_pages, sizeof(*m->pages));
	if (!m->pages)
		return -ENOMEM;
	m->pt_next = base;
	m->pt_end = base + pt_size;
	m->buf_next = m->pt_end;
	m->buf_end = base + size;
	return 0;
}

void model_mem_free(struct model_mem *m)
{
	u64 i;

	if (m->pages)
		for (i = 0; i < m->nr_pages; i++)
			free(m->pages[i]);
	free(m->pages);
	free(m->pt_free);
	memset(m, 0, sizeof(*m));
}

static u64 *mem_page(struct model_mem *m, u64 pa, bool create)
{
	u64 pfn;

	if (pa < m->base)
		return NULL;
	pfn = (pa - m->base) >> MODEL_PAGE_SHIFT;
	if (pfn >= m->nr_pages)
		return NULL;
	if (!m->pages[pfn] && create)
		m->pages[pfn] = calloc(1, MODEL_PAGE_SIZE);
	return m->pages[pfn];
}

/* Reads outside the window or of never-written pages return 0 (invalid). */
u64 model_mem_read64(struct model_mem *m, u64 pa)
{
	u64 *p = mem_page(m, pa, false);

	return p ? p[(pa & (MODEL_PAGE_SIZE - 1)) >> 3] : 0;
}

void model_mem_write64(struct model_mem *m, u64 pa, u64 v)
{
	u64 *p = mem_page(m, pa, true);

	if (p)
		p[(pa & (MODEL_PAGE_SIZE - 1)) >> 3] = v;
}

u64 model_mem_pt_alloc(struct model_mem *m)
{
	u64 pa, *p;

	if (m->pt_free_nr) {
		pa = m->pt_free[--m->pt_free_nr];
	} else {
		if (m->pt_next >= m->pt_end)
			return 0;
		pa = m->pt_next;
		m->pt_next += MODEL_PAGE_SIZE;
	}
	p = mem_page(m, pa, true);
	if (!p)
		return 0;
	memset(p, 0, MODEL_PAGE_SIZE);
	return pa;
}

void model_mem_pt_release(struct model_mem *m, u64 pa)
{
	if (m->pt_free_nr == m->pt_free_cap) {
		u64 cap = m->pt_free_cap ? m->pt_free_cap * 2 : 64;
		u64 *n = realloc(m->pt_free, cap * sizeof(*n));

		if (!n)
			return;	/* leak the page in the pool, never the host */
		m->pt_free = n;
		m->pt_free_cap = cap;
	}
	m->pt_free[m->pt_free_nr++] = pa;
}

u64 model_mem_buf_alloc(struct model_mem *m, u64 size)
{
	return model_mem_buf_alloc_aligned(m, size, MODEL_PAGE_SIZE);
}

u64 model_mem_buf_alloc_aligned(struct model_mem *m, u64 size, u64 align)
{
	u64 pa = (m->buf_next + align - 1) & ~(align - 1);

	if (pa + size > m->buf_end)
		return 0;
	m->buf_next = pa + size;
	return pa;
}
