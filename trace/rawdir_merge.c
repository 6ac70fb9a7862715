// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding a raw directory: ONE merge loop over the per-CPU page walkers
 * (rawwalk_fast.c or rawwalk_kbuffer.c, through struct rawwalk_ops) that
 * hands the events to the aggregator in timestamp order (lowest CPU on
 * ties), each as a trace_rec whose integer fields are read by the type's
 * extraction plan (only the fields the rules need, once they are known).
 */
#include <limits.h>
#include <string.h>

#include <traceevent/event-parse.h>

#include "agg_int.h"
#include "rawdir_int.h"

struct rawmerge {
	struct trace_rawdir *rd;
	struct trace_source *src;
	trace_rec_fn fn;
	trace_lost_fn lost;
	void *ctx;
	uint64_t unknown;		/* events of ids without a format */
	unsigned int type_end;		/* common_type's end in a record; UINT_MAX: tep finds it */
	struct tep_record trec;
	struct trace_rec rec;
};

static inline uint64_t raw_get(const unsigned char *p, unsigned int size, bool is_signed)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		memcpy(&v8, p, 1);
		return is_signed ? (uint64_t)(int64_t)(int8_t)v8 : v8;
	case 2:
		memcpy(&v16, p, 2);
		return is_signed ? (uint64_t)(int64_t)(int16_t)v16 : v16;
	case 4:
		memcpy(&v32, p, 4);
		return is_signed ? (uint64_t)(int64_t)(int32_t)v32 : v32;
	case 8:
		memcpy(&v64, p, 8);
		return v64;
	default:
		return 0;
	}
}

/*
 * An integer field that a record cannot give: its format puts it (partly)
 * past the record's payload, or its size is not one raw_get() reads. It
 * reads as 0; said once per event and field, naming both.
 */
static void __attribute__((noinline))
rawfield_unreadable(struct trace_rawdir *rd, struct rawtype *rt, unsigned int i,
		    unsigned int payload)
{
	const struct trace_evtype *t = &rt->t;

	if (rt->warned & (1u << i))
		return;
	rt->warned |= 1u << i;
	if (t->size[i] != 1 && t->size[i] != 2 && t->size[i] != 4 && t->size[i] != 8)
		trace_err("%s: %s:%s: field '%s' has size %u in its format file, not 1, 2, 4 "
			  "or 8 bytes; it reads as 0\n", rd->dir, t->system, t->name, t->field[i],
			  t->size[i]);
	else
		trace_err("%s: %s:%s: field '%s' (offset %u, size %u in its format file) lies "
			  "outside a %u-byte record; it reads as 0 in such records\n", rd->dir,
			  t->system, t->name, t->field[i], t->offset[i], t->size[i], payload);
}

/* The fields to extract for t's current need (all of them until it is set). */
static void rawtype_plan(struct rawtype *rt)
{
	struct trace_evtype *t = &rt->t;
	unsigned int i;

	rt->nr_plan = 0;
	rt->plan_ints = true;
	rt->plan_payload = rt->plan_wide = 0;
	for (i = 0; i < t->nr_fields; i++) {
		struct rawfield *f = &rt->plan[rt->nr_plan];

		if (t->need_set && !(t->need & (1u << i)))
			continue;
		f->idx = i;
		f->off = t->offset[i];
		f->is_int = t->kind[i] == TRACE_FIELD_INT;
		f->size = f->is_int ? t->size[i] : 0;
		f->is_signed = t->is_signed[i];
		f->shift = 64 - 8 * f->size;
		f->mask = f->is_signed || f->size >= 8 ? UINT64_MAX : (1ULL << (8 * f->size)) - 1;
		if (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8)
			rt->plan_ints = false;
		if (rt->plan_ints && f->off + f->size > rt->plan_payload)
			rt->plan_payload = f->off + f->size;
		if (rt->plan_ints && f->off + 8 > rt->plan_wide)
			rt->plan_wide = f->off + 8;
		rt->nr_plan++;
	}
	rt->plan_set = t->need_set;
	rt->plan_need = t->need;
	rt->planned = true;
}

static void unknown_id(struct trace_rawdir *rd, unsigned int cpu, int id, uint64_t *unknown)
{
	if (!(*unknown)++)
		trace_err("%s/per_cpu/cpu%u: event id %d has no format file under events/; "
			  "such events are counted as lost\n", rd->dir, cpu, id);
}

/* The type of cpu's current event, from common_type; NULL (counted lost) if unknown. */
static inline struct trace_evtype *rawmerge_type(struct rawmerge *m, unsigned int cpu)
{
	struct trace_rawdir *rd = m->rd;
	const struct rawcpu *c = &rd->cpu[cpu];
	struct trace_evtype *t;
	uint16_t ty;
	int id;

	if (m->type_end <= c->payload) {
		memcpy(&ty, (const unsigned char *)c->data + rd->type_off, 2);
		id = ty;
	} else {
		m->trec.data = c->data;
		m->trec.size = c->payload;
		m->trec.ts = c->ts;
		m->trec.cpu = cpu;
		id = c->payload >= 2 ? tep_data_type(rd->tep, &m->trec) : -1;
	}
	t = id >= 0 && id < RAWDIR_MAX_IDS && rd->types[id] ? rd->types[id] :
	    trace_rawdir_type(rd, id);
	if (!t) {
		unknown_id(rd, cpu, id, &m->unknown);
		m->lost(m->ctx, cpu, 1);
	}
	return t;
}

/* cpu's current event to the consumer: the aggregator without a call when direct */
static inline __attribute__((always_inline)) int rawmerge_emit(struct rawmerge *m, unsigned int cpu,
							   bool direct)
{
	const struct rawcpu *c = &m->rd->cpu[cpu];
	const unsigned char *data = c->data;
	unsigned int payload = c->payload, i;
	struct trace_rec *rec = &m->rec;
	struct trace_evtype *t;
	struct rawtype *rt;

	t = rawmerge_type(m, cpu);
	if (!t)
		return 0;
	rt = (struct rawtype *)t;
	/* need changes only until the consumer sets need_set (trace_int.h) */
	if (!rt->plan_set && (!rt->planned || t->need_set || rt->plan_need != t->need))
		rawtype_plan(rt);
	rec->type = t;
	rec->raw = data;
	rec->raw_size = payload;
	rec->ts_ns = c->ts;
	rec->cpu = cpu;
	rec->pid = t->pid_offset >= 0 && (unsigned int)t->pid_offset + 4 <= payload ?
		   (int)raw_get(data + t->pid_offset, 4, true) : -1;
	/*
	 * The common case: the record holds 8 bytes from every planned
	 * field's start; each is one load, shifted down to its size.
	 */
	if (rt->plan_ints && payload >= rt->plan_wide) {
		const struct rawfield *f = rt->plan, *end = f + rt->nr_plan;

		/* a local end: the stores to rec->val may alias rt for all the compiler knows */
		for (; f < end; f++) {
			int64_t v;

			/* sign-extended from the field's top bit, then cut to size if unsigned */
			memcpy(&v, data + f->off, 8);
			v = (int64_t)((uint64_t)v << f->shift) >> f->shift;
			rec->val[f->idx] = (uint64_t)v & f->mask;
		}
		goto emit;
	}
	if (rt->plan_ints && payload >= rt->plan_payload) {
		for (i = 0; i < rt->nr_plan; i++)
			rec->val[rt->plan[i].idx] = raw_get(data + rt->plan[i].off,
							    rt->plan[i].size, rt->plan[i].is_signed);
		goto emit;
	}
	for (i = 0; i < rt->nr_plan; i++) {
		const struct rawfield *f = &rt->plan[i];

		if (f->size && (uint64_t)f->off + f->size <= payload &&
		    (f->size & (f->size - 1)) == 0 && f->size <= 8) {
			rec->val[f->idx] = raw_get(data + f->off, f->size, f->is_signed);
		} else {
			rec->val[f->idx] = 0;
			if (f->is_int)
				rawfield_unreadable(m->rd, rt, f->idx, payload);
		}
	}
emit:
	m->src->nr_recs++;
	return direct ? agg_rec(m->ctx, rec) : m->fn(m->ctx, rec);
}

/*
 * The CPU with the oldest event (lowest on ties) in *best, the one after it
 * in *next; the CPUs with events left in *live.
 */
static void rawmerge_pick(const struct trace_rawdir *rd, unsigned int *best, unsigned int *next,
			  unsigned int *live)
{
	unsigned int i;

	*best = *next = rd->nr_cpus;
	*live = 0;
	for (i = 0; i < rd->nr_cpus; i++) {
		if (rd->cpu[i].done)
			continue;
		(*live)++;
		if (*best == rd->nr_cpus || rd->cpu[i].ts < rd->cpu[*best].ts) {
			*next = *best;
			*best = i;
		} else if (*next == rd->nr_cpus || rd->cpu[i].ts < rd->cpu[*next].ts) {
			*next = i;
		}
	}
}

/* cpu's next event through w; the fast walker's step inline */
static inline __attribute__((always_inline)) void
rawmerge_next(struct rawmerge *m, const struct rawwalk_ops *w, unsigned int cpu)
{
	if (w == &trace_rawwalk_fast_ops)
		trace_rawwalk_fast_next(m->rd, cpu, m->lost, m->ctx);
	else
		w->next(m->rd, cpu, m->lost, m->ctx);
}

static inline __attribute__((always_inline)) int
rawmerge_loop(struct rawmerge *m, const struct rawwalk_ops *w, bool direct)
{
	struct trace_rawdir *rd = m->rd;
	unsigned int i, best, next, live, t;
	struct rawcpu *c;
	uint64_t next_ts;
	int ret;

	for (i = 0; i < rd->nr_cpus; i++)
		if (!rd->cpu[i].done)
			w->next(rd, i, m->lost, m->ctx);
	rawmerge_pick(rd, &best, &next, &live);
	while (best < rd->nr_cpus) {
		next_ts = next < rd->nr_cpus ? rd->cpu[next].ts : UINT64_MAX;
		c = &rd->cpu[best];
		for (;;) {
			/* that CPU's events up to the next CPU's first, without re-picking */
			do {
				ret = rawmerge_emit(m, best, direct);
				if (ret)
					return ret;
				rawmerge_next(m, w, best);
			} while (c->data && (c->ts < next_ts || (c->ts == next_ts && best < next)));
			if (!c->data || live != 2)
				break;
			/* two CPUs with events left: the other is the oldest now, this one next */
			next_ts = c->ts;
			t = best;
			best = next;
			next = t;
			c = &rd->cpu[best];
		}
		rawmerge_pick(rd, &best, &next, &live);
	}
	return 0;
}

/*
 * Copies of the loop: the fast walker's step and the aggregator's common
 * record inline (a session's decode), the fast walker with another
 * consumer (the tests), and any walker through its ops.
 */
static int rawmerge_run(struct rawmerge *m, const struct rawwalk_ops *w)
{
	if (w == &trace_rawwalk_fast_ops && m->fn == trace_agg_rec)
		return rawmerge_loop(m, &trace_rawwalk_fast_ops, true);
	if (w == &trace_rawwalk_fast_ops)
		return rawmerge_loop(m, &trace_rawwalk_fast_ops, false);
	return rawmerge_loop(m, w, false);
}

int trace_rawdir_decode(struct trace_rawdir *rd, struct trace_source *src,
			trace_rec_fn fn, trace_lost_fn lost, void *ctx)
{
	struct rawmerge m = { .rd = rd, .src = src, .fn = fn, .lost = lost, .ctx = ctx,
			      .type_end = UINT_MAX };
	const struct rawwalk_ops *w = rd->walk;
	unsigned int i;
	int ret;

	rd->src = src;
	if (rd->type_off >= 0)
		m.type_end = (unsigned int)rd->type_off + 2;
	if (w->begin)
		w->begin(rd);
	ret = rawmerge_run(&m, w);
	if (w->end)
		w->end(rd);
	rd->src = NULL;
	/* what was read, not the file sizes: a device has none, ^C cuts it */
	for (i = 0; i < rd->nr_cpus; i++)
		src->bytes += rd->cpu[i].loaded;
	return ret;
}
