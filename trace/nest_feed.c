// SPDX-License-Identifier: GPL-2.0
/*
 * Decoded records -> the nesting stage (nest.h). Which record is which
 * interval end is decided once per event type:
 *   hypervisor:hyp_enter / hyp_exit            the hyp interval
 *   hypervisor:smmu_{map,unmap,map_sg,cmdq_trap,mmio_trap}   EL2 ops (dur_ns,
 *                                              cmdq_trap's own wait_ns)
 *   hypervisor:smmu_sync                       SMMU wait (wait_ns)
 *   smmubench*:NAME / NAME_ret                 a host probe pair (-k/-u, the
 *                                              model's host probes): entry and
 *                                              return; "unmap" in NAME makes it
 *                                              an unmap, "map" a map; a pair
 *                                              named neither is no host op
 *   iommu:map / iommu:unmap, dma:*             host points inside the open host
 *                                              op (size / unmapped_size bytes)
 * Timestamps of a text remote are microseconds (res 1000 ns), every other
 * source's nanoseconds. Lost events span the gap between their CPU's
 * records before and after them in the same source (where the reader found
 * them); after a source's last record, the rest of time.
 */
#include <errno.h>
#include <string.h>

#include "agg_int.h"
#include "nest.h"

static const char *const el2_ops[] = {
	"smmu_map", "smmu_unmap", "smmu_map_sg", "smmu_cmdq_trap", "smmu_mmio_trap",
};

static bool is_el2(const char *sys)
{
	return !strcmp(sys, "hypervisor") || !strcmp(sys, "hyp");
}

static void nest_need(struct trace_evtype *t, struct agg_type *at, const char *field, int *idx)
{
	*idx = trace_evtype_field(t, field);
	if (*idx >= 0)
		t->need |= 1u << *idx;
	(void)at;
}

/* The type's part in the nesting, in at->nest_*; need bits for its fields. */
void agg_nest_type(struct agg_type *at, struct trace_evtype *t)
{
	size_t len = strlen(t->name);
	unsigned int i;

	at->nest_kind = -1;
	at->nest_dur = at->nest_wait = at->nest_bytes = -1;
	if (is_el2(t->system)) {
		if (!strcmp(t->name, "hyp_enter"))
			at->nest_kind = TRACE_NEST_HYP_ENTER;
		else if (!strcmp(t->name, "hyp_exit"))
			at->nest_kind = TRACE_NEST_HYP_EXIT;
		else if (!strcmp(t->name, "smmu_sync"))
			at->nest_kind = TRACE_NEST_SYNC;
		for (i = 0; i < ARRAY_SIZE(el2_ops); i++)
			if (!strcmp(t->name, el2_ops[i]))
				at->nest_kind = TRACE_NEST_EL2_OP;
		if (at->nest_kind == TRACE_NEST_EL2_OP)
			nest_need(t, at, "dur_ns", &at->nest_dur);
		if (at->nest_kind == TRACE_NEST_EL2_OP || at->nest_kind == TRACE_NEST_SYNC)
			nest_need(t, at, "wait_ns", &at->nest_wait);
		if (at->nest_kind == TRACE_NEST_EL2_OP && at->nest_dur < 0)
			at->nest_kind = -1;	/* an op without its duration nests nothing */
		return;
	}
	if (!strcmp(t->system, "iommu") && (!strcmp(t->name, "map") || !strcmp(t->name, "unmap"))) {
		at->nest_kind = TRACE_NEST_HOST_MARK;
		at->nest_mark = TRACE_NEST_MARK_IOMMU;
		nest_need(t, at, strcmp(t->name, "map") ? "unmapped_size" : "size", &at->nest_bytes);
		return;
	}
	if (!strcmp(t->system, "dma")) {
		at->nest_kind = TRACE_NEST_HOST_MARK;
		at->nest_mark = TRACE_NEST_MARK_DMA;
		return;
	}
	/* a probe pair that is no map or unmap (a TLBI inside one) is no host op */
	if (strncmp(t->system, "smmubench", 9) || !strstr(t->name, "map"))
		return;
	at->nest_kind = len > 4 && !strcmp(t->name + len - 4, "_ret") ? TRACE_NEST_HOST_END :
									 TRACE_NEST_HOST_START;
	at->nest_op = strstr(t->name, "unmap") ? TRACE_NEST_OP_UNMAP : TRACE_NEST_OP_MAP;
}

/* the resolution of the current source's timestamps, ns: trace_agg_set_source() */
uint32_t agg_nest_res_ns(const struct trace_agg *a)
{
	/* trace_remote.c prints "%5llu.%06lu": microseconds */
	return a->src && a->src->ops && !strcmp(a->src->ops->kind, "remote") ? 1000 : 1;
}

/* Events lost on CPU between its records at ts - gap and ts of this source. */
static int nest_lost_put(struct trace_agg *a, int cpu, uint64_t ts, uint64_t gap)
{
	struct trace_nest_ev e = { .ts_ns = ts, .dur_ns = gap, .res_ns = a->src_res_ns,
				   .cpu = cpu, .kind = TRACE_NEST_LOST,
				   .src = (unsigned char)a->src_idx };

	return trace_nest_add(a->nest, &e);
}

int agg_nest_rec_slow(struct trace_agg *a, const struct agg_type *at,
		      const struct trace_rec *rec)
{
	struct trace_nest_ev e;
	int ret;

	if (rec->cpu < 0 || rec->cpu >= TRACE_MAX_CPUS)
		return 0;
	if (a->nest_lost[rec->cpu]) {
		a->nest_lost[rec->cpu] = false;
		ret = nest_lost_put(a, rec->cpu, rec->ts_ns,
				    rec->ts_ns - a->nest_last_ts[rec->cpu]);
		if (ret)
			return ret;
	}
	a->nest_last_ts[rec->cpu] = rec->ts_ns;
	if (at->nest_kind < 0)
		return 0;
	e = (struct trace_nest_ev){ .ts_ns = rec->ts_ns, .res_ns = a->src_res_ns, .cpu = rec->cpu,
				    .kind = (unsigned char)at->nest_kind, .op = at->nest_op,
				    .src = (unsigned char)a->src_idx };
	if (at->nest_dur >= 0)
		e.dur_ns = rec->val[at->nest_dur];
	if (at->nest_wait >= 0)
		e.wait_ns = rec->val[at->nest_wait];
	if (at->nest_bytes >= 0)
		e.bytes = rec->val[at->nest_bytes];
	e.mark = at->nest_mark;
	return trace_nest_add(a->nest, &e);
}

void agg_nest_lost(struct trace_agg *a, int cpu)
{
	if (cpu >= 0 && cpu < TRACE_MAX_CPUS)
		a->nest_lost[cpu] = true;
}

/* A source's last losses, after its last record: at that CPU's last time. */
int agg_nest_source_end(struct trace_agg *a)
{
	unsigned int c;
	int ret = 0;

	for (c = 0; c < TRACE_MAX_CPUS && !ret; c++)
		if (a->nest_lost[c]) {
			a->nest_lost[c] = false;
			ret = nest_lost_put(a, c, UINT64_MAX, UINT64_MAX - a->nest_last_ts[c]);
		}
	memset(a->nest_last_ts, 0, sizeof(a->nest_last_ts));
	return ret;
}
