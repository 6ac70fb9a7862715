// SPDX-License-Identifier: GPL-2.0
/* Report section "latency": per-op latency and batch-size tables from the
 * histograms, with CDF and histogram plots. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hist.h"
#include "report_doc.h"
#include "report_plot.h"
#include "units.h"
#include "run_model.h"
#include "sections.h"

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
	for (i = 0; i < c->nr_rows; i++) {
		const struct report_row *row = &rd->rows[c->rows[i]];

		if (strcmp(row->metric, "duration"))
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

/*
 * <name>.dat: a block of histogram buckets per design; the plot clauses of
 * the CDF (pc) and histogram (ph) scripts, one per block. *nr_buckets gets
 * the buckets written; returns the number of blocks.
 */
static size_t latency_dat(struct report_ctx *ctx, FILE *dat, FILE *pc, FILE *ph,
			  const char *group, const char *op, const char *name, size_t *nr_buckets)
{
	size_t s, blk = 0;

	fputs("# group ", dat);
	esc_gnuplot_data_puts(dat, group);
	fputs(", op ", dat);
	esc_gnuplot_data_puts(dat, op);
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
		esc_gnuplot_data_puts(dat, ctx->series[s].name);
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
		esc_gnuplot_puts(pc, ctx->series[s].name);
		fprintf(ph, "%s'%s.dat' index %zu using 3:4 with linespoints pt 7 ps 0.4 lw 1.5 title ",
			blk ? ", " : "", name, blk);
		esc_gnuplot_puts(ph, ctx->series[s].name);
		blk++;
		*nr_buckets += trace_hist_nr_buckets(h);
		trace_hist_free(h);
	}
	return blk;
}

/* The two plots of an op's histograms; both scripts read the same .dat, named for the first. */
static const struct latency_kind {
	const char *suffix;	/* plot name <name>-<suffix> */
	const char *title;	/* "<group>: <op> latency <title>" */
	const char *caption;	/* "<group>: <op> latency <caption>" */
	const char *rest;	/* the script between the title and the plot command */
} latency_kinds[] = {
	{ "cdf", "CDF", "CDF, one curve per design",
	  "set xlabel 'latency (ns, log)'\nset ylabel 'fraction of calls'\n"
	  "set yrange [0:1.02]\nset key bottom right\n" },
	{ "hist", "histogram", "histogram (log-linear buckets)",
	  "set xlabel 'latency (ns, log; log-linear buckets)'\n"
	  "set ylabel 'calls per bucket'\nset key top right\n" },
};

static void latency_plots(struct report_ctx *ctx, const char *group, const char *op)
{
	char name[128], pname[140], cap[512], what[256], *plot[2] = { NULL, NULL }, *body;
	size_t nb = 0, blk = 0, len[2] = { 0, 0 }, k;
	FILE *pf[2], *dat;

	pf[0] = open_memstream(&plot[0], &len[0]);
	pf[1] = open_memstream(&plot[1], &len[1]);
	snprintf(what, sizeof(what), "%s-%s", op, group);
	report_plot_queue_name(&ctx->plots, name, sizeof(name), "lat", what);
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (dat && pf[0] && pf[1])
		blk = latency_dat(ctx, dat, pf[0], pf[1], group, op, name, &nb);
	if (dat)
		fclose(dat);
	for (k = 0; k < 2; k++)
		if (pf[k])
			fclose(pf[k]);
	for (k = 0; dat && pf[0] && pf[1] && blk && nb && k < 2; k++) {
		const struct latency_kind *lk = &latency_kinds[k];

		body = latency_script(group, op, lk->title, lk->rest, plot[k]);
		snprintf(cap, sizeof(cap), "%s: %s latency %s", group, op, lk->caption);
		snprintf(pname, sizeof(pname), "%s-%s", name, lk->suffix);
		if (body)
			report_plot_queue_add(&ctx->plots, pname, body, cap);
		free(body);
	}
	free(plot[0]);
	free(plot[1]);
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
