// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming limit, printed (never asserted), issue 18 goal 2: a live source
 * (its per-CPU readers move the live files to the spool while the window is
 * open; decoding runs after the window, from the spool) is offered events at
 * a paced rate for 1 s by one writer thread per CPU, at 1, 2, 4, 8, 16 M
 * events/s, with 1 MiB and 4 MiB per CPU, its readers splicing (the default)
 * or copying through user space (SMMUBENCH_STREAM_COPY=read), the two
 * interleaved try by try. Two generators:
 *   marker  the kernel path: a host instance (trace/'s "host" source), one
 *           write() to its trace_marker per event (ftrace:print), the
 *           kernel's ring buffer of buf_kb per CPU; lost = its overruns;
 *   pages   the collector alone: a raw: dir whose per_cpu files are FIFOs
 *           of buf_kb each (F_SETPIPE_SZ), fed whole ftrace pages of
 *           smmu_map events (60 bytes, 68 a page) made by hypev_rb without
 *           blocking; a page the FIFO has no room for is lost, as a ring
 *           buffer would overwrite it. A FIFO above fs.pipe-max-size (1 MiB)
 *           takes CAP_SYS_RESOURCE, which a container's root may not have:
 *           then the limit is raised for the bench's lifetime and put back.
 * Each rate is tried TRIES times; it holds only when every try lost nothing
 * and the writers reached 90% of it. A row gives the median written rate,
 * the writers' and the collector's CPU per event (the collector's = its
 * reader threads' time on CPU, /proc/self/task/N/schedstat), the collector's
 * CPU per MB spooled, the readers' wake-ups (voluntary context switches)
 * per page, the decode after the window, and the limit: "writers" (they
 * cannot offer the rate), "readers" (the buffer overran: the readers did
 * not move the pages out in time). The decoder runs after the window and
 * cannot lose events; its rate is printed beside. A writer that was
 * descheduled catches up in a burst; how far it fell behind is printed with
 * a loss. Options: --spool DIR (a tmpfs, to rule the spool's writeback out),
 * --only marker|pages.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "common.h"
#include "hypev.h"
#include "trace_int.h"
#include "bench_clock.h"

#define NR_CPUS		2
#define TRIES		3		/* windows per rate and copy mode */
#define NR_MODES	2

enum gen { GEN_MARKER, GEN_PAGES };

#define SUBBUF		4096
#define PAGE_EVENTS	68		/* 60-byte smmu_map records in a 4096-byte page */
#define PIPE_MAX_SIZE	"/proc/sys/fs/pipe-max-size"

static const char *const mode_name[NR_MODES] = { "splice", "read" };

/* the command line's: spool dir (--spool DIR), generators (--only marker|pages) */
static const char *spool_dir;
static const char *only;

/* fs.pipe-max-size as found, when this bench raised it ("" otherwise) */
static char pipe_max_saved[32];

struct writer {
	enum gen gen;
	int fd;
	double rate;			/* events/s this writer offers */
	uint64_t n;			/* events made */
	uint64_t dropped;		/* pages: events of pages the FIFO had no room for */
	const unsigned char *page;	/* pages: the template page */
	double secs, cpu_s;
	double behind_s;		/* the most it was behind the pace: then a burst */
};

struct try {
	double rate;
	uint64_t written, got, lost, bytes, wakes;
	double secs, writer_cpu_s, reader_cpu_s, decode_s;
	double behind_s;		/* the writers' most behind the pace */
};

/* the medians of a rate's tries in one copy mode */
struct row {
	double written_mps, writer_ns, coll_ns, coll_ms_mb, wakes_page, decode_s, decode_mps;
	double hold_ms;			/* what the buffer holds per CPU at this rate */
	double behind_ms;		/* the writers' largest catch-up, in time of the rate */
	unsigned int zero_loss;
	uint64_t lost_max;
};

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* async-signal-safe: also the signal handler's */
static void pipe_max_restore(void)
{
	ssize_t r;
	int fd;

	if (!pipe_max_saved[0])
		return;
	fd = open(PIPE_MAX_SIZE, O_WRONLY);
	if (fd >= 0) {
		r = write(fd, pipe_max_saved, strlen(pipe_max_saved));
		(void)r;	/* nothing more to do from here */
		close(fd);
	}
	pipe_max_saved[0] = '\0';
}

static void on_signal(int sig)
{
	pipe_max_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* fs.pipe-max-size at least bytes for the bench's lifetime; 0 or -errno */
static int pipe_max_raise(unsigned long bytes)
{
	char *text = NULL, val[32];
	int ret;

	ret = file_read_all(PIPE_MAX_SIZE, &text, NULL);
	if (ret)
		return ret;
	if (strtoul(text, NULL, 10) >= bytes) {
		free(text);
		return 0;
	}
	snprintf(pipe_max_saved, sizeof(pipe_max_saved), "%lu", strtoul(text, NULL, 10));
	free(text);
	atexit(pipe_max_restore);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	snprintf(val, sizeof(val), "%lu", bytes);
	ret = file_write_knob(PIPE_MAX_SIZE, val);
	if (ret) {
		pipe_max_saved[0] = '\0';
		return ret;
	}
	printf("# fs.pipe-max-size raised from %s to %s bytes for this bench (no "
	       "CAP_SYS_RESOURCE here); put back at exit\n", pipe_max_saved, val);
	return 0;
}

/*
 * Every thread but the caller's (the writers are joined: the readers):
 * voluntary context switches (their sleeps) and time on CPU (schedstat, ns).
 */
static void readers_sched(uint64_t *wakes, double *cpu_s)
{
	char path[PATH_MAX], *text, *p;
	pid_t self = syscall(SYS_gettid);
	struct dirent *de;
	DIR *d = opendir("/proc/self/task");

	*wakes = 0;
	*cpu_s = 0;
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == self)
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/status", de->d_name);
		if (!file_read_all(path, &text, NULL)) {
			p = strstr(text, "\nvoluntary_ctxt_switches:");
			if (p)
				*wakes += strtoull(p + 25, NULL, 10);
			free(text);
		}
		snprintf(path, sizeof(path), "/proc/self/task/%s/schedstat", de->d_name);
		if (!file_read_all(path, &text, NULL)) {
			*cpu_s += strtoull(text, NULL, 10) / 1e9;
			free(text);
		}
	}
	closedir(d);
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
		if (due > w->n && (due - w->n) / w->rate > w->behind_s)
			w->behind_s = (due - w->n) / w->rate;
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
		if (w[i].behind_s > r->behind_s)
			r->behind_s = w[i].behind_s;
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
		if (gen == GEN_PAGES && fcntl(w[i].fd, F_SETPIPE_SZ, buf_kb * 1024) < 0) {
			printf("pages %u KiB/CPU: F_SETPIPE_SZ: %s (fs.pipe-max-size)\n", buf_kb,
			       strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/* one 1 s window at r->rate with buf_kb per CPU, the readers in copy mode */
static int stream_try(enum gen gen, unsigned int buf_kb, const char *dir, int mode,
		      const unsigned char *page, struct try *r)
{
	const char *marker[] = { "ftrace:print", NULL };
	char spec[128];
	const char *srcs[] = { spec, NULL };
	struct trace_opts o = { .buf_kb = buf_kb, .spool_dir = spool_dir };
	struct writer w[NR_CPUS] = { 0 };
	struct trace_session *s;
	unsigned int i;
	double t0;
	int ret;

	if (gen == GEN_MARKER)
		o.events = marker;
	else
		o.sources = srcs;
	snprintf(spec, sizeof(spec), "raw:%s", dir);
	/* stream.c reads it when its readers start */
	if (mode)
		setenv("SMMUBENCH_STREAM_COPY", mode_name[mode], 1);
	else
		unsetenv("SMMUBENCH_STREAM_COPY");
	s = trace_session_open(&o);
	if (!s)
		return -errno;
	for (i = 0; i < NR_CPUS; i++)
		w[i] = (struct writer){ .gen = gen, .rate = r->rate / NR_CPUS, .fd = -1,
					.page = page };
	ret = trace_session_start(s);
	ret = ret ?: writers_open(gen, dir, buf_kb, w);
	ret = ret ?: writers_run(w, r);
	/* the readers' from their start to the window's end; not stop's drain */
	readers_sched(&r->wakes, &r->reader_cpu_s);
	t0 = clock_s(CLOCK_MONOTONIC);
	trace_session_stop(s);
	r->decode_s = clock_s(CLOCK_MONOTONIC) - t0;
	r->got = gen_count(s, gen);
	r->lost += trace_session_lost(s);
	r->bytes = trace_session_source(s, 0)->bytes;
	for (i = 0; i < NR_CPUS; i++)
		if (gen == GEN_MARKER && w[i].fd >= 0)
			close(w[i].fd);
	trace_session_free(s);
	return ret;
}

static bool try_zero_loss(const struct try *r)
{
	return !r->lost && r->got >= r->written;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static void row_of(const struct try *t, unsigned int buf_kb, struct row *rw)
{
	double v[9][TRIES];
	unsigned int i;

	*rw = (struct row){ 0 };
	for (i = 0; i < TRIES; i++) {
		double ev = t[i].got ? t[i].got : 1, mb = t[i].bytes ? t[i].bytes / 1e6 : 1;
		double coll = t[i].reader_cpu_s;

		v[0][i] = t[i].written / t[i].secs / 1e6;
		v[1][i] = t[i].writer_cpu_s / (t[i].written ? t[i].written : 1) * 1e9;
		v[2][i] = coll / ev * 1e9;
		v[3][i] = coll / mb * 1e3;
		v[4][i] = (double)t[i].wakes / (t[i].bytes ? t[i].bytes / SUBBUF : 1);
		v[5][i] = t[i].decode_s;
		v[6][i] = t[i].got / (t[i].decode_s > 0 ? t[i].decode_s : 1e-9) / 1e6;
		/* bytes per event as spooled, at the offered rate per CPU */
		v[8][i] = t[i].behind_s * 1e3;
		v[7][i] = buf_kb * 1024.0 / ((double)t[i].bytes / ev) / (t[i].rate / NR_CPUS) * 1e3;
		rw->zero_loss += try_zero_loss(&t[i]);
		if (t[i].lost > rw->lost_max)
			rw->lost_max = t[i].lost;
	}
	rw->written_mps = median(v[0], TRIES);
	rw->writer_ns = median(v[1], TRIES);
	rw->coll_ns = median(v[2], TRIES);
	rw->coll_ms_mb = median(v[3], TRIES);
	rw->wakes_page = median(v[4], TRIES);
	rw->decode_s = median(v[5], TRIES);
	rw->decode_mps = median(v[6], TRIES);
	rw->hold_ms = median(v[7], TRIES);
	rw->behind_ms = median(v[8], TRIES);
}

/* what stops this rate, "-" for nothing */
static const char *row_limit(const struct row *rw, double rate, int mode, char *buf, size_t len)
{
	if (rw->zero_loss < TRIES)
		snprintf(buf, len, "readers (%s): the buffer overran in %u of %d tries (it "
			 "holds %.1f ms; the writers fell %.1f ms behind the pace and caught up in a burst)",
			 mode ? "read+write" : "splice", TRIES - rw->zero_loss, TRIES, rw->hold_ms,
			 rw->behind_ms);
	else if (rw->written_mps < 0.9 * rate / 1e6)
		snprintf(buf, len, "writers: %.2f M/s at most", rw->written_mps);
	else
		snprintf(buf, len, "-");
	return buf;
}

/*
 * One generator and buffer size: rates up, both copy modes interleaved try
 * by try, each mode until its first rate that does not hold.
 */
static int stream_series(enum gen gen, unsigned int buf_kb, const char *dir,
			 const unsigned char *page)
{
	static const double rates[] = { 1e6, 2e6, 4e6, 8e6, 16e6 };
	const char *name = gen == GEN_PAGES ? "pages" : "marker";
	char limit[NR_MODES][200] = { "none up to the highest rate tried",
				     "none up to the highest rate tried" };
	struct row best[NR_MODES] = { 0 }, rw[NR_MODES];
	bool stopped[NR_MODES] = { false };
	struct try t[NR_MODES][TRIES];
	unsigned int i, k;
	int m, ret;

	for (i = 0; i < ARRAY_SIZE(rates) && !(stopped[0] && stopped[1]); i++) {
		for (k = 0; k < TRIES; k++)
			for (m = 0; m < NR_MODES; m++) {
				if (stopped[m])
					continue;
				t[m][k] = (struct try){ .rate = rates[i] };
				ret = stream_try(gen, buf_kb, dir, m, page, &t[m][k]);
				if (ret) {
					printf("%s %u KiB/CPU: %s\n", name, buf_kb, strerror(-ret));
					return ret;
				}
			}
		for (m = 0; m < NR_MODES; m++) {
			char why[200];

			if (stopped[m])
				continue;
			row_of(t[m], buf_kb, &rw[m]);
			row_limit(&rw[m], rates[i], m, why, sizeof(why));
			printf("%-6s %4u KiB/CPU %-6s offered %4.1f M/s: written %5.2f M/s, "
			       "zero loss in %u/%d (lost %llu at most); CPU writers %3.0f ns/event, "
			       "collector %3.0f ns/event = %5.2f ms/MB, %.2f reader wake-ups/page; "
			       "decode after %.2f s (%.1f M events/s); limit: %s\n",
			       name, buf_kb, mode_name[m], rates[i] / 1e6, rw[m].written_mps,
			       rw[m].zero_loss, TRIES, (unsigned long long)rw[m].lost_max,
			       rw[m].writer_ns, rw[m].coll_ns, rw[m].coll_ms_mb, rw[m].wakes_page,
			       rw[m].decode_s, rw[m].decode_mps, why);
			if (strcmp(why, "-")) {
				snprintf(limit[m], sizeof(limit[m]), "%s", why);
				stopped[m] = true;
				/* writers short of the rate but nothing lost: that rate held */
				if (rw[m].zero_loss == TRIES && rw[m].written_mps > best[m].written_mps)
					best[m] = rw[m];
				continue;
			}
			best[m] = rw[m];
		}
		if (!stopped[0] && !stopped[1])
			printf("%-6s %4u KiB/CPU collector CPU per MB at %.1f M/s, splice / read: "
			       "%.2f\n", name, buf_kb, rates[i] / 1e6,
			       rw[0].coll_ms_mb / rw[1].coll_ms_mb);
	}
	for (m = 0; m < NR_MODES; m++)
		printf("%-6s %4u KiB/CPU %-6s highest zero-loss rate (every one of %d tries): "
		       "%.2f M events/s, CPU writers %.0f ns/event, collector %.0f ns/event; "
		       "limit: %s\n", name, buf_kb, mode_name[m], TRIES, best[m].written_mps,
		       best[m].writer_ns, best[m].coll_ns, limit[m]);
	return 0;
}

int main(int argc, char **argv)
{
	static const unsigned int bufs[] = { 1024, 4096 };
	static unsigned char page[SUBBUF];
	char dir[] = "/tmp/bench_stream-XXXXXX";
	unsigned int i;
	int ret = 0;

	/* --spool DIR: where the readers write (default a dir in /tmp); --only GEN */
	for (i = 1; i + 1 < (unsigned int)argc; i += 2) {
		if (!strcmp(argv[i], "--spool"))
			spool_dir = argv[i + 1];
		else if (!strcmp(argv[i], "--only"))
			only = argv[i + 1];
	}

	printf("# bench_stream: %u writer threads (one per CPU), 1 s windows, %d tries a rate; "
	       "M = 10^6 events; medians; spool in %s\n", NR_CPUS, TRIES,
	       spool_dir ? spool_dir : "/tmp");
	if (getuid() || !tracefs_tracing_dir())
		printf("marker: skipped (needs root and tracefs)\n");
	for (i = 0; !getuid() && tracefs_tracing_dir() && i < ARRAY_SIZE(bufs); i++)
		if (!only || !strcmp(only, "marker"))
			stream_series(GEN_MARKER, bufs[i], "", page);
	if (only && strcmp(only, "pages"))
		return 0;
	if (pages_setup(dir, page)) {
		printf("pages: cannot make the FIFO dir %s\n", dir);
		return 1;
	}
	ret = getuid() ? 0 : pipe_max_raise(bufs[ARRAY_SIZE(bufs) - 1] * 1024UL);
	if (ret)
		printf("pages: cannot raise %s: %s\n", PIPE_MAX_SIZE, strerror(-ret));
	ret = 0;
	for (i = 0; i < ARRAY_SIZE(bufs) && !ret; i++)
		ret = stream_series(GEN_PAGES, bufs[i], dir, page);
	pipe_max_restore();
	dir_remove_tree(dir);
	return 0;
}
