/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace_hist: a log-linear latency histogram in nanoseconds.
 *
 * Values below 128 ns have a bucket each (exact). Above, every power of two
 * [2^e, 2^(e+1)) is split into 64 equal buckets, so a bucket's width is at
 * most 1/64 of its lower bound (fio's and HdrHistogram's precision) over the
 * whole u64 range: no overflow bucket, nothing clamped. count, min, max and
 * sum are kept exactly beside the buckets.
 *
 * Percentiles use the nearest-rank rule: the sample of rank
 * ceil(pct / 100 * count) (at least 1) is located; its bucket's midpoint is
 * returned, clamped to [min, max]. Exact below 128 ns, else within 1/128.
 *
 * The layout is hyp-instrumentation/hypev_hist.h's, shared with EL2 (which
 * bins ops itself in aggregated mode).
 *
 * Histograms merge (sum of two runs or two CPUs) and round-trip through
 * JSON (json-c) without losing anything.
 */
#ifndef TRACE_HIST_H
#define TRACE_HIST_H

#include <stdint.h>

struct json_object;
struct trace_hist;

/* Returns NULL and sets errno on failure. */
struct trace_hist *trace_hist_new(void);
void trace_hist_free(struct trace_hist *h);
void trace_hist_reset(struct trace_hist *h);

void trace_hist_add(struct trace_hist *h, uint64_t v);
/* n samples of value v (n == 0 does nothing). */
void trace_hist_add_n(struct trace_hist *h, uint64_t v, uint64_t n);
/*
 * Aggregated input (an EL2 histogram's readout, hypev_hist.h): n samples in
 * bucket idx of the shared layout (0, or -ERANGE past the last bucket), and
 * the summary of the samples added so (min, max, sum; count comes from the
 * buckets). Bucket-exact: the same as adding each value.
 */
int trace_hist_add_bucket(struct trace_hist *h, unsigned int idx, uint64_t n);
void trace_hist_add_summary(struct trace_hist *h, uint64_t min, uint64_t max, uint64_t sum);
/* dst += src. Returns 0, or -EINVAL. */
int trace_hist_merge(struct trace_hist *dst, const struct trace_hist *src);

uint64_t trace_hist_count(const struct trace_hist *h);
uint64_t trace_hist_min(const struct trace_hist *h);	/* 0 when empty */
uint64_t trace_hist_max(const struct trace_hist *h);
uint64_t trace_hist_sum(const struct trace_hist *h);
double trace_hist_mean(const struct trace_hist *h);	/* 0.0 when empty */
/* pct in [0, 100], e.g. 99.9; returns 0 when empty. */
uint64_t trace_hist_percentile(const struct trace_hist *h, double pct);

/*
 * Non-empty buckets, in increasing order: idx in [0, trace_hist_nr_buckets()).
 * lo and hi are inclusive bounds in ns. Returns 0, or -ERANGE past the end.
 */
unsigned int trace_hist_nr_buckets(const struct trace_hist *h);
int trace_hist_bucket(const struct trace_hist *h, unsigned int idx,
		      uint64_t *lo, uint64_t *hi, uint64_t *count);

/*
 * JSON object: {"unit": "ns", "count", "min", "max", "sum", "p50", "p90",
 * "p99", "p99_9", "buckets": [[lo, hi, count], ...]} (non-empty buckets).
 * Returns 0 with *out owned by the caller, or a negative errno.
 */
int trace_hist_to_json(const struct trace_hist *h, struct json_object **out);
/*
 * The inverse; NULL and errno (EINVAL for a malformed object) on failure.
 * Any non-empty "unit" is accepted: the collector writes batch-size
 * distributions (unit "pages", "count") in the same form.
 */
struct trace_hist *trace_hist_from_json(struct json_object *obj);

#endif
