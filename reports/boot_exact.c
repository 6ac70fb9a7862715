// SPDX-License-Identifier: GPL-2.0
/*
 * The percentile bootstrap of the median without resampling: the law of a
 * resample's median, from binomial counts, and the quantiles of the ratio
 * of two such laws. Derivation: reports/README.md, "Exact bootstrap of the
 * median"; the unit test checks it by hand for n = 3 and 4 and against a
 * 200,000-resample bootstrap for n = 3..12.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "boot_exact.h"

/* Cumulative probabilities this close to the quantile's level are a tie. */
#define TIE_EPS 1e-12

size_t report_boot_exact_points(size_t n)
{
	return n % 2 ? n : n * (n + 1) / 2;
}

/* x^k by k - 1 multiplications: k is at most a few dozen here */
static double powi(double x, size_t k)
{
	double r = 1;

	while (k--)
		r *= x;
	return r;
}

/* P(Binomial(n, i/n) >= r), 1 <= i <= n: the terms from k = n down, each from the last */
static double binom_tail(size_t n, size_t i, size_t r)
{
	double q = (double)i / (double)n, odds = (1 - q) / q, term = powi(q, n), sum = 0;
	size_t k;

	for (k = n; k >= r && k > 0; k--) {
		sum += term;
		term *= odds * (double)k / (double)(n - k + 1);
	}
	return r ? sum : 1;
}

static double binom_coef(size_t n, size_t k)
{
	double c = 1;
	size_t i;

	for (i = 0; i < k; i++)
		c = c * (double)(n - i) / (double)(i + 1);
	return c;
}

/*
 * Draws are indexes into s; N(i), the draws at or below index i, is
 * Binomial(n, i/n). Odd n = 2m + 1: the median is the (m+1)-th smallest
 * draw, at or below i when N(i) >= m + 1. Even n = 2m: the midpoint of the
 * m-th and (m+1)-th smallest, (i, j). For i < j the m low draws are <= i
 * with one at i and the m high ones >= j with one at j:
 * C(n, m) (i^m - (i-1)^m) ((n-j+1)^m - (n-j)^m) / n^n. For i = j, what is
 * left of P(m-th smallest = i) = P(N(i) >= m) - P(N(i-1) >= m).
 */
void report_boot_exact_median_law(const double *s, size_t n, struct report_boot_pt *pt)
{
	double dn = (double)n, cnm, prev = 0, t, low, high, rest;
	size_t m = n / 2, i, j, k = 0;

	if (n % 2) {
		for (i = 1; i <= n; i++, prev = t) {
			t = binom_tail(n, i, m + 1);
			pt[i - 1] = (struct report_boot_pt){ s[i - 1], t - prev };
		}
		return;
	}
	cnm = binom_coef(n, m);
	for (i = 1; i <= n; i++, prev = t) {
		t = binom_tail(n, i, m);
		rest = t - prev;
		low = powi((double)i / dn, m) - powi((double)(i - 1) / dn, m);
		for (j = i + 1; j <= n; j++) {
			high = powi((double)(n - j + 1) / dn, m) - powi((double)(n - j) / dn, m);
			/* the midpoint as the sample median computes it (type 7) */
			pt[k] = (struct report_boot_pt){ s[i - 1] + 0.5 * (s[j - 1] - s[i - 1]),
							 cnm * low * high };
			rest -= pt[k++].p;
		}
		pt[k++] = (struct report_boot_pt){ s[i - 1], rest > 0 ? rest : 0 };
	}
}

static int pt_cmp(const void *a, const void *b)
{
	double x = ((const struct report_boot_pt *)a)->v, y = ((const struct report_boot_pt *)b)->v;

	return (x > y) - (x < y);
}

/* pt sorted by value: a few dozen points (5 repetitions a side) take an insertion sort */
static void pt_sort(struct report_boot_pt *pt, size_t k)
{
	struct report_boot_pt t;
	size_t i, j;

	if (k > 64) {
		qsort(pt, k, sizeof(*pt), pt_cmp);
		return;
	}
	for (i = 1; i < k; i++) {
		t = pt[i];
		for (j = i; j > 0 && pt[j - 1].v > t.v; j--)
			pt[j] = pt[j - 1];
		pt[j] = t;
	}
}

/* The p-quantile of sorted pt (report_boot_exact_interval()). */
static double pt_quantile(const struct report_boot_pt *pt, size_t k, double total, double p)
{
	double want = p * total, cum = 0;
	size_t i, j;

	for (i = 0; i < k; i = j) {
		for (j = i; j < k && pt[j].v == pt[i].v; j++)
			cum += pt[j].p;
		if (cum < want - TIE_EPS * total)
			continue;
		if (cum <= want + TIE_EPS * total && j < k)
			return pt[i].v + 0.5 * (pt[j].v - pt[i].v);
		return pt[i].v;
	}
	return k ? pt[k - 1].v : NAN;
}

void report_boot_exact_interval(struct report_boot_pt *pt, size_t k, double total, double *lo,
				double *hi)
{
	pt_sort(pt, k);
	*lo = pt_quantile(pt, k, total, 0.025);
	*hi = pt_quantile(pt, k, total, 0.975);
}

int report_boot_exact_ratio_ci(const double *sb, size_t nb, const double *sn, size_t nn,
			       double *lo, double *hi)
{
	size_t kb = report_boot_exact_points(nb), kn = report_boot_exact_points(nn), i, j, k = 0;
	struct report_boot_pt *pb, *pn, *r;
	double total = 0;
	int ret = 0;

	*lo = *hi = NAN;
	if (!nb || !nn)
		return -EINVAL;
	if (kb > REPORT_BOOT_EXACT_MAX_POINTS || kn > REPORT_BOOT_EXACT_MAX_POINTS ||
	    kb * kn > REPORT_BOOT_EXACT_MAX_POINTS)
		return -E2BIG;
	pb = malloc((kb + kn + kb * kn) * sizeof(*pb));
	if (!pb)
		return -ENOMEM;
	pn = pb + kb;
	r = pn + kn;
	report_boot_exact_median_law(sb, nb, pb);
	report_boot_exact_median_law(sn, nn, pn);
	for (i = 0; i < kb; i++) {
		if (!(pb[i].v > 0))
			continue;
		for (j = 0; j < kn; j++) {
			r[k] = (struct report_boot_pt){ pn[j].v / pb[i].v, pb[i].p * pn[j].p };
			total += r[k++].p;
		}
	}
	if (!(total > 0)) {
		ret = -EINVAL;
		goto out;
	}
	report_boot_exact_interval(r, k, total, lo, hi);
out:
	free(pb);
	return ret;
}

int report_boot_exact_ci(const double *s, size_t n, double *lo, double *hi)
{
	size_t k = report_boot_exact_points(n);
	struct report_boot_pt *pt;

	*lo = *hi = NAN;
	if (!n)
		return -EINVAL;
	if (k > REPORT_BOOT_EXACT_MAX_POINTS)
		return -E2BIG;
	pt = malloc(k * sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	report_boot_exact_median_law(s, n, pt);
	report_boot_exact_interval(pt, k, 1, lo, hi);
	free(pt);
	return 0;
}
