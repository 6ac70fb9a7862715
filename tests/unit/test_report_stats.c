// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics against values worked out by hand (shown in the comments) and
 * against a published table: the Mann-Whitney critical values (e.g.
 * Siegel & Castellan, "Nonparametric Statistics for the Behavioral
 * Sciences", 2nd ed. 1988, Table J; the same values appear in every
 * introductory statistics text): for n1 = n2 = 5 the two-tailed 0.05
 * critical value of U is 2, i.e. U = 2 is significant and U = 3 is not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "reports.h"

#define EPS 1e-9

static void test_median_percentile(void **state)
{
	const double odd[] = { 3, 1, 2 };
	const double even[] = { 4, 1, 3, 2 };

	assert_float_equal(report_stats_median(odd, 3), 2, EPS);
	/* {1,2,3,4}: type 7, h = (n-1) p: p50 h = 1.5 -> 2.5; p90 h = 2.7 -> 3 + 0.7 = 3.7 */
	assert_float_equal(report_stats_median(even, 4), 2.5, EPS);
	assert_float_equal(report_stats_percentile(even, 4, 90), 3.7, EPS);
	assert_float_equal(report_stats_percentile(even, 4, 0), 1, EPS);
	assert_float_equal(report_stats_percentile(even, 4, 100), 4, EPS);
	assert_true(isnan(report_stats_median(odd, 0)));
	/* input untouched */
	assert_float_equal(odd[0], 3, 0);
}

static void test_hmean(void **state)
{
	const double v[] = { 1, 2, 4 };
	const double bad[] = { 1, 0 };

	/* 3 / (1 + 1/2 + 1/4) = 3 / 1.75 = 12/7 */
	assert_float_equal(report_stats_hmean(v, 3), 12.0 / 7.0, EPS);
	assert_float_equal(report_stats_mean(v, 3), 7.0 / 3.0, EPS);
	assert_true(isnan(report_stats_hmean(bad, 2)));
}

static void test_mwu_exact_small(void **state)
{
	const double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	const double c[] = { 1, 3, 5 }, d[] = { 2, 4, 6 };
	double u, p;

	/* a all below b: U_a = 0; P(U <= 0) = 1 / C(6,3) = 1/20; two-sided 0.1 */
	assert_int_equal(report_stats_mwu(a, 3, b, 3, &u, &p), 0);
	assert_float_equal(u, 0, EPS);
	assert_float_equal(p, 0.1, EPS);
	/* ranks of c: 1,3,5 -> R = 9, U = 9 - 6 = 3. For m = n = 3 the counts of
	 * U = 0..9 are 1,1,2,3,3,3,3,2,1,1 (20 arrangements): P(U <= 3) = 7/20,
	 * two-sided 14/20 = 0.7 */
	assert_int_equal(report_stats_mwu(c, 3, d, 3, &u, &p), 0);
	assert_float_equal(u, 3, EPS);
	assert_float_equal(p, 0.7, EPS);
	/* b above a: U_b = 9, the same p as U_a = 0 */
	assert_int_equal(report_stats_mwu(b, 3, a, 3, &u, &p), 0);
	assert_float_equal(u, 9, EPS);
	assert_float_equal(p, 0.1, EPS);
}

static void test_mwu_published_critical_value(void **state)
{
	/* n1 = n2 = 5: U = 2 (pairs a > b: 2) significant at 0.05, U = 3 not.
	 * By hand: counts of U = 0,1,2,3 are 1,1,2,3 of C(10,5) = 252, so
	 * p(U=2) = 2 * 4/252 = 0.031746..., p(U=3) = 2 * 7/252 = 0.055555... */
	const double b[] = { 10, 20, 30, 40, 50 };
	const double a2[] = { 1, 2, 3, 15, 25 };	/* 15 > 10, 25 > 10 and 20: U = 3 */
	const double a1[] = { 1, 2, 3, 4, 25 };		/* 25 > 10, 20: U = 2 */
	double u, p;

	assert_int_equal(report_stats_mwu(a1, 5, b, 5, &u, &p), 0);
	assert_float_equal(u, 2, EPS);
	assert_float_equal(p, 8.0 / 252.0, EPS);
	assert_true(p < 0.05);
	assert_int_equal(report_stats_mwu(a2, 5, b, 5, &u, &p), 0);
	assert_float_equal(u, 3, EPS);
	assert_float_equal(p, 14.0 / 252.0, EPS);
	assert_true(p > 0.05);
}

static void test_mwu_ties_normal(void **state)
{
	/* a = {1,2,2}, b = {2,3,4}: ranks 1, (2,3,4 -> 3 each), 5, 6;
	 * R_a = 1 + 3 + 3 = 7, U_a = 7 - 6 = 1, mu = 4.5;
	 * tie t = 3: t^3 - t = 24; var = 9/12 * (7 - 24/30) = 4.65;
	 * z = (|1 - 4.5| - 0.5) / sqrt(4.65) = 3 / 2.156386 = 1.391211;
	 * p = erfc(z / sqrt 2) = 0.16417 (normal table: 2 * (1 - 0.91792)) */
	const double a[] = { 1, 2, 2 }, b[] = { 2, 3, 4 };
	double u, p;

	assert_int_equal(report_stats_mwu(a, 3, b, 3, &u, &p), 0);
	assert_float_equal(u, 1, EPS);
	assert_float_equal(p, 0.1642, 0.0005);
}

static void test_compare_shift_significant(void **state)
{
	/* base 100..109, new = 110..119: every resampled median of new is >= 110
	 * and of base <= 109, so the whole interval lies above 110/109 > 1. The
	 * sample medians are 104.5 and 114.5. */
	double base[10], new[10];
	struct report_stats_cmp r, r2;
	int i;

	for (i = 0; i < 10; i++) {
		base[i] = 100 + i;
		new[i] = 110 + i;
	}
	assert_int_equal(report_stats_compare(base, 10, new, 10, REPORT_STATS_MEDIAN, &r), 0);
	assert_float_equal(r.base, 104.5, EPS);
	assert_float_equal(r.new, 114.5, EPS);
	assert_float_equal(r.ratio, 114.5 / 104.5, EPS);
	assert_true(r.ci_lo >= 110.0 / 109.0);
	assert_true(r.ci_hi <= 119.0 / 100.0);
	assert_true(r.significant);
	/* no overlap, 10 vs 10: p = 2 / C(20,10) = 2 / 184756 */
	assert_float_equal(r.p_mwu, 2.0 / 184756.0, 1e-12);
	/* fixed seed: the same interval every time */
	assert_int_equal(report_stats_compare(base, 10, new, 10, REPORT_STATS_MEDIAN, &r2), 0);
	assert_true(r.ci_lo == r2.ci_lo && r.ci_hi == r2.ci_hi);
}

static void test_compare_identical_not_significant(void **state)
{
	const double v[] = { 5, 7, 6, 5.5, 6.5 };
	struct report_stats_cmp r;

	assert_int_equal(report_stats_compare(v, 5, v, 5, REPORT_STATS_MEDIAN, &r), 0);
	assert_float_equal(r.ratio, 1, EPS);
	assert_true(r.ci_lo <= 1 && r.ci_hi >= 1);
	assert_false(r.significant);
	/* identical samples: U = 12.5 = mu: p = 1 */
	assert_float_equal(r.p_mwu, 1, EPS);
}

static void test_compare_hmean(void **state)
{
	/* rates: hmean {1,2,4} = 12/7, hmean {2,4,8} = 24/7: ratio 2 exactly */
	const double a[] = { 1, 2, 4 }, b[] = { 2, 4, 8 };
	struct report_stats_cmp r;

	assert_int_equal(report_stats_compare(a, 3, b, 3, REPORT_STATS_HMEAN, &r), 0);
	assert_float_equal(r.base, 12.0 / 7.0, EPS);
	assert_float_equal(r.ratio, 2, EPS);
}

static void test_ci_bounds(void **state)
{
	/* a resampled median of {1..5} stays within [1, 5]; all-equal gives a point */
	const double v[] = { 1, 2, 3, 4, 5 }, w[] = { 7, 7, 7 };
	double lo, hi;

	assert_int_equal(report_stats_ci(v, 5, REPORT_STATS_MEDIAN, &lo, &hi), 0);
	assert_true(lo >= 1 && lo <= 3 && hi >= 3 && hi <= 5);
	assert_int_equal(report_stats_ci(w, 3, REPORT_STATS_HMEAN, &lo, &hi), 0);
	assert_float_equal(lo, 7, EPS);
	assert_float_equal(hi, 7, EPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median_percentile),
		cmocka_unit_test(test_hmean),
		cmocka_unit_test(test_mwu_exact_small),
		cmocka_unit_test(test_mwu_published_critical_value),
		cmocka_unit_test(test_mwu_ties_normal),
		cmocka_unit_test(test_compare_shift_significant),
		cmocka_unit_test(test_compare_identical_not_significant),
		cmocka_unit_test(test_compare_hmean),
		cmocka_unit_test(test_ci_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
