// SPDX-License-Identifier: GPL-2.0
/*
 * Checking one ftrace sub-buffer before libtraceevent's kbuffer walks it.
 * kbuffer (1.7.1) trusts the page: it takes the commit as the data size (up
 * to 2^27 bytes past a 4 KiB page), reads a stored missed count after it,
 * and steps by whatever lengths the event headers give, so a huge commit or
 * a crafted length reads past the page. This walks the page the way
 * kbuffer will (kbuffer-parse.c: translate_data(), __next_event()), in the
 * page's byte order and long size, and when something does not fit it
 * shortens the commit to the last whole entry: kbuffer then reads exactly
 * what is sound, as the fast walker in rawdir.c does.
 */
#include <stdint.h>
#include <string.h>

#include "rawdir_int.h"

static uint32_t page_rd32(const unsigned char *p, bool be)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be == (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) ? v : __builtin_bswap32(v);
}

static uint64_t page_rdlong(const unsigned char *p, unsigned int lsize, bool be)
{
	uint64_t v;

	if (lsize == 4)
		return page_rd32(p, be);
	memcpy(&v, p, 8);
	return be == (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) ? v : __builtin_bswap64(v);
}

static void page_wrlong(unsigned char *p, unsigned int lsize, bool be, uint64_t v)
{
	bool swap = be != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	uint32_t v32 = v;

	if (lsize == 4) {
		if (swap)
			v32 = __builtin_bswap32(v32);
		memcpy(p, &v32, 4);
		return;
	}
	if (swap)
		v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

/* Where the first entry that does not fit starts, and why; 0 when all fit. */
static const char *page_walk(const unsigned char *data, unsigned int size, unsigned int cap,
			     bool be, unsigned int *bad)
{
	unsigned int pos = 0, tl;
	uint32_t hdr, a0 = 0;
	uint64_t next;

	while (pos < size) {
		*bad = pos;
		if (pos + 4 > size)
			return "event header past the commit";
		hdr = page_rd32(data + pos, be);
		tl = be ? hdr >> 27 : hdr & 31;
		if (tl >= HYPEV_RB_TYPE_PADDING || !tl) {
			/* all of these read array[0] */
			if (pos + 8 > size)
				return "event header past the commit";
			a0 = page_rd32(data + pos + 4, be);
		}
		switch (tl) {
		case HYPEV_RB_TYPE_PADDING:
			/* kbuffer: next = array[0] offset + array[0]; may end the page */
			if (a0 > cap)
				return "padding longer than the page";
			next = (uint64_t)pos + 4 + a0;
			break;
		case HYPEV_RB_TYPE_TIME_EXTEND:
		case HYPEV_RB_TYPE_TIME_STAMP:
			next = pos + 8;
			break;
		case 0:
			/* kbuffer: 8 + ((array[0] - 4 + 3) & ~3), as an int */
			if (a0 < 4 || a0 > cap)
				return "bad length in array[0]";
			next = (uint64_t)pos + 8 + ((a0 - 4 + 3) & ~3u);
			if (next > size)
				return "event past the commit";
			break;
		default:
			next = pos + 4 + tl * 4;
			if (next > size)
				return "event past the commit";
			break;
		}
		pos = next;
	}
	return NULL;
}

const char *trace_rawpage_trim(unsigned char *page, unsigned int subbuf, unsigned int lsize,
			       bool be, unsigned int *bad_off, uint64_t *missed)
{
	unsigned int start = 8 + lsize, cap = subbuf - start, size, bad = 0;
	const char *why;
	uint64_t commit;

	*missed = 0;
	commit = page_rdlong(page + 8, lsize, be);
	size = commit & HYPEV_RB_COMMIT_MASK;
	if (size > cap) {
		why = "commit past the page end";
		/* still read what the page holds, up to the first entry that does not fit */
		if (!page_walk(page + start, cap, cap, be, &bad))
			bad = cap;
	} else {
		why = page_walk(page + start, size, cap, be, &bad);
		/* a stored missed count must fit after the data too */
		if (!why && (commit & HYPEV_RB_MISSED_EVENTS) && (commit & HYPEV_RB_MISSED_STORED) &&
		    size + lsize > cap) {
			why = "missed-events count past the page end";
			bad = size;
		}
		if (!why)
			return NULL;
	}
	/* kbuffer must not read a count after the new commit: report it here */
	if (commit & HYPEV_RB_MISSED_EVENTS) {
		*missed = 1;	/* at least one; the count where it is stored, if it fits */
		if ((commit & HYPEV_RB_MISSED_STORED) && size + lsize <= cap)
			*missed = page_rdlong(page + start + size, lsize, be);
	}
	commit &= ~(HYPEV_RB_COMMIT_MASK | HYPEV_RB_MISSED_EVENTS | HYPEV_RB_MISSED_STORED);
	page_wrlong(page + 8, lsize, be, commit | bad);
	*bad_off = start + bad;
	return why;
}
