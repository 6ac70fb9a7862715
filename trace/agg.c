// SPDX-License-Identifier: GPL-2.0
/*
 * Decoded events -> op records -> histograms. The rules come from tables:
 * the EL2 event table (hypev_event_descs: duration fields become latency
 * ops, page/count fields batch-size distributions), the pairs
 * (pair_table.c: built in, the user's --pair specs and the probe pairs).
 * Events no rule claims are counted. This file builds each event type's
 * rules once and applies them to every record; the ops live in opreg.c,
 * the pairing in pair_match.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg_int.h"
#include "hypev.h"
#include "nest.h"

struct trace_agg *trace_agg_new(const struct trace_opts *opts)
{
	struct trace_agg *a = calloc(1, sizeof(*a));
	int ret;

	if (!a)
		return NULL;
	a->opts = opts;
	a->ranges = iova_index_new();
	a->nest = trace_nest_new();
	ret = a->ranges && a->nest ? agg_pairs_init(a, opts) : -ENOMEM;
	if (ret) {
		trace_agg_free(a);
		errno = -ret;
		return NULL;
	}
	return a;
}

int trace_agg_set_source(struct trace_agg *a, struct trace_source *src)
{
	int ret = a->src ? agg_nest_source_end(a) : 0;

	a->src = src;
	if (a->nr_sources < AGG_MAX_SOURCES)
		a->sources[a->nr_sources++] = src;
	a->src_idx = a->nr_sources - 1;
	a->src_bit = 1u << a->src_idx;
	a->src_res_ns = agg_nest_res_ns(a);
	return ret;
}

static bool is_el2_system(const char *sys)
{
	/* mainline remotes/hypervisor, Android hypervisor/ and older hyp/ */
	return !strcmp(sys, "hypervisor") || !strcmp(sys, "hyp");
}

const char *agg_field_unit(const struct hypev_field_desc *fd)
{
	if (fd->unit == HYPEV_UNIT_ns)
		return "ns";
	if (fd->unit == HYPEV_UNIT_pages || !strcmp(fd->name, "pgcount"))
		return "pages";
	if (fd->unit == HYPEV_UNIT_count)
		return "count";
	return NULL;
}

/*
 * The op a field feeds: the duration is the op itself (dur_ns, or an
 * event's only ns field); other fields are "<event>.<field>". One rule for
 * the per-event path and the smmu_hist readouts (agg_hist.c).
 */
void agg_field_op_name(const char *event, const struct hypev_event_desc *ev,
		       const struct hypev_field_desc *fd, char *buf, size_t len)
{
	const char *unit = agg_field_unit(fd);
	unsigned int i, nr_ns = 0;

	for (i = 0; i < ev->nr_fields; i++)
		nr_ns += ev->fields[i].unit == HYPEV_UNIT_ns;
	if (unit && !strcmp(unit, "ns") && (!strcmp(fd->name, "dur_ns") || nr_ns == 1))
		snprintf(buf, len, "%s", event);
	else
		snprintf(buf, len, "%s.%s", event, fd->name);
}

/* The value ops of an EL2 event (from the event table), else its count op. */
static void agg_type_vals(struct trace_agg *a, struct agg_type *at, const struct trace_evtype *t)
{
	const struct hypev_event_desc *ev = NULL;
	const char *unit;
	char name[256];
	unsigned int i;
	int f;

	if (is_el2_system(t->system))
		ev = hypev_event_find(t->name);
	/* two passes: latencies first, then batch sizes */
	for (i = 0; ev && i < 2 * ev->nr_fields; i++) {
		const struct hypev_field_desc *fd = &ev->fields[i % ev->nr_fields];

		unit = agg_field_unit(fd);
		f = trace_evtype_field(t, fd->name);
		if (!unit || f < 0 || (i < ev->nr_fields) != !strcmp(unit, "ns"))
			continue;
		agg_field_op_name(t->name, ev, fd, name, sizeof(name));
		at->vals[at->nr_vals].field = f;
		at->vals[at->nr_vals].op = agg_op_get(a, name, unit, true);
		if (at->vals[at->nr_vals].op)
			at->nr_vals++;
	}
	/* counted under the full name: pair ops may take the event's own name */
	if (!at->nr_vals) {
		snprintf(name, sizeof(name), "%s:%s", t->system, t->name);
		at->count_op = agg_op_get(a, name, "events", false);
	}
}

/* The roles type t plays in the pairs: start, end or cancel, with its key fields. */
static void agg_type_roles(struct trace_agg *a, struct agg_type *at,
			   const struct trace_evtype *t)
{
	unsigned int i, j, nk;

	for (i = 0; i < a->nr_pairs && at->nr_roles < 4; i++) {
		struct agg_pair *p = &a->pairs[i];
		struct agg_role *r = &at->roles[at->nr_roles];
		bool st = !strcmp(p->start_sys, t->system) && !strcmp(p->start_ev, t->name);
		bool en = !strcmp(p->end_sys, t->system) && !strcmp(p->end_ev, t->name);
		bool ca = p->cancel_sys && !strcmp(p->cancel_sys, t->system) &&
			  !strcmp(p->cancel_ev, t->name);

		if (!st && !en && !ca)
			continue;
		r->pair = p;
		r->is_end = en;
		r->is_cancel = ca;
		nk = en ? p->nr_end_keys : p->nr_keys;
		for (j = 0; j < nk; j++) {
			r->key[j] = trace_evtype_field(t, en ? p->end_key[j] : p->start_key[j]);
			if (r->key[j] < 0) {
				trace_err("pair %s: event %s:%s has no field '%s'; pair ignored\n",
					  p->name, t->system, t->name,
					  en ? p->end_key[j] : p->start_key[j]);
				break;
			}
		}
		if (j < nk)
			continue;
		if (p->match == MATCH_RANGE && en && p->nr_end_keys < 2)
			continue;
		at->nr_roles++;
	}
}

struct agg_type *agg_type_build(struct trace_agg *a, struct trace_evtype *t)
{
	struct agg_type *at = calloc(1, sizeof(*at));
	unsigned int i, j, nk;

	if (!at)
		return NULL;
	at->next = a->types;
	a->types = at;
	t->agg = at;
	/* smmu_hist: every field read, merged into the ops by agg_hist.c */
	if (is_el2_system(t->system) && agg_hist_type(at, t))
		return at;
	agg_type_vals(a, at, t);
	agg_type_roles(a, at, t);
	agg_nest_type(at, t);
	/* from now on the decoder extracts only what the rules read */
	for (i = 0; i < at->nr_vals; i++)
		t->need |= 1u << at->vals[i].field;
	for (i = 0; i < at->nr_roles; i++) {
		nk = at->roles[i].is_end ? at->roles[i].pair->nr_end_keys :
					   at->roles[i].pair->nr_keys;
		for (j = 0; j < nk; j++)
			t->need |= 1u << at->roles[i].key[j];
	}
	if (trace_evtype_field(t, "reason") >= 0)
		t->need |= 1u << trace_evtype_field(t, "reason");
	t->need_set = true;
	at->common = !at->nr_roles && !at->count_op;
	return at;
}

/* Every rule of at for rec: smmu_hist readouts, pairs, records of no CPU too. */
int agg_rec_all(struct trace_agg *a, const struct agg_type *at, const struct trace_rec *rec)
{
	unsigned int i;

	if (at->hist_field)
		return agg_hist_rec(a, at, rec);
	for (i = 0; i < at->nr_vals; i++)
		agg_op_add(a, at->vals[i].op, rec->cpu, rec->val[at->vals[i].field]);
	if (at->count_op)
		agg_op_add(a, at->count_op, rec->cpu, 0);
	for (i = 0; i < at->nr_roles; i++)
		agg_pair_rec(a, &at->roles[i], rec);
	return agg_nest_rec(a, at, rec);
}

int trace_agg_rec(void *agg, const struct trace_rec *rec)
{
	return agg_rec(agg, rec);
}

void trace_agg_host_ops_done(struct trace_agg *a)
{
	trace_nest_host_done(a->nest);
}

void trace_agg_lost(void *agg, int cpu, uint64_t n)
{
	struct trace_agg *a = agg;
	struct trace_source *src = a->src;

	if (!src)
		return;
	src->lost += n;
	if (cpu >= 0 && cpu < TRACE_MAX_CPUS)
		src->lost_cpu[cpu] += n;
	if (n)
		agg_nest_lost(a, cpu);
}

int trace_agg_finish(struct trace_agg *a)
{
	int ret = agg_nest_source_end(a);

	agg_pairs_finish(a);
	agg_hist_finish(a);
	agg_opreg_finish(a);
	return ret ?: trace_nest_finish(a->nest);
}

const struct trace_nest *trace_agg_nest(const struct trace_agg *a)
{
	return a->nest;
}

void trace_agg_free(struct trace_agg *a)
{
	struct agg_type *at, *next;

	if (!a)
		return;
	agg_opreg_free(&a->reg);
	agg_pairs_free(a);
	for (at = a->types; at; at = next) {
		next = at->next;
		free(at->hist_field);
		free(at);
	}
	agg_open_free(&a->open);
	iova_index_free(a->ranges);
	trace_nest_free(a->nest);
	agg_hist_free(a);
	free(a);
}
