// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the cost of the comparison statistics (what compare and the
 * dashboard pay per metric): one report_stats_compare() (bootstrap with
 * REPORT_STATS_BOOT_RESAMPLES resamples + Mann-Whitney U) for 5 and 50
 * repetitions a side, and the exact MWU for 20 + 20 values. Median of 7.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "reports.h"
#include "bench_clock.h"

#define RUNS 7

static void bench_compare(size_t n)
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

		report_stats_compare(a, n, b, n, REPORT_STATS_MEDIAN, &r);
		res[k] = now_ns() - t0;
	}
	qsort(res, RUNS, sizeof(double), cmp_double);
	printf("report_stats_compare  %3zu + %3zu values, %d resamples: %10.1f us per metric\n",
	       n, n, REPORT_STATS_BOOT_RESAMPLES, res[RUNS / 2] / 1e3);
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
	bench_compare(5);
	bench_compare(50);
	bench_mwu_exact();
	return 0;
}
