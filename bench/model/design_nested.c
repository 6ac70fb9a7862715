// SPDX-License-Identifier: GPL-2.0
/*
 * nested (pKVM trap-and-emulate, v4..v8): the host keeps the stage-1
 * tables, context descriptors and a command queue in its own memory and
 * edits them without trapping. Its MMIO accesses to the SMMU fault to EL2:
 * a write of CMDQ_PROD makes EL2 copy the host's commands CONS..PROD,
 * filter each (smmu_filter_command()), insert them into the real queue and
 * wait until it is empty; reads of CMDQ_CONS are emulated too. Stage 2 is
 * an identity map of host memory at 4 KiB leaves; a change of it costs
 * TLBI_S2_IPA + sync + TLBI_NH_ALL + sync.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hypev.h"
#include "model_design.h"

/* SMMUv3 register offsets, IHI 0070 §6.2 (page 0) */
#define SMMU_CMDQ_PROD		0x98
#define SMMU_CMDQ_CONS		0x9c

struct nested_priv {
	u64 hq_base;		/* the host's command queue (host memory) */
	u32 hq_shift;
	u32 hq_prod, hq_cons;	/* as the host wrote / EL2 emulates them */
	u64 written_seq;	/* host commands written so far */
	u64 completed_seq;	/* host commands EL2 has copied and seen complete */
	u64 completed_prev;	/* completed_seq before the latest drain ... */
	u64 completed_at;	/* ... which ended at this virtual time */
	struct model_lock owner;	/* Linux's cmdq owner: the CPU writing PROD */
	u64 joined;		/* issues carried by another CPU's PROD write */
	u64 host_strtab;	/* the host's stream table (shadowed by EL2) */
	u64 host_cd;
	struct model_cmd fwd[MODEL_MAX_CMDS + 8];
};

enum model_filter model_nested_filter(struct model_cmd *c, u16 host_vmid)
{
	switch (c->opcode) {
	case MODEL_CMD_TLBI_NH_ASID:
	case MODEL_CMD_TLBI_NH_VA:
	case MODEL_CMD_TLBI_NH_VAA:
		/* the host's view has no VMID: only VMID 0, rewritten to the host's */
		if (c->vmid)
			return MODEL_FILTER_DROP;
		c->vmid = host_vmid;
		return MODEL_FILTER_FORWARD;
	case MODEL_CMD_TLBI_NH_ALL:
	case MODEL_CMD_TLBI_S12_VMALL:
	case MODEL_CMD_TLBI_S2_IPA:
		return MODEL_FILTER_DROP;	/* stage 2 belongs to EL2 */
	case MODEL_CMD_CFGI_STE:
		return MODEL_FILTER_RESHADOW;
	case MODEL_CMD_CFGI_CD:
		return MODEL_FILTER_FORWARD;	/* CDs are host memory */
	case MODEL_CMD_CFGI_ALL:
		return c->range == 31 ? MODEL_FILTER_FORWARD : MODEL_FILTER_DROP;
	case MODEL_CMD_SYNC:
		if (c->cs == MODEL_SYNC_CS_IRQ)
			c->cs = MODEL_SYNC_CS_SEV;
		return MODEL_FILTER_FORWARD;
	default:
		return MODEL_FILTER_DROP;
	}
}

static int nested_init(struct model_sim *sim)
{
	struct nested_priv *np = calloc(1, sizeof(*np));
	u32 i, pages;
	int ret;

	if (!np)
		return -ENOMEM;
	sim->design_priv = np;
	np->hq_shift = MODEL_P(sim, cmdq_log2_entries);
	pages = (model_cmdq_bytes(np->hq_shift) + MODEL_PAGE_SIZE - 1) / MODEL_PAGE_SIZE;
	for (i = 0; i < pages; i++) {
		u64 pa = model_mem_pt_alloc(&sim->mem);

		if (!pa)
			return -ENOMEM;
		if (!i)
			np->hq_base = pa;
	}
	model_lock_init(&np->owner, "cmdq_owner");
	np->host_strtab = model_mem_pt_alloc(&sim->mem);
	np->host_cd = model_mem_pt_alloc(&sim->mem);
	if (!np->host_strtab || !np->host_cd)
		return -ENOMEM;
	/* smmu_host_stage2_idmap(): all of host DRAM, 4 KiB leaves, RW */
	for (u64 pa = sim->mem.base; pa < sim->mem.base + (sim->mem.nr_pages << MODEL_PAGE_SHIFT);
	     pa += 512 * MODEL_PAGE_SIZE) {
		u64 mapped;

		ret = model_pgtable_map_pages(&sim->s2, pa, pa, MODEL_PAGE_SIZE, 512,
					      MODEL_PROT_READ | MODEL_PROT_WRITE, &mapped);
		if (ret)
			return ret;
	}
	return 0;
}

/* Write commands into the host's queue (host memory, no trap). */
static void nested_host_write(struct model_sim *sim, struct nested_priv *np,
			      const struct model_cmd *c, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 w[2], pa = model_cmdq_slot(np->hq_base, np->hq_shift, np->hq_prod);

		model_cmd_encode(&c[i], w);
		model_mem_write64(&sim->mem, pa, w[0]);
		model_mem_write64(&sim->mem, pa + 8, w[1]);
		np->hq_prod = model_q_inc(np->hq_shift, np->hq_prod);
	}
}

static void trap_enter(struct model_cpu *cpu)
{
	model_sim_part(cpu, MODEL_CPU_TRAP, MODEL_P(cpu->sim, dabt_round_trip) / 2);
	cpu->sim->res->counts.traps++;
	model_ev_hyp(cpu, true, MODEL_HYP_REASON_HOST_ABORT);
}

static void trap_exit(struct model_cpu *cpu)
{
	u64 rt = MODEL_P(cpu->sim, dabt_round_trip);

	model_ev_hyp(cpu, false, MODEL_HYP_REASON_HOST_ABORT);
	model_sim_part(cpu, MODEL_CPU_TRAP, rt - rt / 2);
}

/* EL2: a host STE reshadowed into the real stream table, nested config. */
static void nested_reshadow(struct model_cpu *cpu, struct nested_priv *np)
{
	struct model_sim *sim = cpu->sim;
	u64 d0 = model_mem_read64(&sim->mem, model_ste_addr(np->host_strtab, 64, MODEL_SID));
	u64 t0 = cpu->now;

	/* smmu_reshadow_ste() + smmu_attach_stage_2(): host S1 config, EL2's S2 */
	if (model_ste_valid(d0))
		model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_NESTED,
				     model_ste_s1ctxptr(d0), sim->s2.root, MODEL_VMID);
	else
		model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_S2, 0, sim->s2.root,
				     MODEL_VMID);
	model_sim_delay(cpu, 2 * MODEL_P(sim, ste_write));
	sim->res->counts.ste_writes++;
	model_ev_ste(cpu, MODEL_SID, cpu->now - t0);
}

/* What one trapped PROD write copied, for the smmu_cmdq_trap event. */
struct nested_trap_counts {
	u32 ncmds, n_tlbi, n_cfgi, n_sync, n_drop;
};

/*
 * EL2 copies the host's CONS..PROD, decodes and filters each command
 * (dropping, reshadowing or forwarding it) into np->fwd. Returns the number
 * of commands to forward.
 */
static u32 nested_copy(struct model_cpu *cpu, struct nested_priv *np,
		       struct nested_trap_counts *cnt)
{
	struct model_sim *sim = cpu->sim;
	u32 nf = 0;

	while (np->hq_cons != np->hq_prod) {
		u64 w[2], pa = model_cmdq_slot(np->hq_base, np->hq_shift, np->hq_cons);
		struct model_cmd c;

		w[0] = model_mem_read64(&sim->mem, pa);
		w[1] = model_mem_read64(&sim->mem, pa + 8);
		np->hq_cons = model_q_inc(np->hq_shift, np->hq_cons);
		cnt->ncmds++;
		model_sim_part(cpu, MODEL_CPU_TRAP, MODEL_P(sim, emu_cmd));
		if (model_cmd_decode(w, &c)) {
			cnt->n_drop++;
			continue;
		}
		switch (model_nested_filter(&c, MODEL_VMID)) {
		case MODEL_FILTER_DROP:
			cnt->n_drop++;
			continue;
		case MODEL_FILTER_RESHADOW:
			nested_reshadow(cpu, np);
			break;
		case MODEL_FILTER_FORWARD:
			break;
		}
		if (model_cmd_is_tlbi(c.opcode)) {
			cnt->n_tlbi++;
			model_ev_tlbi(cpu, &c);
		} else if (c.opcode == MODEL_CMD_SYNC) {
			cnt->n_sync++;
		} else {
			cnt->n_cfgi++;
		}
		if (nf < MODEL_MAX_CMDS + 8)
			np->fwd[nf++] = c;
	}
	return nf;
}

static void nested_ev_cmdq_trap(struct model_cpu *cpu, const struct nested_trap_counts *cnt,
				u64 t0, u64 wait0)
{
	MODEL_EV_DECLARE(struct hypev_smmu_cmdq_trap, ev);

	ev.common_type = HYPEV_ID_smmu_cmdq_trap;
	ev.smmu = 0;
	ev.ncmds = cnt->ncmds;
	ev.n_tlbi = cnt->n_tlbi;
	ev.n_cfgi = cnt->n_cfgi;
	ev.n_sync = cnt->n_sync;
	ev.n_dropped = cnt->n_drop;
	ev.dur_ns = cpu->now - t0;
	ev.wait_ns = cpu->now - wait0;
	model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
}

/*
 * The trapped write of CMDQ_PROD: smmu_emulate_cmdq_insert(). EL2 copies
 * CONS..PROD, filters, inserts into the real queue and waits for it to
 * drain, with the EL2 SMMU lock held.
 */
static void nested_prod_trap(struct model_cpu *cpu, struct nested_priv *np)
{
	struct model_sim *sim = cpu->sim;
	struct model_smmu *s = &sim->smmu;
	struct nested_trap_counts cnt = { 0 };
	u64 t0, done = 0, wait0, t, copy_seq;
	u32 nf;

	trap_enter(cpu);
	model_sim_lock(cpu, &sim->el2_lock);
	model_sim_delay(cpu, MODEL_P(sim, el2_lock));
	t0 = cpu->now;
	model_acct_el2_begin(cpu);
	sim->res->counts.cmdq_traps++;
	copy_seq = np->written_seq;	/* everything written until now is copied below */
	nf = nested_copy(cpu, np, &cnt);
	sim->res->counts.dropped += cnt.n_drop;
	/* insert into the real queue, one PROD write, then poll CONS until empty */
	model_sim_sync(cpu);
	t = model_smmu_room_at(s, cpu->now, nf);
	if (t > cpu->now)
		cpu->now = t + MODEL_P(sim, mmio_read);
	model_sim_part(cpu, MODEL_CPU_TLBI, nf * MODEL_P(sim, cmd_write) + MODEL_P(sim, mmio_write));
	model_smmu_cmdq_write(s, np->fwd, nf, cpu->id, cpu->now);
	if (nf)
		done = model_smmu_cmdq_publish(s, cpu->now);
	wait0 = cpu->now;
	/* drain mode "sync": a batch without CMD_SYNC is forwarded, not waited for */
	if (sim->cfg->knobs.nested_drain == MODEL_DRAIN_PROD || cnt.n_sync)
		model_poll_cons(cpu, done);
	model_smmu_advance(s, cpu->now);
	/*
	 * The owner runs its whole trap ahead of the other CPUs' clocks: the
	 * emulated CONS shows the drain only from the instant it ended.
	 */
	np->completed_prev = np->completed_seq;
	np->completed_seq = copy_seq;
	np->completed_at = cpu->now;
	cpu->part_ns[MODEL_CPU_SYNC] += cpu->now - wait0;
	if (cnt.n_sync)
		model_ev_sync(cpu, nf - cnt.n_sync, cpu->now - wait0);
	model_acct_el2_end(cpu, cpu->now - wait0);
	if (model_ev_enabled(cpu))
		nested_ev_cmdq_trap(cpu, &cnt, t0, wait0);
	model_sim_unlock(cpu, &sim->el2_lock);
	trap_exit(cpu);
}

/* The host commands completed as a CPU at NOW sees them. */
static u64 nested_completed_seen(const struct nested_priv *np, u64 now)
{
	return now < np->completed_at ? np->completed_prev : np->completed_seq;
}

/* A trapped read of CMDQ_CONS: EL2 returns the emulated value. */
static u64 nested_cons_trap(struct model_cpu *cpu, struct nested_priv *np)
{
	struct model_sim *sim = cpu->sim;
	u64 t0, seen;

	trap_enter(cpu);
	t0 = cpu->now;
	model_acct_el2_begin(cpu);
	model_sim_part(cpu, MODEL_CPU_TRAP, MODEL_P(sim, mmio_read));
	model_sim_sync(cpu);
	seen = nested_completed_seen(np, cpu->now);
	model_acct_el2_end(cpu, 0);
	if (model_ev_enabled(cpu)) {
		MODEL_EV_DECLARE(struct hypev_smmu_mmio_trap, ev);

		ev.common_type = HYPEV_ID_smmu_mmio_trap;
		ev.smmu = 0;
		ev.offset = SMMU_CMDQ_CONS;
		ev.dur_ns = cpu->now - t0;
		ev.write = 0;
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
	}
	trap_exit(cpu);
	return seen;
}

/*
 * The host driver's arm_smmu_cmdq_issue_cmdlist() against the emulated
 * SMMU: reserve and write in host memory (no trap). If another CPU is
 * already waiting to become the owner, it will write PROD for these
 * commands too (Linux gathers); else this CPU becomes the owner, waits for
 * the previous one and writes PROD (the trap). With a sync, it then polls
 * CONS, every read a trap, until EL2 has completed its commands.
 */
static void nested_host_issue(struct model_cpu *cpu, const struct model_cmd *cmds,
			      unsigned int n, bool sync)
{
	struct model_sim *sim = cpu->sim;
	struct nested_priv *np = sim->design_priv;
	struct model_cmd sc = { .opcode = MODEL_CMD_SYNC, .cs = MODEL_SYNC_CS_IRQ };
	unsigned int polls = 0;
	u64 t0 = cpu->now, my_seq;

	model_sim_line_atomic(cpu, &sim->llq_line, MODEL_P(sim, atomic));
	model_sim_delay(cpu, (n + sync) * MODEL_P(sim, cmd_write));
	model_sim_sync(cpu);
	while (np->written_seq - nested_completed_seen(np, cpu->now) + n + sync >
	       model_q_entries(np->hq_shift)) {
		/*
		 * Queue full (joiners that never sync outrun EL2's drains):
		 * Linux waits for space as the owner would, writing PROD.
		 */
		model_sim_lock(cpu, &np->owner);
		if (np->completed_seq < np->written_seq)
			nested_prod_trap(cpu, np);
		model_sim_unlock(cpu, &np->owner);
		model_sim_sync(cpu);
		if (sim->error)
			return;
	}
	nested_host_write(sim, np, cmds, n);
	if (sync)
		nested_host_write(sim, np, &sc, 1);
	np->written_seq += n + sync;
	my_seq = np->written_seq;
	cpu->part_ns[MODEL_CPU_TLBI] += cpu->now - t0;
	if (np->owner.owner >= 0 && np->owner.wait_head >= 0) {
		np->joined++;	/* the next owner's PROD write carries these */
	} else {
		model_sim_lock(cpu, &np->owner);
		/* anything not yet copied (ours, or gathered from joiners) */
		if (np->completed_seq < np->written_seq)
			nested_prod_trap(cpu, np);
		model_sim_unlock(cpu, &np->owner);
	}
	if (!sync)
		return;
	/* the owner's trap already waited for the queue to drain; CONS still traps */
	for (;;) {
		u64 seen = nested_cons_trap(cpu, np);

		if (++polls >= sim->cons_polls && seen >= my_seq)
			break;
		if (polls > 1000000) {
			model_sim_fail(sim, -ETIMEDOUT, "model: nested: CMD_SYNC never completed");
			return;
		}
	}
}

/* One change of the stage-2 identity map (a page donated away from the host). */
static void nested_s2_change(struct model_cpu *cpu, u64 pa)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd c1 = { .opcode = MODEL_CMD_TLBI_S2_IPA, .vmid = MODEL_VMID, .addr = pa,
				.leaf = true };
	struct model_cmd c2 = { .opcode = MODEL_CMD_TLBI_NH_ALL, .vmid = MODEL_VMID };
	u64 t0 = cpu->now, w0 = sim->s2.pte_writes, r0 = sim->s2.pte_reads;

	model_sim_lock(cpu, &sim->el2_lock);
	model_sim_delay(cpu, MODEL_P(sim, el2_lock));
	model_pgtable_unmap_pages(&sim->s2, pa, MODEL_PAGE_SIZE, 1);
	model_sim_delay(cpu, model_pt_cost(cpu, &sim->s2, w0, r0, sim->s2.nr_tables));
	model_cmdq_el2_issue(cpu, &c1, 1, true, NULL);
	model_cmdq_el2_issue(cpu, &c2, 1, true, NULL);
	sim->res->counts.s2_changes++;
	if (model_ev_enabled(cpu)) {
		MODEL_EV_DECLARE(struct hypev_smmu_s2_idmap, ev);

		ev.common_type = HYPEV_ID_smmu_s2_idmap;
		ev.prot = 0;
		ev.npages = 1;
		ev.start = pa;
		ev.end = pa + MODEL_PAGE_SIZE;
		ev.dur_ns = cpu->now - t0;
		model_ev_emit(cpu, cpu->now, &ev, sizeof(ev));
	}
	model_sim_unlock(cpu, &sim->el2_lock);
}

static int nested_attach(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct nested_priv *np = sim->design_priv;
	struct model_cmd c[2] = {
		{ .opcode = MODEL_CMD_CFGI_CD, .sid = MODEL_SID, .leaf = true },
		{ .opcode = MODEL_CMD_CFGI_STE, .sid = MODEL_SID, .leaf = true },
	};
	u64 ste = model_ste_addr(np->host_strtab, 64, MODEL_SID);

	/* the host writes its CD and its (shadow) STE in its own memory */
	model_smmu_cd_write(&sim->smmu, np->host_cd, sim->s1.root, MODEL_ASID);
	model_mem_write64(&sim->mem, ste, model_ste_word0(MODEL_STE_CFG_S1, np->host_cd));
	model_sim_delay(cpu, 2 * MODEL_P(sim, ste_write));
	nested_host_issue(cpu, c, 2, true);
	/* pKVM takes the host's stream table page: the idmap loses it */
	nested_s2_change(cpu, np->host_strtab + MODEL_PAGE_SIZE * 0);
	return 0;
}

static int nested_detach(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct nested_priv *np = sim->design_priv;
	struct model_cmd c = { .opcode = MODEL_CMD_CFGI_STE, .sid = MODEL_SID, .leaf = true };

	model_mem_write64(&sim->mem, model_ste_addr(np->host_strtab, 64, MODEL_SID), 0);
	model_sim_delay(cpu, MODEL_P(sim, ste_write));
	nested_host_issue(cpu, &c, 1, true);
	return 0;
}

static int nested_dma_unmap(struct model_cpu *cpu, u64 iova, u64 size)
{
	struct model_sim *sim = cpu->sim;
	struct model_cmd *cmds = sim->cmd_scratch[cpu->id];
	u64 w0 = sim->s1.pte_writes, r0 = sim->s1.pte_reads, got;
	int n, i = 0;

	model_sim_part(cpu, MODEL_CPU_UNMAP, MODEL_P(sim, dma_api) + MODEL_P(sim, iommu_core));
	got = model_pgtable_unmap(&sim->s1, iova, size);
	model_oracle_cleared(cpu, iova, got, 0);
	model_sim_part(cpu, MODEL_CPU_UNMAP, model_pt_cost(cpu, &sim->s1, w0, r0, sim->s1.nr_tables));
	sim->res->counts.unmap_calls++;
	sim->res->counts.pages_unmapped += size >> MODEL_PAGE_SHIFT;
	if (model_ev_enabled(cpu))
		model_ev_host(cpu, cpu->now, 1, iova, 0, size, got);
	/* the host driver's TLBI (VMID 0 in its view), 64 per batch, sync at the end */
	n = model_tlbi_build(sim, MODEL_ASID, 0, iova, got, MODEL_PAGE_SIZE, true, cmds,
			     MODEL_MAX_CMDS);
	while (i < n) {
		int k = n - i < 64 ? n - i : 64;
		bool sync = i + k == n && !sim->cfg->knobs.skip_sync;

		if (sim->cmds_per_sync > 0 && k > sim->cmds_per_sync)
			k = sim->cmds_per_sync;
		if (sim->cmds_per_sync > 0)
			sync = !sim->cfg->knobs.skip_sync;
		nested_host_issue(cpu, cmds + i, k, sync);
		i += k;
	}
	model_iova_free(cpu, iova, size);
	return got == size ? 0 : -EINVAL;
}

static int nested_unmap_sg(struct model_cpu *cpu, u64 iova, unsigned int nents)
{
	return nested_dma_unmap(cpu, iova, (u64)nents << MODEL_PAGE_SHIFT);
}

static int nested_flush(struct model_cpu *cpu)
{
	return 0;
}

const struct model_design_ops model_design_nested = {
	.id = MODEL_DESIGN_NESTED,
	.init = nested_init,
	.attach = nested_attach,
	.detach = nested_detach,
	.dma_map = model_native_dma_map,	/* the host edits its own stage 1: no trap */
	.dma_unmap = nested_dma_unmap,
	.map_sg = model_native_map_sg,
	.unmap_sg = nested_unmap_sg,
	.flush = nested_flush,
};
