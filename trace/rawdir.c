// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding a directory of ftrace pages: per_cpu/cpuN/trace_pipe_raw files
 * of concatenated sub-buffers (as read from a tracefs instance, an Android
 * hypervisor/ dir, a patched remote, or written by the model) plus the
 * events/ dir that describes them (header_page, <sys>/<ev>/format).
 * The CPUs are merged by timestamp so pairs see events in order.
 *
 * This file opens the directory: header_page, the format files, the
 * per-CPU files, and picks one of two page walkers that give the same
 * records: a fast one of our own over the ftrace sub-buffer layout
 * (rawwalk_fast.c), used when the pages are little-endian like the host
 * and events/header_page has the standard layout, and libtraceevent's
 * kbuffer for everything else (rawwalk_kbuffer.c, also the reference the
 * unit test compares against). Both take the event ids, field offsets and
 * sizes from the format files as tep parsed them; rawdir_merge.c merges
 * the CPUs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <traceevent/event-parse.h>
#include <traceevent/kbuffer.h>

#include "common.h"
#include "trace_int.h"

#include "rawdir_int.h"

int trace_header_page_subbuf_size(const char *path)
{
	char *text, *p;
	unsigned int off, size;
	int ret;

	ret = file_read_all(path, &text, NULL);
	if (ret)
		return ret;
	/* "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;" (ring_buffer_print_page_header()) */
	p = strstr(text, "char data;");
	if (!p || sscanf(p, "char data;\toffset:%u;\tsize:%u;", &off, &size) != 2 ||
	    off + size < 64) {
		free(text);
		trace_err("%s: no 'char data; offset:N; size:N;' line\n", path);
		return -EINVAL;
	}
	free(text);
	return off + size;
}

/*
 * True when header_page describes the layout the fast walker reads:
 * ring_buffer_print_page_header() of a 64-bit kernel, u64 timestamp at 0,
 * an 8-byte commit at 8, data at 16.
 */
static bool header_page_standard(const char *text)
{
	unsigned int off, size;
	const char *p;

	p = strstr(text, "u64 timestamp;");
	if (!p || sscanf(p, "u64 timestamp;\toffset:%u;\tsize:%u;", &off, &size) != 2 ||
	    off != 0 || size != 8)
		return false;
	p = strstr(text, "local_t commit;");
	if (!p || sscanf(p, "local_t commit;\toffset:%u;\tsize:%u;", &off, &size) != 2 ||
	    off != 8 || size != 8)
		return false;
	p = strstr(text, "char data;");
	if (!p || sscanf(p, "char data;\toffset:%u;", &off) != 1 || off != HYPEV_RB_PAGE_HDR_SIZE)
		return false;
	return true;
}

static int rawdir_load_events(struct trace_rawdir *rd, const char *evdir)
{
	char path[PATH_MAX], *text;
	struct dirent *sde, *ede;
	DIR *sd, *ed;
	size_t len;
	int n = 0;

	sd = opendir(evdir);
	if (!sd) {
		trace_err("%s: %s\n", evdir, strerror(errno));
		return -errno;
	}
	while ((sde = readdir(sd))) {
		if (sde->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", evdir, sde->d_name);
		ed = opendir(path);
		if (!ed)
			continue;	/* header_page, enable, ... */
		while ((ede = readdir(ed))) {
			if (ede->d_name[0] == '.')
				continue;
			if (snprintf(path, sizeof(path), "%s/%s/%s/format", evdir, sde->d_name,
				     ede->d_name) >= (int)sizeof(path))
				continue;
			if (file_read_all(path, &text, &len))
				continue;
			/*
			 * A print fmt libtraceevent cannot parse (dma:dma_map_sg in
			 * 1.7.1) still leaves the fields readable: not an error.
			 */
			tep_parse_event(rd->tep, text, len, sde->d_name);
			free(text);
			n++;
		}
		closedir(ed);
	}
	closedir(sd);
	if (!n) {
		trace_err("%s: no <system>/<event>/format files\n", evdir);
		return -ENOENT;
	}
	return 0;
}


void trace_rawdir_close(struct trace_rawdir *rd)
{
	unsigned int i, j;

	if (!rd)
		return;
	trace_rawdir_reader_stop(rd);
	trace_rawdir_map_stop(rd);
	pthread_mutex_destroy(&rd->mu);
	pthread_cond_destroy(&rd->cv);
	for (i = 0; i < rd->nr_cpus; i++) {
		if (rd->cpu[i].fd >= 0)
			close(rd->cpu[i].fd);
		free(rd->cpu[i].buf);
		free(rd->cpu[i].spare);
		if (rd->cpu[i].kb)
			kbuffer_free(rd->cpu[i].kb);
	}
	if (rd->types) {
		for (i = 0; i < RAWDIR_MAX_IDS; i++) {
			struct trace_evtype *t = rd->types[i];

			if (!t)
				continue;
			for (j = 0; j < t->nr_fields; j++)
				free(t->field[j]);
			free(t->system);
			free(t->name);
			free(t);
		}
		free(rd->types);
	}
	if (rd->tep)
		tep_free(rd->tep);
	free(rd->dir);
	free(rd);
}

unsigned int trace_rawdir_subbuf_size(const struct trace_rawdir *rd)
{
	return rd->subbuf;
}

bool trace_rawdir_is_fast(const struct trace_rawdir *rd)
{
	return rd->fast;
}

static struct trace_rawdir *rawdir_alloc(const char *dir, unsigned int nr_cpus)
{
	size_t size = sizeof(struct trace_rawdir) + nr_cpus * sizeof(struct rawcpu);
	struct trace_rawdir *rd;
	unsigned int i;

	/* struct rawcpu's alignment (rawdir_int.h), which calloc() does not give */
	if (posix_memalign((void **)&rd, _Alignof(struct rawcpu), size))
		return NULL;
	memset(rd, 0, size);
	rd->nr_cpus = nr_cpus;
	pthread_mutex_init(&rd->mu, NULL);
	pthread_cond_init(&rd->cv, NULL);
	for (i = 0; i < nr_cpus; i++)
		rd->cpu[i].fd = -1;
	rd->dir = strdup(dir);
	rd->types = calloc(RAWDIR_MAX_IDS, sizeof(rd->types[0]));
	rd->tep = tep_alloc();
	if (!rd->dir || !rd->types || !rd->tep) {
		trace_rawdir_close(rd);
		return NULL;
	}
	return rd;
}

/* evdir/header_page: the sub-buffer size, kbuffer's view of the pages, whether ours fits */
static int rawdir_header_page(struct trace_rawdir *rd, const char *evdir)
{
	char path[PATH_MAX], *text;
	size_t len;
	int ret;

	/* the instance's own header_page: sub-buffers may differ from the top level's */
	snprintf(path, sizeof(path), "%s/header_page", evdir);
	ret = trace_header_page_subbuf_size(path);
	if (ret < 0) {
		if (ret != -EINVAL)
			trace_err("%s: %s\n", path, strerror(-ret));
		return ret;
	}
	rd->subbuf = ret;
	ret = file_read_all(path, &text, &len);
	if (ret)
		return ret;
	/* libtraceevent 1.7.1: the long size must be set before tep_kbuffer() */
	tep_set_long_size(rd->tep, 8);
	ret = tep_parse_header_page(rd->tep, text, len, 8);
	/*
	 * ... and tep_kbuffer() takes it over the commit's size: a 32-bit
	 * kernel's 4-byte commit (data at 12) must make it 4, or kbuffer
	 * reads the data from 16.
	 */
	if (!ret && tep_get_header_page_size(rd->tep) == 4)
		tep_set_long_size(rd->tep, 4);
	/* what tep_kbuffer() will choose (libtraceevent parse-utils.c) */
	rd->kb_lsize = tep_get_long_size(rd->tep) ?: tep_get_header_page_size(rd->tep);
	rd->kb_lsize = rd->kb_lsize == 8 ? 8 : 4;
	rd->kb_be = tep_is_file_bigendian(rd->tep);
	rd->fast = header_page_standard(text);
	free(text);
	if (ret) {
		trace_err("%s: libtraceevent cannot parse it\n", path);
		return -EINVAL;
	}
	return 0;
}

/* The walker: ours when the pages suit it, else kbuffer (see the top). */
static void rawdir_pick_walker(struct trace_rawdir *rd)
{
	const char *env = getenv(RAWDIR_DECODE_ENV);

	/* every format starts with "unsigned short common_type": read it directly */
	rd->type_off = -1;
	if (tep_get_first_event(rd->tep)) {
		struct tep_format_field *f =
			tep_find_common_field(tep_get_first_event(rd->tep), "common_type");

		if (f && f->size == 2)
			rd->type_off = f->offset;
	}
	/* pages in the host's byte order, ids at a fixed offset, not forced off */
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__ || tep_is_file_bigendian(rd->tep) ||
	    rd->type_off < 0 || (env && !strcmp(env, "kbuffer")))
		rd->fast = false;
	rd->walk = rd->fast ? &trace_rawwalk_fast_ops : &trace_rawwalk_kbuffer_ops;
}

/* dir/per_cpu/cpuN/trace_pipe_raw: opened, its size in whole pages, its buffer */
static int rawcpu_open(struct trace_rawdir *rd, const char *dir, unsigned int cpu)
{
	struct rawcpu *c = &rd->cpu[cpu];
	enum trace_file_kind kind;
	char path[PATH_MAX];
	struct stat st;
	int fd;

	c->kb = tep_kbuffer(rd->tep);
	if (!c->kb)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
	/* not blocking: a FIFO without a writer blocks a plain open() */
	fd = trace_file_open_nb(path, &kind);
	if (fd == -ENOENT) {
		c->done = true;	/* a CPU with nothing recorded */
		return 0;
	}
	if (fd < 0) {
		trace_err("%s: %s\n", path, strerror(-fd));
		return fd;
	}
	c->fd = fd;
	if (kind == TRACE_FILE_OTHER) {
		trace_err("%s: %s\n", path, trace_file_kind_name(kind));
		return -EINVAL;
	}
	if (kind != TRACE_FILE_REGULAR) {
		/* a FIFO or device read after the fact: until EOF or EAGAIN */
		if (kind == TRACE_FILE_DEVICE)
			trace_err("%s: a character device: read until it ends or gives "
				  "nothing more; Ctrl-C stops the decoding and reports "
				  "what was read\n", path);
		c->seq = true;
		c->size = SIZE_MAX;
	} else if (fstat(fd, &st)) {
		return -errno;
	} else {
		if (st.st_size % rd->subbuf)
			trace_err("%s: %lld bytes is not a whole number of %u-byte pages; "
				  "the partial page at the end is ignored\n", path,
				  (long long)st.st_size, rd->subbuf);
		c->size = st.st_size - st.st_size % rd->subbuf;
	}
	c->buf = malloc((size_t)rd->subbuf * RAWDIR_CHUNK);
	if (!c->buf)
		return -ENOMEM;
	c->win = c->buf;
	if (!c->size)
		c->done = true;
	return 0;
}

struct trace_rawdir *trace_rawdir_open(const char *dir, const char *evdir, unsigned int nr_cpus)
{
	struct trace_rawdir *rd = rawdir_alloc(dir, nr_cpus);
	unsigned int i;
	int ret;

	if (!rd) {
		errno = ENOMEM;
		return NULL;
	}
	ret = rawdir_header_page(rd, evdir);
	if (!ret)
		ret = rawdir_load_events(rd, evdir);
	if (ret)
		goto err;
	rawdir_pick_walker(rd);
	for (i = 0; !ret && i < nr_cpus; i++)
		ret = rawcpu_open(rd, dir, i);
	if (ret)
		goto err;
	return rd;
err:
	trace_rawdir_close(rd);
	errno = -ret;
	return NULL;
}

struct trace_evtype *trace_rawdir_type(struct trace_rawdir *rd, int id)
{
	struct trace_evtype *t;
	struct tep_format_field *f;
	struct tep_event *ev;
	struct rawtype *rt;

	if (id < 0 || id >= RAWDIR_MAX_IDS)
		return NULL;
	if (rd->types[id])
		return rd->types[id];
	ev = tep_find_event(rd->tep, id);
	if (!ev)
		return NULL;
	rt = calloc(1, sizeof(*rt));
	if (!rt)
		return NULL;
	t = &rt->t;
	t->system = strdup(ev->system);
	t->name = strdup(ev->name);
	t->id = id;
	t->pid_offset = -1;
	f = tep_find_common_field(ev, "common_pid");
	if (f && f->size == 4)
		t->pid_offset = f->offset;
	for (f = ev->format.fields; f && t->nr_fields < TRACE_MAX_FIELDS; f = f->next) {
		unsigned int i = t->nr_fields;

		t->field[i] = strdup(f->name);
		t->offset[i] = f->offset;
		/* arrays, strings: not integers, val 0 (dump prints the strings) */
		t->size[i] = f->size;
		if (f->flags & TEP_FIELD_IS_DYNAMIC)
			t->kind[i] = (f->flags & TEP_FIELD_IS_STRING) ? TRACE_FIELD_DYNSTR
								       : TRACE_FIELD_OTHER;
		else if (f->flags & TEP_FIELD_IS_STRING)
			t->kind[i] = TRACE_FIELD_CHARS;
		else if (f->flags & TEP_FIELD_IS_ARRAY)
			t->kind[i] = TRACE_FIELD_OTHER;
		t->is_signed[i] = f->flags & TEP_FIELD_IS_SIGNED;
		t->nr_fields++;
	}
	rd->types[id] = t;
	return t;
}
