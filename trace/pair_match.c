// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing: a start event opens {pair, key}, the matching end closes it
 * into one duration on the pair's op; ends with no start and starts left
 * open are counted as unmatched. Keys are the CPU, the task, event fields
 * or (MATCH_RANGE) an IOVA range that ends every map inside it.
 */
#include <stdio.h>

#include "common.h"
#include "agg_int.h"

/* mainline kvm_hypevents.h, enum hyp_enter_exit_reason */
static const char *const hyp_reason_names[] = {
	"smc", "hvc", "sys", "psci", "host_abort", "guest_exit", "eret_host", "eret_guest",
};

const char *trace_hyp_reason_name(uint64_t reason)
{
	return reason < ARRAY_SIZE(hyp_reason_names) ? hyp_reason_names[reason] : NULL;
}

void trace_hyp_interval_name(char *buf, size_t size, uint64_t reason)
{
	if (reason == TRACE_HYP_NO_REASON)
		snprintf(buf, size, "hyp");
	else if (trace_hyp_reason_name(reason))
		snprintf(buf, size, "hyp_%s", trace_hyp_reason_name(reason));
	else
		snprintf(buf, size, "hyp_reason%llu", (unsigned long long)reason);
}

static struct agg_op *pair_op(struct trace_agg *a, const struct agg_pair *p, uint64_t reason)
{
	char name[64];

	if (!(p->flags & PAIR_BY_REASON))
		return agg_op_get(a, p->name, "ns", true);
	trace_hyp_interval_name(name, sizeof(name), reason);
	return agg_op_get(a, name, "ns", true);
}

/* block_rq.<major>:<minor> of a block key (dev_t inside the kernel: MAJOR = dev >> 20, kdev_t.h) */
static struct agg_op *pair_dev_op(struct trace_agg *a, const struct agg_pair *p, uint64_t dev)
{
	char name[64];

	snprintf(name, sizeof(name), "%s.%llu:%llu", p->name, (unsigned long long)(dev >> 20),
		 (unsigned long long)(dev & 0xfffff));
	return agg_op_get(a, name, "ns", true);
}

/* n ends or starts of k that found no partner: counted on the op and its device */
static void pair_unmatched(struct trace_agg *a, const struct agg_pair *p, const uint64_t *k,
			   uint64_t aux, uint64_t n)
{
	struct agg_op *op = pair_op(a, p, aux);

	if (op)
		op->pub.unmatched += n;
	if (p->flags & PAIR_BY_DEV) {
		op = pair_dev_op(a, p, k[1]);
		if (op)
			op->pub.unmatched += n;
	}
}

static void agg_range(struct trace_agg *a, const struct agg_role *r,
		      const struct trace_rec *rec)
{
	uint64_t lo = rec->val[r->key[0]], first = 0;
	struct agg_op *op;
	size_t n;

	if (!r->is_end) {
		iova_index_add(a->ranges, r->pair->idx, lo, rec->ts_ns);
		return;
	}
	/* every open map inside [iova, iova + size) ends here; one lifetime per unmap */
	n = iova_index_take(a->ranges, r->pair->idx, lo, rec->val[r->key[1]], &first);
	op = pair_op(a, r->pair, 0);
	if (!op)
		return;
	if (!n)
		op->pub.unmatched++;
	else
		agg_op_add(a, op, rec->cpu, rec->ts_ns >= first ? rec->ts_ns - first : 0);
}

static void pair_start(struct trace_agg *a, const struct agg_pair *p, const uint64_t *k,
		       const struct trace_rec *rec)
{
	struct open_ent *e;
	bool fresh;
	int f;

	e = agg_open_insert(&a->open, k, &fresh);
	if (!e)
		return;
	if (!fresh && (p->flags & PAIR_MULTI)) {
		if (agg_open_push(e, rec->ts_ns))
			pair_unmatched(a, p, k, 0, 1);	/* no memory: not lost silently */
		return;
	}
	if (!fresh) {
		/* a second start before the end: the first one never ended */
		pair_unmatched(a, p, k, e->aux, 1);
	}
	e->ts = rec->ts_ns;
	e->aux = 0;
	if (p->flags & PAIR_BY_REASON) {
		f = trace_evtype_field(rec->type, "reason");
		e->aux = f >= 0 ? rec->val[f] : TRACE_HYP_NO_REASON;
	}
}

static void pair_end(struct trace_agg *a, const struct agg_pair *p, const uint64_t *k,
		     const struct trace_rec *rec)
{
	struct open_ent *e = agg_open_find(&a->open, k);
	struct agg_op *op;
	uint64_t dur;

	if (!e) {
		int f = trace_evtype_field(rec->type, "reason");

		/* counted on the op of the exit's own reason */
		pair_unmatched(a, p, k, f >= 0 ? rec->val[f] : TRACE_HYP_NO_REASON, 1);
		return;
	}
	dur = rec->ts_ns >= e->ts ? rec->ts_ns - e->ts : 0;
	op = pair_op(a, p, e->aux);
	if (op)
		agg_op_add(a, op, rec->cpu, dur);
	if (p->flags & PAIR_BY_DEV) {
		op = pair_dev_op(a, p, k[1]);
		if (op)
			agg_op_add(a, op, rec->cpu, dur);
	}
	agg_open_pop(&a->open, e);
}

void agg_pair_rec(struct trace_agg *a, const struct agg_role *r,
		  const struct trace_rec *rec)
{
	const struct agg_pair *p = r->pair;
	uint64_t k[AGG_MAX_KEYS + 1] = { p->idx };
	struct open_ent *e;
	unsigned int j;

	if (p->match == MATCH_RANGE) {
		agg_range(a, r, rec);
		return;
	}
	if (p->match == MATCH_CPU)
		k[1] = rec->cpu;
	else if (p->match == MATCH_PID)
		k[1] = (uint32_t)rec->pid;
	else
		for (j = 0; j < p->nr_keys; j++)
			k[j + 1] = rec->val[r->key[j]];
	if (r->is_cancel) {
		/*
		 * A requeue: the request left the device and will be issued
		 * again; that issue starts it anew. One whose issue came before
		 * the window has nothing open: nothing to undo.
		 */
		e = agg_open_find(&a->open, k);
		if (e)
			agg_open_pop(&a->open, e);
		return;
	}
	if (r->is_end)
		pair_end(a, p, k, rec);
	else
		pair_start(a, p, k, rec);
}

static void range_unmatched(void *ctx, unsigned int pair, uint64_t start, uint64_t ts)
{
	struct trace_agg *a = ctx;
	struct agg_op *op = pair_op(a, &a->pairs[pair], 0);

	if (op)
		op->pub.unmatched++;
}

void agg_pairs_finish(struct trace_agg *a)
{
	struct open_ent *e;

	/* starts still open when the window closed */
	for (e = agg_open_next(&a->open, NULL); e; e = agg_open_next(&a->open, e))
		pair_unmatched(a, &a->pairs[e->k[0]], e->k, e->aux, 1 + e->nr_more);
	agg_open_free(&a->open);
	if (a->ranges)
		iova_index_drain(a->ranges, range_unmatched, a);
}
