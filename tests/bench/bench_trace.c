// SPDX-License-Identifier: GPL-2.0
/*
 * Text throughput, printed (never asserted): remote text lines parsed,
 * lines/s (the parser alone, and the whole source: per-CPU merge +
 * aggregation), lines from hyp-instrumentation's writer. Raw pages are
 * bench_rawdecode.c's, streaming bench_stream.c's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "hypev.h"
#include "trace_int.h"

#define NR_CPUS		2
#define SUBBUF		4096
#define TEXT_LINES	1000000

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_text(const char *dir, char **buf, size_t *len)
{
	struct hypev_smmu_map map = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096,
				      .pgcount = 1, .paddr = 0x80000000 };
	const struct hypev_event_desc *ev = hypev_event_find("smmu_map");
	FILE *m = open_memstream(buf, len), *f[NR_CPUS];
	char path[PATH_MAX];
	unsigned int i, cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe", dir, cpu);
		f[cpu] = fopen(path, "w");
		if (!f[cpu])
			return -errno;
	}
	for (i = 0; i < TEXT_LINES; i++) {
		map.iova = (u64)i << 12;
		map.dur_ns = 200 + (i * 7919u) % 5000;
		cpu = i % NR_CPUS;
		hypev_text_line_write(m, cpu, 5000000000ULL + i * 1000ULL, ev, &map);
		hypev_text_line_write(f[cpu], cpu, 5000000000ULL + i * 1000ULL, ev, &map);
	}
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		fclose(f[cpu]);
	fclose(m);
	return 0;
}

/* the figures in the order bench-self prints them, each measured side by side with its peer */
int main(void)
{
	char tmp[] = "/tmp/bench_trace-XXXXXX", rem[256], evdir[PATH_MAX];
	struct trace_textfmt *tf;
	struct trace_rec rec;
	uint64_t lost, lines = 0;
	const char *why, *p, *end, *nl;
	double t;
	size_t len;
	char *buf;
	const char *srcs[2] = { NULL, NULL };
	struct trace_opts o = { .sources = srcs };
	struct trace_session *s;
	char spec[PATH_MAX];

	if (!mkdtemp(tmp))
		return 1;
	snprintf(rem, sizeof(rem), "%s/remote", tmp);
	if (hypev_remote_dir_create(rem, NR_CPUS, SUBBUF)) {
		fprintf(stderr, "bench_trace: cannot build the test data in %s\n", tmp);
		return 1;
	}

	printf("# bench_trace: %u CPUs, %u smmu_map text lines\n", NR_CPUS, TEXT_LINES);
	if (write_text(rem, &buf, &len))
		return 1;
	snprintf(evdir, sizeof(evdir), "%s/events", rem);
	tf = trace_textfmt_load(evdir, "hypervisor");
	if (!tf)
		return 1;
	t = now_s();
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (trace_text_line_parse(tf, p, nl - p, &rec, &lost, &why) == TRACE_LINE_EVENT)
			lines++;
	}
	t = now_s() - t;
	printf("text line parse (one core):                          %10.0f lines/s   (%llu lines, %.3f s)\n",
	       lines / t, (unsigned long long)lines, t);
	trace_textfmt_free(tf);
	free(buf);

	snprintf(spec, sizeof(spec), "remote:%s", rem);
	srcs[0] = spec;
	s = trace_session_open(&o);
	if (s) {
		t = now_s();
		trace_session_run_for(s, 0);
		t = now_s() - t;
		printf("text source (read, parse, merge CPUs, histograms):   %10.0f lines/s   (%.3f s, %llu events)\n",
		       TEXT_LINES / t, t, trace_session_op_find(s, "smmu_map") ?
		       (unsigned long long)trace_session_op_find(s, "smmu_map")->count : 0ULL);
		trace_session_free(s);
	}
	dir_remove_tree(tmp);
	return 0;
}
