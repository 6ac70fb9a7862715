// SPDX-License-Identifier: GPL-2.0
/* A stopped trace session's figures into the run's results (see collect.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "collect.h"
#include "common.h"
#include "hist.h"
#include "nest.h"
#include "reports.h"
#include "run.h"
#include "trace.h"

struct trace_hist *bench_hists_get(struct bench_hists *h, const char *op)
{
	char name[sizeof(h->name[0])];
	unsigned int i;

	/* the name becomes hist/<cell>/<name>.json: keep to [A-Za-z0-9._-] ("block_rq.7:0") */
	snprintf(name, sizeof(name), "%s", op);
	for (i = 0; name[i]; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			name[i] = '_';
	for (i = 0; i < h->nr; i++)
		if (!strcmp(h->name[i], name))
			return h->hist[i];
	if (h->nr == BENCH_MAX_HISTS)
		return NULL;
	h->hist[h->nr] = trace_hist_new();
	if (!h->hist[h->nr])
		return NULL;
	memcpy(h->name[h->nr], name, sizeof(name));
	return h->hist[h->nr++];
}

int bench_hists_flush(struct bench_ctx *ctx, const char *cell, struct bench_hists *h)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < h->nr; i++) {
		struct json_object *j = NULL;
		int r;

		if (trace_hist_count(h->hist[i])) {
			r = trace_hist_to_json(h->hist[i], &j);
			if (!r)
				r = report_run_hist_write_json(ctx->run, cell, h->name[i], j);
			json_object_put(j);
			if (r && !ret)
				ret = r;
		}
	}
	bench_hists_free(h);
	return ret;
}

void bench_hists_free(struct bench_hists *h)
{
	unsigned int i;

	for (i = 0; i < h->nr; i++)
		trace_hist_free(h->hist[i]);
	h->nr = 0;
}

static int row(struct bench_ctx *ctx, const char *cell, int rep, const char *op,
	       const char *metric, const char *unit, double v, uint64_t n)
{
	struct report_metric m = { .cell = cell, .rep = rep, .op = op, .metric = metric,
				   .unit = unit, .value = v, .n = n };

	return report_run_metric_add(ctx->run, &m);
}

int bench_hist_metrics(struct bench_ctx *ctx, const char *cell, int rep, const char *op,
		       const char *unit, const struct trace_hist *hist)
{
	uint64_t n = trace_hist_count(hist);
	int ret;

	ret = row(ctx, cell, rep, op, "count", "count", n, n);
	if (!n || ret)
		return ret;
	ret = row(ctx, cell, rep, op, "mean", unit, trace_hist_mean(hist), n);
	ret = ret ?: row(ctx, cell, rep, op, "min", unit, trace_hist_min(hist), n);
	ret = ret ?: row(ctx, cell, rep, op, "p50", unit, trace_hist_percentile(hist, 50), n);
	ret = ret ?: row(ctx, cell, rep, op, "p90", unit, trace_hist_percentile(hist, 90), n);
	ret = ret ?: row(ctx, cell, rep, op, "p99", unit, trace_hist_percentile(hist, 99), n);
	ret = ret ?: row(ctx, cell, rep, op, "p99_9", unit, trace_hist_percentile(hist, 99.9), n);
	ret = ret ?: row(ctx, cell, rep, op, "max", unit, trace_hist_max(hist), n);
	return ret;
}

/* SPEC as the rows name it: "KIND:TMP/rest" becomes "KIND:ALIAS/rest" */
static const char *spec_name(const char *spec, const char *tmp, const char *alias, char *buf,
			     size_t len)
{
	const char *c = strchr(spec, ':');
	size_t n = tmp ? strlen(tmp) : 0;

	if (!alias || !c || !n || strncmp(c + 1, tmp, n) || (c[1 + n] && c[1 + n] != '/'))
		return spec;
	if (fmt_buf(buf, len, "%.*s:%s%s", (int)(c - spec), spec, alias, c + 1 + n))
		return spec;
	return buf;
}

/* The nesting's parts and what did not nest (bench_collect_record()'s rows). */
static int attr_rows(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
		     const struct trace_nest *n)
{
	unsigned int o, p, r;
	char name[64];
	int ret = 0;

	for (o = 0; o < TRACE_NEST_NR_OPS && !ret; o++) {
		const struct trace_hist *tot = trace_nest_hist(n, o, TRACE_NEST_TOTAL);
		uint64_t cnt = trace_hist_count(tot);

		snprintf(name, sizeof(name), "excluded_%s", trace_nest_op_name(o));
		ret = row(ctx, cell->name, rep, "attr", name, "count", trace_nest_excluded(n, o),
			  cnt);
		for (p = 0; p < TRACE_NEST_NR_PARTS && cnt && !ret; p++) {
			const struct trace_hist *h = trace_nest_hist(n, o, p);

			snprintf(name, sizeof(name), "%s.%s", trace_nest_op_name(o),
				 trace_nest_part_name(p));
			ret = row(ctx, cell->name, rep, name, "mean", "ns", trace_hist_mean(h), cnt);
			ret = ret ?: row(ctx, cell->name, rep, name, "p50", "ns",
					 trace_hist_percentile(h, 50), cnt);
			ret = ret ?: row(ctx, cell->name, rep, name, "p99", "ns",
					 trace_hist_percentile(h, 99), cnt);
			ret = ret ?: row(ctx, cell->name, rep, name, "sum", "ns",
					 trace_hist_sum(h), cnt);
		}
	}
	for (r = 0; r < TRACE_NEST_NR_REASONS && !ret; r++) {
		snprintf(name, sizeof(name), "unnested_%s", trace_nest_reason_name(r));
		ret = row(ctx, cell->name, rep, "attr", name, "count", trace_nest_unnested(n, r), 0);
	}
	ret = ret ?: row(ctx, cell->name, rep, "attr", "clock_resolution", "ns",
			 trace_nest_res_ns(n), 0);
	ret = ret ?: row(ctx, cell->name, rep, "attr", "max_residual", "ns",
			 trace_nest_residual_ns(n), 0);
	return ret;
}

int bench_collect_record(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			 struct trace_session *s, struct bench_hists *h, const char *tmp,
			 const char *alias)
{
	char sname[PATH_MAX + 64];
	const char *spec;
	uint64_t events = 0;
	unsigned int i, c;
	int ret = 0;

	if (rep < 0)
		return 0;
	for (i = 0; i < trace_session_nr_ops(s) && !ret; i++) {
		const struct trace_op_stats *op = trace_session_op(s, i);
		char name[96];

		/* collector ops (smmu_map, block_rq) never collide with the workloads' (map, io) */
		snprintf(name, sizeof(name), "%s", op->name);
		if (!op->hist) {
			ret = row(ctx, cell->name, rep, name, "count", op->unit, op->count, op->count);
		} else {
			struct trace_hist *acc = bench_hists_get(h, name);

			ret = bench_hist_metrics(ctx, cell->name, rep, name, op->unit, op->hist);
			if (!ret && acc)
				ret = trace_hist_merge(acc, op->hist);
		}
		if (!ret && op->unmatched)
			ret = row(ctx, cell->name, rep, name, "unmatched", "events", op->unmatched,
				  op->count);
	}
	for (i = 0; i < trace_session_nr_sources(s) && !ret; i++) {
		const struct trace_source_stats *src = trace_session_source(s, i);

		spec = spec_name(src->spec, tmp, alias, sname, sizeof(sname));
		for (c = 0; c < src->nr_cpus && !ret; c++)
			ret = report_run_lost_add(ctx->run, cell->name, rep, spec, c,
						  src->lost_cpu ? src->lost_cpu[c] : 0);
		events += src->events;
		if (!ret && src->lost)
			fprintf(ctx->log, "smmubench run: %s rep %d: %s lost %llu events\n",
				cell->name, rep, spec, (unsigned long long)src->lost);
	}
	if (!ret && trace_session_nest(s))
		ret = attr_rows(ctx, cell, rep, trace_session_nest(s));
	if (!ret)
		ret = row(ctx, cell->name, rep, "trace", "events", "events", events, events);
	if (!ret)
		ret = row(ctx, cell->name, rep, "trace", "window", "ns",
			  trace_session_window_ns(s), 1);
	return ret;
}
