// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the cost of the comparison statistics (what compare and the
 * dashboard pay per metric): one report_stats_compare() (the exact law of
 * the median where it has at most REPORT_BOOT_EXACT_MAX_POINTS points, else
 * REPORT_STATS_BOOT_RESAMPLES resamples; + Mann-Whitney U) for 5 to 50
 * repetitions a side, and the exact MWU for 20 + 20 values. Median of 7.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "reports.h"
#include "boot_exact.h"
#include "bench_clock.h"

#define RUNS 7

static void bench_compare(size_t n, enum report_stats_center c)
{
	double *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b)), res[RUNS];
	struct report_stats_cmp r;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		a[i] = 1000 + (double)(i * 7919 % 101);	/* spread, no ties with b */
		b[i] = 1100.5 + (double)(i * 104729 % 97);
	}
	for (k = 0; k < RUNS; k++) {
		double t0 = now_ns();

		report_stats_compare(a, n, b, n, c, &r);
		res[k] = now_ns() - t0;
	}
	qsort(res, RUNS, sizeof(double), cmp_double);
	/* the law of a median has n or n (n + 1) / 2 points a side (boot_exact.h) */
	printf("report_stats_compare  %3zu + %3zu values, %-13s %-22s %10.1f us per metric\n",
	       n, n, c == REPORT_STATS_MEDIAN ? "median," : "harmonic mean,",
	       c == REPORT_STATS_MEDIAN && (n % 2 ? n * n : n * n * (n + 1) * (n + 1) / 4) <=
	       REPORT_BOOT_EXACT_MAX_POINTS ? "exact law:" : "4000 resamples:",
	       res[RUNS / 2] / 1e3);
	free(a);
	free(b);
}

static void bench_mwu_exact(void)
{
	double a[20], b[20], res[RUNS], u, p;
	int i, k;

	for (i = 0; i < 20; i++) {
		a[i] = i * 2;
		b[i] = i * 2 + 1;
	}
	for (k = 0; k < RUNS; k++) {
		double t0 = now_ns();

		report_stats_mwu(a, 20, b, 20, &u, &p);
		res[k] = now_ns() - t0;
	}
	qsort(res, RUNS, sizeof(double), cmp_double);
	printf("report_stats_mwu       20 +  20 values (exact):          %10.1f us\n",
	       res[RUNS / 2] / 1e3);
}

int main(void)
{
	printf("# bench_report: statistics cost, median of %d runs\n", RUNS);
	bench_compare(5, REPORT_STATS_MEDIAN);
	bench_compare(5, REPORT_STATS_HMEAN);
	bench_compare(10, REPORT_STATS_MEDIAN);
	bench_compare(11, REPORT_STATS_MEDIAN);
	bench_compare(12, REPORT_STATS_MEDIAN);
	bench_compare(16, REPORT_STATS_MEDIAN);
	bench_compare(20, REPORT_STATS_MEDIAN);
	bench_compare(50, REPORT_STATS_MEDIAN);
	bench_mwu_exact();
	return 0;
}
