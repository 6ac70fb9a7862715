// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzzed results.db through `smmubench dashboard` (report_dashboard():
 * reports/db.c's schema, the run and metric queries, the comparisons, the
 * HTML; no gnuplot), with --baseline base.
 *
 * The input is rows, one a line: TABLE '\t' VALUE '\t' VALUE ..., TABLE one
 * of runs, metrics, hists (the schema of reports/README.md); each VALUE is
 * bound as NULL ("\N"), an integer or a real when it parses as one, else as
 * text. Missing columns are NULL, extra ones dropped; a row the schema
 * refuses (NOT NULL, UNIQUE) is skipped. Rows go in through bound
 * parameters only: the input is never SQL, so it cannot ATTACH or write a
 * file outside the harness's dir.
 */
#include <stdint.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "common.h"
#include "reports.h"
#include "report_db.h"
#include "fuzz_harness.h"

#define FUZZ_MAX_ROWS	256

static const struct {
	const char *name;
	unsigned int nr_cols;
} tables[] = { { "runs", 22 }, { "metrics", 11 }, { "hists", 12 } };

static char db_path[PATH_MAX], out_dir[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_tmpdir("resultsdb");

	snprintf(db_path, sizeof(db_path), "%s/results.db", dir);
	snprintf(out_dir, sizeof(out_dir), "%s/dashboard", dir);
	return 0;
}

static void value_bind(sqlite3_stmt *st, int col, const char *s, size_t len)
{
	char buf[64], *end;
	long long i;
	double d;

	if (len == 2 && !memcmp(s, "\\N", 2)) {
		sqlite3_bind_null(st, col);
		return;
	}
	if (len && len < sizeof(buf)) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		errno = 0;
		i = strtoll(buf, &end, 10);
		if (!*end && !errno) {
			sqlite3_bind_int64(st, col, i);
			return;
		}
		d = strtod(buf, &end);
		if (!*end) {
			sqlite3_bind_double(st, col, d);
			return;
		}
	}
	sqlite3_bind_text(st, col, s, len, SQLITE_TRANSIENT);
}

/* One "TABLE\tV\tV..." line of [s, s + len) into db. */
static void row_insert(sqlite3 *db, const char *s, size_t len)
{
	const char *end = s + len, *tab;
	char sql[256];
	sqlite3_stmt *st;
	unsigned int t, c, n;

	tab = memchr(s, '\t', len);
	n = (tab ? tab : end) - s;
	for (t = 0; t < ARRAY_SIZE(tables); t++)
		if (strlen(tables[t].name) == n && !memcmp(tables[t].name, s, n))
			break;
	if (t == ARRAY_SIZE(tables))
		return;
	n = snprintf(sql, sizeof(sql), "INSERT INTO %s VALUES (?", tables[t].name);
	for (c = 1; c < tables[t].nr_cols; c++)
		n += snprintf(sql + n, sizeof(sql) - n, ",?");
	snprintf(sql + n, sizeof(sql) - n, ")");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		abort();	/* our own statement on our own schema */
	for (c = 1; tab && c <= tables[t].nr_cols; c++) {
		const char *v = tab + 1;

		tab = memchr(v, '\t', end - v);
		value_bind(st, c, v, (tab ? tab : end) - v);
	}
	sqlite3_step(st);
	sqlite3_finalize(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct report_dashboard_opts o = { .db_path = db_path, .output = out_dir,
					   .baseline = "base",
					   .threshold_pct = REPORT_DASHBOARD_DEFAULT_THRESHOLD_PCT };
	unsigned int rows = 0;
	char err[1024];
	sqlite3 *db;

	unlink(db_path);
	dir_remove_tree(out_dir);
	if (report_db_open(db_path, &db, err, sizeof(err)))
		abort();
	sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL);
	while (p < end && rows++ < FUZZ_MAX_ROWS) {
		nl = memchr(p, '\n', end - p);
		row_insert(db, p, (nl ? nl : end) - p);
		p = nl ? nl + 1 : end;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);

	report_dashboard(&o);
	return 0;
}
