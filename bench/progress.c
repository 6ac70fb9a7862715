// SPDX-License-Identifier: GPL-2.0
/* The progress line of long runs: cell i of n, repetition, elapsed, ETA. */
#include <stdio.h>
#include <time.h>

#include "common.h"
#include "run.h"

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void bench_progress_init(struct bench_progress *p, unsigned int nr_cells,
			 unsigned int runs_per_cell)
{
	p->start_ns = bench_now_ns();
	p->nr_cells = nr_cells;
	p->runs_per_cell = runs_per_cell;
	p->runs_done = 0;
}

void bench_progress_format(const struct bench_progress *p, unsigned int cell_idx, int rep,
			   int nr_rep, uint64_t now_ns, char *buf, size_t len)
{
	uint64_t total = (uint64_t)p->nr_cells * p->runs_per_cell;
	uint64_t elapsed = now_ns - p->start_ns;
	char el[32], eta[32], r[32];

	fmt_duration(el, sizeof(el), elapsed);
	if (p->runs_done)
		fmt_duration(eta, sizeof(eta),
				   elapsed / p->runs_done * (total - p->runs_done));
	else
		snprintf(eta, sizeof(eta), "?");
	if (rep < 0)
		snprintf(r, sizeof(r), "warm-up %d", -rep);
	else
		snprintf(r, sizeof(r), "rep %d/%d", rep + 1, nr_rep);
	snprintf(buf, len, "cell %u/%u %s  elapsed %s  ETA %s", cell_idx + 1, p->nr_cells, r, el,
		 eta);
}
