// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the cost of one EL2 histogram update (aggregated mode,
 * hypev_hist_add()): ns/update, median of 7 runs, over values spread like
 * a map's and an unmap's durations (the profile's hyp_hist_ns names it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hypev_hist.h"
#include "bench_clock.h"

#define NR_UPDATES (16u << 20)
#define RUNS 7

int main(void)
{
	struct hypev_hist *h = calloc(HYPEV_HIST_NR_OPS, sizeof(*h));
	double res[RUNS];
	u64 x = 88172645463325252ULL, check = 0;
	unsigned int r, i;

	if (!h) {
		fprintf(stderr, "bench_hypev_hist: out of memory\n");
		return 1;
	}
	for (r = 0; r < RUNS; r++) {
		double t0 = now_ns();

		for (i = 0; i < NR_UPDATES; i++) {
			/* xorshift: 300 ns .. 2.3 us, two ops alternating */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			hypev_hist_add(&h[i & 1], 300 + (x & 2047));
		}
		res[r] = (now_ns() - t0) / NR_UPDATES;
	}
	for (i = 0; i < 2; i++)
		check += h[i].count;
	qsort(res, RUNS, sizeof(res[0]), cmp_double);
	printf("hypev_hist update: %.1f ns/update (median of %d runs of %u updates, "
	       "xorshift values included, min %.1f, max %.1f ns/update; %llu counted)\n",
	       res[RUNS / 2], RUNS, NR_UPDATES, res[0], res[RUNS - 1], (unsigned long long)check);
	free(h);
	return check == (u64)RUNS * NR_UPDATES ? 0 : 1;
}
