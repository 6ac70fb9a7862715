// SPDX-License-Identifier: GPL-2.0
/* Report section "sweep": batching sweeps, knob value vs unmap latency and vs
 * CMD_SYNCs per unmap, one curve per design; each point with the safety
 * oracle's verdict and exposure window (model runs, bench/model/oracle.c). */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
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

/*
 * The oracle's verdict of a point: "UNSAFE" when a repetition had a
 * violation, "safe (deferred)" with a window, "safe (strict)", or "not
 * checked" (hw, or a model run without the oracle). The window's centre
 * into *WINDOW (NAN when not checked).
 */
static const char *safety(const struct report_ctx *ctx, const struct report_cref *c,
			  double *window)
{
	const char *unit, *verdict = "safe (strict)";
	double *v;
	size_t n = report_ctx_values(ctx, c, "oracle", "safe", &v, &unit), i;

	*window = NAN;
	if (!n) {
		free(v);
		return "not checked";
	}
	for (i = 0; i < n; i++)
		if (v[i] == 0)
			verdict = "UNSAFE";
	free(v);
	n = report_ctx_values(ctx, c, "oracle", "window_max", &v, &unit);
	if (n)
		*window = report_stats_center(unit, v, n);
	free(v);
	if (strcmp(verdict, "UNSAFE") && *window > 0)
		verdict = "safe (deferred)";
	return verdict;
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
		double l = unmap_p50(ctx, pts[i]), y = syncs_per_unmap(ctx, pts[i]), w;
		const char *verdict = safety(ctx, pts[i], &w);

		report_table_row(t);
		report_table_cell(t, 0, 0, "%s=%g", knob, pts[i]->sweep_val);
		report_table_cell(t, 1, 0, "%s", series);
		report_fmt_value(a, sizeof(a), l, "ns");
		report_table_cell(t, 2, 0, "%s", a);
		if (isnan(y))
			report_table_cell(t, 3, 0, "-");
		else
			report_table_cell(t, 3, 0, "%.3g syncs/unmap", y);
		report_table_cell(t, 4, 0, "%s", verdict);
		report_fmt_value(a, sizeof(a), w, "ns");
		report_table_cell(t, 5, 0, "%s", isnan(w) ? "-" : a);
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
		"CMD_SYNCs per unmap", "safety (oracle)", "exposure window max" };
	double vmin = INFINITY, vmax = -INFINITY;
	char cap[512], name[128];
	struct report_table *t;
	size_t i, s, n, blk;
	FILE *dat;

	snprintf(cap, sizeof(cap), "sweep of %s over %s", knob, group);
	t = report_doc_table(ctx->doc, cap, 6, hdr);
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

struct pareto_pt {
	double p50, window;
	const char *policy;
};

static int pareto_cmp(const void *a, const void *b)
{
	const struct pareto_pt *x = a, *y = b;

	if (x->p50 != y->p50)
		return (x->p50 > y->p50) - (x->p50 < y->p50);
	return (x->window > y->window) - (x->window < y->window);
}

/*
 * The workload cell a policy belongs to: smmubench tune names its cells
 * <workload cell>.p<N>; other cells are their own.
 */
static void pareto_key(const struct report_cref *c, char *buf, size_t len)
{
	const char *dot = strrchr(c->cell.name, '.');
	size_t n = strlen(c->cell.name);

	if (dot && dot[1] == 'p' && dot[2] && strspn(dot + 2, "0123456789") == strlen(dot + 2))
		n = dot - c->cell.name;
	snprintf(buf, len, "%.*s", (int)n, c->cell.name);
}

/*
 * Series S's safe policies on workload cell KEY (cells the oracle checked)
 * as unmap p50 against the exposure window, the Pareto front drawn through
 * them: sorted by p50, a point is on the front when its window is below
 * every faster one's.
 */
static void pareto_plot(struct report_ctx *ctx, size_t s, const char *key, struct pareto_pt *pt)
{
	char name[128], cap[512], k[256], *body = NULL;
	size_t i, n = 0, bl = 0;
	double best = INFINITY, w;
	FILE *dat, *pf;

	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];

		const char *v;

		if (c->series != s)
			continue;
		pareto_key(c, k, sizeof(k));
		if (strcmp(k, key))
			continue;
		v = safety(ctx, c, &w);
		if (strcmp(v, "safe (strict)") && strcmp(v, "safe (deferred)"))
			continue;
		pt[n].p50 = unmap_p50(ctx, c);
		pt[n].window = isnan(w) ? 0 : w;
		pt[n].policy = c->cell.params ? c->cell.params : c->cell.name;
		if (!isnan(pt[n].p50))
			n++;
	}
	if (n < 3)
		return;
	qsort(pt, n, sizeof(*pt), pareto_cmp);
	report_plot_queue_name(&ctx->plots, name, sizeof(name), "pareto", key);
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (!dat)
		return;
	fputs("# unmap_p50_ns window_max_ns on_front policy\n", dat);
	for (i = 0; i < n; i++) {
		int front = pt[i].window < best;

		if (front)
			best = pt[i].window;
		fprintf(dat, "%.1f %.1f %d ", pt[i].p50, pt[i].window, front);
		esc_gnuplot_data_puts(dat, pt[i].policy);
		fputc('\n', dat);
	}
	fclose(dat);
	pf = open_memstream(&body, &bl);
	if (!pf)
		return;
	report_plot_set(pf, "title", "%s (%s): safe policies, unmap p50 vs exposure window", key,
			ctx->series[s].name);
	report_plot_set(pf, "xlabel", "%s", "unmap p50 (ns)");
	report_plot_set(pf, "ylabel", "%s", "exposure window max (ns)");
	fprintf(pf, "set key top right\nplot '%s.dat' using 1:2 with points pt 7 title 'policy', "
		"'%s.dat' using 1:($3 > 0 ? $2 : 1/0) with linespoints lw 2 pt 6 title 'Pareto front'\n",
		name, name);
	snprintf(cap, sizeof(cap), "Pareto plot of %s (%s): every safe policy the oracle checked (unsafe ones left out), the front through the ones no faster policy beats on window",
		 key, ctx->series[s].name);
	if (!fclose(pf))
		report_plot_queue_add(&ctx->plots, name, body, cap);
	free(body);
}

/*
 * One Pareto plot per design and workload cell whose policies carry the
 * oracle's verdict (tune runs), each key once: at its first cell.
 */
static void pareto_plots(struct report_ctx *ctx)
{
	struct pareto_pt *pt = calloc(ctx->nr_cells ? ctx->nr_cells : 1, sizeof(*pt));
	char key[256], prev[256];
	size_t s, i, j;

	if (!pt)
		return;
	for (s = 0; s < ctx->nr_series; s++)
		for (i = 0; i < ctx->nr_cells; i++) {
			bool seen = false;

			if (ctx->cells[i].series != s)
				continue;
			pareto_key(&ctx->cells[i], key, sizeof(key));
			for (j = 0; j < i && !seen; j++) {
				if (ctx->cells[j].series != s)
					continue;
				pareto_key(&ctx->cells[j], prev, sizeof(prev));
				seen = !strcmp(prev, key);
			}
			if (!seen)
				pareto_plot(ctx, s, key, pt);
		}
	free(pt);
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
	pareto_plots(ctx);
	if (!shown)
		report_doc_text(ctx->doc, 0,
				"No sweep in these runs (a sweep is >= 3 cells that differ in one "
				"numeric parameter only).");
	return 0;
}
