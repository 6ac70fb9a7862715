// SPDX-License-Identifier: GPL-2.0
/*
 * Attribution by nesting (nest.h): host op > hyp interval > EL2 op > SMMU wait, per CPU
 * and time. Stage A as events come keeps one open host op and hyp interval per CPU and
 * source, and the closed ones and points, never the events; stage B matches them per CPU
 * at the end, or as they close once every host op is in (then only host ops are kept).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "nest_int.h"

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
	for (o = 0; o < n->nr_cpus; o++) {
		free(n->cpu[o].host);
		free(n->cpu[o].hyp);
		free(n->cpu[o].pt);
		free(n->cpu[o].open);
	}
	free(n->cpu);
	free(n);
}

static int grow(void **arr, size_t *cap, size_t nr, size_t size)
{
	void *n;

	if (nr < *cap)
		return 0;
	n = realloc(*arr, (*cap ? *cap * 2 : 256) * size);
	if (!n)
		return -ENOMEM;
	*arr = n;
	*cap = *cap ? *cap * 2 : 256;
	return 0;
}

static int host_cmp(const void *pa, const void *pb)
{
	const struct nest_host *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

/*
 * The host ops that may overlap [lo, hi] (res: its ends' resolution), as [*first, *last);
 * host ops of one CPU do not overlap, so they are sorted by their ends too.
 */
static void host_range(const struct nest_cpu *c, uint64_t lo, uint64_t hi, uint32_t res,
		       size_t *first, size_t *last)
{
	size_t a = 0, b = c->nr_host, m;

	while (a < b) {		/* the first whose end + res > lo */
		m = a + (b - a) / 2;
		if (c->host[m].end + c->host[m].res > lo)
			b = m;
		else
			a = m + 1;
	}
	*first = a;
	while (a < c->nr_host && c->host[a].start < (hi > UINT64_MAX - res ? UINT64_MAX : hi + res))
		a++;
	*last = a;
}

/* Stage B for one hyp interval: the one host op that contains it, or why not. */
static void hyp_attach(struct trace_nest *n, struct nest_cpu *c, const struct nest_hyp *h)
{
	size_t first, last, i, in = 0, at = 0;
	uint64_t ival;

	host_range(c, h->enter, h->exit, h->res, &first, &last);
	for (i = first; i < last; i++)
		if (c->host[i].start < h->enter + h->res &&
		    h->exit < c->host[i].end + c->host[i].res) {
			in++;
			at = i;
		}
	if (first == last) {
		n->unnested[TRACE_NEST_HYP_OUTSIDE_HOST]++;
		return;
	}
	if (in != 1 || last - first != 1) {
		n->unnested[in > 1 || h->res > 1 ? TRACE_NEST_AMBIGUOUS :
						   TRACE_NEST_HYP_STRADDLES]++;
		for (i = first; i < last; i++)
			c->host[i].tainted = true;
		return;
	}
	/* shorter than its ops within the resolution: the ops' dur_ns are finer */
	ival = h->exit - h->enter;
	if (ival < h->ops_ns)
		ival = h->ops_ns;
	c->host[at].tainted |= h->tainted;
	c->host[at].hyp_ns += ival;
	c->host[at].el2_ns += h->ops_ns - h->wait_ns;
	c->host[at].wait_ns += h->wait_ns;
}

/* Stage B for one point: the host ops it touches are left out. */
static void point_taint(struct trace_nest *n, struct nest_cpu *c, const struct nest_point *pt)
{
	size_t first, last, j;

	host_range(c, pt->lo, pt->hi, pt->res, &first, &last);
	for (j = first; j < last; j++)
		c->host[j].tainted = true;
	if (pt->lost && last > first)
		n->unnested[TRACE_NEST_LOST_INSIDE]++;
}

/* nest_int.h's nest_point_add() past its count: taint now, or keep for stage B */
int nest_point_keep(struct trace_nest *n, struct nest_cpu *c, uint64_t lo, uint64_t hi,
		    uint32_t res, bool lost)
{
	struct nest_point pt = { .lo = lo, .hi = hi, .res = res, .lost = lost };

	if (n->host_done) {
		if (c->nr_host)
			point_taint(n, c, &pt);
		return 0;
	}
	if (c->nr_pt == c->cap_pt && grow((void **)&c->pt, &c->cap_pt, c->nr_pt, sizeof(*c->pt)))
		return -ENOMEM;
	c->pt[c->nr_pt++] = pt;
	return 0;
}

/* A closed host op's points, whether its time nests or not. */
static void host_marks_count(struct trace_nest *n, const struct nest_host *h)
{
	unsigned int m;

	n->host_ops[h->op]++;
	n->mark_bytes[h->op] += h->mark_bytes;
	for (m = 0; m < TRACE_NEST_NR_MARKS; m++) {
		n->marks[h->op][m] += h->marks[m];
		if (!h->marks[m])
			n->unmarked[h->op][m]++;
	}
}

/* A host point (iommu:, dma:) in the open host op of its source, or in none. */
static void host_mark(struct trace_nest *n, struct nest_open *o, const struct trace_nest_ev *e)
{
	if (!o->host_open) {
		n->unnested[TRACE_NEST_MARK_OUTSIDE_HOST]++;
		return;
	}
	o->cur_host.marks[e->mark < TRACE_NEST_NR_MARKS ? e->mark : TRACE_NEST_MARK_DMA]++;
	o->cur_host.mark_bytes += e->bytes;
}

static int host_step(struct trace_nest *n, struct nest_cpu *c, struct nest_open *o,
		     const struct trace_nest_ev *e)
{
	if (e->kind == TRACE_NEST_HOST_START) {
		if (o->host_open) {
			n->unnested[TRACE_NEST_MISSING_HOST_END]++;
			n->excluded[o->cur_host.op]++;
		}
		o->host_open = true;
		o->cur_host = (struct nest_host){ .start = e->ts_ns, .res = e->res_ns, .op = e->op };
		if (e->op >= TRACE_NEST_NR_OPS)
			o->cur_host.op = TRACE_NEST_OP_MAP;
		return 0;
	}
	if (!o->host_open) {
		n->unnested[TRACE_NEST_MISSING_HOST_START]++;
		return 0;
	}
	o->host_open = false;
	o->cur_host.end = e->ts_ns;
	host_marks_count(n, &o->cur_host);
	if (e->res_ns > o->cur_host.res)
		o->cur_host.res = e->res_ns;
	/* none come after trace_nest_host_done(); one that does cannot be matched: left out */
	if (n->host_done)
		o->cur_host.tainted = true;
	if (grow((void **)&c->host, &c->cap_host, c->nr_host, sizeof(*c->host)))
		return -ENOMEM;
	c->host[c->nr_host++] = o->cur_host;
	return 0;
}

static int hyp_close(struct trace_nest *n, struct nest_cpu *c, struct nest_open *o,
		     const struct trace_nest_ev *e)
{
	struct nest_hyp *h = &o->cur_hyp;

	o->hyp_open = false;
	/* syncs after the last op: EL2 time spent waiting all the same */
	h->ops_ns += o->pending_wait_ns;
	h->wait_ns += o->pending_wait_ns;
	o->pending_wait_ns = 0;
	h->exit = e->ts_ns;
	if (e->res_ns > h->res)
		h->res = e->res_ns;
	if (e->ts_ns < h->enter || h->ops_ns > e->ts_ns - h->enter + h->res) {
		n->unnested[TRACE_NEST_CLOCK_SKEW]++;
		h->tainted = true;
	}
	if (n->host_done) {
		hyp_attach(n, c, h);
		return 0;
	}
	if (grow((void **)&c->hyp, &c->cap_hyp, c->nr_hyp, sizeof(*c->hyp)))
		return -ENOMEM;
	c->hyp[c->nr_hyp++] = *h;
	return 0;
}

/* Stage A: one event of one source, in that source's order. */
static int nest_step(struct trace_nest *n, struct nest_cpu *c, struct nest_open *o,
		     const struct trace_nest_ev *e)
{
	switch (e->kind) {
	case TRACE_NEST_HOST_START:
	case TRACE_NEST_HOST_END:
		return host_step(n, c, o, e);
	case TRACE_NEST_HOST_MARK:
		host_mark(n, o, e);
		return 0;
	case TRACE_NEST_HYP_ENTER:
		if (o->hyp_open && nest_point_add(n, c, TRACE_NEST_MISSING_HYP_EXIT,
						  o->cur_hyp.enter, e->ts_ns, e->res_ns))
			return -ENOMEM;
		o->hyp_open = true;
		o->cur_hyp = (struct nest_hyp){ .enter = e->ts_ns, .res = e->res_ns };
		o->pending_wait_ns = 0;
		return 0;
	case TRACE_NEST_HYP_EXIT:
		if (!o->hyp_open)
			return nest_point_add(n, c, TRACE_NEST_MISSING_HYP_ENTER, e->ts_ns,
					      e->ts_ns, e->res_ns);
		return hyp_close(n, c, o, e);
	case TRACE_NEST_EL2_OP:
		return nest_el2_op(n, c, o, e->ts_ns, e->dur_ns, e->wait_ns, e->res_ns);
	case TRACE_NEST_SYNC:
		if (!o->hyp_open)
			return nest_point_add(n, c, TRACE_NEST_SYNC_OUTSIDE_HYP, e->ts_ns,
					      e->ts_ns, e->res_ns);
		o->pending_wait_ns += e->wait_ns;
		return 0;
	case TRACE_NEST_LOST:
		/* the gap since this CPU's previous record of the source: dur_ns long */
		if (o->hyp_open) {
			n->unnested[TRACE_NEST_LOST_INSIDE]++;
			o->cur_hyp.tainted = true;
		}
		return nest_point_add(n, c, TRACE_NEST_NR_REASONS,
				      e->ts_ns > e->dur_ns ? e->ts_ns - e->dur_ns : 0, e->ts_ns,
				      e->res_ns);
	}
	return 0;
}

/* The end of one source's events on a CPU: what is still open never ended. */
static int nest_source_end(struct trace_nest *n, struct nest_cpu *c, struct nest_open *o)
{
	int ret = 0;

	if (o->hyp_open)
		ret = nest_point_add(n, c, TRACE_NEST_MISSING_HYP_EXIT, o->cur_hyp.enter,
				     UINT64_MAX, o->cur_hyp.res);
	if (o->host_open) {
		n->unnested[TRACE_NEST_MISSING_HOST_END]++;
		n->excluded[o->cur_host.op]++;
	}
	o->host_open = o->hyp_open = false;
	o->pending_wait_ns = 0;
	return ret;
}

static void host_close(struct trace_nest *n, const struct nest_host *h)
{
	uint64_t total, el1, trans, sum, d;

	if (h->end < h->start || h->hyp_ns > h->end - h->start + h->res) {
		n->unnested[TRACE_NEST_CLOCK_SKEW]++;
		n->excluded[h->op]++;
		return;
	}
	if (h->tainted) {
		n->excluded[h->op]++;
		return;
	}
	total = h->end - h->start;
	el1 = total > h->hyp_ns ? total - h->hyp_ns : 0;
	trans = h->hyp_ns - h->el2_ns - h->wait_ns;
	sum = el1 + trans + h->el2_ns + h->wait_ns;
	d = sum > total ? sum - total : total - sum;
	if (d > n->residual_ns)
		n->residual_ns = d;
	trace_hist_add(n->hist[h->op][TRACE_NEST_EL1], el1);
	trace_hist_add(n->hist[h->op][TRACE_NEST_TRANSITION], trans);
	trace_hist_add(n->hist[h->op][TRACE_NEST_EL2], h->el2_ns);
	trace_hist_add(n->hist[h->op][TRACE_NEST_SMMU_WAIT], h->wait_ns);
	trace_hist_add(n->hist[h->op][TRACE_NEST_TOTAL], total);
}

/* Stage B for what one CPU kept: hyp intervals into host ops, points taint. */
static void nest_cpu_match(struct trace_nest *n, struct nest_cpu *c)
{
	size_t i;

	if (c->nr_host > 1)	/* qsort() of NULL, 0 is undefined */
		qsort(c->host, c->nr_host, sizeof(*c->host), host_cmp);
	for (i = 0; i < c->nr_hyp; i++)
		hyp_attach(n, c, &c->hyp[i]);
	for (i = 0; i < c->nr_pt; i++)
		point_taint(n, c, &c->pt[i]);
	c->nr_hyp = c->nr_pt = 0;
}

void trace_nest_host_done(struct trace_nest *n)
{
	unsigned int i;

	for (i = 0; i < n->nr_cpus; i++)
		nest_cpu_match(n, &n->cpu[i]);
	n->host_done = true;
}

/* Stage B for one CPU: what it kept matched, then its host ops split. */
static void nest_cpu_finish(struct trace_nest *n, struct nest_cpu *c)
{
	size_t i;

	nest_cpu_match(n, c);
	for (i = 0; i < c->nr_host; i++)
		host_close(n, &c->host[i]);
	c->nr_host = c->nr_hyp = c->nr_pt = 0;
}

/* ev->cpu's open state in ev->src, grown on first sight; NULL on -ENOMEM. */
static struct nest_open *nest_open_get(struct trace_nest *n, const struct trace_nest_ev *ev,
				       struct nest_cpu **cp)
{
	unsigned int cpu = ev->cpu, nr;
	struct nest_cpu *c;
	void *p;

	if (cpu >= n->nr_cpus) {
		nr = cpu + 1 > 2 * n->nr_cpus ? cpu + 1 : 2 * n->nr_cpus;
		p = realloc(n->cpu, nr * sizeof(*n->cpu));
		if (!p)
			return NULL;
		n->cpu = p;
		memset(n->cpu + n->nr_cpus, 0, (nr - n->nr_cpus) * sizeof(*n->cpu));
		n->nr_cpus = nr;
	}
	c = &n->cpu[cpu];
	if (ev->src >= c->nr_open) {
		nr = ev->src + 1u;
		p = realloc(c->open, nr * sizeof(*c->open));
		if (!p)
			return NULL;
		c->open = p;
		memset(c->open + c->nr_open, 0, (nr - c->nr_open) * sizeof(*c->open));
		c->nr_open = nr;
	}
	*cp = c;
	return &c->open[ev->src];
}

int nest_el2_op_first(struct trace_nest *n, int cpu, unsigned int src, uint64_t ts_ns,
		      uint64_t dur_ns, uint64_t wait_ns, uint32_t res_ns)
{
	struct trace_nest_ev e = { .ts_ns = ts_ns, .dur_ns = dur_ns, .wait_ns = wait_ns,
				   .res_ns = res_ns, .cpu = cpu, .kind = TRACE_NEST_EL2_OP,
				   .src = (unsigned char)src };

	return trace_nest_add(n, &e);
}

/* Stage A as the event comes, in its source's order on its CPU. */
int trace_nest_add(struct trace_nest *n, const struct trace_nest_ev *ev)
{
	struct nest_open *o;
	struct nest_cpu *c;

	if (ev->cpu < 0)
		return 0;
	if ((unsigned int)ev->cpu < n->nr_cpus && ev->src < n->cpu[ev->cpu].nr_open) {
		c = &n->cpu[ev->cpu];
		o = &c->open[ev->src];
	} else if (!(o = nest_open_get(n, ev, &c))) {
		return -ENOMEM;
	}
	if (ev->kind != TRACE_NEST_LOST && ev->res_ns > n->res_ns)
		n->res_ns = ev->res_ns;
	return nest_step(n, c, o, ev);
}

/* What is still open ends with its source; then stage B, CPU by CPU. */
int trace_nest_finish(struct trace_nest *n)
{
	unsigned int i, j;
	int ret = 0;

	for (i = 0; i < n->nr_cpus; i++) {
		struct nest_cpu *c = &n->cpu[i];

		for (j = 0; j < c->nr_open && !ret; j++)
			ret = nest_source_end(n, c, &c->open[j]);
		if (!ret)
			nest_cpu_finish(n, c);
		free(c->host);
		free(c->hyp);
		free(c->pt);
		free(c->open);
		memset(c, 0, sizeof(*c));
	}
	return ret;
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

size_t trace_nest_kept(const struct trace_nest *n)
{
	size_t kept = 0;
	unsigned int i;

	for (i = 0; i < n->nr_cpus; i++)
		kept += n->cpu[i].nr_host + n->cpu[i].nr_hyp + n->cpu[i].nr_pt;
	return kept;
}

uint64_t trace_nest_host_ops(const struct trace_nest *n, enum trace_nest_op op)
{
	return op < TRACE_NEST_NR_OPS ? n->host_ops[op] : 0;
}

uint64_t trace_nest_marks(const struct trace_nest *n, enum trace_nest_op op,
			  enum trace_nest_mark m)
{
	return op < TRACE_NEST_NR_OPS && m < TRACE_NEST_NR_MARKS ? n->marks[op][m] : 0;
}

uint64_t trace_nest_unmarked(const struct trace_nest *n, enum trace_nest_op op,
			     enum trace_nest_mark m)
{
	return op < TRACE_NEST_NR_OPS && m < TRACE_NEST_NR_MARKS ? n->unmarked[op][m] : 0;
}

uint64_t trace_nest_mark_bytes(const struct trace_nest *n, enum trace_nest_op op)
{
	return op < TRACE_NEST_NR_OPS ? n->mark_bytes[op] : 0;
}

uint32_t trace_nest_res_ns(const struct trace_nest *n)
{
	return n->res_ns;
}

uint64_t trace_nest_residual_ns(const struct trace_nest *n)
{
	return n->residual_ns;
}
