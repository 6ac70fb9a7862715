// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench dashboard: static pages from results.db, built to hold a year of
 * nights. Per series (board, design, workload + params, op, metric, unit) a
 * time series over runs; the newest run against the previous one and the
 * --baseline run with compare's rule (report_verdict()); change points over
 * all runs (dashboard_cp.c). index.html has the regressions, the change
 * points and one line per KPI; g/<n>.html one page per group (board,
 * design, workload, op); plots are files (dashboard_svg.c) loaded lazily.
 * results.db is opened read-only. The command line is bench/cmd_dashboard.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common.h"
#include "dashboard.h"
#include "report_db.h"
#include "units.h"

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return strdup(s ? (const char *)s : "");
}

static int dash_load_runs(sqlite3 *db, struct dash *d)
{
	static const char sql[] =
		"SELECT id, name, label, start, gitrev, json_extract(meta_json, '$.kernel_label'),"
		" kernel_release, board FROM runs ORDER BY start_epoch_s, id";
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
		r->board = col_dup(st, 7);
		/* x label: the kernel/commit label when the runner set one, else label + date */
		if (kl && *kl)
			r->xlabel = strdup((const char *)kl);
		else if (asprintf(&r->xlabel, "%s %.10s", r->label, start ? (const char *)start : "")
			 < 0)
			r->xlabel = NULL;
		if (!r->name || !r->label || !r->kernel || !r->start || !r->xlabel || !r->board)
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

/* Series found by a hash of their six keys (open addressing, size a power of 2). */
struct dash_hash {
	size_t *slot;		/* series index + 1, 0 = empty */
	size_t size;
};

static uint64_t keys_hash(const char *k[6])
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */
	int i;

	for (i = 0; i < 6; i++) {
		const unsigned char *p = (const unsigned char *)k[i];

		for (; *p; p++)
			h = (h ^ *p) * 1099511628211ull;
		h = (h ^ 0xff) * 1099511628211ull;
	}
	return h;
}

static int series_is(const struct dash_series *s, const char *k[6])
{
	return !strcmp(s->board, k[0]) && !strcmp(s->design, k[1]) && !strcmp(s->wl, k[2]) &&
	       !strcmp(s->op, k[3]) && !strcmp(s->metric, k[4]) && !strcmp(s->unit, k[5]);
}

static int hash_grow(struct dash_hash *h, const struct dash *d)
{
	size_t nsize = h->size ? h->size * 2 : 1024, i;
	size_t *ns = calloc(nsize, sizeof(*ns));

	if (!ns)
		return -ENOMEM;
	for (i = 0; i < d->nr_series; i++) {
		const struct dash_series *s = &d->series[i];
		const char *k[6] = { s->board, s->design, s->wl, s->op, s->metric, s->unit };
		size_t j = keys_hash(k) & (nsize - 1);

		while (ns[j])
			j = (j + 1) & (nsize - 1);
		ns[j] = i + 1;
	}
	free(h->slot);
	h->slot = ns;
	h->size = nsize;
	return 0;
}

static struct dash_series *series_new(struct dash *d, const char *k[6])
{
	struct dash_series *s = realloc(d->series, (d->nr_series + 1) * sizeof(*s));

	if (!s)
		return NULL;
	d->series = s;
	s = &s[d->nr_series++];
	memset(s, 0, sizeof(*s));
	s->board = strdup(k[0]);
	s->design = strdup(k[1]);
	s->wl = strdup(k[2]);
	s->op = strdup(k[3]);
	s->metric = strdup(k[4]);
	s->unit = strdup(k[5]);
	s->vals = calloc(d->nr_runs, sizeof(*s->vals));
	s->nvals = calloc(d->nr_runs, sizeof(*s->nvals));
	s->cap = calloc(d->nr_runs, sizeof(*s->cap));
	if (!s->board || !s->design || !s->wl || !s->op || !s->metric || !s->unit ||
	    (d->nr_runs && (!s->vals || !s->nvals || !s->cap)))
		return NULL;
	return s;
}

static struct dash_series *series_get(struct dash *d, struct dash_hash *h, const char *k[6])
{
	size_t j;

	if ((d->nr_series + 1) * 2 > h->size && hash_grow(h, d))
		return NULL;
	for (j = keys_hash(k) & (h->size - 1); h->slot[j]; j = (j + 1) & (h->size - 1))
		if (series_is(&d->series[h->slot[j] - 1], k))
			return &d->series[h->slot[j] - 1];
	if (!series_new(d, k))
		return NULL;
	h->slot[j] = d->nr_series;
	return &d->series[d->nr_series - 1];
}

static int value_add(struct dash_series *s, size_t ri, double v)
{
	if (s->nvals[ri] == s->cap[ri]) {
		size_t nc = s->cap[ri] ? s->cap[ri] * 2 : 8;
		double *nv = realloc(s->vals[ri], nc * sizeof(double));

		if (!nv)
			return -ENOMEM;
		s->vals[ri] = nv;
		s->cap[ri] = nc;
	}
	s->vals[ri][s->nvals[ri]++] = v;
	return 0;
}

/* Run index by run id: (id, index) pairs sorted by id, found by bisection. */
struct dash_run_id {
	sqlite3_int64 id;
	size_t index;
};

static int run_id_cmp(const void *a, const void *b)
{
	const struct dash_run_id *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static struct dash_run_id *run_map(const struct dash *d)
{
	struct dash_run_id *map = malloc((d->nr_runs + 1) * sizeof(*map));
	size_t i;

	if (!map)
		return NULL;
	for (i = 0; i < d->nr_runs; i++) {
		map[i].id = d->runs[i].id;
		map[i].index = i;
	}
	if (d->nr_runs > 1)
		qsort(map, d->nr_runs, sizeof(*map), run_id_cmp);
	return map;
}

static size_t run_index(const struct dash *d, const struct dash_run_id *map, sqlite3_int64 id)
{
	struct dash_run_id key = { .id = id }, *r;

	if (!d->nr_runs)
		return (size_t)-1;
	r = bsearch(&key, map, d->nr_runs, sizeof(*map), run_id_cmp);
	return r ? r->index : (size_t)-1;
}

static int dash_load_metrics(sqlite3 *db, struct dash *d)
{
	static const char sql[] =
		"SELECT run, design, workload, params, op, metric, unit, value FROM metrics"
		" WHERE metric != 'lost_events'";
	struct dash_hash h = { 0 };
	struct dash_run_id *map = run_map(d);
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	if (!map)
		return -ENOMEM;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k[6], *col[6];
		struct dash_series *s;
		char wl[1024];
		size_t ri, i;

		ri = run_index(d, map, sqlite3_column_int64(st, 0));
		if (ri == (size_t)-1)
			continue;
		for (i = 0; i < 6; i++) {	/* design, workload, params, op, metric, unit */
			const unsigned char *t = sqlite3_column_text(st, 1 + i);

			col[i] = t ? (const char *)t : "";
		}
		/* the series key: board, design, "workload params", op, metric, unit */
		snprintf(wl, sizeof(wl), "%s%s%s", col[1], *col[2] ? " " : "", col[2]);
		k[0] = d->runs[ri].board;
		k[1] = col[0];
		k[2] = wl;
		k[3] = col[3];
		k[4] = col[4];
		k[5] = col[5];
		s = series_get(d, &h, k);
		if (!s || value_add(s, ri, sqlite3_column_double(st, 7)))
			break;
	}
	sqlite3_finalize(st);
out:
	free(h.slot);
	free(map);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int series_cmp(const void *a, const void *b)
{
	const struct dash_series *x = a, *y = b;
	int c;

	if ((c = strcmp(x->board, y->board)) || (c = strcmp(x->design, y->design)) ||
	    (c = strcmp(x->wl, y->wl)) || (c = strcmp(x->op, y->op)) ||
	    (c = strcmp(x->metric, y->metric)))
		return c;
	return strcmp(x->unit, y->unit);
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
		free(d->runs[i].board);
	}
	for (i = 0; i < d->nr_series; i++) {
		struct dash_series *s = &d->series[i];

		for (j = 0; s->vals && j < d->nr_runs; j++)
			free(s->vals[j]);
		free(s->vals);
		free(s->nvals);
		free(s->cap);
		free(s->ctr);
		free(s->board);
		free(s->design);
		free(s->wl);
		free(s->op);
		free(s->metric);
		free(s->unit);
	}
	free(d->runs);
	free(d->series);
	free(d->groups);
	free(d->cps);
}

double dash_center(const struct dash_series *s, size_t run)
{
	return s->ctr[run];
}

/* newest run index of s with values, before 'before' */
static long newest_with(const struct dash *d, const struct dash_series *s, size_t before)
{
	long i;

	for (i = (long)(before > d->nr_runs ? d->nr_runs : before) - 1; i >= 0; i--)
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

static void dash_compare(const struct dash *d, const struct dash_series *s, long base,
			 long new, struct dash_cmp *c)
{
	memset(c, 0, sizeof(*c));
	if (base < 0 || new < 0 || base == new)
		return;
	c->ok = !report_dashboard_cell(s->unit, s->vals[base], s->nvals[base], s->vals[new],
				       s->nvals[new], d->threshold_pct, &c->v, c->text,
				       sizeof(c->text));
}

/* The one rule of what the index lists: median latencies, dmabench means, rates, costs. */
static int dash_series_is_kpi(const struct dash_series *s)
{
	static const char *const kpi_metrics[] = { "tool_mean", "iops", "bw", "cost_per_io" };
	size_t i;

	if (!strcmp(s->metric, "p50"))
		return report_unit_is_time(s->unit);
	for (i = 0; i < ARRAY_SIZE(kpi_metrics); i++)
		if (!strcmp(s->metric, kpi_metrics[i]))
			return 1;
	return 0;
}

/* Sort, group, compare the newest run, find change points. 0 or -ENOMEM. */
static int dash_analyse(struct dash *d)
{
	size_t i, j;
	int ret;

	if (d->nr_series)
		qsort(d->series, d->nr_series, sizeof(*d->series), series_cmp);
	for (i = 0; i < d->nr_series; i++) {
		struct dash_series *s = &d->series[i], *p = i ? &d->series[i - 1] : NULL;

		if (!p || strcmp(s->board, p->board) || strcmp(s->design, p->design) ||
		    strcmp(s->wl, p->wl) || strcmp(s->op, p->op)) {
			struct dash_group *g = realloc(d->groups, (d->nr_groups + 1) * sizeof(*g));

			if (!g)
				return -ENOMEM;
			d->groups = g;
			g[d->nr_groups].first = i;
			g[d->nr_groups].nr = 0;
			g[d->nr_groups++].nr_open = 0;
		}
		s->ctr = malloc((d->nr_runs + 1) * sizeof(*s->ctr));
		if (!s->ctr)
			return -ENOMEM;
		for (j = 0; j < d->nr_runs; j++)
			s->ctr[j] = report_stats_center(s->unit, s->vals[j], s->nvals[j]);
		s->group = d->nr_groups - 1;
		d->groups[s->group].nr++;
		s->kpi = dash_series_is_kpi(s);
		s->newest = newest_with(d, s, d->nr_runs);
		if (s->newest != (long)d->nr_runs - 1)
			continue;	/* the newest run did not measure it */
		dash_compare(d, s, newest_with(d, s, (size_t)s->newest), s->newest, &s->prev);
		dash_compare(d, s, d->base_run, s->newest, &s->base);
		if (s->prev.v.regression || s->base.v.regression)
			d->nr_regress++;
	}
	ret = dash_changepoints_find(d);
	if (ret)
		return ret;
	for (i = 0; i < d->nr_cps; i++)
		if (dash_cp_open(d, i)) {
			d->series[d->cps[i].series].nr_open++;
			d->groups[d->series[d->cps[i].series].group].nr_open++;
		}
	return 0;
}

static int dash_plots_write(const struct dash *d, const char *out)
{
	char path[PATH_MAX];
	size_t i;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/plots", out);
	if (dir_make_p(path))
		return -errno;
	snprintf(path, sizeof(path), "%s/spark", out);
	if (dir_make_p(path))
		return -errno;
	for (i = 0; !ret && i < d->nr_series; i++) {
		ret = dash_svg_series(d, i, out);
		if (!ret && d->series[i].kpi)
			ret = dash_svg_spark(d, i, out);
	}
	return ret;
}

/* Load, analyse and write; 0, or 2 after a message. */
static int dash_write(sqlite3 *db, const char *db_path, const char *out,
		      const struct report_dashboard_opts *o, struct dash *d)
{
	size_t i;
	int ret;

	if (dash_load_runs(db, d) || dash_load_metrics(db, d)) {
		fprintf(stderr, "smmubench dashboard: %s: %s\n", db_path, sqlite3_errmsg(db));
		return 2;
	}
	d->base_run = -1;
	d->baseline = o->baseline;
	d->threshold_pct = o->threshold_pct;
	for (i = d->nr_runs; o->baseline && i-- > 0;)
		if (!strcmp(d->runs[i].label, o->baseline)) {
			d->base_run = (long)i;
			break;
		}
	ret = dash_analyse(d);
	if (!ret && o->nr_new_regressions) {
		struct dash_known k;

		/* read before this build overwrites it */
		ret = dash_known_load(out, &k);
		if (ret) {
			fprintf(stderr, "smmubench dashboard: %s/index.json: not the index of a "
				"dashboard; remove it or write elsewhere\n", out);
			return 2;
		}
		*o->nr_new_regressions = dash_cp_new_regressions(d, &k, stderr);
		dash_known_release(&k);
	}
	if (!ret)
		ret = dash_plots_write(d, out);
	if (!ret)
		ret = dash_pages_write(d, out);
	if (ret) {
		fprintf(stderr, "smmubench dashboard: %s: %s\n", out, strerror(-ret));
		return 2;
	}
	printf("# smmubench dashboard: %zu runs, %zu metrics, %zu plots, %d regressions, "
	       "%zu change points, %zu pages\n%s/index.html\n", d->nr_runs, d->nr_series,
	       d->nr_series, d->nr_regress, d->nr_cps, d->nr_groups + 1, out);
	return 0;
}

int report_dashboard(const struct report_dashboard_opts *o)
{
	const char *db_path = o->db_path ? o->db_path : "results.db";
	const char *out = o->output ? o->output : "dashboard";
	struct dash d = { 0 };
	sqlite3 *db = NULL;
	char err[1024];
	int ret;

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
	if (dir_make_p(out)) {
		fprintf(stderr, "smmubench dashboard: %s: %s\n", out, strerror(errno));
		sqlite3_close(db);
		return 2;
	}
	ret = dash_write(db, db_path, out, o, &d);
	if (!ret)
		ret = d.nr_regress ? 1 : 0;
	dash_free(&d);
	sqlite3_close(db);
	return ret;
}
