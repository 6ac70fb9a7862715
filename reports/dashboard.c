// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench dashboard: a static HTML page from results.db. Per metric, a
 * time series over runs (x = run, labelled by the run's kernel_label or
 * label and date; y = centre with its bootstrap 95% interval), grouped by
 * board, design and workload. The newest run is compared to the previous
 * one and to a baseline label with compare's rule (report_verdict());
 * regressions go on top. The command line is bench/cmd_dashboard.c.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common.h"
#include "dashboard.h"
#include "plot_queue.h"
#include "report_db.h"
#include "report_doc.h"
#include "report_plot.h"
#include "units.h"
#include "reports.h"
#include "trace.h"


static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return strdup(s ? (const char *)s : "");
}

static int dash_load_runs(sqlite3 *db, struct dash *d)
{
	static const char sql[] =
		"SELECT id, name, label, start, gitrev, json_extract(meta_json, '$.kernel_label'),"
		" kernel_release"
		" FROM runs ORDER BY start_epoch_s, id";
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dash_run *r = realloc(d->runs, (d->nr_runs + 1) * sizeof(*r));
		const unsigned char *kl = sqlite3_column_text(st, 5);
		const unsigned char *start = sqlite3_column_text(st, 3);

		if (!r)
			break;
		d->runs = r;
		r = &r[d->nr_runs++];
		r->id = sqlite3_column_int64(st, 0);
		r->name = col_dup(st, 1);
		r->label = col_dup(st, 2);
		r->kernel = col_dup(st, 6);
		r->start = col_dup(st, 3);
		/* x label: the kernel/commit label when the runner set one, else label + date */
		if (kl && *kl)
			r->xlabel = strdup((const char *)kl);
		else if (asprintf(&r->xlabel, "%s %.10s", r->label, start ? (const char *)start : "")
			 < 0)
			r->xlabel = NULL;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static size_t run_index(const struct dash *d, sqlite3_int64 id)
{
	size_t i;

	for (i = 0; i < d->nr_runs; i++)
		if (d->runs[i].id == id)
			return i;
	return (size_t)-1;
}

static struct dash_series *series_get(struct dash *d, const char *k[6])
{
	struct dash_series *s;
	size_t i;

	for (i = 0; i < d->nr_series; i++) {
		s = &d->series[i];
		if (!strcmp(s->board, k[0]) && !strcmp(s->design, k[1]) && !strcmp(s->wl, k[2]) &&
		    !strcmp(s->op, k[3]) && !strcmp(s->metric, k[4]) && !strcmp(s->unit, k[5]))
			return s;
	}
	s = realloc(d->series, (d->nr_series + 1) * sizeof(*s));
	if (!s)
		return NULL;
	d->series = s;
	s = &s[d->nr_series++];
	s->board = strdup(k[0]);
	s->design = strdup(k[1]);
	s->wl = strdup(k[2]);
	s->op = strdup(k[3]);
	s->metric = strdup(k[4]);
	s->unit = strdup(k[5]);
	s->vals = calloc(d->nr_runs, sizeof(*s->vals));
	s->nvals = calloc(d->nr_runs, sizeof(*s->nvals));
	s->cap = calloc(d->nr_runs, sizeof(*s->cap));
	return s;
}

static int dash_load_metrics(sqlite3 *db, struct dash *d)
{
	static const char sql[] =
		"SELECT m.run, r.board, m.design, m.workload || CASE WHEN m.params IS NULL OR"
		" m.params = '' THEN '' ELSE ' ' || m.params END, m.op, m.metric, m.unit, m.value"
		" FROM metrics m JOIN runs r ON r.id = m.run WHERE m.metric != 'lost_events'"
		" ORDER BY r.board, m.design, 4, m.op, m.metric";
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k[6];
		struct dash_series *s;
		size_t ri = run_index(d, sqlite3_column_int64(st, 0)), i;

		for (i = 0; i < 6; i++) {
			const unsigned char *t = sqlite3_column_text(st, 1 + i);

			k[i] = t ? (const char *)t : "";
		}
		s = series_get(d, k);
		if (!s || ri == (size_t)-1)
			continue;
		if (s->nvals[ri] == s->cap[ri]) {
			size_t nc = s->cap[ri] ? s->cap[ri] * 2 : 8;
			double *nv = realloc(s->vals[ri], nc * sizeof(double));

			if (!nv)
				break;
			s->vals[ri] = nv;
			s->cap[ri] = nc;
		}
		s->vals[ri][s->nvals[ri]++] = sqlite3_column_double(st, 7);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static void dash_free(struct dash *d)
{
	size_t i, j;

	for (i = 0; i < d->nr_runs; i++) {
		free(d->runs[i].name);
		free(d->runs[i].label);
		free(d->runs[i].xlabel);
		free(d->runs[i].kernel);
		free(d->runs[i].start);
	}
	for (i = 0; i < d->nr_series; i++) {
		struct dash_series *s = &d->series[i];

		for (j = 0; j < d->nr_runs; j++)
			free(s->vals[j]);
		free(s->vals);
		free(s->nvals);
		free(s->cap);
		free(s->board);
		free(s->design);
		free(s->wl);
		free(s->op);
		free(s->metric);
		free(s->unit);
	}
	free(d->runs);
	free(d->series);
	free(d->cps);
}

/* newest run index of s with values, before 'before' (or any when before == nr_runs) */
static long newest_with(const struct dash *d, const struct dash_series *s, size_t before)
{
	long i;

	for (i = (long)before - 1; i >= 0; i--)
		if (s->nvals[i])
			return i;
	return -1;
}

int report_dashboard_cell(const char *unit, const double *base, size_t nb, const double *new,
			  size_t nn, double threshold_pct, struct report_verdict *v, char *text,
			  size_t len)
{
	int ret = report_verdict(unit, base, nb, new, nn, threshold_pct, v);

	if (ret)
		snprintf(text, len, "-");
	else
		snprintf(text, len, "%+.2f%%%s", v->change_pct,
			 v->degenerate ? " *!" : v->significant ? " *" : "");
	return ret;
}

struct dash_cmp {
	int ok;
	struct report_verdict v;
	char text[64];
};

static struct dash_cmp dash_compare(const struct dash_series *s, long base, long new,
				    double threshold)
{
	struct dash_cmp c = { 0 };

	if (base < 0 || new < 0 || base == new)
		return c;
	c.ok = !report_dashboard_cell(s->unit, s->vals[base], s->nvals[base], s->vals[new],
				      s->nvals[new], threshold, &c.v, c.text, sizeof(c.text));
	return c;
}

static void cmp_cell(struct report_table *t, unsigned int col, const struct dash_cmp *c,
		     const char *what)
{
	if (!c->ok)
		report_table_cell(t, col, 0, "- (no %s)", what);
	else
		report_table_cell(t, col, c->v.regression, "%s", c->text);
}

static void series_plot(struct report_plot_queue *pq, const struct dash *d, const struct dash_series *s)
{
	char name[128], what[256], cap[512], *body = NULL;
	const char *centre = report_stats_center_name(report_unit_center(s->unit));
	size_t i, n = 0, bl = 0;
	FILE *dat, *bf;

	snprintf(what, sizeof(what), "%s-%s-%s-%s-%s", s->design, s->wl, s->op, s->metric,
		 s->board);
	report_plot_queue_name(pq, name, sizeof(name), "ts", what);
	dat = report_plot_dat_open(pq->dir, name);
	if (!dat)
		return;
	fputs("# run_index centre lo95 hi95 label, in ", dat);
	esc_gnuplot_data_puts(dat, s->unit);
	fputc('\n', dat);
	for (i = 0; i < d->nr_runs; i++) {
		double lo, hi, ctr;

		if (!s->nvals[i])
			continue;
		ctr = report_stats_center(s->unit, s->vals[i], s->nvals[i]);
		report_stats_ci(s->vals[i], s->nvals[i], report_unit_center(s->unit), &lo, &hi);
		fprintf(dat, "%zu %.6g %.6g %.6g ", i, ctr, lo, hi);
		esc_gnuplot_data_puts(dat, d->runs[i].xlabel);
		fputc('\n', dat);
		n++;
	}
	fclose(dat);
	if (!n)
		return;
	bf = open_memstream(&body, &bl);
	if (!bf)
		return;
	report_plot_set(bf, "title", "%s %s %s [%s] on %s", s->wl, s->op, s->metric, s->design,
			s->board);
	report_plot_set(bf, "ylabel", "%s %s (%s)", s->metric, centre,
			s->unit);
	fprintf(bf, "set xlabel 'run'\nset xtics rotate by -30\n"
		"set offsets 0.5, 0.5, graph 0.1, graph 0.1\nunset key\n"
		"plot '%s.dat' using 1:2:3:4:xtic(5) with yerrorlines lw 2 pt 7\n", name);
	snprintf(cap, sizeof(cap), "%s %s %s [%s] on %s: %s over runs, 95%% intervals", s->wl,
		 s->op, s->metric, s->design, s->board, centre);
	if (!fclose(bf))
		report_plot_queue_add(pq, name, body, cap);
	free(body);
}

static int dash_build(struct report_plot_queue *pq, const struct dash *d, const char *baseline,
		      double threshold, int *nr_regress)
{
	static const char *const rhdr[] = { "board", "design", "workload", "op", "metric",
		"newest", "vs previous", "vs baseline" };
	struct report_table *reg, *all;
	long base_run = -1;
	size_t i, g;
	char a[64];

	if (baseline) {
		for (i = d->nr_runs; i-- > 0;)
			if (!strcmp(d->runs[i].label, baseline)) {
				base_run = (long)i;
				break;
			}
	}
	report_doc_section(pq->doc, "Regressions");
	report_doc_text(pq->doc, 0,
			"%zu runs, newest %s. A change is starred when the bootstrap 95%% interval "
			"of the ratio newest/other excludes 1 (>= %d repetitions a side); a regression "
			"is a starred change worse than %.4g%% (time, %%, cycles: higher is worse; "
			"rates: lower is worse). Baseline: %s.", d->nr_runs,
			d->nr_runs ? d->runs[d->nr_runs - 1].name : "-", REPORT_VERDICT_MIN_REPS, threshold,
			base_run >= 0 ? d->runs[base_run].name :
			baseline ? "label not found" : "none (--baseline LABEL)");
	reg = report_doc_table(pq->doc, "Regressions of the newest run", 8, rhdr);
	dash_changepoints_table(pq->doc, d);
	report_doc_section(pq->doc, "Newest run vs previous and baseline");
	all = report_doc_table(pq->doc, "Every metric of the newest run", 8, rhdr);
	for (i = 0; reg && all && i < d->nr_series; i++) {
		const struct dash_series *s = &d->series[i];
		long newest = newest_with(d, s, d->nr_runs), prev;
		struct dash_cmp cp, cb;
		struct report_table *t;
		int pass;

		if (newest != (long)d->nr_runs - 1)
			continue;	/* the newest run did not measure it */
		prev = newest_with(d, s, (size_t)newest);
		cp = dash_compare(s, prev, newest, threshold);
		cb = dash_compare(s, base_run, newest, threshold);
		if (cp.v.regression || cb.v.regression)
			(*nr_regress)++;
		for (pass = 0; pass < 2; pass++) {
			t = pass ? all : reg;
			if (!pass && !cp.v.regression && !cb.v.regression)
				continue;
			report_table_row(t);
			report_table_cell(t, 0, 0, "%s", s->board);
			report_table_cell(t, 1, 0, "%s", s->design);
			report_table_cell(t, 2, 0, "%s", s->wl);
			report_table_cell(t, 3, 0, "%s", s->op);
			report_table_cell(t, 4, 0, "%s", s->metric);
			report_fmt_value(a, sizeof(a), report_stats_center(s->unit, s->vals[newest],
									  s->nvals[newest]),
					 s->unit);
			report_table_cell(t, 5, 0, "%s", a);
			cmp_cell(t, 6, &cp, "previous run");
			cmp_cell(t, 7, &cb, "baseline");
		}
	}
	if (reg && !report_table_nr_rows(reg))
		report_doc_text(pq->doc, 0, "No regression in the newest run.");
	else if (reg)
		report_doc_text(pq->doc, 1, "%d metrics regressed in the newest run.", *nr_regress);

	/* time series, one section per board / design / workload */
	for (g = 0; g < d->nr_series; g++) {
		const struct dash_series *s = &d->series[g];
		char title[512];

		if (g == 0 || strcmp(s->board, d->series[g - 1].board) ||
		    strcmp(s->design, d->series[g - 1].design) || strcmp(s->wl, d->series[g - 1].wl)) {
			snprintf(title, sizeof(title), "%s / %s / %s", s->board, s->design, s->wl);
			report_doc_section(pq->doc, title);
		}
		series_plot(pq, d, s);
	}
	report_plot_queue_draw(pq);
	return 0;
}

/* Load the db and write <out>/index.html; 0, or 2 after a message. */
static int dash_write(sqlite3 *db, const char *db_path, const char *out,
		      const struct report_dashboard_opts *o, struct dash *d,
		      struct report_plot_queue *pq, int *nr_regress)
{
	char path[PATH_MAX];
	FILE *f;

	if (dash_load_runs(db, d) || dash_load_metrics(db, d)) {
		fprintf(stderr, "smmubench dashboard: %s: %s\n", db_path, sqlite3_errmsg(db));
		return 2;
	}
	if (dash_changepoints_find(d, o->threshold_pct)) {
		fprintf(stderr, "smmubench dashboard: change points: %s\n", strerror(ENOMEM));
		return 2;
	}
	snprintf(pq->dir, sizeof(pq->dir), "%s/plots", out);
	if (dir_make_p(pq->dir)) {
		fprintf(stderr, "smmubench dashboard: %s: %s\n", pq->dir, strerror(errno));
		return 2;
	}
	pq->have_gnuplot = report_plot_available();
	pq->doc = report_doc_new("smmubench dashboard");
	if (!pq->doc || dash_build(pq, d, o->baseline, o->threshold_pct, nr_regress))
		return 2;
	snprintf(path, sizeof(path), "%s/index.html", out);
	f = fopen(path, "w");
	if (!f || report_doc_write_html(pq->doc, out, f)) {
		fprintf(stderr, "smmubench dashboard: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return 2;
	}
	fclose(f);
	printf("# smmubench dashboard: %zu runs, %zu metrics, %u plots, %d regressions, "
	       "%zu change points\n%s\n", d->nr_runs, d->nr_series, pq->nr_images, *nr_regress,
	       d->nr_cps, path);
	return 0;
}

int report_dashboard(const struct report_dashboard_opts *o)
{
	const char *db_path = o->db_path ? o->db_path : "results.db";
	const char *out = o->output ? o->output : "dashboard";
	struct report_plot_queue pq = { 0 };
	struct dash d = { 0 };
	sqlite3 *db = NULL;
	char err[1024];
	int ret, nr_regress = 0;

	if (report_path_in_run(out, err, sizeof(err))) {
		fprintf(stderr, "smmubench dashboard: -o %s: %s is a run directory and runs are "
			"never rewritten; write the dashboard outside any run\n", out, err);
		return 2;
	}
	if (access(db_path, R_OK)) {
		fprintf(stderr, "smmubench dashboard: %s: %s; create it with 'smmubench ingest --db %s RUNDIR...'\n",
			db_path, strerror(errno), db_path);
		return 2;
	}
	if (report_db_open_ro(db_path, &db, err, sizeof(err))) {
		fprintf(stderr, "smmubench dashboard: %s\n", err);
		return 2;
	}
	ret = dash_write(db, db_path, out, o, &d, &pq, &nr_regress);
	if (!ret)
		ret = nr_regress ? 1 : 0;
	report_plot_queue_release(&pq);
	report_doc_free(pq.doc);
	dash_free(&d);
	sqlite3_close(db);
	return ret;
}
