/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dashboard's model of results.db: runs by start time and one series
 * per (board, design, workload + params, op, metric, unit) with every
 * repetition of every run; series sorted by that key, so that a group
 * (board, design, workload, op: one page) is a run of consecutive series.
 * Private to reports/dashboard*.c.
 */
#ifndef REPORT_DASHBOARD_H
#define REPORT_DASHBOARD_H

#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>

#include "reports.h"

struct dash_run {
	sqlite3_int64 id;
	char *name, *label, *xlabel;
	char *kernel;		/* kernel_release */
	char *start;		/* ISO time */
	char *board;
};

/* A change point of a series, with the run indices of its two sides. */
struct dash_cp {
	size_t series;
	size_t first_bad, last_good;	/* run indices */
	struct report_cp cp;
};

/* The newest run against another (report_verdict()), formatted. */
struct dash_cmp {
	int ok;
	struct report_verdict v;
	char text[64];
};

struct dash_series {
	char *board, *design, *wl, *op, *metric, *unit;
	double **vals;		/* per run index */
	size_t *nvals, *cap;
	double *ctr;		/* centre per run index (NAN: no values), computed once */
	size_t group;		/* index into dash.groups */
	int kpi;		/* listed on the index page */
	long newest;		/* newest run index with values, -1 none */
	struct dash_cmp prev, base;	/* newest vs previous run, vs baseline */
	size_t nr_open;		/* open change points (dash_cp_open()) */
};

struct dash_group {
	size_t first, nr;	/* series [first, first + nr) */
	size_t nr_open;
};

struct dash {
	struct dash_run *runs;
	size_t nr_runs;
	struct dash_series *series;
	size_t nr_series;
	struct dash_group *groups;
	size_t nr_groups;
	struct dash_cp *cps;	/* every series', newest first bad run first */
	size_t nr_cps;
	long base_run;		/* the --baseline run, -1 none */
	const char *baseline;
	double threshold_pct;
	int nr_regress;		/* series whose newest run regressed */
};

/* Change points of every series into d->cps (dashboard_cp.c). 0 or -ENOMEM. */
int dash_changepoints_find(struct dash *d);
/* 1 when change point k is a regression and the last of its series (it still holds). */
int dash_cp_open(const struct dash *d, size_t k);
/*
 * The change-point table, newest first, of every series (only_group -1) or
 * of one group, at most max rows; up is the way to the index ("" or "../").
 */
void dash_changepoints_html(FILE *f, const struct dash *d, long only_group, size_t max,
			    const char *up);

/* The change points of a previous <out>/index.json, one key each (dash_cp_key()). */
struct dash_known {
	char **keys;
	size_t nr;
};
/* 0 (nothing known when there is no file), or -errno when it cannot be read. */
int dash_known_load(const char *out, struct dash_known *k);
void dash_known_release(struct dash_known *k);
/* Regression change points not in k, each on f; their number. */
int dash_cp_new_regressions(const struct dash *d, const struct dash_known *k, FILE *f);

/* HTML pieces (dashboard_page.c): every string through esc_html_puts(). */
void dash_html_head(FILE *f, const char *title, const char *up);
void dash_html_tail(FILE *f);
/* <td> of a printf text: class "n" when it starts with a digit or sign, "warn" red. */
void dash_html_td(FILE *f, int warn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* <tr> with the series' board, design and workload for the page's filters */
void dash_html_row_open(FILE *f, const struct dash_series *s);
void dash_html_text(FILE *f, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Pages: index.html, g/<n>.html, index.json, index.js, dash.js. 0 or -errno. */
int dash_pages_write(const struct dash *d, const char *out);

/* plots/s<n>.svg and, for KPIs, spark/s<n>.svg (dashboard_svg.c). 0 or -errno. */
int dash_svg_series(const struct dash *d, size_t si, const char *out);
int dash_svg_spark(const struct dash *d, size_t si, const char *out);

/* The series' centre in run i (report_stats_center(), cached in s->ctr). */
double dash_center(const struct dash_series *s, size_t run);

#endif
