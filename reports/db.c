// SPDX-License-Identifier: GPL-2.0
/*
 * results.db: runs ingested into SQLite for the dashboard. A run is keyed
 * by its meta.json run_id; ingesting it again changes nothing. Rows are
 * only ever inserted, never updated. Schema: reports/README.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "common.h"
#include "reports.h"
#include "report_db.h"
#include "units.h"

static const char db_schema[] =
	"CREATE TABLE IF NOT EXISTS runs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL, path TEXT NOT NULL, label TEXT, status TEXT NOT NULL,\n"
	"  target TEXT, designs TEXT, profile TEXT, board TEXT, host TEXT,\n"
	"  kernel_release TEXT, kernel_cmdline TEXT,\n"
	"  smmubench_version TEXT, gitrev TEXT,\n"
	"  start TEXT, start_epoch_s INTEGER, end TEXT,\n"
	"  lost_events INTEGER NOT NULL, errors INTEGER NOT NULL,\n"
	"  meta_json TEXT NOT NULL, ingested_at TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS metrics (\n"
	"  run INTEGER NOT NULL REFERENCES runs(id),\n"
	"  cell TEXT NOT NULL, design TEXT, workload TEXT, params TEXT,\n"
	"  rep INTEGER NOT NULL, op TEXT NOT NULL, metric TEXT NOT NULL,\n"
	"  unit TEXT NOT NULL, value REAL NOT NULL, n INTEGER NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS metrics_series ON metrics (design, workload, cell, op, metric);\n"
	"CREATE TABLE IF NOT EXISTS hists (\n"
	"  run INTEGER NOT NULL REFERENCES runs(id),\n"
	"  cell TEXT NOT NULL, op TEXT NOT NULL, unit TEXT, count INTEGER,\n"
	"  min REAL, max REAL, p50 REAL, p90 REAL, p99 REAL, p99_9 REAL,\n"
	"  json TEXT NOT NULL);\n"
	"PRAGMA user_version = 1;\n";

int report_db_open(const char *path, sqlite3 **dbp, char *err, size_t errlen)
{
	char *msg = NULL;
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fmt_err(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -EIO;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, db_schema, NULL, NULL, &msg) != SQLITE_OK) {
		fmt_err(err, errlen, "%s: creating the schema: %s", path, msg);
		sqlite3_free(msg);
		sqlite3_close(db);
		return -EIO;
	}
	*dbp = db;
	return 0;
}

/* smmubench's tables, as db_schema makes them; the dashboard reads these */
static int db_schema_ok(sqlite3 *db, int *version)
{
	static const char sql[] =
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
		" name IN ('runs', 'metrics', 'hists')";
	sqlite3_stmt *st;
	int ntables = -1;

	*version = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		ntables = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return ntables == 3 && *version == 1;
}

int report_db_open_ro(const char *path, sqlite3 **dbp, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int version;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fmt_err(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -EIO;
	}
	sqlite3_busy_timeout(db, 5000);
	if (!db_schema_ok(db, &version)) {
		/* not ours, or not a database at all: sqlite3_errmsg() says which */
		fmt_err(err, errlen, "%s: not a smmubench results.db (%s; want tables runs, "
			      "metrics, hists and user_version 1, found user_version %d); make one "
			      "with 'smmubench ingest --db FILE RUNDIR...'", path,
			      sqlite3_errcode(db) == SQLITE_OK || sqlite3_errcode(db) == SQLITE_DONE ?
			      "schema missing" : sqlite3_errmsg(db), version);
		sqlite3_close(db);
		return -EINVAL;
	}
	*dbp = db;
	return 0;
}

static const char *jpath(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, a, &v))
		return NULL;
	if (b && !json_object_object_get_ex(v, b, &v))
		return NULL;
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static double jnum(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	return json_object_get_double(v);
}

static int run_insert(sqlite3 *db, const struct report_rundata *rd, sqlite3_int64 *id)
{
	static const char sql[] =
		"INSERT INTO runs (run_id, name, path, label, status, target, designs, profile,"
		" board, host, kernel_release, kernel_cmdline, smmubench_version, gitrev, start,"
		" start_epoch_s, end, lost_events, errors, meta_json, ingested_at)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	struct json_object *designs;
	char *designs_s = NULL, now[32];
	sqlite3_stmt *st;
	int i = 1, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	if (json_object_object_get_ex(rd->meta, "designs", &designs) &&
	    json_object_is_type(designs, json_type_array)) {
		size_t k, len = 0;

		/* json_object_get_string() of a null entry is NULL: such entries are left out */
		for (k = 0; k < json_object_array_length(designs); k++) {
			const char *d = json_object_get_string(json_object_array_get_idx(designs, k));

			len += (d ? strlen(d) : 0) + 1;
		}
		designs_s = calloc(1, len + 1);
		for (k = 0; designs_s && k < json_object_array_length(designs); k++) {
			const char *d = json_object_get_string(json_object_array_get_idx(designs, k));

			if (!d)
				continue;
			if (designs_s[0])
				strcat(designs_s, ",");
			strcat(designs_s, d);
		}
	}
	fmt_time_iso(time(NULL), now, sizeof(now));
	sqlite3_bind_text(st, i++, jpath(rd->meta, "run_id", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, rd->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, rd->dir, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "label", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, report_run_status_name(rd->status), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "target", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, designs_s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "profile", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "board", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "host", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "kernel", "release"), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "kernel", "cmdline"), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "smmubench", "version"), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "smmubench", "gitrev"), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, jpath(rd->meta, "start", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)jnum(rd->meta, "start_epoch_s"));
	sqlite3_bind_text(st, i++, jpath(rd->meta, "end", NULL), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)rd->lost_events);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)rd->nr_errors);
	sqlite3_bind_text(st, i++, json_object_to_json_string_ext(rd->meta, JSON_C_TO_STRING_PLAIN),
			  -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(designs_s);
	if (rc != SQLITE_DONE)
		return -EIO;
	*id = sqlite3_last_insert_rowid(db);
	return 0;
}

static int metrics_insert(sqlite3 *db, const struct report_rundata *rd, sqlite3_int64 id)
{
	static const char sql[] =
		"INSERT INTO metrics (run, cell, design, workload, params, rep, op, metric, unit,"
		" value, n) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
	const struct report_cell *c = NULL;
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	for (i = 0; i < rd->nr_rows && rc == SQLITE_DONE; i++) {
		const struct report_row *r = &rd->rows[i];

		/* rows come cell by cell, their names interned: look up only a new cell */
		if (!i || r->cell != rd->rows[i - 1].cell)
			c = report_rundata_cell(rd, r->cell);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, r->cell, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r->design, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, r->workload, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, c ? c->params : NULL, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, r->rep);
		sqlite3_bind_text(st, 7, r->op, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, r->metric, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, r->unit, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 10, r->value);
		sqlite3_bind_int64(st, 11, (sqlite3_int64)r->n);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int hists_insert(sqlite3 *db, const struct report_rundata *rd, sqlite3_int64 id)
{
	static const char sql[] =
		"INSERT INTO hists (run, cell, op, unit, count, min, max, p50, p90, p99, p99_9, json)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char *const keys[] = { "min", "max", "p50", "p90", "p99", "p99_9" };
	sqlite3_stmt *st;
	size_t i, k;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	for (i = 0; i < rd->nr_hists && rc == SQLITE_DONE; i++) {
		struct json_object *h = report_rundata_hist_json(rd, rd->hists[i].cell,
								 rd->hists[i].op);
		if (!h)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, rd->hists[i].cell, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, rd->hists[i].op, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, jpath(h, "unit", NULL), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)jnum(h, "count"));
		for (k = 0; k < 6; k++)
			sqlite3_bind_double(st, 6 + k, jnum(h, keys[k]));
		sqlite3_bind_text(st, 12, json_object_to_json_string_ext(h, JSON_C_TO_STRING_PLAIN),
				  -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		json_object_put(h);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int report_db_ingest(const char *db_path, const char *run_dir, int *added, char *err,
		     size_t errlen)
{
	struct report_rundata *rd;
	sqlite3_stmt *st = NULL;
	sqlite3 *db = NULL;
	sqlite3_int64 id;
	const char *run_id;
	int ret, exists;

	*added = 0;
	rd = report_rundata_load(run_dir, err, errlen);
	if (!rd)
		return -errno;
	if (rd->status != REPORT_RUN_COMPLETE) {
		fmt_err(err, errlen, "%s: run is %s, not complete: not ingested", run_dir,
		       report_run_status_name(rd->status));
		ret = -EINVAL;
		goto out;
	}
	/* results.db would hold the run without what was left out, and nobody would see it */
	if (rd->nr_warnings) {
		fmt_err(err, errlen, "%s (and %zu more): not ingested; the run directory "
			      "keeps all it has (smmubench report shows it)", rd->warnings[0],
			      rd->nr_warnings - 1);
		ret = -EINVAL;
		goto out;
	}
	run_id = report_rundata_meta(rd, "run_id");
	if (!run_id) {
		fmt_err(err, errlen, "%s/meta.json: field 'run_id' missing", run_dir);
		ret = -EINVAL;
		goto out;
	}
	ret = report_db_open(db_path, &db, err, errlen);
	if (ret)
		goto out;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		ret = -EIO;
		goto dberr;
	}
	sqlite3_prepare_v2(db, "SELECT 1 FROM runs WHERE run_id = ?", -1, &st, NULL);
	sqlite3_bind_text(st, 1, run_id, -1, SQLITE_STATIC);
	exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (exists) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	ret = run_insert(db, rd, &id);
	if (!ret)
		ret = metrics_insert(db, rd, id);
	if (!ret)
		ret = hists_insert(db, rd, id);
	if (ret || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		ret = -EIO;
		goto dberr;
	}
	*added = 1;
	goto out;
dberr:
	fmt_err(err, errlen, "%s: %s", db_path, sqlite3_errmsg(db));
out:
	sqlite3_close(db);
	report_rundata_free(rd);
	return ret;
}
