// SPDX-License-Identifier: GPL-2.0
/*
 * LAVA test-case names (reports/lava_name.c) and LAVA's output read back
 * (reports/lava_read.c). The charset is LAVA's: the TESTCASE signal is
 * split on blanks and each KEY=VALUE on '=' (lava_dispatcher
 * actions/test/shell.py), lava-test-case mkdirs the name; expectations are
 * worked out by hand from ASCII ('.' 0x2e, '=' 0x3d, ' ' 0x20, '_' 0x5f).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "reports.h"

static void test_escape(void **state)
{
	char b[256];

	assert_int_equal(report_lava_field_esc(b, sizeof(b), "nvme.bs=4k"), 0);
	assert_string_equal(b, "nvme_2ebs_3d4k");
	assert_int_equal(report_lava_field_esc(b, sizeof(b), "threads=1 granule_x"), 0);
	assert_string_equal(b, "threads_3d1_20granule_5fx");
	assert_int_equal(report_lava_field_esc(b, sizeof(b), "a-Z09"), 0);
	assert_string_equal(b, "a-Z09");
	assert_int_equal(report_lava_field_esc(b, sizeof(b), ""), 0);
	assert_string_equal(b, "");
	/* units keep / and % (MiB/s), nothing else: UTF-8 us is c2 b5 */
	assert_int_equal(report_lava_units_esc(b, sizeof(b), "MiB/s"), 0);
	assert_string_equal(b, "MiB/s");
	assert_int_equal(report_lava_units_esc(b, sizeof(b), "\xc2\xb5s"), 0);
	assert_string_equal(b, "_c2_b5s");
	assert_int_equal(report_lava_field_esc(b, sizeof(b), "MiB/s"), 0);
	assert_string_equal(b, "MiB_2fs");
	/* a buffer too small says so, and holds whole escapes only: 5 bytes
	 * take "a_2e" and its NUL, not the b; 4 bytes not even the escape */
	assert_int_equal(report_lava_field_esc(b, 5, "a.b"), -ENAMETOOLONG);
	assert_string_equal(b, "a_2e");
	assert_int_equal(report_lava_field_esc(b, 4, "a.b"), -ENAMETOOLONG);
	assert_string_equal(b, "a");
}

/* every byte but NUL, and hostile strings, come back as they were */
static void test_round_trip(void **state)
{
	static const char *const hostile[] = {
		"$(reboot)", "`id`", "a b\tc\nd", "x=y", "<LAVA_SIGNAL_ENDRUN>", "'\"\\", "..", "/",
	};
	char s[256], e[1024], d[256];
	size_t i, n;

	for (i = 0; i < 255; i++)
		s[i] = (char)(i + 1);
	s[255] = '\0';
	assert_int_equal(report_lava_field_esc(e, sizeof(e), s), 0);
	for (n = 0; e[n]; n++)
		assert_true(str_isalnum(e[n]) || e[n] == '_' || e[n] == '-');
	assert_int_equal(report_lava_unesc(d, sizeof(d), e, strlen(e)), 0);
	assert_string_equal(d, s);
	for (i = 0; i < ARRAY_SIZE(hostile); i++) {
		assert_int_equal(report_lava_field_esc(e, sizeof(e), hostile[i]), 0);
		assert_null(strpbrk(e, " \t\n=/.<>$`'\"\\"));
		assert_int_equal(report_lava_unesc(d, sizeof(d), e, strlen(e)), 0);
		assert_string_equal(d, hostile[i]);
	}
}

static void test_unescape_bad(void **state)
{
	static const char *const bad[] = { "_zz", "_2", "_", "_00", "a.b", "a b", "_2E" };
	char d[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(report_lava_unesc(d, sizeof(d), bad[i], strlen(bad[i])), -EINVAL);
	/* only the n bytes given are read: "ab.cd" up to the dot */
	assert_int_equal(report_lava_unesc(d, sizeof(d), "ab.cd", 2), 0);
	assert_string_equal(d, "ab");
}

static char dir[] = "/tmp/test_report_lava.XXXXXX";

static const char *fixture(const char *name, const char *text)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(file_write_str(path, text), 0);
	return path;
}

/* the three input forms give the same case */
static void test_read_forms(void **state)
{
	static const char *const inputs[][2] = {
		/* lava-run's log: one flow mapping per line */
		{ "run.log",
		  "{\"dt\": \"t\", \"lvl\": \"info\", \"msg\": \"start\"}\n"
		  "not LAVA's line\n"
		  "{\"dt\": \"t\", \"lvl\": \"results\", \"msg\": {\"case\": \"smmubench.kpi.c.0.map.p50\", "
		  "\"definition\": \"0_smmubench\", \"measurement\": 130.5, \"result\": \"pass\", \"units\": \"ns\"}}\n" },
		/* the server's output.yaml */
		{ "output.yaml",
		  "- {\"dt\": \"t\", \"lvl\": \"target\", \"msg\": \"x\"}\n"
		  "- {\"dt\": \"t\", \"lvl\": \"results\", \"msg\": {\"case\": \"smmubench.kpi.c.0.map.p50\", "
		  "\"measurement\": \"130.5\", \"result\": \"pass\", \"units\": \"ns\"}}\n" },
		/* the server's results export */
		{ "results.yaml",
		  "- id: '1'\n  job: '4242'\n  name: lava-test-shell\n  result: pass\n  measurement: None\n  unit: ''\n"
		  "- id: '2'\n  job: '4242'\n  name: smmubench.kpi.c.0.map.p50\n  result: pass\n"
		  "  measurement: '130.5000000000'\n  unit: ns\n  suite: 0_smmubench\n" },
		/* a console log */
		{ "console.txt",
		  "[  1.0] booting\n"
		  "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=smmubench.kpi.c.0.map.p50 RESULT=pass UNITS=ns MEASUREMENT=130.5>\n" },
		{ "cases.sh", "lava-test-case smmubench.kpi.c.0.map.p50 --result pass --measurement 130.5 --units ns\n" },
	};
	struct report_lava_results res;
	char err[512];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(inputs); i++) {
		const char *p = fixture(inputs[i][0], inputs[i][1]);
		const struct report_lava_case *c = NULL;

		assert_int_equal(report_lava_read(p, &res, err, sizeof(err)), 0);
		for (j = 0; j < res.nr_cases; j++)
			if (!strcmp(res.cases[j].name, "smmubench.kpi.c.0.map.p50"))
				c = &res.cases[j];
		assert_non_null(c);
		assert_string_equal(c->result, "pass");
		assert_float_equal(strtod(c->measurement, NULL), 130.5, 0);
		assert_string_equal(c->units, "ns");
		if (!strcmp(inputs[i][0], "results.yaml")) {
			assert_string_equal(res.job_id, "4242");
			assert_int_equal(res.nr_cases, 2);
			assert_null(res.cases[0].measurement);	/* "None" */
		}
		report_lava_results_release(&res);
	}
}

/* bad input names the file and line */
static void test_read_errors(void **state)
{
	static const char *const bad[][3] = {
		{ "b1.yaml", "- {\"lvl\": \"results\", \"msg\": {\"result\": \"pass\"}}\n", ":1: a test case without case name" },
		{ "b2.yaml", "- a: 1\n- [unclosed\n- b: 2\n", ":3: not YAML: did not find expected ',' or ']' (in a flow sequence from line 2)" },
		{ "b3.txt", "ok\n<LAVA_SIGNAL_TESTCASE RESULT=pass>\n", ":2: LAVA_SIGNAL_TESTCASE without TEST_CASE_ID=" },
		{ "b4.txt", "lava-test-case x --rezult pass\n", ":1: lava-test-case: unknown option '--rezult'" },
		{ "b5.yaml", "- 42\n", ":1: not a mapping" },
		{ "b6.yaml", "[]\n", "no LAVA test cases" },
	};
	struct report_lava_results res;
	char err[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *p = fixture(bad[i][0], bad[i][1]);

		assert_true(report_lava_read(p, &res, err, sizeof(err)) < 0);
		if (!strstr(err, bad[i][2]))
			fail_msg("%s: '%s' lacks '%s'", bad[i][0], err, bad[i][2]);
		assert_int_equal(res.nr_cases, 0);
	}
	assert_int_equal(report_lava_read("/nonexistent/x.yaml", &res, err, sizeof(err)), -ENOENT);
}

static int setup(void **state)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	return dir_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unescape_bad),
		cmocka_unit_test(test_read_forms),
		cmocka_unit_test(test_read_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
