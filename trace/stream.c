// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming readers: one thread per CPU copies a live per-CPU file
 * (trace_pipe_raw or a remote's trace_pipe) to a spool file while the
 * window is open, so the ring buffer never has to hold a whole run
 * (read-after-the-run overran at 60k IOPS here; streaming lost nothing).
 * Decoding happens after the window, from the spool files.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_int.h"

#define STREAM_POLL_MS	100
#define STREAM_PACE_US	10000

struct stream_cpu {
	pthread_t thread;
	bool started;
	int in, out;
	size_t read_size;
	int64_t bytes;
	int err;
	atomic_bool *stop;
	const char *path;
};

struct trace_stream {
	atomic_bool stop;
	unsigned int nr;
	struct stream_cpu cpu[];
};

/* Copies what is there now; 0 when empty, -errno on error. */
static int stream_drain(struct stream_cpu *c, char *buf)
{
	ssize_t r, w, off;

	for (;;) {
		r = read(c->in, buf, c->read_size);
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
			w = write(c->out, buf + off, r - off);
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

static void *stream_thread(void *arg)
{
	struct stream_cpu *c = arg;
	struct pollfd pfd = { .fd = c->in, .events = POLLIN };
	char *buf = malloc(c->read_size);
	int ret = 0;

	if (!buf) {
		c->err = -ENOMEM;
		return NULL;
	}
	while (!ret && !atomic_load(c->stop)) {
		if (poll(&pfd, 1, STREAM_POLL_MS) < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		ret = stream_drain(c, buf);
		/*
		 * Readable means "some data": reading at once would copy out one
		 * nearly empty page per event. Let pages fill: at 400k events/s
		 * of 40 bytes, 10 ms is 160 KiB, well inside a 1 MiB buffer.
		 */
		usleep(STREAM_PACE_US);
	}
	if (!ret)
		ret = stream_drain(c, buf);	/* what came before tracing stopped */
	if (ret)
		trace_err("%s: read while streaming: %s\n", c->path, strerror(-ret));
	c->err = ret;
	free(buf);
	return NULL;
}

int64_t trace_stream_stop(struct trace_stream *st)
{
	int64_t total = 0;
	unsigned int i;
	int err = 0;

	if (!st)
		return 0;
	atomic_store(&st->stop, true);
	for (i = 0; i < st->nr; i++) {
		struct stream_cpu *c = &st->cpu[i];

		if (c->started)
			pthread_join(c->thread, NULL);
		if (c->in >= 0)
			close(c->in);
		if (c->out >= 0 && close(c->out) && !err)
			err = -errno;
		if (c->err && !err)
			err = c->err;
		total += c->bytes;
	}
	free(st);
	return err ? err : total;
}

struct trace_stream *trace_stream_start(unsigned int nr_cpus, char *const *paths,
					char *const *spool_paths, size_t read_size)
{
	struct trace_stream *st;
	unsigned int i;
	int ret = 0;

	st = calloc(1, sizeof(*st) + nr_cpus * sizeof(st->cpu[0]));
	if (!st)
		return NULL;
	atomic_init(&st->stop, false);
	st->nr = nr_cpus;
	for (i = 0; i < nr_cpus; i++) {
		st->cpu[i].in = st->cpu[i].out = -1;
		st->cpu[i].stop = &st->stop;
		st->cpu[i].read_size = read_size;
		st->cpu[i].path = paths[i];
	}
	for (i = 0; i < nr_cpus && !ret; i++) {
		struct stream_cpu *c = &st->cpu[i];

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
		ret = -pthread_create(&c->thread, NULL, stream_thread, c);
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
