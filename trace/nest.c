// SPDX-License-Identifier: GPL-2.0
/*
 * Attribution by nesting (nest.h): host op > hyp interval > EL2 op > SMMU
 * wait, per CPU and time. Events are kept as they come (each source
 * decodes in its own order), sorted per CPU and time at the end, then
 * walked once per CPU with one open host op and one open hyp interval.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "nest.h"

struct trace_nest {
	struct trace_nest_ev *ev;
	size_t nr, cap;
	struct trace_hist *hist[TRACE_NEST_NR_OPS][TRACE_NEST_NR_PARTS];
	uint64_t unnested[TRACE_NEST_NR_REASONS];
	uint64_t excluded[TRACE_NEST_NR_OPS];
	uint32_t res_ns;
	uint64_t residual_ns;
};

/* The open intervals of one CPU while it is walked. */
struct nest_walk {
	bool host_open, hyp_open, tainted;
	unsigned char op;
	uint64_t host_ts, hyp_ts;
	uint32_t host_res, hyp_res;
	uint64_t hyp_ns, el2_ns, wait_ns;	/* of the open host op */
	uint64_t ops_ns, ops_wait_ns;		/* of the open hyp interval */
	uint64_t pending_wait_ns;		/* syncs not yet claimed by an op */
};

struct trace_nest *trace_nest_new(void)
{
	struct trace_nest *n = calloc(1, sizeof(*n));
	unsigned int o, p;

	if (!n)
		return NULL;
	for (o = 0; o < TRACE_NEST_NR_OPS; o++)
		for (p = 0; p < TRACE_NEST_NR_PARTS; p++) {
			n->hist[o][p] = trace_hist_new();
			if (!n->hist[o][p]) {
				trace_nest_free(n);
				errno = ENOMEM;
				return NULL;
			}
		}
	n->res_ns = 1;
	return n;
}

void trace_nest_free(struct trace_nest *n)
{
	unsigned int o, p;

	if (!n)
		return;
	for (o = 0; o < TRACE_NEST_NR_OPS; o++)
		for (p = 0; p < TRACE_NEST_NR_PARTS; p++)
			trace_hist_free(n->hist[o][p]);
	free(n->ev);
	free(n);
}

int trace_nest_add(struct trace_nest *n, const struct trace_nest_ev *ev)
{
	if (n->nr == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 4096;
		struct trace_nest_ev *e = realloc(n->ev, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		n->ev = e;
		n->cap = cap;
	}
	n->ev[n->nr] = *ev;
	if (n->ev[n->nr].op >= TRACE_NEST_NR_OPS)
		n->ev[n->nr].op = TRACE_NEST_OP_MAP;
	n->nr++;
	return 0;
}

/*
 * Order at one timestamp, between events of different sources (a text
 * remote's microseconds tie often): a host entry before anything of EL2,
 * a host return after it. Within one source, arrival order stands.
 */
static int kind_rank(const struct trace_nest_ev *e)
{
	if (e->kind == TRACE_NEST_HOST_START)
		return 0;
	if (e->kind == TRACE_NEST_HOST_END)
		return 2;
	return 1;
}

static int ev_cmp(const void *pa, const void *pb)
{
	const struct trace_nest_ev *a = pa, *b = pb;
	int ra, rb;

	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	if (a->ts_ns != b->ts_ns)
		return a->ts_ns < b->ts_ns ? -1 : 1;
	ra = kind_rank(a);
	rb = kind_rank(b);
	if (a->src != b->src && ra != rb)
		return ra - rb;
	return 0;	/* arrival order decides (idx_cmp) */
}

static void nest_unnested(struct trace_nest *n, struct nest_walk *w, enum trace_nest_reason r)
{
	n->unnested[r]++;
	if (w->host_open)
		w->tainted = true;
}

static void host_close(struct trace_nest *n, struct nest_walk *w, const struct trace_nest_ev *e)
{
	uint64_t total, el1, trans, sum, res = w->host_res > e->res_ns ? w->host_res : e->res_ns;

	w->host_open = false;
	if (e->ts_ns < w->host_ts || w->hyp_ns > e->ts_ns - w->host_ts + res) {
		n->unnested[TRACE_NEST_CLOCK_SKEW]++;
		w->tainted = true;
	}
	if (w->tainted) {
		n->excluded[w->op]++;
		return;
	}
	total = e->ts_ns - w->host_ts;
	el1 = total > w->hyp_ns ? total - w->hyp_ns : 0;
	trans = w->hyp_ns - w->el2_ns - w->wait_ns;
	sum = el1 + trans + w->el2_ns + w->wait_ns;
	if ((sum > total ? sum - total : total - sum) > n->residual_ns)
		n->residual_ns = sum > total ? sum - total : total - sum;
	trace_hist_add(n->hist[w->op][TRACE_NEST_EL1], el1);
	trace_hist_add(n->hist[w->op][TRACE_NEST_TRANSITION], trans);
	trace_hist_add(n->hist[w->op][TRACE_NEST_EL2], w->el2_ns);
	trace_hist_add(n->hist[w->op][TRACE_NEST_SMMU_WAIT], w->wait_ns);
	trace_hist_add(n->hist[w->op][TRACE_NEST_TOTAL], total);
}

/* hyp_exit: the interval's time goes to the open host op, if any. */
static void hyp_close(struct trace_nest *n, struct nest_walk *w, const struct trace_nest_ev *e)
{
	uint32_t res = w->hyp_res > e->res_ns ? w->hyp_res : e->res_ns;
	uint64_t ival, ops, wait;

	w->hyp_open = false;
	/* syncs after the last op: EL2 time spent waiting all the same */
	ops = w->ops_ns + w->pending_wait_ns;
	wait = w->ops_wait_ns + w->pending_wait_ns;
	w->pending_wait_ns = 0;
	if (e->ts_ns < w->hyp_ts || ops > e->ts_ns - w->hyp_ts + res) {
		nest_unnested(n, w, TRACE_NEST_CLOCK_SKEW);
		return;
	}
	/* shorter than its ops within the resolution: the ops' dur_ns are finer */
	ival = e->ts_ns - w->hyp_ts;
	if (ival < ops)
		ival = ops;
	if (!w->host_open) {
		n->unnested[TRACE_NEST_HYP_OUTSIDE_HOST]++;
		return;
	}
	w->hyp_ns += ival;
	w->el2_ns += ops - wait;
	w->wait_ns += wait;
}

static void el2_op(struct trace_nest *n, struct nest_walk *w, const struct trace_nest_ev *e)
{
	uint64_t wait = w->pending_wait_ns ? w->pending_wait_ns : e->wait_ns;
	uint32_t res = w->hyp_res > e->res_ns ? w->hyp_res : e->res_ns;

	w->pending_wait_ns = 0;
	if (!w->hyp_open) {
		nest_unnested(n, w, TRACE_NEST_EL2_OUTSIDE_HYP);
		return;
	}
	/* started before the hyp_enter around it, or waited longer than it ran */
	if (e->ts_ns < w->hyp_ts || e->dur_ns > e->ts_ns - w->hyp_ts + res || wait > e->dur_ns) {
		nest_unnested(n, w, TRACE_NEST_CLOCK_SKEW);
		return;
	}
	w->ops_ns += e->dur_ns;
	w->ops_wait_ns += wait;
}

static void host_open(struct trace_nest *n, struct nest_walk *w, const struct trace_nest_ev *e)
{
	if (w->host_open) {
		n->unnested[TRACE_NEST_MISSING_HOST_END]++;
		n->excluded[w->op]++;
	}
	if (w->hyp_open) {
		n->unnested[TRACE_NEST_MISSING_HYP_EXIT]++;
		w->hyp_open = false;
	}
	memset(w, 0, sizeof(*w));
	w->host_open = true;
	w->op = e->op;
	w->host_ts = e->ts_ns;
	w->host_res = e->res_ns;
}

static void nest_step(struct trace_nest *n, struct nest_walk *w, const struct trace_nest_ev *e)
{
	switch (e->kind) {
	case TRACE_NEST_HOST_START:
		host_open(n, w, e);
		break;
	case TRACE_NEST_HOST_END:
		if (!w->host_open) {
			n->unnested[TRACE_NEST_MISSING_HOST_START]++;
			break;
		}
		if (w->hyp_open) {
			nest_unnested(n, w, TRACE_NEST_MISSING_HYP_EXIT);
			w->hyp_open = false;
		}
		host_close(n, w, e);
		break;
	case TRACE_NEST_HYP_ENTER:
		if (w->hyp_open)
			nest_unnested(n, w, TRACE_NEST_MISSING_HYP_EXIT);
		w->hyp_open = true;
		w->hyp_ts = e->ts_ns;
		w->hyp_res = e->res_ns;
		w->ops_ns = w->ops_wait_ns = w->pending_wait_ns = 0;
		break;
	case TRACE_NEST_HYP_EXIT:
		if (!w->hyp_open)
			nest_unnested(n, w, TRACE_NEST_MISSING_HYP_ENTER);
		else
			hyp_close(n, w, e);
		break;
	case TRACE_NEST_EL2_OP:
		el2_op(n, w, e);
		break;
	case TRACE_NEST_SYNC:
		if (!w->hyp_open)
			nest_unnested(n, w, TRACE_NEST_SYNC_OUTSIDE_HYP);
		else
			w->pending_wait_ns += e->wait_ns;
		break;
	case TRACE_NEST_LOST:
		if (w->host_open || w->hyp_open)
			nest_unnested(n, w, TRACE_NEST_LOST_INSIDE);
		break;
	}
}

/* The end of one CPU's events: what is still open never ended. */
static void nest_cpu_end(struct trace_nest *n, struct nest_walk *w)
{
	if (w->hyp_open)
		nest_unnested(n, w, TRACE_NEST_MISSING_HYP_EXIT);
	if (w->host_open) {
		n->unnested[TRACE_NEST_MISSING_HOST_END]++;
		n->excluded[w->op]++;
	}
	memset(w, 0, sizeof(*w));
}

/* a stable sort: the arrival index breaks what ev_cmp leaves equal */
static int idx_cmp(const void *pa, const void *pb, void *arg)
{
	const struct trace_nest *n = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = ev_cmp(&n->ev[a], &n->ev[b]);

	return c ? c : (a < b ? -1 : a > b);
}

int trace_nest_finish(struct trace_nest *n)
{
	struct nest_walk w = { 0 };
	size_t *idx, i;
	int cpu = -1;

	idx = malloc((n->nr ? n->nr : 1) * sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	for (i = 0; i < n->nr; i++)
		idx[i] = i;
	qsort_r(idx, n->nr, sizeof(*idx), idx_cmp, n);
	for (i = 0; i < n->nr; i++) {
		const struct trace_nest_ev *e = &n->ev[idx[i]];

		if (e->cpu != cpu) {
			nest_cpu_end(n, &w);
			cpu = e->cpu;
		}
		if (e->kind != TRACE_NEST_LOST && e->res_ns > n->res_ns)
			n->res_ns = e->res_ns;
		nest_step(n, &w, e);
	}
	nest_cpu_end(n, &w);
	free(idx);
	free(n->ev);
	n->ev = NULL;
	n->nr = n->cap = 0;
	return 0;
}

const struct trace_hist *trace_nest_hist(const struct trace_nest *n, enum trace_nest_op op,
					 enum trace_nest_part part)
{
	if (op >= TRACE_NEST_NR_OPS || part >= TRACE_NEST_NR_PARTS)
		return NULL;
	return n->hist[op][part];
}

uint64_t trace_nest_unnested(const struct trace_nest *n, enum trace_nest_reason r)
{
	return r < TRACE_NEST_NR_REASONS ? n->unnested[r] : 0;
}

uint64_t trace_nest_excluded(const struct trace_nest *n, enum trace_nest_op op)
{
	return op < TRACE_NEST_NR_OPS ? n->excluded[op] : 0;
}

uint32_t trace_nest_res_ns(const struct trace_nest *n)
{
	return n->res_ns;
}

uint64_t trace_nest_residual_ns(const struct trace_nest *n)
{
	return n->residual_ns;
}
