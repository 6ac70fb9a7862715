/* SPDX-License-Identifier: GPL-2.0 */
/* fio as a workload: job files from bench.conf keys, its JSON output parsed. */
#ifndef BENCH_FIO_H
#define BENCH_FIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bench_cell;

/* One direction of fio's "jobs"[0] (group_reporting: all jobs summed). */
struct bench_fio_dir {
	uint64_t io_bytes;
	uint64_t total_ios;
	double iops;
	double bw_bytes;		/* bytes/s */
	uint64_t runtime_ms;
	uint64_t clat_n;
	double clat_min_ns, clat_max_ns, clat_mean_ns, clat_stddev_ns;
	double clat_p50_ns, clat_p90_ns, clat_p99_ns, clat_p99_9_ns;	/* NAN when absent */
	double lat_mean_ns;
};

struct bench_fio_result {
	char version[32];
	struct bench_fio_dir read, write;
	double usr_cpu, sys_cpu;	/* percent */
	uint64_t ctx;			/* context switches */
	int error;			/* the job's "error" field */
};

/*
 * Parse fio --output-format=json or json+ output (text before the first '{',
 * such as warnings, is skipped). 0, or -EINVAL with what is missing in err.
 */
int bench_fio_json_parse(const char *text, struct bench_fio_result *out, char *err,
			 size_t err_len);

/* Write the job file for CELL (keys of the fio workload) to F. */
int bench_fio_jobfile_write(FILE *f, const struct bench_cell *cell);

#endif
