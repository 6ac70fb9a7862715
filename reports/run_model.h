/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run model: what `smmubench report` knows about its runs. Series (one
 * per run and design), cells grouped by workload + parameters (so the same
 * point of different designs lines up), sweep points, and lookups of
 * per-repetition values and histograms. struct report_ctx is what a report
 * section sees: the run model, the plot queue and the doc. Private to
 * reports/.
 */
#ifndef REPORT_RUN_MODEL_H
#define REPORT_RUN_MODEL_H

#include <stddef.h>

#include "plot_queue.h"
#include "reports.h"
#include "units.h"

struct report_doc;
struct str_pool;
struct trace_hist;

struct report_series {
	char *name;		/* "paravirt", or "paravirt@label" when runs repeat a design */
	size_t run;
	char *design;
	int hw;			/* target hw: measured on hardware */
};

struct report_cref {
	size_t run;
	struct report_cell cell;	/* own copies */
	struct report_params param;	/* cell.params, parsed */
	size_t series;
	char *group;		/* "<workload> <params without the sweep knob>" */
	char *sweep_knob;	/* NULL when not a sweep point */
	double sweep_val;
	/*
	 * The cell's rows: indices into runs[run]->rows, in file order (a
	 * slice of ctx->row_index[run]), so that a lookup in one cell costs
	 * its own rows, not the run's: nothing in a report is quadratic in cells.
	 */
	const size_t *rows;
	size_t nr_rows;
};

struct report_ctx {
	struct report_rundata **runs;
	size_t nr_runs;
	struct report_series *series;
	size_t nr_series;
	struct report_cref *cells;
	size_t nr_cells;
	char **groups;		/* distinct groups, first-seen order */
	size_t nr_groups;
	struct str_pool *group_ids;	/* group -> its index in groups */
	size_t *by_group;	/* cell indices by group, series, sweep point or not, index */
	size_t **row_index;	/* per run: row indices sorted by cell, then file order */
	struct report_plot_queue plots;
	struct report_doc *doc;		/* the same as plots.doc */
};

int report_ctx_init(struct report_ctx *ctx, struct report_rundata **runs, size_t nr_runs);
void report_ctx_release(struct report_ctx *ctx);

/* Values of (op, metric) of a cell, one per row (repetition); *unit from the rows. */
size_t report_ctx_values(const struct report_ctx *ctx, const struct report_cref *c,
			 const char *op, const char *metric, double **vals, const char **unit);
/* The histogram of op in a cell, or NULL. Caller frees. */
struct trace_hist *report_ctx_hist(const struct report_ctx *ctx, const struct report_cref *c,
				   const char *op);
/*
 * Unit of an op's histogram values: hist JSON is always "ns", but batch-size
 * ops ("smmu_unmap.pgcount") count pages or commands; the op's summary rows
 * (metric mean/p50/min/max) carry the real unit. NULL when the cell has none.
 */
const char *report_ctx_op_unit(const struct report_ctx *ctx, const struct report_cref *c,
			       const char *op);
/* The cell of series s in group g (sweep points excluded unless sweep), or NULL. */
const struct report_cref *report_ctx_find(const struct report_ctx *ctx, const char *group,
					  size_t series, int sweep);
/* The value of param key shared by the cells of group (not their sweep knob), or NULL. */
const char *report_ctx_group_param(const struct report_ctx *ctx, const char *group,
				   const char *key);

#endif
