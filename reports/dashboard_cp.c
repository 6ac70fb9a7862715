// SPDX-License-Identifier: GPL-2.0
/*
 * The dashboard's change points: every series of nights through
 * report_changepoints_find() (reports/changepoint.c), each change point
 * named by its first bad run and its last good one, so that the bisect
 * range (kernel releases and labels) is on the screen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "dashboard.h"
#include "report_doc.h"
#include "units.h"

/* Change points of one series, appended to d->cps. */
static int dash_series_cps(struct dash *d, size_t si, double threshold_pct,
			   struct report_cp_night *nights, size_t *runs)
{
	const struct dash_series *s = &d->series[si];
	struct report_cp_opts o;
	struct report_cp *cps = NULL;
	size_t nr = 0, i, n = 0;
	int ret;

	for (i = 0; i < d->nr_runs; i++) {
		if (!s->nvals[i])
			continue;
		nights[n].v = s->vals[i];
		nights[n].n = s->nvals[i];
		runs[n++] = i;
	}
	report_cp_opts_default(&o, s->unit);
	o.threshold_pct = threshold_pct;
	ret = report_changepoints_find(nights, n, &o, &cps, &nr);
	if (ret)
		return ret;
	if (nr) {
		struct dash_cp *grown = realloc(d->cps, (d->nr_cps + nr) * sizeof(*grown));

		if (!grown) {
			free(cps);
			return -ENOMEM;
		}
		d->cps = grown;
		for (i = 0; i < nr; i++) {
			struct dash_cp *c = &d->cps[d->nr_cps++];

			c->series = si;
			c->cp = cps[i];
			c->first_bad = runs[cps[i].night];
			c->last_good = runs[cps[i].night - 1];
		}
	}
	free(cps);
	return 0;
}

static int dash_cp_cmp(const void *a, const void *b)
{
	const struct dash_cp *x = a, *y = b;

	if (x->first_bad != y->first_bad)
		return x->first_bad < y->first_bad ? 1 : -1;	/* newest first */
	return (x->series > y->series) - (x->series < y->series);
}

int dash_changepoints_find(struct dash *d, double threshold_pct)
{
	struct report_cp_night *nights = calloc(d->nr_runs + 1, sizeof(*nights));
	size_t *runs = calloc(d->nr_runs + 1, sizeof(*runs)), i;
	int ret = nights && runs ? 0 : -ENOMEM;

	for (i = 0; !ret && i < d->nr_series; i++)
		ret = dash_series_cps(d, i, threshold_pct, nights, runs);
	if (!ret && d->nr_cps)
		qsort(d->cps, d->nr_cps, sizeof(*d->cps), dash_cp_cmp);
	free(nights);
	free(runs);
	return ret;
}

int dash_cp_open(const struct dash *d, size_t k)
{
	const struct dash_cp *c = &d->cps[k];
	size_t i;

	if (!c->cp.v.regression)
		return 0;
	for (i = 0; i < k; i++)		/* newer ones come first */
		if (d->cps[i].series == c->series)
			return 0;
	return 1;
}

static void dash_run_cells(struct report_table *t, unsigned int col, const struct dash_run *r)
{
	report_table_cell(t, col, 0, "%s", r->name);
	report_table_cell(t, col + 1, 0, "%s, %s", r->kernel[0] ? r->kernel : "-", r->label);
}

void dash_changepoints_table(struct report_doc *doc, const struct dash *d)
{
	static const char *const hdr[] = { "board", "design", "workload", "op", "metric",
		"change (95% interval)", "first bad run", "its kernel, label", "last good run",
		"its kernel, label", "reps before / after", "p" };
	struct report_table *t;
	size_t i, nreg = 0;

	for (i = 0; i < d->nr_cps; i++)
		nreg += d->cps[i].cp.v.regression;
	report_doc_text(doc, 0,
			"Change points over all runs (E-divisive means over every repetition, "
			"permutation p <= %.3g, a significant step of >= %.3g%%): %zu, %zu of them "
			"regressions (red). Newest first; the bisect range of each is from its last "
			"good run to its first bad one.", REPORT_CP_DEFAULT_ALPHA,
			REPORT_CP_DEFAULT_MIN_CHANGE_PCT, d->nr_cps, nreg);
	t = report_doc_table(doc, "Change points, newest first", ARRAY_SIZE(hdr), hdr);
	for (i = 0; t && i < d->nr_cps; i++) {
		const struct dash_cp *c = &d->cps[i];
		const struct dash_series *s = &d->series[c->series];
		const struct report_verdict *v = &c->cp.v;

		report_table_row(t);
		report_table_cell(t, 0, 0, "%s", s->board);
		report_table_cell(t, 1, 0, "%s", s->design);
		report_table_cell(t, 2, 0, "%s", s->wl);
		report_table_cell(t, 3, 0, "%s", s->op);
		report_table_cell(t, 4, 0, "%s (%s)", s->metric, s->unit);
		report_table_cell(t, 5, v->regression, "%+.2f%% [%+.2f%%, %+.2f%%]%s",
				  v->change_pct, (v->ci_lo - 1) * 100, (v->ci_hi - 1) * 100,
				  v->degenerate ? " *!" : " *");
		dash_run_cells(t, 6, &d->runs[c->first_bad]);
		dash_run_cells(t, 8, &d->runs[c->last_good]);
		report_table_cell(t, 10, 0, "%zu / %zu", c->cp.n_before, c->cp.n_after);
		report_table_cell(t, 11, 0, "%.3g", c->cp.p_value);
	}
}
