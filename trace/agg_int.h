/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace/ aggregator internals: the op registry (opreg.c), the pair
 * definitions (pair_table.c), the open starts (pair_open.c), the IOVA
 * interval index (iova_index.c), the pairing (pair_match.c) and the
 * per-type rules (agg.c).
 */
#ifndef TRACE_AGG_INT_H
#define TRACE_AGG_INT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hist_int.h"
#include "hypev.h"
#include "iova_index.h"
#include "nest_int.h"
#include "trace_int.h"

#define AGG_MAX_PAIRS	64
#define AGG_MAX_KEYS	2
#define AGG_MAX_SOURCES	16

enum pair_match { MATCH_CPU, MATCH_PID, MATCH_FIELDS, MATCH_RANGE };

/* How a pair turns its matches into ops; set in the built-in table. */
enum pair_flags {
	PAIR_BY_REASON	= 1u << 0,	/* hyp_enter -> hyp_exit: op per reason ("hyp_hvc") */
	PAIR_BY_DEV	= 1u << 1,	/* block: also an op per device */
	/*
	 * Starts with the same key may be open together (two reads of one
	 * sector in flight): queued, each end takes the oldest. Without it a
	 * second start means the first never ended.
	 */
	PAIR_MULTI	= 1u << 2,
};

struct agg_op {
	struct trace_op_stats pub;
	struct trace_hist *hist;	/* the sum of cpu[] and nocpu, made at finish */
	struct trace_hist *cpu[TRACE_MAX_CPUS];
	struct trace_hist *nocpu;	/* values of records without a usable CPU */
	uint32_t sources;		/* bit per source that fed it */
};

/* The ops in the order they were made (the output's order), hashed by name. */
struct agg_opreg {
	struct agg_op **ops;
	unsigned int nr_ops, cap_ops;
	uint32_t *slots;		/* open addressing: index + 1, 0 = empty */
	unsigned int nr_slots;		/* a power of two, at most half full */
};

struct agg_pair {
	char *name;
	char *start_sys, *start_ev, *end_sys, *end_ev;
	enum pair_match match;
	unsigned int flags;		/* enum pair_flags */
	unsigned int nr_keys, nr_end_keys;
	char *start_key[AGG_MAX_KEYS], *end_key[AGG_MAX_KEYS];
	char *cancel_sys, *cancel_ev;	/* undoes the oldest open start (a requeue) */
	unsigned int idx;
};

struct agg_role {
	struct agg_pair *pair;
	bool is_end, is_cancel;
	int key[AGG_MAX_KEYS];		/* field indices in the type */
};

/* A field whose value goes to an op with a histogram. */
struct agg_val {
	struct agg_op *op;
	unsigned int field;
};

struct agg_type {
	unsigned int nr_vals;
	struct agg_val vals[TRACE_MAX_FIELDS];
	struct agg_op *count_op;
	unsigned int nr_roles;
	struct agg_role roles[4];
	/* smmu_hist (agg_hist.c): field index per struct hypev_smmu_hist field, or NULL */
	int *hist_field;
	/* the nesting stage (nest_feed.c): enum trace_nest_kind or -1, fields */
	int nest_kind, nest_dur, nest_wait, nest_bytes;
	unsigned char nest_op, nest_mark;
	bool common;			/* value ops and nesting only: agg_rec()'s short way */
	struct agg_type *next;		/* for freeing */
};

enum open_state { OPEN_FREE, OPEN_USED, OPEN_DELETED };

/* The open start of one pair key (hash table entry). */
struct open_ent {
	uint64_t k[AGG_MAX_KEYS + 1];	/* pair idx, keys */
	uint64_t ts, aux;		/* the oldest open start */
	uint64_t *more;			/* multi pairs: later starts, oldest first */
	uint32_t nr_more, cap_more;
	uint8_t state;			/* enum open_state */
};

struct agg_open {
	struct open_ent *ent;
	size_t cap, used, dead;
};

struct trace_agg {
	const struct trace_opts *opts;
	struct trace_source *src;
	struct trace_source *sources[AGG_MAX_SOURCES];
	unsigned int nr_sources, src_idx;
	uint32_t src_bit;		/* 1u << src_idx: agg_op's sources */
	uint32_t src_res_ns;		/* agg_nest_res_ns() of src */
	struct agg_opreg reg;
	struct agg_pair pairs[AGG_MAX_PAIRS];
	unsigned int nr_pairs;
	struct agg_type *types;
	struct agg_open open;
	struct iova_index *ranges;	/* open starts of MATCH_RANGE pairs */
	struct trace_nest *nest;	/* attribution by nesting (nest.h) */
	bool nest_lost[TRACE_MAX_CPUS];	/* losses waiting for the CPU's next record */
	uint64_t nest_last_ts[TRACE_MAX_CPUS];
	struct agg_hist *hist;		/* smmu_hist readouts (agg_hist.c), NULL until one */
};

/* agg.c: the op a field of an EL2 event feeds ("smmu_map", "smmu_map.pgcount") */
const char *agg_field_unit(const struct hypev_field_desc *fd);
void agg_field_op_name(const char *event, const struct hypev_event_desc *ev,
		       const struct hypev_field_desc *fd, char *buf, size_t len);

/* agg_hist.c: aggregated mode, smmu_hist records merged into the same ops */
bool agg_hist_type(struct agg_type *at, struct trace_evtype *t);
int agg_hist_rec(struct trace_agg *a, const struct agg_type *at, const struct trace_rec *rec);
void agg_hist_finish(struct trace_agg *a);
void agg_hist_free(struct trace_agg *a);

/* opreg.c */
struct agg_op *agg_op_get(struct trace_agg *a, const char *name, const char *unit,
			  bool with_hist);
/* opreg.c: a histogram's first value on a CPU, or one of no usable CPU */
void agg_op_add_new(struct agg_op *op, int cpu, uint64_t v);

/* One value of op (a count for ops without a histogram); the per-event path. */
static inline void agg_op_add(struct trace_agg *a, struct agg_op *op, int cpu, uint64_t v)
{
	op->sources |= a->src_bit;
	op->pub.count++;
	if (!op->hist)
		return;
	/* one histogram add per value: agg_opreg_finish() sums the CPUs into hist */
	if ((unsigned int)cpu < TRACE_MAX_CPUS && op->cpu[cpu])
		trace_hist_add_one(op->cpu[cpu], v);
	else
		agg_op_add_new(op, cpu, v);
}
/* The values of a record on a CPU < TRACE_MAX_CPUS; the per-event path of agg_op_add(). */
static inline void agg_vals_add(struct trace_agg *a, const struct agg_type *at, unsigned int cpu,
				const struct trace_rec *rec)
{
	const struct agg_val *v = at->vals, *end = v + at->nr_vals;
	const uint32_t bit = a->src_bit;

	/* locals: the stores below may alias *at for all the compiler knows */
	for (; v < end; v++) {
		struct agg_op *op = v->op;
		struct trace_hist *h = op->cpu[cpu];
		uint64_t val = rec->val[v->field];

		op->sources |= bit;
		op->pub.count++;
		if (h)
			trace_hist_add_one(h, val);
		else
			agg_op_add_new(op, cpu, val);
	}
}

/* n samples in bucket idx (EL2's readout); with min/max/sum when summary */
int agg_op_add_bucket(struct trace_agg *a, struct agg_op *op, int cpu, unsigned int idx,
		      uint64_t n);
void agg_op_add_summary(struct agg_op *op, int cpu, uint64_t min, uint64_t max, uint64_t sum);
void agg_opreg_finish(struct trace_agg *a);	/* hist = sum of CPUs; lost per op */
void agg_opreg_free(struct agg_opreg *r);

/* pair_table.c: built-in pairs, --pair specs, probe pairs */
int agg_pairs_init(struct trace_agg *a, const struct trace_opts *opts);
void agg_pairs_free(struct trace_agg *a);

/* pair_open.c */
struct open_ent *agg_open_find(struct agg_open *t, const uint64_t *k);
struct open_ent *agg_open_insert(struct agg_open *t, const uint64_t *k, bool *fresh);
void agg_open_pop(struct agg_open *t, struct open_ent *e);
int agg_open_push(struct open_ent *e, uint64_t ts);
struct open_ent *agg_open_next(struct agg_open *t, struct open_ent *prev);
void agg_open_free(struct agg_open *t);

/* pair_match.c */
void agg_pair_rec(struct trace_agg *a, const struct agg_role *r,
		  const struct trace_rec *rec);
void agg_pairs_finish(struct trace_agg *a);	/* open starts -> unmatched */

/* nest_feed.c: records -> trace_nest */
void agg_nest_type(struct agg_type *at, struct trace_evtype *t);
/* what agg_nest_rec() does not do inline: losses before rec, kinds but EL2 ops */
int agg_nest_rec_slow(struct trace_agg *a, const struct agg_type *at,
		      const struct trace_rec *rec);

/* rec to the nesting; inline for a record that nests nothing or an EL2 op */
static inline int agg_nest_rec(struct trace_agg *a, const struct agg_type *at,
			       const struct trace_rec *rec)
{
	if ((unsigned int)rec->cpu >= TRACE_MAX_CPUS)
		return 0;
	if (a->nest_lost[rec->cpu] || (at->nest_kind >= 0 && at->nest_kind != TRACE_NEST_EL2_OP))
		return agg_nest_rec_slow(a, at, rec);
	a->nest_last_ts[rec->cpu] = rec->ts_ns;
	if (at->nest_kind < 0)
		return 0;
	/* its fields are there: agg_nest_type() */
	return trace_nest_add_el2_op(a->nest, rec->cpu, a->src_idx, rec->ts_ns,
				     rec->val[at->nest_dur],
				     at->nest_wait >= 0 ? rec->val[at->nest_wait] : 0,
				     a->src_res_ns);
}
void agg_nest_lost(struct trace_agg *a, int cpu);
uint32_t agg_nest_res_ns(const struct trace_agg *a);
int agg_nest_source_end(struct trace_agg *a);

/* agg.c: the rules of t, built when its first record comes; NULL on -ENOMEM */
struct agg_type *agg_type_build(struct trace_agg *a, struct trace_evtype *t);
/* agg.c: every rule of at for rec (smmu_hist readouts, pairs, records of no CPU too) */
int agg_rec_all(struct trace_agg *a, const struct agg_type *at, const struct trace_rec *rec);

/*
 * trace_agg_rec(), inline for the raw decoder's loop (rawdir_merge.c calls it
 * without a call when the consumer is the aggregator): the common record,
 * values and the nesting, in fewer steps; everything else in agg_rec_all().
 */
static inline int agg_rec(struct trace_agg *a, const struct trace_rec *rec)
{
	struct trace_evtype *t = (struct trace_evtype *)rec->type;
	struct agg_type *at = t->agg;

	if (a->src) {
		/* a flag, not ts_first 0: an event at time 0 is a first one too */
		if (!a->src->ts_seen || rec->ts_ns < a->src->ts_first) {
			a->src->ts_first = rec->ts_ns;
			a->src->ts_seen = true;
		}
		if (rec->ts_ns > a->src->ts_last)
			a->src->ts_last = rec->ts_ns;
	}
	if (!at) {
		at = agg_type_build(a, t);
		if (!at)
			return -ENOMEM;
	}
	if (!at->common || (unsigned int)rec->cpu >= TRACE_MAX_CPUS)
		return agg_rec_all(a, at, rec);
	agg_vals_add(a, at, rec->cpu, rec);
	return agg_nest_rec(a, at, rec);
}

#endif
