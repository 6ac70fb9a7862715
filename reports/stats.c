// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics for comparisons: median and percentiles (Hyndman & Fan type 7,
 * the default of R and NumPy), harmonic mean (mmtests' mean for rates),
 * a percentile bootstrap of the ratio of two centres with a fixed seed,
 * and the Mann-Whitney U test (exact for small samples without ties,
 * normal approximation with tie and continuity correction otherwise).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "reports.h"
#include "boot_exact.h"

/* Exact MWU up to REPORT_STATS_MWU_EXACT_MAX values per sample (reports.h). */
#define MWU_EXACT_MAX REPORT_STATS_MWU_EXACT_MAX

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double *sorted_copy(const double *v, size_t n)
{
	double *s = malloc(n * sizeof(*s));

	if (!s)
		return NULL;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), dbl_cmp);
	return s;
}

/* Type 7 on sorted data: h = (n - 1) p, interpolate x[floor h] .. x[floor h + 1]. */
static double pct_sorted(const double *s, size_t n, double p)
{
	double h, frac;
	size_t lo;

	if (!n || p < 0 || p > 100)
		return NAN;
	h = (double)(n - 1) * p / 100.0;
	lo = (size_t)floor(h);
	frac = h - (double)lo;
	if (lo + 1 >= n)
		return s[n - 1];
	return s[lo] + frac * (s[lo + 1] - s[lo]);
}

double report_stats_percentile(const double *v, size_t n, double p)
{
	double *s, r;

	if (!n)
		return NAN;
	s = sorted_copy(v, n);
	if (!s)
		return NAN;
	r = pct_sorted(s, n, p);
	free(s);
	return r;
}

double report_stats_median(const double *v, size_t n)
{
	return report_stats_percentile(v, n, 50);
}

double report_stats_mean(const double *v, size_t n)
{
	double sum = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++)
		sum += v[i];
	return sum / (double)n;
}

double report_stats_hmean(const double *v, size_t n)
{
	double inv = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++) {
		if (v[i] <= 0)
			return NAN;
		inv += 1.0 / v[i];
	}
	return (double)n / inv;
}

/*
 * The k-th smallest of a[0..n-1] (k < n), a reordered so that a[0..k-1] <=
 * a[k] <= a[k+1..n-1] (Hoare's selection): the order statistic a full sort
 * would give, in linear time. The bootstrap needs 2 of its 4000 ratios.
 */
static double select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2], t;
		size_t i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i > j)
				break;
			t = a[i], a[i] = a[j], a[j] = t;
			i++;
			if (!j--)
				break;
		}
		if (j != (size_t)-1 && k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return a[k];	/* between the parts: equal to the pivot */
	}
	return a[k];
}

/* pct_sorted() of a without sorting it: the same two order statistics, a reordered. */
static double pct_select(double *a, size_t n, double p)
{
	double h, frac, x, y;
	size_t lo, i;

	if (!n || p < 0 || p > 100)
		return NAN;
	h = (double)(n - 1) * p / 100.0;
	lo = (size_t)floor(h);
	frac = h - (double)lo;
	if (lo + 1 >= n)
		return select_kth(a, n, n - 1);
	x = select_kth(a, n, lo);
	for (y = a[lo + 1], i = lo + 2; i < n; i++)
		if (a[i] < y)
			y = a[i];
	return x + frac * (y - x);
}

static double center(const double *v, size_t n, enum report_stats_center c, double *scratch)
{
	size_t i, j;

	if (c == REPORT_STATS_HMEAN)
		return report_stats_hmean(v, n);
	memcpy(scratch, v, n * sizeof(*v));
	if (n > 32) {
		qsort(scratch, n, sizeof(*scratch), dbl_cmp);
		return pct_sorted(scratch, n, 50);
	}
	/* repetitions: a handful; insertion sort, no call per comparison */
	for (i = 1; i < n; i++) {
		double t = scratch[i];

		for (j = i; j > 0 && scratch[j - 1] > t; j--)
			scratch[j] = scratch[j - 1];
		scratch[j] = t;
	}
	return pct_sorted(scratch, n, 50);
}

/* Ranks with ties averaged; returns sum over ties of t^3 - t. */
static double rank_all(const double *a, size_t na, const double *b, size_t nb,
		       double *rank_sum_a)
{
	size_t n = na + nb, i, j, k;
	struct { double v; int from_a; } *all = malloc(n * sizeof(*all)), tmp;
	double ties = 0;

	*rank_sum_a = 0;
	if (!all)
		return NAN;
	for (i = 0; i < na; i++)
		all[i].v = a[i], all[i].from_a = 1;
	for (i = 0; i < nb; i++)
		all[na + i].v = b[i], all[na + i].from_a = 0;
	/* insertion sort: samples are repetitions, a handful to a few hundred */
	for (i = 1; i < n; i++) {
		tmp = all[i];
		for (j = i; j > 0 && all[j - 1].v > tmp.v; j--)
			all[j] = all[j - 1];
		all[j] = tmp;
	}
	for (i = 0; i < n; i = j) {
		double r, t;

		for (j = i + 1; j < n && all[j].v == all[i].v; j++)
			;
		r = (double)(i + 1 + j) / 2.0;	/* mean of ranks i+1 .. j */
		t = (double)(j - i);
		ties += t * t * t - t;
		for (k = i; k < j; k++)
			if (all[k].from_a)
				*rank_sum_a += r;
	}
	free(all);
	return ties;
}

/*
 * P(U <= u) under H0 for sample sizes m, n without ties: the number of
 * arrangements with U = k satisfies f(k; m, n) = f(k - n; m - 1, n) + f(k; m, n - 1)
 * (Mann & Whitney 1947), computed by dynamic programming over n.
 */
static double mwu_exact_cdf(size_t m, size_t n, size_t u)
{
	size_t umax = m * n, i, j, k;
	/* f[i][k] for the current n: arrangements of i a's and the n b's so far */
	double *prev = calloc((m + 1) * (umax + 1), sizeof(double));
	double *cur = calloc((m + 1) * (umax + 1), sizeof(double));
	double below = 0, total = 0, *t;

	if (!prev || !cur) {
		free(prev);
		free(cur);
		return NAN;
	}
#define F(arr, i, k) (arr)[(i) * (umax + 1) + (k)]
	/* n = 0: only U = 0, one arrangement */
	for (i = 0; i <= m; i++)
		F(prev, i, 0) = 1;
	for (j = 1; j <= n; j++) {
		memset(cur, 0, (m + 1) * (umax + 1) * sizeof(double));
		for (i = 0; i <= m; i++)
			for (k = 0; k <= umax; k++) {
				double v = F(prev, i, k);	/* last value is a b */

				if (i > 0 && k >= j)
					v += F(cur, i - 1, k - j);	/* last is an a above j b's */
				F(cur, i, k) = v;
			}
		t = prev, prev = cur, cur = t;
	}
	for (k = 0; k <= umax; k++) {
		total += F(prev, m, k);
		if (k <= u)
			below += F(prev, m, k);
	}
#undef F
	free(prev);
	free(cur);
	return below / total;
}

int report_stats_mwu(const double *a, size_t na, const double *b, size_t nb, double *u_a,
		     double *p_two_sided)
{
	double ra, ties, u, mu, var, z, p, n = (double)(na + nb);

	if (!na || !nb)
		return -EINVAL;
	ties = rank_all(a, na, b, nb, &ra);
	if (isnan(ties))
		return -ENOMEM;
	u = ra - (double)na * (double)(na + 1) / 2.0;
	*u_a = u;
	mu = (double)na * (double)nb / 2.0;
	if (ties == 0 && na <= MWU_EXACT_MAX && nb <= MWU_EXACT_MAX) {
		double lo = mwu_exact_cdf(na, nb, (size_t)u);
		/* the distribution is symmetric about mu: P(U >= u) = P(U <= 2 mu - u) */
		double hi = mwu_exact_cdf(na, nb, (size_t)(2 * mu - u));

		p = 2 * (lo < hi ? lo : hi);
	} else {
		var = (double)na * (double)nb / 12.0 * ((n + 1) - ties / (n * (n - 1)));
		if (var <= 0) {
			p = 1;	/* every value equal */
		} else {
			z = (fabs(u - mu) - 0.5) / sqrt(var);
			if (z < 0)
				z = 0;
			p = erfc(z / M_SQRT2);
		}
	}
	*p_two_sided = p > 1 ? 1 : p;
	return 0;
}

/*
 * The Monte-Carlo percentile bootstrap of the ratio of centres, where no
 * exact law is cheap (harmonic means, large samples): 95% interval.
 */
static int boot_ratio_mc(const double *base, size_t nb, const double *new, size_t nn,
			 enum report_stats_center c, double *lo, double *hi)
{
	size_t nmax = nb > nn ? nb : nn, i, r, nr = 0;
	double *rb, *rn, *scratch, *ratios;
	uint64_t seed = REPORT_STATS_BOOT_SEED;
	int ret = 0;

	rb = malloc((3 * nmax + REPORT_STATS_BOOT_RESAMPLES) * sizeof(double));
	if (!rb)
		return -ENOMEM;
	rn = rb + nmax;
	scratch = rn + nmax;
	ratios = scratch + nmax;
	for (r = 0; r < REPORT_STATS_BOOT_RESAMPLES; r++) {
		double cb, cn;

		for (i = 0; i < nb; i++)
			rb[i] = base[rng_splitmix64_below(&seed, nb)];
		for (i = 0; i < nn; i++)
			rn[i] = new[rng_splitmix64_below(&seed, nn)];
		cb = center(rb, nb, c, scratch);
		cn = center(rn, nn, c, scratch);
		if (cb > 0 && !isnan(cn))
			ratios[nr++] = cn / cb;
	}
	if (!nr) {
		ret = -EINVAL;
		goto out;
	}
	*lo = pct_select(ratios, nr, 2.5);
	*hi = pct_select(ratios, nr, 97.5);
out:
	free(rb);
	return ret;
}

/* The centre of v; s is v sorted (a median needs it, a harmonic mean not). */
static double center_sorted(const double *v, const double *s, size_t n,
			    enum report_stats_center c)
{
	return c == REPORT_STATS_HMEAN ? report_stats_hmean(v, n) : pct_sorted(s, n, 50);
}

int report_stats_compare(const double *base, size_t nb, const double *new, size_t nn,
			 enum report_stats_center c, struct report_stats_cmp *out)
{
	double *sb, *sn, u;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!nb || !nn)
		return -EINVAL;
	sb = malloc((nb + nn) * sizeof(double));
	if (!sb)
		return -ENOMEM;
	sn = sb + nb;
	memcpy(sb, base, nb * sizeof(double));
	memcpy(sn, new, nn * sizeof(double));
	qsort(sb, nb, sizeof(double), dbl_cmp);
	qsort(sn, nn, sizeof(double), dbl_cmp);
	out->base = center_sorted(base, sb, nb, c);
	out->new = center_sorted(new, sn, nn, c);
	out->ratio = out->new / out->base;
	if (isnan(out->ratio) || isinf(out->ratio)) {
		ret = -EINVAL;	/* a zero or non-positive centre has no ratio */
		goto out;
	}
	/* the same interval resampling would reach with endless resamples, where cheap */
	ret = c == REPORT_STATS_MEDIAN ?
	      report_boot_exact_ratio_ci(sb, nb, sn, nn, &out->ci_lo, &out->ci_hi) : -E2BIG;
	if (ret == -E2BIG)
		ret = boot_ratio_mc(base, nb, new, nn, c, &out->ci_lo, &out->ci_hi);
	if (ret)
		goto out;
	out->significant = out->ci_lo > 1.0 || out->ci_hi < 1.0;
	ret = report_stats_mwu(base, nb, new, nn, &u, &out->p_mwu);
out:
	free(sb);
	return ret;
}

int report_stats_ci(const double *v, size_t n, enum report_stats_center c, double *lo,
		    double *hi)
{
	double *rs, *scratch, *centres;
	uint64_t seed = REPORT_STATS_BOOT_SEED;
	size_t i, r, nr = 0;
	int ret = 0;

	*lo = *hi = NAN;
	if (!n)
		return -EINVAL;
	if (c == REPORT_STATS_MEDIAN) {
		double *s = sorted_copy(v, n);

		if (!s)
			return -ENOMEM;
		ret = report_boot_exact_ci(s, n, lo, hi);
		free(s);
		if (ret != -E2BIG)
			return ret;
		ret = 0;
	}
	rs = malloc(n * sizeof(double));
	scratch = malloc(n * sizeof(double));
	centres = malloc(REPORT_STATS_BOOT_RESAMPLES * sizeof(double));
	if (!rs || !scratch || !centres) {
		ret = -ENOMEM;
		goto out;
	}
	for (r = 0; r < REPORT_STATS_BOOT_RESAMPLES; r++) {
		double x;

		for (i = 0; i < n; i++)
			rs[i] = v[rng_splitmix64_below(&seed, n)];
		x = center(rs, n, c, scratch);
		if (!isnan(x))
			centres[nr++] = x;
	}
	if (!nr) {
		ret = -EINVAL;
		goto out;
	}
	*lo = pct_select(centres, nr, 2.5);
	*hi = pct_select(centres, nr, 97.5);
out:
	free(rs);
	free(scratch);
	free(centres);
	return ret;
}
