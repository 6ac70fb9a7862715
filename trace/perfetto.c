// SPDX-License-Identifier: GPL-2.0
/*
 * Decoded events -> a timeline in the Chrome JSON trace-event format
 * (ui.perfetto.dev and chrome://tracing open it): an object with
 * "traceEvents" and "displayTimeUnit". One process per CPU ("cpuN"), one
 * thread per exception level in it (tid 1 "EL1 (host)", tid 2 "EL2
 * (hypervisor)"). Complete events (ph "X", ts and dur in microseconds):
 *   EL2: hyp_enter..hyp_exit as "hyp_<reason>" ("hyp" without one), every EL2 event with a
 *        dur_ns (smmu_map, smmu_unmap, smmu_cmdq_trap ...: it ends at its
 *        timestamp) and smmu_sync's wait (wait_ns before its timestamp);
 *   EL1: each probe pair smmubench*:NAME .. NAME_ret as NAME.
 * Other events are instants (ph "i", scope thread); lost events an instant
 * "LOST" with their count; an end with no start an instant naming it.
 * Every event's args are its fields. Each event is built with json-c and
 * written as it comes: a long trace is never held whole in memory.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfetto.h"
#include "trace_int.h"

#define PF_DEPTH	8	/* open host probes per CPU (nested probe pairs) */
#define PF_TID_EL1	1
#define PF_TID_EL2	2

struct pf_open {
	uint64_t ts;
	const struct trace_evtype *type;
};

struct trace_perfetto {
	FILE *f;
	uint64_t nr;			/* events written */
	bool cpu_seen[TRACE_MAX_CPUS];
	uint64_t last_ts[TRACE_MAX_CPUS];	/* where a loss is drawn */
	struct pf_open hyp[TRACE_MAX_CPUS];
	bool hyp_open[TRACE_MAX_CPUS];
	struct pf_open host[TRACE_MAX_CPUS][PF_DEPTH];
	unsigned int nr_host[TRACE_MAX_CPUS];
	int err;
};

static void pf_put(struct trace_perfetto *p, struct json_object *o)
{
	if (!o) {
		p->err = -ENOMEM;
		return;
	}
	if (fprintf(p->f, "%s\n%s", p->nr++ ? "," : "",
		    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)) < 0)
		p->err = -EIO;
	json_object_put(o);
}

static struct json_object *pf_event(const char *name, const char *ph, int cpu, int tid,
				    uint64_t ts_ns)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "cat", json_object_new_string(tid == PF_TID_EL2 ? "el2" : "el1"));
	json_object_object_add(o, "ph", json_object_new_string(ph));
	json_object_object_add(o, "ts", json_object_new_double(ts_ns / 1000.0));
	json_object_object_add(o, "pid", json_object_new_int(cpu));
	json_object_object_add(o, "tid", json_object_new_int(tid));
	if (!strcmp(ph, "i"))
		json_object_object_add(o, "s", json_object_new_string("t"));
	return o;
}

/* The record's fields as args; strings are left out (numbers only here). */
static void pf_args(struct json_object *o, const struct trace_rec *r, const char *extra,
		    uint64_t extra_v)
{
	struct json_object *a = json_object_new_object();
	unsigned int i;

	if (!o || !a) {
		json_object_put(a);
		return;
	}
	for (i = 0; r && i < r->type->nr_fields; i++)
		if (r->type->kind[i] == TRACE_FIELD_INT)
			json_object_object_add(a, r->type->field[i],
					       json_object_new_uint64(r->val[i]));
	if (extra)
		json_object_object_add(a, extra, json_object_new_uint64(extra_v));
	json_object_object_add(o, "args", a);
}

static void pf_complete(struct trace_perfetto *p, const char *name, int cpu, int tid,
			uint64_t start, uint64_t dur, const struct trace_rec *r)
{
	struct json_object *o = pf_event(name, "X", cpu, tid, start);

	if (o)
		json_object_object_add(o, "dur", json_object_new_double(dur / 1000.0));
	pf_args(o, r, NULL, 0);
	pf_put(p, o);
}

static void pf_instant(struct trace_perfetto *p, const char *name, int cpu, int tid,
		       const struct trace_rec *r)
{
	struct json_object *o = pf_event(name, "i", cpu, tid, r->ts_ns);

	pf_args(o, r, NULL, 0);
	pf_put(p, o);
}

static bool pf_is_el2(const char *sys)
{
	return !strcmp(sys, "hypervisor") || !strcmp(sys, "hyp");
}

static void pf_hyp(struct trace_perfetto *p, const struct trace_rec *r, bool enter)
{
	int f = trace_evtype_field(r->type, "reason");
	uint64_t reason = f >= 0 ? r->val[f] : TRACE_HYP_NO_REASON;
	char name[64];

	if (enter) {
		p->hyp[r->cpu] = (struct pf_open){ .ts = r->ts_ns, .type = r->type };
		p->hyp_open[r->cpu] = true;
		return;
	}
	if (!p->hyp_open[r->cpu] || r->ts_ns < p->hyp[r->cpu].ts) {
		pf_instant(p, "hyp_exit without hyp_enter", r->cpu, PF_TID_EL2, r);
		return;
	}
	p->hyp_open[r->cpu] = false;
	trace_hyp_interval_name(name, sizeof(name), reason);
	pf_complete(p, name, r->cpu, PF_TID_EL2, p->hyp[r->cpu].ts,
		    r->ts_ns - p->hyp[r->cpu].ts, r);
}

static void pf_el2(struct trace_perfetto *p, const struct trace_rec *r)
{
	int d = trace_evtype_field(r->type, "dur_ns");
	int w = trace_evtype_field(r->type, "wait_ns");
	uint64_t v;

	if (!strcmp(r->type->name, "hyp_enter") || !strcmp(r->type->name, "hyp_exit")) {
		pf_hyp(p, r, r->type->name[4] == 'e' && r->type->name[5] == 'n');
		return;
	}
	if (d < 0 && w >= 0 && !strcmp(r->type->name, "smmu_sync"))
		d = w;		/* the sync: its wait ends at its timestamp */
	if (d < 0) {
		pf_instant(p, r->type->name, r->cpu, PF_TID_EL2, r);
		return;
	}
	v = r->val[d];
	pf_complete(p, r->type->name, r->cpu, PF_TID_EL2, r->ts_ns > v ? r->ts_ns - v : 0, v, r);
}

/* smmubench*:NAME pushes, NAME_ret pops the newest NAME open on the CPU. */
static void pf_host(struct trace_perfetto *p, const struct trace_rec *r)
{
	size_t len = strlen(r->type->name);
	unsigned int *n = &p->nr_host[r->cpu], i;

	if (strncmp(r->type->system, "smmubench", 9)) {
		pf_instant(p, r->type->name, r->cpu, PF_TID_EL1, r);
		return;
	}
	if (len <= 4 || strcmp(r->type->name + len - 4, "_ret")) {
		if (*n == PF_DEPTH)
			memmove(p->host[r->cpu], p->host[r->cpu] + 1,
				(PF_DEPTH - 1) * sizeof(struct pf_open));
		else
			(*n)++;
		p->host[r->cpu][*n - 1] = (struct pf_open){ .ts = r->ts_ns, .type = r->type };
		return;
	}
	for (i = *n; i-- > 0;) {
		const struct pf_open *o = &p->host[r->cpu][i];

		if (strlen(o->type->name) == len - 4 && !strncmp(o->type->name, r->type->name,
								 len - 4)) {
			pf_complete(p, o->type->name, r->cpu, PF_TID_EL1, o->ts,
				    r->ts_ns > o->ts ? r->ts_ns - o->ts : 0, r);
			*n = i;
			return;
		}
	}
	pf_instant(p, r->type->name, r->cpu, PF_TID_EL1, r);
}

int trace_perfetto_rec(void *ctx, const struct trace_rec *r)
{
	struct trace_perfetto *p = ctx;

	if (r->cpu < 0 || r->cpu >= TRACE_MAX_CPUS)
		return 0;
	p->cpu_seen[r->cpu] = true;
	p->last_ts[r->cpu] = r->ts_ns;
	if (pf_is_el2(r->type->system))
		pf_el2(p, r);
	else
		pf_host(p, r);
	return p->err;
}

void trace_perfetto_lost(void *ctx, int cpu, uint64_t n)
{
	struct trace_perfetto *p = ctx;
	struct json_object *o;

	if (cpu < 0 || cpu >= TRACE_MAX_CPUS || !n)
		return;
	/* after the CPU's last record: the reader found the gap there */
	o = pf_event("LOST", "i", cpu, PF_TID_EL2, p->last_ts[cpu]);
	pf_args(o, NULL, "events", n);
	pf_put(p, o);
}

struct trace_perfetto *trace_perfetto_open(const char *path)
{
	struct trace_perfetto *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->f = fopen(path, "w");
	if (!p->f) {
		int e = errno;

		free(p);
		errno = e;
		return NULL;
	}
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", p->f);
	return p;
}

/* process and thread names of every CPU seen */
static void pf_names(struct trace_perfetto *p)
{
	static const char *const tids[] = { NULL, "EL1 (host)", "EL2 (hypervisor)" };
	struct json_object *o, *a;
	unsigned int c, t;
	char name[32];

	for (c = 0; c < TRACE_MAX_CPUS; c++) {
		if (!p->cpu_seen[c])
			continue;
		for (t = 0; t < 3; t++) {
			o = json_object_new_object();
			a = json_object_new_object();
			if (!o || !a) {
				json_object_put(o);
				json_object_put(a);
				p->err = -ENOMEM;
				return;
			}
			snprintf(name, sizeof(name), "cpu%u", c);
			json_object_object_add(o, "name", json_object_new_string(t ? "thread_name" :
										 "process_name"));
			json_object_object_add(o, "ph", json_object_new_string("M"));
			json_object_object_add(o, "pid", json_object_new_int(c));
			json_object_object_add(o, "tid", json_object_new_int(t ? t : 0));
			json_object_object_add(a, "name", json_object_new_string(t ? tids[t] : name));
			json_object_object_add(o, "args", a);
			pf_put(p, o);
		}
	}
}

int trace_perfetto_close(struct trace_perfetto *p)
{
	int ret;

	if (!p)
		return 0;
	pf_names(p);
	fputs("\n]}\n", p->f);
	ret = p->err;
	if (fclose(p->f) && !ret)
		ret = -errno;
	free(p);
	return ret;
}
