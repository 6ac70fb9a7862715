/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A freestanding ring-buffer writer producing sub-buffers in the ftrace page
 * format, like the hypervisor's simple_ring_buffer: no libc, no floats, no
 * allocation (the caller hands in the memory), so it builds for aarch64
 * with -ffreestanding -nostdlib -mgeneral-regs-only.
 *
 * One hypev_rb per CPU. Writers reserve, fill and commit one event at a
 * time; a reader takes whole sub-buffers (pages) with hypev_rb_read_page().
 * When the writer needs a page and every page is full and unread, it
 * overwrites the oldest one, as the hypervisor does; the next page the
 * reader gets carries the count in its commit word (RB_MISSED_EVENTS,
 * RB_MISSED_STORED) the way kernel/trace/ring_buffer.c marks it.
 *
 * Not thread-safe: one writer per buffer (EL2 writes its own CPU's buffer
 * with preemption off), and the reader runs on the same thread or is
 * serialised by the caller.
 */
#ifndef HYPEV_RB_H
#define HYPEV_RB_H

#include "hypev_types.h"

/* include/linux/ring_buffer.h and kernel/trace/ring_buffer.c */
#define HYPEV_RB_TYPE_PADDING		29
#define HYPEV_RB_TYPE_TIME_EXTEND	30
#define HYPEV_RB_TYPE_TIME_STAMP	31
#define HYPEV_RB_MAX_SMALL_DATA		(28 * 4)	/* type_len 1..28 */
#define HYPEV_RB_ALIGNMENT		4		/* RB_ALIGNMENT */
#define HYPEV_RB_EVNT_HDR_SIZE		4		/* u32 type_len:5, time_delta:27 */
#define HYPEV_RB_TS_SHIFT		27		/* TS_SHIFT */
#define HYPEV_RB_TS_MASK		((1ULL << HYPEV_RB_TS_SHIFT) - 1)
#define HYPEV_RB_MISSED_EVENTS		(1UL << 31)	/* RB_MISSED_EVENTS */
#define HYPEV_RB_MISSED_STORED		(1UL << 30)	/* RB_MISSED_STORED */
#define HYPEV_RB_PAGE_HDR_SIZE		16		/* u64 time_stamp; local_t commit */
/* the commit word's size bits, as readers mask it (libtraceevent kbuffer-parse.c COMMIT_MASK) */
#define HYPEV_RB_COMMIT_MASK		((1ULL << 27) - 1)
/*
 * Absolute time stamps (type 31) lack the top 5 bits: readers take them
 * from the running time (kernel/trace/ring_buffer.c rb_fix_abs_ts()).
 */
#define HYPEV_RB_TS_MSB			(0xf8ULL << 56)

/* Linux errno values (include/uapi/asm-generic/errno-base.h), no libc here */
#define HYPEV_EINVAL	22
#define HYPEV_ENOSPC	28
#define HYPEV_ENODATA	61
#define HYPEV_EBUSY	16

struct hypev_rb_page {
	u64 time_stamp;
	u64 commit;		/* local_t: bytes of data, plus flag bits */
	unsigned char data[];
};

struct hypev_rb {
	unsigned char *mem;
	u32 *page_entries;	/* events per page, at the end of mem */
	u32 subbuf_size;	/* bytes per page, header included */
	u32 nr_pages;
	u32 head;		/* page being written */
	u32 tail;		/* oldest unread page */
	u32 nr_unread;		/* full pages waiting, head excluded */
	u32 write;		/* bytes used in the head page's data */
	u32 reserved;		/* length of the reserved, uncommitted event */
	u64 write_ts;		/* timestamp of the head page's last event */
	u64 lost;		/* events overwritten since the last page read */
	/* statistics, like per_cpu/cpuN/stats */
	u64 entries;		/* events committed */
	u64 overrun;		/* events lost to overwrite */
	u64 bytes;		/* bytes committed, headers included */
};

/* Bytes of memory a buffer of nr_pages sub-buffers needs. */
static inline u64 hypev_rb_mem_size(u32 nr_pages, u32 subbuf_size)
{
	return (u64)nr_pages * subbuf_size + (u64)nr_pages * sizeof(u32);
}

/* Payload bytes of one page. */
static inline u32 hypev_rb_page_data_size(const struct hypev_rb *rb)
{
	return rb->subbuf_size - HYPEV_RB_PAGE_HDR_SIZE;
}

int hypev_rb_init(struct hypev_rb *rb, void *mem, u64 mem_size, u32 nr_pages,
		  u32 subbuf_size);
void hypev_rb_reset(struct hypev_rb *rb);

/*
 * Reserve len bytes of payload (common_type included) stamped ts_ns.
 * Timestamps must not go backwards within a buffer. Returns the payload,
 * or NULL if len cannot fit in one page. Commit or discard before the next
 * reserve.
 */
void *hypev_rb_reserve(struct hypev_rb *rb, u64 ts_ns, u32 len);
void hypev_rb_commit(struct hypev_rb *rb);
/* Turn the reserved event into padding readers skip (rb_event_discard()). */
void hypev_rb_discard(struct hypev_rb *rb);

/* Reserve, copy and commit in one call. */
int hypev_rb_write(struct hypev_rb *rb, u64 ts_ns, const void *payload, u32 len);

/*
 * Copy the oldest unread page into dst (subbuf_size bytes), with the missed
 * events of the gap before it marked. With flush set, the head page is
 * handed out too when nothing older is left. Returns the bytes of data in
 * the page, or -HYPEV_ENODATA.
 */
int hypev_rb_read_page(struct hypev_rb *rb, void *dst, bool flush);

/* Raw event length on the page for a payload of len bytes. */
u32 hypev_rb_event_length(u32 len);

#endif
