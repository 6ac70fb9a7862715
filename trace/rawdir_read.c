// SPDX-License-Identifier: GPL-2.0
/*
 * Loading the pages of a raw directory's per-CPU files for rawdir.c: in
 * line with pread(), or ahead of the walk by a reader thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rawdir_int.h"

/*
 * Read-ahead: while the decoder walks one chunk of a CPU's file, this thread
 * reads the next one into the spare buffer, so copying the file (a third of
 * the time on one core) overlaps the walk.
 */
static void *rawdir_reader(void *arg)
{
	struct trace_rawdir *rd = arg;
	size_t chunk = (size_t)rd->subbuf * RAWDIR_CHUNK;
	unsigned int i;
	bool did;

	pthread_mutex_lock(&rd->mu);
	while (!rd->reader_stop) {
		did = false;
		for (i = 0; i < rd->nr_cpus && !rd->reader_stop; i++) {
			struct rawcpu *c = &rd->cpu[i];
			size_t off = c->read_off;
			ssize_t r;

			if (c->fd < 0 || c->spare_state || off >= c->size)
				continue;
			pthread_mutex_unlock(&rd->mu);
			r = pread(c->fd, c->spare, chunk, off);
			pthread_mutex_lock(&rd->mu);
			c->spare_off = off;
			if (r < (ssize_t)rd->subbuf) {
				c->spare_state = r < 0 ? -errno : -ENODATA;
				c->read_off = c->size;
			} else {
				c->spare_len = r - r % rd->subbuf;
				c->read_off = off + c->spare_len;
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
	unsigned int i;

	for (i = 0; i < rd->nr_cpus; i++) {
		struct rawcpu *c = &rd->cpu[i];

		if (c->fd < 0 || c->spare)
			continue;
		c->spare = malloc((size_t)rd->subbuf * RAWDIR_CHUNK);
		if (!c->spare)
			return;
		c->read_off = c->page_off;
	}
	rd->reader_stop = false;
	rd->reader_on = !pthread_create(&rd->reader, NULL, rawdir_reader, rd);
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
		c->buf = c->spare;
		c->spare = b;
		c->buf_off = c->spare_off;
		c->buf_len = c->spare_len;
		c->spare_state = 0;
		pthread_cond_broadcast(&rd->cv);
	}
	pthread_mutex_unlock(&rd->mu);
	if (state < 0)
		trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: read at byte %zu: %s\n", rd->dir,
			  cpu, c->page_off, state == -ENODATA ? "file shrank" : strerror(-state));
	return state > 0;
}

/* The page at c->page_off, read RAWDIR_CHUNK at a time; NULL at the end. */
unsigned char *trace_rawcpu_page(struct trace_rawdir *rd, int cpu)
{
	struct rawcpu *c = &rd->cpu[cpu];
	unsigned char *pg;

	if (c->page_off >= c->size) {
		c->done = true;
		return NULL;
	}
	if (c->page_off >= c->buf_off + c->buf_len && rd->reader_on) {
		if (!rawcpu_take_spare(rd, cpu)) {
			c->done = true;
			return NULL;
		}
	} else if (c->page_off >= c->buf_off + c->buf_len) {
		ssize_t r = pread(c->fd, c->buf, (size_t)rd->subbuf * RAWDIR_CHUNK, c->page_off);

		if (r < (ssize_t)rd->subbuf) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: read at byte %zu: %s\n",
				  rd->dir, cpu, c->page_off, r < 0 ? strerror(errno) :
				  "file shrank");
			c->done = true;
			return NULL;
		}
		c->buf_off = c->page_off;
		c->buf_len = r - r % rd->subbuf;
	}
	pg = c->buf + (c->page_off - c->buf_off);
	c->page_off += rd->subbuf;
	return pg;
}
