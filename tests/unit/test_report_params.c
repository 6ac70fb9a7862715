// SPDX-License-Identifier: GPL-2.0
/*
 * Cell parameters: the list the runner builds, the "k=v k2=v2" text
 * meta.json stores (tests/e2e fixtures and reports/README.md), and the one
 * parser reading it back; numbers in values follow bench.conf's size rule.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "reports.h"

/* What bench/cells.c writes for [workload] threads = 1, 4 / granule = 256, sweep knob last. */
static void test_round_trip(void **state)
{
	struct report_params w = { 0 }, r = { 0 };
	char buf[256], *text;
	size_t i;

	assert_int_equal(report_params_add(&w, "threads", "4"), 0);
	assert_int_equal(report_params_add(&w, "granule", "256"), 0);
	assert_int_equal(report_params_add(&w, "cmds_per_sync", "16"), 0);
	assert_int_equal(report_params_format_buf(&w, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "threads=4 granule=256 cmds_per_sync=16");
	assert_int_equal(report_params_parse(&r, buf), 0);
	assert_int_equal(r.nr, 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(r.v[i].key, w.v[i].key);
		assert_string_equal(r.v[i].value, w.v[i].value);
	}
	text = report_params_format(&r, "granule");
	assert_string_equal(text, "threads=4 cmds_per_sync=16");
	free(text);
	assert_int_equal(report_params_format_buf(&w, buf, 10), -ENOSPC);
	assert_string_equal(buf, "threads=4");
	report_params_release(&w);
	report_params_release(&r);
	assert_int_equal(r.nr, 0);
}

static void test_parse(void **state)
{
	struct report_params p = { 0 };
	char *text;

	/* extra blanks, a bare word, '=' inside a value, a repeated key */
	assert_int_equal(report_params_parse(&p, "  bs=4k  fast path=/a=b bs=8k"), 0);
	assert_int_equal(p.nr, 4);
	assert_string_equal(report_params_get(&p, "bs"), "4k");	/* the first */
	assert_null(report_params_get(&p, "fast"));		/* a word, no value */
	assert_string_equal(report_params_get(&p, "path"), "/a=b");
	assert_null(report_params_get(&p, "missing"));
	text = report_params_format(&p, "bs");
	assert_string_equal(text, "fast path=/a=b");
	free(text);
	report_params_release(&p);
	assert_int_equal(report_params_parse(&p, NULL), 0);
	assert_int_equal(report_params_parse(&p, ""), 0);
	assert_int_equal(p.nr, 0);
	report_params_release(&p);
}

/* bench.conf sizes: k = 2^10, m = 2^20, g = 2^30, any case, optional "i" then "b". */
static void test_num(void **state)
{
	double v;

	assert_true(report_param_num("16", &v));
	assert_true(v == 16);
	assert_true(report_param_num("0.5", &v));
	assert_true(v == 0.5);
	assert_true(report_param_num("4k", &v));
	assert_true(v == 4096);
	assert_true(report_param_num("4K", &v));
	assert_true(v == 4096);
	assert_true(report_param_num("1M", &v));
	assert_true(v == 1048576);
	assert_true(report_param_num("2g", &v));
	assert_true(v == 2147483648.0);
	assert_true(report_param_num("4KiB", &v));
	assert_true(v == 4096);
	assert_true(report_param_num("8kb", &v));
	assert_true(v == 8192);
	assert_false(report_param_num("4x", &v));
	assert_false(report_param_num("4kk", &v));
	assert_false(report_param_num("randread", &v));
	assert_false(report_param_num("", &v));
	assert_false(report_param_num(NULL, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_num),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
