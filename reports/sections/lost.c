// SPDX-License-Identifier: GPL-2.0
/* Report section "lost": lost events per run and cell, what the loader left
 * out, workload errors. */
#include <string.h>

#include "report_doc.h"
#include "run_model.h"
#include "sections.h"

/*
 * The table row of a cell's lost events (c NULL: the run-wide rows, cell ""),
 * summed over its repetitions, sources and CPUs; 0 when it has no such rows.
 */
static int lost_row(struct report_table *t, const struct report_rundata *rd,
		    const struct report_cref *c)
{
	size_t i, n = c ? c->nr_rows : rd->nr_rows;
	uint64_t sum = 0;
	int any = 0;

	for (i = 0; i < n; i++) {
		const struct report_row *row = &rd->rows[c ? c->rows[i] : i];

		if ((!c && *row->cell) || strcmp(row->metric, "lost_events"))
			continue;
		sum += (uint64_t)row->value;
		any = 1;
	}
	if (!any)
		return 0;
	report_table_row(t);
	report_table_cell(t, 0, 0, "%s", rd->name);
	report_table_cell(t, 1, 0, "%s", c ? c->cell.name : "(run-wide)");
	report_table_cell(t, 2, sum > 0, "%llu events", (unsigned long long)sum);
	return 1;
}

int report_section_lost(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "run", "cell", "lost events" };
	struct report_table *t;
	uint64_t total = 0;
	size_t r, i;

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

		/* each cell's own rows (run_model.h): linear in the run's rows */
		for (i = 0; i < ctx->nr_cells; i++)
			if (ctx->cells[i].run == r)
				any |= lost_row(t, rd, &ctx->cells[i]);
		any |= lost_row(t, rd, NULL);
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
