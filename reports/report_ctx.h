/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `smmubench report` knows about its runs: series (one per run and
 * design), cells grouped by workload + parameters (so the same point of
 * different designs lines up), sweep points, and lookups of per-repetition
 * values and histograms. Private to reports/.
 */
#ifndef REPORT_CTX_H
#define REPORT_CTX_H

#include <limits.h>
#include <stddef.h>

#include "reports.h"

struct report_doc;
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
	size_t series;
	char *group;		/* "<workload> <params without the sweep knob>" */
	char *sweep_knob;	/* NULL when not a sweep point */
	double sweep_val;
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
	char outdir[PATH_MAX];
	char plotdir[PATH_MAX];
	int have_gnuplot;
	unsigned int nr_plots;		/* names handed out */
	unsigned int nr_images;		/* plots drawn */
	unsigned int nr_plot_errors;
	char **pending;		/* plot names written, not yet drawn */
	size_t nr_pending;
	struct report_doc *doc;
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
/* Is the unit a time (ns, us, ms, s)? */
int report_unit_is_time(const char *unit);
/* The cell of series s in group g (sweep points excluded unless sweep), or NULL. */
const struct report_cref *report_ctx_find(const struct report_ctx *ctx, const char *group,
					  size_t series, int sweep);
/* Is the unit a rate (higher is better: iops, bytes/s, MiB/s, x/s)? */
int report_unit_is_rate(const char *unit);
/* Is the unit a time or a cost (lower is better: ns, us, ms, s, %, events)? */
int report_unit_is_cost(const char *unit);
/* A file-name-safe stem for plot files: "p07-cdf-dmabench_granule_1". */
void report_ctx_plot_name(struct report_ctx *ctx, char *dst, size_t len, const char *kind,
			  const char *what);
/* Write the plot's script and add it to the doc; drawn by report_ctx_plots_draw(). */
void report_ctx_plot(struct report_ctx *ctx, const char *name, const char *body,
		     const char *caption);
/* Draw every pending plot with one gnuplot; failed ones become red warnings. */
void report_ctx_plots_draw(struct report_ctx *ctx);
/* Value of key in "k=v k2=v2" params, copied into buf; NULL when absent. */
const char *report_param(const char *params, const char *key, char *buf, size_t len);

/* The sections, in report order (report_sections.c, report_sections2.c). */
int report_section_setup(struct report_ctx *ctx);
int report_section_lost(struct report_ctx *ctx);
int report_section_latency(struct report_ctx *ctx);
int report_section_dmabench(struct report_ctx *ctx);
int report_section_kpi(struct report_ctx *ctx);
int report_section_cost(struct report_ctx *ctx);
int report_section_sweep(struct report_ctx *ctx);

#endif
