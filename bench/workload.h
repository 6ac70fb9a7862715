/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workloads: an ops table each (fio's ioengine style), selected by the
 * `type` key of a [workload NAME] section. A workload declares its keys
 * (the parser checks them) and how it runs on each target.
 */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#include <stddef.h>

#include "conf.h"
#include "model.h"

struct bench_ctx;
struct bench_cell;

/* What a model cell runs on, for bench_workload_ops.model_check(). */
struct bench_model_limits {
	unsigned int nr_cpus;		/* simulated CPUs */
	const char *cpus_from;		/* where nr_cpus comes from, for messages */
};

struct bench_workload_ops {
	const char *name;
	const char *summary;
	const struct bench_key *keys;
	unsigned int nr_keys;

	/* model target: fill the model's config from the cell */
	int (*model_setup)(const struct bench_cell *cell, struct model_config *cfg,
			   char *err, size_t err_len);
	/*
	 * model target, at parse time: can the model run TEXT (VALUE parsed) of
	 * KEY? 0, or -EINVAL with the reason in WHY; the parser adds file, line
	 * and key. The limits are the model's own (model.h).
	 */
	int (*model_check)(const struct bench_key *key, const char *text, int64_t value,
			   const struct bench_model_limits *lim, char *why, size_t why_len);
	/* model target: the workload's own figures from the model's results */
	int (*model_report)(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			    const struct model_results *res);

	/* hw target: set up outside the window (bind drivers, write job files) */
	int (*hw_prepare)(struct bench_ctx *ctx, const struct bench_cell *cell, void **state);
	/* hw target: run once inside the open collection window; rep < 0 = warm-up */
	int (*hw_run)(struct bench_ctx *ctx, const struct bench_cell *cell, int rep, void *state);
	/* hw target: undo hw_prepare, always (also after errors and signals) */
	void (*hw_cleanup)(struct bench_ctx *ctx, void *state);
};

extern const struct bench_workload_ops bench_workload_dmabench;
extern const struct bench_workload_ops bench_workload_fio;

const struct bench_workload_ops *bench_workload_find(const char *name);
/* "dmabench, fio" for messages */
const char *bench_workload_names(void);
unsigned int bench_nr_workload_ops(void);
const struct bench_workload_ops *bench_workload_ops_at(unsigned int i);

#endif
