// SPDX-License-Identifier: GPL-2.0
/* Report section "kpi": every metric of every workload and design, its
 * centre, 95% interval, range and repetitions. */
#include <stdlib.h>
#include <string.h>

#include "report_doc.h"
#include "report_util.h"
#include "run_model.h"
#include "sections.h"

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
	return 0;
}
