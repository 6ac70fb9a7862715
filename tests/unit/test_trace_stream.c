// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU streaming readers on files that block when empty: a FIFO
 * whose writer keeps it open (like trace_pipe_raw once the buffer is
 * empty), the same FIFO read without O_NONBLOCK (like Android's hypervisor
 * files, which ignore it), and a file that never runs dry. Stopping must
 * come back in bounded time with everything written before it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "trace_int.h"

struct fifo_fix {
	char dir[64];
	char fifo[96], spool[96];
	char *in[1], *out[1];
	int wfd;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fix_setup(void **state)
{
	struct fifo_fix *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_trace_stream-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->fifo, sizeof(f->fifo), "%s/trace_pipe_raw", f->dir);
	snprintf(f->spool, sizeof(f->spool), "%s/spool", f->dir);
	if (mkfifo(f->fifo, 0600))
		return -1;
	f->in[0] = f->fifo;
	f->out[0] = f->spool;
	f->wfd = -1;
	*state = f;
	return 0;
}

static int fix_teardown(void **state)
{
	struct fifo_fix *f = *state;

	if (f->wfd >= 0)
		close(f->wfd);
	dir_remove_tree(f->dir);
	free(f);
	return 0;
}

/* The writer end: the stream's O_NONBLOCK reader is already there. */
static void writer_open(struct fifo_fix *f)
{
	f->wfd = open(f->fifo, O_WRONLY | O_CLOEXEC);
	assert_true(f->wfd >= 0);
}

static off_t spool_size(struct fifo_fix *f)
{
	struct stat st;

	return stat(f->spool, &st) ? -1 : st.st_size;
}

/* Waits up to 5 s for the reader to copy n bytes. */
static void wait_spool(struct fifo_fix *f, off_t n)
{
	double end = now_s() + 5;

	while (spool_size(f) < n && now_s() < end)
		usleep(10000);
	assert_int_equal(spool_size(f), n);
}

static void test_fifo_kept_open(void **state)
{
	struct fifo_fix *f = *state;
	struct trace_stream *st;
	char *got = NULL;
	size_t len = 0;
	double t;

	st = trace_stream_start(1, f->in, f->out, 4096);
	assert_non_null(st);
	writer_open(f);
	assert_int_equal(write(f->wfd, "first\nsecond\n", 13), 13);
	wait_spool(f, 13);
	/* the writer stays: an empty FIFO that blocks, never EOF */
	t = now_s();
	assert_int_equal(trace_stream_stop(st), 13);
	assert_true(now_s() - t < 1.0);
	assert_int_equal(file_read_all(f->spool, &got, &len), 0);
	assert_int_equal(len, 13);
	assert_memory_equal(got, "first\nsecond\n", 13);
	free(got);
}

/* The stream's own descriptor of path, found in /proc/self/fd. */
static int stream_fd(const char *path, int not_fd)
{
	char link[64], target[PATH_MAX];
	ssize_t n;
	int fd;

	for (fd = 3; fd < 1024; fd++) {
		if (fd == not_fd)
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		if (!strcmp(target, path))
			return fd;
	}
	return -1;
}

/*
 * Android's hyp trace_pipe_raw ignores O_NONBLOCK and sleeps in
 * ring_buffer_wait() until data comes: clearing O_NONBLOCK on the reader's
 * FIFO does the same, and the writer kept open never wakes it.
 */
static void test_read_ignoring_nonblock(void **state)
{
	struct fifo_fix *f = *state;
	struct trace_stream *st;
	int fd, fl;
	double t;

	st = trace_stream_start(1, f->in, f->out, 4096);
	assert_non_null(st);
	writer_open(f);
	fd = stream_fd(f->fifo, f->wfd);
	assert_true(fd >= 0);
	fl = fcntl(fd, F_GETFL);
	assert_int_equal(fcntl(fd, F_SETFL, fl & ~O_NONBLOCK), 0);
	assert_int_equal(write(f->wfd, "page", 4), 4);
	wait_spool(f, 4);
	usleep(100000);		/* the reader is back in a read() that blocks */
	t = now_s();
	assert_int_equal(trace_stream_stop(st), 4);
	/* STREAM_STUCK_MS (300 ms) of no answer, then a signal ends its read */
	assert_true(now_s() - t < 2.0);
	assert_int_equal(spool_size(f), 4);
}

/*
 * A file that never runs dry (/dev/zero into /dev/null): the final drain
 * ends at its deadline, STREAM_DRAIN_MS (2 s).
 */
static void test_endless_source(void **state)
{
	char *in[] = { "/dev/zero" }, *out[] = { "/dev/null" };
	struct trace_stream *st;
	int64_t n;
	double t;

	st = trace_stream_start(1, in, out, 4096);
	assert_non_null(st);
	usleep(100000);
	t = now_s();
	n = trace_stream_stop(st);
	assert_true(now_s() - t >= 1.9);
	assert_true(now_s() - t < 4.0);
	assert_true(n > 0);
}

/* Nothing ever written, no writer at all: open and stop do not block. */
static void test_fifo_without_writer(void **state)
{
	struct fifo_fix *f = *state;
	struct trace_stream *st;
	double t = now_s();

	st = trace_stream_start(1, f->in, f->out, 4096);
	assert_non_null(st);
	usleep(50000);
	assert_int_equal(trace_stream_stop(st), 0);
	assert_true(now_s() - t < 1.0);
}

/*
 * A reader that cannot be taken out (here: its write() to a spool that
 * stopped draining, as a disk write in D state under load) is left behind.
 * When it wakes later, the caller has freed the paths it was given: the
 * reader must not touch them, and must free what stop left it. The path
 * lives in a page that is unmapped after stop, so a reader that still
 * uses it crashes this test.
 */
static void test_abandoned_reader_outlives_paths(void **state)
{
	struct fifo_fix *f = *state;
	char spool_fifo[128], *page, *in[1], *out[1], chunk[4096];
	struct trace_stream *st;
	int rfd, n;
	ssize_t r;
	double t;

	snprintf(spool_fifo, sizeof(spool_fifo), "%s/spool_fifo", f->dir);
	assert_int_equal(mkfifo(spool_fifo, 0600), 0);
	rfd = open(spool_fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);	/* never read, for now */
	assert_true(rfd >= 0);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(page != MAP_FAILED);
	snprintf(page, 4096, "%s", f->fifo);
	in[0] = page;
	out[0] = spool_fifo;
	st = trace_stream_start(1, in, out, 4096);
	assert_non_null(st);
	writer_open(f);
	assert_int_equal(fcntl(f->wfd, F_SETFL, O_NONBLOCK), 0);
	memset(chunk, 'e', sizeof(chunk));
	/* more than the spool pipe holds (64 KiB): the reader blocks in write() */
	for (n = 0; n < 64; n++)
		if (write(f->wfd, chunk, sizeof(chunk)) < 0)
			usleep(20000);
	usleep(200000);
	t = now_s();
	r = trace_stream_stop(st);
	/* drain 2 s + 300 ms, then kicks for STREAM_GIVEUP_MS (1 s), then given up */
	assert_true(now_s() - t < 5.0);
	assert_true(r >= 0);
	munmap(page, 4096);
	/*
	 * The reader wakes, finds its deadline gone, reports the cut and frees
	 * what stop left it: its spool's write end closes, which ends the pipe.
	 */
	t = now_s();
	do {
		r = read(rfd, chunk, sizeof(chunk));
		if (r < 0)
			usleep(10000);
	} while (r != 0 && now_s() - t < 10.0);
	assert_int_equal(r, 0);
	usleep(100000);		/* and st after it: LSan in SAN=1 says if not */
	close(rfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fifo_kept_open, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_read_ignoring_nonblock, fix_setup,
						fix_teardown),
		cmocka_unit_test(test_endless_source),
		cmocka_unit_test_setup_teardown(test_fifo_without_writer, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_abandoned_reader_outlives_paths, fix_setup,
						fix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
