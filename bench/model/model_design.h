/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers the design files share: command issue paths and EL2 events. */
#ifndef MODEL_DESIGN_H
#define MODEL_DESIGN_H

#include "model_int.h"

/* Upper bound of commands one unmap builds (1024 pages without RIL + syncs). */
#define MODEL_MAX_CMDS	2048

/*
 * Linux arm_smmu_cmdq_issue_cmdlist(): lock-free slot reservation on the
 * shared llq cache line, commands written in place, one owner CPU writes
 * PROD for the gathered batch; with sync, a CMD_SYNC is appended and the
 * CPU waits (WFE on the MSI-written slot) for it. Returns the completion time of the
 * CMD_SYNC (or of the last command).
 */
u64 model_cmdq_linux_issue(struct model_cpu *cpu, const struct model_cmd *cmds,
			   unsigned int n, bool sync);
/*
 * EL2's insertion (paravirt RFC v2, nested emulation): commands written,
 * one PROD write per call; with sync, CMD_SYNC then poll CONS over MMIO
 * until the queue is empty. Caller holds the EL2 lock. wait_ns (may be NULL)
 * gets the time spent waiting for the sync.
 */
u64 model_cmdq_el2_issue(struct model_cpu *cpu, const struct model_cmd *cmds,
			 unsigned int n, bool sync, u64 *wait_ns);

/* EL2 polls CONS over MMIO until the command completing at done has. */
void model_poll_cons(struct model_cpu *cpu, u64 done);

/*
 * TLB invalidation commands for [iova, iova+size) with leaves of leaf_size
 * (the granule: one command each without RIL), arm-smmu-v3 rules.
 */
int model_tlbi_build(struct model_sim *sim, u16 asid, u16 vmid, u64 iova, u64 size,
		     u64 leaf_size, bool asid_fallback, struct model_cmd *out, unsigned int max);

/* Emit helpers: EL2 events (only when events are on). */
void model_ev_tlbi(struct model_cpu *cpu, const struct model_cmd *c);
void model_ev_sync(struct model_cpu *cpu, u32 batch, u64 wait_ns);
void model_ev_hyp(struct model_cpu *cpu, bool enter, u8 reason);
void model_ev_ste(struct model_cpu *cpu, u32 sid, u64 dur_ns);

/* mainline kvm_hypevents.h hyp_enter/hyp_exit reasons (HVC, HOST_ABORT) */
#define MODEL_HYP_REASON_HVC		1
#define MODEL_HYP_REASON_HOST_ABORT	4

/* Page-table edit cost since a snapshot of the counters. */
u64 model_pt_cost(struct model_cpu *cpu, struct model_pgtable *pt, u64 writes0, u64 reads0,
		  u64 tables0);
/*
 * Memory-bound per-page work (descriptor stores and loads, refcounts) slows
 * down by dram_contention percent per other CPU streaming a memset now.
 */
u64 model_mem_slow(struct model_cpu *cpu, u64 ns);

#endif
