/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace_nest: attribution by nesting, per CPU and time (nest.c).
 *
 * The stage after decoding. On one CPU, a host operation (a probe pair on
 * the host driver's map/unmap entry point) contains hypervisor intervals
 * (hyp_enter .. hyp_exit), which contain EL2 operation events (smmu_map,
 * smmu_unmap, smmu_map_sg, smmu_cmdq_trap, smmu_mmio_trap; each stamped
 * at its end and carrying its own dur_ns), which contain the SMMU wait
 * (the smmu_sync events before them, wait_ns). Each host op becomes a tree
 * and is split into four parts:
 *
 *   el1         host total - the hyp intervals inside it
 *   transition  hyp intervals - the EL2 ops' dur_ns (enter to op start,
 *               op end to exit)
 *   el2         EL2 ops' dur_ns - the SMMU wait
 *   smmu_wait   the sync wait_ns inside the EL2 ops
 *
 * so el1 + transition + el2 + smmu_wait = total.
 *
 * Two stages. Within one source and CPU the events' own order is
 * authoritative: host ops are built from the host source, hyp intervals
 * (with their EL2 ops and waits) from the EL2 source, each in arrival
 * order. Then each hyp interval goes to the host op on its CPU that
 * contains it, by time. Timestamps are only as fine as their clock: a
 * mainline text remote prints microseconds (res_ns 1000: the true time is
 * in [ts, ts + res)), ftrace pages and the model nanoseconds (res_ns 1).
 * A hyp interval measured shorter than the dur_ns of its ops, within its
 * resolution, is taken as the ops' dur_ns (the finer figure); parts then
 * add up to the total within the resolution (trace_nest_residual_ns()).
 * A hyp interval that fits in two host ops at that resolution is counted
 * as ambiguous, not guessed.
 *
 * Every event that does not nest (an EL2 op outside a hyp interval, an
 * unpaired enter or exit, lost events) is also a point in time: the host
 * op around it, if any, is excluded from the parts.
 *
 * What does not nest is counted per reason and excluded from the parts,
 * never silently dropped: trace_nest_unnested().
 */
#ifndef TRACE_NEST_H
#define TRACE_NEST_H

#include <stddef.h>
#include <stdint.h>

struct json_object;
struct trace_hist;
struct trace_nest;

enum trace_nest_kind {
	TRACE_NEST_HOST_START,	/* host op entry; op says which */
	TRACE_NEST_HOST_END,	/* host op return */
	TRACE_NEST_HYP_ENTER,
	TRACE_NEST_HYP_EXIT,
	TRACE_NEST_EL2_OP,	/* ts_ns = its end, dur_ns, wait_ns (its own field, or 0) */
	TRACE_NEST_SYNC,	/* wait_ns */
	TRACE_NEST_LOST,	/* events lost on cpu just before ts_ns */
	TRACE_NEST_HOST_MARK,	/* a host point inside a host op: mark says which, bytes */
};

/*
 * Host points that carry no duration (the kernel's iommu:map/unmap and dma:*
 * tracepoints): counted inside the host op of their CPU and source that is
 * open when they fire, with iommu's size fields; they split no time.
 */
enum trace_nest_mark { TRACE_NEST_MARK_IOMMU, TRACE_NEST_MARK_DMA, TRACE_NEST_NR_MARKS };

enum trace_nest_op { TRACE_NEST_OP_MAP, TRACE_NEST_OP_UNMAP, TRACE_NEST_NR_OPS };

enum trace_nest_part {
	TRACE_NEST_EL1,
	TRACE_NEST_TRANSITION,
	TRACE_NEST_EL2,
	TRACE_NEST_SMMU_WAIT,
	TRACE_NEST_TOTAL,	/* the host op's own duration */
	TRACE_NEST_NR_PARTS,
};

/* Why an event or interval did not nest; a host op it touches is excluded. */
enum trace_nest_reason {
	TRACE_NEST_MISSING_HOST_END,	/* a host start followed by another, or none */
	TRACE_NEST_MISSING_HOST_START,	/* a host end with nothing open */
	TRACE_NEST_MISSING_HYP_EXIT,
	TRACE_NEST_MISSING_HYP_ENTER,
	TRACE_NEST_LOST_INSIDE,		/* events lost while an interval was open */
	TRACE_NEST_EL2_OUTSIDE_HYP,	/* an EL2 op event with no hyp interval open */
	TRACE_NEST_SYNC_OUTSIDE_HYP,
	TRACE_NEST_CLOCK_SKEW,		/* a child longer than its parent by > resolution */
	TRACE_NEST_HYP_OUTSIDE_HOST,	/* a hyp interval in no host op (attach, other calls) */
	TRACE_NEST_HYP_STRADDLES,	/* a hyp interval across a host op's entry or return */
	TRACE_NEST_AMBIGUOUS,		/* clock too coarse: it fits in more than one host op */
	TRACE_NEST_MARK_OUTSIDE_HOST,	/* an iommu:/dma: point in no host op (excludes nothing) */
	TRACE_NEST_NR_REASONS,
};

struct trace_nest_ev {
	uint64_t ts_ns;
	uint64_t dur_ns;
	uint64_t wait_ns;
	uint64_t bytes;		/* TRACE_NEST_HOST_MARK: its size field, or 0 */
	uint32_t res_ns;	/* resolution of ts_ns: 1 (ns), 1000 (text remote, us) */
	int cpu;
	unsigned char kind;	/* enum trace_nest_kind */
	unsigned char op;	/* enum trace_nest_op, host events */
	unsigned char src;	/* which source: each keeps its own order */
	unsigned char mark;	/* enum trace_nest_mark, TRACE_NEST_HOST_MARK */
};

/* NULL and errno on failure. */
struct trace_nest *trace_nest_new(void);
void trace_nest_free(struct trace_nest *n);
/*
 * One event: any CPU, each source in its own order (sources may interleave).
 * Keeps only what stage B needs (closed host ops, hyp intervals, points),
 * not the event. 0 or -ENOMEM.
 */
int trace_nest_add(struct trace_nest *n, const struct trace_nest_ev *ev);
/*
 * Every host op is in: the events still to come hold none (the host
 * sources are decoded). From now on hyp intervals and points are matched
 * as they close, not kept: memory no longer grows with the EL2 events.
 */
void trace_nest_host_done(struct trace_nest *n);
/* Ends what is open, matches per CPU and time, splits. 0 or -ENOMEM. */
int trace_nest_finish(struct trace_nest *n);

/* After finish: per host op kind, each part's distribution (ns). */
const struct trace_hist *trace_nest_hist(const struct trace_nest *n, enum trace_nest_op op,
					 enum trace_nest_part part);
uint64_t trace_nest_unnested(const struct trace_nest *n, enum trace_nest_reason r);
/* host ops left out of the parts because something in them did not nest */
uint64_t trace_nest_excluded(const struct trace_nest *n, enum trace_nest_op op);
/* host ops (entry and return seen) of op, nested or not */
uint64_t trace_nest_host_ops(const struct trace_nest *n, enum trace_nest_op op);
/* points of kind m inside the host ops of op; their bytes (iommu: size fields) */
uint64_t trace_nest_marks(const struct trace_nest *n, enum trace_nest_op op,
			  enum trace_nest_mark m);
uint64_t trace_nest_mark_bytes(const struct trace_nest *n, enum trace_nest_op op);
/* host ops of op with no point of kind m inside */
uint64_t trace_nest_unmarked(const struct trace_nest *n, enum trace_nest_op op,
			     enum trace_nest_mark m);
/* before finish: the host ops, hyp intervals and points kept for stage B */
size_t trace_nest_kept(const struct trace_nest *n);
/* the coarsest timestamp resolution among the nested events, ns */
uint32_t trace_nest_res_ns(const struct trace_nest *n);
/* the largest |el1 + transition + el2 + smmu_wait - total| of one op, ns */
uint64_t trace_nest_residual_ns(const struct trace_nest *n);

const char *trace_nest_op_name(enum trace_nest_op op);		/* "map", "unmap" */
const char *trace_nest_part_name(enum trace_nest_part part);	/* "el1", ... "total" */
const char *trace_nest_reason_name(enum trace_nest_reason r);	/* "missing_hyp_exit" */
const char *trace_nest_mark_name(enum trace_nest_mark m);	/* "iommu", "dma" */

/*
 * {"clock_resolution_ns", "max_residual_ns", "unnested": {reason: n},
 *  "ops": {"map": {"excluded", "host_ops", "iommu_points", "iommu_bytes",
 *                   "dma_points", "without_iommu_point", "without_dma_point",
 *                   "<part>": {count, p50, p99, sum, unit}}}}
 * 0 with *out owned by the caller, or -ENOMEM.
 */
int trace_nest_to_json(const struct trace_nest *n, struct json_object **out);

#endif
