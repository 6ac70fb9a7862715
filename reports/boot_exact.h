/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The percentile bootstrap of the median, exactly: the law of a resample's
 * median is a distribution over the sample's order statistics (and, for an
 * even n, the midpoints of two of them) with probabilities from binomial
 * counts, so its quantiles need no resampling. The derivation is in
 * reports/README.md, "Exact bootstrap of the median". Private to reports/.
 */
#ifndef REPORT_BOOT_EXACT_H
#define REPORT_BOOT_EXACT_H

#include <stddef.h>

/* One point of a discrete law: value v with probability p. */
struct report_boot_pt {
	double v, p;
};

/*
 * The ratio law of two sides has report_boot_exact_points(nb) x
 * report_boot_exact_points(nn) points: 6,084 for 12 repetitions a side,
 * about 1 ms to sort and sum, as much as 4000 resamples of 16 values
 * (bench_report). Above this many, compare resamples.
 */
#define REPORT_BOOT_EXACT_MAX_POINTS 8192

/* Points of the median's law for n values: n when n is odd, n (n + 1) / 2 when even. */
size_t report_boot_exact_points(size_t n);

/*
 * The law of the median (Hyndman & Fan type 7) of a bootstrap resample of
 * s[0..n-1], sorted ascending, n >= 1: report_boot_exact_points(n) points
 * into pt, unsorted; equal values may appear as several points.
 */
void report_boot_exact_median_law(const double *s, size_t n, struct report_boot_pt *pt);

/*
 * The 2.5% and 97.5% quantiles of the law pt[0..k-1] whose probabilities
 * sum to total (> 0), pt sorted by value on return. A p-quantile is the
 * smallest value whose cumulative probability reaches p: the limit of
 * compare's type-7 percentile of B resamples as B grows. Where the
 * cumulative probability is p itself (to 1e-12) the Monte-Carlo percentile
 * falls on that value or the next one with even odds: the midpoint of the two.
 */
void report_boot_exact_interval(struct report_boot_pt *pt, size_t k, double total, double *lo,
				double *hi);

/*
 * 95% percentile interval of the ratio median(new*) / median(base*) over
 * independent bootstrap resamples of each side, sorted ascending; resamples
 * whose base median is <= 0 are left out (as compare's resampling does).
 * 0, -E2BIG when the law has more than REPORT_BOOT_EXACT_MAX_POINTS points
 * (resample instead), -EINVAL when no resample has a ratio, -ENOMEM.
 */
int report_boot_exact_ratio_ci(const double *sb, size_t nb, const double *sn, size_t nn,
			       double *lo, double *hi);

/* 95% percentile interval of the median of one sorted sample; 0, -E2BIG, -ENOMEM. */
int report_boot_exact_ci(const double *s, size_t n, double *lo, double *hi);

#endif
