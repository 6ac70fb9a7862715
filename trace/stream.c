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
 *  - may be cancelled only inside read(): one that sits in a read() for
 *    STREAM_STUCK_MS after stop blocks on an empty buffer that ignored
 *    O_NONBLOCK, and pthread_cancel() takes it out of ring_buffer_wait()
 *    (an interruptible sleep). One that does not end even then is left
 *    behind and reported, never joined.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "trace_int.h"

#define NS_PER_MS		1000000ULL
/* Android's hyp reader and the trace remote poll their writer every 100 ms */
#define STREAM_POLL_MS		100
#define STREAM_PACE_MS		10
#define STREAM_DRAIN_MS		2000
/* three writer periods with no answer from one read(): it blocks */
#define STREAM_STUCK_MS		300
#define STREAM_GIVEUP_MS	1000
#define STREAM_TICK_MS		20

struct stream_cpu {
	pthread_t thread;
	bool started;
	/* under st->mu */
	bool done, cancelled, abandoned;
	uint64_t cancel_ns;
	int in, out;
	char *buf;
	size_t read_size;
	int64_t bytes;
	int err;
	bool cut;			/* still giving data at the drain deadline */
	_Atomic uint64_t read_since;	/* when it entered read(), 0 outside */
	struct trace_stream *st;
	const char *path;
};

struct trace_stream {
	atomic_bool stop;
	_Atomic uint64_t drain_end_ns;
	int wake;			/* eventfd: readable once stop is asked */
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* a reader is done */
	unsigned int nr;
	struct stream_cpu cpu[];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The one place a reader may be cancelled (see the top). */
static ssize_t stream_read(struct stream_cpu *c)
{
	ssize_t r;
	int old, err;

	atomic_store(&c->read_since, now_ns());
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	r = read(c->in, c->buf, c->read_size);
	err = errno;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	atomic_store(&c->read_since, 0);
	errno = err;
	return r;
}

/*
 * Copies what the file has now, until EAGAIN or EOF. In the window it
 * returns as soon as stop is asked (the final drain takes over); the final
 * drain goes on until the deadline. Returns 0 or -errno.
 */
static int stream_copy(struct stream_cpu *c, bool final)
{
	struct trace_stream *st = c->st;
	ssize_t r, w, off;

	for (;;) {
		if (!final && atomic_load(&st->stop))
			return 0;
		if (final && now_ns() >= atomic_load(&st->drain_end_ns)) {
			c->cut = true;
			return 0;
		}
		r = stream_read(c);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return -errno;
		}
		if (!r)
			return 0;
		for (off = 0; off < r; off += w) {
			w = write(c->out, c->buf + off, r - off);
			if (w < 0) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				return -errno;
			}
		}
		c->bytes += r;
	}
}

/* Runs on every way out of a reader, cancellation included. */
static void stream_exit(void *arg)
{
	struct stream_cpu *c = arg;

	free(c->buf);
	c->buf = NULL;
	atomic_store(&c->read_since, 0);
	pthread_mutex_lock(&c->st->mu);
	c->done = true;
	pthread_cond_broadcast(&c->st->cv);
	pthread_mutex_unlock(&c->st->mu);
}

static void stream_body(struct stream_cpu *c)
{
	struct trace_stream *st = c->st;
	struct pollfd pfd[2] = {
		{ .fd = c->in, .events = POLLIN },
		{ .fd = st->wake, .events = POLLIN },
	};
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
		ret = stream_copy(c, false);
		/*
		 * Readable means "some data" (and always, for a file without
		 * .poll): reading at once would copy out one nearly empty page
		 * per event. Let pages fill: at 400k events/s of 40 bytes,
		 * 10 ms is 160 KiB, well inside a 1 MiB buffer. Stop cuts it short.
		 */
		poll(&pfd[1], 1, STREAM_PACE_MS);
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
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_cleanup_push(stream_exit, c);
	stream_body(c);
	pthread_cleanup_pop(1);
	return NULL;
}

/* Cancels the readers stuck in read() and waits for the rest; under st->mu. */
static void stream_wait(struct trace_stream *st, uint64_t t_stop)
{
	uint64_t now, since, hard = atomic_load(&st->drain_end_ns) + STREAM_STUCK_MS * NS_PER_MS;
	struct timespec ts;
	unsigned int i, left;

	for (;;) {
		now = now_ns();
		left = 0;
		for (i = 0; i < st->nr; i++) {
			struct stream_cpu *c = &st->cpu[i];

			if (!c->started || c->done || c->abandoned)
				continue;
			if (c->cancelled) {
				if (now - c->cancel_ns >= STREAM_GIVEUP_MS * NS_PER_MS)
					c->abandoned = true;
				else
					left++;
				continue;
			}
			left++;
			since = atomic_load(&c->read_since);
			if (since && since < t_stop)
				since = t_stop;
			/* since may be a read begun after now was taken */
			if ((since && now > since && now - since >= STREAM_STUCK_MS * NS_PER_MS) ||
			    now >= hard) {
				pthread_cancel(c->thread);
				c->cancelled = true;
				c->cancel_ns = now;
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
	bool keep = false;
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
	stream_wait(st, t_stop);
	pthread_mutex_unlock(&st->mu);
	for (i = 0; i < st->nr; i++) {
		struct stream_cpu *c = &st->cpu[i];

		if (c->abandoned) {
			/* its fds and st stay: it may still come back and use them */
			trace_err("%s: the reader did not return from read(), even cancelled; "
				  "it is left behind and what it reads from now on is not in the "
				  "results\n", c->path);
			pthread_detach(c->thread);
			keep = true;
			continue;
		}
		if (c->started)
			pthread_join(c->thread, NULL);
		if (c->in >= 0)
			close(c->in);
		if (c->out >= 0 && close(c->out) && !err)
			err = -errno;
		if (c->err && !err)
			err = c->err;
		free(c->buf);
		total += c->bytes;
	}
	if (keep)
		return err ? err : total;
	close(st->wake);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->mu);
	free(st);
	return err ? err : total;
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
		st->cpu[i].st = st;
		st->cpu[i].read_size = read_size;
		st->cpu[i].path = paths[i];
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
