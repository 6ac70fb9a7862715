// SPDX-License-Identifier: GPL-2.0
/*
 * Change points (reports/changepoint.c): E-divisive means on every
 * repetition. Expectations come from the construction of each series (the
 * night a step was put in) or from a hand calculation of the statistic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "reports.h"

#define REPS 5
#ifndef STEP_SEED	/* other seeds: make CFLAGS=-DSTEP_SEED=7  */
#define STEP_SEED 42
#endif
#ifndef NOISE_SEED
#define NOISE_SEED 2026
#endif

/* A generator of the test's own, so that the noise does not come from the code under test. */
static uint64_t rng_state;

static double urand(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return ((rng_state >> 11) + 0.5) / 9007199254740992.0;
}

static double nrand(void)
{
	return sqrt(-2 * log(urand())) * cos(2 * M_PI * urand());
}

/*
 * Board-like noise: each night is offset as a whole (sd night_pct, a
 * reboot, a temperature), each repetition varies around it (sd rep_pct) and
 * one repetition in 50 is an outlier 25% slow.
 */
static void series_fill(double *v, size_t nights, double base, const size_t *step_at,
			const double *step_ratio, size_t nr_steps, double night_pct, double rep_pct)
{
	size_t i, r, s;

	for (i = 0; i < nights; i++) {
		double level = base, off = 1 + night_pct / 100 * nrand();

		for (s = 0; s < nr_steps; s++)
			if (i >= step_at[s])
				level *= step_ratio[s];
		for (r = 0; r < REPS; r++) {
			double x = level * off * (1 + rep_pct / 100 * nrand());

			if (urand() < 0.02)
				x *= 1.25;
			v[i * REPS + r] = x;
		}
	}
}

static int find(const double *v, size_t nights, size_t reps, const char *unit,
		struct report_cp **cps, size_t *nr)
{
	struct report_cp_night *n = calloc(nights, sizeof(*n));
	struct report_cp_opts o;
	size_t i;
	int ret;

	assert_non_null(n);
	for (i = 0; i < nights; i++) {
		n[i].v = v + i * reps;
		n[i].n = reps;
	}
	report_cp_opts_default(&o, unit);
	ret = report_changepoints_find(n, nights, &o, cps, nr);
	free(n);
	return ret;
}

/*
 * 10 nights of 5 repetitions, 100 ns for nights 0-4 and 110 ns from night 5
 * (each night 99, 99.5, 100, 100.5, 101 times the level / 100): one change
 * point at night 5, ratio of medians 110/100 = 1.10, a regression in ns, 25
 * repetitions a side (the window of 30 nights holds them all).
 */
static void test_ten_nights_one_step(void **state)
{
	static const double shape[REPS] = { 0.99, 1.01, 1.0, 0.995, 1.005 };
	double v[10 * REPS];
	struct report_cp *cps;
	size_t nr, i, r;

	(void)state;
	for (i = 0; i < 10; i++)
		for (r = 0; r < REPS; r++)
			v[i * REPS + r] = (i < 5 ? 100 : 110) * shape[r];
	assert_int_equal(find(v, 10, REPS, "ns", &cps, &nr), 0);
	assert_int_equal(nr, 1);
	assert_int_equal(cps[0].night, 5);
	assert_float_equal(cps[0].v.ratio, 1.10, 1e-9);
	assert_true(cps[0].v.ci_lo > 1.0);
	assert_true(cps[0].v.significant);
	assert_true(cps[0].v.regression);
	assert_int_equal(cps[0].n_before, 25);
	assert_int_equal(cps[0].n_after, 25);
	assert_true(cps[0].p_value <= REPORT_CP_DEFAULT_ALPHA);
	free(cps);

	/* the same step in iops is a drop in a rate when it goes 110 -> 100: a regression */
	for (i = 0; i < 10; i++)
		for (r = 0; r < REPS; r++)
			v[i * REPS + r] = (i < 5 ? 110 : 100) * shape[r];
	assert_int_equal(find(v, 10, REPS, "iops", &cps, &nr), 0);
	assert_int_equal(nr, 1);
	assert_int_equal(cps[0].night, 5);
	assert_true(cps[0].v.regression);
	assert_true(cps[0].v.ratio < 1.0);
	free(cps);
}

/*
 * The statistic by hand: nights {10,10} {10,10} {20,20} {20,20}, one
 * candidate split (2 nights a side): 16 cross pairs of |10 - 20| = 160,
 * no spread within, Q = 4*4/8 * (2*160/16 - 0 - 0) = 40. Of the 70
 * arrangements of four 10s and four 20s only 2 reach Q = 40, so the
 * permutation p-value is about 2/70 = 0.029: no change point at alpha
 * 0.005, one at alpha 1 (the verdict: +100%, degenerate, 4 reps a side).
 */
static void test_statistic_by_hand(void **state)
{
	static const double v[8] = { 10, 10, 10, 10, 20, 20, 20, 20 };
	struct report_cp_night n[4];
	struct report_cp_opts o;
	struct report_cp *cps;
	size_t nr, i;

	(void)state;
	for (i = 0; i < 4; i++) {
		n[i].v = v + 2 * i;
		n[i].n = 2;
	}
	report_cp_opts_default(&o, "ns");
	o.min_nights = 2;
	assert_int_equal(report_changepoints_find(n, 4, &o, &cps, &nr), 0);
	assert_int_equal(nr, 0);
	free(cps);
	o.alpha = 1;
	assert_int_equal(report_changepoints_find(n, 4, &o, &cps, &nr), 0);
	assert_int_equal(nr, 1);
	assert_int_equal(cps[0].night, 2);
	assert_float_equal(cps[0].q, 40.0, 1e-9);
	assert_true(cps[0].p_value > 0.01 && cps[0].p_value < 0.06);
	assert_float_equal(cps[0].v.change_pct, 100.0, 1e-9);
	assert_true(cps[0].v.degenerate);
	free(cps);
}

struct tally {
	unsigned int steps, found, missed, false_pos;
};

/* Steps at known nights: each must be found within one night, nothing else. */
static void check_steps(struct tally *t, const char *unit, size_t nights, const size_t *at,
			const double *ratio, size_t nr_steps, double night_pct, double rep_pct)
{
	double *v = malloc(nights * REPS * sizeof(*v));
	struct report_cp *cps;
	size_t nr, s, c;
	int used[16] = { 0 };

	assert_non_null(v);
	series_fill(v, nights, 100, at, ratio, nr_steps, night_pct, rep_pct);
	assert_int_equal(find(v, nights, REPS, unit, &cps, &nr), 0);
	for (s = 0; s < nr_steps; s++) {
		int hit = 0;

		for (c = 0; c < nr && c < 16; c++)
			if (!used[c] && cps[c].night + 1 >= at[s] && cps[c].night <= at[s] + 1) {
				used[c] = hit = 1;
				break;
			}
		t->steps++;
		if (hit)
			t->found++;
		else
			t->missed++;
		if (!hit)
			print_message("missed: %s step x%.3f at night %zu of %zu\n", unit, ratio[s],
				      at[s], nights);
	}
	for (c = 0; c < nr; c++)
		if (c >= 16 || !used[c]) {
			t->false_pos++;
			print_message("false: %s night %zu %+.2f%% p=%.4f (steps at %zu, %zu)\n", unit,
				      cps[c].night, cps[c].v.change_pct, cps[c].p_value,
				      nr_steps ? at[0] : 0, nr_steps > 1 ? at[1] : 0);
		}
	free(cps);
	free(v);
}

/*
 * 24 series of 60 nights with two steps each (>= 5%, up and down, at
 * nights drawn per series), 8 of 120 nights with three: noise 0.7% a night,
 * 2% a repetition, outliers. Every step within one night, no other.
 */
static void test_known_steps(void **state)
{
	static const double sizes[] = { 1.05, 0.95, 1.08, 1 / 1.06, 1.12, 1.05, 0.93, 1.20 };
	static const char *const units[] = { "ns", "us", "iops", "MiB/s" };
	struct tally t = { 0 };
	unsigned int k;

	(void)state;
	rng_state = STEP_SEED;
	for (k = 0; k < 24; k++) {
		size_t at[2] = { 8 + (size_t)(urand() * 20), 0 };
		double ratio[2] = { sizes[k % 8], sizes[(k + 3) % 8] };

		at[1] = at[0] + 8 + (size_t)(urand() * 20);
		check_steps(&t, units[k % 4], 60, at, ratio, 2, 0.7, 2.0);
	}
	for (k = 0; k < 8; k++) {
		size_t at[3] = { 15 + (size_t)(urand() * 20), 0, 0 };
		double ratio[3] = { sizes[k], sizes[(k + 5) % 8], sizes[(k + 2) % 8] };

		at[1] = at[0] + 15 + (size_t)(urand() * 20);
		at[2] = at[1] + 15 + (size_t)(urand() * 20);
		check_steps(&t, units[k % 4], 120, at, ratio, 3, 0.7, 2.0);
	}
	print_message("detection: true steps %u, found %u, missed %u, false %u\n", t.steps,
		      t.found, t.missed, t.false_pos);
	assert_int_equal(t.steps, 24 * 2 + 8 * 3);
	assert_int_equal(t.missed, 0);
	assert_int_equal(t.false_pos, 0);
}

/* 200 nights of noise alone, in 12 series: no change point. */
static void test_noise_only(void **state)
{
	static const char *const units[] = { "ns", "iops", "us", "%" };
	struct tally t = { 0 };
	unsigned int k;

	(void)state;
	rng_state = NOISE_SEED;
	for (k = 0; k < 12; k++)
		check_steps(&t, units[k % 4], 200, NULL, NULL, 0, 0.7, 2.0);
	print_message("noise only: 12 x 200 nights, false %u\n", t.false_pos);
	assert_int_equal(t.false_pos, 0);
}

/* Identical repetitions everywhere (a deterministic source): nothing to split. */
static void test_flat(void **state)
{
	double v[20 * 3];
	struct report_cp *cps;
	size_t nr, i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		v[i] = 7;
	assert_int_equal(find(v, 20, 3, "ns", &cps, &nr), 0);
	assert_int_equal(nr, 0);
	free(cps);
	assert_int_equal(find(v, 1, 3, "ns", &cps, &nr), 0);
	assert_int_equal(nr, 0);
	free(cps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ten_nights_one_step),
		cmocka_unit_test(test_statistic_by_hand),
		cmocka_unit_test(test_known_steps),
		cmocka_unit_test(test_noise_only),
		cmocka_unit_test(test_flat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
