// SPDX-License-Identifier: GPL-2.0
/*
 * Report section "cost": who pays what per IO. From the traces, for every
 * target: each host map and unmap split by nesting (trace/nest.h: EL1
 * work, EL1->EL2 transition, EL2 work, SMMU wait; rows op "map.el1" ...,
 * metric mean), one map and one unmap per IO; a table per workload and
 * a stacked bar per design and op, with the model's own accounting of the
 * same split ("model.attr" rows) as a cross-check and the host ops that did not nest.
 * Runs without those rows fall back to the model's CPU split (cost_per_io).
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report_doc.h"
#include "report_plot.h"
#include "units.h"
#include "run_model.h"
#include "sections.h"

/* Components of the per-IO cost, in the order the stack is drawn. */
static const char *const cost_parts[] = { "map", "unmap", "tlbi", "sync", "trap", "hypercall" };
#define NR_COST_PARTS ARRAY_SIZE(cost_parts)

/* Does any design of group g have a cost_per_io row? */
static int cost_any(const struct report_ctx *ctx, const char *group)
{
	size_t s, p;
	int any = 0;

	for (s = 0; s < ctx->nr_series && !any; s++) {
		const struct report_cref *c = report_ctx_find(ctx, group, s, 0);
		double *v;

		for (p = 0; c && p < NR_COST_PARTS && !any; p++) {
			any = report_ctx_values(ctx, c, cost_parts[p], "cost_per_io", &v, NULL) > 0;
			free(v);
		}
	}
	return any;
}

/* One design's row of the table and of <name>.dat: the centre of each part, the total. */
static void cost_row(struct report_ctx *ctx, struct report_table *t, FILE *dat,
		     const struct report_cref *c, const char *series)
{
	double total = 0;
	char a[64];
	size_t p;

	report_table_row(t);
	report_table_cell(t, 0, 0, "%s", series);
	esc_gnuplot_data_puts(dat, series);
	for (p = 0; p < NR_COST_PARTS; p++) {
		const char *unit;
		double *v, m = 0;
		size_t n = report_ctx_values(ctx, c, cost_parts[p], "cost_per_io", &v, &unit);

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

/* The stacked bars of <name>.dat: a bar per design, a block per part. */
static int cost_plot(struct report_ctx *ctx, const char *group, const char *name)
{
	char cap[256], *body = NULL;
	size_t p, bl;
	FILE *pf = open_memstream(&body, &bl);

	if (!pf)
		return -ENOMEM;
	report_plot_set(pf, "title", "%s: CPU time per IO by component", group);
	fputs("set style data histogram\nset style histogram rowstacked\n"
	      "set style fill solid 0.85 border -1\nset boxwidth 0.6\n"
	      "set ylabel 'ns per IO'\nset yrange [0:*]\nset key outside right\nplot ", pf);
	for (p = 0; p < NR_COST_PARTS; p++) {
		fprintf(pf, "%s'%s.dat' using %zu%s title ", p ? ", " : "", name, p + 2,
			p ? "" : ":xtic(1)");
		esc_gnuplot_puts(pf, cost_parts[p]);
	}
	fputc('\n', pf);
	snprintf(cap, sizeof(cap), "%s: overhead per IO by component, per design", group);
	if (!fclose(pf))
		report_plot_queue_add(&ctx->plots, name, body, cap);
	free(body);
	return 0;
}

/* Table, data and plot of one group; -errno stops the section. */
static int cost_group(struct report_ctx *ctx, const char *group, const char **hdr)
{
	char name[128], cap[256];
	struct report_table *t;
	size_t s, p;
	FILE *dat;

	snprintf(cap, sizeof(cap), "%s: CPU time per IO by component (median over repetitions)",
		 group);
	t = report_doc_table(ctx->doc, cap, 2 + NR_COST_PARTS, hdr);
	report_plot_queue_name(&ctx->plots, name, sizeof(name), "cost", group);
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (!dat || !t) {
		if (dat)
			fclose(dat);
		return -ENOMEM;
	}
	fprintf(dat, "# design");
	for (p = 0; p < NR_COST_PARTS; p++)
		fprintf(dat, " %s", cost_parts[p]);
	fprintf(dat, "   (ns per IO)\n");
	for (s = 0; s < ctx->nr_series; s++) {
		const struct report_cref *c = report_ctx_find(ctx, group, s, 0);

		if (c)
			cost_row(ctx, t, dat, c, ctx->series[s].name);
	}
	fclose(dat);
	return cost_plot(ctx, group, name);
}

static const char *const attr_parts[] = { "el1", "transition", "el2", "smmu_wait" };
#define NR_ATTR_PARTS ARRAY_SIZE(attr_parts)
static const char *const attr_ops[] = { "map", "unmap" };

/* The centre over repetitions of (op, metric) in c; *n values, 0 when none. */
static double attr_center(const struct report_ctx *ctx, const struct report_cref *c,
			  const char *op, const char *metric, size_t *n)
{
	const char *unit = NULL;
	double *v = NULL, m = 0;

	*n = report_ctx_values(ctx, c, op, metric, &v, &unit);
	if (*n)
		m = report_stats_center(unit ? unit : "ns", v, *n);
	free(v);
	return m;
}

/* One design's figures: parts per IO (ns), its map and unmap totals, checks. */
struct attr_fig {
	double part[NR_ATTR_PARTS], map, unmap, model_delta, left_out;
	double op_part[ARRAY_SIZE(attr_ops)][NR_ATTR_PARTS];	/* mean per op */
	bool have, have_model;
};

static void attr_fig_get(const struct report_ctx *ctx, const struct report_cref *c,
			 struct attr_fig *f)
{
	double model_sum = 0, trace_sum = 0, v;
	char op[64];
	size_t o, p, n;

	memset(f, 0, sizeof(*f));
	for (o = 0; o < ARRAY_SIZE(attr_ops); o++) {
		for (p = 0; p < NR_ATTR_PARTS; p++) {
			snprintf(op, sizeof(op), "%s.%s", attr_ops[o], attr_parts[p]);
			v = attr_center(ctx, c, op, "mean", &n);
			f->have |= n > 0;
			f->part[p] += v;
			f->op_part[o][p] = v;
			*(o ? &f->unmap : &f->map) += v;
			trace_sum += attr_center(ctx, c, op, "sum", &n);
			/* the model's own sum of the same part (model targets only) */
			model_sum += attr_center(ctx, c, "model.attr", op, &n);
			f->have_model |= n > 0;
		}
		snprintf(op, sizeof(op), "excluded_%s", attr_ops[o]);
		f->left_out += attr_center(ctx, c, "attr", op, &n);
	}
	if (f->have_model && model_sum > 0)
		f->model_delta = 100.0 * (trace_sum - model_sum) / model_sum;
}

/* A row of the table; a bar per op of <name>.dat ("<design> map", its parts). */
static void attr_row(struct report_table *t, FILE *dat, const char *series,
		     const struct attr_fig *f)
{
	char a[64], bar[160];
	size_t o, p;

	report_table_row(t);
	report_table_cell(t, 0, 0, "%s", series);
	for (p = 0; p < NR_ATTR_PARTS; p++) {
		report_fmt_value(a, sizeof(a), f->part[p], "ns");
		report_table_cell(t, 1 + p, 0, "%s", a);
	}
	for (o = 0; o < ARRAY_SIZE(attr_ops); o++) {
		snprintf(bar, sizeof(bar), "%s %s", series, attr_ops[o]);
		esc_gnuplot_data_puts(dat, bar);
		for (p = 0; p < NR_ATTR_PARTS; p++)
			fprintf(dat, " %.3f", f->op_part[o][p]);
		fputc('\n', dat);
	}
	report_fmt_value(a, sizeof(a), f->map + f->unmap, "ns");
	report_table_cell(t, 5, 0, "%s", a);
	report_fmt_value(a, sizeof(a), f->map, "ns");
	report_table_cell(t, 6, 0, "%s", a);
	report_fmt_value(a, sizeof(a), f->unmap, "ns");
	report_table_cell(t, 7, 0, "%s", a);
	if (f->have_model)
		report_table_cell(t, 8, fabs(f->model_delta) > 1.0, "%+.2f %%", f->model_delta);
	else
		report_table_cell(t, 8, 0, "-");
	report_table_cell(t, 9, f->left_out > 0, "%.0f", f->left_out);
}

static void attr_plot(struct report_ctx *ctx, const char *group, const char *name)
{
	char cap[256], *body = NULL;
	size_t p, bl;
	FILE *pf = open_memstream(&body, &bl);

	if (!pf)
		return;
	report_plot_set(pf, "title", "%s: where the time of each map and unmap goes", group);
	fputs("set style data histogram\nset style histogram rowstacked\n"
	      "set style fill solid 0.85 border -1\nset boxwidth 0.6\n"
	      "set ylabel 'ns per op (mean)'\nset yrange [0:*]\nset key outside right\n"
	      "set xtics rotate by -30\nplot ", pf);
	for (p = 0; p < NR_ATTR_PARTS; p++) {
		fprintf(pf, "%s'%s.dat' using %zu%s title ", p ? ", " : "", name, p + 2,
			p ? "" : ":xtic(1)");
		esc_gnuplot_puts(pf, attr_parts[p]);
	}
	fputc('\n', pf);
	snprintf(cap, sizeof(cap), "%s: EL1 / transition / EL2 / SMMU wait of each map and "
		 "unmap (mean per op), per design, from the traces", group);
	if (!fclose(pf))
		report_plot_queue_add(&ctx->plots, name, body, cap);
	free(body);
}

static const char *const attr_hdr[] = {
	"design", "EL1", "EL1->EL2 transition", "EL2", "SMMU wait", "total", "map", "unmap",
	"model's own accounting", "host ops that did not nest",
};

/* One group's table and bars; false when no design of it has the rows. */
static bool attr_group(struct report_ctx *ctx, const char *group)
{
	struct attr_fig f[64];
	char name[128], cap[384];
	struct report_table *t;
	size_t s, any = 0;
	FILE *dat;

	for (s = 0; s < ctx->nr_series && s < ARRAY_SIZE(f); s++) {
		const struct report_cref *c = report_ctx_find(ctx, group, s, 0);

		memset(&f[s], 0, sizeof(f[s]));
		if (c)
			attr_fig_get(ctx, c, &f[s]);
		any += f[s].have;
	}
	if (!any)
		return false;
	snprintf(cap, sizeof(cap), "%s: time per IO (one map + one unmap, mean per op, median "
		 "over repetitions) by where it is spent, from the traces; the model's own "
		 "accounting of the same split, as the difference of the trace's sum from it",
		 group);
	t = report_doc_table(ctx->doc, cap, ARRAY_SIZE(attr_hdr), attr_hdr);
	report_plot_queue_name(&ctx->plots, name, sizeof(name), "cost", group);
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (!t || !dat) {
		if (dat)
			fclose(dat);
		return true;
	}
	fprintf(dat, "# design op, el1 transition el2 smmu_wait   (ns per op, mean)\n");
	for (s = 0; s < ctx->nr_series && s < ARRAY_SIZE(f); s++)
		if (f[s].have)
			attr_row(t, dat, ctx->series[s].name, &f[s]);
	fclose(dat);
	attr_plot(ctx, group, name);
	return true;
}

/* The trace-derived split of every group; the groups shown. */
static size_t report_cost_attr(struct report_ctx *ctx)
{
	size_t g, shown = 0;

	for (g = 0; g < ctx->nr_groups; g++)
		shown += attr_group(ctx, ctx->groups[g]);
	if (shown)
		report_doc_text(ctx->doc, 0,
				"Each host dma map and unmap is matched by CPU and time with the "
				"hypervisor intervals (hyp_enter..hyp_exit) and EL2 operation "
				"events (dur_ns) inside it, and the smmu_sync waits inside those: "
				"EL1 = host time outside EL2, transition = EL2 entry to the "
				"operation and its end to the exit, EL2 = the operation less the "
				"SMMU wait. Host ops in which something did not nest (a missing "
				"exit, lost events, a clock too coarse to tell) are left out and "
				"counted. The model's column is how far the trace's sums are from "
				"the model's own accounting (red beyond 1%%).");
	return shown;
}

/* One observer-effect row: the three p50s and the two ratios to "off". */
static void observer_row(struct report_table *t, const char *group, const char *design,
			 const char *op, double off, double pe, double hist, bool has_hist)
{
	char a[64], b[64], c[64];

	report_table_row(t);
	report_table_cell(t, 0, 0, "%s", group);
	report_table_cell(t, 1, 0, "%s", design);
	report_table_cell(t, 2, 0, "%s", op);
	report_fmt_value(a, sizeof(a), off, "ns");
	report_fmt_value(b, sizeof(b), pe, "ns");
	report_table_cell(t, 3, 0, "%s", a);
	report_table_cell(t, 4, 0, "%s", b);
	report_table_cell(t, 6, 0, "%.3fx", off > 0 ? pe / off : 0.0);
	if (has_hist) {
		report_fmt_value(c, sizeof(c), hist, "ns");
		report_table_cell(t, 5, 0, "%s", c);
		report_table_cell(t, 7, 0, "%.3fx", off > 0 ? hist / off : 0.0);
	} else {
		report_table_cell(t, 5, 0, "not run");
		report_table_cell(t, 7, 0, "not run");
	}
}

/*
 * What tracing itself costs: each op's p50 with the events off, EL2
 * per-event and EL2 aggregated (p50_events_off, p50_hyp_per_event,
 * p50_hyp_hist rows: same cell, same seed; medians over repetitions). Runs
 * older than the hist mode have only the first: the measured p50 stands for
 * per-event. One table; false if none.
 */
static bool cost_observer(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "group", "design", "op", "p50 events off",
					   "p50 per-event", "p50 aggregated (hist)",
					   "per-event / off", "hist / off" };
	static const char *const ops[] = { "map", "unmap", "io" };
	struct report_table *t = NULL;
	size_t g, s, o, n_off, n_pe, n_hist;

	for (g = 0; g < ctx->nr_groups; g++)
		for (s = 0; s < ctx->nr_series; s++) {
			const struct report_cref *cr = report_ctx_find(ctx, ctx->groups[g], s, 0);

			for (o = 0; cr && o < ARRAY_SIZE(ops); o++) {
				double off = attr_center(ctx, cr, ops[o], "p50_events_off", &n_off);
				double pe = attr_center(ctx, cr, ops[o], "p50_hyp_per_event", &n_pe);
				double hist = attr_center(ctx, cr, ops[o], "p50_hyp_hist", &n_hist);

				if (!n_pe)
					pe = attr_center(ctx, cr, ops[o], "p50", &n_pe);
				if (!n_off || !n_pe)
					continue;
				if (!t)
					t = report_doc_table(ctx->doc, "Observer effect: each op's "
							     "p50 with the events off, written per "
							     "event and aggregated at EL2 (same cell, "
							     "same seed)",
							     ARRAY_SIZE(hdr), hdr);
				if (!t)
					return true;
				observer_row(t, ctx->groups[g], ctx->series[s].name, ops[o], off, pe,
					     hist, n_hist > 0);
			}
		}
	if (t)
		report_doc_text(ctx->doc, 0,
				"The model charges every EL2 event written hyp_event_ns of CPU "
				"time, and in aggregated mode (hyp-instrumentation/README.md) "
				"every value binned into EL2's per-CPU histogram hyp_hist_ns, "
				"its smmu_hist readout falling after the window; its profile "
				"names both figures' sources (bench_hypev_rb, bench_hypev_hist). "
				"On hardware the same comparison needs runs in each mode.");
	return t != NULL;
}

/* The model's CPU split (cost_per_io rows), for runs without the trace split. */
static size_t cost_model_split(struct report_ctx *ctx)
{
	const char *hdr[2 + NR_COST_PARTS];
	size_t g, p, shown = 0;

	hdr[0] = "design";
	for (p = 0; p < NR_COST_PARTS; p++)
		hdr[1 + p] = cost_parts[p];
	hdr[1 + NR_COST_PARTS] = "total";
	for (g = 0; g < ctx->nr_groups; g++) {
		if (!cost_any(ctx, ctx->groups[g]))
			continue;
		shown++;
		if (cost_group(ctx, ctx->groups[g], hdr))
			break;
	}
	return shown;
}

int report_section_cost(struct report_ctx *ctx)
{
	report_doc_section(ctx->doc, "Cost per IO: who pays what");
	if (report_cost_attr(ctx)) {
		cost_observer(ctx);
		return 0;
	}
	if (!cost_model_split(ctx))
		report_doc_text(ctx->doc, 0,
				"No per-IO cost breakdown in these runs (rows op \"map.el1\" ... "
				"from the traces, or metric \"cost_per_io\" from the model).");
	else
		report_doc_text(ctx->doc, 0,
				"These runs have no trace-derived split (op \"map.el1\" ...): the "
				"table above is the model's own CPU accounting (cost_per_io).");
	return 0;
}
