// SPDX-License-Identifier: GPL-2.0
/* A stopped trace session's figures into the run's results (see collect.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "collect.h"
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

int bench_collect_record(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			 struct trace_session *s, struct bench_hists *h, const char *alias)
{
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

		for (c = 0; c < src->nr_cpus && !ret; c++)
			ret = report_run_lost_add(ctx->run, cell->name, rep, alias ?: src->spec, c,
						  src->lost_cpu ? src->lost_cpu[c] : 0);
		events += src->events;
		if (!ret && src->lost)
			fprintf(ctx->log, "smmubench run: %s rep %d: %s lost %llu events\n",
				cell->name, rep, alias ?: src->spec, (unsigned long long)src->lost);
	}
	if (!ret)
		ret = row(ctx, cell->name, rep, "trace", "events", "events", events, events);
	if (!ret)
		ret = row(ctx, cell->name, rep, "trace", "window", "ns",
			  trace_session_window_ns(s), 1);
	return ret;
}
