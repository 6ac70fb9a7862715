// SPDX-License-Identifier: GPL-2.0
/*
 * Loading the pages of a raw directory's per-CPU files for rawdir.c: in
 * line with pread(), ahead of the walk by a reader thread, or (regular
 * files under the fast walker) mapped and walked in place, no copy.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rawdir_int.h"

/*
 * The chunk of cpu's file at off into buf: whole pages, 0 at the end, any
 * trouble said here. A regular file is read with pread() up to its size;
 * a FIFO or device in order until EOF or EAGAIN (never blocking: it was
 * opened O_NONBLOCK), a partial page at its end ignored.
 */
static ssize_t rawcpu_load(struct trace_rawdir *rd, int cpu, unsigned char *buf, size_t off)
{
	struct rawcpu *c = &rd->cpu[cpu];
	size_t len = (size_t)rd->subbuf * RAWDIR_CHUNK, n = 0;
	ssize_t r;

	if (!c->seq) {
		do
			r = pread(c->fd, buf, len, off);
		while (r < 0 && errno == EINTR);
		if (r < (ssize_t)rd->subbuf) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: read at byte %zu: %s\n",
				  rd->dir, cpu, off, r < 0 ? strerror(errno) : "file shrank");
			return 0;
		}
		return r - r % rd->subbuf;
	}
	while (n < len) {
		r = read(c->fd, buf + n, len - n);
		/* a device may block despite O_NONBLOCK: ^C gets us out */
		if (r < 0 && errno == EINTR && !(rd->src && trace_source_interrupted(rd->src)))
			continue;
		if (r < 0 && errno == EINTR)
			break;
		if (r < 0 && errno != EAGAIN) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: read at byte %zu: %s\n",
				  rd->dir, cpu, off + n, strerror(errno));
			break;
		}
		if (r <= 0)
			break;
		n += r;
	}
	if (n % rd->subbuf)
		trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: ends in a partial page (%zu of %u "
			  "bytes); it is ignored\n", rd->dir, cpu, n % rd->subbuf, rd->subbuf);
	return n - n % rd->subbuf;
}

/*
 * Maps RAWDIR_MAP_BYTES of cpu's file from off into m, whole pages only,
 * as many as the file still has: MAP_POPULATE sets up the page tables in
 * this one call instead of a fault per page. The file must not shrink
 * below what is mapped while it is walked (SIGBUS); one that already
 * shrank is said, as pread() would.
 */
static bool rawcpu_map(struct trace_rawdir *rd, int cpu, size_t off, struct rawmap *m)
{
	struct rawcpu *c = &rd->cpu[cpu];
	size_t win = RAWDIR_MAP_BYTES - RAWDIR_MAP_BYTES % rd->subbuf, len, delta;
	size_t pgsz = sysconf(_SC_PAGESIZE);
	struct stat st;
	void *addr;

	if (win < rd->subbuf)
		win = rd->subbuf;
	len = c->size - off < win ? c->size - off : win;
	if (fstat(c->fd, &st))
		st.st_size = -1;
	if (st.st_size < 0 || (size_t)st.st_size < off + rd->subbuf) {
		trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: read at byte %zu: %s\n", rd->dir,
			  cpu, off, st.st_size < 0 ? strerror(errno) : "file shrank");
		return false;
	}
	if ((size_t)st.st_size < off + len)
		len = (st.st_size - off) / rd->subbuf * rd->subbuf;
	/* the offset on a page boundary of the host, which a sub-buffer need not be */
	delta = off % pgsz;
	addr = mmap(NULL, delta + len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, c->fd, off - delta);
	if (addr == MAP_FAILED) {
		trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: mapping at byte %zu: %s\n", rd->dir,
			  cpu, off, strerror(errno));
		return false;
	}
	*m = (struct rawmap){ .addr = addr, .len = delta + len, .off = off, .bytes = len };
	return true;
}

static void rawmap_unmap(struct rawmap *m)
{
	if (m->addr)
		munmap(m->addr, m->len);
	m->addr = NULL;
}

/* m, mapped, becomes the pages cpu walks; the window before is unmapped */
static void rawcpu_map_use(struct rawcpu *c, struct rawmap *m)
{
	rawmap_unmap(&c->map);
	c->map = *m;
	m->addr = NULL;
	c->win = (unsigned char *)c->map.addr + (c->map.len - c->map.bytes);
	c->buf_off = c->map.off;
	c->buf_len = c->map.bytes;
	c->loaded += c->map.bytes;
}

/*
 * Read-ahead: while the decoder walks one chunk of a CPU's file, this thread
 * reads the next one into the spare buffer, so copying the file overlaps
 * the walk. A mapped file is not read ahead: mapping its next window here
 * gave 0.98-1.09x the in-line wall rate (munmap() and its TLB shootdown
 * stay on the walker) for twice the mapped pages in RSS.
 */
static void *rawdir_reader(void *arg)
{
	struct trace_rawdir *rd = arg;
	unsigned int i;
	bool did;

	pthread_mutex_lock(&rd->mu);
	while (!rd->reader_stop) {
		did = false;
		for (i = 0; i < rd->nr_cpus && !rd->reader_stop; i++) {
			struct rawcpu *c = &rd->cpu[i];
			size_t off = c->read_off;
			ssize_t r;

			if (c->fd < 0 || c->seq || c->mapped || c->spare_state || off >= c->size)
				continue;
			pthread_mutex_unlock(&rd->mu);
			r = rawcpu_load(rd, i, c->spare, off);
			pthread_mutex_lock(&rd->mu);
			c->spare_off = off;
			if (r <= 0) {
				c->spare_state = -1;
				c->read_off = c->size;
			} else {
				c->spare_len = r;
				c->read_off = off + r;
				c->spare_state = 1;
			}
			did = true;
			pthread_cond_broadcast(&rd->cv);
		}
		if (!did && !rd->reader_stop)
			pthread_cond_wait(&rd->cv, &rd->mu);
	}
	pthread_mutex_unlock(&rd->mu);
	return NULL;
}

void trace_rawdir_reader_stop(struct trace_rawdir *rd)
{
	if (!rd->reader_on)
		return;
	pthread_mutex_lock(&rd->mu);
	rd->reader_stop = true;
	pthread_cond_broadcast(&rd->cv);
	pthread_mutex_unlock(&rd->mu);
	pthread_join(rd->reader, NULL);
	rd->reader_on = false;
}

/* Starts the read-ahead thread; without one, pages are read in line. */
void trace_rawdir_reader_start(struct trace_rawdir *rd)
{
	unsigned int i, n = 0;

	if (rd->no_readahead)
		return;
	for (i = 0; i < rd->nr_cpus; i++) {
		struct rawcpu *c = &rd->cpu[i];

		/* a FIFO or device is read in line, where a signal can reach the read */
		if (c->fd < 0 || c->seq || c->mapped || c->spare)
			continue;
		c->spare = malloc((size_t)rd->subbuf * RAWDIR_CHUNK);
		if (!c->spare)
			return;
		c->read_off = c->page_off;
		n++;
	}
	if (!n)
		return;		/* every file mapped, or none to read */
	rd->reader_stop = false;
	rd->reader_on = !trace_thread_start(&rd->reader, rawdir_reader, rd);
}

/* The next chunk from the read-ahead thread into c->buf; false at the end. */
static bool rawcpu_take_spare(struct trace_rawdir *rd, int cpu)
{
	struct rawcpu *c = &rd->cpu[cpu];
	unsigned char *b;
	int state;

	pthread_mutex_lock(&rd->mu);
	while (!c->spare_state)
		pthread_cond_wait(&rd->cv, &rd->mu);
	state = c->spare_state;
	if (state > 0) {
		b = c->buf;
		c->loaded += c->spare_len;
		c->buf = c->spare;
		c->win = c->buf;
		c->spare = b;
		c->buf_off = c->spare_off;
		c->buf_len = c->spare_len;
		c->spare_state = 0;
		pthread_cond_broadcast(&rd->cv);
	}
	pthread_mutex_unlock(&rd->mu);
	return state > 0;
}

/* Regular files are walked in place unless trace_rawdir_set_map(rd, false) or the env says not. */
void trace_rawdir_map_start(struct trace_rawdir *rd)
{
	const char *env = getenv(RAWDIR_LOAD_ENV);
	unsigned int i;

	if (rd->no_map || (env && !strcmp(env, "read")))
		return;
	for (i = 0; i < rd->nr_cpus; i++) {
		struct rawcpu *c = &rd->cpu[i];

		c->mapped = c->fd >= 0 && !c->seq;
	}
}

void trace_rawdir_map_stop(struct trace_rawdir *rd)
{
	unsigned int i;

	for (i = 0; i < rd->nr_cpus; i++) {
		struct rawcpu *c = &rd->cpu[i];

		rawmap_unmap(&c->map);
		c->mapped = false;
		c->win = c->buf;
		c->buf_len = 0;
	}
}

void trace_rawdir_set_map(struct trace_rawdir *rd, bool on)
{
	rd->no_map = !on;
}

/* The page at c->page_off, read RAWDIR_CHUNK at a time or mapped; NULL at the end. */
unsigned char *trace_rawcpu_page(struct trace_rawdir *rd, int cpu)
{
	struct rawcpu *c = &rd->cpu[cpu];
	struct rawmap m;
	unsigned char *pg;
	ssize_t r;

	/* per page: a file that never ends (a device) must still let ^C report */
	if (c->page_off >= c->size || (rd->src && trace_source_interrupted(rd->src))) {
		c->done = true;
		return NULL;
	}
	if (c->page_off >= c->buf_off + c->buf_len && c->mapped) {
		if (!rawcpu_map(rd, cpu, c->page_off, &m)) {
			c->done = true;
			return NULL;
		}
		rawcpu_map_use(c, &m);
	} else if (c->page_off >= c->buf_off + c->buf_len && rd->reader_on && !c->seq) {
		if (!rawcpu_take_spare(rd, cpu)) {
			c->done = true;
			return NULL;
		}
	} else if (c->page_off >= c->buf_off + c->buf_len) {
		r = rawcpu_load(rd, cpu, c->buf, c->page_off);
		if (r <= 0) {
			c->done = true;
			return NULL;
		}
		c->buf_off = c->page_off;
		c->buf_len = r;
		c->loaded += r;
	}
	pg = c->win + (c->page_off - c->buf_off);
	c->page_off += rd->subbuf;
	return pg;
}

void trace_rawdir_set_readahead(struct trace_rawdir *rd, bool on)
{
	rd->no_readahead = !on;
}

void trace_rawcpu_page_bad(struct trace_rawdir *rd, int cpu)
{
	struct rawcpu *c = &rd->cpu[cpu];

	if (c->bad_page == c->page_off + 1)
		return;
	c->bad_page = c->page_off + 1;
	if (rd->src)
		rd->src->bad_pages++;
}
