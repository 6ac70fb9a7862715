// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding a directory of ftrace pages: per_cpu/cpuN/trace_pipe_raw files
 * of concatenated sub-buffers (as read from a tracefs instance, an Android
 * hypervisor/ dir, a patched remote, or written by the model) plus the
 * events/ dir that describes them (header_page, <sys>/<ev>/format).
 * The CPUs are merged by timestamp so pairs see events in order.
 *
 * Two page walkers give the same records: a fast one of our own over the
 * ftrace sub-buffer layout (kernel/trace/ring_buffer.c), used when the
 * pages are little-endian like the host and events/header_page has the
 * standard layout, and libtraceevent's kbuffer for everything else (and as
 * the reference the unit test compares against). Both take the event ids,
 * field offsets and sizes from the format files as tep parsed them.
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

#include "trace_int.h"

#include "rawdir_int.h"

int trace_header_page_subbuf_size(const char *path)
{
	char *text, *p;
	unsigned int off, size;
	int ret;

	ret = trace_file_read(path, &text, NULL);
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
			if (trace_file_read(path, &text, &len))
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

struct trace_rawdir *trace_rawdir_open(const char *dir, const char *evdir, unsigned int nr_cpus)
{
	struct trace_rawdir *rd;
	char path[PATH_MAX], *text;
	enum trace_file_kind kind;
	struct stat st;
	unsigned int i;
	size_t len;
	int ret, fd;

	rd = calloc(1, sizeof(*rd) + nr_cpus * sizeof(rd->cpu[0]));
	if (!rd)
		return NULL;
	rd->nr_cpus = nr_cpus;
	pthread_mutex_init(&rd->mu, NULL);
	pthread_cond_init(&rd->cv, NULL);
	for (i = 0; i < nr_cpus; i++)
		rd->cpu[i].fd = -1;
	rd->dir = strdup(dir);
	rd->types = calloc(RAWDIR_MAX_IDS, sizeof(rd->types[0]));
	rd->tep = tep_alloc();
	if (!rd->dir || !rd->types || !rd->tep) {
		ret = -ENOMEM;
		goto err;
	}
	/* the instance's own header_page: sub-buffers may differ from the top level's */
	snprintf(path, sizeof(path), "%s/header_page", evdir);
	ret = trace_header_page_subbuf_size(path);
	if (ret < 0) {
		if (ret != -EINVAL)
			trace_err("%s: %s\n", path, strerror(-ret));
		goto err;
	}
	rd->subbuf = ret;
	ret = trace_file_read(path, &text, &len);
	if (ret)
		goto err;
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
		ret = -EINVAL;
		goto err;
	}
	ret = rawdir_load_events(rd, evdir);
	if (ret)
		goto err;
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
	    rd->type_off < 0 || (getenv(RAWDIR_DECODE_ENV) &&
				 !strcmp(getenv(RAWDIR_DECODE_ENV), "kbuffer")))
		rd->fast = false;
	for (i = 0; i < nr_cpus; i++) {
		struct rawcpu *c = &rd->cpu[i];

		c->kb = tep_kbuffer(rd->tep);
		if (!c->kb) {
			ret = -ENOMEM;
			goto err;
		}
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, i);
		/* not blocking: a FIFO without a writer blocks a plain open() */
		fd = trace_file_open_nb(path, &kind);
		if (fd == -ENOENT) {
			c->done = true;	/* a CPU with nothing recorded */
			continue;
		}
		if (fd < 0) {
			ret = fd;
			trace_err("%s: %s\n", path, strerror(-ret));
			goto err;
		}
		c->fd = fd;
		if (kind == TRACE_FILE_OTHER) {
			trace_err("%s: %s\n", path, trace_file_kind_name(kind));
			ret = -EINVAL;
			goto err;
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
			ret = -errno;
			goto err;
		} else {
			if (st.st_size % rd->subbuf)
				trace_err("%s: %lld bytes is not a whole number of %u-byte pages; "
					  "the partial page at the end is ignored\n", path,
					  (long long)st.st_size, rd->subbuf);
			c->size = st.st_size - st.st_size % rd->subbuf;
		}
		c->buf = malloc((size_t)rd->subbuf * RAWDIR_CHUNK);
		if (!c->buf) {
			ret = -ENOMEM;
			goto err;
		}
		if (!c->size)
			c->done = true;
	}
	return rd;
err:
	trace_rawdir_close(rd);
	errno = -ret;
	return NULL;
}

static struct trace_evtype *rawdir_type(struct trace_rawdir *rd, int id)
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

static inline uint64_t raw_get(const unsigned char *p, unsigned int size, bool is_signed)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		memcpy(&v8, p, 1);
		return is_signed ? (uint64_t)(int64_t)(int8_t)v8 : v8;
	case 2:
		memcpy(&v16, p, 2);
		return is_signed ? (uint64_t)(int64_t)(int16_t)v16 : v16;
	case 4:
		memcpy(&v32, p, 4);
		return is_signed ? (uint64_t)(int64_t)(int32_t)v32 : v32;
	case 8:
		memcpy(&v64, p, 8);
		return v64;
	default:
		return 0;
	}
}

/* The page just loaded on cpu was cut short: counted once per page, for the report. */
static void rawdir_page_bad(struct trace_rawdir *rd, int cpu)
{
	struct rawcpu *c = &rd->cpu[cpu];

	if (c->bad_page == c->page_off + 1)
		return;
	c->bad_page = c->page_off + 1;
	if (rd->src)
		rd->src->bad_pages++;
}

/* Moves c to its next event, loading pages as needed and reporting misses. */
static void rawcpu_next(struct trace_rawdir *rd, struct trace_source *src, int cpu,
			trace_lost_fn lost, void *ctx, bool first)
{
	struct rawcpu *c = &rd->cpu[cpu];
	unsigned int bad_off;
	unsigned char *pg;
	const char *why;
	uint64_t n;
	int missed;

	if (!first && c->data)
		c->data = kbuffer_next_event(c->kb, &c->ts);
	while (!c->data) {
		pg = trace_rawcpu_page(rd, cpu);
		if (!pg)
			return;
		/* kbuffer trusts commits and lengths: cut the page at its first bad entry */
		why = trace_rawpage_trim(pg, rd->subbuf, rd->kb_lsize, rd->kb_be, &bad_off, &n);
		if (why) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: page at byte %zu, offset %u: "
				  "%s; the rest of the page is skipped\n", rd->dir, cpu,
				  c->page_off - rd->subbuf, bad_off, why);
			rawdir_page_bad(rd, cpu);
			if (n)
				lost(ctx, cpu, n);
		}
		if (kbuffer_load_subbuffer(c->kb, pg)) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: page at byte %zu is not an "
				  "ftrace page; skipped\n", rd->dir, cpu, c->page_off - rd->subbuf);
			rawdir_page_bad(rd, cpu);
			continue;
		}
		/* valid only before the page is iterated (libtraceevent 1.7.1) */
		missed = kbuffer_missed_events(c->kb);
		if (missed > 0)
			lost(ctx, cpu, missed);
		else if (missed < 0) {
			/* HYPEV_RB_MISSED_EVENTS without a count: at least one */
			lost(ctx, cpu, 1);
		}
		c->data = kbuffer_read_event(c->kb, &c->ts);
	}
	(void)src;
}

static inline uint32_t rd_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t rd_u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void rawcpu_bad(struct trace_rawdir *rd, int cpu, const char *why)
{
	struct rawcpu *c = &rd->cpu[cpu];

	trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: page at byte %zu, offset %u: %s; "
		  "the rest of the page is skipped\n", rd->dir, cpu, c->page_off - rd->subbuf,
		  c->off + HYPEV_RB_PAGE_HDR_SIZE, why);
	rawdir_page_bad(rd, cpu);
	c->off = c->end;
}

/*
 * The fast walker: c to its next data event. Page header {u64 time_stamp;
 * u64 commit} with HYPEV_RB_MISSED_EVENTS/HYPEV_RB_MISSED_STORED in commit and the
 * missed count after the data; events {u32 type_len:5, time_delta:27} with
 * type_len 1..28 payload words, 0 the length in array[0], 29 padding
 * (array[0] bytes follow), 30 a time extend, 31 an absolute time stamp
 * (kernel/trace/ring_buffer.c). Time deltas add up as kbuffer adds them.
 */
static void rawcpu_next_slow(struct trace_rawdir *rd, int cpu, trace_lost_fn lost, void *ctx)
{
	struct rawcpu *c = &rd->cpu[cpu];
	unsigned int cap = rd->subbuf - HYPEV_RB_PAGE_HDR_SIZE, size;
	const unsigned char *p;
	uint64_t commit, missed;
	uint32_t hdr, len;

	for (;;) {
		while (c->off < c->end) {
			p = c->pg + c->off;
			if (c->off + 8 > cap) {
				rawcpu_bad(rd, cpu, "event header past the page end");
				break;
			}
			hdr = rd_u32(p);
			switch (hdr & 31) {
			case HYPEV_RB_TYPE_PADDING:
				len = rd_u32(p + 4);
				if (len > cap) {
					rawcpu_bad(rd, cpu, "padding longer than the page");
					continue;
				}
				c->ts += hdr >> 5;
				c->off += 4 + len;
				continue;
			case HYPEV_RB_TYPE_TIME_EXTEND:
				c->ts += ((uint64_t)rd_u32(p + 4) << HYPEV_RB_TS_SHIFT) + (hdr >> 5);
				c->off += 8;
				continue;
			case HYPEV_RB_TYPE_TIME_STAMP:
				c->ts = (((uint64_t)rd_u32(p + 4) << HYPEV_RB_TS_SHIFT) + (hdr >> 5)) |
					(c->ts & HYPEV_RB_TS_MSB);
				c->off += 8;
				continue;
			case 0:
				len = rd_u32(p + 4);
				if (len < 4 || len > cap) {
					rawcpu_bad(rd, cpu, "bad length in array[0]");
					continue;
				}
				/*
				 * array[0] + 4 bytes, not rounded: rb_event_data_length()
				 * in kernel/trace/ring_buffer.c. Writers that align store
				 * an aligned array[0]; Android's hypervisor writer
				 * (arch/arm64/kvm/hyp/nvhe/trace.c rb_reserve_next())
				 * stores the packed struct's size + 4, so its events sit
				 * at unaligned offsets (fields are read with memcpy).
				 */
				size = 4 + len;
				c->data = (void *)(p + 8);
				break;
			default:
				size = 4 + (hdr & 31) * 4;
				c->data = (void *)(p + 4);
				break;
			}
			if (c->off + size > cap) {
				rawcpu_bad(rd, cpu, "event past the page end");
				break;
			}
			c->ts += hdr >> 5;
			c->rec_size = size;
			c->off += size;
			return;
		}
		p = trace_rawcpu_page(rd, cpu);
		if (!p) {
			c->data = NULL;
			return;
		}
		c->ts = rd_u64(p);
		commit = rd_u64(p + 8);
		c->pg = p + HYPEV_RB_PAGE_HDR_SIZE;
		c->off = 0;
		c->end = commit & HYPEV_RB_COMMIT_MASK;
		if (c->end > cap) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: page at byte %zu: commit %u "
				  "is past its %u data bytes; read up to the page end\n", rd->dir,
				  cpu, c->page_off - rd->subbuf, c->end, cap);
			rawdir_page_bad(rd, cpu);
			c->end = cap;
		}
		if (commit & HYPEV_RB_MISSED_EVENTS) {
			/* without a stored count (or no room for one): at least one */
			missed = 1;
			if ((commit & HYPEV_RB_MISSED_STORED) && c->end + 8 <= cap)
				missed = rd_u64(c->pg + c->end);
			if (missed)
				lost(ctx, cpu, missed);
		}
	}
}

/* The common case inline: a small data event further on the same page. */
static inline __attribute__((always_inline)) void
rawcpu_next_fast(struct trace_rawdir *rd, int cpu, trace_lost_fn lost, void *ctx)
{
	struct rawcpu *c = &rd->cpu[cpu];
	const unsigned char *p;
	uint32_t hdr, tl;
	unsigned int size;

	/* no page yet (c->pg NULL, c->end 0): the slow path loads one */
	if (c->off < c->end && c->off + 8 <= rd->subbuf - HYPEV_RB_PAGE_HDR_SIZE) {
		p = c->pg + c->off;
		hdr = rd_u32(p);
		tl = hdr & 31;
		size = 4 + tl * 4;
		if (tl && tl < HYPEV_RB_TYPE_PADDING &&
		    c->off + size <= rd->subbuf - HYPEV_RB_PAGE_HDR_SIZE) {
			c->ts += hdr >> 5;
			c->data = (void *)(p + 4);
			c->rec_size = size;
			c->off += size;
			return;
		}
	}
	rawcpu_next_slow(rd, cpu, lost, ctx);
}

/*
 * An integer field that a record cannot give: its format puts it (partly)
 * past the record's payload, or its size is not one raw_get() reads. It
 * reads as 0; said once per event and field, naming both.
 */
static void __attribute__((noinline))
rawfield_unreadable(struct trace_rawdir *rd, struct rawtype *rt, unsigned int i,
		    unsigned int payload)
{
	const struct trace_evtype *t = &rt->t;

	if (rt->warned & (1u << i))
		return;
	rt->warned |= 1u << i;
	if (t->size[i] != 1 && t->size[i] != 2 && t->size[i] != 4 && t->size[i] != 8)
		trace_err("%s: %s:%s: field '%s' has size %u in its format file, not 1, 2, 4 "
			  "or 8 bytes; it reads as 0\n", rd->dir, t->system, t->name, t->field[i],
			  t->size[i]);
	else
		trace_err("%s: %s:%s: field '%s' (offset %u, size %u in its format file) lies "
			  "outside a %u-byte record; it reads as 0 in such records\n", rd->dir,
			  t->system, t->name, t->field[i], t->offset[i], t->size[i], payload);
}

/* The fields to extract for t's current need (all of them until it is set). */
static void rawtype_plan(struct rawtype *rt)
{
	struct trace_evtype *t = &rt->t;
	unsigned int i;

	rt->nr_plan = 0;
	for (i = 0; i < t->nr_fields; i++) {
		struct rawfield *f = &rt->plan[rt->nr_plan];

		if (t->need_set && !(t->need & (1u << i)))
			continue;
		f->idx = i;
		f->off = t->offset[i];
		f->size = t->kind[i] ? 0 : t->size[i];
		f->is_signed = t->is_signed[i];
		rt->nr_plan++;
	}
	rt->plan_set = t->need_set;
	rt->plan_need = t->need;
	rt->planned = true;
}

static void unknown_id(struct trace_rawdir *rd, unsigned int cpu, int id, uint64_t *unknown)
{
	if (!(*unknown)++)
		trace_err("%s/per_cpu/cpu%u: event id %d has no format file under events/; "
			  "such events are counted as lost\n", rd->dir, cpu, id);
}

static int rawdir_decode_fast(struct trace_rawdir *rd, struct trace_source *src,
			      trace_rec_fn fn, trace_lost_fn lost, void *ctx)
{
	struct tep_record trec = { 0 };
	unsigned int i, best, lim_idx, size, payload;
	uint64_t unknown = 0, lim_ts;
	struct trace_evtype *t;
	struct trace_rec rec;
	struct rawtype *rt;
	struct rawcpu *c;
	int ret = 0, id;

	trace_rawdir_reader_start(rd);
	for (i = 0; i < rd->nr_cpus; i++)
		if (!rd->cpu[i].done)
			rawcpu_next_fast(rd, i, lost, ctx);
	for (;;) {
		/* the oldest event (lowest CPU on ties) and the one after it */
		best = lim_idx = rd->nr_cpus;
		for (i = 0; i < rd->nr_cpus; i++) {
			if (rd->cpu[i].done)
				continue;
			if (best == rd->nr_cpus || rd->cpu[i].ts < rd->cpu[best].ts) {
				lim_idx = best;
				best = i;
			} else if (lim_idx == rd->nr_cpus || rd->cpu[i].ts < rd->cpu[lim_idx].ts) {
				lim_idx = i;
			}
		}
		if (best == rd->nr_cpus)
			break;
		lim_ts = lim_idx < rd->nr_cpus ? rd->cpu[lim_idx].ts : UINT64_MAX;
		c = &rd->cpu[best];
		/* that CPU's events up to the next CPU's first, without re-picking */
		do {
			const unsigned char *data = c->data;

			size = c->rec_size;
			/* the record without its event header: what fields may lie in */
			payload = size - (unsigned int)(data - (c->pg + c->off - size));
			if ((unsigned int)rd->type_off + 2 <= payload) {
				uint16_t ty;

				memcpy(&ty, data + rd->type_off, 2);
				id = ty;
			} else {
				trec.data = c->data;
				trec.size = payload;
				id = payload >= 2 ? tep_data_type(rd->tep, &trec) : -1;
			}
			t = id >= 0 && id < RAWDIR_MAX_IDS && rd->types[id] ? rd->types[id] :
			    rawdir_type(rd, id);
			if (!t) {
				unknown_id(rd, best, id, &unknown);
				lost(ctx, best, 1);
			} else {
				rt = (struct rawtype *)t;
				if (!rt->planned || rt->plan_set != t->need_set ||
				    rt->plan_need != t->need)
					rawtype_plan(rt);
				rec.type = t;
				rec.raw = data;
				rec.raw_size = payload;
				rec.ts_ns = c->ts;
				rec.cpu = best;
				rec.pid = t->pid_offset >= 0 &&
					  (unsigned int)t->pid_offset + 4 <= payload ?
					  (int)rd_u32(data + t->pid_offset) : -1;
				for (i = 0; i < rt->nr_plan; i++) {
					const struct rawfield *f = &rt->plan[i];

					if (f->size && (uint64_t)f->off + f->size <= payload &&
					    (f->size & (f->size - 1)) == 0 && f->size <= 8) {
						rec.val[f->idx] = raw_get(data + f->off, f->size,
									  f->is_signed);
					} else {
						rec.val[f->idx] = 0;
						if (f->size)
							rawfield_unreadable(rd, rt, f->idx,
									    payload);
					}
				}
				src->nr_recs++;
				ret = fn(ctx, &rec);
				if (ret)
					goto out;
			}
			rawcpu_next_fast(rd, best, lost, ctx);
		} while (c->data && (c->ts < lim_ts || (c->ts == lim_ts && best < lim_idx)));
	}
out:
	trace_rawdir_reader_stop(rd);
	return ret;
}

static int rawdir_decode_kbuffer(struct trace_rawdir *rd, struct trace_source *src,
				 trace_rec_fn fn, trace_lost_fn lost, void *ctx);

int trace_rawdir_decode(struct trace_rawdir *rd, struct trace_source *src,
			trace_rec_fn fn, trace_lost_fn lost, void *ctx)
{
	unsigned int i;
	int ret;

	rd->src = src;
	if (rd->fast)
		ret = rawdir_decode_fast(rd, src, fn, lost, ctx);
	else
		ret = rawdir_decode_kbuffer(rd, src, fn, lost, ctx);
	rd->src = NULL;
	/* what was read, not the file sizes: a device has none, ^C cuts it */
	for (i = 0; i < rd->nr_cpus; i++)
		src->bytes += rd->cpu[i].loaded;
	return ret;
}

static int rawdir_decode_kbuffer(struct trace_rawdir *rd, struct trace_source *src,
				 trace_rec_fn fn, trace_lost_fn lost, void *ctx)
{
	struct tep_record trec = { 0 };
	struct trace_rec rec;
	struct trace_evtype *t;
	unsigned int i, best, size;
	uint64_t unknown = 0;
	int ret, id;

	for (i = 0; i < rd->nr_cpus; i++)
		if (!rd->cpu[i].done)
			rawcpu_next(rd, src, i, lost, ctx, true);
	for (;;) {
		best = rd->nr_cpus;
		for (i = 0; i < rd->nr_cpus; i++)
			if (!rd->cpu[i].done &&
			    (best == rd->nr_cpus || rd->cpu[i].ts < rd->cpu[best].ts))
				best = i;
		if (best == rd->nr_cpus)
			break;
		struct rawcpu *c = &rd->cpu[best];

		/* the payload, not kbuffer_curr_size(): that counts the event header */
		size = kbuffer_event_size(c->kb);
		trec.data = c->data;
		trec.size = size;
		trec.ts = c->ts;
		trec.cpu = best;
		if (rd->type_off >= 0 && (unsigned int)rd->type_off + 2 <= size) {
			uint16_t ty;

			memcpy(&ty, (unsigned char *)c->data + rd->type_off, 2);
			id = ty;
		} else {
			id = size >= 2 ? tep_data_type(rd->tep, &trec) : -1;
		}
		t = rawdir_type(rd, id);
		if (!t) {
			unknown_id(rd, best, id, &unknown);
			lost(ctx, best, 1);
		} else {
			struct rawtype *rt = (struct rawtype *)t;

			rec.type = t;
			rec.raw = c->data;
			rec.raw_size = size;
			rec.ts_ns = c->ts;
			rec.cpu = best;
			rec.pid = t->pid_offset >= 0 && (unsigned int)t->pid_offset + 4 <= size ?
				  (int)raw_get((unsigned char *)c->data + t->pid_offset, 4, true) : -1;
			for (i = 0; i < t->nr_fields; i++) {
				if (t->need_set && !(t->need & (1u << i)))
					continue;
				rec.val[i] = 0;
				if (t->kind[i])
					continue;
				if ((uint64_t)t->offset[i] + t->size[i] <= size && t->size[i] <= 8 &&
				    t->size[i] && !(t->size[i] & (t->size[i] - 1)))
					rec.val[i] = raw_get((unsigned char *)c->data + t->offset[i],
							     t->size[i], t->is_signed[i]);
				else
					rawfield_unreadable(rd, rt, i, size);
			}
			src->nr_recs++;
			ret = fn(ctx, &rec);
			if (ret)
				return ret;
		}
		rawcpu_next(rd, src, best, lost, ctx, false);
	}
	return 0;
}
