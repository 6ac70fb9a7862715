/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner's inner API: cells (one point of the matrix), targets (an ops
 * table: model, hw) and the context of one `smmubench run`.
 */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "conf.h"
#include "reports.h"
#include "workload.h"

struct report_run;

#define BENCH_CELL_NAME_MAX 192

/* One cell: a workload section with one value per key, a design, a sweep point. */
struct bench_cell {
	char name[BENCH_CELL_NAME_MAX];		/* unique, [A-Za-z0-9._=,+-] */
	struct report_params param;		/* list keys, then the sweep knob */
	char params[256];			/* param as text: "threads=4 granule=256" */
	const struct bench_section *wl;
	const struct bench_workload_ops *ops;
	int design;				/* enum model_design_id, -1 on hw */
	const struct bench_section *sweep;	/* NULL when not a sweep point */
	unsigned int sweep_idx;			/* index into the sweep's values */
	unsigned int idx[64];			/* value index per key of wl */
};

struct bench_cells {
	struct bench_cell *cell;
	unsigned int nr;
};

/*
 * Expand CONF into cells: for every workload section, the cartesian product
 * of its list keys, times the designs (model target). Each [sweep] adds one
 * cell per value x workload cell. ONLY_SWEEP (may be NULL) keeps the cells of
 * that sweep only; NO_SWEEPS drops all sweep cells.
 */
int bench_cells_expand(const struct bench_conf *conf, const char *only_sweep, bool no_sweeps,
		       struct bench_cells *out);
void bench_cells_free(struct bench_cells *cells);

/* The cell's value of KEY of its workload (its list item). */
int64_t bench_cell_num(const struct bench_cell *cell, const char *key);
const char *bench_cell_str(const struct bench_cell *cell, const char *key);
/* A [model] key, with the cell's sweep point applied when it sweeps that knob. */
int64_t bench_cell_model_num(const struct bench_conf *conf, const struct bench_cell *cell,
			     const char *key);

/*
 * Model target: the model's config for CELL (bench/target_model.c), from
 * its workload, design and [model] keys with the cell's sweep point; the
 * seed is the base one. 0, or a negative errno with the reason in err.
 */
int bench_model_config_fill(const struct bench_conf *conf, const struct bench_cell *cell,
			    struct model_config *cfg, char *err, size_t err_len);

/*
 * Model target: the "raw:" specs of the model's output DIR, in the order
 * the collector decodes them: host/ first, then the EL2 remote (see
 * bench/target_model.c). How many, at most max.
 */
int bench_model_sources(const char *dir, char specs[][PATH_MAX + 8], int max);

/* What one `smmubench run` carries through targets and workloads. */
struct bench_ctx {
	const struct bench_conf *conf;
	struct report_run *run;		/* the results store's writer */
	char run_dir[4096];		/* report_run_dir() at open */
	volatile sig_atomic_t *stop;	/* set by SIGINT/SIGTERM */
	FILE *log;			/* progress and notes (stderr) */
	bool quiet;
	char design[32];		/* hw: the design the kernel runs (target open) */
	int warmup;			/* warm-up runs per cell */
	volatile pid_t child;		/* a workload's child process (fio), killed on SIGINT */
};

struct bench_target_ops {
	const char *name;
	int (*open)(struct bench_ctx *ctx, void **priv);
	/* run the cell once; rep < 0 is a warm-up (nothing recorded) */
	int (*cell_run)(struct bench_ctx *ctx, void *priv, const struct bench_cell *cell, int rep);
	/* after the last repetition of a cell: write its histograms */
	int (*cell_end)(struct bench_ctx *ctx, void *priv, const struct bench_cell *cell);
	/* stop an ongoing run early (async-signal-safe) */
	void (*interrupt)(void *priv);
	void (*close)(struct bench_ctx *ctx, void *priv);
};

extern const struct bench_target_ops bench_target_model;
extern const struct bench_target_ops bench_target_hw;
const struct bench_target_ops *bench_target_find(const char *name);

/* Progress line on ctx->log: cell i of n, repetition, elapsed, ETA. */
struct bench_progress {
	uint64_t start_ns;
	unsigned int nr_cells, runs_per_cell;
	unsigned int runs_done;
};
void bench_progress_init(struct bench_progress *p, unsigned int nr_cells,
			 unsigned int runs_per_cell);
/* Text of the progress line into buf (no newline). */
void bench_progress_format(const struct bench_progress *p, unsigned int cell_idx, int rep,
			   int nr_rep, uint64_t now_ns, char *buf, size_t len);
uint64_t bench_now_ns(void);

#endif
