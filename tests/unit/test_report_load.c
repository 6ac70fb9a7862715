// SPDX-License-Identifier: GPL-2.0
/*
 * Reading damaged run directories (issue 13): what can be read is kept,
 * every row, file or field that is not is named by file and line in
 * rd->warnings, and nothing is dropped without one. Inputs are written by
 * hand; the expected line numbers are counted in the literals below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "reports.h"

#define ROW(cell, rep, value) \
	"{\"cell\":\"" cell "\",\"design\":\"native\",\"workload\":\"w\",\"rep\":" rep \
	",\"op\":\"map\",\"metric\":\"mean\",\"unit\":\"ns\",\"value\":" value ",\"n\":1}"
#define LOST(value) \
	"{\"cell\":\"\",\"design\":\"\",\"workload\":\"\",\"rep\":0,\"op\":\"lost\"," \
	"\"metric\":\"lost_events\",\"unit\":\"events\",\"value\":" value ",\"n\":1," \
	"\"source\":\"s\",\"cpu\":0}"

static char root[256];

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/test_report_load.XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) ? -1 : 0;
}

static void put(const char *rel, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void meta_put(const char *version_field)
{
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "{\n"
		 "  %s\n"
		 "  \"status\": \"complete\",\n"
		 "  \"cells\": [ { \"name\": \"c\", \"design\": \"native\", \"workload\": \"w\" } ]\n"
		 "}\n", version_field);
	put("meta.json", buf);
}

/* the warning that contains needle, or NULL */
static const char *warning_find(const struct report_rundata *rd, const char *needle)
{
	size_t i;

	for (i = 0; i < rd->nr_warnings; i++)
		if (strstr(rd->warnings[i], needle))
			return rd->warnings[i];
	return NULL;
}

static struct report_rundata *load_ok(void)
{
	char err[512] = "";
	struct report_rundata *rd = report_rundata_load(root, err, sizeof(err));

	if (!rd)
		fail_msg("load failed: %s", err);
	return rd;
}

/* A writer killed mid-line: the good rows stay, the cut line is named. */
static void test_truncated_line_salvaged(void **state)
{
	struct report_rundata *rd;

	meta_put("\"format_version\": 1,");
	put("results.jsonl", ROW("c", "0", "100") "\n" ROW("c", "1", "200") "\n"
	    "{\"cell\":\"c\",\"design\":\"nat");
	rd = load_ok();
	assert_int_equal(rd->nr_rows, 2);
	assert_true(rd->rows[1].value == 200);
	assert_int_equal(rd->nr_rows_dropped, 1);
	assert_non_null(warning_find(rd, "results.jsonl:3: "));
	report_rundata_free(rd);
}

/* A bad row in the middle: dropped and named; the rows after it are kept. */
static void test_bad_row_named_rest_kept(void **state)
{
	struct report_rundata *rd;

	meta_put("\"format_version\": 1,");
	put("results.jsonl", ROW("c", "0", "100") "\n"
	    "{\"cell\":\"c\",\"design\":\"native\",\"workload\":\"w\",\"rep\":0,\"op\":\"map\","
	    "\"metric\":\"mean\",\"value\":1,\"n\":1}\n"
	    ROW("c", "1", "300") "\n");
	rd = load_ok();
	assert_int_equal(rd->nr_rows, 2);
	assert_true(rd->rows[1].value == 300);
	assert_int_equal(rd->nr_rows_dropped, 1);
	assert_non_null(warning_find(rd, "results.jsonl:2: field 'unit'"));
	report_rundata_free(rd);
}

/* NaN and Infinity are not measurements; a NaN lost count used to become 2^63. */
static void test_nonfinite_rejected(void **state)
{
	struct report_rundata *rd;

	meta_put("\"format_version\": 1,");
	put("results.jsonl", ROW("c", "0", "NaN") "\n" ROW("c", "1", "Infinity") "\n"
	    ROW("c", "2", "-Infinity") "\n" LOST("NaN") "\n" LOST("3") "\n" ROW("c", "3", "5") "\n");
	rd = load_ok();
	assert_int_equal(rd->nr_rows, 2);
	assert_int_equal(rd->nr_rows_dropped, 4);
	assert_int_equal(rd->lost_events, 3);
	assert_non_null(warning_find(rd, "results.jsonl:1: field 'value'"));
	assert_non_null(warning_find(rd, "results.jsonl:2: field 'value'"));
	assert_non_null(warning_find(rd, "results.jsonl:3: field 'value'"));
	assert_non_null(warning_find(rd, "results.jsonl:4: field 'value'"));
	report_rundata_free(rd);
}

/* A lost-event count is a whole number of events >= 0. */
static void test_lost_negative_rejected(void **state)
{
	struct report_rundata *rd;

	meta_put("\"format_version\": 1,");
	put("results.jsonl", LOST("-1") "\n" LOST("2.5") "\n" LOST("4") "\n");
	rd = load_ok();
	assert_int_equal(rd->nr_rows, 1);
	assert_int_equal(rd->lost_events, 4);
	assert_non_null(warning_find(rd, "results.jsonl:1: field 'value'"));
	assert_non_null(warning_find(rd, "results.jsonl:2: field 'value'"));
	report_rundata_free(rd);
}

/* Rows of a cell meta.json does not declare have no design or params to go by. */
static void test_undeclared_cell_rejected(void **state)
{
	struct report_rundata *rd;

	meta_put("\"format_version\": 1,");
	put("results.jsonl", ROW("c", "0", "1") "\n" ROW("ghost", "0", "2") "\n");
	rd = load_ok();
	assert_int_equal(rd->nr_rows, 1);
	assert_int_equal(rd->nr_rows_dropped, 1);
	assert_non_null(warning_find(rd, "results.jsonl:2: cell 'ghost' is not declared"));
	report_rundata_free(rd);
}

/* rep is a repetition index 0..INT_MAX: 2^31 must not be clamped to INT_MAX. */
static void test_rep_out_of_range_rejected(void **state)
{
	struct report_rundata *rd;

	meta_put("\"format_version\": 1,");
	put("results.jsonl", ROW("c", "2147483647", "1") "\n" ROW("c", "2147483648", "2") "\n"
	    ROW("c", "-1", "3") "\n");
	rd = load_ok();
	assert_int_equal(rd->nr_rows, 1);
	assert_int_equal(rd->rows[0].rep, 2147483647);
	assert_non_null(warning_find(rd, "results.jsonl:2: field 'rep'"));
	assert_non_null(warning_find(rd, "results.jsonl:3: field 'rep'"));
	report_rundata_free(rd);
}

/* A format this reader does not know is refused, naming meta.json and the line. */
static void test_unknown_format_version_refused(void **state)
{
	char err[512] = "";

	meta_put("\"format_version\": 2,");
	put("results.jsonl", ROW("c", "0", "1") "\n");
	assert_null(report_rundata_load(root, err, sizeof(err)));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(err, "meta.json:2: format_version 2"));

	meta_put("\"format_version\": \"1\",");
	assert_null(report_rundata_load(root, err, sizeof(err)));
	assert_non_null(strstr(err, "meta.json:2: format_version"));
}

/* A corrupt histogram is not used, and not silently: it is named. */
static void test_corrupt_hist_named(void **state)
{
	char path[600];
	struct report_rundata *rd;

	meta_put("\"format_version\": 1,");
	put("results.jsonl", ROW("c", "0", "1") "\n");
	snprintf(path, sizeof(path), "%s/hist", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/hist/c", root);
	mkdir(path, 0755);
	put("hist/c/map.json", "{\"unit\":\"ns\",\"count\":1,\"min\":1,\"max\":1,\"sum\":1,"
	    "\"buckets\":[[1,1,1]]}\n");
	put("hist/c/unmap.json", "{\"unit\":\"ns\",\n\"count\":1,\"buckets\":[[1,1");
	put("hist/c/tlbi.json", "[1,2,3]\n");
	rd = load_ok();
	assert_int_equal(rd->nr_hists, 1);
	assert_string_equal(rd->hists[0].op, "map");
	assert_non_null(warning_find(rd, "hist/c/unmap.json:2: "));
	assert_non_null(warning_find(rd, "hist/c/tlbi.json: "));
	report_rundata_free(rd);
}

/* results.db would keep the damaged run without its warnings: refused, named */
static void test_ingest_refuses_damaged_run(void **state)
{
	char db[400], err[1024] = "";
	int added = -1;

	meta_put("\"format_version\": 1, \"run_id\": \"x@y#1.1\",");
	put("results.jsonl", ROW("c", "0", "1") "\n{\"cell\":\"c\"");
	snprintf(db, sizeof(db), "%s/results.db", root);
	assert_int_equal(report_db_ingest(db, root, &added, err, sizeof(err)), -EINVAL);
	assert_int_equal(added, 0);
	assert_non_null(strstr(err, "results.jsonl:2: "));
	assert_non_null(strstr(err, "not ingested"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_truncated_line_salvaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_row_named_rest_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonfinite_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_negative_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undeclared_cell_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rep_out_of_range_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_format_version_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_hist_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest_refuses_damaged_run, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
