// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregated mode: EL2 kept a histogram per op and CPU (hypev_hist.h) and
 * read it out as smmu_hist records, one per non-empty bucket. Each record's
 * count goes into the bucket of the same index of the op the per-event path
 * would have fed (agg_field_op_name(): smmu_map, smmu_tlbi.range_pages ...),
 * on the CPU the record names; the op's min/max/sum come from the record of
 * seq 0. The layout is shared, so nothing is re-binned: percentiles equal
 * those of the per-event path over the same values.
 *
 * Samples that reached no bucket (EL2's `over`, readout records lost or
 * malformed) are counted as lost events of the source, per CPU, and show in
 * every lost-event report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agg_int.h"
#include "hypev_hist.h"

enum { HF_OP, HF_CPU, HF_BUCKET, HF_COUNT, HF_SEQ, HF_NR_BUCKETS, HF_OVER, HF_TOTAL,
       HF_MIN, HF_MAX, HF_SUM, HF_NR };

static const char *const hist_fields[HF_NR] = {
	"op", "cpu", "bucket", "count", "seq", "nr_buckets", "over", "total",
	"min", "max", "sum",
};

static const struct {
	const char *event, *field;
} hist_ops[HYPEV_HIST_NR_OPS] = {
#define HIST_OP_NAME(op, ev, fld) [HYPEV_HIST_##op] = { #ev, #fld },
	HYPEV_HIST_OPS(HIST_OP_NAME)
#undef HIST_OP_NAME
};

/* What one op on one CPU announced (seq 0 records) and what arrived. */
struct agg_hist_cpu {
	uint64_t total, got;
	struct trace_source *src;
};

struct agg_hist {
	struct agg_op *op[HYPEV_HIST_NR_OPS];
	struct agg_hist_cpu cpu[HYPEV_HIST_NR_OPS][TRACE_MAX_CPUS];
	struct trace_source *bad_src;
	uint64_t bad;			/* records naming no op, CPU or bucket of ours */
};

bool agg_hist_type(struct agg_type *at, struct trace_evtype *t)
{
	unsigned int i;
	int f[HF_NR];

	if (strcmp(t->name, "smmu_hist"))
		return false;
	for (i = 0; i < HF_NR; i++) {
		f[i] = trace_evtype_field(t, hist_fields[i]);
		if (f[i] < 0)
			return false;	/* not our layout: counted as a plain event */
	}
	at->hist_field = malloc(sizeof(f));
	if (!at->hist_field)
		return false;
	memcpy(at->hist_field, f, sizeof(f));
	return true;
}

static struct agg_op *hist_op(struct trace_agg *a, unsigned int op)
{
	const struct hypev_event_desc *ev;
	const struct hypev_field_desc *fd;
	char name[256];

	if (a->hist->op[op])
		return a->hist->op[op];
	ev = hypev_event_find(hist_ops[op].event);
	fd = ev ? hypev_field_find(ev, hist_ops[op].field) : NULL;
	if (!fd || !agg_field_unit(fd))
		return NULL;
	agg_field_op_name(ev->name, ev, fd, name, sizeof(name));
	a->hist->op[op] = agg_op_get(a, name, agg_field_unit(fd), true);
	return a->hist->op[op];
}

int agg_hist_rec(struct trace_agg *a, const struct agg_type *at, const struct trace_rec *rec)
{
	const int *f = at->hist_field;
	uint64_t op = rec->val[f[HF_OP]], cpu = rec->val[f[HF_CPU]];
	uint64_t bucket = rec->val[f[HF_BUCKET]], n = rec->val[f[HF_COUNT]];
	struct agg_hist_cpu *hc;
	struct agg_op *o;
	int ret;

	if (!a->hist) {
		a->hist = calloc(1, sizeof(*a->hist));
		if (!a->hist)
			return -ENOMEM;
	}
	o = op < HYPEV_HIST_NR_OPS ? hist_op(a, op) : NULL;
	if (!o || cpu >= TRACE_MAX_CPUS || bucket >= HYPEV_HIST_NR_BUCKETS) {
		a->hist->bad++;
		a->hist->bad_src = a->src;
		return o || op >= HYPEV_HIST_NR_OPS ? 0 : -ENOMEM;
	}
	hc = &a->hist->cpu[op][cpu];
	hc->src = a->src;
	if (rec->val[f[HF_SEQ]] == 0) {
		hc->total += rec->val[f[HF_TOTAL]];
		agg_op_add_summary(o, cpu, rec->val[f[HF_MIN]], rec->val[f[HF_MAX]],
				   rec->val[f[HF_SUM]]);
	}
	ret = agg_op_add_bucket(a, o, cpu, bucket, n);
	if (!ret)
		hc->got += n;
	return ret;
}

/* Samples announced but not binned: lost events of their source and CPU. */
void agg_hist_finish(struct trace_agg *a)
{
	struct agg_hist *h = a->hist;
	unsigned int op, cpu;
	uint64_t miss;

	if (!h)
		return;
	for (op = 0; op < HYPEV_HIST_NR_OPS; op++)
		for (cpu = 0; cpu < TRACE_MAX_CPUS; cpu++) {
			struct agg_hist_cpu *hc = &h->cpu[op][cpu];

			miss = hc->total > hc->got ? hc->total - hc->got : 0;
			if (!miss || !hc->src)
				continue;
			hc->src->lost += miss;
			hc->src->lost_cpu[cpu] += miss;
			trace_err("smmu_hist: %llu %s values of cpu%u reached no bucket (out of "
				  "EL2's range, or readout records lost): counted as lost\n",
				  (unsigned long long)miss, h->op[op] ? h->op[op]->pub.name : "?",
				  cpu);
			hc->got = hc->total;	/* finish may run once more: count once */
		}
	if (h->bad && h->bad_src) {
		h->bad_src->lost += h->bad;
		trace_err("smmu_hist: %llu records name no op, CPU or bucket of this layout: "
			  "counted as lost\n", (unsigned long long)h->bad);
		h->bad = 0;
	}
}

void agg_hist_free(struct trace_agg *a)
{
	free(a->hist);
	a->hist = NULL;
}
