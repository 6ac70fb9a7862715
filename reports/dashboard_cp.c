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
#include <unistd.h>

#include <json-c/json.h>

#include "common.h"
#include "dashboard.h"
#include "units.h"

/* Change points of one series, appended to d->cps. */
static int dash_series_cps(struct dash *d, size_t si,
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
	o.threshold_pct = d->threshold_pct;
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

int dash_changepoints_find(struct dash *d)
{
	struct report_cp_night *nights = calloc(d->nr_runs + 1, sizeof(*nights));
	size_t *runs = calloc(d->nr_runs + 1, sizeof(*runs)), i;
	int ret = nights && runs ? 0 : -ENOMEM;

	for (i = 0; !ret && i < d->nr_series; i++)
		ret = dash_series_cps(d, i, nights, runs);
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

static void dash_run_cells(FILE *f, const struct dash_run *r)
{
	dash_html_td(f, 0, "%s", r->name);
	dash_html_td(f, 0, "%s, %s", r->kernel[0] ? r->kernel : "-", r->label);
}

void dash_changepoints_html(FILE *f, const struct dash *d, long only, size_t max,
			    const char *up)
{
	static const char *const hdr[] = { "board", "design", "workload", "op", "metric",
		"change (95% interval)", "first bad run", "its kernel, label", "last good run",
		"its kernel, label", "reps before / after", "p" };
	size_t i, k, nreg = 0, nr = 0, shown = 0;

	for (i = 0; i < d->nr_cps; i++)
		if (only < 0 || d->series[d->cps[i].series].group == (size_t)only) {
			nr++;
			nreg += d->cps[i].cp.v.regression;
		}
	dash_html_text(f, "p", "Change points over all runs (E-divisive means over every "
		       "repetition, permutation p <= %.3g, a significant step of >= %.3g%%): "
		       "%zu, %zu of them regressions (red). Newest first; the bisect range of "
		       "each is from its last good run to its first bad one.",
		       REPORT_CP_DEFAULT_ALPHA, REPORT_CP_DEFAULT_MIN_CHANGE_PCT, nr, nreg);
	if (!nr)
		return;
	fputs("<table>\n<caption>Change points, newest first</caption>\n<tr>", f);
	for (k = 0; k < ARRAY_SIZE(hdr); k++)
		dash_html_text(f, "th", "%s", hdr[k]);
	fputs("</tr>\n", f);
	for (i = 0; i < d->nr_cps && shown < max; i++) {
		const struct dash_cp *c = &d->cps[i];
		const struct dash_series *s = &d->series[c->series];
		const struct report_verdict *v = &c->cp.v;

		if (only >= 0 && s->group != (size_t)only)
			continue;
		shown++;
		dash_html_row_open(f, s);
		dash_html_td(f, 0, "%s", s->board);
		dash_html_td(f, 0, "%s", s->design);
		fprintf(f, "<td><a href=\"%sg/%zu.html\">", up, s->group);
		esc_html_puts(f, s->wl);
		fputs("</a></td>", f);
		dash_html_td(f, 0, "%s", s->op);
		dash_html_td(f, 0, "%s (%s)", s->metric, s->unit);
		dash_html_td(f, v->regression, "%+.2f%% [%+.2f%%, %+.2f%%]%s", v->change_pct,
			     (v->ci_lo - 1) * 100, (v->ci_hi - 1) * 100,
			     v->degenerate ? " *!" : " *");
		dash_run_cells(f, &d->runs[c->first_bad]);
		dash_run_cells(f, &d->runs[c->last_good]);
		dash_html_td(f, 0, "%zu / %zu", c->cp.n_before, c->cp.n_after);
		dash_html_td(f, 0, "%.3g", c->cp.p_value);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	if (shown < nr)
		dash_html_text(f, "p", "%zu more change points in index.json.", nr - shown);
}

/* "board|design|workload|op|metric|unit|first bad run": one change point */
static char *dash_cp_key(const char *const f[7])
{
	char *k;

	if (asprintf(&k, "%s|%s|%s|%s|%s|%s|%s", f[0], f[1], f[2], f[3], f[4], f[5], f[6]) < 0)
		return NULL;
	return k;
}

static const char *jstr_get(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

int dash_known_load(const char *out, struct dash_known *k)
{
	static const char *const keys[7] = { "board", "design", "workload", "op", "metric",
		"unit", "first_bad_run" };
	struct json_object *j, *cps;
	char path[4096];
	size_t i, n, f;

	memset(k, 0, sizeof(*k));
	snprintf(path, sizeof(path), "%s/index.json", out);
	if (access(path, F_OK))
		return 0;
	j = json_object_from_file(path);
	if (!j)
		return -EINVAL;
	if (!json_object_object_get_ex(j, "change_points", &cps) ||
	    !json_object_is_type(cps, json_type_array)) {
		json_object_put(j);
		return -EINVAL;
	}
	n = json_object_array_length(cps);
	k->keys = calloc(n + 1, sizeof(*k->keys));
	for (i = 0; k->keys && i < n; i++) {
		struct json_object *c = json_object_array_get_idx(cps, i);
		const char *v[7];

		for (f = 0; f < 7; f++)
			v[f] = jstr_get(c, keys[f]);
		k->keys[k->nr] = dash_cp_key(v);
		if (k->keys[k->nr])
			k->nr++;
	}
	json_object_put(j);
	return k->keys ? 0 : -ENOMEM;
}

void dash_known_release(struct dash_known *k)
{
	size_t i;

	for (i = 0; i < k->nr; i++)
		free(k->keys[i]);
	free(k->keys);
	memset(k, 0, sizeof(*k));
}

int dash_cp_new_regressions(const struct dash *d, const struct dash_known *k, FILE *f)
{
	size_t i, j;
	int nr = 0;

	for (i = 0; i < d->nr_cps; i++) {
		const struct dash_cp *c = &d->cps[i];
		const struct dash_series *s = &d->series[c->series];
		const char *v[7] = { s->board, s->design, s->wl, s->op, s->metric, s->unit,
			d->runs[c->first_bad].name };
		char *key;

		if (!c->cp.v.regression)
			continue;
		key = dash_cp_key(v);
		for (j = 0; key && j < k->nr && strcmp(k->keys[j], key); j++)
			;
		if (key && j == k->nr) {
			nr++;
			fprintf(f, "REGRESSION (new change point): %s %s %s %s %s: %+.2f%% "
				"[%+.2f%%, %+.2f%%] from run %s (kernel %s, label %s); last good run "
				"%s (kernel %s, label %s)\n", s->board, s->design, s->wl, s->op,
				s->metric, c->cp.v.change_pct, (c->cp.v.ci_lo - 1) * 100,
				(c->cp.v.ci_hi - 1) * 100, d->runs[c->first_bad].name,
				d->runs[c->first_bad].kernel, d->runs[c->first_bad].label,
				d->runs[c->last_good].name, d->runs[c->last_good].kernel,
				d->runs[c->last_good].label);
		}
		free(key);
	}
	return nr;
}
