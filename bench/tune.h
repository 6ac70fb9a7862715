/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tuner: explore the invalidation-batching policies of each design for
 * one workload of a bench.conf on the model, with the safety oracle on, and
 * recommend the fastest safe policy per design (and the fastest whose
 * exposure window stays under a bound). bench/cmd_tune.c is its command
 * line; the run directory it writes is a normal one (report, compare).
 *
 *	struct bench_tune_opts o;
 *	struct bench_tune_result *r;
 *	bench_tune_opts_init(&o);
 *	o.workload = "unmap1m";
 *	if (!bench_tune_run(conf, &o, &r)) { bench_tune_print(r, stdout); ... }
 *	bench_tune_result_free(r);
 *
 * The policy space of a design is the grid of the knobs it reads
 * (model_knob_read()): native ril x lazy (x fq_size x fq_timeout_ns when
 * lazy); paravirt ril x cmds_per_sync x el2_wait (x map_sg on sg lists);
 * nested ril x cmds_per_sync x nested_drain x el2_wait. Over the budget,
 * coordinate descent from the bench.conf policy replaces the grid.
 */
#ifndef BENCH_TUNE_H
#define BENCH_TUNE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"

#define BENCH_TUNE_MAX_REPS	64
#define BENCH_TUNE_MAX_DIMS	6

struct bench_tune_opts {
	const char *workload;		/* [workload NAME] to tune */
	const char *results;		/* directory of run directories; NULL: [global] results */
	const char *label;		/* NULL: tune-<workload> */
	int repeat;			/* runs per policy; -1: [global] repeat */
	unsigned int budget;		/* policies per design and cell; 0: the whole grid */
	uint64_t max_window_ns;		/* bound of the windowed pick; 0: none */
	bool quiet;			/* no progress line */
};

/* One policy of one design on one workload cell, over its repetitions. */
struct bench_tune_point {
	unsigned int group;
	unsigned char idx[BENCH_TUNE_MAX_DIMS];	/* value index per knob of the space */
	bool is_default;			/* bench.conf's own policy */
	char cell[256];				/* its cell in the run directory */
	char policy[192];			/* "ril=on cmds_per_sync=64" */
	unsigned int nrep;
	double p50[BENCH_TUNE_MAX_REPS];	/* op p50 (unmap; block: io), ns */
	double p99[BENCH_TUNE_MAX_REPS];
	double cpu[BENCH_TUNE_MAX_REPS];	/* CPU ns per IO (unmap; block: IO) */
	double syncs[BENCH_TUNE_MAX_REPS];	/* CMD_SYNCs per unmap */
	double wmax[BENCH_TUNE_MAX_REPS];	/* exposure window max, ns */
	double exposed[BENCH_TUNE_MAX_REPS];	/* bytes exposed */
	double c_p50, c_p99, c_cpu, c_syncs, c_wmax, c_exposed;	/* centres */
	bool safe;				/* no violation in any repetition */
	bool deferred;				/* the policy defers invalidation */
	bool pareto;				/* on the group's Pareto front */
};

/* One design on one workload cell: its points and the picks. */
struct bench_tune_group {
	char name[192];			/* the workload cell ("paravirt.unmap1m.threads=4") */
	int design;			/* enum model_design_id */
	char params[256];
	bool block;			/* the op is "io" (fio-like), not "unmap" */
	int def;			/* point index of the bench.conf policy */
	int best_safe;			/* fastest strict-safe (window 0); -1: none */
	int best_window;		/* fastest safe with window <= max_window_ns; -1: none */
	int best_noril;			/* fastest strict-safe not using RIL (an SMMU without it) */
	double gain, gain_lo, gain_hi;	/* default p50 / best_safe p50, bootstrap 95% */
	double gain_nr, gain_nr_lo, gain_nr_hi;	/* the same for best_noril */
	bool descent;			/* coordinate descent (grid over the budget) */
	unsigned int grid;		/* grid size */
};

struct bench_tune_result {
	char run_dir[4096];
	char workload[64];
	uint64_t max_window_ns;
	struct bench_tune_point *pt;
	unsigned int nr_pt;
	struct bench_tune_group *grp;
	unsigned int nr_grp;
};

void bench_tune_opts_init(struct bench_tune_opts *o);
/*
 * Tune O->workload of CONF (model target). Returns 0 with *RES (free it
 * with bench_tune_result_free()), or a negative errno with the reason on
 * stderr: -ENOENT without such a workload, -EINVAL on a hw target.
 */
int bench_tune_run(const struct bench_conf *conf, const struct bench_tune_opts *o,
		   struct bench_tune_result **res);
void bench_tune_result_free(struct bench_tune_result *res);

/* bench/tune_print.c */
/* Pareto tables, picks, gains and the settings to apply, as text. */
void bench_tune_print(const struct bench_tune_result *r, FILE *f);
/* The same as one JSON object (also written to <run>/tune.json); 0 or -errno. */
int bench_tune_json_write(const struct bench_tune_result *r, FILE *f);
/*
 * The settings of point P: bench.conf [model] keys into KEYS; for hw the
 * kernel command line of the knobs the kernel has into CMDLINE ("" when it
 * has none, with the reason in CMDLINE after "# ").
 */
void bench_tune_settings(const struct bench_tune_result *r, const struct bench_tune_point *p,
			 char *keys, size_t keys_len, char *cmdline, size_t cmdline_len);

/* bench/tune_space.c: a design's knobs and values */
struct bench_tune_dim {
	const char *key;		/* the [model] key and struct model_knobs field */
	unsigned int nr;
	int64_t val[4];			/* bench.conf numeric value (ENUM: index) */
	const char *text[4];		/* as written in bench.conf */
};
/* The knobs tuned for DESIGN; *nr gets how many. */
const struct bench_tune_dim *bench_tune_dims(int design, unsigned int *nr);
struct model_config;
/* Set knob DIM to its value I in CFG. */
void bench_tune_dim_apply(const struct bench_tune_dim *dim, unsigned int i,
			  struct model_config *cfg);

#endif
