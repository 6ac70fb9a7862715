// SPDX-License-Identifier: GPL-2.0
/* Report section "lost": lost events per run and cell, what the loader left
 * out, workload errors. */
#include <string.h>

#include "report_doc.h"
#include "run_model.h"
#include "sections.h"

int report_section_lost(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "run", "cell", "lost events" };
	struct report_table *t;
	uint64_t total = 0;
	size_t r, i, j;

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

		for (i = 0; i < rd->nr_rows; i++) {
			uint64_t sum = 0;

			if (strcmp(rd->rows[i].metric, "lost_events"))
				continue;
			/* first row of this cell: sum the cell's rows */
			for (j = 0; j < i; j++)
				if (!strcmp(rd->rows[j].metric, "lost_events") &&
				    !strcmp(rd->rows[j].cell, rd->rows[i].cell))
					break;
			if (j < i)
				continue;
			for (j = i; j < rd->nr_rows; j++)
				if (!strcmp(rd->rows[j].metric, "lost_events") &&
				    !strcmp(rd->rows[j].cell, rd->rows[i].cell))
					sum += (uint64_t)rd->rows[j].value;
			report_table_row(t);
			report_table_cell(t, 0, 0, "%s", rd->name);
			report_table_cell(t, 1, 0, "%s", *rd->rows[i].cell ? rd->rows[i].cell :
							 "(run-wide)");
			report_table_cell(t, 2, sum > 0, "%llu events", (unsigned long long)sum);
			any = 1;
		}
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
