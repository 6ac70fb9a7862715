// SPDX-License-Identifier: GPL-2.0
/*
 * Decoded events -> op records -> histograms. The rules come from tables:
 * the EL2 event table (hypev_event_descs: duration fields become latency
 * ops, page/count fields batch-size distributions), the built-in pairs
 * below, the user's --pair specs and the probe pairs. Events no rule
 * claims are counted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hypev.h"
#include "trace_int.h"

#define AGG_MAX_PAIRS	64
#define AGG_MAX_KEYS	2
#define AGG_MAX_SOURCES	16

enum pair_match { MATCH_CPU, MATCH_PID, MATCH_FIELDS, MATCH_RANGE };

struct agg_op {
	struct trace_op_stats pub;
	struct trace_hist *hist;	/* the sum of cpu[] and nocpu, made at finish */
	struct trace_hist *cpu[TRACE_MAX_CPUS];
	struct trace_hist *nocpu;	/* values of records without a usable CPU */
	uint32_t sources;		/* bit per source that fed it */
};

struct agg_pair {
	char *name;
	char *start_sys, *start_ev, *end_sys, *end_ev;
	enum pair_match match;
	unsigned int nr_keys, nr_end_keys;
	char *start_key[AGG_MAX_KEYS], *end_key[AGG_MAX_KEYS];
	bool by_reason;			/* hyp_enter -> hyp_exit: op per reason */
	bool by_dev;			/* block: also an op per device */
	/*
	 * Starts with the same key may be open together (two reads of one
	 * sector in flight): queued, each end takes the oldest. Without it a
	 * second start means the first never ended.
	 */
	bool multi;
	char *cancel_sys, *cancel_ev;	/* undoes the oldest open start (a requeue) */
	unsigned int idx;
};

/* Built-in pairs: enabling both events is enough. */
static const struct {
	const char *name, *start, *end, *start_keys, *end_keys;
	enum pair_match match;
	const char *cancel;		/* same keys as start */
} builtin_pairs[] = {
	/*
	 * block/blk-mq: the request keeps dev and sector from issue to
	 * completion; two requests for one sector may be in flight at once,
	 * and a requeued request (block_rq_requeue) is issued again.
	 */
	{ "block_rq", "block:block_rq_issue", "block:block_rq_complete",
	  "dev+sector", "dev+sector", MATCH_FIELDS, "block:block_rq_requeue" },
	/* one unmap may cover many maps (a 64 KiB sg list = 16 x 4 KiB maps) */
	{ "iommu_map_life", "iommu:map", "iommu:unmap", "iova", "iova+size", MATCH_RANGE, NULL },
	/* dma_map_page/dma_unmap_page (<= 6.16), renamed _phys in 6.17 */
	{ "dma_map_life", "dma:dma_map_page", "dma:dma_unmap_page", "dma_addr", "addr",
	  MATCH_FIELDS, NULL },
	{ "dma_map_life", "dma:dma_map_phys", "dma:dma_unmap_phys", "dma_addr", "addr",
	  MATCH_FIELDS, NULL },
	{ "hyp", "hypervisor:hyp_enter", "hypervisor:hyp_exit", "", "", MATCH_CPU, NULL },
	{ "hyp", "hyp:hyp_enter", "hyp:hyp_exit", "", "", MATCH_CPU, NULL },
};

/* mainline kvm_hypevents.h, enum hyp_enter_exit_reason */
static const char *const hyp_reason_names[] = {
	"smc", "hvc", "sys", "psci", "host_abort", "guest_exit", "eret_host", "eret_guest",
};

struct agg_role {
	struct agg_pair *pair;
	bool is_end, is_cancel;
	int key[AGG_MAX_KEYS];		/* field indices in the type */
};

struct agg_type {
	unsigned int nr_vals;
	int val_field[TRACE_MAX_FIELDS];
	struct agg_op *val_op[TRACE_MAX_FIELDS];
	struct agg_op *count_op;
	unsigned int nr_roles;
	struct agg_role roles[4];
	struct agg_type *next;		/* for freeing */
};

struct open_ent {
	uint64_t k[AGG_MAX_KEYS + 1];	/* pair idx, keys */
	uint64_t ts, aux;		/* the oldest open start */
	uint64_t *more;			/* multi pairs: later starts, oldest first */
	uint32_t nr_more, cap_more;
	uint8_t state;			/* 0 free, 1 used, 2 deleted */
};

struct range_ent {
	unsigned int pair;
	uint64_t start, ts;
};

struct trace_agg {
	const struct trace_opts *opts;
	struct trace_source *src;
	struct trace_source *sources[AGG_MAX_SOURCES];
	unsigned int nr_sources, src_idx;
	struct agg_op **ops;
	unsigned int nr_ops, cap_ops;
	struct agg_pair pairs[AGG_MAX_PAIRS];
	unsigned int nr_pairs;
	struct agg_type *types;
	struct open_ent *open;
	size_t open_cap, open_used, open_dead;
	struct range_ent *ranges;
	size_t nr_ranges, cap_ranges;
};

static struct agg_op *agg_op_get(struct trace_agg *a, const char *name, const char *unit,
				 bool with_hist)
{
	struct agg_op *op, **n;
	unsigned int i;

	for (i = 0; i < a->nr_ops; i++)
		if (!strcmp(a->ops[i]->pub.name, name))
			return a->ops[i];
	if (a->nr_ops == a->cap_ops) {
		a->cap_ops = a->cap_ops ? a->cap_ops * 2 : 16;
		n = realloc(a->ops, a->cap_ops * sizeof(*n));
		if (!n)
			return NULL;
		a->ops = n;
	}
	op = calloc(1, sizeof(*op));
	if (!op)
		return NULL;
	op->pub.name = strdup(name);
	op->pub.unit = unit;
	op->pub.source = a->src ? a->src->spec : "";
	if (with_hist)
		op->hist = trace_hist_new();
	if (!op->pub.name || (with_hist && !op->hist)) {
		free((char *)op->pub.name);
		trace_hist_free(op->hist);
		free(op);
		return NULL;
	}
	op->pub.hist = op->hist;
	op->pub.cpu_hist = (const struct trace_hist *const *)op->cpu;
	a->ops[a->nr_ops++] = op;
	return op;
}

static inline void agg_op_add(struct trace_agg *a, struct agg_op *op, int cpu, uint64_t v)
{
	op->sources |= 1u << a->src_idx;
	op->pub.count++;
	if (!op->hist)
		return;
	/* one histogram add per value: trace_agg_finish() sums the CPUs into hist */
	if (cpu < 0 || cpu >= TRACE_MAX_CPUS) {
		if (!op->nocpu)
			op->nocpu = trace_hist_new();
		if (op->nocpu)
			trace_hist_add(op->nocpu, v);
		return;
	}
	if (!op->cpu[cpu]) {
		op->cpu[cpu] = trace_hist_new();
		if (!op->cpu[cpu])
			return;
	}
	trace_hist_add(op->cpu[cpu], v);
	if ((unsigned int)cpu >= op->pub.nr_cpus)
		op->pub.nr_cpus = cpu + 1;
}

static int split_keys(char *s, char **keys, unsigned int *nr)
{
	char *save = NULL, *k;

	*nr = 0;
	for (k = strtok_r(s, "+", &save); k; k = strtok_r(NULL, "+", &save)) {
		if (*nr == AGG_MAX_KEYS)
			return -E2BIG;
		keys[(*nr)++] = k;
	}
	return 0;
}

static int split_event(const char *ev, char **sys, char **name)
{
	const char *c = strchr(ev, ':');

	if (!c || c == ev || !c[1])
		return -EINVAL;
	*sys = strndup(ev, c - ev);
	*name = strdup(c + 1);
	return (*sys && *name) ? 0 : -ENOMEM;
}

static int agg_pair_add(struct trace_agg *a, const char *name, const char *start,
			const char *end, const char *skeys, const char *ekeys,
			enum pair_match match, const char *cancel)
{
	struct agg_pair *p;
	char *s, *e;
	unsigned int n;
	int ret;

	if (a->nr_pairs == AGG_MAX_PAIRS)
		return -E2BIG;
	p = &a->pairs[a->nr_pairs];
	memset(p, 0, sizeof(*p));
	p->idx = a->nr_pairs;
	p->name = strdup(name);
	p->match = match;
	ret = p->name ? 0 : -ENOMEM;
	if (!ret)
		ret = split_event(start, &p->start_sys, &p->start_ev);
	if (!ret)
		ret = split_event(end, &p->end_sys, &p->end_ev);
	if (!ret && cancel)
		ret = split_event(cancel, &p->cancel_sys, &p->cancel_ev);
	if (ret)
		return ret;
	s = strdup(skeys);
	e = strdup(ekeys);
	if (!s || !e) {
		free(s);
		free(e);
		return -ENOMEM;
	}
	/* the key strings stay owned through start_key[0]/end_key[0] */
	split_keys(s, p->start_key, &p->nr_keys);
	split_keys(e, p->end_key, &n);
	p->nr_end_keys = n;
	if (!p->nr_keys)
		free(s);
	if (!n)
		free(e);
	if (match == MATCH_FIELDS && (n != p->nr_keys || !n))
		return -EINVAL;
	p->by_reason = !strcmp(name, "hyp");
	p->by_dev = !strcmp(name, "block_rq");
	p->multi = p->by_dev;
	a->nr_pairs++;
	return 0;
}

/* "NAME=SYS:START,SYS:END[,MATCH]" */
static int agg_pair_parse(struct trace_agg *a, const char *spec)
{
	char *s = strdup(spec), *eq, *start, *end, *match;
	enum pair_match m = MATCH_CPU;
	int ret = -EINVAL;

	if (!s)
		return -ENOMEM;
	eq = strchr(s, '=');
	if (!eq)
		goto out;
	*eq = '\0';
	start = eq + 1;
	end = strchr(start, ',');
	if (!end)
		goto out;
	*end++ = '\0';
	match = strchr(end, ',');
	if (match)
		*match++ = '\0';
	if (!match || !strcmp(match, "cpu"))
		match = "";
	else if (!strcmp(match, "pid"))
		m = MATCH_PID, match = "";
	else
		m = MATCH_FIELDS;
	if (!*s || !strchr(start, ':') || !strchr(end, ':'))
		goto out;
	ret = agg_pair_add(a, s, start, end, match, match, m, NULL);
out:
	if (ret)
		trace_err("--pair '%s': expected NAME=SYS:START,SYS:END[,cpu|pid|FIELD+FIELD]\n",
			  spec);
	free(s);
	return ret;
}

struct trace_agg *trace_agg_new(const struct trace_opts *opts)
{
	struct trace_agg *a = calloc(1, sizeof(*a));
	const char *const *p;
	char start[256], end[300], *n;
	unsigned int i;
	int ret = 0;

	if (!a)
		return NULL;
	a->opts = opts;
	for (i = 0; !ret && i < sizeof(builtin_pairs) / sizeof(builtin_pairs[0]); i++)
		ret = agg_pair_add(a, builtin_pairs[i].name, builtin_pairs[i].start,
				   builtin_pairs[i].end, builtin_pairs[i].start_keys,
				   builtin_pairs[i].end_keys, builtin_pairs[i].match,
				   builtin_pairs[i].cancel);
	for (p = opts ? opts->pairs : NULL; !ret && p && *p; p++)
		ret = agg_pair_parse(a, *p);
	/* probe pairs: smmubench:NAME -> smmubench:NAME_ret, per task */
	for (p = opts ? opts->probes : NULL; !ret && p && *p; p++) {
		n = strchr(*p, '=');
		if (!n || (size_t)(n - *p) < 3 || (size_t)(n - *p) > 200)
			continue;	/* trace_session_open() reports bad specs */
		char grp[32];

		snprintf(start, sizeof(start), "%s:%.*s", trace_probe_group(grp, sizeof(grp)),
			 (int)(n - *p - 2), *p + 2);
		snprintf(end, sizeof(end), "%s_ret", start);
		ret = agg_pair_add(a, strchr(start, ':') + 1, start, end, "", "", MATCH_PID,
				   NULL);
	}
	if (ret) {
		trace_agg_free(a);
		errno = -ret;
		return NULL;
	}
	return a;
}

void trace_agg_set_source(struct trace_agg *a, struct trace_source *src)
{
	a->src = src;
	if (a->nr_sources < AGG_MAX_SOURCES)
		a->sources[a->nr_sources++] = src;
	a->src_idx = a->nr_sources - 1;
}

static bool is_el2_system(const char *sys)
{
	/* mainline remotes/hypervisor, Android hypervisor/ and older hyp/ */
	return !strcmp(sys, "hypervisor") || !strcmp(sys, "hyp");
}

static const char *unit_of(const struct hypev_field_desc *fd)
{
	if (fd->unit == HYPEV_UNIT_ns)
		return "ns";
	if (fd->unit == HYPEV_UNIT_pages || !strcmp(fd->name, "pgcount"))
		return "pages";
	if (fd->unit == HYPEV_UNIT_count)
		return "count";
	return NULL;
}

static struct agg_type *agg_type_build(struct trace_agg *a, const struct trace_evtype *t)
{
	const struct hypev_event_desc *ev = NULL;
	struct agg_type *at = calloc(1, sizeof(*at));
	char name[256];
	unsigned int i, j, nr_ns = 0;
	const char *unit;
	int f;

	if (!at)
		return NULL;
	at->next = a->types;
	a->types = at;
	if (is_el2_system(t->system))
		ev = hypev_event_find(t->name);
	for (i = 0; ev && i < ev->nr_fields; i++)
		nr_ns += ev->fields[i].unit == HYPEV_UNIT_ns;
	/* two passes: latencies first, then batch sizes */
	for (i = 0; ev && i < 2 * ev->nr_fields; i++) {
		const struct hypev_field_desc *fd = &ev->fields[i % ev->nr_fields];

		unit = unit_of(fd);
		f = trace_evtype_field(t, fd->name);
		if (!unit || f < 0 || (i < ev->nr_fields) != !strcmp(unit, "ns"))
			continue;
		/* the duration is the op itself; other fields are "<event>.<field>" */
		if (!strcmp(unit, "ns") && (!strcmp(fd->name, "dur_ns") || nr_ns == 1))
			snprintf(name, sizeof(name), "%s", t->name);
		else
			snprintf(name, sizeof(name), "%s.%s", t->name, fd->name);
		at->val_field[at->nr_vals] = f;
		at->val_op[at->nr_vals] = agg_op_get(a, name, unit, true);
		if (at->val_op[at->nr_vals])
			at->nr_vals++;
	}
	/* counted under the full name: pair ops may take the event's own name */
	if (!at->nr_vals) {
		snprintf(name, sizeof(name), "%s:%s", t->system, t->name);
		at->count_op = agg_op_get(a, name, "events", false);
	}

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
		for (j = 0; j < (en ? p->nr_end_keys : p->nr_keys); j++) {
			r->key[j] = trace_evtype_field(t, en ? p->end_key[j] : p->start_key[j]);
			if (r->key[j] < 0) {
				trace_err("pair %s: event %s:%s has no field '%s'; pair ignored\n",
					  p->name, t->system, t->name,
					  en ? p->end_key[j] : p->start_key[j]);
				break;
			}
		}
		if (j < (en ? p->nr_end_keys : p->nr_keys))
			continue;
		if (p->match == MATCH_RANGE && en && p->nr_end_keys < 2)
			continue;
		at->nr_roles++;
	}
	return at;
}

static uint64_t key_hash(const uint64_t *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	unsigned int i;

	for (i = 0; i < AGG_MAX_KEYS + 1; i++) {
		h ^= k[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
	}
	return h;
}

static int open_grow(struct trace_agg *a)
{
	struct open_ent *old = a->open;
	size_t i, cap = a->open_cap, ncap = 64;

	/* a power of two (the probe masks with ncap - 1), at most half full */
	while (ncap < a->open_used * 4)
		ncap *= 2;

	a->open = calloc(ncap, sizeof(*a->open));
	if (!a->open) {
		a->open = old;
		return -ENOMEM;
	}
	a->open_cap = ncap;
	a->open_used = a->open_dead = 0;
	for (i = 0; i < cap; i++) {
		size_t j;

		if (old[i].state != 1)
			continue;
		for (j = key_hash(old[i].k) & (ncap - 1); a->open[j].state; j = (j + 1) & (ncap - 1))
			;
		a->open[j] = old[i];
		a->open_used++;
	}
	free(old);
	return 0;
}

/* Finds the entry for k; with insert, a free slot for it. */
static struct open_ent *open_find(struct trace_agg *a, const uint64_t *k, bool insert,
				  bool *fresh)
{
	struct open_ent *tomb = NULL, *e;
	size_t j;

	if (!a->open_cap) {
		if (!insert || open_grow(a))
			return NULL;
	}
	if (insert && (a->open_used + a->open_dead + 1) * 2 > a->open_cap && open_grow(a))
		return NULL;
	for (j = key_hash(k) & (a->open_cap - 1);; j = (j + 1) & (a->open_cap - 1)) {
		e = &a->open[j];
		if (!e->state)
			break;
		if (e->state == 2) {
			if (!tomb)
				tomb = e;
			continue;
		}
		if (!memcmp(e->k, k, sizeof(e->k))) {
			if (fresh)
				*fresh = false;
			return e;
		}
	}
	if (!insert)
		return NULL;
	if (tomb) {
		a->open_dead--;
		e = tomb;
	}
	memcpy(e->k, k, sizeof(e->k));
	e->ts = e->aux = 0;
	e->more = NULL;
	e->nr_more = e->cap_more = 0;
	e->state = 1;
	a->open_used++;
	if (fresh)
		*fresh = true;
	return e;
}

static struct agg_op *pair_op(struct trace_agg *a, struct agg_pair *p, uint64_t reason)
{
	char name[64];

	if (!p->by_reason)
		return agg_op_get(a, p->name, "ns", true);
	if (reason < sizeof(hyp_reason_names) / sizeof(hyp_reason_names[0]))
		snprintf(name, sizeof(name), "hyp_%s", hyp_reason_names[reason]);
	else
		snprintf(name, sizeof(name), "hyp_reason%llu", (unsigned long long)reason);
	return agg_op_get(a, name, "ns", true);
}

static void agg_range(struct trace_agg *a, const struct agg_role *r,
		      const struct trace_rec *rec)
{
	struct range_ent *n;
	uint64_t lo = rec->val[r->key[0]], first = UINT64_MAX;
	size_t i;
	bool any = false;

	if (!r->is_end) {
		if (a->nr_ranges == a->cap_ranges) {
			a->cap_ranges = a->cap_ranges ? a->cap_ranges * 2 : 64;
			n = realloc(a->ranges, a->cap_ranges * sizeof(*n));
			if (!n)
				return;
			a->ranges = n;
		}
		a->ranges[a->nr_ranges++] = (struct range_ent){ r->pair->idx, lo, rec->ts_ns };
		return;
	}
	/* every open map inside [iova, iova + size) ends here; one lifetime per unmap */
	for (i = 0; i < a->nr_ranges;) {
		struct range_ent *e = &a->ranges[i];

		if (e->pair == r->pair->idx && e->start >= lo &&
		    e->start - lo < rec->val[r->key[1]]) {
			if (e->ts < first)
				first = e->ts;
			any = true;
			*e = a->ranges[--a->nr_ranges];
			continue;
		}
		i++;
	}
	struct agg_op *op = pair_op(a, r->pair, 0);

	if (!op)
		return;
	if (!any)
		op->pub.unmatched++;
	else
		agg_op_add(a, op, rec->cpu, rec->ts_ns >= first ? rec->ts_ns - first : 0);
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
	struct agg_op *op = pair_op(a, (struct agg_pair *)p, aux);

	if (op)
		op->pub.unmatched += n;
	if (p->by_dev) {
		op = pair_dev_op(a, p, k[1]);
		if (op)
			op->pub.unmatched += n;
	}
}

static void open_del(struct trace_agg *a, struct open_ent *e)
{
	free(e->more);
	e->more = NULL;
	e->nr_more = e->cap_more = 0;
	e->state = 2;
	a->open_used--;
	a->open_dead++;
}

/* Drops e's oldest start: the next one (if any) becomes the oldest. */
static void open_pop(struct trace_agg *a, struct open_ent *e)
{
	if (!e->nr_more) {
		open_del(a, e);
		return;
	}
	e->ts = e->more[0];
	memmove(e->more, e->more + 1, --e->nr_more * sizeof(e->more[0]));
}

/* A later start of the same key, kept behind the others (multi pairs). */
static int open_push(struct open_ent *e, uint64_t ts)
{
	uint64_t *n;

	if (e->nr_more == e->cap_more) {
		n = realloc(e->more, (e->cap_more ? e->cap_more * 2 : 4) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		e->more = n;
		e->cap_more = e->cap_more ? e->cap_more * 2 : 4;
	}
	e->more[e->nr_more++] = ts;
	return 0;
}

static void agg_pair_rec(struct trace_agg *a, const struct agg_role *r,
			 const struct trace_rec *rec)
{
	struct agg_pair *p = r->pair;
	uint64_t k[AGG_MAX_KEYS + 1] = { p->idx };
	struct open_ent *e;
	struct agg_op *op;
	unsigned int j;
	uint64_t dur;
	bool fresh;

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
		e = open_find(a, k, false, NULL);
		if (e)
			open_pop(a, e);
		return;
	}
	if (!r->is_end) {
		e = open_find(a, k, true, &fresh);
		if (!e)
			return;
		if (!fresh && p->multi) {
			if (open_push(e, rec->ts_ns))
				pair_unmatched(a, p, k, 0, 1);	/* no memory: not lost silently */
			return;
		}
		if (!fresh) {
			/* a second start before the end: the first one never ended */
			pair_unmatched(a, p, k, e->aux, 1);
		}
		e->ts = rec->ts_ns;
		e->aux = 0;
		if (p->by_reason) {
			int f = trace_evtype_field(rec->type, "reason");

			e->aux = f >= 0 ? rec->val[f] : 0;
		}
		return;
	}
	e = open_find(a, k, false, NULL);
	if (!e) {
		pair_unmatched(a, p, k, 0, 1);
		return;
	}
	dur = rec->ts_ns >= e->ts ? rec->ts_ns - e->ts : 0;
	op = pair_op(a, p, e->aux);
	if (op)
		agg_op_add(a, op, rec->cpu, dur);
	if (p->by_dev) {
		op = pair_dev_op(a, p, k[1]);
		if (op)
			agg_op_add(a, op, rec->cpu, dur);
	}
	open_pop(a, e);
}

int trace_agg_rec(void *agg, const struct trace_rec *rec)
{
	struct trace_agg *a = agg;
	struct trace_evtype *t = (struct trace_evtype *)rec->type;
	struct agg_type *at = t->agg;
	unsigned int i;

	if (a->src) {
		if (!a->src->ts_first || rec->ts_ns < a->src->ts_first)
			a->src->ts_first = rec->ts_ns;
		if (rec->ts_ns > a->src->ts_last)
			a->src->ts_last = rec->ts_ns;
	}
	if (!at) {
		at = agg_type_build(a, t);
		if (!at)
			return -ENOMEM;
		t->agg = at;
		/* from now on the decoder extracts only what the rules read */
		for (i = 0; i < at->nr_vals; i++)
			t->need |= 1u << at->val_field[i];
		for (i = 0; i < at->nr_roles; i++) {
			unsigned int j, nk = at->roles[i].is_end ? at->roles[i].pair->nr_end_keys :
								     at->roles[i].pair->nr_keys;

			for (j = 0; j < nk; j++)
				t->need |= 1u << at->roles[i].key[j];
		}
		if (trace_evtype_field(t, "reason") >= 0)
			t->need |= 1u << trace_evtype_field(t, "reason");
		t->need_set = true;
	}
	for (i = 0; i < at->nr_vals; i++)
		agg_op_add(a, at->val_op[i], rec->cpu, rec->val[at->val_field[i]]);
	if (at->count_op)
		agg_op_add(a, at->count_op, rec->cpu, 0);
	for (i = 0; i < at->nr_roles; i++)
		agg_pair_rec(a, &at->roles[i], rec);
	return 0;
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
}

void trace_agg_finish(struct trace_agg *a)
{
	struct agg_op *op;
	unsigned int i, j;
	size_t k;

	/* starts still open when the window closed */
	for (k = 0; k < a->open_cap; k++) {
		struct open_ent *e = &a->open[k];

		if (e->state != 1)
			continue;
		pair_unmatched(a, &a->pairs[e->k[0]], e->k, e->aux, 1 + e->nr_more);
		free(e->more);
	}
	for (k = 0; k < a->nr_ranges; k++) {
		op = pair_op(a, &a->pairs[a->ranges[k].pair], 0);
		if (op)
			op->pub.unmatched++;
	}
	free(a->open);
	a->open = NULL;
	a->open_cap = a->open_used = a->open_dead = 0;
	a->nr_ranges = 0;
	for (i = 0; i < a->nr_ops; i++) {
		op = a->ops[i];
		if (op->hist) {
			trace_hist_reset(op->hist);
			trace_hist_merge(op->hist, op->nocpu);
			for (j = 0; j < op->pub.nr_cpus; j++)
				trace_hist_merge(op->hist, op->cpu[j]);
		}
		op->pub.lost = 0;
		for (j = 0; j < a->nr_sources; j++)
			if (op->sources & (1u << j))
				op->pub.lost += a->sources[j]->lost;
	}
}

unsigned int trace_agg_nr_ops(const struct trace_agg *a)
{
	return a->nr_ops;
}

const struct trace_op_stats *trace_agg_op(const struct trace_agg *a, unsigned int idx)
{
	return idx < a->nr_ops ? &a->ops[idx]->pub : NULL;
}

void trace_agg_free(struct trace_agg *a)
{
	struct agg_type *at, *next;
	unsigned int i, j;
	size_t k;

	if (!a)
		return;
	for (i = 0; i < a->nr_ops; i++) {
		trace_hist_free(a->ops[i]->hist);
		for (j = 0; j < TRACE_MAX_CPUS; j++)
			trace_hist_free(a->ops[i]->cpu[j]);
		trace_hist_free(a->ops[i]->nocpu);
		free((char *)a->ops[i]->pub.name);
		free(a->ops[i]);
	}
	free(a->ops);
	for (i = 0; i < a->nr_pairs; i++) {
		free(a->pairs[i].name);
		free(a->pairs[i].start_sys);
		free(a->pairs[i].start_ev);
		free(a->pairs[i].end_sys);
		free(a->pairs[i].end_ev);
		free(a->pairs[i].start_key[0]);
		free(a->pairs[i].end_key[0]);
		free(a->pairs[i].cancel_sys);
		free(a->pairs[i].cancel_ev);
	}
	/* a failed agg_pair_add() leaves its half-built entry behind */
	if (a->nr_pairs < AGG_MAX_PAIRS) {
		free(a->pairs[a->nr_pairs].name);
		free(a->pairs[a->nr_pairs].start_sys);
		free(a->pairs[a->nr_pairs].start_ev);
		free(a->pairs[a->nr_pairs].end_sys);
		free(a->pairs[a->nr_pairs].end_ev);
		free(a->pairs[a->nr_pairs].cancel_sys);
		free(a->pairs[a->nr_pairs].cancel_ev);
	}
	for (at = a->types; at; at = next) {
		next = at->next;
		free(at);
	}
	for (k = 0; a->open && k < a->open_cap; k++)
		if (a->open[k].state == 1)
			free(a->open[k].more);
	free(a->open);
	free(a->ranges);
	free(a);
}
