// SPDX-License-Identifier: GPL-2.0
/*
 * Collector throughput, printed (never asserted); raw pages are
 * bench_rawdecode.c's:
 *  1. remote text lines parsed, lines/s (parser alone, and the whole
 *     source: per-CPU merge + aggregation);
 *  2. streaming (root + tracefs): the highest event rate a host instance
 *     with 1 MiB/CPU takes with zero loss, events written to its
 *     trace_marker at a paced rate for 1 s while the readers stream.
 * Pages and lines come from hyp-instrumentation's writers.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

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

struct writer {
	int fd;
	double rate;
	uint64_t n;
	double secs;
};

static void *writer_thread(void *arg)
{
	struct writer *w = arg;
	double t0 = now_s(), t;
	uint64_t due;

	/* paced: at most rate events per second, for 1 s of wall time */
	for (t = 0; t < 1.0; t = now_s() - t0) {
		due = (uint64_t)(t * w->rate);
		while (w->n < due && (w->n & 255 || now_s() - t0 < 1.0)) {
			if (write(w->fd, "sb", 2) != 2)
				return NULL;
			w->n++;
		}
	}
	w->secs = now_s() - t0;
	return NULL;
}

/* one 1 s window at a target rate; returns the events written, -1 on error */
static int stream_try(double rate, uint64_t *written, uint64_t *got, uint64_t *lost, double *secs)
{
	const char *evs[] = { "ftrace:print", NULL };
	struct trace_opts o = { .events = evs, .buf_kb = 1024 };
	struct writer w[NR_CPUS] = { 0 };
	const struct trace_op_stats *op;
	struct trace_session *s;
	pthread_t th[NR_CPUS];
	char path[PATH_MAX];
	cpu_set_t set;
	unsigned int i;

	s = trace_session_open(&o);
	if (!s)
		return -1;
	snprintf(path, sizeof(path), "%s/instances/" TRACE_INSTANCE_PFX "%d/trace_marker",
		 tracefs_tracing_dir(), (int)getpid());
	for (i = 0; i < NR_CPUS; i++) {
		w[i].rate = rate / NR_CPUS;
		w[i].fd = open(path, O_WRONLY | O_CLOEXEC);
		if (w[i].fd < 0) {
			trace_session_free(s);
			return -1;
		}
	}
	if (trace_session_start(s)) {
		trace_session_free(s);
		return -1;
	}
	/* one writer per CPU, so every per-CPU buffer and reader is loaded */
	for (i = 0; i < NR_CPUS; i++) {
		pthread_create(&th[i], NULL, writer_thread, &w[i]);
		CPU_ZERO(&set);
		CPU_SET(i, &set);
		pthread_setaffinity_np(th[i], sizeof(set), &set);
	}
	*written = 0;
	*secs = 0;
	for (i = 0; i < NR_CPUS; i++) {
		pthread_join(th[i], NULL);
		close(w[i].fd);
		*written += w[i].n;
		if (w[i].secs > *secs)
			*secs = w[i].secs;
	}
	trace_session_stop(s);
	op = trace_session_op_find(s, "ftrace:print");
	*got = op ? op->count : 0;
	*lost = trace_session_lost(s);
	trace_session_free(s);
	return 0;
}

static void bench_stream(void)
{
	static const double rates[] = { 50e3, 100e3, 200e3, 400e3, 800e3, 1600e3 };
	uint64_t written, got, lost;
	double secs, best = 0;
	unsigned int i;

	if (getuid() || !tracefs_tracing_dir()) {
		printf("streaming: skipped (needs root and tracefs)\n");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(rates); i++) {
		if (stream_try(rates[i], &written, &got, &lost, &secs)) {
			printf("streaming: cannot open a host session\n");
			return;
		}
		printf("streaming, target %7.0f events/s: %8.0f events/s written (%llu), %llu "
		       "decoded, %llu lost\n", rates[i], written / secs,
		       (unsigned long long)written, (unsigned long long)got,
		       (unsigned long long)lost);
		if (lost || got != written)
			break;
		if (written / secs > best)
			best = written / secs;
	}
	printf("streaming: highest rate with zero loss (1 MiB/CPU, %u writers): %.0f events/s\n",
	       NR_CPUS, best);
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
	bench_stream();
	return 0;
}
