// SPDX-License-Identifier: GPL-2.0
/* Report section "kpi": every metric of every workload and design, its
 * centre, 95% interval, range and repetitions. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report_doc.h"
#include "units.h"
#include "run_model.h"
#include "sections.h"

/* A summary of a histogram the latency tables already show in full. */
static int is_hist_summary(const struct report_rundata *rd, const struct report_row *row)
{
	static const char *const m[] = { "count", "mean", "min", "max", "p50", "p90", "p99",
		"p99_9" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(m); i++)
		if (!strcmp(row->metric, m[i]))
			break;
	if (i == ARRAY_SIZE(m))
		return 0;
	for (i = 0; i < rd->nr_hists; i++)
		if (!strcmp(rd->hists[i].cell, row->cell) && !strcmp(rd->hists[i].op, row->op))
			return 1;
	return 0;
}

struct kpi_key {
	const char *op, *metric;
};

#define KPI_MAX_KEYS 256

/* The (op, metric) pairs of a group's cells, first-seen order, histogram summaries left out. */
static size_t kpi_keys(const struct report_ctx *ctx, const char *group, struct kpi_key *keys)
{
	size_t i, k, r, nk = 0;

	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];
		const struct report_rundata *rd = ctx->runs[c->run];

		if (c->sweep_knob || strcmp(c->group, group))
			continue;
		for (r = 0; r < c->nr_rows && nk < KPI_MAX_KEYS; r++) {
			const struct report_row *row = &rd->rows[c->rows[r]];

			if (!strcmp(row->metric, "lost_events") ||
			    is_hist_summary(rd, row))
				continue;
			for (k = 0; k < nk; k++)
				if (!strcmp(keys[k].op, row->op) && !strcmp(keys[k].metric, row->metric))
					break;
			if (k == nk)
				keys[nk++] = (struct kpi_key){ row->op, row->metric };
		}
	}
	return nk;
}

/* One row: the centre, its 95% interval, min .. max and the repetitions of a cell's key. */
static void kpi_row(const struct report_ctx *ctx, struct report_table *t, const char *group,
		    const struct kpi_key *key, const struct report_cref *c, const char *series)
{
	const char *unit;
	double *v, lo, hi;
	char a[64], b[64];
	size_t n = report_ctx_values(ctx, c, key->op, key->metric, &v, &unit);

	if (!n) {
		free(v);
		return;
	}
	report_stats_ci(v, n, report_unit_center(unit), &lo, &hi);
	report_table_row(t);
	report_table_cell(t, 0, 0, "%s", group);
	report_table_cell(t, 1, 0, "%s", key->op);
	report_table_cell(t, 2, 0, "%s", key->metric);
	report_table_cell(t, 3, 0, "%s", series);
	report_fmt_value(a, sizeof(a), report_stats_center(unit, v, n), unit);
	report_table_cell(t, 4, 0, "%s", a);
	report_fmt_value(a, sizeof(a), lo, unit);
	report_fmt_value(b, sizeof(b), hi, unit);
	report_table_cell(t, 5, 0, "%s .. %s", a, b);
	report_fmt_value(a, sizeof(a), report_stats_percentile(v, n, 0), unit);
	report_fmt_value(b, sizeof(b), report_stats_percentile(v, n, 100), unit);
	report_table_cell(t, 6, 0, "%s .. %s", a, b);
	report_table_cell(t, 7, 0, "%zu", n);
	free(v);
}

int report_section_kpi(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "workload and parameters", "op", "metric", "design",
		"value", "95% interval", "min .. max", "reps" };
	struct kpi_key keys[KPI_MAX_KEYS];
	struct report_table *t;
	size_t g, k, s, nk;

	report_doc_section(ctx->doc, "Per-workload KPIs");
	report_doc_text(ctx->doc, 0,
			"Per metric, over repetitions: rates (iops, bytes/s, x/s) use the harmonic "
			"mean, everything else the median; the interval is a bootstrap 95%% "
			"percentile interval (exact for medians; %d resamples, fixed seed, for "
			"harmonic means and larger samples). Per-repetition summaries of "
			"ops with a histogram (count, mean, min, p50 ... max) are left to the latency "
			"tables.", REPORT_STATS_BOOT_RESAMPLES);
	t = report_doc_table(ctx->doc, "KPIs per workload and design", 8, hdr);
	for (g = 0; t && g < ctx->nr_groups; g++) {
		nk = kpi_keys(ctx, ctx->groups[g], keys);
		for (k = 0; k < nk; k++)
			for (s = 0; s < ctx->nr_series; s++) {
				const struct report_cref *c = report_ctx_find(ctx, ctx->groups[g], s, 0);

				if (c)
					kpi_row(ctx, t, ctx->groups[g], &keys[k], c, ctx->series[s].name);
			}
	}
	return 0;
}
