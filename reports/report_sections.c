// SPDX-License-Identifier: GPL-2.0
/* Report sections: setup (with the hardware/model banner), lost events and
 * errors, per-op latency tables with CDF and histogram plots. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "escape.h"
#include "hist.h"
#include "run_model.h"
#include "report_doc.h"
#include "report_plot.h"
#include "report_util.h"

static void strcat_list(char *buf, size_t len, const char *item)
{
	size_t l = strlen(buf);

	snprintf(buf + l, len - l, "%s%s", l ? ", " : "", item);
}

static const char *meta2(const struct report_rundata *rd, const char *a, const char *b)
{
	struct json_object *v;

	if (!json_object_object_get_ex(rd->meta, a, &v) || !json_object_object_get_ex(v, b, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void json_list(const struct report_rundata *rd, const char *key, char *buf, size_t len)
{
	struct json_object *arr;
	size_t i;

	buf[0] = '\0';
	if (!json_object_object_get_ex(rd->meta, key, &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(arr); i++)
		strcat_list(buf, len, json_object_get_string(json_object_array_get_idx(arr, i)));
}

/* repetitions = highest rep + 1: in 64 bits, as rep may be INT_MAX */
static int64_t max_rep(const struct report_ctx *ctx, const char *group, size_t *nr_cells)
{
	size_t i, j;
	int64_t reps = 0;

	*nr_cells = 0;
	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];
		const struct report_rundata *rd = ctx->runs[c->run];

		if (strcmp(c->group, group))
			continue;
		(*nr_cells)++;
		for (j = 0; j < rd->nr_rows; j++)
			if (!strcmp(rd->rows[j].cell, c->cell.name) && rd->rows[j].rep >= reps)
				reps = (int64_t)rd->rows[j].rep + 1;
	}
	return reps;
}

int report_section_setup(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "run", "status", "target", "designs", "profile",
		"kernel", "board", "start", "end", "smmubench", "trace sources" };
	static const char *const whdr[] = { "workload and parameters", "designs", "cells",
		"repetitions" };
	char hw[1024] = "", model[1024] = "", buf[1024], designs[512];
	struct report_table *t;
	size_t i, j, nr_cells;

	report_doc_section(ctx->doc, "Setup");
	for (i = 0; i < ctx->nr_series; i++)
		strcat_list(ctx->series[i].hw ? hw : model, sizeof(hw), ctx->series[i].name);
	report_doc_banner(ctx->doc,
			  "Where the numbers come from. Measured on hardware: %s. Model output "
			  "(bench/model: a simulation calibrated against the RFC v2 dma_map_benchmark "
			  "table, not a measurement; nested figures are predictions): %s.",
			  *hw ? hw : "none", *model ? model : "none");
	/* a caveat the run's bench.conf states about its timings ([target] note) */
	for (i = 0; i < ctx->nr_runs; i++)
		if (report_rundata_meta(ctx->runs[i], "note"))
			report_doc_banner(ctx->doc, "%s: %s", ctx->runs[i]->name,
					  report_rundata_meta(ctx->runs[i], "note"));
	t = report_doc_table(ctx->doc, "Runs", 11, hdr);
	for (i = 0; t && i < ctx->nr_runs; i++) {
		const struct report_rundata *rd = ctx->runs[i];
		const char *st = report_run_status_name(rd->status);
		const char *gitrev = meta2(rd, "smmubench", "gitrev");

		report_table_row(t);
		report_table_cell(t, 0, 0, "%s", rd->name);
		report_table_cell(t, 1, rd->status != REPORT_RUN_COMPLETE, "%s", st);
		report_table_cell(t, 2, 0, "%s", report_rundata_meta(rd, "target") ?: "-");
		json_list(rd, "designs", designs, sizeof(designs));
		report_table_cell(t, 3, 0, "%s", *designs ? designs : "-");
		report_table_cell(t, 4, 0, "%s", report_rundata_meta(rd, "profile") ?: "-");
		report_table_cell(t, 5, 0, "%s", meta2(rd, "kernel", "release") ?: "-");
		report_table_cell(t, 6, 0, "%s", report_rundata_meta(rd, "board") ?: "-");
		report_table_cell(t, 7, 0, "%s", report_rundata_meta(rd, "start") ?: "-");
		report_table_cell(t, 8, 0, "%s", report_rundata_meta(rd, "end") ?: "-");
		report_table_cell(t, 9, 0, "%s (%s)", meta2(rd, "smmubench", "version") ?: "?",
				  gitrev ?: "?");
		json_list(rd, "sources", buf, sizeof(buf));
		report_table_cell(t, 10, 0, "%s", *buf ? buf : "-");
	}
	for (i = 0; i < ctx->nr_runs; i++)
		if (ctx->runs[i]->status != REPORT_RUN_COMPLETE)
			report_doc_text(ctx->doc, 1, "run %s is %s: its numbers may be partial",
					ctx->runs[i]->name,
					report_run_status_name(ctx->runs[i]->status));

	t = report_doc_table(ctx->doc, "Workloads", 4, whdr);
	for (i = 0; t && i < ctx->nr_groups; i++) {
		const char *g = ctx->groups[i];

		designs[0] = '\0';
		for (j = 0; j < ctx->nr_series; j++)
			if (report_ctx_find(ctx, g, j, 0) || report_ctx_find(ctx, g, j, 1))
				strcat_list(designs, sizeof(designs), ctx->series[j].name);
		report_table_row(t);
		report_table_cell(t, 0, 0, "%s", g);
		report_table_cell(t, 1, 0, "%s", designs);
		report_table_cell(t, 3, 0, "%lld", (long long)max_rep(ctx, g, &nr_cells));
		report_table_cell(t, 2, 0, "%zu", nr_cells);
	}
	return 0;
}

int report_section_lost(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "run", "cell", "lost events" };
	struct report_table *t;
	uint64_t total = 0;
	size_t r, i, j;

	report_doc_section(ctx->doc, "Lost events and errors");
	for (r = 0; r < ctx->nr_runs; r++)
		total += ctx->runs[r]->lost_events;
	report_doc_text(ctx->doc, total > 0, "Lost events, all runs: %llu events%s",
			(unsigned long long)total,
			total ? ": the histograms of the cells below miss samples" : "");
	t = report_doc_table(ctx->doc, "Lost events per run and cell (every source and CPU)", 3,
			     hdr);
	for (r = 0; t && r < ctx->nr_runs; r++) {
		const struct report_rundata *rd = ctx->runs[r];
		int any = 0;

		for (i = 0; i < rd->nr_rows; i++) {
			uint64_t sum = 0;

			if (strcmp(rd->rows[i].metric, "lost_events"))
				continue;
			/* first row of this cell: sum the cell's rows */
			for (j = 0; j < i; j++)
				if (!strcmp(rd->rows[j].metric, "lost_events") &&
				    !strcmp(rd->rows[j].cell, rd->rows[i].cell))
					break;
			if (j < i)
				continue;
			for (j = i; j < rd->nr_rows; j++)
				if (!strcmp(rd->rows[j].metric, "lost_events") &&
				    !strcmp(rd->rows[j].cell, rd->rows[i].cell))
					sum += (uint64_t)rd->rows[j].value;
			report_table_row(t);
			report_table_cell(t, 0, 0, "%s", rd->name);
			report_table_cell(t, 1, 0, "%s", *rd->rows[i].cell ? rd->rows[i].cell :
							 "(run-wide)");
			report_table_cell(t, 2, sum > 0, "%llu events", (unsigned long long)sum);
			any = 1;
		}
		if (!any) {
			report_table_row(t);
			report_table_cell(t, 0, 0, "%s", rd->name);
			report_table_cell(t, 1, 0, "(no lost-event rows recorded)");
			report_table_cell(t, 2, rd->lost_events > 0, "%llu events",
					  (unsigned long long)rd->lost_events);
		}
	}
	for (r = 0; r < ctx->nr_runs; r++) {
		const struct report_rundata *rd = ctx->runs[r];

		/* what the loader left out: as red as lost events */
		for (i = 0; i < rd->nr_warnings; i++)
			report_doc_text(ctx->doc, 1, "not read in %s: %s", rd->name, rd->warnings[i]);
		if (rd->nr_rows_dropped)
			report_doc_text(ctx->doc, 1, "%s: %zu rows of results.jsonl dropped: its "
					"numbers miss them", rd->name, rd->nr_rows_dropped);
		for (i = 0; i < rd->nr_errors; i++)
			report_doc_text(ctx->doc, 1, "error in %s: %s", rd->name, rd->errors[i]);
		if (!rd->nr_errors)
			report_doc_text(ctx->doc, 0, "%s: no workload errors recorded", rd->name);
	}
	return 0;
}

/* ops with a histogram in this group, map and unmap first, then by name */
static size_t group_ops(const struct report_ctx *ctx, const char *group, char ***ops)
{
	char **v = NULL, **nv;
	size_t n = 0, i, h, k;

	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];
		const struct report_rundata *rd = ctx->runs[c->run];

		if (c->sweep_knob || strcmp(c->group, group))
			continue;
		for (h = 0; h < rd->nr_hists; h++) {
			if (strcmp(rd->hists[h].cell, c->cell.name))
				continue;
			for (k = 0; k < n && strcmp(v[k], rd->hists[h].op); k++)
				;
			if (k < n || !(nv = realloc(v, (n + 1) * sizeof(*v))))
				continue;
			v = nv;
			v[n++] = rd->hists[h].op;
		}
	}
	for (i = 1; i < n; i++) {	/* insertion sort with map, unmap first */
		char *x = v[i];

		for (k = i; k > 0; k--) {
			int rx = !strcmp(x, "map") ? 0 : !strcmp(x, "unmap") ? 1 : 2;
			int ry = !strcmp(v[k - 1], "map") ? 0 : !strcmp(v[k - 1], "unmap") ? 1 : 2;

			if (ry < rx || (ry == rx && strcmp(v[k - 1], x) <= 0))
				break;
			v[k] = v[k - 1];
		}
		v[k] = x;
	}
	*ops = v;
	return n;
}

/* calls per second: a "rate" row, else count over the cell's "duration" rows */
static double op_rate(const struct report_ctx *ctx, const struct report_cref *c, const char *op,
		      uint64_t count)
{
	const struct report_rundata *rd = ctx->runs[c->run];
	const char *unit;
	double *v, r = NAN, total = 0;
	size_t n = report_ctx_values(ctx, c, op, "rate", &v, &unit), i;

	if (n)
		r = report_stats_center(unit, v, n);
	free(v);
	if (!isnan(r))
		return r;
	for (i = 0; i < rd->nr_rows; i++) {
		const struct report_row *row = &rd->rows[i];

		if (strcmp(row->cell, c->cell.name) || strcmp(row->metric, "duration"))
			continue;
		if (!strcmp(row->unit, "s"))
			total += row->value;
		else if (!strcmp(row->unit, "ns"))
			total += row->value / 1e9;
	}
	return total > 0 ? (double)count / total : NAN;
}

/* The script of a latency plot: title "<group>: <op> latency <kind>", then rest. */
static char *latency_script(const char *group, const char *op, const char *kind,
			    const char *rest, const char *plot)
{
	char *body = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);

	if (!f)
		return NULL;
	report_plot_set(f, "title", "%s: %s latency %s", group, op, kind);
	fprintf(f, "set logscale x\n%splot %s\n", rest, plot);
	if (fclose(f)) {
		free(body);
		return NULL;
	}
	return body;
}

static void latency_plots(struct report_ctx *ctx, const char *group, const char *op)
{
	char name[128], cap[512], pname[140], *body;
	size_t s, nb = 0, blk = 0;
	FILE *dat;
	char *plot_cdf = NULL, *plot_hist = NULL;
	size_t lc = 0, lh = 0;
	FILE *pc = open_memstream(&plot_cdf, &lc), *ph = open_memstream(&plot_hist, &lh);
	char what[256];

	snprintf(what, sizeof(what), "%s-%s", op, group);
	report_plot_queue_name(&ctx->plots, name, sizeof(name), "lat", what);
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (!dat || !pc || !ph)
		goto out;
	fputs("# group ", dat);
	trace_gpdata_puts(dat, group);
	fputs(", op ", dat);
	trace_gpdata_puts(dat, op);
	fputs(": one block per design: bucket_lo_ns bucket_hi_ns mid_ns count\n", dat);
	for (s = 0; s < ctx->nr_series; s++) {
		const struct report_cref *c = report_ctx_find(ctx, group, s, 0);
		struct trace_hist *h = c ? report_ctx_hist(ctx, c, op) : NULL;
		uint64_t lo, hi, cnt;
		unsigned int b;

		if (!h || !trace_hist_count(h)) {
			trace_hist_free(h);
			continue;
		}
		if (blk)
			fputs("\n\n", dat);
		fputs("# design ", dat);
		trace_gpdata_puts(dat, ctx->series[s].name);
		fputc('\n', dat);
		for (b = 0; b < trace_hist_nr_buckets(h); b++) {
			trace_hist_bucket(h, b, &lo, &hi, &cnt);
			/* log x: a 0 ns bucket is drawn at 1 ns */
			fprintf(dat, "%llu %llu %.1f %llu\n", (unsigned long long)lo,
				(unsigned long long)(hi ? hi : 1),
				lo + hi ? (lo + hi) / 2.0 : 1.0, (unsigned long long)cnt);
		}
		fprintf(pc, "%s'%s.dat' index %zu using 2:4 smooth cnormal with steps lw 2 title ",
			blk ? ", " : "", name, blk);
		trace_gp_puts(pc, ctx->series[s].name);
		fprintf(ph, "%s'%s.dat' index %zu using 3:4 with linespoints pt 7 ps 0.4 lw 1.5 title ",
			blk ? ", " : "", name, blk);
		trace_gp_puts(ph, ctx->series[s].name);
		blk++;
		nb += trace_hist_nr_buckets(h);
		trace_hist_free(h);
	}
	fclose(dat);
	dat = NULL;
	fclose(pc);
	fclose(ph);
	pc = ph = NULL;
	if (!blk || !nb)
		goto out;
	/* both scripts read the same .dat: name it for the first */
	body = latency_script(group, op, "CDF",
			      "set xlabel 'latency (ns, log)'\nset ylabel 'fraction of calls'\n"
			      "set yrange [0:1.02]\nset key bottom right\n", plot_cdf);
	snprintf(cap, sizeof(cap), "%s: %s latency CDF, one curve per design", group, op);
	snprintf(pname, sizeof(pname), "%s-cdf", name);
	if (body)
		report_plot_queue_add(&ctx->plots, pname, body, cap);
	free(body);
	body = latency_script(group, op, "histogram",
			      "set xlabel 'latency (ns, log; log-linear buckets)'\n"
			      "set ylabel 'calls per bucket'\nset key top right\n", plot_hist);
	snprintf(cap, sizeof(cap), "%s: %s latency histogram (log-linear buckets)", group, op);
	snprintf(pname, sizeof(pname), "%s-hist", name);
	if (body)
		report_plot_queue_add(&ctx->plots, pname, body, cap);
	free(body);
out:
	if (dat)
		fclose(dat);
	if (pc)
		fclose(pc);
	if (ph)
		fclose(ph);
	free(plot_cdf);
	free(plot_hist);
}

/* The unit of op in group g, from the first series that has it. */
static const char *group_op_unit(const struct report_ctx *ctx, const char *group, const char *op)
{
	size_t s;

	for (s = 0; s < ctx->nr_series; s++) {
		const struct report_cref *c = report_ctx_find(ctx, group, s, 0);
		const char *unit = c ? report_ctx_op_unit(ctx, c, op) : NULL;

		if (unit)
			return unit;
	}
	return "ns";	/* histograms are in ns unless a row says otherwise */
}

static void latency_table(struct report_ctx *ctx, const char *group, char **ops, size_t nr_ops,
			  int times)
{
	static const char *const hdr[] = { "op", "design", "count (calls)", "rate", "min", "p50",
		"p90", "p99", "p99.9", "max" };
	static const double pcts[] = { 50, 90, 99, 99.9 };
	struct report_table *t = NULL;
	char cap[512], buf[64];
	size_t o, s, p;

	for (o = 0; o < nr_ops; o++) {
		const char *unit = group_op_unit(ctx, group, ops[o]);

		if (report_unit_is_time(unit) != times)
			continue;
		if (!t) {
			snprintf(cap, sizeof(cap), times ? "%s: latency per op" :
				 "%s: batch sizes per op (pages, commands per event)", group);
			t = report_doc_table(ctx->doc, cap, 10, hdr);
			if (!t)
				return;
		}
		for (s = 0; s < ctx->nr_series; s++) {
			const struct report_cref *c = report_ctx_find(ctx, group, s, 0);
			struct trace_hist *h = c ? report_ctx_hist(ctx, c, ops[o]) : NULL;
			uint64_t n;
			double rate;

			if (!h)
				continue;
			n = trace_hist_count(h);
			report_table_row(t);
			report_table_cell(t, 0, 0, "%s", ops[o]);
			report_table_cell(t, 1, 0, "%s", ctx->series[s].name);
			report_table_cell(t, 2, 0, "%llu", (unsigned long long)n);
			rate = op_rate(ctx, c, ops[o], n);
			if (isnan(rate))
				report_table_cell(t, 3, 0, "-");
			else
				report_table_cell(t, 3, 0, "%.4g calls/s", rate);
			report_fmt_value(buf, sizeof(buf), (double)trace_hist_min(h), unit);
			report_table_cell(t, 4, 0, "%s", n ? buf : "-");
			for (p = 0; p < 4; p++) {
				report_fmt_value(buf, sizeof(buf),
						 (double)trace_hist_percentile(h, pcts[p]), unit);
				report_table_cell(t, 5 + p, 0, "%s", n ? buf : "-");
			}
			report_fmt_value(buf, sizeof(buf), (double)trace_hist_max(h), unit);
			report_table_cell(t, 9, 0, "%s", n ? buf : "-");
			trace_hist_free(h);
		}
	}
}

int report_section_latency(struct report_ctx *ctx)
{
	size_t g, o, nr_ops, shown = 0;

	report_doc_section(ctx->doc, "Per-op latency");
	report_doc_text(ctx->doc, 0,
			"From the histograms of every repetition of a cell (hist/<cell>/<op>.json). "
			"Percentiles are nearest-rank on log-linear buckets (within 1/128 of the "
			"value; exact below 128). Ops counting pages or commands (<event>.<field>) "
			"are in a separate table with their own unit.");
	for (g = 0; g < ctx->nr_groups; g++) {
		char **ops;

		nr_ops = group_ops(ctx, ctx->groups[g], &ops);
		if (!nr_ops) {
			free(ops);
			continue;
		}
		latency_table(ctx, ctx->groups[g], ops, nr_ops, 1);
		latency_table(ctx, ctx->groups[g], ops, nr_ops, 0);
		for (o = 0; o < nr_ops; o++)
			if (report_unit_is_time(group_op_unit(ctx, ctx->groups[g], ops[o])))
				latency_plots(ctx, ctx->groups[g], ops[o]);
		shown++;
		free(ops);
	}
	if (!shown)
		report_doc_text(ctx->doc, 0, "No latency histograms in these runs.");
	return 0;
}
