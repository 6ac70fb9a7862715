// SPDX-License-Identifier: GPL-2.0
/*
 * Our own page walker over the ftrace sub-buffer layout, used when the
 * pages are little-endian like the host and events/header_page has the
 * standard layout (rawdir.c decides). Page header {u64 time_stamp; u64
 * commit} with RB_MISSED_EVENTS/RB_MISSED_STORED in commit and the missed
 * count after the data; events {u32 type_len:5, time_delta:27} with
 * type_len 1..28 payload words, 0 the length in array[0], 29 padding
 * (array[0] bytes follow), 30 a time extend, 31 an absolute time stamp
 * (kernel/trace/ring_buffer.c; the constants are hypev_rb.h's, the writer
 * of the same pages). Time deltas add up as kbuffer adds them. Pages come
 * from a mapping of the file (regular files) or the read-ahead thread
 * (rawdir_read.c): this walker only reads them.
 */
#include <string.h>

#include "rawdir_int.h"

/* the longest small data event: a header and type_len 28 words */
#define RAWWALK_SMALL	(HYPEV_RB_EVNT_HDR_SIZE + HYPEV_RB_MAX_SMALL_DATA)

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
	trace_rawcpu_page_bad(rd, cpu);
	c->off = c->end;
}

/* The next data event on the page being read; false when the page has no more. */
static bool rawcpu_page_event(struct trace_rawdir *rd, int cpu)
{
	struct rawcpu *c = &rd->cpu[cpu];
	unsigned int cap = rd->subbuf - HYPEV_RB_PAGE_HDR_SIZE, size;
	const unsigned char *p;
	uint32_t hdr, len;

	while (c->off < c->end) {
		p = c->pg + c->off;
		if (c->off + 8 > cap) {
			rawcpu_bad(rd, cpu, "event header past the page end");
			return false;
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
			c->payload = size - 8;
			break;
		default:
			size = 4 + (hdr & 31) * 4;
			c->data = (void *)(p + 4);
			c->payload = size - 4;
			break;
		}
		if (c->off + size > cap) {
			rawcpu_bad(rd, cpu, "event past the page end");
			return false;
		}
		c->ts += hdr >> 5;
		c->off += size;
		return true;
	}
	return false;
}

/* The next page of cpu: its header read, its missed events reported; false at the end. */
static bool rawcpu_next_page(struct trace_rawdir *rd, int cpu, trace_lost_fn lost, void *ctx)
{
	struct rawcpu *c = &rd->cpu[cpu];
	unsigned int cap = rd->subbuf - HYPEV_RB_PAGE_HDR_SIZE;
	const unsigned char *p;
	uint64_t commit, missed;

	p = trace_rawcpu_page(rd, cpu);
	if (!p)
		return false;
	c->ts = rd_u64(p);
	commit = rd_u64(p + 8);
	c->pg = p + HYPEV_RB_PAGE_HDR_SIZE;
	c->off = 0;
	c->end = commit & HYPEV_RB_COMMIT_MASK;
	if (c->end > cap) {
		trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: page at byte %zu: commit %u "
			  "is past its %u data bytes; read up to the page end\n", rd->dir,
			  cpu, c->page_off - rd->subbuf, c->end, cap);
		trace_rawcpu_page_bad(rd, cpu);
		c->end = cap;
	}
	/* the inline step's bound: a header and up to 28 words from below it fit in cap */
	c->lim = cap >= RAWWALK_SMALL ? cap - RAWWALK_SMALL + 1 : 0;
	if (c->lim > c->end)
		c->lim = c->end;
	if (commit & HYPEV_RB_MISSED_EVENTS) {
		/* without a stored count (or no room for one): at least one */
		missed = 1;
		if ((commit & HYPEV_RB_MISSED_STORED) && c->end + 8 <= cap)
			missed = rd_u64(c->pg + c->end);
		if (missed)
			lost(ctx, cpu, missed);
	}
	return true;
}

/* Every case but a small data event further on the same page. */
void trace_rawwalk_fast_slow(struct trace_rawdir *rd, int cpu, trace_lost_fn lost, void *ctx)
{
	struct rawcpu *c = &rd->cpu[cpu];

	while (!rawcpu_page_event(rd, cpu)) {
		if (!rawcpu_next_page(rd, cpu, lost, ctx)) {
			c->data = NULL;
			return;
		}
	}
}

/* the ops' entry; the merge loop calls trace_rawwalk_fast_next() inline */
static void rawwalk_fast_next(struct trace_rawdir *rd, int cpu, trace_lost_fn lost, void *ctx)
{
	trace_rawwalk_fast_next(rd, cpu, lost, ctx);
}

/* regular files walked in place, the rest read ahead */
static void rawwalk_fast_begin(struct trace_rawdir *rd)
{
	trace_rawdir_map_start(rd);
	trace_rawdir_reader_start(rd);
}

static void rawwalk_fast_end(struct trace_rawdir *rd)
{
	trace_rawdir_reader_stop(rd);
	trace_rawdir_map_stop(rd);
}

const struct rawwalk_ops trace_rawwalk_fast_ops = {
	.name = "fast",
	.begin = rawwalk_fast_begin,
	.end = rawwalk_fast_end,
	.next = rawwalk_fast_next,
};
