// SPDX-License-Identifier: GPL-2.0
/*
 * libtraceevent's kbuffer as a page walker: any byte order and any
 * header_page layout tep understands, and the reference the own walker
 * (rawwalk_fast.c) is tested against. kbuffer trusts commits and lengths,
 * so each page is first cut at its first bad entry (rawpage.c).
 */
#include <traceevent/kbuffer.h>

#include "rawdir_int.h"

static void rawwalk_kbuffer_next(struct trace_rawdir *rd, int cpu, trace_lost_fn lost,
				 void *ctx)
{
	struct rawcpu *c = &rd->cpu[cpu];
	unsigned int bad_off;
	unsigned char *pg;
	const char *why;
	uint64_t n;
	int missed;

	if (c->data)
		c->data = kbuffer_next_event(c->kb, &c->ts);
	while (!c->data) {
		pg = trace_rawcpu_page(rd, cpu);
		if (!pg)
			return;
		why = trace_rawpage_trim(pg, rd->subbuf, rd->kb_lsize, rd->kb_be, &bad_off, &n);
		if (why) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: page at byte %zu, offset %u: "
				  "%s; the rest of the page is skipped\n", rd->dir, cpu,
				  c->page_off - rd->subbuf, bad_off, why);
			trace_rawcpu_page_bad(rd, cpu);
			if (n)
				lost(ctx, cpu, n);
		}
		if (kbuffer_load_subbuffer(c->kb, pg)) {
			trace_err("%s/per_cpu/cpu%d/trace_pipe_raw: page at byte %zu is not an "
				  "ftrace page; skipped\n", rd->dir, cpu, c->page_off - rd->subbuf);
			trace_rawcpu_page_bad(rd, cpu);
			continue;
		}
		/* valid only before the page is iterated (libtraceevent 1.7.1) */
		missed = kbuffer_missed_events(c->kb);
		if (missed > 0)
			lost(ctx, cpu, missed);
		else if (missed < 0) {
			/* RB_MISSED_EVENTS without a count: at least one */
			lost(ctx, cpu, 1);
		}
		c->data = kbuffer_read_event(c->kb, &c->ts);
	}
	/* the payload, not kbuffer_curr_size(): that counts the event header */
	c->payload = kbuffer_event_size(c->kb);
}

const struct rawwalk_ops trace_rawwalk_kbuffer_ops = {
	.name = "kbuffer",
	.next = rawwalk_kbuffer_next,
};
