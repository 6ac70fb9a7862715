// SPDX-License-Identifier: GPL-2.0
/*
 * native: the host's arm-smmu-v3 driver without pKVM. dma-iommu allocates
 * the IOVA, io-pgtable edits the stage-1 tables at EL1, unmap invalidates
 * through Linux's lock-free command queue: strict (TLBI + CMD_SYNC per
 * unmap) or lazy (dma-iommu flush queue: IOVAs freed after an ASID-wide
 * TLBI when the per-CPU queue holds fq_size entries, or when the timer
 * armed by the first queued IOVA fires fq_timeout later: fq_flush_timeout()
 * flushes once and frees every CPU's queue).
 */
#include <errno.h>
#include <stdlib.h>

#include "model_design.h"

/* arm-smmu-v3.h: CMDQ_BATCH_ENTRIES (BITS_PER_LONG) commands per batch */
#define CMDQ_BATCH_ENTRIES	64

static int native_init(struct model_sim *sim)
{
	return 0;
}

/* Software writes STE and CD, then CFGI_STE, CFGI_CD and a CMD_SYNC. */
static int native_attach(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd c[2] = {
		{ .opcode = MODEL_CMD_CFGI_CD, .sid = MODEL_SID, .leaf = true },
		{ .opcode = MODEL_CMD_CFGI_STE, .sid = MODEL_SID, .leaf = true },
	};

	model_smmu_cd_write(&sim->smmu, sim->smmu.cd_base, sim->s1.root, MODEL_ASID);
	model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_S1, sim->smmu.cd_base, 0, 0);
	model_sim_delay(cpu, 2 * MODEL_P(sim, ste_write));
	sim->res->counts.ste_writes++;
	model_cmdq_linux_issue(cpu, c, 2, true);
	return 0;
}

static int native_detach(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd c = { .opcode = MODEL_CMD_CFGI_STE, .sid = MODEL_SID, .leaf = true };

	model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_BYPASS, 0, 0, 0);
	model_sim_delay(cpu, MODEL_P(sim, ste_write));
	sim->res->counts.ste_writes++;
	model_cmdq_linux_issue(cpu, &c, 1, true);
	return 0;
}

/* iommu_map() on the host's stage-1 table */
int model_native_pt_map(struct model_cpu *cpu, u64 iova, u64 pa, u64 size)
{
	struct model_sim *sim = cpu->sim;
	u64 w0 = sim->s1.pte_writes, r0 = sim->s1.pte_reads, t0 = sim->s1.nr_tables;
	int ret;

	model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, iommu_core));
	ret = model_pgtable_map(&sim->s1, iova, pa, size, MODEL_PROT_READ | MODEL_PROT_WRITE);
	model_sim_part(cpu, MODEL_CPU_MAP, model_pt_cost(cpu, &sim->s1, w0, r0, t0));
	if (model_ev_enabled(cpu))
		model_ev_host(cpu, cpu->now, 0, iova, pa, size, 0);
	return ret;
}

int model_native_dma_map(struct model_cpu *cpu, u64 pa, u64 size, u64 *iova)
{
	int ret = model_dma_map_begin(cpu, size, iova);

	return ret ? ret : model_native_pt_map(cpu, *iova, pa, size);
}

int model_native_map_sg(struct model_cpu *cpu, const u64 *pas, unsigned int nents, u64 *iova)
{
	unsigned int i;
	int ret;

	/* iommu_dma_map_sg(): one IOVA range, then iommu_map_sg() entry by entry */
	ret = model_dma_map_begin(cpu, (u64)nents << MODEL_PAGE_SHIFT, iova);
	for (i = 0; i < nents && !ret; i++)
		ret = model_native_pt_map(cpu, *iova + ((u64)i << MODEL_PAGE_SHIFT), pas[i],
					  MODEL_PAGE_SIZE);
	return ret;
}

/* Invalidate [iova, iova+size): batches of 64, CMD_SYNC at the end (or per knob). */
int model_native_tlbi(struct model_cpu *cpu, u64 iova, u64 size)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd *cmds = sim->cmd_scratch[cpu->id];
	int n = model_tlbi_build(sim, MODEL_ASID, 0, iova, size, MODEL_PAGE_SIZE, true, cmds,
				 MODEL_MAX_CMDS);
	unsigned int i = 0, per_sync = sim->cmds_per_sync > 0 ? sim->cmds_per_sync : 0;
	unsigned int since_sync = 0;

	if (n < 0)
		return n;
	while (i < (unsigned int)n) {
		unsigned int k = n - i < CMDQ_BATCH_ENTRIES ? n - i : CMDQ_BATCH_ENTRIES;
		bool sync;

		if (per_sync && k > per_sync - since_sync)
			k = per_sync - since_sync;
		since_sync += k;
		sync = (i + k == (unsigned int)n) || (per_sync && since_sync == per_sync);
		if (sim->cfg->knobs.skip_sync)
			sync = false;
		model_cmdq_linux_issue(cpu, cmds + i, k, sync);
		if (sync)
			since_sync = 0;
		i += k;
	}
	return 0;
}

/*
 * fq_ring_free(): give back (on CPU) the IOVAs of Q's queue that a flush
 * started after they were queued has completed: counter < LIMIT, the
 * finish count, or the start count of the flush this CPU just completed.
 */
static void native_fq_free(struct model_cpu *cpu, struct model_cpu *q, u64 limit)
{
	unsigned int i, n = 0;
	u64 *iova, *bytes;

	while (n < q->fq_nr && q->fq_cnt[n] < limit)
		n++;
	if (!n)
		return;
	iova = malloc(2 * n * sizeof(u64));
	if (!iova) {
		model_sim_fail(cpu->sim, -ENOMEM, "model: out of memory freeing the flush queue");
		return;
	}
	bytes = iova + n;
	/*
	 * Take the entries off the ring before freeing them: model_iova_free()
	 * may wait for the IOVA lock, and another CPU's timer may free this
	 * ring meanwhile (the kernel holds fq->lock for this).
	 */
	for (i = 0; i < n; i++) {
		iova[i] = q->fq_iova[i];
		bytes[i] = (u64)q->fq_pages[i] << MODEL_PAGE_SHIFT;
	}
	for (i = n; i < q->fq_nr; i++) {
		q->fq_iova[i - n] = q->fq_iova[i];
		q->fq_pages[i - n] = q->fq_pages[i];
		q->fq_cnt[i - n] = q->fq_cnt[i];
	}
	q->fq_nr -= n;
	for (i = 0; i < n; i++)
		model_iova_free(cpu, iova[i], bytes[i]);
	free(iova);
}

/*
 * fq_flush_iotlb(): iommu_flush_iotlb_all() -> arm_smmu_tlb_inv_context():
 * TLBI_NH_ASID + sync. Returns the start count after this flush began:
 * every entry queued with a smaller counter is now invalid.
 */
static u64 native_fq_invalidate(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd c = { .opcode = MODEL_CMD_TLBI_NH_ASID, .asid = MODEL_ASID };
	u64 mine;

	model_sim_sync(cpu);
	mine = ++sim->fq_start_cnt;
	model_cmdq_linux_issue(cpu, &c, 1, !sim->cfg->knobs.skip_sync);
	sim->fq_finish_cnt++;
	sim->res->counts.fq_flushes++;
	return mine;
}

static int native_fq_flush(struct model_cpu *cpu)
{
	if (!cpu->fq_nr)
		return 0;
	native_fq_free(cpu, cpu, native_fq_invalidate(cpu));
	return 0;
}

static u64 native_timer_at(struct model_sim *sim)
{
	return sim->fq_timer_at;
}

/* fq_flush_timeout(): one flush for the domain, then every CPU's queue freed. */
static void native_timer_fire(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	unsigned int i;
	bool any = false;
	u64 mine;

	sim->fq_timer_at = 0;
	for (i = 0; i < sim->nr_cpus; i++)
		any |= sim->cpus[i].fq_nr > 0;
	if (!any)
		return;
	mine = native_fq_invalidate(cpu);
	for (i = 0; i < sim->nr_cpus; i++)
		native_fq_free(cpu, &sim->cpus[i], mine);
}

static int native_unmap_common(struct model_cpu *cpu, u64 iova, u64 size)
{
	struct model_sim *sim = cpu->sim;
	u64 w0 = sim->s1.pte_writes, r0 = sim->s1.pte_reads, got;

	model_sim_part(cpu, MODEL_CPU_UNMAP, MODEL_P(sim, dma_api) + MODEL_P(sim, iommu_core));
	got = model_pgtable_unmap(&sim->s1, iova, size);
	model_oracle_cleared(cpu, iova, got, 0);
	model_sim_part(cpu, MODEL_CPU_UNMAP, model_pt_cost(cpu, &sim->s1, w0, r0, sim->s1.nr_tables));
	if (got != size)
		model_sim_fail(sim, -EINVAL, "model: native unmap of 0x%llx: %llu of %llu bytes mapped",
			       (unsigned long long)iova, (unsigned long long)got,
			       (unsigned long long)size);
	if (model_ev_enabled(cpu))
		model_ev_host(cpu, cpu->now, 1, iova, 0, size, got);
	sim->res->counts.unmap_calls++;
	sim->res->counts.pages_unmapped += size >> MODEL_PAGE_SHIFT;
	if (sim->cfg->knobs.lazy) {
		/* queue_iova(): what others' flushes covered goes first; the IOVA waits */
		native_fq_free(cpu, cpu, sim->fq_finish_cnt);
		if (cpu->fq_nr >= sim->fq_size)
			native_fq_flush(cpu);
		if (!cpu->fq_nr)
			cpu->fq_first_ns = cpu->now;
		/* mod_timer() unless the timer is on */
		model_sim_sync(cpu);
		cpu->fq_iova[cpu->fq_nr] = iova;
		cpu->fq_cnt[cpu->fq_nr] = sim->fq_start_cnt;
		cpu->fq_pages[cpu->fq_nr++] = size >> MODEL_PAGE_SHIFT;
		if (!sim->fq_timer_at)
			sim->fq_timer_at = cpu->now + sim->fq_timeout_ns;
		return 0;
	}
	model_native_tlbi(cpu, iova, size);
	model_iova_free(cpu, iova, size);
	return 0;
}

static int native_dma_unmap(struct model_cpu *cpu, u64 iova, u64 size)
{
	return native_unmap_common(cpu, iova, size);
}

static int native_unmap_sg(struct model_cpu *cpu, u64 iova, unsigned int nents)
{
	return native_unmap_common(cpu, iova, (u64)nents << MODEL_PAGE_SHIFT);
}

const struct model_design_ops model_design_native = {
	.id = MODEL_DESIGN_NATIVE,
	.init = native_init,
	.attach = native_attach,
	.detach = native_detach,
	.dma_map = model_native_dma_map,
	.dma_unmap = native_dma_unmap,
	.map_sg = model_native_map_sg,
	.unmap_sg = native_unmap_sg,
	.flush = native_fq_flush,
	.timer_at = native_timer_at,
	.timer_fire = native_timer_fire,
};
