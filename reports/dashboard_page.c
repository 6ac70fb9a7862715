// SPDX-License-Identifier: GPL-2.0
/*
 * The dashboard's pages: index.html (regressions of the newest run, change
 * points, one line per KPI, the page list, filters), g/<n>.html (one group:
 * board, design, workload, op; its plots loaded lazily from plots/), the
 * machine-readable index.json, the same as index.js for the filter script
 * (a <script src> works from file://, where fetch() does not) and dash.js.
 * Every string from the db reaches HTML through esc_html_puts() and JSON
 * through esc_json_puts().
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "html_style.h"
#include "dashboard.h"
#include "units.h"

/* at most this many change points on the index page; all are in index.json */
#define INDEX_MAX_CPS 100

/* The filter script: options from SMMU_INDEX, rows shown or hidden; no innerHTML. */
static const char dash_js[] =
	"// smmubench dashboard filters: by board, design and workload, no server needed\n"
	"(function () {\n"
	"  var idx = window.SMMU_INDEX || { groups: [] };\n"
	"  var keys = ['board', 'design', 'workload'];\n"
	"  function apply() {\n"
	"    var want = {};\n"
	"    keys.forEach(function (k) { want[k] = document.getElementById('f-' + k).value; });\n"
	"    document.querySelectorAll('tr[data-board]').forEach(function (tr) {\n"
	"      var show = keys.every(function (k) {\n"
	"        return !want[k] || tr.getAttribute('data-' + k) === want[k];\n"
	"      });\n"
	"      tr.style.display = show ? '' : 'none';\n"
	"    });\n"
	"  }\n"
	"  keys.forEach(function (k) {\n"
	"    var sel = document.getElementById('f-' + k), seen = Object.create(null), vals = [];\n"
	"    if (!sel) return;\n"
	"    idx.groups.forEach(function (g) {\n"
	"      if (!(g[k] in seen)) { seen[g[k]] = 1; vals.push(g[k]); }\n"
	"    });\n"
	"    vals.sort().forEach(function (v) {\n"
	"      var o = document.createElement('option');\n"
	"      o.value = v;\n"
	"      o.textContent = v;\n"
	"      sel.appendChild(o);\n"
	"    });\n"
	"    sel.addEventListener('change', apply);\n"
	"  });\n"
	"})();\n";

void dash_html_head(FILE *f, const char *title, const char *up)
{
	(void)up;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", f);
	esc_html_puts(f, title);
	fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n<h1>", report_html_style);
	esc_html_puts(f, title);
	fputs("</h1>\n", f);
}

void dash_html_tail(FILE *f)
{
	fputs("</body></html>\n", f);
}

static int is_num(const char *s)
{
	return (*s >= '0' && *s <= '9') ||
	       ((*s == '-' || *s == '+') && s[1] >= '0' && s[1] <= '9');
}

void dash_html_td(FILE *f, int warn, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (warn || is_num(buf))
		fprintf(f, "<td class=\"%s\">", warn ? (is_num(buf) ? "n warn" : "warn") : "n");
	else
		fputs("<td>", f);
	esc_html_puts(f, buf);
	fputs("</td>", f);
}

void dash_html_text(FILE *f, const char *tag, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(f, "<%s>", tag);
	esc_html_puts(f, buf);
	fprintf(f, "</%s>", tag);
	if (tag[0] != 't')
		fputc('\n', f);
}

void dash_html_row_open(FILE *f, const struct dash_series *s)
{
	fputs("<tr data-board=\"", f);
	esc_html_puts(f, s->board);
	fputs("\" data-design=\"", f);
	esc_html_puts(f, s->design);
	fputs("\" data-workload=\"", f);
	esc_html_puts(f, s->wl);
	fputs("\">", f);
}

static void table_open(FILE *f, const char *id, const char *caption, const char *const *hdr,
		       size_t n)
{
	size_t i;

	fprintf(f, "<table id=\"%s\">\n<caption>", id);
	esc_html_puts(f, caption);
	fputs("</caption>\n<tr>", f);
	for (i = 0; i < n; i++)
		dash_html_text(f, "th", "%s", hdr[i]);
	fputs("</tr>\n", f);
}

static void cmp_td(FILE *f, const struct dash_cmp *c, const char *what)
{
	if (!c->ok)
		dash_html_td(f, 0, "- (no %s)", what);
	else
		dash_html_td(f, c->v.regression, "%s", c->text);
}

/* One line of the newest run's comparisons: board .. metric, newest, vs prev, vs base. */
static void newest_row(FILE *f, const struct dash *d, const struct dash_series *s,
		       const char *up)
{
	char a[64];

	dash_html_row_open(f, s);
	dash_html_td(f, 0, "%s", s->board);
	dash_html_td(f, 0, "%s", s->design);
	fprintf(f, "<td><a href=\"%sg/%zu.html\">", up, s->group);
	esc_html_puts(f, s->wl);
	fputs("</a></td>", f);
	dash_html_td(f, 0, "%s", s->op);
	dash_html_td(f, 0, "%s", s->metric);
	report_fmt_value(a, sizeof(a), dash_center(s, (size_t)s->newest), s->unit);
	dash_html_td(f, 0, "%s", a);
	cmp_td(f, &s->prev, "previous run");
	cmp_td(f, &s->base, "baseline");
	(void)d;
}

static const char *const newest_hdr[] = { "board", "design", "workload", "op", "metric",
	"newest", "vs previous", "vs baseline" };

static void index_regressions(FILE *f, const struct dash *d)
{
	size_t i;

	fputs("<h2>Regressions</h2>\n", f);
	dash_html_text(f, "p", "%zu runs, newest %s. A change is starred when the bootstrap 95%% "
		       "interval of the ratio newest/other excludes 1 (>= %d repetitions a side); "
		       "a regression is a starred change worse than %.4g%% (time, %%, cycles: "
		       "higher is worse; rates: lower is worse). Baseline: %s.", d->nr_runs,
		       d->nr_runs ? d->runs[d->nr_runs - 1].name : "-", REPORT_VERDICT_MIN_REPS,
		       d->threshold_pct, d->base_run >= 0 ? d->runs[d->base_run].name :
		       d->baseline ? "label not found" : "none (--baseline LABEL)");
	table_open(f, "regressions", "Regressions of the newest run", newest_hdr,
		   ARRAY_SIZE(newest_hdr));
	for (i = 0; i < d->nr_series; i++) {
		const struct dash_series *s = &d->series[i];

		if (s->prev.v.regression || s->base.v.regression) {
			newest_row(f, d, s, "");
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n", f);
	if (!d->nr_regress)
		dash_html_text(f, "p", "No regression in the newest run.");
	else
		fprintf(f, "<p class=\"warn\">%d metrics regressed in the newest run.</p>\n",
			d->nr_regress);
}

static void index_kpis(FILE *f, const struct dash *d)
{
	static const char *const hdr[] = { "board", "design", "workload", "op", "metric",
		"over runs", "newest", "vs previous", "vs baseline", "open change points" };
	size_t i;

	fputs("<h2>KPIs</h2>\n<p id=\"filters\">Show only: <label>board <select id=\"f-board\">"
	      "<option value=\"\">all</option></select></label> <label>design <select "
	      "id=\"f-design\"><option value=\"\">all</option></select></label> <label>workload "
	      "<select id=\"f-workload\"><option value=\"\">all</option></select></label></p>\n", f);
	table_open(f, "kpis", "KPIs, one line each (median latencies, dmabench means, rates, "
		   "costs per IO)", hdr, ARRAY_SIZE(hdr));
	for (i = 0; i < d->nr_series; i++) {
		const struct dash_series *s = &d->series[i];
		char a[64];

		if (!s->kpi || s->newest < 0)
			continue;
		dash_html_row_open(f, s);
		dash_html_td(f, 0, "%s", s->board);
		dash_html_td(f, 0, "%s", s->design);
		fprintf(f, "<td><a href=\"g/%zu.html\">", s->group);
		esc_html_puts(f, s->wl);
		fputs("</a></td>", f);
		dash_html_td(f, 0, "%s", s->op);
		dash_html_td(f, 0, "%s", s->metric);
		fprintf(f, "<td><img loading=\"lazy\" src=\"spark/s%zu.svg\" width=\"120\" "
			"height=\"22\" alt=\"\"></td>", i);
		report_fmt_value(a, sizeof(a), dash_center(s, (size_t)s->newest), s->unit);
		dash_html_td(f, 0, "%s", a);
		cmp_td(f, &s->prev, "previous run");
		cmp_td(f, &s->base, "baseline");
		dash_html_td(f, s->nr_open > 0, "%zu", s->nr_open);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void index_groups(FILE *f, const struct dash *d)
{
	static const char *const hdr[] = { "board", "design", "workload", "op", "plots",
		"open change points" };
	size_t g;

	fputs("<h2>Pages</h2>\n", f);
	table_open(f, "groups", "One page per board, design, workload and op", hdr,
		   ARRAY_SIZE(hdr));
	for (g = 0; g < d->nr_groups; g++) {
		const struct dash_series *s = &d->series[d->groups[g].first];

		dash_html_row_open(f, s);
		dash_html_td(f, 0, "%s", s->board);
		dash_html_td(f, 0, "%s", s->design);
		fprintf(f, "<td><a href=\"g/%zu.html\">", g);
		esc_html_puts(f, s->wl);
		fputs("</a></td>", f);
		dash_html_td(f, 0, "%s", s->op);
		dash_html_td(f, 0, "%zu", d->groups[g].nr);
		dash_html_td(f, d->groups[g].nr_open > 0, "%zu", d->groups[g].nr_open);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<script src=\"index.js\"></script>\n<script src=\"dash.js\"></script>\n",
	      f);
}

static int index_write(const struct dash *d, const char *out)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/index.html", out);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	dash_html_head(f, "smmubench dashboard", "");
	index_regressions(f, d);
	fputs("<h2>Change points</h2>\n", f);
	dash_changepoints_html(f, d, -1, INDEX_MAX_CPS, "");
	index_kpis(f, d);
	index_groups(f, d);
	dash_html_tail(f);
	return fclose(f) ? -errno : 0;
}

static int group_write(const struct dash *d, size_t g, const char *out)
{
	const struct dash_group *gr = &d->groups[g];
	const struct dash_series *s0 = &d->series[gr->first];
	char path[PATH_MAX], title[1024];
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/g/%zu.html", out, g);
	snprintf(title, sizeof(title), "%s / %s / %s / %s", s0->board, s0->design, s0->wl, s0->op);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	dash_html_head(f, title, "../");
	fputs("<p><a href=\"../index.html\">index</a></p>\n", f);
	table_open(f, "newest", "Every metric of the newest run", newest_hdr,
		   ARRAY_SIZE(newest_hdr));
	for (i = gr->first; i < gr->first + gr->nr; i++)
		if (d->series[i].newest == (long)d->nr_runs - 1) {
			newest_row(f, d, &d->series[i], "../");
			fputs("</tr>\n", f);
		}
	fputs("</table>\n", f);
	dash_changepoints_html(f, d, (long)g, SIZE_MAX, "../");
	for (i = gr->first; i < gr->first + gr->nr; i++) {
		const struct dash_series *s = &d->series[i];

		if (s->newest < 0)
			continue;
		fprintf(f, "<figure><img class=\"plot\" loading=\"lazy\" src=\"../plots/s%zu.svg\" "
			"width=\"640\" height=\"250\" alt=\"", i);
		esc_html_puts(f, s->metric);
		fputs("\"><figcaption>", f);
		esc_html_puts(f, s->metric);
		fputs(" (", f);
		esc_html_puts(f, s->unit);
		fprintf(f, "): %s per run, whiskers = min..max of its repetitions; dashed = change "
			"points</figcaption></figure>\n",
			report_stats_center_name(report_unit_center(s->unit)));
	}
	dash_html_tail(f);
	return fclose(f) ? -errno : 0;
}

/* "key": "value" through esc_json_puts(), sep before it */
static void jstr(FILE *f, const char *sep, const char *k, const char *v)
{
	fprintf(f, "%s\"%s\":", sep, k);
	esc_json_puts(f, v);
}

static void json_series(FILE *f, const struct dash_series *s)
{
	jstr(f, "", "board", s->board);
	jstr(f, ",", "design", s->design);
	jstr(f, ",", "workload", s->wl);
	jstr(f, ",", "op", s->op);
}

static void json_cps(FILE *f, const struct dash *d)
{
	size_t i;

	fputs("\"change_points\":[", f);
	for (i = 0; i < d->nr_cps; i++) {
		const struct dash_cp *c = &d->cps[i];
		const struct report_verdict *v = &c->cp.v;

		fputs(i ? ",\n{" : "\n{", f);
		json_series(f, &d->series[c->series]);
		jstr(f, ",", "metric", d->series[c->series].metric);
		jstr(f, ",", "unit", d->series[c->series].unit);
		jstr(f, ",", "first_bad_run", d->runs[c->first_bad].name);
		jstr(f, ",", "last_good_run", d->runs[c->last_good].name);
		fprintf(f, ",\"ratio\":%.6g,\"ratio_ci95_lo\":%.6g,\"ratio_ci95_hi\":%.6g,"
			"\"p_value\":%.6g,\"reps_before\":%zu,\"reps_after\":%zu,"
			"\"regression\":%s,\"open\":%s}", v->ratio, v->ci_lo, v->ci_hi,
			c->cp.p_value, c->cp.n_before, c->cp.n_after,
			v->regression ? "true" : "false", dash_cp_open(d, i) ? "true" : "false");
	}
	fputs("]", f);
}

/* index.json: runs, groups (pages) and change points; malloc'd text. */
static char *index_json(const struct dash *d)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputs("{\"runs\":[", f);
	for (i = 0; i < d->nr_runs; i++) {
		const struct dash_run *r = &d->runs[i];

		jstr(f, i ? ",\n{" : "\n{", "name", r->name);
		jstr(f, ",", "label", r->label);
		jstr(f, ",", "kernel_release", r->kernel);
		jstr(f, ",", "start", r->start);
		fputs("}", f);
	}
	fputs("],\n\"groups\":[", f);
	for (i = 0; i < d->nr_groups; i++) {
		fprintf(f, "%s{\"page\":\"g/%zu.html\",", i ? ",\n" : "\n", i);
		json_series(f, &d->series[d->groups[i].first]);
		fprintf(f, ",\"plots\":%zu,\"open_change_points\":%zu}", d->groups[i].nr,
			d->groups[i].nr_open);
	}
	fputs("],\n", f);
	json_cps(f, d);
	fputs("}", f);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int text_write(const char *out, const char *name, const char *pre, const char *text,
		      const char *post)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out, name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fputs(pre, f);
	fputs(text, f);
	fputs(post, f);
	return fclose(f) ? -errno : 0;
}

int dash_pages_write(const struct dash *d, const char *out)
{
	char path[PATH_MAX], *js;
	size_t g;
	int ret;

	snprintf(path, sizeof(path), "%s/g", out);
	if (dir_make_p(path))
		return -errno;
	ret = index_write(d, out);
	for (g = 0; !ret && g < d->nr_groups; g++)
		ret = group_write(d, g, out);
	if (ret)
		return ret;
	js = index_json(d);
	if (!js)
		return -ENOMEM;
	ret = text_write(out, "index.json", "", js, "\n");
	if (!ret)	/* esc_json_puts() writes < as \u003c: no "</script" in it */
		ret = text_write(out, "index.js", "window.SMMU_INDEX = ", js, ";\n");
	if (!ret)
		ret = text_write(out, "dash.js", "", dash_js, "");
	free(js);
	return ret;
}
