// SPDX-License-Identifier: GPL-2.0
/* Report section "setup": where the numbers come from (the hardware/model
 * banner), the runs and the workloads. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "report_doc.h"
#include "run_model.h"
#include "sections.h"

static void strcat_list(char *buf, size_t len, const char *item)
{
	size_t l = strlen(buf);

	snprintf(buf + l, len - l, "%s%s", l ? ", " : "", item);
}

static const char *meta2(const struct report_rundata *rd, const char *a, const char *b)
{
	struct json_object *v;

	if (!json_object_object_get_ex(rd->meta, a, &v) || !json_object_object_get_ex(v, b, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void json_list(const struct report_rundata *rd, const char *key, char *buf, size_t len)
{
	struct json_object *arr;
	size_t i;

	buf[0] = '\0';
	if (!json_object_object_get_ex(rd->meta, key, &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(arr); i++)
		strcat_list(buf, len, json_object_get_string(json_object_array_get_idx(arr, i)));
}

/* repetitions = highest rep + 1: in 64 bits, as rep may be INT_MAX */
static int64_t max_rep(const struct report_ctx *ctx, const char *group, size_t *nr_cells)
{
	size_t i, j;
	int64_t reps = 0;

	*nr_cells = 0;
	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];
		const struct report_rundata *rd = ctx->runs[c->run];

		if (strcmp(c->group, group))
			continue;
		(*nr_cells)++;
		for (j = 0; j < c->nr_rows; j++)
			if (rd->rows[c->rows[j]].rep >= reps)
				reps = (int64_t)rd->rows[c->rows[j]].rep + 1;
	}
	return reps;
}

int report_section_setup(struct report_ctx *ctx)
{
	static const char *const hdr[] = { "run", "status", "target", "designs", "profile",
		"kernel", "board", "start", "end", "smmubench", "trace sources" };
	static const char *const whdr[] = { "workload and parameters", "designs", "cells",
		"repetitions" };
	char hw[1024] = "", model[1024] = "", buf[1024], designs[512];
	struct report_table *t;
	size_t i, j, nr_cells;

	report_doc_section(ctx->doc, "Setup");
	for (i = 0; i < ctx->nr_series; i++)
		strcat_list(ctx->series[i].hw ? hw : model, sizeof(hw), ctx->series[i].name);
	report_doc_banner(ctx->doc,
			  "Where the numbers come from. Measured on hardware: %s. Model output "
			  "(bench/model: a simulation calibrated against the RFC v2 dma_map_benchmark "
			  "table, not a measurement; nested figures are predictions): %s.",
			  *hw ? hw : "none", *model ? model : "none");
	/* a caveat the run's bench.conf states about its timings ([target] note) */
	for (i = 0; i < ctx->nr_runs; i++)
		if (report_rundata_meta(ctx->runs[i], "note"))
			report_doc_banner(ctx->doc, "%s: %s", ctx->runs[i]->name,
					  report_rundata_meta(ctx->runs[i], "note"));
	t = report_doc_table(ctx->doc, "Runs", 11, hdr);
	for (i = 0; t && i < ctx->nr_runs; i++) {
		const struct report_rundata *rd = ctx->runs[i];
		const char *st = report_run_status_name(rd->status);
		const char *gitrev = meta2(rd, "smmubench", "gitrev");

		report_table_row(t);
		report_table_cell(t, 0, 0, "%s", rd->name);
		report_table_cell(t, 1, rd->status != REPORT_RUN_COMPLETE, "%s", st);
		report_table_cell(t, 2, 0, "%s", report_rundata_meta(rd, "target") ?: "-");
		json_list(rd, "designs", designs, sizeof(designs));
		report_table_cell(t, 3, 0, "%s", *designs ? designs : "-");
		report_table_cell(t, 4, 0, "%s", report_rundata_meta(rd, "profile") ?: "-");
		report_table_cell(t, 5, 0, "%s", meta2(rd, "kernel", "release") ?: "-");
		report_table_cell(t, 6, 0, "%s", report_rundata_meta(rd, "board") ?: "-");
		report_table_cell(t, 7, 0, "%s", report_rundata_meta(rd, "start") ?: "-");
		report_table_cell(t, 8, 0, "%s", report_rundata_meta(rd, "end") ?: "-");
		report_table_cell(t, 9, 0, "%s (%s)", meta2(rd, "smmubench", "version") ?: "?",
				  gitrev ?: "?");
		json_list(rd, "sources", buf, sizeof(buf));
		report_table_cell(t, 10, 0, "%s", *buf ? buf : "-");
	}
	for (i = 0; i < ctx->nr_runs; i++)
		if (ctx->runs[i]->status != REPORT_RUN_COMPLETE)
			report_doc_text(ctx->doc, 1, "run %s is %s: its numbers may be partial",
					ctx->runs[i]->name,
					report_run_status_name(ctx->runs[i]->status));

	t = report_doc_table(ctx->doc, "Workloads", 4, whdr);
	for (i = 0; t && i < ctx->nr_groups; i++) {
		const char *g = ctx->groups[i];

		designs[0] = '\0';
		for (j = 0; j < ctx->nr_series; j++)
			if (report_ctx_find(ctx, g, j, 0) || report_ctx_find(ctx, g, j, 1))
				strcat_list(designs, sizeof(designs), ctx->series[j].name);
		report_table_row(t);
		report_table_cell(t, 0, 0, "%s", g);
		report_table_cell(t, 1, 0, "%s", designs);
		report_table_cell(t, 3, 0, "%lld", (long long)max_rep(ctx, g, &nr_cells));
		report_table_cell(t, 2, 0, "%zu", nr_cells);
	}
	return 0;
}
