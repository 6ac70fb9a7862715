/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From one collection window to the results store: per-op metrics and lost
 * events of a trace session, and the per-cell histograms (summed over the
 * repetitions of a cell, written as hist/<cell>/<op>.json at its end).
 */
#ifndef BENCH_COLLECT_H
#define BENCH_COLLECT_H

#include <stdint.h>

struct bench_ctx;
struct bench_cell;
struct trace_session;
struct trace_hist;

#define BENCH_MAX_HISTS 64

struct bench_hists {
	unsigned int nr;
	char name[BENCH_MAX_HISTS][64];
	struct trace_hist *hist[BENCH_MAX_HISTS];
};

/* The histogram of OP in H, created on first use; NULL on ENOMEM/full. */
struct trace_hist *bench_hists_get(struct bench_hists *h, const char *op);
/* Write every histogram of H for CELL and empty H. */
int bench_hists_flush(struct bench_ctx *ctx, const char *cell, struct bench_hists *h);
void bench_hists_free(struct bench_hists *h);

/* Metric rows for the latency histogram of OP: count, mean, min, p50, p90, p99, p99_9, max. */
int bench_hist_metrics(struct bench_ctx *ctx, const char *cell, int rep, const char *op,
		       const char *unit, const struct trace_hist *hist);

/*
 * Record a stopped session: every op's figures, lost events per source and
 * CPU (zeros included, so "no loss" is recorded too), histograms merged into
 * H. REP < 0 (warm-up) records nothing. With TMP and ALIAS (both may be
 * NULL) a source "KIND:TMP/rest" is named "KIND:ALIAS/rest" in the rows
 * (TMP a temporary path). The attribution by nesting (trace/nest.h) goes in
 * as rows op "<map|unmap>.<part>", metrics mean, p50, p99 (ns), sum (ns),
 * n = host ops; op "attr": excluded_<op>, unnested_<reason> (count),
 * clock_resolution (ns), max_residual (ns).
 */
int bench_collect_record(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			 struct trace_session *s, struct bench_hists *h, const char *tmp,
			 const char *alias);

#endif
