// SPDX-License-Identifier: GPL-2.0
/* Report section "cost": CPU time per IO by component (map, unmap, TLBI,
 * sync, trap, hypercall), a table and a stacked bar per workload. */
#include <errno.h>
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

int report_section_cost(struct report_ctx *ctx)
{
	const char *hdr[2 + NR_COST_PARTS];
	size_t g, p, shown = 0;

	report_doc_section(ctx->doc, "Cost per IO: who pays what");
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
	if (!shown)
		report_doc_text(ctx->doc, 0,
				"No per-IO cost breakdown in these runs (rows with metric "
				"\"cost_per_io\", op = map, unmap, tlbi, sync, trap or hypercall).");
	return 0;
}
