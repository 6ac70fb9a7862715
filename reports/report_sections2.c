// SPDX-License-Identifier: GPL-2.0
/* Report sections: the dmabench grid, per-workload KPIs with throughput
 * bars, the per-IO cost breakdown and batching sweeps. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "hist.h"
#include "run_model.h"
#include "report_doc.h"
#include "report_plot.h"
#include "report_util.h"

/* Components of the per-IO cost, in the order the stack is drawn. */
static const char *const cost_parts[] = { "map", "unmap", "tlbi", "sync", "trap", "hypercall" };
#define NR_COST_PARTS (sizeof(cost_parts) / sizeof(cost_parts[0]))

/* mean time of op in ns: dma_map_benchmark's own figure, else a mean row, else the histogram */
static double op_mean_ns(const struct report_ctx *ctx, const struct report_cref *c, const char *op)
{
	static const char *const metrics[] = { "tool_mean", "mean" };
	struct trace_hist *h;
	const char *unit;
	double *v, r = NAN;
	size_t i, n;

	for (i = 0; i < 2 && isnan(r); i++) {
		n = report_ctx_values(ctx, c, op, metrics[i], &v, &unit);
		if (n && unit && !strcmp(unit, "ns"))
			r = report_stats_center(unit, v, n);
		free(v);
	}
	if (!isnan(r))
		return r;
	h = report_ctx_hist(ctx, c, op);
	if (h && trace_hist_count(h))
		r = trace_hist_mean(h);
	trace_hist_free(h);
	return r;
}

struct grid_case {
	const char *group;
	double granule, threads;
};

static int grid_cmp(const void *a, const void *b)
{
	const struct grid_case *x = a, *y = b;

	if (x->granule != y->granule)
		return x->granule < y->granule ? -1 : 1;
	return (x->threads > y->threads) - (x->threads < y->threads);
}

static void grid_label(char *buf, size_t len, const struct grid_case *gc)
{
	double kib = gc->granule * 4;	/* granule in 4 KiB pages (dma_map_benchmark -g) */

	if (kib >= 1024)
		snprintf(buf, len, "%gM, %g thread%s", kib / 1024, gc->threads,
			 gc->threads == 1 ? "" : "s");
	else
		snprintf(buf, len, "%gK, %g thread%s", kib, gc->threads, gc->threads == 1 ? "" : "s");
}

int report_section_dmabench(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "case", "design", "map (us per call)",
		"unmap (us per call)" };
	static const char *const ops[] = { "map", "unmap" };
	struct grid_case cases[64];
	size_t nr = 0, g, i, s, o;
	char buf[64], name[128], label[64];
	struct report_table *t;

	for (g = 0; g < ctx->nr_groups && nr < 64; g++) {
		const char *grp = ctx->groups[g];
		char v[32];

		if (strncmp(grp, "dmabench", 8))
			continue;
		if (!report_param(grp, "granule", v, sizeof(v)))
			continue;
		cases[nr].granule = atof(v);
		cases[nr].threads = report_param(grp, "threads", v, sizeof(v)) ? atof(v) : 1;
		cases[nr++].group = grp;
	}
	if (!nr)
		return 0;
	qsort(cases, nr, sizeof(cases[0]), grid_cmp);
	report_doc_section(ctx->doc, "dmabench grid (dma_map_benchmark)");
	report_doc_text(ctx->doc, 0,
			"Mean time per call as dma_map_benchmark reports it (avg_map_100ns / "
			"avg_unmap_100ns, in us), median over repetitions; the layout of the RFC v2 "
			"cover-letter table (granule 1 page = 4K, 256 pages = 1M).");
	t = report_doc_table(ctx->doc, "map / unmap time per call", 4, hdr);
	for (i = 0; t && i < nr; i++) {
		grid_label(label, sizeof(label), &cases[i]);
		for (s = 0; s < ctx->nr_series; s++) {
			const struct report_cref *c = report_ctx_find(ctx, cases[i].group, s, 0);

			if (!c)
				continue;
			report_table_row(t);
			report_table_cell(t, 0, 0, "%s", label);
			report_table_cell(t, 1, 0, "%s", ctx->series[s].name);
			for (o = 0; o < 2; o++) {
				double ns = op_mean_ns(ctx, c, ops[o]);

				if (isnan(ns))
					report_table_cell(t, 2 + o, 0, "-");
				else
					report_table_cell(t, 2 + o, 0, "%.3g us", ns / 1000);
			}
		}
	}
	for (o = 0; o < 2; o++) {
		FILE *dat;
		char *body = NULL;
		size_t bl = 0;
		FILE *pf;
		double vmin = INFINITY, vmax = 0;

		report_plot_queue_name(&ctx->plots, name, sizeof(name), "grid", ops[o]);
		dat = report_plot_dat_open(ctx->plots.dir, name);
		if (!dat)
			continue;
		fprintf(dat, "# case");
		for (s = 0; s < ctx->nr_series; s++) {
			fputc(' ', dat);
			trace_gpdata_puts(dat, ctx->series[s].name);
		}
		fprintf(dat, "   (%s time per call, us; ? = not measured)\n", ops[o]);
		for (i = 0; i < nr; i++) {
			grid_label(label, sizeof(label), &cases[i]);
			trace_gpdata_puts(dat, label);
			for (s = 0; s < ctx->nr_series; s++) {
				const struct report_cref *c = report_ctx_find(ctx, cases[i].group, s, 0);
				double ns = c ? op_mean_ns(ctx, c, ops[o]) : NAN;

				if (isnan(ns)) {
					fprintf(dat, " ?");
					continue;
				}
				fprintf(dat, " %.4f", ns / 1000);
				if (ns > 0) {
					vmin = fmin(vmin, ns / 1000);
					vmax = fmax(vmax, ns / 1000);
				}
			}
			fputc('\n', dat);
		}
		fclose(dat);
		pf = open_memstream(&body, &bl);
		if (!pf)
			continue;
		report_plot_set(pf, "title", "dmabench: %s time per call, per design", ops[o]);
		fputs("set style data histogram\nset style histogram clustered gap 1\n"
		      "set style fill solid 0.85 border -1\nset boxwidth 0.9\n", pf);
		/* 4K and 1M differ 30-100x: on a linear axis the 4K bars vanish */
		if (vmax > 0 && vmax / vmin > 20) {
			fprintf(pf, "set logscale y\nset yrange [%g:*]\n", vmin / 2);
			report_plot_set(pf, "ylabel", "%s (us per call, log)", ops[o]);
		} else {
			fputs("set yrange [0:*]\nset offsets 0, 0, graph 0.1, 0\n", pf);
			report_plot_set(pf, "ylabel", "%s (us per call)", ops[o]);
		}
		fputs("set key top left\nset xtics nomirror\nplot ", pf);
		for (s = 0; s < ctx->nr_series; s++) {
			fprintf(pf, "%s'%s.dat' using %zu%s title ", s ? ", " : "", name, s + 2,
				s ? "" : ":xtic(1)");
			trace_gp_puts(pf, ctx->series[s].name);
		}
		fputc('\n', pf);
		if (fclose(pf)) {
			free(body);
			continue;
		}
		snprintf(buf, sizeof(buf), "dmabench grid: %s, grouped per design", ops[o]);
		report_plot_queue_add(&ctx->plots, name, body, buf);
		free(body);
	}
	return 0;
}

/* Per-repetition IOPS of a cell, from whichever op carries them (fio_read, fio_write). */
static size_t iops_values(const struct report_ctx *ctx, const struct report_cref *c, double **v,
			  const char **unit)
{
	const struct report_rundata *rd = ctx->runs[c->run];
	size_t i;

	for (i = 0; i < rd->nr_rows; i++)
		if (!strcmp(rd->rows[i].cell, c->cell.name) && !strcmp(rd->rows[i].metric, "iops"))
			return report_ctx_values(ctx, c, rd->rows[i].op, "iops", v, unit);
	*v = NULL;
	*unit = NULL;
	return 0;
}

/* IOPS bars with 95% intervals, per workload group (x) and design (bars). */
static int report_section_throughput(struct report_ctx *ctx)
{
	char name[128], *body = NULL, *line = NULL;
	size_t g, s, nr = 0, bl = 0, ll = 0;
	FILE *dat, *pf, *lf;

	report_plot_queue_name(&ctx->plots, name, sizeof(name), "iops", "per-design");
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (!dat)
		return -errno;
	fprintf(dat, "# workload, then per design: iops (harmonic mean) lo95 hi95 (? = none)\n");
	for (g = 0; g < ctx->nr_groups; g++) {
		int any = 0;

		lf = open_memstream(&line, &ll);
		if (!lf)
			break;
		trace_gpdata_puts(lf, ctx->groups[g]);
		for (s = 0; s < ctx->nr_series; s++) {
			const struct report_cref *c = report_ctx_find(ctx, ctx->groups[g], s, 0);
			const char *unit = NULL;
			double *v = NULL, lo, hi;
			size_t n = c ? iops_values(ctx, c, &v, &unit) : 0;

			if (n && !report_stats_ci(v, n, report_unit_center(unit), &lo, &hi)) {
				fprintf(lf, " %.6g %.6g %.6g", report_stats_center(unit, v, n), lo, hi);
				any = 1;
			} else {
				fprintf(lf, " ? ? ?");
			}
			free(v);
		}
		fclose(lf);
		if (any) {
			fprintf(dat, "%s\n", line);
			nr++;
		}
		free(line);
		line = NULL;
	}
	fclose(dat);
	if (!nr)
		return 0;
	pf = open_memstream(&body, &bl);
	if (!pf)
		return -ENOMEM;
	fputs("set title 'IOPS per design and workload (bars: harmonic mean; whiskers: 95% interval)'\n"
	      "set style data histogram\nset style histogram errorbars gap 2 lw 1.5\n"
	      "set style fill solid 0.85 border -1\nset ylabel 'IOPS'\nset yrange [0:*]\n"
	      "set key top left\nset xtics nomirror\nplot ", pf);
	for (s = 0; s < ctx->nr_series; s++) {
		fprintf(pf, "%s'%s.dat' using %zu:%zu:%zu%s title ", s ? ", " : "", name,
			2 + 3 * s, 3 + 3 * s, 4 + 3 * s, s ? "" : ":xtic(1)");
		trace_gp_puts(pf, ctx->series[s].name);
	}
	fputc('\n', pf);
	if (!fclose(pf))
		report_plot_queue_add(&ctx->plots, name, body, "IOPS per design and workload with 95% intervals");
	free(body);
	return 0;
}

/* A summary of a histogram the latency tables already show in full. */
static int is_hist_summary(const struct report_rundata *rd, const struct report_row *row)
{
	static const char *const m[] = { "count", "mean", "min", "max", "p50", "p90", "p99",
		"p99_9" };
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(row->metric, m[i]))
			break;
	if (i == sizeof(m) / sizeof(m[0]))
		return 0;
	for (i = 0; i < rd->nr_hists; i++)
		if (!strcmp(rd->hists[i].cell, row->cell) && !strcmp(rd->hists[i].op, row->op))
			return 1;
	return 0;
}

struct kpi_key {
	const char *op, *metric;
};

int report_section_kpi(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "workload and parameters", "op", "metric", "design",
		"value", "95% interval", "min .. max", "reps" };
	struct report_table *t;
	size_t g, i, k, s, nk;
	char a[64], b[64], c2[64];

	report_doc_section(ctx->doc, "Per-workload KPIs");
	report_doc_text(ctx->doc, 0,
			"Per metric, over repetitions: rates (iops, bytes/s, x/s) use the harmonic "
			"mean, everything else the median; the interval is a bootstrap 95%% "
			"percentile interval (%d resamples, fixed seed). Per-repetition summaries of "
			"ops with a histogram (count, mean, min, p50 ... max) are left to the latency "
			"tables.", REPORT_STATS_BOOT_RESAMPLES);
	t = report_doc_table(ctx->doc, "KPIs per workload and design", 8, hdr);
	for (g = 0; t && g < ctx->nr_groups; g++) {
		struct kpi_key keys[256];

		nk = 0;
		for (i = 0; i < ctx->nr_cells; i++) {
			const struct report_cref *c = &ctx->cells[i];
			const struct report_rundata *rd = ctx->runs[c->run];
			size_t r;

			if (c->sweep_knob || strcmp(c->group, ctx->groups[g]))
				continue;
			for (r = 0; r < rd->nr_rows && nk < 256; r++) {
				const struct report_row *row = &rd->rows[r];

				if (strcmp(row->cell, c->cell.name) || !strcmp(row->metric, "lost_events") ||
				    is_hist_summary(rd, row))
					continue;
				for (k = 0; k < nk; k++)
					if (!strcmp(keys[k].op, row->op) && !strcmp(keys[k].metric, row->metric))
						break;
				if (k == nk)
					keys[nk++] = (struct kpi_key){ row->op, row->metric };
			}
		}
		for (k = 0; k < nk; k++) {
			for (s = 0; s < ctx->nr_series; s++) {
				const struct report_cref *c = report_ctx_find(ctx, ctx->groups[g], s, 0);
				const char *unit;
				double *v, lo, hi, ctr;
				size_t n;

				if (!c)
					continue;
				n = report_ctx_values(ctx, c, keys[k].op, keys[k].metric, &v, &unit);
				if (!n) {
					free(v);
					continue;
				}
				ctr = report_stats_center(unit, v, n);
				report_stats_ci(v, n, report_unit_center(unit), &lo, &hi);
				report_table_row(t);
				report_table_cell(t, 0, 0, "%s", ctx->groups[g]);
				report_table_cell(t, 1, 0, "%s", keys[k].op);
				report_table_cell(t, 2, 0, "%s", keys[k].metric);
				report_table_cell(t, 3, 0, "%s", ctx->series[s].name);
				report_fmt_value(a, sizeof(a), ctr, unit);
				report_table_cell(t, 4, 0, "%s", a);
				report_fmt_value(a, sizeof(a), lo, unit);
				report_fmt_value(b, sizeof(b), hi, unit);
				report_table_cell(t, 5, 0, "%s .. %s", a, b);
				report_fmt_value(a, sizeof(a), report_stats_percentile(v, n, 0), unit);
				report_fmt_value(c2, sizeof(c2), report_stats_percentile(v, n, 100), unit);
				report_table_cell(t, 6, 0, "%s .. %s", a, c2);
				report_table_cell(t, 7, 0, "%zu", n);
				free(v);
			}
		}
	}
	return report_section_throughput(ctx);
}

int report_section_cost(struct report_ctx *ctx)
{
	static const char *hdr[2 + NR_COST_PARTS];
	char name[128], cap[256], *body = NULL, a[64];
	size_t g, s, p, shown = 0, bl;
	struct report_table *t;
	FILE *dat, *pf;

	report_doc_section(ctx->doc, "Cost per IO: who pays what");
	hdr[0] = "design";
	for (p = 0; p < NR_COST_PARTS; p++)
		hdr[1 + p] = cost_parts[p];
	hdr[1 + NR_COST_PARTS] = "total";
	for (g = 0; g < ctx->nr_groups; g++) {
		int any = 0;

		for (s = 0; s < ctx->nr_series && !any; s++) {
			const struct report_cref *c = report_ctx_find(ctx, ctx->groups[g], s, 0);
			double *v;

			for (p = 0; c && p < NR_COST_PARTS && !any; p++) {
				any = report_ctx_values(ctx, c, cost_parts[p], "cost_per_io", &v, NULL) > 0;
				free(v);
			}
		}
		if (!any)
			continue;
		shown++;
		snprintf(cap, sizeof(cap), "%s: CPU time per IO by component (median over repetitions)",
			 ctx->groups[g]);
		t = report_doc_table(ctx->doc, cap, 2 + NR_COST_PARTS, hdr);
		report_plot_queue_name(&ctx->plots, name, sizeof(name), "cost", ctx->groups[g]);
		dat = report_plot_dat_open(ctx->plots.dir, name);
		if (!dat || !t)
			break;
		fprintf(dat, "# design");
		for (p = 0; p < NR_COST_PARTS; p++)
			fprintf(dat, " %s", cost_parts[p]);
		fprintf(dat, "   (ns per IO)\n");
		for (s = 0; s < ctx->nr_series; s++) {
			const struct report_cref *c = report_ctx_find(ctx, ctx->groups[g], s, 0);
			double total = 0;

			if (!c)
				continue;
			report_table_row(t);
			report_table_cell(t, 0, 0, "%s", ctx->series[s].name);
			trace_gpdata_puts(dat, ctx->series[s].name);
			for (p = 0; p < NR_COST_PARTS; p++) {
				const char *unit;
				double *v, m = 0;
				size_t n = report_ctx_values(ctx, c, cost_parts[p], "cost_per_io", &v,
							     &unit);

				if (n)
					m = report_stats_center(unit, v, n);
				free(v);
				total += m;
				report_fmt_value(a, sizeof(a), m, "ns");
				report_table_cell(t, 1 + p, 0, "%s", n ? a : "0 ns");
				fprintf(dat, " %.3f", m);
			}
			report_fmt_value(a, sizeof(a), total, "ns");
			report_table_cell(t, 1 + NR_COST_PARTS, 0, "%s", a);
			fputc('\n', dat);
		}
		fclose(dat);
		body = NULL;
		pf = open_memstream(&body, &bl);
		if (!pf)
			break;
		report_plot_set(pf, "title", "%s: CPU time per IO by component", ctx->groups[g]);
		fputs("set style data histogram\nset style histogram rowstacked\n"
		      "set style fill solid 0.85 border -1\nset boxwidth 0.6\n"
		      "set ylabel 'ns per IO'\nset yrange [0:*]\nset key outside right\nplot ", pf);
		for (p = 0; p < NR_COST_PARTS; p++) {
			fprintf(pf, "%s'%s.dat' using %zu%s title ", p ? ", " : "", name, p + 2,
				p ? "" : ":xtic(1)");
			trace_gp_puts(pf, cost_parts[p]);
		}
		fputc('\n', pf);
		snprintf(cap, sizeof(cap), "%s: overhead per IO by component, per design",
			 ctx->groups[g]);
		if (!fclose(pf))
			report_plot_queue_add(&ctx->plots, name, body, cap);
		free(body);
	}
	if (!shown)
		report_doc_text(ctx->doc, 0,
				"No per-IO cost breakdown in these runs (rows with metric "
				"\"cost_per_io\", op = map, unmap, tlbi, sync, trap or hypercall).");
	return 0;
}
