/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner: one `smmubench run` (or sweep) of a bench.conf into a run
 * directory. The CLI (bench/cmd_run.c), a tuner and the nightly recipe call
 * it the same way:
 *
 *	struct bench_runner_opts o;
 *	struct bench_runner_result res;
 *	bench_runner_opts_init(&o);
 *	if (!bench_runner_run(conf, &o, &res) && res.status == REPORT_RUN_COMPLETE)
 *		bench_runner_summary_print(res.run_dir, stdout);
 *
 * It expands the cells and, for each, runs the warm-ups and `repeat`
 * measured runs on the target, each in one collection window, storing
 * everything through the results store (reports/). SIGINT/SIGTERM end the
 * current run early; the directory is then marked incomplete and every
 * system change is undone on the way out. Messages go to stderr.
 */
#ifndef BENCH_RUNNER_H
#define BENCH_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

#include "conf.h"
#include "reports.h"

struct bench_runner_opts {
	const char *results;		/* directory of run directories; NULL: [global] results */
	const char *label;		/* run label; NULL: [global] label */
	int repeat, warmup;		/* measured and warm-up runs per cell; -1: bench.conf's */
	bool quiet;			/* no progress line */
	const char *only_sweep;		/* only the cells of [sweep NAME]; NULL: every cell */
};

struct bench_runner_result {
	char run_dir[4096];		/* the run directory, as finished */
	enum report_run_status status;	/* how the run ended */
};

void bench_runner_opts_init(struct bench_runner_opts *o);
/*
 * Run CONF's cells as O says. Returns 0 with RES filled (RES->status says
 * whether every run completed), or a negative errno with the reason on
 * stderr: -ENOENT when CONF has no [sweep O->only_sweep].
 */
int bench_runner_run(const struct bench_conf *conf, const struct bench_runner_opts *o,
		     struct bench_runner_result *res);
/* The cells O would run, one per line with their parameters, to F; 0 or -errno. */
int bench_runner_cells_print(const struct bench_conf *conf, const struct bench_runner_opts *o,
			     FILE *f);
/* A short table of the headline figures of the run in DIR, to F. */
void bench_runner_summary_print(const char *dir, FILE *f);
/* The HTML and Markdown report of RUN_DIR into <results>/report-<run name>/; 0 or -errno. */
int bench_runner_report_write(const char *run_dir);

#endif
