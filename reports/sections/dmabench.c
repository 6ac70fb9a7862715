// SPDX-License-Identifier: GPL-2.0
/* Report section "dmabench": the dma_map_benchmark grid (map / unmap time
 * per call per granule and thread count) as in the RFC v2 cover letter. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hist.h"
#include "report_doc.h"
#include "report_plot.h"
#include "run_model.h"
#include "sections.h"

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

/* The dmabench groups with a granule: the grid's cases, sorted; their number. */
static size_t grid_cases(const struct report_ctx *ctx, struct grid_case *cases, size_t max)
{
	size_t nr = 0, g;

	for (g = 0; g < ctx->nr_groups && nr < max; g++) {
		const char *grp = ctx->groups[g];
		const char *granule = report_ctx_group_param(ctx, grp, "granule");
		const char *threads = report_ctx_group_param(ctx, grp, "threads");

		if (strncmp(grp, "dmabench", 8) || !granule)
			continue;
		cases[nr].granule = atof(granule);
		cases[nr].threads = threads ? atof(threads) : 1;
		cases[nr++].group = grp;
	}
	qsort(cases, nr, sizeof(cases[0]), grid_cmp);
	return nr;
}

static void grid_table(struct report_ctx *ctx, const struct grid_case *cases, size_t nr)
{
	static const char *const hdr[] = { "case", "design", "map (us per call)",
		"unmap (us per call)" };
	static const char *const ops[] = { "map", "unmap" };
	struct report_table *t = report_doc_table(ctx->doc, "map / unmap time per call", 4, hdr);
	char label[64];
	size_t i, s, o;

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
}

/* <name>.dat: a row per case, a column per design (us per call); *vmin, *vmax of them. */
static int grid_dat(struct report_ctx *ctx, const struct grid_case *cases, size_t nr,
		    const char *op, const char *name, double *vmin, double *vmax)
{
	FILE *dat = report_plot_dat_open(ctx->plots.dir, name);
	char label[64];
	size_t i, s;

	if (!dat)
		return -errno;
	fprintf(dat, "# case");
	for (s = 0; s < ctx->nr_series; s++) {
		fputc(' ', dat);
		esc_gnuplot_data_puts(dat, ctx->series[s].name);
	}
	fprintf(dat, "   (%s time per call, us; ? = not measured)\n", op);
	*vmin = INFINITY;
	*vmax = 0;
	for (i = 0; i < nr; i++) {
		grid_label(label, sizeof(label), &cases[i]);
		esc_gnuplot_data_puts(dat, label);
		for (s = 0; s < ctx->nr_series; s++) {
			const struct report_cref *c = report_ctx_find(ctx, cases[i].group, s, 0);
			double ns = c ? op_mean_ns(ctx, c, op) : NAN;

			if (isnan(ns)) {
				fprintf(dat, " ?");
				continue;
			}
			fprintf(dat, " %.4f", ns / 1000);
			if (ns > 0) {
				*vmin = fmin(*vmin, ns / 1000);
				*vmax = fmax(*vmax, ns / 1000);
			}
		}
		fputc('\n', dat);
	}
	fclose(dat);
	return 0;
}

/* Clustered bars of op's time per call: a cluster per case, a bar per design. */
static void grid_plot(struct report_ctx *ctx, const struct grid_case *cases, size_t nr,
		      const char *op)
{
	char name[128], cap[64], *body = NULL;
	double vmin = INFINITY, vmax = 0;
	size_t s, bl = 0;
	FILE *pf;

	report_plot_queue_name(&ctx->plots, name, sizeof(name), "grid", op);
	if (grid_dat(ctx, cases, nr, op, name, &vmin, &vmax))
		return;
	pf = open_memstream(&body, &bl);
	if (!pf)
		return;
	report_plot_set(pf, "title", "dmabench: %s time per call, per design", op);
	fputs("set style data histogram\nset style histogram clustered gap 1\n"
	      "set style fill solid 0.85 border -1\nset boxwidth 0.9\n", pf);
	/* 4K and 1M differ 30-100x: on a linear axis the 4K bars vanish */
	if (vmax > 0 && vmax / vmin > 20) {
		fprintf(pf, "set logscale y\nset yrange [%g:*]\n", vmin / 2);
		report_plot_set(pf, "ylabel", "%s (us per call, log)", op);
	} else {
		fputs("set yrange [0:*]\nset offsets 0, 0, graph 0.1, 0\n", pf);
		report_plot_set(pf, "ylabel", "%s (us per call)", op);
	}
	fputs("set key top left\nset xtics nomirror\nplot ", pf);
	for (s = 0; s < ctx->nr_series; s++) {
		fprintf(pf, "%s'%s.dat' using %zu%s title ", s ? ", " : "", name, s + 2,
			s ? "" : ":xtic(1)");
		esc_gnuplot_puts(pf, ctx->series[s].name);
	}
	fputc('\n', pf);
	if (fclose(pf)) {
		free(body);
		return;
	}
	snprintf(cap, sizeof(cap), "dmabench grid: %s, grouped per design", op);
	report_plot_queue_add(&ctx->plots, name, body, cap);
	free(body);
}

int report_section_dmabench(struct report_ctx *ctx)
{
	struct grid_case cases[64];
	size_t nr = grid_cases(ctx, cases, 64);

	if (!nr)
		return 0;
	report_doc_section(ctx->doc, "dmabench grid (dma_map_benchmark)");
	report_doc_text(ctx->doc, 0,
			"Mean time per call as dma_map_benchmark reports it (avg_map_100ns / "
			"avg_unmap_100ns, in us), median over repetitions; the layout of the RFC v2 "
			"cover-letter table (granule 1 page = 4K, 256 pages = 1M).");
	grid_table(ctx, cases, nr);
	grid_plot(ctx, cases, nr, "map");
	grid_plot(ctx, cases, nr, "unmap");
	return 0;
}
