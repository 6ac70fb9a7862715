// SPDX-License-Identifier: GPL-2.0
/*
 * The run-directory store: a run is hidden while written, complete only
 * after finish, incomplete when abandoned; rows, lost events, errors and
 * histograms read back as written; results.db ingest is idempotent and
 * refuses incomplete runs. Expectations are the literals the test wrote.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "hist.h"
#include "reports.h"

static char root[256];

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/test_report_store.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) ? -1 : 0;
}

/* Number of entries in root whose name starts with prefix and ends with suffix. */
static int count_entries(const char *prefix, const char *suffix)
{
	struct dirent *de;
	DIR *d = opendir(root);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name), sl = strlen(suffix);

		if (!strncmp(de->d_name, prefix, strlen(prefix)) && l >= sl &&
		    !strcmp(de->d_name + l - sl, suffix))
			n++;
	}
	closedir(d);
	return n;
}

static const char *meta_status(const char *dir)
{
	static char buf[32];
	char path[512];
	struct json_object *m, *v;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	m = json_object_from_file(path);
	assert_non_null(m);
	assert_true(json_object_object_get_ex(m, "status", &v));
	snprintf(buf, sizeof(buf), "%s", json_object_get_string(v));
	json_object_put(m);
	return buf;
}

static struct report_run *make_run(const char *label)
{
	struct report_run_info info = {
		.label = label, .target = "model", .designs = "native,paravirt",
		.profile = "morello", .conf_text = "[global]\nrepeat = 2\n",
	};
	struct report_run *run = report_run_create(root, &info);

	assert_non_null(run);
	assert_int_equal(report_run_cell_add(run, "paravirt-dmabench-4k-t1", "paravirt",
					     "dmabench", "granule=1 threads=1"), 0);
	return run;
}

static void test_run_roundtrip(void **state)
{
	struct report_metric m = {
		.cell = "paravirt-dmabench-4k-t1", .op = "map", .metric = "mean",
		.unit = "ns", .value = 300.5, .n = 1000,
	};
	struct report_rundata *rd;
	struct trace_hist *h = trace_hist_new();
	struct json_object *hj, *v;
	char err[512] = "", dir[512];
	struct report_run *run = make_run("rt");

	/* while written: hidden .tmp name, status running */
	assert_int_equal(count_entries(".", "-rt.tmp"), 1);
	assert_string_equal(meta_status(report_run_dir(run)), "running");

	assert_int_equal(report_run_metric_add(run, &m), 0);
	m.rep = 1;
	m.value = 310;
	assert_int_equal(report_run_metric_add(run, &m), 0);
	/* unknown cell: refused, not silently stored */
	m.cell = "nope";
	assert_int_equal(report_run_metric_add(run, &m), -ENOENT);
	/* a cell name with a slash would escape hist/ */
	assert_int_equal(report_run_cell_add(run, "a/b", "native", "x", NULL), -EINVAL);

	assert_int_equal(report_run_lost_add(run, "paravirt-dmabench-4k-t1", 0, "remote", 1, 7), 0);
	assert_int_equal(report_run_lost_add(run, NULL, 1, "remote", 0, 5), 0);
	assert_int_equal(report_run_error_add(run, "paravirt-dmabench-4k-t1", 1, "fio exited %d", 3), 0);
	trace_hist_add(h, 100);
	trace_hist_add(h, 120);
	assert_int_equal(report_run_hist_write(run, "paravirt-dmabench-4k-t1", "map", h), 0);
	trace_hist_free(h);

	assert_int_equal(report_run_finish(run, REPORT_RUN_COMPLETE), 0);
	snprintf(dir, sizeof(dir), "%s", report_run_dir(run));
	report_run_free(run);
	assert_int_equal(count_entries(".", ".tmp"), 0);
	assert_int_equal(count_entries("2", "-rt"), 1);
	assert_string_equal(meta_status(dir), "complete");

	rd = report_rundata_load(dir, err, sizeof(err));
	assert_non_null(rd);
	assert_int_equal(rd->status, REPORT_RUN_COMPLETE);
	assert_int_equal(rd->nr_rows, 4);	/* 2 metric rows + 2 lost rows */
	assert_string_equal(rd->rows[0].design, "paravirt");
	assert_string_equal(rd->rows[0].workload, "dmabench");
	assert_string_equal(rd->rows[0].unit, "ns");
	assert_true(rd->rows[0].value == 300.5);
	assert_int_equal(rd->rows[0].n, 1000);
	assert_int_equal(rd->rows[1].rep, 1);
	assert_true(rd->rows[1].value == 310);
	assert_string_equal(rd->rows[3].cell, "");
	assert_int_equal(rd->lost_events, 12);
	assert_int_equal(rd->nr_errors, 1);
	assert_string_equal(rd->errors[0], "paravirt-dmabench-4k-t1 rep 1: fio exited 3");
	assert_int_equal(rd->nr_cells, 1);
	assert_string_equal(rd->cells[0].params, "granule=1 threads=1");
	assert_string_equal(report_rundata_meta(rd, "target"), "model");
	assert_string_equal(report_rundata_meta(rd, "conf_text"), "[global]\nrepeat = 2\n");
	assert_int_equal(rd->nr_hists, 1);
	assert_string_equal(rd->hists[0].op, "map");
	assert_string_equal(rd->hists[0].path, "hist/paravirt-dmabench-4k-t1/map.json");
	hj = report_rundata_hist_json(rd, "paravirt-dmabench-4k-t1", "map");
	assert_non_null(hj);
	assert_true(json_object_object_get_ex(hj, "count", &v));
	assert_int_equal(json_object_get_int(v), 2);
	json_object_put(hj);
	assert_true(json_object_object_get_ex(rd->meta, "lost_events", &v));
	assert_int_equal(json_object_get_int(v), 12);
	report_rundata_free(rd);
}

static void test_run_abandoned_is_incomplete(void **state)
{
	struct report_run *run = make_run("cut");
	struct report_rundata *rd;
	char err[512], dir[512];
	struct dirent *de;
	DIR *d;

	report_run_free(run);	/* never finished: SIGINT path */
	assert_int_equal(count_entries("2", "-cut.incomplete"), 1);
	assert_int_equal(count_entries(".", ".tmp"), 0);
	d = opendir(root);
	while ((de = readdir(d)))
		if (strstr(de->d_name, "-cut.incomplete"))
			snprintf(dir, sizeof(dir), "%s/%s", root, de->d_name);
	closedir(d);
	assert_string_equal(meta_status(dir), "incomplete");
	rd = report_rundata_load(dir, err, sizeof(err));
	assert_non_null(rd);
	assert_int_equal(rd->status, REPORT_RUN_INCOMPLETE);
	report_rundata_free(rd);
}

/*
 * A run is complete only under its final name (reports/README.md): a .tmp
 * whose meta.json says complete was not made durable and renamed (fsync
 * failed, or the writer died between the two).
 */
static void test_tmp_dir_never_complete(void **state)
{
	struct report_run *run = make_run("hid");
	struct report_rundata *rd;
	struct json_object *m;
	char path[600], err[512] = "";

	snprintf(path, sizeof(path), "%s/meta.json", report_run_dir(run));
	m = json_object_from_file(path);
	assert_non_null(m);
	json_object_object_add(m, "status", json_object_new_string("complete"));
	assert_int_equal(json_object_to_file(path, m), 0);
	json_object_put(m);
	rd = report_rundata_load(report_run_dir(run), err, sizeof(err));
	assert_non_null(rd);
	assert_int_equal(rd->status, REPORT_RUN_INCOMPLETE);
	report_rundata_free(rd);
	report_run_free(run);
}

static int64_t db_count(const char *db_path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void test_ingest_idempotent(void **state)
{
	struct report_metric m = {
		.cell = "paravirt-dmabench-4k-t1", .op = "unmap", .metric = "mean",
		.unit = "ns", .value = 1300, .n = 10,
	};
	struct report_run *run = make_run("db"), *cut;
	char err[512] = "", dir[512], cutdir[512], db[300];
	int added = -1;

	assert_int_equal(report_run_metric_add(run, &m), 0);
	assert_int_equal(report_run_finish(run, REPORT_RUN_COMPLETE), 0);
	snprintf(dir, sizeof(dir), "%s", report_run_dir(run));
	report_run_free(run);
	snprintf(db, sizeof(db), "%s/results.db", root);

	assert_int_equal(report_db_ingest(db, dir, &added, err, sizeof(err)), 0);
	assert_int_equal(added, 1);
	assert_int_equal(report_db_ingest(db, dir, &added, err, sizeof(err)), 0);
	assert_int_equal(added, 0);
	assert_int_equal(db_count(db, "SELECT count(*) FROM runs"), 1);
	assert_int_equal(db_count(db, "SELECT count(*) FROM metrics"), 1);
	assert_int_equal(db_count(db, "SELECT value FROM metrics WHERE op = 'unmap'"), 1300);

	cut = make_run("cutdb");
	snprintf(cutdir, sizeof(cutdir), "%s", report_run_dir(cut));
	/* a run still being written (or killed) is never ingested */
	assert_int_equal(report_db_ingest(db, cutdir, &added, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not complete"));
	report_run_free(cut);
	assert_int_equal(db_count(db, "SELECT count(*) FROM runs"), 1);
}

static void test_load_errors_name_line_and_field(void **state)
{
	char dir[512], path[600], err[512] = "";
	struct report_rundata *rd;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/bad", root);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = fopen(path, "w");
	fputs("{\"format_version\": 1, \"status\": \"complete\", \"cells\": [{\"name\": \"c\"}]}\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	f = fopen(path, "w");
	fputs("{\"cell\":\"c\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"map\","
	      "\"metric\":\"mean\",\"unit\":\"ns\",\"value\":1,\"n\":1}\n"
	      "\n"
	      "{\"cell\":\"c\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"map\","
	      "\"metric\":\"mean\",\"value\":1,\"n\":1}\n", f);
	fclose(f);
	/* the bad row is left out and named; the good one is kept (issue 13) */
	rd = report_rundata_load(dir, err, sizeof(err));
	assert_non_null(rd);
	assert_int_equal(rd->nr_rows, 1);
	assert_int_equal(rd->nr_rows_dropped, 1);
	assert_int_equal(rd->nr_warnings, 1);
	assert_non_null(strstr(rd->warnings[0], "results.jsonl:3: field 'unit'"));
	report_rundata_free(rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_run_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_abandoned_is_incomplete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmp_dir_never_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors_name_line_and_field, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
