/* SPDX-License-Identifier: GPL-2.0 */
/* perf stat counters over a hw run: system-wide, started and stopped with the window. */
#ifndef BENCH_PERF_STAT_H
#define BENCH_PERF_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct bench_perf_count {
	char event[64];
	char unit[16];		/* "ms" for perf's msec, "count" when perf gives none */
	double value;
	bool supported;		/* false: "<not supported>" or "<not counted>" */
};

/*
 * Parse `perf stat -x,` output (value,unit,event,run-time,pct,...; '#' lines
 * skipped). Returns the number of counters stored in out (at most max).
 */
int bench_perf_csv_parse(const char *text, struct bench_perf_count *out, int max);

/* Start `perf stat -a -x, -o OUT -e EVENTS` (EVENTS comma-separated). pid or -errno. */
pid_t bench_perf_start(const char *events, const char *out);
/* SIGINT perf and wait: it writes OUT on exit. 0 or -errno. */
int bench_perf_stop(pid_t pid);

#endif
