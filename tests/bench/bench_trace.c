// SPDX-License-Identifier: GPL-2.0
/*
 * Collector throughput, printed (never asserted):
 *  1. raw pages -> per-op histograms (trace/ decode + aggregation), events/s,
 *     beside libtracefs' tracefs_iterate_raw_events() on the same pages in
 *     the same run (its callback reads dur_ns and fills the same histogram);
 *  2. remote text lines parsed, lines/s (parser alone, and the whole
 *     source: per-CPU merge + aggregation);
 *  3. streaming (root + tracefs): the highest event rate a host instance
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
#include <traceevent/event-parse.h>

#include "common.h"
#include "hypev.h"
#include "trace_int.h"

#define NR_CPUS		2
#define EV_PER_CPU	500000
#define SUBBUF		4096
#define TEXT_LINES	1000000
#define RAW_REPS	7

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_raw(const char *dir)
{
	struct hypev_smmu_map map = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096,
				      .pgcount = 1 };
	u32 nr_pages = EV_PER_CPU / 60 + 16;	/* 68 60-byte records per page */
	unsigned char page[SUBBUF];
	struct hypev_rb rb;
	char path[PATH_MAX];
	unsigned int cpu, i;
	void *mem;
	FILE *f;

	mem = malloc(hypev_rb_mem_size(nr_pages, SUBBUF));
	if (!mem)
		return -ENOMEM;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (hypev_rb_init(&rb, mem, hypev_rb_mem_size(nr_pages, SUBBUF), nr_pages, SUBBUF))
			return -EINVAL;
		for (i = 0; i < EV_PER_CPU; i++) {
			map.iova = (u64)i << 12;
			map.dur_ns = 200 + (i * 7919u) % 5000;
			hypev_rb_write(&rb, 1000000000ULL + i * 1000ULL + cpu * 500, &map, sizeof(map));
		}
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
		f = fopen(path, "w");
		if (!f)
			return -errno;
		while (hypev_rb_read_page(&rb, page, true) >= 0)
			fwrite(page, SUBBUF, 1, f);
		fclose(f);
	}
	free(mem);
	return 0;
}

struct iter_ctx {
	struct tep_format_field *dur;
	struct trace_hist *h;
	unsigned long long n;
};

static int iter_cb(struct tep_event *ev, struct tep_record *rec, int cpu, void *arg)
{
	struct iter_ctx *c = arg;
	unsigned long long v;

	if (!c->dur)
		c->dur = tep_find_field(ev, "dur_ns");
	if (c->dur && !tep_read_number_field(c->dur, rec->data, &v))
		trace_hist_add(c->h, v);
	c->n++;
	return 0;
}

static double bench_raw_ours(const char *dir, uint64_t *n)
{
	char spec[PATH_MAX];
	const char *srcs[] = { spec, NULL };
	struct trace_opts o = { .sources = srcs };
	struct trace_session *s;
	double t0, t;

	snprintf(spec, sizeof(spec), "raw:%s", dir);
	s = trace_session_open(&o);
	if (!s)
		return -1;
	t0 = now_s();
	trace_session_run_for(s, 0);
	t = now_s() - t0;
	*n = trace_session_op_find(s, "smmu_map") ? trace_session_op_find(s, "smmu_map")->count : 0;
	trace_session_free(s);
	return t;
}

static struct tep_handle *bench_tep(const char *rawdir)
{
	struct tep_handle *tep = tep_alloc();
	char path[PATH_MAX], *text;
	unsigned int i;
	size_t len;

	if (!tep)
		return NULL;
	tep_set_long_size(tep, 8);
	snprintf(path, sizeof(path), "%s/events/header_page", rawdir);
	if (file_read_all(path, &text, &len))
		return NULL;
	tep_parse_header_page(tep, text, len, 8);
	free(text);
	for (i = 0; i < HYPEV_NR_EVENTS; i++) {
		snprintf(path, sizeof(path), "%s/events/hypervisor/%s/format", rawdir,
			 hypev_event_descs[i].name);
		if (file_read_all(path, &text, &len))
			continue;
		tep_parse_event(tep, text, len, "hypervisor");
		free(text);
	}
	return tep;
}

/* libtracefs reads <tracing_dir>/instances/<name>/per_cpu/cpuN/trace_pipe_raw */
static double bench_raw_tracefs(const char *tmp, const char *rawdir, uint64_t *n, bool first)
{
	struct tracefs_instance *inst;
	struct iter_ctx c = { 0 };
	struct tep_handle *tep;
	char path[PATH_MAX], target[PATH_MAX];
	unsigned int cpu;
	double t0, t;

	for (cpu = 0; first && cpu < NR_CPUS; cpu++) {
		snprintf(path, sizeof(path), "%s/tfs/instances/b/per_cpu/cpu%u", tmp, cpu);
		dir_make_p(path);
		snprintf(target, sizeof(target), "%s/per_cpu/cpu%u/trace_pipe_raw", rawdir, cpu);
		snprintf(path, sizeof(path), "%s/tfs/instances/b/per_cpu/cpu%u/trace_pipe_raw", tmp, cpu);
		if (symlink(target, path)) {
			perror(path);
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/tfs/events", tmp);
	dir_make_p(path);
	snprintf(target, sizeof(target), "%s/events/header_page", rawdir);
	snprintf(path, sizeof(path), "%s/tfs/events/header_page", tmp);
	trace_copy_file(target, path);
	tep = bench_tep(rawdir);
	snprintf(path, sizeof(path), "%s/tfs", tmp);
	inst = tracefs_instance_alloc(path, "b");
	if (!tep || !inst) {
		fprintf(stderr, "bench_trace: libtracefs: %s\n", !tep ? "no tep" : "no instance");
		return -1;
	}
	c.h = trace_hist_new();
	t0 = now_s();
	if (tracefs_iterate_raw_events(tep, inst, NULL, 0, iter_cb, &c))
		fprintf(stderr, "bench_trace: tracefs_iterate_raw_events: %s\n", strerror(errno));
	t = now_s() - t0;
	*n = c.n;
	trace_hist_free(c.h);
	tracefs_instance_free(inst);
	tep_free(tep);
	return t;
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
	char tmp[] = "/tmp/bench_trace-XXXXXX", raw[256], rem[256], evdir[PATH_MAX];
	struct trace_textfmt *tf;
	struct trace_rec rec;
	uint64_t n_ours = 0, n_tfs = 0, lost, lines = 0;
	const char *why, *p, *end, *nl;
	double t_ours, t_tfs, t;
	unsigned int i;
	size_t len;
	char *buf;
	const char *srcs[2] = { NULL, NULL };
	struct trace_opts o = { .sources = srcs };
	struct trace_session *s;
	char spec[PATH_MAX];

	if (!mkdtemp(tmp))
		return 1;
	snprintf(raw, sizeof(raw), "%s/raw", tmp);
	snprintf(rem, sizeof(rem), "%s/remote", tmp);
	if (hypev_remote_dir_create(raw, NR_CPUS, SUBBUF) || write_raw(raw) ||
	    hypev_remote_dir_create(rem, NR_CPUS, SUBBUF)) {
		fprintf(stderr, "bench_trace: cannot build the test data in %s\n", tmp);
		return 1;
	}

	printf("# bench_trace: %u CPUs x %u smmu_map events in %u-byte ftrace pages (hypev_rb)\n",
	       NR_CPUS, EV_PER_CPU, SUBBUF);
	/*
	 * best of RAW_REPS each, interleaved, so both see the same warm page
	 * cache and the same neighbours on a shared machine
	 */
	t_ours = t_tfs = 1e9;
	for (i = 0; i < RAW_REPS; i++) {
		t = bench_raw_ours(raw, &n_ours);
		if (t > 0 && t < t_ours)
			t_ours = t;
		t = bench_raw_tracefs(tmp, raw, &n_tfs, i == 0);
		if (t > 0 && t < t_tfs)
			t_tfs = t;
	}
	printf("raw decode -> histograms (trace/, own page walker): %10.0f events/s  (%llu events, best %.3f s of %d)\n",
	       n_ours / t_ours, (unsigned long long)n_ours, t_ours, RAW_REPS);
	if (t_tfs < 1e9)
		printf("tracefs_iterate_raw_events() -> same histogram:     %10.0f events/s  (%llu events, best %.3f s of %d)\n"
		       "ratio trace/ : tracefs_iterate_raw_events = %.2f x\n",
		       n_tfs / t_tfs, (unsigned long long)n_tfs, t_tfs, RAW_REPS,
		       (n_ours / t_ours) / (n_tfs / t_tfs));
	else
		printf("tracefs_iterate_raw_events(): could not run on the files\n");
	/* the reference walker the fast one falls back to */
	setenv("SMMUBENCH_RAW_DECODE", "kbuffer", 1);
	t_ours = 1e9;
	for (i = 0; i < RAW_REPS; i++) {
		t = bench_raw_ours(raw, &n_ours);
		if (t > 0 && t < t_ours)
			t_ours = t;
	}
	unsetenv("SMMUBENCH_RAW_DECODE");
	printf("raw decode -> histograms (trace/, kbuffer + tep):   %10.0f events/s  (%llu events, best %.3f s of %d)\n",
	       n_ours / t_ours, (unsigned long long)n_ours, t_ours, RAW_REPS);

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
