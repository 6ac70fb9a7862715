// SPDX-License-Identifier: GPL-2.0
/* Report section "sweep": batching sweeps, knob value vs unmap latency and vs
 * CMD_SYNCs per unmap, one curve per design. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hist.h"
#include "run_model.h"
#include "sections.h"
#include "report_doc.h"
#include "report_plot.h"
#include "units.h"

/* the model and hw name the same op differently: "unmap" vs "smmu_unmap" */
static struct trace_hist *hist_any(const struct report_ctx *ctx, const struct report_cref *c,
				   const char *a, const char *b)
{
	struct trace_hist *h = report_ctx_hist(ctx, c, a);

	return h ? h : report_ctx_hist(ctx, c, b);
}

static double unmap_p50(const struct report_ctx *ctx, const struct report_cref *c)
{
	struct trace_hist *h = hist_any(ctx, c, "unmap", "smmu_unmap");
	const char *unit;
	double *v, r = NAN;
	size_t n;

	if (h && trace_hist_count(h))
		r = (double)trace_hist_percentile(h, 50);
	trace_hist_free(h);
	if (!isnan(r))
		return r;
	n = report_ctx_values(ctx, c, "unmap", "p50", &v, &unit);
	if (n)
		r = report_stats_center(unit, v, n);
	free(v);
	return r;
}

/* a "syncs_per_unmap" row, else CMD_SYNC events over unmap calls */
static double syncs_per_unmap(const struct report_ctx *ctx, const struct report_cref *c)
{
	struct trace_hist *hs, *hu;
	const char *unit;
	double *v, r = NAN;
	size_t n = report_ctx_values(ctx, c, "unmap", "syncs_per_unmap", &v, &unit);

	if (n)
		r = report_stats_center(unit, v, n);
	free(v);
	if (!isnan(r))
		return r;
	hs = hist_any(ctx, c, "sync", "smmu_sync");
	hu = hist_any(ctx, c, "unmap", "smmu_unmap");
	if (hs && hu && trace_hist_count(hu))
		r = (double)trace_hist_count(hs) / (double)trace_hist_count(hu);
	trace_hist_free(hs);
	trace_hist_free(hu);
	return r;
}

static int pt_cmp(const void *a, const void *b)
{
	const struct report_cref *x = *(const struct report_cref *const *)a;
	const struct report_cref *y = *(const struct report_cref *const *)b;

	return (x->sweep_val > y->sweep_val) - (x->sweep_val < y->sweep_val);
}

static void sweep_plot(struct report_ctx *ctx, const char *group, const char *knob,
		       const char *datname, int col, const char *what, const char *ylabel,
		       int logx)
{
	char name[160], cap[512], *body = NULL;
	size_t s, bl = 0, blk = 0;
	FILE *pf = open_memstream(&body, &bl);

	if (!pf)
		return;
	report_plot_set(pf, "title", "%s: %s vs %s", group, what, knob);
	if (logx)
		fputs("set logscale x 2\n", pf);
	report_plot_set(pf, "xlabel", "%s", knob);
	report_plot_set(pf, "ylabel", "%s", ylabel);
	fputs("set yrange [0:*]\nset key top left\nplot ", pf);
	for (s = 0; s < ctx->nr_series; s++) {
		if (!report_ctx_find(ctx, group, s, 1))
			continue;
		fprintf(pf, "%s'%s.dat' index %zu using 1:%d with linespoints lw 2 pt 7 title ",
			blk ? ", " : "", datname, blk, col);
		esc_gnuplot_puts(pf, ctx->series[s].name);
		blk++;
	}
	fputc('\n', pf);
	snprintf(name, sizeof(name), "%s-%c", datname, col == 2 ? 'l' : 's');
	snprintf(cap, sizeof(cap), "sweep %s (%s): %s, one curve per design", knob, group, what);
	if (!fclose(pf))
		report_plot_queue_add(&ctx->plots, name, body, cap);
	free(body);
}

/* One design's block of <name>.dat and its table rows: the points sorted by knob value. */
static void sweep_series(struct report_ctx *ctx, struct report_table *t, FILE *dat,
			 const struct report_cref **pts, size_t n, const char *knob,
			 const char *series, double *vmin, double *vmax)
{
	char a[64];
	size_t i;

	qsort(pts, n, sizeof(*pts), pt_cmp);
	fputs("# design ", dat);
	esc_gnuplot_data_puts(dat, series);
	fputc('\n', dat);
	for (i = 0; i < n; i++) {
		double l = unmap_p50(ctx, pts[i]), y = syncs_per_unmap(ctx, pts[i]);

		report_table_row(t);
		report_table_cell(t, 0, 0, "%s=%g", knob, pts[i]->sweep_val);
		report_table_cell(t, 1, 0, "%s", series);
		report_fmt_value(a, sizeof(a), l, "ns");
		report_table_cell(t, 2, 0, "%s", a);
		if (isnan(y))
			report_table_cell(t, 3, 0, "-");
		else
			report_table_cell(t, 3, 0, "%.3g syncs/unmap", y);
		if (isnan(l))
			fprintf(dat, "%g ? ", pts[i]->sweep_val);
		else
			fprintf(dat, "%g %.1f ", pts[i]->sweep_val, l);
		fprintf(dat, isnan(y) ? "?\n" : "%.4f\n", y);
		*vmin = fmin(*vmin, pts[i]->sweep_val);
		*vmax = fmax(*vmax, pts[i]->sweep_val);
	}
}

/* The table, data and two plots of the sweep of knob over group; pts: scratch. */
static void sweep_group(struct report_ctx *ctx, const char *group, const char *knob,
			const struct report_cref **pts)
{
	static const char *const hdr[] = { "knob value", "design", "unmap p50",
		"CMD_SYNCs per unmap" };
	double vmin = INFINITY, vmax = -INFINITY;
	char cap[512], name[128];
	struct report_table *t;
	size_t i, s, n, blk;
	FILE *dat;

	snprintf(cap, sizeof(cap), "sweep of %s over %s", knob, group);
	t = report_doc_table(ctx->doc, cap, 4, hdr);
	report_plot_queue_name(&ctx->plots, name, sizeof(name), "sweep", group);
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (!t || !dat) {
		if (dat)
			fclose(dat);
		return;
	}
	fputs("# ", dat);
	esc_gnuplot_data_puts(dat, group);
	fputs(": one block per design: ", dat);
	esc_gnuplot_data_puts(dat, knob);
	fputs(" unmap_p50_ns syncs_per_unmap\n", dat);
	for (s = 0, blk = 0; s < ctx->nr_series; s++) {
		for (i = 0, n = 0; i < ctx->nr_cells; i++) {
			const struct report_cref *c = &ctx->cells[i];

			if (c->series == s && c->sweep_knob && !strcmp(c->group, group))
				pts[n++] = c;
		}
		if (!n)
			continue;
		if (blk++)
			fputs("\n\n", dat);
		sweep_series(ctx, t, dat, pts, n, knob, ctx->series[s].name, &vmin, &vmax);
	}
	fclose(dat);
	/* powers-of-two knobs (batch sizes) read best on a log2 axis */
	sweep_plot(ctx, group, knob, name, 2, "unmap p50 latency", "unmap p50 (ns)",
		   vmin > 0 && vmax / vmin >= 8);
	sweep_plot(ctx, group, knob, name, 3, "CMD_SYNCs per unmap", "CMD_SYNCs per unmap (count)",
		   vmin > 0 && vmax / vmin >= 8);
}

int report_section_sweep(struct report_ctx *ctx)
{
	const struct report_cref **pts;
	size_t g, i, shown = 0;

	report_doc_section(ctx->doc, "Batching sweeps");
	pts = calloc(ctx->nr_cells ? ctx->nr_cells : 1, sizeof(*pts));
	if (!pts)
		return -ENOMEM;
	for (g = 0; g < ctx->nr_groups; g++) {
		const char *knob = NULL;

		for (i = 0; i < ctx->nr_cells && !knob; i++)
			if (ctx->cells[i].sweep_knob && !strcmp(ctx->cells[i].group, ctx->groups[g]))
				knob = ctx->cells[i].sweep_knob;
		if (!knob)
			continue;
		shown++;
		sweep_group(ctx, ctx->groups[g], knob, pts);
	}
	free(pts);
	if (!shown)
		report_doc_text(ctx->doc, 0,
				"No sweep in these runs (a sweep is >= 3 cells that differ in one "
				"numeric parameter only).");
	return 0;
}
