/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dashboard's model of results.db: runs by start time and one series
 * per (board, design, workload + params, op, metric, unit) with every
 * repetition of every run. Private to reports/dashboard*.c.
 */
#ifndef REPORT_DASHBOARD_H
#define REPORT_DASHBOARD_H

#include <stddef.h>
#include <sqlite3.h>

#include "reports.h"

struct report_doc;

struct dash_run {
	sqlite3_int64 id;
	char *name, *label, *xlabel;
	char *kernel;		/* kernel_release */
	char *start;		/* ISO time */
};

/* A change point of a series, with the run indices of its two sides. */
struct dash_cp {
	size_t series;
	size_t first_bad, last_good;	/* run indices */
	struct report_cp cp;
};

struct dash_series {
	char *board, *design, *wl, *op, *metric, *unit;
	double **vals;		/* per run index */
	size_t *nvals, *cap;
};

struct dash {
	struct dash_run *runs;
	size_t nr_runs;
	struct dash_series *series;
	size_t nr_series;
	struct dash_cp *cps;	/* every series', newest first bad run first */
	size_t nr_cps;
};

/* Change points of every series into d->cps (dashboard_cp.c). 0 or -ENOMEM. */
int dash_changepoints_find(struct dash *d, double threshold_pct);
/* The change-point table ("Regressions: change points"), newest first. */
void dash_changepoints_table(struct report_doc *doc, const struct dash *d);
/* 1 when the series' last change point is a regression (it still holds). */
int dash_cp_open(const struct dash *d, size_t cp_index);

#endif
