// SPDX-License-Identifier: GPL-2.0
/*
 * The dashboard at the scale of a year of nights (issue 16): one model run
 * of the default grid (bench.conf), cloned into 365 synthetic nights with
 * board-like noise (0.7% a night, 2% a repetition on times and rates) and
 * steps put in a few KPI series at known nights; then `dashboard` is built
 * from it. Prints the build time, the size of every page (bound: 1 MB each,
 * 30 s to build) and the detection table of the injected steps (true steps,
 * found within one night, missed, false). Figures, not assertions.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <dirent.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "common.h"
#include "conf.h"
#include "reports.h"
#include "runner.h"
#include "units.h"

#define NIGHTS 365

/* The injected steps: series (design, op, metric) x ratio from a night on. */
static const struct step {
	const char *design, *op, *metric;
	double ratio;
	int night;
} steps[] = {
	{ "paravirt", "map", "tool_mean", 1.08, 200 },
	{ "nested", "unmap", "p50", 1.05, 300 },
	{ "native", "fio_read", "iops", 0.94, 100 },
	{ "paravirt", "smmu_map", "p50", 1.10, 250 },
};

static uint64_t rng = 0x5eedda5eull;

static double urand(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return ((rng >> 11) + 0.5) / 9007199254740992.0;
}

static double nrand(void)
{
	return sqrt(-2 * log(urand())) * cos(2 * M_PI * urand());
}

static double clock_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

struct row {
	char *cell, *design, *workload, *params, *op, *metric, *unit;
	int rep;
	double value;
	int64_t n;
};

static const struct step *step_of(const struct row *r)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(steps); i++)
		if (!strcmp(r->design, steps[i].design) && !strcmp(r->op, steps[i].op) &&
		    !strcmp(r->metric, steps[i].metric))
			return &steps[i];
	return NULL;
}

static char *dupcol(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? strdup((const char *)t) : NULL;
}

static size_t rows_load(sqlite3 *db, struct row **out)
{
	sqlite3_stmt *st;
	size_t n = 0;

	sqlite3_prepare_v2(db, "SELECT cell, design, workload, params, rep, op, metric, unit, "
			   "value, n FROM metrics WHERE run = 1", -1, &st, NULL);
	*out = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct row *r;

		*out = realloc(*out, (n + 1) * sizeof(**out));
		r = &(*out)[n++];
		r->cell = dupcol(st, 0);
		r->design = dupcol(st, 1);
		r->workload = dupcol(st, 2);
		r->params = dupcol(st, 3);
		r->rep = sqlite3_column_int(st, 4);
		r->op = dupcol(st, 5);
		r->metric = dupcol(st, 6);
		r->unit = dupcol(st, 7);
		r->value = sqlite3_column_double(st, 8);
		r->n = sqlite3_column_int64(st, 9);
	}
	sqlite3_finalize(st);
	return n;
}

/* Nights 2..NIGHTS: a runs row cloned from run 1, metrics with noise and steps. */
static int nights_add(sqlite3 *db, const struct row *rows, size_t nr)
{
	sqlite3_stmt *ins;
	double *night_off = malloc(nr * sizeof(*night_off));
	int night;
	size_t i;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO metrics (run, cell, design, workload, params, rep, op,"
			   " metric, unit, value, n) VALUES (?,?,?,?,?,?,?,?,?,?,?)", -1, &ins, NULL);
	for (night = 1; night <= NIGHTS; night++) {
		char sql[1024];

		if (night > 1) {
			snprintf(sql, sizeof(sql),
				 "INSERT INTO runs (run_id, name, path, label, status, target, designs,"
				 " profile, board, host, kernel_release, kernel_cmdline, smmubench_version,"
				 " gitrev, start, start_epoch_s, end, lost_events, errors, meta_json,"
				 " ingested_at) SELECT run_id || '#night%d', 'night%03d', path, 'nightly',"
				 " status, target, designs, profile, board, host, '6.18.0-night%d',"
				 " kernel_cmdline, smmubench_version, gitrev, start, start_epoch_s + %d,"
				 " end, lost_events, errors, json_set(meta_json, '$.kernel_label',"
				 " 'night%03d'), ingested_at FROM runs WHERE id = 1", night, night, night,
				 night * 86400, night);
			if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
				return -EIO;
		}
		for (i = 0; i < nr; i++)	/* one offset per series and night: rep 0 draws it */
			if (!rows[i].rep || !i)
				night_off[i] = 1 + 0.007 * nrand();
			else
				night_off[i] = night_off[i - 1];
		if (night == 1)
			continue;	/* run 1 is the model's own night */
		for (i = 0; i < nr; i++) {
			const struct row *r = &rows[i];
			const struct step *s = step_of(r);
			double v = r->value;

			if (report_unit_is_time(r->unit) || report_unit_is_rate(r->unit))
				v *= night_off[i] * (1 + 0.02 * nrand());
			if (s && night >= s->night)
				v *= s->ratio;
			sqlite3_bind_int64(ins, 1, night);
			sqlite3_bind_text(ins, 2, r->cell, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, r->design, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, r->workload, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 5, r->params, -1, SQLITE_STATIC);
			sqlite3_bind_int(ins, 6, r->rep);
			sqlite3_bind_text(ins, 7, r->op, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 8, r->metric, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 9, r->unit, -1, SQLITE_STATIC);
			sqlite3_bind_double(ins, 10, v);
			sqlite3_bind_int64(ins, 11, r->n);
			if (sqlite3_step(ins) != SQLITE_DONE)
				return -EIO;
			sqlite3_reset(ins);
		}
	}
	sqlite3_finalize(ins);
	free(night_off);
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

static void pages_measure(const char *dir, const char *sub, size_t *n, off_t *max, off_t *sum,
			  char *maxname)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		char p[8192];

		if (!strstr(e->d_name, ".html"))
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		if (stat(p, &st))
			continue;
		(*n)++;
		*sum += st.st_size;
		if (st.st_size > *max) {
			*max = st.st_size;
			snprintf(maxname, 512, "%.200s/%.300s", sub, e->d_name);
		}
	}
	if (d)
		closedir(d);
}

/* "design|workload params|op|metric" of a series, as the dashboard names it */
static void series_key(char *buf, size_t len, const char *design, const char *wl,
		       const char *op, const char *metric)
{
	snprintf(buf, len, "%s|%s|%s|%s", design, wl, op, metric);
}

/* The series with an injected step (one key each) and their step. */
static size_t truth_build(const struct row *rows, size_t nr, char (*keys)[512],
			  const struct step **st, size_t max)
{
	size_t i, k, n = 0;

	for (i = 0; i < nr; i++) {
		const struct step *s = step_of(&rows[i]);
		char wl[300], key[512];

		if (!s)
			continue;
		snprintf(wl, sizeof(wl), "%s%s%s", rows[i].workload,
			 rows[i].params && *rows[i].params ? " " : "",
			 rows[i].params ? rows[i].params : "");
		series_key(key, sizeof(key), rows[i].design, wl, rows[i].op, rows[i].metric);
		for (k = 0; k < n && strcmp(keys[k], key); k++)
			;
		if (k == n && n < max) {
			snprintf(keys[n], 512, "%s", key);
			st[n++] = s;
		}
	}
	return n;
}

static const char *jget(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v) : "";
}

/* Change points of index.json against the injected steps: the detection table. */
static void detection_print(const char *dash, const struct row *rows, size_t nr_rows)
{
	static char keys[256][512];
	const struct step *st[256];
	int found[256] = { 0 };
	size_t nt = truth_build(rows, nr_rows, keys, st, 256), i, k, nr, fp = 0, nf = 0;
	struct json_object *j, *cps;
	char path[4096];

	snprintf(path, sizeof(path), "%s/index.json", dash);
	j = json_object_from_file(path);
	if (!j || !json_object_object_get_ex(j, "change_points", &cps)) {
		printf("detection: %s unreadable\n", path);
		return;
	}
	nr = json_object_array_length(cps);
	for (i = 0; i < nr; i++) {
		struct json_object *c = json_object_array_get_idx(cps, i);
		const char *bad = jget(c, "first_bad_run");
		int night = strncmp(bad, "night", 5) ? 1 : atoi(bad + 5), ok = 0;
		char key[512];

		series_key(key, sizeof(key), jget(c, "design"), jget(c, "workload"), jget(c, "op"),
			   jget(c, "metric"));
		for (k = 0; k < nt; k++)
			if (!strcmp(key, keys[k]) && abs(night - st[k]->night) <= 1 && !found[k]) {
				found[k] = ok = 1;
				nf++;
				break;
			}
		if (!ok) {
			fp++;
			printf("  false: %s from %s (%+.2f%%)\n", key, bad,
			       (json_object_get_double(json_object_object_get(c, "ratio")) - 1) * 100);
		}
	}
	for (k = 0; k < nt; k++)
		if (!found[k])
			printf("  missed: %s x%.2f from night %d\n", keys[k], st[k]->ratio, st[k]->night);
	printf("detection on %d nights, %zu change points: true steps %zu (>= 5%%), found %zu "
	       "(within 1 night), missed %zu, false %zu\n", NIGHTS, nr, nt, nf, nt - nf, fp);
	json_object_put(j);
}

static const char *load_avg(char *buf, size_t len)
{
	FILE *f = fopen("/proc/loadavg", "r");

	snprintf(buf, len, "?");
	if (f && fgets(buf, (int)len, f))
		buf[strcspn(buf, " ")] = '\0';
	if (f)
		fclose(f);
	return buf;
}

int main(void)
{
	char tmp[] = "/tmp/bench_dashboard-XXXXXX", res[256], db_path[256], dash[256];
	char cmd[2048], maxname[512] = "";
	struct bench_runner_opts ro;
	struct bench_runner_result rr;
	struct report_dashboard_opts dop = { .threshold_pct = REPORT_DASHBOARD_DEFAULT_THRESHOLD_PCT };
	struct bench_conf *conf;
	struct row *rows;
	sqlite3 *db;
	size_t nr, npages = 0;
	off_t max = 0, sum = 0;
	char err[512];
	double t0, t1, c0, c1;
	char loadbuf[64];
	int added;

	if (!mkdtemp(tmp))
		return 1;
	snprintf(res, sizeof(res), "%s/results", tmp);
	snprintf(db_path, sizeof(db_path), "%s/results.db", tmp);
	snprintf(dash, sizeof(dash), "%s/dash", tmp);
	conf = bench_conf_load("bench.conf", stderr);
	if (!conf)
		return 1;
	bench_runner_opts_init(&ro);
	ro.results = res;
	ro.quiet = true;
	t0 = now_s();
	if (bench_runner_run(conf, &ro, &rr) || report_db_ingest(db_path, rr.run_dir, &added, err,
								 sizeof(err))) {
		fprintf(stderr, "bench_dashboard: the default grid did not run: %s\n", err);
		return 1;
	}
	printf("default grid on the model: %.1f s\n", now_s() - t0);
	sqlite3_open(db_path, &db);
	nr = rows_load(db, &rows);
	t0 = now_s();
	if (nights_add(db, rows, nr)) {
		fprintf(stderr, "bench_dashboard: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_close(db);
	printf("synthetic history: %d nights x %zu rows (%zu metric rows), written in %.1f s\n",
	       NIGHTS, nr, nr * NIGHTS, now_s() - t0);
	dop.db_path = db_path;
	dop.output = dash;
	/*
	 * The dashboard runs in this process, on one core: its CPU time is its
	 * time on an idle core, which a busy shared machine does not inflate.
	 */
	t0 = now_s();
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	report_dashboard(&dop);
	c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	t1 = now_s();
	pages_measure(dash, ".", &npages, &max, &sum, maxname);
	pages_measure(dash, "g", &npages, &max, &sum, maxname);
	printf("dashboard build: %.1f s CPU, %.1f s wall (bound 30 s; load average %s)\n",
	       c1 - c0, t1 - t0, load_avg(loadbuf, sizeof(loadbuf)));
	printf("pages: %zu, largest %s %.1f KiB (bound 1024 KiB), all pages %.1f KiB\n", npages,
	       maxname, max / 1024.0, sum / 1024.0);
	detection_print(dash, rows, nr);
	snprintf(cmd, sizeof(cmd), "du -sh %s/plots %s/spark %s/index.json | sed 's|%s/||'", dash,
		 dash, dash, dash);
	if (system(cmd))
		fprintf(stderr, "bench_dashboard: du failed\n");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	if (getenv("BENCH_KEEP"))	/* to look at it: BENCH_KEEP=1 build/tests/bench_dashboard */
		printf("kept: %s\n", tmp);
	else if (system(cmd))
		fprintf(stderr, "bench_dashboard: %s left behind\n", tmp);
	bench_conf_free(conf);
	return 0;
}
