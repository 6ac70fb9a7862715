// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming limit, printed (never asserted), issue 18 goal 2: a live source
 * (its per-CPU readers copy the live files to the spool while the window is
 * open; decoding runs after the window, from the spool) is offered events at
 * a paced rate for 1 s by one writer thread per CPU, at 0.5, 1, 2, 4, 8,
 * 16 M events/s, with 1 MiB and 4 MiB per CPU. Two generators:
 *   marker  the kernel path: a host instance (trace/'s "host" source), one
 *           write() to its trace_marker per event (ftrace:print), the
 *           kernel's ring buffer of buf_kb per CPU; lost = its overruns;
 *   pages   the collector alone: a raw: dir whose per_cpu files are FIFOs
 *           of buf_kb each (F_SETPIPE_SZ), fed whole ftrace pages of
 *           smmu_map events (60 bytes, 68 a page) made by hypev_rb without
 *           blocking; a page the FIFO has no room for is lost, as a ring
 *           buffer would overwrite it.
 * Each row says what the writers reached, what was decoded, what was lost,
 * the writers' and the collector's CPU time in the window and the decode
 * time after it, and names the limit: "writers" when they cannot reach the
 * offered rate, "readers" when the buffer overran (decoding cannot lose).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "common.h"
#include "hypev.h"
#include "trace_int.h"

#define NR_CPUS		2
#define TRIES		3		/* windows per rate, the median shown */

enum gen { GEN_MARKER, GEN_PAGES };

#define SUBBUF		4096
#define PAGE_EVENTS	68		/* 60-byte smmu_map records in a 4096-byte page */

struct writer {
	enum gen gen;
	int fd;
	double rate;			/* events/s this writer offers */
	uint64_t n;			/* events made */
	uint64_t dropped;		/* pages: events of pages the FIFO had no room for */
	const unsigned char *page;	/* pages: the template page */
	double secs, cpu_s;
};

struct try {
	double rate;
	uint64_t written, got, lost;
	char dir[64];			/* pages: the raw dir */
	double secs, writer_cpu_s, total_cpu_s, decode_s;
};

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double rusage_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

/* pages: one page, its header's time moved on, written if the FIFO has room */
static void page_put(struct writer *w)
{
	unsigned char pg[SUBBUF];
	uint64_t ts = 1000000000ULL + w->n * 1000;

	memcpy(pg, w->page, SUBBUF);
	memcpy(pg, &ts, sizeof(ts));
	if (write(w->fd, pg, SUBBUF) != SUBBUF)
		w->dropped += PAGE_EVENTS;
	w->n += PAGE_EVENTS;
}

/* paced: at most rate events per second, for 1 s of wall time */
static void *writer_thread(void *arg)
{
	struct writer *w = arg;
	double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID), t;
	uint64_t due;

	for (t = 0; t < 1.0; t = clock_s(CLOCK_MONOTONIC) - t0) {
		due = (uint64_t)(t * w->rate);
		/* ahead: leave the CPU to the readers (2 cores, 2 writers) */
		if (w->n >= due) {
			usleep(100);
			continue;
		}
		/* the clock is read once per 256 events or pages */
		while (w->n < due && ((w->gen == GEN_PAGES ? w->n / PAGE_EVENTS : w->n) & 255 ||
				      clock_s(CLOCK_MONOTONIC) - t0 < 1.0)) {
			if (w->gen == GEN_PAGES) {
				page_put(w);
				continue;
			}
			if (write(w->fd, "sb", 2) != 2)
				return NULL;
			w->n++;
		}
	}
	w->secs = clock_s(CLOCK_MONOTONIC) - t0;
	w->cpu_s = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
	if (w->gen == GEN_PAGES)
		close(w->fd);		/* EOF: the reader's drain ends */
	return NULL;
}

static uint64_t gen_count(struct trace_session *s, enum gen gen)
{
	const struct trace_op_stats *op =
		trace_session_op_find(s, gen == GEN_PAGES ? "smmu_map" : "ftrace:print");

	return op ? op->count : 0;
}

static int writers_run(struct writer *w, struct try *r)
{
	pthread_t th[NR_CPUS];
	cpu_set_t set;
	unsigned int i;

	/* one writer per CPU, so every per-CPU buffer and reader is loaded */
	for (i = 0; i < NR_CPUS; i++) {
		if (pthread_create(&th[i], NULL, writer_thread, &w[i]))
			return -EAGAIN;
		CPU_ZERO(&set);
		CPU_SET(i, &set);
		pthread_setaffinity_np(th[i], sizeof(set), &set);
	}
	for (i = 0; i < NR_CPUS; i++) {
		pthread_join(th[i], NULL);
		r->written += w[i].n;
		r->lost += w[i].dropped;
		r->writer_cpu_s += w[i].cpu_s;
		if (w[i].secs > r->secs)
			r->secs = w[i].secs;
	}
	return 0;
}

/* pages: a raw dir with FIFOs for per-CPU files, and one page of smmu_map events */
static int pages_setup(char *dir, unsigned char *page)
{
	struct hypev_smmu_map map = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096,
				      .pgcount = 1, .dur_ns = 300 };
	static uint64_t mem[4 * SUBBUF / 8];
	char path[PATH_MAX];
	struct hypev_rb rb;
	unsigned int i;

	if (!mkdtemp(dir) || hypev_remote_dir_create(dir, NR_CPUS, SUBBUF))
		return -EIO;
	for (i = 0; i < NR_CPUS; i++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, i);
		if (mkfifo(path, 0600))
			return -errno;
	}
	if (hypev_rb_init(&rb, mem, sizeof(mem), 2, SUBBUF))
		return -EINVAL;
	for (i = 0; i < PAGE_EVENTS; i++)
		hypev_rb_write(&rb, 1000000000ULL + i * 1000ULL, &map, sizeof(map));
	return hypev_rb_read_page(&rb, page, true) < 0 ? -EIO : 0;
}

/* the writers' files, once the session's readers hold theirs open */
static int writers_open(enum gen gen, const char *dir, unsigned int buf_kb, struct writer *w)
{
	char path[PATH_MAX];
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++) {
		if (gen == GEN_MARKER)
			snprintf(path, sizeof(path), "%s/instances/" TRACE_INSTANCE_PFX
				 "%d/trace_marker", tracefs_tracing_dir(), (int)getpid());
		else
			snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, i);
		w[i].fd = open(path, O_WRONLY | O_CLOEXEC | (gen == GEN_PAGES ? O_NONBLOCK : 0));
		if (w[i].fd < 0)
			return -errno;
		/* beyond fs.pipe-max-size (1 MiB by default) it takes CAP_SYS_RESOURCE */
		if (gen == GEN_PAGES && fcntl(w[i].fd, F_SETPIPE_SZ, buf_kb * 1024) < 0) {
			printf("pages %u KiB/CPU: F_SETPIPE_SZ: %s (fs.pipe-max-size)\n", buf_kb,
			       strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/* one 1 s window at r->rate with buf_kb per CPU */
static int stream_try(enum gen gen, unsigned int buf_kb, const unsigned char *page,
		      struct try *r)
{
	const char *marker[] = { "ftrace:print", NULL };
	char spec[128];
	const char *srcs[] = { spec, NULL };
	struct trace_opts o = { .buf_kb = buf_kb };
	struct writer w[NR_CPUS] = { 0 };
	struct trace_session *s;
	unsigned int i;
	double c0, t0;
	int ret;

	if (gen == GEN_MARKER)
		o.events = marker;
	else
		o.sources = srcs;
	snprintf(spec, sizeof(spec), "raw:%s", r->dir);
	s = trace_session_open(&o);
	if (!s)
		return -errno;
	for (i = 0; i < NR_CPUS; i++)
		w[i] = (struct writer){ .gen = gen, .rate = r->rate / NR_CPUS, .fd = -1,
					.page = page };
	ret = trace_session_start(s);
	ret = ret ?: writers_open(gen, r->dir, buf_kb, w);
	c0 = rusage_s();
	ret = ret ?: writers_run(w, r);
	/* the window's CPU, all threads; stop's drain and decode are not in it */
	r->total_cpu_s = rusage_s() - c0;
	t0 = clock_s(CLOCK_MONOTONIC);
	trace_session_stop(s);
	r->decode_s = clock_s(CLOCK_MONOTONIC) - t0;
	r->got = gen_count(s, gen);
	r->lost += trace_session_lost(s);
	for (i = 0; i < NR_CPUS; i++)
		if (gen == GEN_MARKER && w[i].fd >= 0)
			close(w[i].fd);
	trace_session_free(s);
	return ret;
}

static const char *try_limit(enum gen gen, const struct try *r)
{
	if (r->lost || r->got < r->written - r->lost)
		return "readers: the buffer overran";
	if (r->written < 0.9 * r->rate * r->secs)
		return "writers: below the offered rate";
	return "-";
}

static int try_cmp(const void *a, const void *b)
{
	const struct try *x = a, *y = b;
	double lx = (double)x->lost / (x->written + 1), ly = (double)y->lost / (y->written + 1);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x->written / x->secs > y->written / y->secs ? -1 :
	       x->written / x->secs < y->written / y->secs;
}

/* TRIES windows at rate; the median by lost share (then by rate written) in *r */
static int rate_median(enum gen gen, unsigned int buf_kb, const char *dir,
		       const unsigned char *page, double rate, struct try *r)
{
	struct try t[TRIES];
	unsigned int i;
	int ret;

	for (i = 0; i < TRIES; i++) {
		t[i] = (struct try){ .rate = rate };
		snprintf(t[i].dir, sizeof(t[i].dir), "%s", dir);
		ret = stream_try(gen, buf_kb, page, &t[i]);
		if (ret)
			return ret;
	}
	qsort(t, TRIES, sizeof(t[0]), try_cmp);
	*r = t[TRIES / 2];
	return 0;
}

static void stream_series(enum gen gen, unsigned int buf_kb, const char *dir,
			  const unsigned char *page)
{
	static const double rates[] = { 0.5e6, 1e6, 2e6, 4e6, 8e6, 16e6 };
	const char *name = gen == GEN_PAGES ? "pages" : "marker";
	const char *wall = "none up to the highest rate tried";
	double best = 0, per_ev;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(rates); i++) {
		const char *limit;
		struct try r;

		ret = rate_median(gen, buf_kb, dir, page, rates[i], &r);
		if (ret) {
			printf("%s %u KiB/CPU: %s\n", name, buf_kb, strerror(-ret));
			return;
		}
		limit = try_limit(gen, &r);
		per_ev = r.got ? (r.total_cpu_s - r.writer_cpu_s) / r.got * 1e9 : 0;
		printf("%-6s %4u KiB/CPU offered %4.1f M/s: written %5.2f M/s, decoded %8llu, "
		       "lost %7llu; collector %3.0f ns CPU/event; decode after %.2f s; "
		       "limit: %s\n", name, buf_kb, rates[i] / 1e6, r.written / r.secs / 1e6,
		       (unsigned long long)r.got, (unsigned long long)r.lost, per_ev, r.decode_s,
		       limit);
		if (gen == GEN_PAGES)
			printf("       the buffer holds %.1f ms of this rate per CPU\n",
			       buf_kb * 1024.0 / SUBBUF * PAGE_EVENTS / (rates[i] / NR_CPUS) * 1e3);
		if (strcmp(limit, "-")) {
			wall = limit;
			if (!r.lost && r.got >= r.written && r.written / r.secs > best)
				best = r.written / r.secs;
			break;
		}
		best = r.written / r.secs;
	}
	printf("%-6s %4u KiB/CPU highest zero-loss rate (median of %d): %.2f M events/s; "
	       "limit: %s\n", name, buf_kb, TRIES, best / 1e6, wall);
}

int main(void)
{
	static const unsigned int bufs[] = { 1024, 4096 };
	static unsigned char page[SUBBUF];
	char dir[] = "/tmp/bench_stream-XXXXXX";
	unsigned int i;

	printf("# bench_stream: %u writer threads (one per CPU), 1 s windows; M = 10^6 events\n",
	       NR_CPUS);
	if (getuid() || !tracefs_tracing_dir())
		printf("marker: skipped (needs root and tracefs)\n");
	for (i = 0; !getuid() && tracefs_tracing_dir() && i < ARRAY_SIZE(bufs); i++)
		stream_series(GEN_MARKER, bufs[i], "", page);
	if (pages_setup(dir, page)) {
		printf("pages: cannot make the FIFO dir %s\n", dir);
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(bufs); i++)
		stream_series(GEN_PAGES, bufs[i], dir, page);
	dir_remove_tree(dir);
	return 0;
}
