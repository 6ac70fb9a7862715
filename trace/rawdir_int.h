/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the raw-directory decoder (rawdir.c) and its page loader
 * (rawdir_read.c): the per-CPU walking state and the read-ahead thread that
 * fills it. The ftrace page layout comes from hyp-instrumentation/hypev_rb.h,
 * the writer of the same pages.
 */
#ifndef TRACE_RAWDIR_INT_H
#define TRACE_RAWDIR_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <traceevent/kbuffer.h>

#include "hypev_rb.h"
#include "trace_int.h"

#define RAWDIR_MAX_IDS	65536	/* common_type is an unsigned short */
#define RAWDIR_CHUNK	32
/*
 * A regular file is mapped this much at a time (the bench prints it): the
 * mapped pages count in RSS, so it stays bounded; 8 MiB saved ~0.2 ns/event
 * of 2 in mmap() for 8 times the RSS.
 */
#define RAWDIR_MAP_BYTES	(1u << 20)

/* SMMUBENCH_RAW_DECODE=kbuffer forces the reference walker */
#define RAWDIR_DECODE_ENV	"SMMUBENCH_RAW_DECODE"
/* SMMUBENCH_RAW_LOAD=read: the fast walker's files read with pread(), not mapped */
#define RAWDIR_LOAD_ENV		"SMMUBENCH_RAW_LOAD"

/* One integer field the fast path extracts: val[idx] from the record. */
struct rawfield {
	uint16_t idx;
	uint8_t size;			/* 0: not an integer, val 0 */
	bool is_signed;
	bool is_int;			/* an integer by its format: said when unreadable */
	uint8_t shift;			/* 64 - 8 * size: an 8-byte load shifted to size */
	uint32_t off;
	uint64_t mask;			/* after the arithmetic shift: size's bits; signed: all */
};

/* An event type plus the fast path's extraction plan for it. */
struct rawtype {
	struct trace_evtype t;		/* first: rawdir_type() hands out &rt->t */
	bool planned, plan_set;		/* plan made for this need/need_set */
	uint32_t plan_need;
	unsigned int nr_plan;
	struct rawfield plan[TRACE_MAX_FIELDS];
	bool plan_ints;			/* every planned field an integer of 1, 2, 4, 8 bytes */
	uint32_t plan_payload;		/* which a payload this long holds whole */
	uint32_t plan_wide;		/* and 8 bytes from each field's start */
	uint32_t warned;		/* fields already reported as unreadable */
};

/* whole pages of a file mapped at off: addr..addr+len, bytes of them from off */
struct rawmap {
	void *addr;
	size_t len, off, bytes;
};

struct rawcpu {
	int fd;
	bool seq;			/* a FIFO or device: read() in order, no size */
	uint64_t loaded;		/* bytes of whole pages loaded */
	unsigned char *buf;		/* RAWDIR_CHUNK pages read at a time */
	unsigned char *win;		/* the pages at buf_off: buf, or in the mapping */
	size_t buf_off, buf_len;
	bool mapped;			/* fast walker, regular file: win is in map */
	struct rawmap map;		/* RAWDIR_MAP_BYTES of the file, PROT_READ */
	size_t size;
	size_t page_off;		/* next page to load */
	struct kbuffer *kb;
	void *data;			/* current event, NULL at the end */
	unsigned long long ts;
	bool done;
	/* fast walker: the page being read */
	const unsigned char *pg;	/* its data[] */
	unsigned int off, end;		/* next event header, commit size */
	unsigned int lim;		/* below it, any small event fits before the page end */
	unsigned int payload;		/* current record (both walkers): bytes after its header */
	size_t bad_page;		/* page_off of the last page counted bad, + 1 */
	/* read-ahead (fast path, not mapped): the reader fills spare while buf is walked */
	unsigned char *spare;
	size_t spare_off, spare_len, read_off;
	int spare_state;		/* 0 empty, 1 filled, -errno or -ENODATA (short) */
} __attribute__((aligned(64)));	/* rd->cpu[i] by a shift: 7 instructions/event less */

struct trace_rawdir {
	struct tep_handle *tep;
	char *dir;
	unsigned int nr_cpus;
	unsigned int subbuf;
	int type_off;			/* common_type as u16 at this offset, or -1 */
	bool fast;			/* our own page walker (see the top) */
	const struct rawwalk_ops *walk;	/* the walker in use */
	unsigned int kb_lsize;		/* kbuffer's commit size (4 or 8) */
	bool kb_be;			/* and its pages' byte order */
	/* read-ahead thread: the next chunk of every CPU's file, one at a time */
	pthread_t reader;
	bool reader_on, reader_stop;
	bool no_readahead;		/* trace_rawdir_set_readahead(rd, false) */
	bool no_map;			/* trace_rawdir_set_map(rd, false) */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct trace_source *src;	/* while decoding: its interrupt */
	struct trace_evtype **types;	/* by id, built on first sight */
	struct rawcpu cpu[];
};

/*
 * A page walker moves one CPU to its next data event: c->data, c->ts and
 * c->payload, or c->data NULL (and c->done) when the CPU has no more.
 * Page misses go to lost(). Both walkers give the same records:
 * rawwalk_fast.c (our own, over the ftrace page layout) and
 * rawwalk_kbuffer.c (libtraceevent's kbuffer); rawdir_merge.c merges the
 * CPUs by timestamp through either.
 */
struct rawwalk_ops {
	const char *name;
	void (*begin)(struct trace_rawdir *rd);	/* before the first event; may be NULL */
	void (*end)(struct trace_rawdir *rd);	/* after the last; may be NULL */
	void (*next)(struct trace_rawdir *rd, int cpu, trace_lost_fn lost, void *ctx);
};

extern const struct rawwalk_ops trace_rawwalk_fast_ops;
extern const struct rawwalk_ops trace_rawwalk_kbuffer_ops;

/* rawwalk_fast.c: every step but the one trace_rawwalk_fast_next() takes inline */
void trace_rawwalk_fast_slow(struct trace_rawdir *rd, int cpu, trace_lost_fn lost, void *ctx);

/*
 * The fast walker's step (trace_rawwalk_fast_ops.next), inline so the merge
 * loop takes it without a call: a small data event (type_len 1..28) that
 * starts below c->lim, so it ends within the page; anything else goes to
 * trace_rawwalk_fast_slow().
 */
static inline void trace_rawwalk_fast_next(struct trace_rawdir *rd, int cpu, trace_lost_fn lost,
					   void *ctx)
{
	struct rawcpu *c = &rd->cpu[cpu];
	const unsigned char *p;
	uint32_t hdr, tl;

	/* no page yet (c->pg NULL, c->lim 0): the slow path loads one */
	if (c->off < c->lim) {
		p = c->pg + c->off;
		memcpy(&hdr, p, sizeof(hdr));
		tl = hdr & 31;
		if (tl - 1 < HYPEV_RB_TYPE_PADDING - 1) {
			c->ts += hdr >> 5;
			c->data = (void *)(p + 4);
			c->payload = tl * 4;
			c->off += 4 + tl * 4;
			return;
		}
	}
	trace_rawwalk_fast_slow(rd, cpu, lost, ctx);
}

/* rawdir.c: the event type of id, built from its format on first sight; NULL if none */
struct trace_evtype *trace_rawdir_type(struct trace_rawdir *rd, int id);

/*
 * rawpage.c: makes a sub-buffer safe for kbuffer. NULL when it is whole;
 * else why, with the commit shortened to *bad_off (from the page start),
 * the missed flags cleared and the missed count in *missed instead.
 */
const char *trace_rawpage_trim(unsigned char *page, unsigned int subbuf, unsigned int lsize,
			       bool be, unsigned int *bad_off, uint64_t *missed);

/*
 * rawdir_read.c: pages of one CPU's file, RAWDIR_CHUNK at a time, or in
 * place in a mapping of the file. Only the fast walker maps (it never
 * writes into a page; kbuffer's trim does): begin() maps what it can, then
 * starts the read-ahead thread for the rest.
 */
void trace_rawdir_map_start(struct trace_rawdir *rd);
void trace_rawdir_map_stop(struct trace_rawdir *rd);
void trace_rawdir_reader_start(struct trace_rawdir *rd);
void trace_rawdir_reader_stop(struct trace_rawdir *rd);
unsigned char *trace_rawcpu_page(struct trace_rawdir *rd, int cpu);
/* the page just loaded on cpu was cut short: counted once per page, for the report */
void trace_rawcpu_page_bad(struct trace_rawdir *rd, int cpu);

#endif
