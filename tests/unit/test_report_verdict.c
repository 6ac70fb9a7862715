// SPDX-License-Identifier: GPL-2.0
/*
 * One verdict: compare's code path (report_compare_cell) and dashboard's
 * (report_dashboard_cell) get the same BASE/NEW pairs and must reach the
 * same verdict, the one worked out by hand in each case's comment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "reports.h"

#define EPS 1e-9
#define THRESHOLD_PCT 5.0

struct pair {
	const char *unit;
	const double *base, *new;
	size_t nb, nn;
};

/* Both code paths on one pair; they must agree field by field. */
static void both(const struct pair *p, struct report_verdict *v, char *cmp, char *dash)
{
	struct report_verdict vd;
	int rc, rd;

	rc = report_compare_cell(p->unit, p->base, p->nb, p->new, p->nn, THRESHOLD_PCT, v, cmp,
				 96);
	rd = report_dashboard_cell(p->unit, p->base, p->nb, p->new, p->nn, THRESHOLD_PCT, &vd,
				   dash, 96);
	assert_int_equal(rc, 0);
	assert_int_equal(rd, 0);
	assert_float_equal(v->ratio, vd.ratio, EPS);
	assert_float_equal(v->ci_lo, vd.ci_lo, EPS);
	assert_float_equal(v->ci_hi, vd.ci_hi, EPS);
	assert_int_equal(v->significant, vd.significant);
	assert_int_equal(v->degenerate, vd.degenerate);
	assert_int_equal(v->regression, vd.regression);
}

/* 5 x 1000 ns -> 5 x 1100 ns: no spread, every resample gives 1.1 exactly. */
static void test_degenerate(void **state)
{
	static const double b[] = { 1000, 1000, 1000, 1000, 1000 };
	static const double n[] = { 1100, 1100, 1100, 1100, 1100 };
	struct pair p = { "ns", b, n, 5, 5 };
	struct report_verdict v;
	char cmp[96], dash[96];

	both(&p, &v, cmp, dash);
	assert_float_equal(v.ratio, 1.1, EPS);
	assert_float_equal(v.ci_lo, 1.1, EPS);
	assert_float_equal(v.ci_hi, 1.1, EPS);
	assert_true(v.significant);
	assert_true(v.degenerate);
	assert_true(v.regression);	/* +10% > 5%, time: higher is worse */
	assert_string_equal(cmp, "1.1 us (+10.00%)*!");
	assert_string_equal(dash, "+10.00% *!");
}

/*
 * Base 990..1010 (median 1000), new = base x 1.1 (median 1100): ratio 1.1;
 * the smallest ratio any resample can give is 1089 / 1010 = 1.078 > 1, so
 * the interval excludes 1; resample medians vary, so it is not degenerate.
 */
static void test_significant_regression(void **state)
{
	static const double b[] = { 990, 995, 1000, 1005, 1010 };
	static const double n[] = { 1089, 1094.5, 1100, 1105.5, 1111 };
	struct pair p = { "ns", b, n, 5, 5 };
	struct report_verdict v;
	char cmp[96], dash[96];

	both(&p, &v, cmp, dash);
	assert_float_equal(v.ratio, 1.1, EPS);
	assert_true(v.ci_lo >= 1089.0 / 1010 - EPS);
	assert_true(v.ci_hi <= 1111.0 / 990 + EPS);
	assert_true(v.ci_lo < v.ci_hi);
	assert_true(v.significant);
	assert_false(v.degenerate);
	assert_true(v.regression);
	assert_string_equal(cmp, "1.1 us (+10.00%)*");
	assert_string_equal(dash, "+10.00% *");
}

/* new = base x 0.9: ratio 0.9, largest resample ratio 909 / 990 = 0.918 < 1. */
static void test_significant_improvement(void **state)
{
	static const double b[] = { 990, 995, 1000, 1005, 1010 };
	static const double n[] = { 891, 895.5, 900, 904.5, 909 };
	struct pair p = { "ns", b, n, 5, 5 };
	struct report_verdict v;
	char cmp[96], dash[96];

	both(&p, &v, cmp, dash);
	assert_float_equal(v.ratio, 0.9, EPS);
	assert_true(v.ci_hi <= 909.0 / 990 + EPS);
	assert_true(v.significant);
	assert_false(v.degenerate);
	assert_false(v.regression);	/* faster is no regression */
	assert_string_equal(cmp, "900 ns (-10.00%)*");
	assert_string_equal(dash, "-10.00% *");
}

/*
 * Base 800..1200 (median 1000), new 850, 950, 1100, 1150, 1250 (median
 * 1100): +10%, but a resample with base median >= 1100 and new median
 * <= 950 (each about 0.32 likely: >= 3 of 5 draws from 2 of the 5 values)
 * gives a ratio below 1 about 10% of the time: the interval holds 1.
 */
static void test_not_significant(void **state)
{
	static const double b[] = { 800, 900, 1000, 1100, 1200 };
	static const double n[] = { 850, 950, 1100, 1150, 1250 };
	struct pair p = { "ns", b, n, 5, 5 };
	struct report_verdict v;
	char cmp[96], dash[96];

	both(&p, &v, cmp, dash);
	assert_float_equal(v.ratio, 1.1, EPS);
	assert_true(v.ci_lo < 1 && v.ci_hi > 1);
	assert_false(v.significant);
	assert_false(v.degenerate);
	assert_false(v.regression);	/* +10% beyond the threshold, but not significant */
	assert_string_equal(cmp, "1.1 us (+10.00%) ");
	assert_string_equal(dash, "+10.00%");
}

/* A rate: 5 x 1000 iops -> 5 x 900 iops is -10%, and lower is worse. */
static void test_rate_drop(void **state)
{
	static const double b[] = { 1000, 1000, 1000, 1000, 1000 };
	static const double n[] = { 900, 900, 900, 900, 900 };
	struct pair p = { "iops", b, n, 5, 5 };
	struct report_verdict v;
	char cmp[96], dash[96];

	both(&p, &v, cmp, dash);
	assert_float_equal(v.ratio, 0.9, EPS);
	assert_true(v.significant);
	assert_true(v.degenerate);
	assert_true(v.regression);
	assert_string_equal(cmp, "900 iops (-10.00%)*!");
	assert_string_equal(dash, "-10.00% *!");
}

/* Interval excludes 1 (min ratio 1100 / 1010) but 2 repetitions a side: no star. */
static void test_too_few_reps(void **state)
{
	static const double b[] = { 1000, 1010 };
	static const double n[] = { 1100, 1110 };
	struct pair p = { "ns", b, n, 2, 2 };
	struct report_verdict v;
	char cmp[96], dash[96];

	both(&p, &v, cmp, dash);
	assert_true(v.ci_lo > 1);
	assert_false(v.significant);
	assert_false(v.regression);
	assert_string_equal(dash, "+9.95%");	/* 1105 / 1005 = 1.09950 */
}

/* A count doubling is significant but never a regression: no direction. */
static void test_count_no_direction(void **state)
{
	static const double b[] = { 10, 10, 10, 10, 10 };
	static const double n[] = { 20, 20, 20, 20, 20 };
	struct pair p = { "count", b, n, 5, 5 };
	struct report_verdict v;
	char cmp[96], dash[96];

	both(&p, &v, cmp, dash);
	assert_true(v.significant);
	assert_false(v.regression);
}

/* Without values on a side there is no verdict; compare shows the NEW centre. */
static void test_no_ratio(void **state)
{
	static const double n[] = { 1, 2, 4 };
	struct report_verdict v;
	char cmp[96], dash[96];

	assert_int_equal(report_compare_cell("iops", NULL, 0, n, 3, 5, &v, cmp, sizeof(cmp)),
			 -EINVAL);
	assert_int_equal(report_dashboard_cell("iops", NULL, 0, n, 3, 5, &v, dash, sizeof(dash)),
			 -EINVAL);
	/* 3 / (1 + 1/2 + 1/4) = 12/7 = 1.714 */
	assert_string_equal(cmp, "1.714 iops");	/* 4 significant digits */
	assert_false(v.significant || v.regression);
}

/* Rates: harmonic mean; everything else: median. */
static void test_center(void **state)
{
	static const double v[] = { 4, 1, 2 };

	assert_float_equal(report_stats_center("iops", v, 3), 12.0 / 7, EPS);
	assert_float_equal(report_stats_center("MiB/s", v, 3), 12.0 / 7, EPS);
	assert_float_equal(report_stats_center("ns", v, 3), 2, EPS);
	assert_float_equal(report_stats_center("count", v, 3), 2, EPS);
	assert_float_equal(report_stats_center(NULL, v, 3), 2, EPS);
	assert_true(isnan(report_stats_center("ns", v, 0)));
	assert_int_equal(report_unit_center("ops/s"), REPORT_STATS_HMEAN);
	assert_string_equal(report_stats_center_name(report_unit_center("us")), "median");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_significant_regression),
		cmocka_unit_test(test_significant_improvement),
		cmocka_unit_test(test_not_significant),
		cmocka_unit_test(test_rate_drop),
		cmocka_unit_test(test_too_few_reps),
		cmocka_unit_test(test_count_no_direction),
		cmocka_unit_test(test_no_ratio),
		cmocka_unit_test(test_center),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
