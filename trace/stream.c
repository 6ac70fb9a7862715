// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming readers: one thread per CPU copies a live per-CPU file
 * (trace_pipe_raw, a remote's trace_pipe, a FIFO) to a spool file while the
 * window is open, so the ring buffer never has to hold a whole run
 * (read-after-the-run overran at 60k IOPS here; streaming lost nothing).
 * Decoding happens after the window, from the spool files.
 *
 * Live files block when they are empty, and not all of them let a reader
 * avoid it: mainline tracefs honours O_NONBLOCK and poll() and wakes readers
 * when tracing_on goes to 0, but Android's hypervisor files
 * (arch/arm64/kvm/hyp_trace.c, android16-6.12) have no .poll, ignore
 * O_NONBLOCK and sleep in ring_buffer_wait() until data comes, and nothing
 * wakes them when tracing stops. So a reader
 *  - opens with O_NONBLOCK and waits in poll() on the file and on a stop
 *    eventfd, STREAM_POLL_MS at most;
 *  - at stop (tracing already off) drains the file until EAGAIN or EOF, for
 *    STREAM_DRAIN_MS at most (a FIFO writer may never stop);
 *  - one that sits in a read() for STREAM_STUCK_MS after stop blocks on an
 *    empty buffer that ignored O_NONBLOCK: a signal takes it out of
 *    ring_buffer_wait() (an interruptible sleep) with EINTR, which ends its
 *    drain. The signal is SIGURG, ignored by default, so a kick that comes
 *    when our no-op handler is not installed does nothing; the handler is
 *    installed only while a stop kicks. (pthread_cancel() would do too, but
 *    ASan cannot follow a cancelled thread's unwinding.) A reader that does
 *    not end even then is left behind and reported, never joined; when it
 *    ends it frees its own files, and the last one the stream itself.
 *
 * Bytes move with splice() where the file allows it, as libtracefs and
 * trace-cmd do: trace_pipe_raw hands its pages to a pipe of ours without a
 * copy and many pages go per call (read() gives one page a call), then the
 * pipe goes to the spool in the kernel; a FIFO is spliced straight to the
 * spool. trace_pipe_raw splices whole pages only (the writer's page waits),
 * so the final drain ends with read(). A file that refuses splice (EINVAL:
 * no .splice_read, as Android's hypervisor files) is read and written, and
 * STREAM_COPY_ENV=read forces that, to compare the two.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "trace_int.h"

#define NS_PER_MS		1000000ULL
/* Android's hyp reader and the trace remote poll their writer every 100 ms */
#define STREAM_POLL_MS		100
#define STREAM_PACE_MS		10
#define STREAM_BUSY_BYTES	(64 * 1024)
#define STREAM_DRAIN_MS		2000
/* three writer periods with no answer from one read(): it blocks */
#define STREAM_STUCK_MS		300
#define STREAM_GIVEUP_MS	1000
#define STREAM_TICK_MS		20
#define STREAM_KICK_SIG		SIGURG
/* bytes per splice(): 64 pages; pipe-max-size (1 MiB) needs no privilege */
#define STREAM_PIPE_BYTES	(256 * 1024)
#define STREAM_COPY_ENV		"SMMUBENCH_STREAM_COPY"

struct stream_cpu {
	pthread_t thread;
	bool started, joined;
	bool done;			/* under st->mu: it returned */
	bool kicked, abandoned;
	uint64_t kick_ns;
	int in, out;
	int pipe[2];			/* splice: in -> pipe -> out (in not a pipe itself) */
	bool splice;			/* splice() until the file refuses it */
	bool direct;			/* in is a FIFO: spliced straight to out */
	size_t pipe_size;		/* bytes per splice() */
	char *buf;
	size_t read_size;
	int64_t bytes;
	int err;
	bool cut;			/* still giving data at the drain deadline */
	_Atomic uint64_t read_since;	/* when it entered read(), 0 outside */
	struct trace_stream *st;
	char *path;			/* its own copy: an abandoned reader outlives the caller's */
};

struct trace_stream {
	atomic_bool stop;
	_Atomic uint64_t drain_end_ns;
	int wake;			/* eventfd: readable once stop is asked */
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* a reader is done */
	unsigned int nr_abandoned;	/* under mu: readers stop gave up on; the last frees st */
	unsigned int nr;
	struct stream_cpu cpu[];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* read() or splice() from the file, timed for the stopper (see the top) */
static ssize_t stream_read(struct stream_cpu *c)
{
	ssize_t r;
	int err;

	atomic_store(&c->read_since, now_ns());
	if (c->splice)
		r = splice(c->in, NULL, c->direct ? c->out : c->pipe[1], NULL, c->pipe_size,
			   SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
	else
		r = read(c->in, c->buf, c->read_size);
	err = errno;
	atomic_store(&c->read_since, 0);
	errno = err;
	return r;
}

/* len bytes of c->buf to the spool; 0 or -errno */
static int stream_write(struct stream_cpu *c, ssize_t len)
{
	ssize_t w, off;

	for (off = 0; off < len; off += w) {
		w = write(c->out, c->buf + off, len - off);
		if (w < 0 && errno == EINTR)
			w = 0;
		else if (w < 0)
			return -errno;
	}
	return 0;
}

/* The len bytes just spliced into c->pipe, to the spool; 0 or -errno. */
static int stream_pipe_out(struct stream_cpu *c, ssize_t len)
{
	ssize_t w;
	int ret;

	while (len > 0) {
		w = splice(c->pipe[0], NULL, c->out, NULL, len, SPLICE_F_MOVE);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EINVAL)
			return -errno;
		if (w < 0) {
			/* a spool that takes no splice: through c->buf */
			w = read(c->pipe[0], c->buf, len < (ssize_t)c->read_size ? len :
						     (ssize_t)c->read_size);
			if (w <= 0)
				return w < 0 ? -errno : -EIO;
			ret = stream_write(c, w);
			if (ret)
				return ret;
		}
		len -= w;
	}
	return 0;
}

/* A reader's own files and buffers. */
static int stream_cpu_release(struct stream_cpu *c)
{
	int err = 0;

	if (c->in >= 0)
		close(c->in);
	if (c->out >= 0 && close(c->out))
		err = -errno;
	if (c->pipe[0] >= 0)
		close(c->pipe[0]);
	if (c->pipe[1] >= 0)
		close(c->pipe[1]);
	c->in = c->out = c->pipe[0] = c->pipe[1] = -1;
	free(c->buf);
	free(c->path);
	c->buf = c->path = NULL;
	return err;
}

static void stream_free(struct trace_stream *st)
{
	if (st->wake >= 0)
		close(st->wake);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->mu);
	free(st);
}

static void stream_kick_handler(int sig)
{
	(void)sig;	/* only there to make a blocked read() return EINTR */
}

/*
 * Copies what the file has now, until EAGAIN or EOF. In the window it
 * returns as soon as stop is asked (the final drain takes over); the final
 * drain goes on until the deadline. Returns 0 or -errno.
 */
static int stream_copy(struct stream_cpu *c, bool final)
{
	struct trace_stream *st = c->st;
	ssize_t r;
	int ret;

	for (;;) {
		if (!final && atomic_load(&st->stop))
			return 0;
		if (final && now_ns() >= atomic_load(&st->drain_end_ns)) {
			c->cut = true;
			return 0;
		}
		r = stream_read(c);
		if (r < 0) {
			/* never spliced from this file: it has no .splice_read */
			if (errno == EINVAL && c->splice && !c->bytes) {
				c->splice = false;
				continue;
			}
			/* after stop, EINTR is the stopper's kick: the file is empty */
			if (errno == EINTR && !atomic_load(&st->stop))
				continue;
			if (errno == EINTR)
				return 0;
			/* trace_pipe_raw splices whole pages: read() takes the last one */
			if (errno == EAGAIN && final && c->splice) {
				c->splice = false;
				continue;
			}
			if (errno == EAGAIN)
				return 0;
			return -errno;
		}
		if (!r)
			return 0;
		if (!c->splice)
			ret = stream_write(c, r);
		else
			ret = c->direct ? 0 : stream_pipe_out(c, r);
		if (ret)
			return ret;
		c->bytes += r;
	}
}

/*
 * How long to let pages fill after a drain that moved moved bytes, since
 * last_ns: until about STREAM_BUSY_BYTES more come at that rate, and never
 * more than STREAM_PACE_MS. A fixed 10 ms lost pages at 2 M events/s of 60
 * bytes per CPU, when 1 MiB holds 8.7 ms (bench_stream).
 */
static struct timespec stream_pace(int64_t moved, uint64_t last_ns, uint64_t now)
{
	uint64_t ns = STREAM_PACE_MS * NS_PER_MS;

	if (moved > 0 && now > last_ns &&
	    (now - last_ns) * (double)STREAM_BUSY_BYTES / moved < (double)ns)
		ns = (now - last_ns) * (double)STREAM_BUSY_BYTES / moved;
	return (struct timespec){ .tv_sec = ns / 1000000000ULL, .tv_nsec = ns % 1000000000ULL };
}

static void stream_body(struct stream_cpu *c)
{
	struct trace_stream *st = c->st;
	struct pollfd pfd[2] = {
		{ .fd = c->in, .events = POLLIN },
		{ .fd = st->wake, .events = POLLIN },
	};
	uint64_t last = now_ns(), now;
	struct timespec pace;
	int64_t before;
	int ret = 0;

	while (!ret && !atomic_load(&st->stop)) {
		if (poll(pfd, 2, STREAM_POLL_MS) < 0) {
			if (errno != EINTR)
				ret = -errno;
			continue;
		}
		if (pfd[1].revents)
			break;
		if (!pfd[0].revents)
			continue;
		before = c->bytes;
		ret = stream_copy(c, false);
		/*
		 * Readable means "some data" (and always, for a file without
		 * .poll): reading at once would copy out one nearly empty page
		 * per event. Let pages fill (stream_pace()); stop cuts it
		 * short. A drain that found STREAM_BUSY_BYTES or more is not paced.
		 */
		now = now_ns();
		if (c->bytes - before < STREAM_BUSY_BYTES) {
			pace = stream_pace(c->bytes - before, last, now);
			ppoll(&pfd[1], 1, &pace, NULL);
		}
		last = now;
	}
	if (!ret)
		ret = stream_copy(c, true);	/* what came before tracing stopped */
	if (ret)
		trace_err("%s: read while streaming: %s\n", c->path, strerror(-ret));
	if (c->cut)
		trace_err("%s: still giving data %u ms after tracing stopped; the rest is "
			  "not read\n", c->path, STREAM_DRAIN_MS);
	c->err = ret;
}

static void *stream_thread(void *arg)
{
	struct stream_cpu *c = arg;
	sigset_t kick;

	/* every other signal stays blocked (trace_thread_start()) */
	sigemptyset(&kick);
	sigaddset(&kick, STREAM_KICK_SIG);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);
	struct trace_stream *st = c->st;
	bool orphan, last = false;

	stream_body(c);
	pthread_mutex_lock(&st->mu);
	c->done = true;
	orphan = c->abandoned;
	if (orphan)
		last = !--st->nr_abandoned;
	pthread_cond_broadcast(&st->cv);
	pthread_mutex_unlock(&st->mu);
	/* given up on by stop, which has returned: what is left is this reader's to free */
	if (orphan)
		stream_cpu_release(c);
	if (last)
		stream_free(st);
	return NULL;
}

/*
 * Joins every reader as it ends; kicks the ones stuck in read() (again
 * every tick: a kick may land just before the read begins) and gives up on
 * one STREAM_GIVEUP_MS after its first kick. *old gets the disposition the
 * kick signal had when this installed its handler (*installed). Under st->mu.
 */
static void stream_wait(struct trace_stream *st, uint64_t t_stop, bool *installed,
			struct sigaction *old)
{
	uint64_t now, since, hard = atomic_load(&st->drain_end_ns) + STREAM_STUCK_MS * NS_PER_MS;
	struct sigaction sa = { .sa_handler = stream_kick_handler };	/* no SA_RESTART */
	struct timespec ts;
	unsigned int i, left;
	bool stuck;

	for (;;) {
		now = now_ns();
		left = 0;
		for (i = 0; i < st->nr; i++) {
			struct stream_cpu *c = &st->cpu[i];

			if (!c->started || c->joined || c->abandoned)
				continue;
			if (c->done) {
				pthread_join(c->thread, NULL);
				c->joined = true;
				continue;
			}
			if (c->kicked && now - c->kick_ns >= STREAM_GIVEUP_MS * NS_PER_MS) {
				c->abandoned = true;
				continue;
			}
			left++;
			since = atomic_load(&c->read_since);
			if (since && since < t_stop)
				since = t_stop;
			/* since may be a read begun after now was taken */
			stuck = since && now > since && now - since >= STREAM_STUCK_MS * NS_PER_MS;
			if (c->kicked || stuck || now >= hard) {
				if (!*installed) {
					sigemptyset(&sa.sa_mask);
					*installed = !sigaction(STREAM_KICK_SIG, &sa, old);
				}
				pthread_kill(c->thread, STREAM_KICK_SIG);
				if (!c->kicked)
					c->kick_ns = now;
				c->kicked = true;
			}
		}
		if (!left)
			return;
		now += STREAM_TICK_MS * NS_PER_MS;
		ts.tv_sec = now / 1000000000ULL;
		ts.tv_nsec = now % 1000000000ULL;
		pthread_cond_timedwait(&st->cv, &st->mu, &ts);
	}
}

int64_t trace_stream_stop(struct trace_stream *st)
{
	uint64_t one = 1, t_stop;
	bool keep = false, installed = false;
	struct sigaction old;
	int64_t total = 0;
	unsigned int i;
	int err = 0;
	ssize_t r;

	if (!st)
		return 0;
	t_stop = now_ns();
	atomic_store(&st->drain_end_ns, t_stop + STREAM_DRAIN_MS * NS_PER_MS);
	atomic_store(&st->stop, true);
	r = write(st->wake, &one, sizeof(one));
	(void)r;
	pthread_mutex_lock(&st->mu);
	stream_wait(st, t_stop, &installed, &old);
	if (installed)
		sigaction(STREAM_KICK_SIG, &old, NULL);
	/* under st->mu: an abandoned reader cannot finish, and free st, before this is done */
	for (i = 0; i < st->nr; i++) {
		struct stream_cpu *c = &st->cpu[i];

		if (c->abandoned) {
			trace_err("%s: the reader did not return from read() or from writing its "
				  "spool, even signalled; it is left behind and what it reads from "
				  "now on is not in the results\n", c->path);
			pthread_detach(c->thread);
			st->nr_abandoned++;
			continue;
		}
		r = stream_cpu_release(c);
		if (r && !err)
			err = r;
		if (c->err && !err)
			err = c->err;
		total += c->bytes;
	}
	keep = st->nr_abandoned;
	pthread_mutex_unlock(&st->mu);
	/* with readers left behind, the last of them frees st */
	if (!keep)
		stream_free(st);
	return err ? err : total;
}

/* splice() unless forced off: a FIFO straight to the spool, else through a pipe */
static int stream_splice_setup(struct stream_cpu *c)
{
	const char *env = getenv(STREAM_COPY_ENV);
	struct stat sb;
	int size;

	if (env && !strcmp(env, "read"))
		return 0;
	if (fstat(c->in, &sb))
		return -errno;
	c->splice = true;
	c->direct = S_ISFIFO(sb.st_mode);
	c->pipe_size = STREAM_PIPE_BYTES;
	if (c->direct)
		return 0;
	if (pipe2(c->pipe, O_CLOEXEC))
		return -errno;
	/* a smaller pipe (the default, 16 pages) only means more calls */
	size = fcntl(c->pipe[1], F_SETPIPE_SZ, STREAM_PIPE_BYTES);
	if (size < 0)
		size = fcntl(c->pipe[1], F_GETPIPE_SZ);
	if (size <= 0)
		return -errno;
	c->pipe_size = size;
	return 0;
}

struct trace_stream *trace_stream_start(unsigned int nr_cpus, char *const *paths,
					char *const *spool_paths, size_t read_size)
{
	struct trace_stream *st;
	pthread_condattr_t ca;
	unsigned int i;
	int ret = 0;

	st = calloc(1, sizeof(*st) + nr_cpus * sizeof(st->cpu[0]));
	if (!st)
		return NULL;
	atomic_init(&st->stop, false);
	atomic_init(&st->drain_end_ns, 0);
	st->nr = nr_cpus;
	pthread_mutex_init(&st->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&st->cv, &ca);
	pthread_condattr_destroy(&ca);
	for (i = 0; i < nr_cpus; i++) {
		st->cpu[i].in = st->cpu[i].out = -1;
		st->cpu[i].pipe[0] = st->cpu[i].pipe[1] = -1;
		st->cpu[i].st = st;
		st->cpu[i].read_size = read_size;
		atomic_init(&st->cpu[i].read_since, 0);
	}
	st->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (st->wake < 0) {
		ret = -errno;
		trace_err("eventfd: %s\n", strerror(-ret));
	}
	for (i = 0; i < nr_cpus && !ret; i++) {
		struct stream_cpu *c = &st->cpu[i];

		if (!paths[i])
			continue;	/* no file for this CPU */
		c->path = strdup(paths[i]);
		if (!c->path) {
			ret = -ENOMEM;
			break;
		}
		/* O_NONBLOCK: a FIFO without a writer must not hang open() either */
		c->in = open(paths[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (c->in < 0) {
			ret = -errno;
			trace_err("%s: %s\n", paths[i], strerror(-ret));
			break;
		}
		c->out = open(spool_paths[i], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (c->out < 0) {
			ret = -errno;
			trace_err("%s: %s\n", spool_paths[i], strerror(-ret));
			break;
		}
		c->buf = malloc(read_size);
		if (!c->buf) {
			ret = -ENOMEM;
			break;
		}
		ret = stream_splice_setup(c);
		if (ret)
			break;
		ret = trace_thread_start(&c->thread, stream_thread, c);
		if (ret)
			trace_err("cannot start a reader thread: %s\n", strerror(-ret));
		else
			c->started = true;
	}
	if (ret) {
		trace_stream_stop(st);
		errno = -ret;
		return NULL;
	}
	return st;
}
