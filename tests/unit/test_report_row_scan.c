// SPDX-License-Identifier: GPL-2.0
/*
 * The loader's fast reader of results.jsonl rows (reports/row_read.c)
 * against json-c, the reference: every line it accepts, json-c reads to
 * the same strings, rep, value (to the bit, the sign of zero included) and
 * n; lines the writer's json-c settings print are accepted; lines in
 * another layout are left to json-c, untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "row_read.h"

static const char *const skeys[ROW_NR_STRINGS] = { "cell", "design", "workload", "op",
						   "metric", "unit" };

/* Scan a copy of line; when accepted, json-c must read the same row. Returns 1 if accepted. */
static int scan_vs_jsonc(const char *line)
{
	struct report_row_scan sc;
	struct json_object *o, *v;
	char *copy = strdup(line);
	size_t i;
	int ok;

	assert_non_null(copy);
	ok = report_row_scan(copy, &sc);
	if (!ok) {
		assert_string_equal(copy, line);	/* untouched for json-c */
		free(copy);
		return 0;
	}
	o = json_tokener_parse(line);
	assert_non_null(o);
	for (i = 0; i < ROW_NR_STRINGS; i++) {
		assert_true(json_object_object_get_ex(o, skeys[i], &v));
		assert_true(json_object_is_type(v, json_type_string));
		assert_string_equal(sc.s[i], json_object_get_string(v));
	}
	assert_true(json_object_object_get_ex(o, "rep", &v));
	assert_true(json_object_is_type(v, json_type_int));
	assert_true(sc.rep == json_object_get_int64(v));
	assert_true(json_object_object_get_ex(o, "value", &v));
	assert_memory_equal(&sc.value, &(double){ json_object_get_double(v) }, sizeof(double));
	assert_true(json_object_object_get_ex(o, "n", &v));
	assert_true(json_object_is_type(v, json_type_int));
	assert_true(sc.n == json_object_get_uint64(v));
	json_object_put(o);
	free(copy);
	return 1;
}

#define ROW(rep, value, n) "{\"cell\":\"native.g1.threads=1.granule=1\",\"design\":\"native\"," \
	"\"workload\":\"dmabench\",\"rep\":" rep ",\"op\":\"iommu:map\",\"metric\":\"p50\"," \
	"\"unit\":\"ns\",\"value\":" value ",\"n\":" n "}"

static void test_accepted_agree(void **state)
{
	static const char *const values[] = {
		"950.0", "0", "-0", "-0.0", "1.0015015015015014", "1e-05", "1.0000000000000001e+20",
		"-3.5E2", "123456789012345678", "-17", "2.2250738585072014e-308", "0.1",
	};
	char line[512];
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		snprintf(line, sizeof(line), ROW("3", "%s", "950"), values[i]);
		assert_int_equal(scan_vs_jsonc(line), 1);
	}
	assert_int_equal(scan_vs_jsonc(ROW("0", "1.5", "0")), 1);
	assert_int_equal(scan_vs_jsonc(ROW("2147483648", "1.5", "999999999999999999")), 1);
	/* the strings as bytes, '/' unescaped as the writer prints it */
	assert_int_equal(scan_vs_jsonc("{\"cell\":\"\",\"design\":\"a b\",\"workload\":\"w/x\","
				       "\"rep\":1,\"op\":\"~!#$%&'()*+,-./:;<=>?@[]^_`{|}\","
				       "\"metric\":\"m\",\"unit\":\"MiB/s\",\"value\":2,\"n\":1}"), 1);
}

static void test_other_layouts_left_to_jsonc(void **state)
{
	static const char *const lines[] = {
		/* spaces, another order, a key more or less, escapes, bytes outside ASCII */
		"{ \"cell\":\"c\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\","
		"\"metric\":\"m\",\"unit\":\"ns\",\"value\":1,\"n\":1}",
		"{\"design\":\"d\",\"cell\":\"c\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\","
		"\"metric\":\"m\",\"unit\":\"ns\",\"value\":1,\"n\":1}",
		"{\"cell\":\"c\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"lost\","
		"\"metric\":\"lost_events\",\"unit\":\"events\",\"value\":1,\"n\":1,\"source\":\"s\","
		"\"cpu\":0}",
		"{\"cell\":\"c\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\","
		"\"metric\":\"m\",\"unit\":\"ns\",\"value\":1}",
		"{\"cell\":\"c\\\"q\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\","
		"\"metric\":\"m\",\"unit\":\"ns\",\"value\":1,\"n\":1}",
		"{\"cell\":\"c\\u00e9\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\","
		"\"metric\":\"m\",\"unit\":\"ns\",\"value\":1,\"n\":1}",
		"{\"cell\":\"c\xc3\xa9\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\","
		"\"metric\":\"m\",\"unit\":\"ns\",\"value\":1,\"n\":1}",
		"{\"cell\":\"c\tt\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\","
		"\"metric\":\"m\",\"unit\":\"ns\",\"value\":1,\"n\":1}",
		/* numbers json-c reads its own way, or not at all */
		ROW("-1", "1", "1"), ROW("01", "1", "1"), ROW("1.0", "1", "1"),
		ROW("1234567890123456789", "1", "1"), ROW("0", "1", "-1"), ROW("0", "1", "1e3"),
		ROW("0", "NaN", "1"), ROW("0", "Infinity", "1"), ROW("0", "1e999", "1"),
		ROW("0", "01", "1"), ROW("0", "1.", "1"), ROW("0", ".5", "1"), ROW("0", "1e", "1"),
		ROW("0", "+1", "1"), ROW("0", "1e-400", "1"), ROW("0", "4.9406564584124654e-324", "1"),
		ROW("0", "1234567890123456789", "1"),
		ROW("0", "\"1\"", "1"), ROW("0", "null", "1"), ROW("0", "1.5.5", "1"),
		/* cut, or something after the object */
		"{\"cell\":\"c\",\"design\":\"d\",\"workload\":\"w\",\"rep\":0,\"op\":\"o\"",
		ROW("0", "1", "1") " ", ROW("0", "1", "1") "x", ROW("0", "1", "1") "\r", "", "{",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int_equal(scan_vs_jsonc(lines[i]), 0);
}

/* Rows as report_run_metric_add() prints them: all go the fast way, and agree. */
static void test_writer_rows_accepted(void **state)
{
	uint64_t x = 0x243f6a8885a308d3ull;
	char cell[64];
	int i;

	for (i = 0; i < 2000; i++) {
		struct json_object *o = json_object_new_object();
		double v;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		snprintf(cell, sizeof(cell), "paravirt.g%d.threads=%d", i % 40, i % 3);
		/* doubles of every magnitude and sign, integers, zero */
		v = (double)(int64_t)x * (i % 7 ? 1e-5 : 1e-300);
		if (i % 5 == 0)
			v = (double)(x >> 40);
		json_object_object_add(o, "cell", json_object_new_string(cell));
		json_object_object_add(o, "design", json_object_new_string("paravirt"));
		json_object_object_add(o, "workload", json_object_new_string("dmabench"));
		json_object_object_add(o, "rep", json_object_new_int(i % 5));
		json_object_object_add(o, "op", json_object_new_string("hypervisor:smmu_map"));
		json_object_object_add(o, "metric", json_object_new_string("p99_9"));
		json_object_object_add(o, "unit", json_object_new_string("MiB/s"));
		json_object_object_add(o, "value", json_object_new_double(v));
		json_object_object_add(o, "n", json_object_new_uint64(x >> 20));
		assert_int_equal(scan_vs_jsonc(json_object_to_json_string_ext(o,
				 JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)), 1);
		json_object_put(o);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_agree),
		cmocka_unit_test(test_other_layouts_left_to_jsonc),
		cmocka_unit_test(test_writer_rows_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
