// SPDX-License-Identifier: GPL-2.0
/*
 * The exact bootstrap of the median (reports/boot_exact.c): its laws for
 * n = 3 and 4 counted by hand (in the comments), its intervals worked out
 * from those laws, and against a plain Monte-Carlo bootstrap written here
 * (its own generator, qsort, type-7 percentile) with 200,000 resamples on
 * random samples of 3 to 12 values, within that bootstrap's sampling error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <math.h>
#include <cmocka.h>

#include "reports.h"
#include "boot_exact.h"

#define EPS 1e-12

/* the law's probability of value v (summed over its points) */
static double law_p(const struct report_boot_pt *pt, size_t k, double v)
{
	double p = 0;
	size_t i;

	for (i = 0; i < k; i++)
		if (fabs(pt[i].v - v) < 1e-9)
			p += pt[i].p;
	return p;
}

static void test_law_n3(void **state)
{
	/* 27 resamples of 3 indexes. The median is s1 when >= 2 draws are s1:
	 * 3 * 2 + 1 = 7 ways; s3 likewise 7; s2 the other 13. */
	const double s[] = { 1, 2, 4 };
	struct report_boot_pt pt[3];

	assert_int_equal(report_boot_exact_points(3), 3);
	report_boot_exact_median_law(s, 3, pt);
	assert_float_equal(law_p(pt, 3, 1), 7.0 / 27, EPS);
	assert_float_equal(law_p(pt, 3, 2), 13.0 / 27, EPS);
	assert_float_equal(law_p(pt, 3, 4), 7.0 / 27, EPS);
}

static void test_law_n4(void **state)
{
	/*
	 * 256 resamples of 4 indexes; the median is the mean of the 2nd and
	 * 3rd smallest draws (i, j). Counted by hand:
	 * (1,1): >= 3 draws at 1: 4 * 3 + 1 = 13; (4,4) likewise 13.
	 * (2,2): at most one draw at 1 and >= 3 at 1..2 with the rest above:
	 *   none at 1: 3 at 2 (4 * 2 = 8) or 4 (1): 9; one at 1: 2 at 2 and 1
	 *   above (12 * 2 = 24) or 3 at 2 (4): 28; total 37; (3,3) likewise 37.
	 * (i < j): choose which 2 draws are low (6), low ones <= i with one at
	 *   i (i^2 - (i-1)^2), high ones >= j with one at j:
	 *   (1,2) 6*1*5 = 30, (1,3) 6*1*3 = 18, (1,4) 6, (2,3) 6*3*3 = 54,
	 *   (2,4) 6*3*1 = 18, (3,4) 6*5*1 = 30. Sum: 100 + 156 = 256.
	 * With s = 1, 2, 3, 4 the medians (i + j) / 2 are 1: 13, 1.5: 30,
	 * 2: 18 + 37 = 55, 2.5: 6 + 54 = 60, 3: 55, 3.5: 30, 4: 13.
	 */
	const double s[] = { 1, 2, 3, 4 };
	struct report_boot_pt pt[10];

	assert_int_equal(report_boot_exact_points(4), 10);
	report_boot_exact_median_law(s, 4, pt);
	assert_float_equal(law_p(pt, 10, 1), 13.0 / 256, EPS);
	assert_float_equal(law_p(pt, 10, 1.5), 30.0 / 256, EPS);
	assert_float_equal(law_p(pt, 10, 2), 55.0 / 256, EPS);
	assert_float_equal(law_p(pt, 10, 2.5), 60.0 / 256, EPS);
	assert_float_equal(law_p(pt, 10, 3), 55.0 / 256, EPS);
	assert_float_equal(law_p(pt, 10, 3.5), 30.0 / 256, EPS);
	assert_float_equal(law_p(pt, 10, 4), 13.0 / 256, EPS);
}

static void test_law_sums_to_one(void **state)
{
	struct report_boot_pt pt[30 * 31 / 2];
	double s[30], sum;
	size_t n, i;

	for (n = 1; n <= 30; n++) {
		for (i = 0; i < n; i++)
			s[i] = (double)i;
		report_boot_exact_median_law(s, n, pt);
		for (sum = 0, i = 0; i < report_boot_exact_points(n); i++) {
			assert_true(pt[i].p >= 0);
			sum += pt[i].p;
		}
		assert_float_equal(sum, 1, 1e-12);
	}
}

static void test_ratio_by_hand(void **state)
{
	/*
	 * n = 3 a side, {1,2,4} both: ratio new/base of medians with weights
	 * (7,13,7) x (7,13,7) / 729: 0.25: 49, 0.5: 182, 1: 267, 2: 182, 4: 49.
	 * 49/729 = 0.067 >= 0.025 at each end: the interval is [0.25, 4].
	 */
	const double a3[] = { 1, 2, 4 };
	/*
	 * n = 4 a side, base {1,2,3,4}, new {2,4,6,8}: ratio 2 a / b with a, b
	 * of the law above (/256). Smallest a / b, weights / 65536: 1/4 169,
	 * 1/3.5 390, 1/3 715, 1.5/4 390: cumulative 169, 559, 1274, 1664, and
	 * 0.025 * 65536 = 1638.4, so lo = 2 * 1.5/4 = 0.75. Largest: 4/1 169,
	 * 3.5/1 390, 3/1 715, 4/1.5 390: above 4/1.5 lie 1274 <= 1638.4, above
	 * the next (2.5/1) 1664: hi = 2 * 4/1.5 = 16/3. Not significant.
	 */
	const double b4[] = { 1, 2, 3, 4 }, n4[] = { 2, 4, 6, 8 };
	/*
	 * n = 3 against n = 4: base {1,2,4} (7,13,7 /27), new {1,2,3,4}
	 * (/256), weights /6912, 0.025 * 6912 = 172.8. Smallest: 1/4 7*13 = 91,
	 * 1.5/4 7*30 = 210 (cumulative 301): lo = 0.375. Largest: 4/1 91,
	 * 3.5/1 210: above 3.5 lie 91, above the next 301: hi = 3.5.
	 */
	const double b4r[] = { 3, 1, 4, 2 }, n4r[] = { 8, 2, 6, 4 };
	const double lo3[] = { 10, 11, 12 }, hi3[] = { 12.5, 13, 14 };
	struct report_stats_cmp r;
	double lo, hi;

	assert_int_equal(report_boot_exact_ratio_ci(a3, 3, a3, 3, &lo, &hi), 0);
	assert_float_equal(lo, 0.25, EPS);
	assert_float_equal(hi, 4, EPS);
	assert_int_equal(report_boot_exact_ratio_ci(b4, 4, n4, 4, &lo, &hi), 0);
	assert_float_equal(lo, 0.75, EPS);
	assert_float_equal(hi, 16.0 / 3, EPS);
	assert_int_equal(report_boot_exact_ratio_ci(a3, 3, b4, 4, &lo, &hi), 0);
	assert_float_equal(lo, 0.375, EPS);
	assert_float_equal(hi, 3.5, EPS);
	/* compare takes its interval from here for medians, on unsorted input */

	assert_int_equal(report_stats_compare(b4r, 4, n4r, 4, REPORT_STATS_MEDIAN, &r), 0);
	assert_float_equal(r.ratio, 2, EPS);
	assert_float_equal(r.ci_lo, 0.75, EPS);
	assert_float_equal(r.ci_hi, 16.0 / 3, EPS);
	assert_false(r.significant);
	/* n = 3: the interval is [min new / max base, max new / min base] */

	assert_int_equal(report_stats_compare(lo3, 3, hi3, 3, REPORT_STATS_MEDIAN, &r), 0);
	assert_float_equal(r.ci_lo, 12.5 / 12, EPS);
	assert_float_equal(r.ci_hi, 14.0 / 10, EPS);
	assert_true(r.significant);
	/* one sample: report_stats_ci() of {1,2,3,4}: 13/256 >= 0.025 at each end */
	assert_int_equal(report_stats_ci(b4r, 4, REPORT_STATS_MEDIAN, &lo, &hi), 0);
	assert_float_equal(lo, 1, EPS);
	assert_float_equal(hi, 4, EPS);
}

static void test_quantile_ties(void **state)
{
	/* cumulative 0.025 at 1 and 0.975 at 2: each level sits on a step */
	struct report_boot_pt t[] = { { 3, 0.025 }, { 1, 0.025 }, { 2, 0.95 } };
	struct report_boot_pt u[] = { { 3, 0.02 }, { 1, 0.02 }, { 2, 0.96 } };
	/* two points of one value count as one: cumulative 0.025 at 2 */
	struct report_boot_pt d[] = { { 1, 0.005 }, { 2, 0.01 }, { 2, 0.01 }, { 3, 0.975 } };
	double lo, hi;

	report_boot_exact_interval(t, 3, 1, &lo, &hi);
	assert_float_equal(lo, 1.5, EPS);
	assert_float_equal(hi, 2.5, EPS);
	report_boot_exact_interval(u, 3, 1, &lo, &hi);
	assert_float_equal(lo, 2, EPS);
	assert_float_equal(hi, 2, EPS);
	report_boot_exact_interval(d, 4, 1, &lo, &hi);
	assert_float_equal(lo, 2.5, EPS);
	assert_float_equal(hi, 3, EPS);
	/* total 2: the same law as u (sorted by now: 1, 2, 3), unnormalised */
	u[0].p = u[2].p = 0.04, u[1].p = 1.92;
	report_boot_exact_interval(u, 3, 2, &lo, &hi);
	assert_float_equal(lo, 2, EPS);
	assert_float_equal(hi, 2, EPS);
}

static void test_no_ratio(void **state)
{
	const double zero[] = { 0, 0, 0 }, v[] = { 1, 2, 3 };
	double big[40], lo, hi;
	int i;

	/* every base median is 0: no resample has a ratio */
	assert_int_equal(report_boot_exact_ratio_ci(zero, 3, v, 3, &lo, &hi), -EINVAL);
	for (i = 0; i < 40; i++)
		big[i] = i;
	/* 40 values: 820 points a side, too many: resample instead */
	assert_int_equal(report_boot_exact_ratio_ci(big, 40, big, 40, &lo, &hi), -E2BIG);
}

/* ---- the reference: a Monte-Carlo bootstrap of its own ----------------- */

#define MC_RESAMPLES 200000

static uint64_t xorshift64s(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ull;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* type 7 on sorted data */
static double type7(const double *s, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;

	return lo + 1 < n ? s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]) : s[n - 1];
}

static double mc_median(const double *v, size_t n, uint64_t *x)
{
	double r[16];
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = v[xorshift64s(x) % n];
	qsort(r, n, sizeof(double), dcmp);
	return type7(r, n, 0.5);
}

/*
 * DKW: the empirical CDF of B resamples is within eps of the law's
 * everywhere but with probability 2 exp(-2 B eps^2), 1e-6 for eps = 0.006
 * and B = 200,000; the law's quantile then lies between the resamples'
 * quantiles at p - eps and p + eps.
 */
#define DKW_EPS 0.006

static void check_against_mc(const double *b, size_t nb, const double *n, size_t nn,
			     uint64_t *x)
{
	double *ratios = malloc(MC_RESAMPLES * sizeof(double)), sb[16], sn[16], lo, hi;
	size_t i;

	assert_non_null(ratios);
	for (i = 0; i < MC_RESAMPLES; i++) {
		double mb = mc_median(b, nb, x);

		ratios[i] = mc_median(n, nn, x) / mb;
	}
	qsort(ratios, MC_RESAMPLES, sizeof(double), dcmp);
	for (i = 0; i < nb; i++)
		sb[i] = b[i];
	for (i = 0; i < nn; i++)
		sn[i] = n[i];
	qsort(sb, nb, sizeof(double), dcmp);
	qsort(sn, nn, sizeof(double), dcmp);
	assert_int_equal(report_boot_exact_ratio_ci(sb, nb, sn, nn, &lo, &hi), 0);
	assert_true(type7(ratios, MC_RESAMPLES, 0.025 - DKW_EPS) <= lo);
	assert_true(lo <= type7(ratios, MC_RESAMPLES, 0.025 + DKW_EPS));
	assert_true(type7(ratios, MC_RESAMPLES, 0.975 - DKW_EPS) <= hi);
	assert_true(hi <= type7(ratios, MC_RESAMPLES, 0.975 + DKW_EPS));
	free(ratios);
}

static void test_against_monte_carlo(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	double b[16], n[16];
	size_t nb, nn, i;

	/* n = 3..12 a side, and a side one longer; values with spread, then with ties */
	for (nb = 3; nb <= 12; nb++) {
		nn = nb + (nb % 3 == 1);
		for (i = 0; i < nb; i++)
			b[i] = 100 + (double)(xorshift64s(&x) % 1000) / 100;
		for (i = 0; i < nn; i++)
			n[i] = 103 + (double)(xorshift64s(&x) % 1000) / 100;
		check_against_mc(b, nb, n, nn, &x);
		for (i = 0; i < nb; i++)
			b[i] = 10 + (double)(xorshift64s(&x) % 3);
		for (i = 0; i < nn; i++)
			n[i] = 10 + (double)(xorshift64s(&x) % 4);
		check_against_mc(b, nb, n, nn, &x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_law_n3),
		cmocka_unit_test(test_law_n4),
		cmocka_unit_test(test_law_sums_to_one),
		cmocka_unit_test(test_ratio_by_hand),
		cmocka_unit_test(test_quantile_ties),
		cmocka_unit_test(test_no_ratio),
		cmocka_unit_test(test_against_monte_carlo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
