// SPDX-License-Identifier: GPL-2.0
/*
 * Performance of the model itself: simulated DMA ops (map + unmap each
 * count one) per wall-clock second on one core, dmabench 4K, 4 threads,
 * and the slowdown when the EL2/host events are fired into the rings.
 * Goals (issue 4): >= 2 M ops/s; events on/off <= 1.5x.
 */
#include <stdio.h>
#include <time.h>

#include "model.h"

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int measure(enum model_design_id d, bool events, double *ops_per_s)
{
	struct model_config cfg;
	struct model_results res;
	char err[512];
	double t0, t1;

	model_config_init(&cfg);
	cfg.design = d;
	cfg.dmabench.threads = 4;
	cfg.dmabench.granule_pages = 1;
	cfg.dmabench.duration_ns = 200000000ULL;	/* 200 ms virtual */
	cfg.events = events;
	t0 = wall();
	if (model_run(&cfg, &res, err, sizeof(err))) {
		fprintf(stderr, "bench_model: %s\n", err);
		return 1;
	}
	t1 = wall();
	*ops_per_s = (res.ops[MODEL_OP_MAP].count + res.ops[MODEL_OP_UNMAP].count) / (t1 - t0);
	model_results_free(&res);
	return 0;
}

int main(void)
{
	enum model_design_id d;

	printf("# bench_model: dmabench 4K, 4 threads, 200 ms virtual per run, one host core\n");
	for (d = 0; d < MODEL_NR_DESIGNS; d++) {
		double off, on;

		if (measure(d, false, &off) || measure(d, true, &on))
			return 1;
		printf("%-9s %6.2f M simulated DMA ops/s (events off), %6.2f M ops/s (events on), slowdown %.2fx\n",
		       model_design_name(d), off / 1e6, on / 1e6, off / on);
	}
	return 0;
}
