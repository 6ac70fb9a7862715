// SPDX-License-Identifier: GPL-2.0
/*
 * Freestanding ftrace-page ring-buffer writer. See hypev_rb.h.
 *
 * Page and event layout follow kernel/trace/ring_buffer.c: a page is
 * {u64 time_stamp; local_t commit; data[]}; an event is a u32 header
 * (type_len:5, time_delta:27) then, for type_len 1..28, type_len * 4 bytes
 * of payload; type_len 0 puts the length in array[0]; 30 is a time extend
 * whose array[0] holds the delta bits above bit 27; 29 is padding.
 */
#include "hypev_rb.h"

/* Pages are copied through any type: tell the compiler so. */
typedef u64 __attribute__((__may_alias__)) rb_word;

/* No libc: a copy of our own, by words when both ends allow (pages do). */
static void rb_copy(void *dst, const void *src, u64 n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (!(((unsigned long)d | (unsigned long)s) & 7)) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(rb_word *)d = *(const rb_word *)s;
	}
	while (n--)
		*d++ = *s++;
}

/* Zero n bytes: a record's padding must not carry old ring contents. */
static void rb_zero(void *dst, u64 n)
{
	unsigned char *d = dst;

	if (!((unsigned long)d & 7)) {
		for (; n >= 8; n -= 8, d += 8)
			*(rb_word *)d = 0;
	}
	while (n--)
		*d++ = 0;
}

static void rb_put32(unsigned char *p, u32 v)
{
	rb_copy(p, &v, sizeof(v));
}

static struct hypev_rb_page *rb_page(const struct hypev_rb *rb, u32 idx)
{
	return (struct hypev_rb_page *)(rb->mem + (u64)idx * rb->subbuf_size);
}

static u32 rb_hdr(u32 type_len, u64 delta)
{
	return (type_len & 0x1f) | ((u32)(delta & HYPEV_RB_TS_MASK) << 5);
}

u32 hypev_rb_event_length(u32 len)
{
	if (!len)
		len = 1;
	if (len > HYPEV_RB_MAX_SMALL_DATA)
		len += sizeof(u32);
	len += HYPEV_RB_EVNT_HDR_SIZE;
	return (len + HYPEV_RB_ALIGNMENT - 1) & ~(u32)(HYPEV_RB_ALIGNMENT - 1);
}

int hypev_rb_init(struct hypev_rb *rb, void *mem, u64 mem_size, u32 nr_pages,
		  u32 subbuf_size)
{
	if (!rb || !mem || nr_pages < 2 || subbuf_size < 64 || subbuf_size & 7)
		return -HYPEV_EINVAL;
	if (mem_size < hypev_rb_mem_size(nr_pages, subbuf_size))
		return -HYPEV_ENOSPC;

	rb->mem = mem;
	rb->page_entries = (u32 *)(rb->mem + (u64)nr_pages * subbuf_size);
	rb->subbuf_size = subbuf_size;
	rb->nr_pages = nr_pages;
	hypev_rb_reset(rb);
	return 0;
}

void hypev_rb_reset(struct hypev_rb *rb)
{
	u32 i;

	for (i = 0; i < rb->nr_pages; i++) {
		rb_page(rb, i)->time_stamp = 0;
		rb_page(rb, i)->commit = 0;
		rb->page_entries[i] = 0;
	}
	rb->head = 0;
	rb->tail = 0;
	rb->nr_unread = 0;
	rb->write = 0;
	rb->reserved = 0;
	rb->write_ts = 0;
	rb->lost = 0;
	rb->entries = 0;
	rb->overrun = 0;
	rb->bytes = 0;
}

/* Hand the head page to the reader and start the next one. */
static void rb_advance(struct hypev_rb *rb)
{
	u32 next = (rb->head + 1) % rb->nr_pages;

	if (rb->nr_unread == rb->nr_pages - 1) {
		/* Every other page is unread: overwrite the oldest. */
		rb->lost += rb->page_entries[rb->tail];
		rb->overrun += rb->page_entries[rb->tail];
		rb->tail = (rb->tail + 1) % rb->nr_pages;
		rb->nr_unread--;
	}
	rb->nr_unread++;
	rb->head = next;
	rb->write = 0;
	rb->page_entries[next] = 0;
	rb_page(rb, next)->commit = 0;
	rb_page(rb, next)->time_stamp = 0;
}

void *hypev_rb_reserve(struct hypev_rb *rb, u64 ts_ns, u32 len)
{
	u32 evlen = hypev_rb_event_length(len);
	u32 size = hypev_rb_page_data_size(rb);
	struct hypev_rb_page *page;
	unsigned char *p;
	u64 delta;
	u32 need;

	if (evlen + 8 > size)
		return NULL;

	for (;;) {
		page = rb_page(rb, rb->head);
		if (!rb->write) {
			page->time_stamp = ts_ns;
			delta = 0;
		} else {
			delta = ts_ns > rb->write_ts ? ts_ns - rb->write_ts : 0;
		}
		need = evlen + (delta > HYPEV_RB_TS_MASK ? 8 : 0);
		if (rb->write + need <= size)
			break;
		rb_advance(rb);
	}

	p = page->data + rb->write;
	if (delta > HYPEV_RB_TS_MASK) {
		rb_put32(p, rb_hdr(HYPEV_RB_TYPE_TIME_EXTEND, delta));
		rb_put32(p + 4, (u32)(delta >> HYPEV_RB_TS_SHIFT));
		p += 8;
		delta = 0;
	}
	if (evlen - HYPEV_RB_EVNT_HDR_SIZE > HYPEV_RB_MAX_SMALL_DATA) {
		rb_put32(p, rb_hdr(0, delta));
		rb_put32(p + 4, evlen - HYPEV_RB_EVNT_HDR_SIZE);
		p += 8;
		rb_zero(p, evlen - 8);
	} else {
		rb_put32(p, rb_hdr((evlen - HYPEV_RB_EVNT_HDR_SIZE) / 4, delta));
		p += 4;
		rb_zero(p, evlen - 4);
	}
	rb->reserved = need;
	rb->write_ts = ts_ns;
	return p;
}

void hypev_rb_commit(struct hypev_rb *rb)
{
	if (!rb->reserved)
		return;
	rb->write += rb->reserved;
	rb->bytes += rb->reserved;
	rb->reserved = 0;
	rb->entries++;
	rb->page_entries[rb->head]++;
	rb_page(rb, rb->head)->commit = rb->write;
}

void hypev_rb_discard(struct hypev_rb *rb)
{
	unsigned char *p = rb_page(rb, rb->head)->data + rb->write;
	u32 hdr, len = rb->reserved;
	u64 delta;

	if (!len)
		return;
	rb_copy(&hdr, p, sizeof(hdr));
	if ((hdr & 0x1f) == HYPEV_RB_TYPE_TIME_EXTEND) {
		/* keep the extend: the padding after it carries no delta */
		p += 8;
		len -= 8;
		rb_copy(&hdr, p, sizeof(hdr));
	}
	delta = hdr >> 5;
	/*
	 * A padding event with a zero delta means "end of page" to the kernel
	 * (rb_null_event()), so give it 1 ns, as rb_event_discard() does, and
	 * move the timeline on by the same so later deltas still add up.
	 */
	if (!delta) {
		delta = 1;
		rb->write_ts++;
	}
	rb_put32(p, rb_hdr(HYPEV_RB_TYPE_PADDING, delta));
	rb_put32(p + 4, len - HYPEV_RB_EVNT_HDR_SIZE);
	rb->write += rb->reserved;
	rb->reserved = 0;
	rb_page(rb, rb->head)->commit = rb->write;
}

int hypev_rb_write(struct hypev_rb *rb, u64 ts_ns, const void *payload, u32 len)
{
	void *p = hypev_rb_reserve(rb, ts_ns, len);

	if (!p)
		return -HYPEV_ENOSPC;
	rb_copy(p, payload, len);
	hypev_rb_commit(rb);
	return 0;
}

int hypev_rb_read_page(struct hypev_rb *rb, void *dst, bool flush)
{
	struct hypev_rb_page *out = dst;
	u32 idx, used;

	if (rb->nr_unread) {
		idx = rb->tail;
		rb->tail = (rb->tail + 1) % rb->nr_pages;
		rb->nr_unread--;
	} else if (flush && rb->write && !rb->reserved) {
		idx = rb->head;
	} else {
		return -HYPEV_ENODATA;
	}

	rb_copy(out, rb_page(rb, idx), rb->subbuf_size);
	used = (u32)out->commit;
	if (idx == rb->head) {
		/* the reader took the head page: start it again */
		rb->write = 0;
		rb->page_entries[idx] = 0;
		rb_page(rb, idx)->commit = 0;
	}

	if (rb->lost) {
		out->commit |= HYPEV_RB_MISSED_EVENTS;
		if (hypev_rb_page_data_size(rb) - used >= sizeof(u64)) {
			rb_copy(out->data + used, &rb->lost, sizeof(u64));
			out->commit |= HYPEV_RB_MISSED_STORED;
		}
		rb->lost = 0;
	}
	return (int)used;
}
