// SPDX-License-Identifier: GPL-2.0
/*
 * paravirt (pKVM SMMUv3 RFC v2): the host asks EL2 by hypercall for every
 * map and unmap. EL2 takes the domain's lock, checks and refcounts every
 * host page (__pkvm_host_use_dma / __pkvm_host_unuse_dma) and edits its own
 * io-pgtable; on unmap it then takes the SMMU's lock and issues TLBIs (per
 * page, or ranges with RIL) in batches, each closed by a CMD_SYNC it waits
 * for (polling CONS over MMIO) with that lock held.
 * Optional map_sg hypercall: one call maps a whole scatterlist.
 */
#include <errno.h>

#include "hypev.h"
#include "model_design.h"

/* RFC v2 batching: up to 64 TLBI commands per PROD write */
#define PV_CMDQ_BATCH	64

static int pv_init(struct model_sim *sim)
{
	return 0;	/* cmds_per_sync default 0: one CMD_SYNC closes the unmap */
}

static void hvc_enter(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;

	model_sim_part(cpu, MODEL_CPU_HYPERCALL, MODEL_P(sim, hvc_round_trip) / 2);
	sim->res->counts.hypercalls++;
	model_ev_hyp(cpu, true, MODEL_HYP_REASON_HVC);
	/* the EL2 handler: domain lookup and refcount, argument checks */
	model_sim_part(cpu, MODEL_CPU_HYPERCALL, MODEL_P(sim, el2_dispatch));
}

static void hvc_exit(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;

	model_ev_hyp(cpu, false, MODEL_HYP_REASON_HVC);
	model_sim_part(cpu, MODEL_CPU_HYPERCALL,
		       MODEL_P(sim, hvc_round_trip) - MODEL_P(sim, hvc_round_trip) / 2);
}

static u8 *pv_refcnt(struct model_sim *sim, u64 pa)
{
	u64 pfn = (pa - sim->mem.base) >> MODEL_PAGE_SHIFT;

	return pfn < sim->mem.nr_pages ? &sim->page_refcnt[pfn] : NULL;
}

static int pv_attach(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd c[2] = {
		{ .opcode = MODEL_CMD_CFGI_CD, .sid = MODEL_SID, .leaf = true },
		{ .opcode = MODEL_CMD_CFGI_STE, .sid = MODEL_SID, .leaf = true },
	};
	u64 t0;

	hvc_enter(cpu);
	model_sim_lock(cpu, &sim->el2_lock);
	model_sim_delay(cpu, MODEL_P(sim, el2_lock));
	t0 = cpu->now;
	/* smmu_attach_dev(): EL2 writes CD and STE, then CFGI + sync */
	model_smmu_cd_write(&sim->smmu, sim->smmu.cd_base, sim->s1.root, MODEL_ASID);
	model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_S1, sim->smmu.cd_base, 0, 0);
	model_sim_delay(cpu, 2 * MODEL_P(sim, ste_write));
	model_cmdq_el2_issue(cpu, c, 2, true, NULL);
	sim->res->counts.ste_writes++;
	model_ev_ste(cpu, MODEL_SID, cpu->now - t0);
	model_sim_unlock(cpu, &sim->el2_lock);
	hvc_exit(cpu);
	return 0;
}

static int pv_detach(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd c = { .opcode = MODEL_CMD_CFGI_STE, .sid = MODEL_SID, .leaf = true };
	u64 t0;

	hvc_enter(cpu);
	model_sim_lock(cpu, &sim->el2_lock);
	model_sim_delay(cpu, MODEL_P(sim, el2_lock));
	t0 = cpu->now;
	model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_BYPASS, 0, 0, 0);
	model_sim_delay(cpu, MODEL_P(sim, ste_write));
	model_cmdq_el2_issue(cpu, &c, 1, true, NULL);
	sim->res->counts.ste_writes++;
	model_ev_ste(cpu, MODEL_SID, cpu->now - t0);
	model_sim_unlock(cpu, &sim->el2_lock);
	hvc_exit(cpu);
	return 0;
}

/*
 * kvm_iommu_map_pages() for PGCOUNT leaves of PGSIZE (nents 0), or
 * kvm_iommu_map_sg() for nents entries of 4 KiB: the hypercalls of
 * Android's driver, traced as smmu_map and smmu_map_sg as its patches do.
 */
static int pv_el2_map(struct model_cpu *cpu, u64 iova, const u64 *pas, u64 pa, u64 pgsize,
		      u64 pgcount, unsigned int nents)
{
	struct model_sim *sim = cpu->sim;
	u64 t0, w0, r0, tb0, mapped = 0, total = 0, i;
	int ret = 0;

	hvc_enter(cpu);
	t0 = cpu->now;
	model_acct_el2_begin(cpu);
	model_sim_lock(cpu, &sim->dom_lock);
	model_sim_delay(cpu, MODEL_P(sim, el2_lock));
	w0 = sim->s1.pte_writes;
	r0 = sim->s1.pte_reads;
	tb0 = sim->s1.nr_tables;
	for (i = 0; i < (nents ? nents : 1) && !ret; i++) {
		u64 p = nents ? pas[i] : pa, j;
		u64 n = nents ? 1 : pgcount * (pgsize >> MODEL_PAGE_SHIFT);	/* 4 KiB pages */
		u64 io = nents ? iova + (i << MODEL_PAGE_SHIFT) : iova;

		/*
		 * __pkvm_host_use_dma(): under the host's stage-2 lock (shared
		 * by every CPU), each page must be host-owned; refcount it.
		 */
		model_sim_lock(cpu, &sim->host_lock);
		for (j = 0; j < n; j++) {
			u8 *rc = pv_refcnt(sim, p + (j << MODEL_PAGE_SHIFT));

			if (!rc || *rc == 255) {
				ret = -EPERM;
				break;
			}
			(*rc)++;
		}
		model_sim_part(cpu, MODEL_CPU_MAP, model_mem_slow(cpu, n * MODEL_P(sim, host_use_dma)));
		model_sim_unlock(cpu, &sim->host_lock);
		if (!ret)
			ret = model_pgtable_map_pages(&sim->s1, io, p, nents ? MODEL_PAGE_SIZE : pgsize,
						      nents ? 1 : pgcount,
						      MODEL_PROT_READ | MODEL_PROT_WRITE, &mapped);
		total += mapped;
	}
	model_sim_part(cpu, MODEL_CPU_MAP, model_pt_cost(cpu, &sim->s1, w0, r0, tb0));
	model_sim_unlock(cpu, &sim->dom_lock);
	model_acct_el2_end(cpu, 0);
	if (model_ev_enabled(cpu) && nents) {
		MODEL_EV_DECLARE(struct hypev_smmu_map_sg, ev);

		ev.common_type = HYPEV_ID_smmu_map_sg;
		ev.domain = MODEL_DOMAIN;
		ev.nent = nents;
		ev.iova = iova;
		ev.mapped = total;
		ev.dur_ns = cpu->now - t0;
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
	} else if (model_ev_enabled(cpu)) {
		MODEL_EV_DECLARE(struct hypev_smmu_map, ev);

		ev.common_type = HYPEV_ID_smmu_map;
		ev.domain = MODEL_DOMAIN;
		ev.ret = ret;
		ev.iova = iova;
		ev.paddr = pa;
		ev.pgsize = pgsize;
		ev.pgcount = pgcount;
		ev.mapped = total;
		ev.dur_ns = cpu->now - t0;
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
	}
	hvc_exit(cpu);
	return ret;
}

/*
 * __iommu_map() over the host driver's pgsize_bitmap (4K | 2M | 1G): one
 * map_pages call, i.e. one hypercall, per run of equal leaves; a 2 MiB
 * aligned buffer maps as blocks.
 */
static int pv_dma_map(struct model_cpu *cpu, u64 pa, u64 size, u64 *iova)
{
	struct model_sim *sim = cpu->sim;
	u64 done = 0;
	int ret;

	ret = model_dma_map_begin(cpu, size, iova);
	if (ret)
		return ret;
	model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, iommu_core));
	if (model_ev_enabled(cpu))
		model_ev_host(cpu, cpu->now, 0, *iova, pa, size, 0);
	while (!ret && done < size) {
		u64 count, pgsize = model_pgsize_pick(*iova + done, pa + done, size - done, &count);

		if (!pgsize)
			return -EINVAL;
		ret = pv_el2_map(cpu, *iova + done, NULL, pa + done, pgsize, count, 0);
		done += pgsize * count;
	}
	return ret;
}

static int pv_map_sg(struct model_cpu *cpu, const u64 *pas, unsigned int nents, u64 *iova)
{
	struct model_sim *sim = cpu->sim;
	unsigned int i;
	int ret;

	ret = model_dma_map_begin(cpu, (u64)nents << MODEL_PAGE_SHIFT, iova);
	if (ret)
		return ret;
	if (sim->cfg->knobs.map_sg) {
		/* the map_sg hypercall: the whole list in one EL2 entry */
		model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, iommu_core));
		return pv_el2_map(cpu, *iova, pas, 0, MODEL_PAGE_SIZE, 0, nents);
	}
	for (i = 0; i < nents && !ret; i++) {
		model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, iommu_core));
		ret = pv_el2_map(cpu, *iova + ((u64)i << MODEL_PAGE_SHIFT), NULL, pas[i],
				 MODEL_PAGE_SIZE, 1, 0);
	}
	return ret;
}

/*
 * The leaves of [iova, iova + size) cleared, leaf by leaf as they are (4 KiB
 * pages or blocks), and their pages unused. Returns the bytes unmapped; the
 * smallest leaf cleared (the invalidation granule) in *granule.
 */
static u64 pv_el2_clear(struct model_cpu *cpu, u64 iova, u64 size, u64 *granule)
{
	struct model_sim *sim = cpu->sim;
	u64 w0 = sim->s1.pte_writes, r0 = sim->s1.pte_reads, got = 0, j;

	*granule = 0;
	while (got < size) {
		u64 pa, leaf, dpa[4];
		int nr;
		unsigned int prot;

		/* iova_to_phys() for the pages to unuse: a software walk */
		if (model_pgtable_walk(&sim->s1, iova + got, &pa, &leaf, dpa, &nr, &prot))
			break;
		sim->s1.pte_reads += nr;
		pa &= ~(leaf - 1);
		if (leaf > size - got ||
		    model_pgtable_unmap_pages(&sim->s1, iova + got, leaf, 1) != leaf)
			break;
		model_oracle_cleared(cpu, iova + got, leaf, leaf);
		got += leaf;
		if (!*granule || leaf < *granule)
			*granule = leaf;
		for (j = 0; j < leaf; j += MODEL_PAGE_SIZE) {
			u8 *rc = pv_refcnt(sim, pa + j);

			if (rc && *rc)
				(*rc)--;	/* __pkvm_host_unuse_dma() */
		}
	}
	model_sim_part(cpu, MODEL_CPU_UNMAP, model_pt_cost(cpu, &sim->s1, w0, r0, sim->s1.nr_tables));
	return got;
}

/*
 * smmu_iotlb_sync() for SIZE bytes at IOVA, the SMMU's lock held until
 * CMD_SYNC completes: batches of up to 64 per PROD write; a CMD_SYNC every
 * `cmds_per_sync` commands and at the end. Returns the TLBI commands issued.
 */
static int pv_el2_tlbi_sync(struct model_cpu *cpu, u64 iova, u64 size, u64 granule)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd *cmds = sim->cmd_scratch[cpu->id];
	unsigned int i = 0, per = sim->cmds_per_sync;
	int n;

	model_sim_lock(cpu, &sim->el2_lock);
	model_sim_delay(cpu, MODEL_P(sim, el2_lock));
	n = model_tlbi_build(sim, MODEL_ASID, 0, iova, size, granule ? granule : MODEL_PAGE_SIZE,
			     false, cmds, MODEL_MAX_CMDS);
	if (n < 0)
		n = 0;
	if (!per)
		per = n ? n : 1;
	while (i < (unsigned int)n) {
		unsigned int k = n - i, m, since = i % per;
		u64 wait = 0;
		bool sync;

		if (k > PV_CMDQ_BATCH)
			k = PV_CMDQ_BATCH;
		if (k > per - since)
			k = per - since;
		sync = (since + k == per || i + k == (unsigned int)n) && !sim->cfg->knobs.skip_sync;
		for (m = 0; m < k; m++)
			model_ev_tlbi(cpu, &cmds[i + m]);
		model_cmdq_el2_issue(cpu, cmds + i, k, sync, &wait);
		if (sync)
			model_ev_sync(cpu, since + k, wait);
		i += k;
	}
	model_sim_unlock(cpu, &sim->el2_lock);
	return n;
}

/* kvm_iommu_unmap_pages(PGSIZE, PGCOUNT): clear, unuse, TLBI in batches, CMD_SYNC, wait. */
static int pv_el2_unmap(struct model_cpu *cpu, u64 iova, u64 pgsize, u64 pgcount)
{
	struct model_sim *sim = cpu->sim;
	u64 t0, got, granule, size = pgsize * pgcount, pages = size >> MODEL_PAGE_SHIFT;
	int n;

	hvc_enter(cpu);
	t0 = cpu->now;
	model_acct_el2_begin(cpu);
	model_sim_lock(cpu, &sim->dom_lock);
	model_sim_delay(cpu, MODEL_P(sim, el2_lock));
	got = pv_el2_clear(cpu, iova, size, &granule);
	/* __pkvm_host_unuse_dma() for the range, under the host's stage-2 lock */
	model_sim_lock(cpu, &sim->host_lock);
	model_sim_part(cpu, MODEL_CPU_UNMAP, model_mem_slow(cpu, pages * MODEL_P(sim, host_use_dma)));
	model_sim_unlock(cpu, &sim->host_lock);
	model_sim_unlock(cpu, &sim->dom_lock);
	n = pv_el2_tlbi_sync(cpu, iova, got, granule);
	model_acct_el2_end(cpu, 0);
	if (model_ev_enabled(cpu)) {
		MODEL_EV_DECLARE(struct hypev_smmu_unmap, ev);

		ev.common_type = HYPEV_ID_smmu_unmap;
		ev.domain = MODEL_DOMAIN;
		ev.ntlbi = n;
		ev.iova = iova;
		ev.pgsize = pgsize;
		ev.pgcount = pgcount;
		ev.unmapped = got;
		ev.dur_ns = cpu->now - t0;
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
	}
	hvc_exit(cpu);
	return got == size ? 0 : -EINVAL;
}

/* __iommu_unmap(): one unmap_pages call (a hypercall) per run of equal leaf sizes. */
static int pv_dma_unmap(struct model_cpu *cpu, u64 iova, u64 size)
{
	struct model_sim *sim = cpu->sim;
	u64 done = 0;
	int ret = 0;

	model_sim_part(cpu, MODEL_CPU_UNMAP, MODEL_P(sim, dma_api) + MODEL_P(sim, iommu_core));
	sim->res->counts.unmap_calls++;
	sim->res->counts.pages_unmapped += size >> MODEL_PAGE_SHIFT;
	while (!ret && done < size) {
		u64 count, pgsize = model_pgsize_pick(iova + done, iova + done, size - done, &count);

		if (!pgsize) {
			ret = -EINVAL;
			break;
		}
		ret = pv_el2_unmap(cpu, iova + done, pgsize, count);
		done += pgsize * count;
	}
	if (model_ev_enabled(cpu))
		model_ev_host(cpu, cpu->now, 1, iova, 0, size, (ret ? 0 : size));
	model_iova_free(cpu, iova, size);
	return ret;
}

static int pv_unmap_sg(struct model_cpu *cpu, u64 iova, unsigned int nents)
{
	return pv_dma_unmap(cpu, iova, (u64)nents << MODEL_PAGE_SHIFT);
}

static int pv_flush(struct model_cpu *cpu)
{
	return 0;	/* every unmap is synchronous at EL2 */
}

const struct model_design_ops model_design_paravirt = {
	.id = MODEL_DESIGN_PARAVIRT,
	.init = pv_init,
	.attach = pv_attach,
	.detach = pv_detach,
	.dma_map = pv_dma_map,
	.dma_unmap = pv_dma_unmap,
	.map_sg = pv_map_sg,
	.unmap_sg = pv_unmap_sg,
	.flush = pv_flush,
};
