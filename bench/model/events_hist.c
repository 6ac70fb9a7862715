// SPDX-License-Identifier: GPL-2.0
/*
 * The model's EL2 in aggregated mode (cfg.hyp_mode = HYPEV_MODE_HIST): in
 * place of writing an event, EL2 adds the op's value to its CPU's
 * histogram with hypev_hist_add() (hyp-instrumentation/hypev_hist.h, the
 * code a kernel patch runs) and the CPU pays the profile's hyp_hist_ns. At
 * the end of the window each CPU reads its histograms out as smmu_hist
 * records, one per non-empty bucket, into its own ring (hyp_event_ns each,
 * after the workload: no op pays for it), where the collector merges them.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hypev.h"
#include "hypev_hist.h"
#include "model_int.h"

/* Where each aggregated op's value sits in its event's record. */
static const struct {
	u16 id;
	u16 offset, size;
} hist_src[HYPEV_HIST_NR_OPS] = {
#define HIST_SRC(op, ev, fld)							\
	[HYPEV_HIST_##op] = { HYPEV_ID_##ev, offsetof(struct hypev_##ev, fld),	\
			      sizeof(((struct hypev_##ev *)0)->fld) },
	HYPEV_HIST_OPS(HIST_SRC)
#undef HIST_SRC
};

/* enum hypev_hist_mode's order, as MODEL_HYP_MODES lists them */
static const char *const hyp_mode_names[] = { "per-event", "hist", "off" };

int model_hyp_mode_parse(const char *name, unsigned int *mode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hyp_mode_names); i++)
		if (!strcmp(name, hyp_mode_names[i])) {
			*mode = i;
			return 0;
		}
	return -EINVAL;
}

const char *model_hyp_mode_name(unsigned int mode)
{
	return mode < ARRAY_SIZE(hyp_mode_names) ? hyp_mode_names[mode] : "?";
}

int model_hist_init(struct model_cpu *cpu)
{
	cpu->hist = calloc(HYPEV_HIST_NR_OPS, sizeof(struct hypev_hist));
	return cpu->hist ? 0 : -ENOMEM;
}

void model_hist_free(struct model_cpu *cpu)
{
	free(cpu->hist);
	cpu->hist = NULL;
}

/* The EL2 record REC (not written): every aggregated value of it binned. */
void model_hist_rec(struct model_cpu *cpu, const void *rec)
{
	struct hypev_hist *h = cpu->hist;
	unsigned int op;
	u64 v = 0;
	u16 id;

	memcpy(&id, rec, sizeof(id));
	for (op = 0; op < HYPEV_HIST_NR_OPS; op++) {
		if (hist_src[op].id != id)
			continue;
		memcpy(&v, (const unsigned char *)rec + hist_src[op].offset, hist_src[op].size);
		hypev_hist_add(&h[op], v);	/* little-endian host: the low bytes */
		cpu->now += MODEL_P(cpu->sim, hyp_hist_ns);
		cpu->sim->res->counts.hist_updates++;
	}
}

/* One op's histogram of CPU cpu read out as smmu_hist records, then cleared. */
static void hist_readout_op(struct model_cpu *cpu, unsigned int op)
{
	struct hypev_hist *h = &((struct hypev_hist *)cpu->hist)[op];
	u32 seq = 0;
	int b = -1;

	while ((b = hypev_hist_next(h, b)) >= 0) {
		MODEL_EV_DECLARE(struct hypev_smmu_hist, ev);

		ev.common_type = HYPEV_ID_smmu_hist;
		ev.op = op;
		ev.cpu = cpu->id;
		ev.bucket = b;
		ev.count = h->buckets[b];
		ev.seq = seq++;
		ev.nr_buckets = h->nr_used;
		ev.over = h->over;
		ev.total = h->count;
		ev.min = h->min;
		ev.max = h->max;
		ev.sum = h->sum;
		model_ev_write(cpu, cpu->now, &ev, sizeof(ev));
		cpu->sim->res->counts.hist_events++;
	}
	memset(h, 0, sizeof(*h));
}

/* End of the window: every CPU reads out its own histograms. */
void model_hist_readout(struct model_sim *sim)
{
	unsigned int i, op;

	for (i = 0; i < sim->nr_cpus; i++) {
		struct model_cpu *cpu = &sim->cpus[i];
		u64 t0 = cpu->now;

		if (!cpu->hist)
			continue;
		for (op = 0; op < HYPEV_HIST_NR_OPS; op++)
			hist_readout_op(cpu, op);
		sim->res->counts.hist_readout_ns += cpu->now - t0;
	}
}
