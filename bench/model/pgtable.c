// SPDX-License-Identifier: GPL-2.0
/*
 * VMSAv8-64 translation tables, 4 KiB granule, 48-bit input, 4 levels
 * (Arm ARM D8.3 "Translation table descriptor formats"), stage 1 and stage 2
 * in simulated memory, with io-pgtable-arm's map_pages/unmap_pages
 * semantics: the caller picks the leaf size, a call fills leaves up to the
 * end of one table, unmap clears leaves only (no block splitting).
 */
#include <errno.h>
#include <string.h>

#include "model_int.h"

/* Arm ARM D8.3: descriptor bits */
#define PTE_VALID		(1ULL << 0)
#define PTE_TABLE		(1ULL << 1)	/* table (L0-L2) or page (L3) */
#define PTE_TYPE_MASK		3ULL
#define PTE_ADDR_MASK		0x0000fffffffff000ULL	/* OA[47:12] */
#define PTE_AF			(1ULL << 10)
#define PTE_SH_IS		(3ULL << 8)
#define PTE_XN			(1ULL << 54)
/* stage 1 lower attributes */
#define PTE_S1_ATTRIDX(i)	((u64)(i) << 2)	/* MAIR index; io-pgtable: 1 = cacheable */
#define PTE_S1_AP_UNPRIV	(1ULL << 6)	/* AP[1] */
#define PTE_S1_AP_RDONLY	(1ULL << 7)	/* AP[2] */
#define PTE_S1_NG		(1ULL << 11)
/* stage 2 lower attributes */
#define PTE_S2_MEMATTR_WB	(0xfULL << 2)	/* MemAttr[3:0]: normal, WB */
#define PTE_S2AP_R		(1ULL << 6)
#define PTE_S2AP_W		(1ULL << 7)

#define LVL_SHIFT(l)		(39 - 9 * (l))
#define LVL_SIZE(l)		(1ULL << LVL_SHIFT(l))
#define LVL_IDX(va, l)		(((va) >> LVL_SHIFT(l)) & 511)

u64 model_pgtable_pte_page(int stage, u64 pa, unsigned int prot, int level)
{
	u64 pte = (pa & PTE_ADDR_MASK) | PTE_VALID | PTE_AF | PTE_SH_IS | PTE_XN;

	if (level == 3)
		pte |= PTE_TABLE;	/* page descriptor: 0b11 */
	if (stage == 1) {
		pte |= PTE_S1_NG | PTE_S1_AP_UNPRIV | PTE_S1_ATTRIDX(1);
		if (!(prot & MODEL_PROT_WRITE))
			pte |= PTE_S1_AP_RDONLY;
	} else {
		pte |= PTE_S2_MEMATTR_WB;
		if (prot & MODEL_PROT_READ)
			pte |= PTE_S2AP_R;
		if (prot & MODEL_PROT_WRITE)
			pte |= PTE_S2AP_W;
	}
	return pte;
}

int model_pgtable_init(struct model_pgtable *pt, struct model_mem *mem, int stage)
{
	memset(pt, 0, sizeof(*pt));
	pt->mem = mem;
	pt->stage = stage;
	pt->root = model_mem_pt_alloc(mem);
	if (!pt->root)
		return -ENOMEM;
	pt->nr_tables = 1;
	return 0;
}

static void pgtable_free_table(struct model_pgtable *pt, u64 table, int level)
{
	unsigned int i;

	if (level < 3)
		for (i = 0; i < 512; i++) {
			u64 d = model_mem_read64(pt->mem, table + i * 8);

			if ((d & PTE_TYPE_MASK) == (PTE_VALID | PTE_TABLE))
				pgtable_free_table(pt, d & PTE_ADDR_MASK, level + 1);
		}
	model_mem_pt_release(pt->mem, table);
	pt->nr_tables--;
}

void model_pgtable_free(struct model_pgtable *pt)
{
	if (pt->root)
		pgtable_free_table(pt, pt->root, 0);
	pt->root = 0;
}

static int pgsize_level(u64 pgsize)
{
	switch (pgsize) {
	case 1ULL << 12: return 3;
	case 1ULL << 21: return 2;
	case 1ULL << 30: return 1;
	default: return -1;
	}
}

/* Table at level `level` covering va, allocating as needed; 0 on error. */
static u64 pgtable_table_for(struct model_pgtable *pt, u64 va, int level, bool alloc, int *err)
{
	u64 table = pt->root;
	int l;

	for (l = 0; l < level; l++) {
		u64 dpa = table + LVL_IDX(va, l) * 8;
		u64 d = model_mem_read64(pt->mem, dpa);

		pt->pte_reads++;
		if (!(d & PTE_VALID)) {
			u64 n;

			if (!alloc) {
				*err = -ENOENT;
				return 0;
			}
			n = model_mem_pt_alloc(pt->mem);
			if (!n) {
				*err = -ENOMEM;
				return 0;
			}
			pt->nr_tables++;
			model_mem_write64(pt->mem, dpa, n | PTE_VALID | PTE_TABLE);
			pt->pte_writes++;
			table = n;
		} else if (!(d & PTE_TABLE)) {
			*err = -EEXIST;	/* a block covers it */
			return 0;
		} else {
			table = d & PTE_ADDR_MASK;
		}
	}
	return table;
}

int model_pgtable_map_pages(struct model_pgtable *pt, u64 iova, u64 pa, u64 pgsize,
			    u64 pgcount, unsigned int prot, u64 *mapped)
{
	int level = pgsize_level(pgsize), err = 0;

	*mapped = 0;
	if (level < 0 || (iova | pa) & (pgsize - 1))
		return -EINVAL;
	while (pgcount) {
		u64 table = pgtable_table_for(pt, iova, level, true, &err);
		unsigned int idx;

		if (!table)
			return err;
		for (idx = LVL_IDX(iova, level); idx < 512 && pgcount; idx++) {
			u64 dpa = table + idx * 8;

			if (model_mem_read64(pt->mem, dpa) & PTE_VALID)
				return -EEXIST;	/* io-pgtable WARNs: already mapped */
			model_mem_write64(pt->mem, dpa,
					  model_pgtable_pte_page(pt->stage, pa, prot, level));
			pt->pte_writes++;
			iova += pgsize;
			pa += pgsize;
			*mapped += pgsize;
			pgcount--;
		}
	}
	return 0;
}

/* iommu_pgsize(): the largest leaf that alignment and length allow. */
static u64 pgtable_pick(u64 iova, u64 pa, u64 size, u64 *count)
{
	static const u64 sizes[] = { 1ULL << 30, 1ULL << 21, 1ULL << 12 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!((iova | pa) & (sizes[i] - 1)) && size >= sizes[i]) {
			*count = size / sizes[i];
			return sizes[i];
		}
	}
	*count = 0;
	return 0;
}

u64 model_pgsize_pick(u64 iova, u64 pa, u64 size, u64 *count)
{
	u64 pgsize = pgtable_pick(iova, pa, size, count);

	/* a smaller leaf only up to where a larger one could start */
	if (pgsize && pgsize < (1ULL << 30)) {
		u64 up = pgsize == (1ULL << 12) ? 1ULL << 21 : 1ULL << 30;
		u64 to_b = (up - (iova & (up - 1))) / pgsize;

		if (((iova ^ pa) & (up - 1)) == 0 && to_b < *count && size >= up)
			*count = to_b;
	}
	return pgsize;
}

int model_pgtable_map(struct model_pgtable *pt, u64 iova, u64 pa, u64 size,
		      unsigned int prot)
{
	while (size) {
		u64 count, mapped, pgsize = model_pgsize_pick(iova, pa, size, &count);
		int ret;

		if (!pgsize)
			return -EINVAL;
		ret = model_pgtable_map_pages(pt, iova, pa, pgsize, count, prot, &mapped);
		if (ret)
			return ret;
		iova += mapped;
		pa += mapped;
		size -= mapped;
	}
	return 0;
}

u64 model_pgtable_unmap_pages(struct model_pgtable *pt, u64 iova, u64 pgsize, u64 pgcount)
{
	int level = pgsize_level(pgsize), err = 0;
	u64 unmapped = 0;

	if (level < 0 || iova & (pgsize - 1))
		return 0;
	while (pgcount) {
		u64 table = pgtable_table_for(pt, iova, level, false, &err);
		unsigned int idx;

		if (!table)
			return unmapped;	/* not mapped, or a larger block */
		for (idx = LVL_IDX(iova, level); idx < 512 && pgcount; idx++) {
			u64 dpa = table + idx * 8;
			u64 d = model_mem_read64(pt->mem, dpa);

			pt->pte_reads++;
			if (!(d & PTE_VALID))
				return unmapped;
			if (level < 3 && (d & PTE_TABLE))
				/* a whole table-sized range: drop the table (io-pgtable frees it) */
				pgtable_free_table(pt, d & PTE_ADDR_MASK, level + 1);
			model_mem_write64(pt->mem, dpa, 0);
			pt->pte_writes++;
			iova += pgsize;
			unmapped += pgsize;
			pgcount--;
		}
	}
	return unmapped;
}

u64 model_pgtable_unmap(struct model_pgtable *pt, u64 iova, u64 size)
{
	u64 done = 0;

	while (done < size) {
		u64 pa, leaf, dpa[4], n, got;
		int nr;
		unsigned int prot;

		if (model_pgtable_walk(pt, iova + done, &pa, &leaf, dpa, &nr, &prot))
			break;
		n = leaf;
		if (n > size - done || ((iova + done) & (leaf - 1)))
			break;	/* would split a block */
		n = (size - done) / leaf;
		got = model_pgtable_unmap_pages(pt, iova + done, leaf, n);
		if (!got)
			break;
		done += got;
	}
	return done;
}

int model_pgtable_walk(struct model_pgtable *pt, u64 iova, u64 *pa, u64 *leaf_size,
		       u64 desc_pa[4], int *nr_reads, unsigned int *prot)
{
	u64 table = pt->root;
	int l;

	*nr_reads = 0;
	if (iova >> 48)
		return -ERANGE;
	for (l = 0; l < 4; l++) {
		u64 dpa = table + LVL_IDX(iova, l) * 8;
		u64 d = model_mem_read64(pt->mem, dpa);

		desc_pa[(*nr_reads)++] = dpa;
		if (!(d & PTE_VALID))
			return -ENOENT;
		if (l < 3 && (d & PTE_TABLE)) {
			table = d & PTE_ADDR_MASK;
			continue;
		}
		if (l == 0 || (l == 3 && !(d & PTE_TABLE)))
			return -EINVAL;	/* no level-0 blocks in 4K granule; L3 must be a page */
		*leaf_size = LVL_SIZE(l);
		*pa = (d & PTE_ADDR_MASK & ~(LVL_SIZE(l) - 1)) | (iova & (LVL_SIZE(l) - 1));
		if (pt->stage == 1)
			*prot = MODEL_PROT_READ | ((d & PTE_S1_AP_RDONLY) ? 0 : MODEL_PROT_WRITE);
		else
			*prot = ((d & PTE_S2AP_R) ? MODEL_PROT_READ : 0) |
				((d & PTE_S2AP_W) ? MODEL_PROT_WRITE : 0);
		return 0;
	}
	return -EINVAL;
}
