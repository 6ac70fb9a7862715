// SPDX-License-Identifier: GPL-2.0
/*
 * The model's attribution of host DMA maps and unmaps (model.h attr_ns):
 * every stretch of a CPU's virtual time inside a host op is charged to the
 * part it runs in, switched at the points where the events are written
 * (hyp_enter, an EL2 op's start and end, hyp_exit), so the collector's
 * split of the same run from those events (trace/nest.h) must agree:
 *   el1         host entry .. hyp_enter, hyp_exit .. host return
 *   transition  hyp_enter .. EL2 op start, EL2 op end .. hyp_exit
 *   el2         the EL2 op, less its SMMU wait
 *   smmu_wait   the smmu_sync waits inside the op (else the op's wait_ns)
 * The host op's entry and return also fire its probe pair's events.
 */
#include "model_int.h"

static void acct_switch(struct model_cpu *cpu, u8 part)
{
	if (!cpu->acct.in_op)
		return;
	cpu->acct.ns[cpu->acct.part] += cpu->now - cpu->acct.since;
	cpu->acct.since = cpu->now;
	cpu->acct.part = part;
}

void model_acct_host(struct model_cpu *cpu, bool unmap, bool end)
{
	struct model_results *res = cpu->sim->res;
	unsigned int p;

	model_ev_probe(cpu, unmap, end);
	if (!end) {
		cpu->acct.in_op = true;
		cpu->acct.op = unmap;
		cpu->acct.part = MODEL_ATTR_EL1;
		cpu->acct.since = cpu->now;
		cpu->acct.sync_wait = 0;
		for (p = 0; p < MODEL_NR_ATTR_PARTS; p++)
			cpu->acct.ns[p] = 0;
		return;
	}
	if (!cpu->acct.in_op)
		return;
	acct_switch(cpu, MODEL_ATTR_EL1);
	for (p = 0; p < MODEL_NR_ATTR_PARTS; p++)
		res->attr_ns[cpu->acct.op][p] += cpu->acct.ns[p];
	res->attr_ops[cpu->acct.op]++;
	cpu->acct.in_op = false;
}

void model_acct_hyp(struct model_cpu *cpu, bool enter)
{
	acct_switch(cpu, enter ? MODEL_ATTR_TRANSITION : MODEL_ATTR_EL1);
}

void model_acct_el2_begin(struct model_cpu *cpu)
{
	acct_switch(cpu, MODEL_ATTR_EL2);
	cpu->acct.sync_wait = 0;
}

void model_acct_sync(struct model_cpu *cpu, u64 wait_ns)
{
	cpu->acct.sync_wait += wait_ns;
}

void model_acct_el2_end(struct model_cpu *cpu, u64 own_wait)
{
	u64 wait = cpu->acct.sync_wait ? cpu->acct.sync_wait : own_wait;

	if (!cpu->acct.in_op)
		return;
	acct_switch(cpu, MODEL_ATTR_TRANSITION);
	cpu->acct.ns[MODEL_ATTR_EL2] -= wait;
	cpu->acct.ns[MODEL_ATTR_SMMU_WAIT] += wait;
	cpu->acct.sync_wait = 0;
}
