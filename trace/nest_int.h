/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace_nest's state, private to trace/: nest.c, and the EL2-op step that
 * the aggregator's per-event path takes inline (trace_nest_add_el2_op()).
 * Everyone else goes through nest.h.
 */
#ifndef TRACE_NEST_INT_H
#define TRACE_NEST_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nest.h"

struct nest_cpu;

struct trace_nest {
	struct nest_cpu *cpu;		/* by CPU number, grown on first sight */
	unsigned int nr_cpus;
	bool host_done;			/* trace_nest_host_done(): match as events come */
	struct trace_hist *hist[TRACE_NEST_NR_OPS][TRACE_NEST_NR_PARTS];
	uint64_t unnested[TRACE_NEST_NR_REASONS];
	uint64_t excluded[TRACE_NEST_NR_OPS];
	uint64_t host_ops[TRACE_NEST_NR_OPS];
	uint64_t marks[TRACE_NEST_NR_OPS][TRACE_NEST_NR_MARKS];
	uint64_t unmarked[TRACE_NEST_NR_OPS][TRACE_NEST_NR_MARKS];
	uint64_t mark_bytes[TRACE_NEST_NR_OPS];
	uint32_t res_ns;
	uint64_t residual_ns;
};

/* A host op of one CPU (stage A), with what stage B attached to it. */
struct nest_host {
	uint64_t start, end;
	uint32_t res;
	unsigned char op;
	bool tainted;
	uint64_t hyp_ns, el2_ns, wait_ns;
	uint64_t marks[TRACE_NEST_NR_MARKS], mark_bytes;	/* points inside (stage A) */
};

/* A hyp interval with its EL2 ops (stage A). */
struct nest_hyp {
	uint64_t enter, exit;
	uint32_t res;
	bool tainted;
	uint64_t ops_ns, wait_ns;
};

/* Where something did not nest: [lo, hi]; a host op overlapping it is excluded. */
struct nest_point {
	uint64_t lo, hi;
	uint32_t res;
	bool lost;
};

/* What is open on one CPU in one source (stage A). */
struct nest_open {
	bool host_open, hyp_open;
	struct nest_host cur_host;
	struct nest_hyp cur_hyp;
	uint64_t pending_wait_ns;	/* syncs not yet claimed by an op */
};

/* One CPU's closed nodes, and its open state per source (by src index). */
struct nest_cpu {
	struct nest_host *host;
	struct nest_hyp *hyp;
	struct nest_point *pt;
	size_t nr_host, nr_hyp, nr_pt, cap_host, cap_hyp, cap_pt;
	struct nest_open *open;
	unsigned int nr_open;
};

/* nest.c: a point that did not nest, past its count (see nest_point_add()) */
int nest_point_keep(struct trace_nest *n, struct nest_cpu *c, uint64_t lo, uint64_t hi,
		    uint32_t res, bool lost);
/* nest.c: an EL2 op on a CPU or of a source seen first, through trace_nest_add() */
int nest_el2_op_first(struct trace_nest *n, int cpu, unsigned int src, uint64_t ts_ns,
		      uint64_t dur_ns, uint64_t wait_ns, uint32_t res_ns);

/*
 * A point where something did not nest: [lo, hi]; counted under r (lost
 * events: TRACE_NEST_NR_REASONS, counted where they fall), then kept for
 * stage B, or the host ops it touches tainted at once after
 * trace_nest_host_done(); with no host op on the CPU there is nothing to taint.
 */
static inline int nest_point_add(struct trace_nest *n, struct nest_cpu *c,
				 enum trace_nest_reason r, uint64_t lo, uint64_t hi, uint32_t res)
{
	if (r < TRACE_NEST_NR_REASONS)
		n->unnested[r]++;
	if (n->host_done && !c->nr_host)
		return 0;
	return nest_point_keep(n, c, lo, hi, res, r == TRACE_NEST_NR_REASONS);
}

/* An EL2 op (ends at ts_ns) inside the open hyp interval; else a point that did not nest. */
static inline int nest_el2_op(struct trace_nest *n, struct nest_cpu *c, struct nest_open *o,
			      uint64_t ts_ns, uint64_t dur_ns, uint64_t wait_ns, uint32_t res_ns)
{
	uint64_t wait = o->pending_wait_ns ? o->pending_wait_ns : wait_ns;
	struct nest_hyp *h = &o->cur_hyp;
	uint32_t res = h->res > res_ns ? h->res : res_ns;

	o->pending_wait_ns = 0;
	if (!o->hyp_open)
		return nest_point_add(n, c, TRACE_NEST_EL2_OUTSIDE_HYP,
				      ts_ns > dur_ns ? ts_ns - dur_ns : 0, ts_ns, res_ns);
	/* began before the hyp_enter around it, or waited longer than it ran */
	if (ts_ns < h->enter || dur_ns > ts_ns - h->enter + res || wait > dur_ns) {
		n->unnested[TRACE_NEST_CLOCK_SKEW]++;
		h->tainted = true;
		return 0;
	}
	h->ops_ns += dur_ns;
	h->wait_ns += wait;
	return 0;
}

/*
 * trace_nest_add() of a TRACE_NEST_EL2_OP event (op 0, mark 0, bytes 0),
 * the decoders' most frequent one, inline and without the event struct.
 */
static inline int trace_nest_add_el2_op(struct trace_nest *n, int cpu, unsigned int src,
					uint64_t ts_ns, uint64_t dur_ns, uint64_t wait_ns,
					uint32_t res_ns)
{
	struct nest_cpu *c;

	if ((unsigned int)cpu >= n->nr_cpus || src >= n->cpu[cpu].nr_open)
		return nest_el2_op_first(n, cpu, src, ts_ns, dur_ns, wait_ns, res_ns);
	if (res_ns > n->res_ns)
		n->res_ns = res_ns;
	c = &n->cpu[cpu];
	return nest_el2_op(n, c, &c->open[src], ts_ns, dur_ns, wait_ns, res_ns);
}

#endif
