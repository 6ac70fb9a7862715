// SPDX-License-Identifier: GPL-2.0
/*
 * What the designs share: the two command-queue issue paths (Linux's
 * lock-free one at EL1 and the simple one at EL2), TLBI command building
 * and EL2 event emission.
 */
#include <string.h>

#include "hypev.h"
#include "model_design.h"

/* arm-smmu-v3.h: CMDQ_MAX_TLBI_OPS (4K pages) before an ASID-wide TLBI */
#define CMDQ_MAX_TLBI_OPS	512

u64 model_mem_slow(struct model_cpu *cpu, u64 ns)
{
	struct model_sim *sim = cpu->sim;
	unsigned int i, n = 0;

	/* other CPUs streaming a memset right now share the DRAM bandwidth */
	model_sim_sync(cpu);
	for (i = 0; i < sim->nr_cpus; i++) {
		const struct model_cpu *o = &sim->cpus[i];

		if (o != cpu && o->stream_from <= cpu->now && cpu->now < o->stream_until)
			n++;
	}
	return ns + ns * n * MODEL_P(sim, dram_contention) / 100;
}

u64 model_pt_cost(struct model_cpu *cpu, struct model_pgtable *pt, u64 writes0, u64 reads0,
		  u64 tables0)
{
	struct model_sim *sim = cpu->sim;
	u64 writes = pt->pte_writes - writes0, reads = pt->pte_reads - reads0;
	u64 tables = pt->nr_tables > tables0 ? pt->nr_tables - tables0 : 0;

	/* one cache-maintenance op per 64-byte line of 8 PTEs (0 when coherent) */
	return model_mem_slow(cpu, writes * MODEL_P(sim, pte_write) + reads * MODEL_P(sim, pte_read)) +
	       tables * MODEL_P(sim, table_alloc) + ((writes + 7) / 8) * MODEL_P(sim, cmo_line);
}

int model_tlbi_build(struct model_sim *sim, u16 asid, u16 vmid, u64 iova, u64 size,
		     u64 leaf_size, bool asid_fallback, struct model_cmd *out, unsigned int max)
{
	/* arm_smmu_tlb_inv_range_domain(): without RIL, too many pages -> whole ASID */
	if (asid_fallback && !sim->ril && (size >> MODEL_PAGE_SHIFT) > CMDQ_MAX_TLBI_OPS) {
		memset(out, 0, sizeof(*out));
		out->opcode = MODEL_CMD_TLBI_NH_ASID;
		out->asid = asid;
		out->vmid = vmid;
		return 1;
	}
	return model_cmd_tlbi_range(MODEL_CMD_TLBI_NH_VA, asid, vmid, iova, size,
				    leaf_size, true, sim->ril, out, max);
}

static void sync_cmd(struct model_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->opcode = MODEL_CMD_SYNC;
	c->cs = MODEL_SYNC_CS_SEV;	/* EL2: completion seen by polling CONS */
}

/*
 * Linux with MSIs: CMD_SYNC CS=IRQ writes MSIData 0 to its own queue slot
 * (arm_smmu_cmdq_build_sync_cmd(): MSH inner shareable, MSIAttr OIWB), and
 * the CPU waits on that cache line with WFE.
 */
static void sync_cmd_msi(struct model_smmu *s, struct model_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->opcode = MODEL_CMD_SYNC;
	c->cs = MODEL_SYNC_CS_IRQ;
	c->msh = 3;		/* ARM_SMMU_SH_ISH */
	c->msiattr = 0xf;	/* ARM_SMMU_MEMATTR_OIWB */
	c->addr = model_cmdq_slot(s->q_base, s->shift, s->wprod);
}

u64 model_cmdq_linux_issue(struct model_cpu *cpu, const struct model_cmd *cmds,
			   unsigned int n, bool sync)
{
	struct model_sim *sim = cpu->sim;
	struct model_smmu *s = &sim->smmu;
	struct model_cmd sc;
	unsigned int total = n + (sync ? 1 : 0);
	u64 t, done, pub;
	u64 t0 = cpu->now;

	/* cmpxchg on cmdq->q.llq: the shared reservation line */
	model_sim_line_atomic(cpu, &sim->llq_line, MODEL_P(sim, atomic));
	t = model_smmu_room_at(s, cpu->now, total);
	if (t > cpu->now)	/* queue full: poll CONS until there is room */
		cpu->now = t + MODEL_P(sim, mmio_read);
	/* write the commands in place */
	model_sim_delay(cpu, total * MODEL_P(sim, cmd_write));
	model_smmu_cmdq_write(s, cmds, n, cpu->id, cpu->now);
	if (sync) {
		sync_cmd_msi(s, &sc);
		model_smmu_cmdq_write(s, &sc, 1, cpu->id, cpu->now);
	}
	if (sim->cmdq_pub_pending > cpu->now) {
		/* another CPU owns the batch and will write PROD for us too */
		pub = sim->cmdq_pub_pending;
	} else {
		/* owner: take the owner flag, then write PROD */
		model_sim_line_atomic(cpu, &sim->owner_line, MODEL_P(sim, atomic));
		model_sim_delay(cpu, MODEL_P(sim, mmio_write));
		pub = cpu->now;
		sim->cmdq_pub_pending = pub;
	}
	done = model_smmu_cmdq_publish(s, pub);
	cpu->part_ns[MODEL_CPU_TLBI] += cpu->now - t0;
	if (!sync)
		return done;
	/* wait: WFE on the slot until the SMMU's MSI write lands */
	t0 = cpu->now;
	if (cpu->now < done)
		cpu->now = done;
	model_sim_delay(cpu, MODEL_P(sim, sync_wake));
	/* update the shared llq.cons */
	model_sim_line_atomic(cpu, &sim->llq_line, MODEL_P(sim, atomic));
	cpu->part_ns[MODEL_CPU_SYNC] += cpu->now - t0;
	return done;
}

u64 model_cmdq_el2_issue(struct model_cpu *cpu, const struct model_cmd *cmds,
			 unsigned int n, bool sync, u64 *wait_ns)
{
	struct model_sim *sim = cpu->sim;
	struct model_smmu *s = &sim->smmu;
	struct model_cmd sc;
	u64 t, done, t0 = cpu->now;

	if (wait_ns)
		*wait_ns = 0;
	model_sim_sync(cpu);
	t = model_smmu_room_at(s, cpu->now, n + (sync ? 1 : 0));
	if (t > cpu->now)
		cpu->now = t + MODEL_P(sim, mmio_read);
	model_sim_delay(cpu, n * MODEL_P(sim, cmd_write));
	model_smmu_cmdq_write(s, cmds, n, cpu->id, cpu->now);
	if (n) {
		model_sim_delay(cpu, MODEL_P(sim, mmio_write));	/* PROD */
		done = model_smmu_cmdq_publish(s, cpu->now);
	} else {
		done = cpu->now;
	}
	cpu->part_ns[MODEL_CPU_TLBI] += cpu->now - t0;
	if (!sync)
		return done;
	t0 = cpu->now;
	sync_cmd(&sc);
	model_sim_delay(cpu, MODEL_P(sim, cmd_write));
	model_smmu_cmdq_write(s, &sc, 1, cpu->id, cpu->now);
	model_sim_delay(cpu, MODEL_P(sim, mmio_write));
	done = model_smmu_cmdq_publish(s, cpu->now);
	model_poll_cons(cpu, done);
	model_smmu_advance(s, cpu->now);
	if (wait_ns)
		*wait_ns = cpu->now - t0;
	cpu->part_ns[MODEL_CPU_SYNC] += cpu->now - t0;
	return done;
}

void model_poll_cons(struct model_cpu *cpu, u64 done)
{
	/*
	 * Poll SMMU_CMDQ_CONS until the queue is empty: back-to-back MMIO
	 * reads, each sampling CONS when issued; the first read issued after
	 * completion ends the wait. The round trip varies per wait (jitter).
	 */
	u64 r, polls = 1;

	if (cpu->sim->cfg->knobs.el2_wait == MODEL_EL2_WAIT_WFE) {
		/* CMD_SYNC CS=SEV (IHI 0070 §4.7.3): WFE until the SMMU's event, then one CONS read */
		if (done > cpu->now)
			cpu->now = done;
		cpu->now += MODEL_P(cpu->sim, sync_wake) + model_sim_jitter(cpu->sim,
									    MODEL_P(cpu->sim, mmio_read));
		return;
	}
	r = model_sim_jitter(cpu->sim, MODEL_P(cpu->sim, mmio_read));
	if (done > cpu->now)
		polls += (done - cpu->now + r - 1) / r;
	cpu->now += polls * r;
}

void model_ev_tlbi(struct model_cpu *cpu, const struct model_cmd *c)
{
	MODEL_EV_DECLARE(struct hypev_smmu_tlbi, ev);

	ev.common_type = HYPEV_ID_smmu_tlbi;
	ev.smmu = 0;
	ev.opcode = c->opcode;
	ev.leaf = c->leaf;
	ev.asid_vmid = c->opcode == MODEL_CMD_TLBI_S2_IPA ? c->vmid : c->asid;
	ev.iova = c->addr;
	ev.range_pages = model_cmd_tlbi_pages(c);

	if (model_ev_enabled(cpu))
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
}

void model_ev_sync(struct model_cpu *cpu, u32 batch, u64 wait_ns)
{
	MODEL_EV_DECLARE(struct hypev_smmu_sync, ev);

	ev.common_type = HYPEV_ID_smmu_sync;
	ev.smmu = 0;
	ev.batch = batch;
	ev.wait_ns = wait_ns;

	model_acct_sync(cpu, wait_ns);
	if (model_ev_enabled(cpu))
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
}

void model_ev_hyp(struct model_cpu *cpu, bool enter, u8 reason)
{
	/* this struct has a padding byte (see hypev_table.h) */
	MODEL_EV_DECLARE(struct hypev_hyp_enter, ev);

	model_acct_hyp(cpu, enter);
	if (!model_ev_enabled(cpu))
		return;
	ev.common_type = enter ? HYPEV_ID_hyp_enter : HYPEV_ID_hyp_exit;
	ev.reason = reason;
	ev.vcpu = -1;
	model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
}

void model_ev_ste(struct model_cpu *cpu, u32 sid, u64 dur_ns)
{
	MODEL_EV_DECLARE(struct hypev_smmu_ste, ev);

	ev.common_type = HYPEV_ID_smmu_ste;
	ev.smmu = 0;
	ev.sid = sid;
	ev.dur_ns = dur_ns;

	if (model_ev_enabled(cpu))
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
}

void model_wl_idle(struct model_cpu *cpu, u64 ns)
{
	const struct model_design_ops *ops = cpu->sim->ops;
	u64 end = cpu->now + ns, at;

	while (ops->timer_at && !cpu->sim->error) {
		/* no timer on (strict runs): nothing to order against the other CPUs */
		at = ops->timer_at(cpu->sim);
		if (!at || at > end)
			break;
		model_sim_sync(cpu);
		at = ops->timer_at(cpu->sim);
		if (!at || at > end)
			break;
		if (at > cpu->now)
			cpu->now = at;
		ops->timer_fire(cpu);
	}
	if (cpu->now < end)
		cpu->now = end;
}

/*
 * The DMA API's part of every map, whatever the design: the dma-iommu
 * layer's cost, an IOVA range for bytes, and the map counters.
 */
int model_dma_map_begin(struct model_cpu *cpu, u64 bytes, u64 *iova)
{
	struct model_sim *sim = cpu->sim;
	int ret;

	model_sim_part(cpu, MODEL_CPU_MAP, MODEL_P(sim, dma_api));
	ret = model_iova_alloc(cpu, bytes, iova);
	if (ret)
		return ret;
	sim->res->counts.map_calls++;
	sim->res->counts.pages_mapped += bytes >> MODEL_PAGE_SHIFT;
	return 0;
}
