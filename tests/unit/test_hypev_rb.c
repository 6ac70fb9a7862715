// SPDX-License-Identifier: GPL-2.0
/*
 * Round trip: pages written by the freestanding writer, described by the
 * generated format files, decode with libtraceevent (tep + kbuffer) to the
 * same values and timestamps. libtraceevent is the independent reader here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <traceevent/event-parse.h>
#include <traceevent/kbuffer.h>

#include "hypev.h"

#define SUBBUF 4096
#define BIG_ID 100
#define BIG_LEN 202	/* > 112: must use type_len 0 with the length in array[0] */

struct rt {
	struct hypev_rb rb;
	void *mem;
	struct tep_handle *tep;
	struct kbuffer *kb;
	unsigned char page[SUBBUF];
};

static char *fmt_of(const struct hypev_event_desc *ev, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	hypev_format_write(f, ev, ev->id);
	fclose(f);
	return buf;
}

/* An event of our own, larger than a small event can hold. */
static const char big_format[] =
	"name: big\n"
	"ID: 100\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\n"
	"\tfield:char blob[192];\toffset:2;\tsize:192;\tsigned:0;\n"
	"\tfield:u64 tail;\toffset:194;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"tail=%llu\", REC->tail\n";

static int rt_setup(void **state)
{
	struct rt *rt = calloc(1, sizeof(*rt));
	u32 nr_pages = 3;
	char *hp = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *f;

	assert_non_null(rt);
	rt->mem = malloc(hypev_rb_mem_size(nr_pages, SUBBUF));
	assert_non_null(rt->mem);
	assert_int_equal(hypev_rb_init(&rt->rb, rt->mem, hypev_rb_mem_size(nr_pages, SUBBUF),
				       nr_pages, SUBBUF), 0);

	rt->tep = tep_alloc();
	assert_non_null(rt->tep);
	/* libtraceevent 1.7.1 picks a long size of 4 unless told */
	tep_set_long_size(rt->tep, 8);
	tep_set_page_size(rt->tep, SUBBUF);
	f = open_memstream(&hp, &len);
	hypev_header_page_write(f, SUBBUF);
	fclose(f);
	assert_int_equal(tep_parse_header_page(rt->tep, hp, len, 8), 0);
	free(hp);
	for (i = 0; i < HYPEV_NR_EVENTS; i++) {
		char *fmt = fmt_of(&hypev_event_descs[i], &len);

		assert_int_equal(tep_parse_event(rt->tep, fmt, len, "hypervisor"), 0);
		free(fmt);
	}
	assert_int_equal(tep_parse_event(rt->tep, big_format, strlen(big_format), "test"), 0);
	rt->kb = tep_kbuffer(rt->tep);
	assert_non_null(rt->kb);
	*state = rt;
	return 0;
}

static int rt_teardown(void **state)
{
	struct rt *rt = *state;

	kbuffer_free(rt->kb);
	tep_free(rt->tep);
	free(rt->mem);
	free(rt);
	return 0;
}

static unsigned long long field(struct rt *rt, void *data, int size, const char *name)
{
	struct tep_record rec = { .data = data, .size = size };
	struct tep_event *ev = tep_find_event_by_record(rt->tep, &rec);
	unsigned long long v = ~0ULL;

	assert_non_null(ev);
	if (tep_get_field_val(NULL, ev, name, &rec, &v, 0))
		fail_msg("event %s: no field %s", ev->name, name);
	return v;
}

static const char *event_name(struct rt *rt, void *data, int size)
{
	struct tep_record rec = { .data = data, .size = size };
	struct tep_event *ev = tep_find_event_by_record(rt->tep, &rec);

	return ev ? ev->name : "?";
}

static void test_values_and_time_extend(void **state)
{
	struct rt *rt = *state;
	struct hypev_smmu_map map = {
		.common_type = HYPEV_ID_smmu_map, .domain = 7, .ret = -12,
		.iova = 0xffff0000f000ULL, .paddr = 0x8123456000ULL, .pgsize = 4096,
		.pgcount = 256, .mapped = 1048576, .dur_ns = 2600,
	};
	struct hypev_smmu_sync sync = {
		.common_type = HYPEV_ID_smmu_sync, .smmu = 1, .batch = 64, .wait_ns = 380,
	};
	unsigned long long ts;
	void *data;

	hypev_rb_reset(&rt->rb);
	assert_int_equal(hypev_rb_write(&rt->rb, 1000, &map, sizeof(map)), 0);
	assert_int_equal(hypev_rb_write(&rt->rb, 1450, &sync, sizeof(sync)), 0);
	/* 2^27 ns = 134.2 ms is the largest delta a header holds: 1 s needs an extend */
	assert_int_equal(hypev_rb_write(&rt->rb, 1000001450ULL, &sync, sizeof(sync)), 0);
	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, true), 4 + 56 + 4 + 16 + 8 + 4 + 16);

	kbuffer_load_subbuffer(rt->kb, rt->page);
	assert_int_equal(kbuffer_missed_events(rt->kb), 0);
	data = kbuffer_read_event(rt->kb, &ts);
	assert_non_null(data);
	assert_int_equal(ts, 1000);
	assert_string_equal(event_name(rt, data, kbuffer_event_size(rt->kb)), "smmu_map");
	assert_int_equal(field(rt, data, 56, "domain"), 7);
	/* tep_get_field_val() does not sign-extend: the field is 4 bytes */
	assert_int_equal((s32)field(rt, data, 56, "ret"), -12);
	assert_int_equal(field(rt, data, 56, "iova"), 0xffff0000f000ULL);
	assert_int_equal(field(rt, data, 56, "paddr"), 0x8123456000ULL);
	assert_int_equal(field(rt, data, 56, "pgcount"), 256);
	assert_int_equal(field(rt, data, 56, "mapped"), 1048576);
	assert_int_equal(field(rt, data, 56, "dur_ns"), 2600);

	data = kbuffer_next_event(rt->kb, &ts);
	assert_non_null(data);
	assert_int_equal(ts, 1450);
	assert_string_equal(event_name(rt, data, kbuffer_event_size(rt->kb)), "smmu_sync");
	assert_int_equal(field(rt, data, 16, "batch"), 64);
	assert_int_equal(field(rt, data, 16, "wait_ns"), 380);

	data = kbuffer_next_event(rt->kb, &ts);
	assert_non_null(data);
	assert_int_equal(ts, 1000001450ULL);
	data = kbuffer_next_event(rt->kb, &ts);
	assert_null(data);
}

static void test_large_event(void **state)
{
	struct rt *rt = *state;
	unsigned char rec[BIG_LEN];
	unsigned long long ts, v = 0x0123456789abcdefULL;
	u16 id = BIG_ID;
	void *data;

	hypev_rb_reset(&rt->rb);
	memset(rec, 0xa5, sizeof(rec));
	memcpy(rec, &id, 2);
	memcpy(rec + 194, &v, 8);
	/* 202 + 4 (array[0]) + 4 (header) = 210, aligned to 4 = 212 bytes */
	assert_int_equal(hypev_rb_event_length(BIG_LEN), 212);
	assert_int_equal(hypev_rb_write(&rt->rb, 5, rec, sizeof(rec)), 0);
	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, true), 212);
	kbuffer_load_subbuffer(rt->kb, rt->page);
	data = kbuffer_read_event(rt->kb, &ts);
	assert_non_null(data);
	assert_int_equal(ts, 5);
	assert_true(kbuffer_event_size(rt->kb) >= BIG_LEN);
	assert_string_equal(event_name(rt, data, BIG_LEN), "big");
	assert_int_equal(field(rt, data, BIG_LEN, "tail"), v);
}

static void test_discard_is_padding(void **state)
{
	struct rt *rt = *state;
	struct hypev_smmu_ste a = { .common_type = HYPEV_ID_smmu_ste, .sid = 1, .dur_ns = 10 };
	struct hypev_smmu_ste c = { .common_type = HYPEV_ID_smmu_ste, .sid = 3, .dur_ns = 30 };
	unsigned long long ts;
	void *p, *data;

	hypev_rb_reset(&rt->rb);
	assert_int_equal(hypev_rb_write(&rt->rb, 100, &a, sizeof(a)), 0);
	p = hypev_rb_reserve(&rt->rb, 200, sizeof(a));
	assert_non_null(p);
	hypev_rb_discard(&rt->rb);
	assert_int_equal(hypev_rb_write(&rt->rb, 300, &c, sizeof(c)), 0);
	assert_int_equal(rt->rb.entries, 2);
	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, true), 3 * (4 + 16));

	kbuffer_load_subbuffer(rt->kb, rt->page);
	data = kbuffer_read_event(rt->kb, &ts);
	assert_int_equal(ts, 100);
	assert_int_equal(field(rt, data, 16, "sid"), 1);
	data = kbuffer_next_event(rt->kb, &ts);	/* the padding is skipped */
	assert_non_null(data);
	assert_int_equal(ts, 300);
	assert_int_equal(field(rt, data, 16, "sid"), 3);
	assert_null(kbuffer_next_event(rt->kb, &ts));
}

/* A TLBI record is 28 bytes (4 + 24): 145 fill 4060 of a page's 4080 bytes. */
static void test_overwrite_marks_missed_events(void **state)
{
	struct rt *rt = *state;
	struct hypev_smmu_tlbi e = { .common_type = HYPEV_ID_smmu_tlbi, .opcode = 0x12 };
	unsigned long long ts;
	unsigned int i, n = 0;
	void *data;

	hypev_rb_reset(&rt->rb);
	/* 3 pages: write 4 pages' worth and one more event, reading nothing */
	for (i = 0; i < 4 * 145 + 1; i++) {
		e.iova = i;
		assert_int_equal(hypev_rb_write(&rt->rb, 1000 + i, &e, sizeof(e)), 0);
	}
	/* pages 0 and 1 were overwritten: 290 events gone */
	assert_int_equal(rt->rb.overrun, 2 * 145);

	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, false), 145 * 28);
	kbuffer_load_subbuffer(rt->kb, rt->page);
	/* 20 bytes left on the page hold the count; read it before iterating */
	assert_int_equal(kbuffer_missed_events(rt->kb), 2 * 145);
	for (data = kbuffer_read_event(rt->kb, &ts); data; data = kbuffer_next_event(rt->kb, &ts)) {
		assert_int_equal(field(rt, data, 24, "iova"), 2 * 145 + n);
		assert_int_equal(ts, 1000 + 2 * 145 + n);
		n++;
	}
	assert_int_equal(n, 145);

	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, false), 145 * 28);
	kbuffer_load_subbuffer(rt->kb, rt->page);
	assert_int_equal(kbuffer_missed_events(rt->kb), 0);
	/* the last event is on the head page: only a flush hands it out */
	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, false), -HYPEV_ENODATA);
	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, true), 28);
	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, true), -HYPEV_ENODATA);
}

/*
 * 20-byte STE records fill a page exactly (204 x 20 = 4080): no room for
 * the count, so the page says "events missed, count unknown", as the
 * kernel's would; readers then need the per-CPU stats.
 */
static void test_overwrite_full_page_count_unknown(void **state)
{
	struct rt *rt = *state;
	struct hypev_smmu_ste e = { .common_type = HYPEV_ID_smmu_ste };
	unsigned int i;

	hypev_rb_reset(&rt->rb);
	for (i = 0; i < 3 * 204 + 1; i++)
		assert_int_equal(hypev_rb_write(&rt->rb, i, &e, sizeof(e)), 0);
	assert_int_equal(rt->rb.overrun, 204);
	assert_int_equal(hypev_rb_read_page(&rt->rb, rt->page, false), 4080);
	/* commit is a little-endian u64 at offset 8: bits 31 and 30 are in byte 11 */
	assert_int_equal(rt->page[11] & 0xc0, 0x80);	/* RB_MISSED_EVENTS, not STORED */
	kbuffer_load_subbuffer(rt->kb, rt->page);
	assert_int_equal(kbuffer_missed_events(rt->kb), -1);
}

static void test_bad_arguments(void **state)
{
	struct hypev_rb rb;
	static unsigned char mem[4 * 4096 + 16];

	assert_int_equal(hypev_rb_init(&rb, mem, sizeof(mem), 1, 4096), -HYPEV_EINVAL);
	assert_int_equal(hypev_rb_init(&rb, mem, sizeof(mem), 4, 4100), -HYPEV_EINVAL);
	assert_int_equal(hypev_rb_init(&rb, mem, 4096, 4, 4096), -HYPEV_ENOSPC);
	assert_int_equal(hypev_rb_init(&rb, mem, sizeof(mem), 4, 4096), 0);
	/* an event that cannot fit in one page is refused, not split */
	assert_null(hypev_rb_reserve(&rb, 1, 4096));
}

/*
 * A reserved record comes back zeroed, even over stale ring memory: an EL2
 * writer that fills fields in place, or a payload shorter than its 4-byte
 * rounded slot, must not publish old bytes (issue 13, determinism).
 */
static void test_reserve_zeroes_the_record(void **state)
{
	struct hypev_rb rb;
	static unsigned char mem[2 * 4096 + 64] __attribute__((aligned(8)));
	static unsigned char page[4096] __attribute__((aligned(8)));
	const struct hypev_rb_page *pg = (const void *)page;
	unsigned char *p;
	unsigned int i;

	memset(mem, 0xa5, sizeof(mem));
	assert_int_equal(hypev_rb_init(&rb, mem, sizeof(mem), 2, 4096), 0);
	/* 6 bytes of payload: a 4-byte header + 8-byte slot (ring_buffer.c rb_calculate_event_length) */
	p = hypev_rb_reserve(&rb, 10, 6);
	assert_non_null(p);
	for (i = 0; i < 8; i++)
		assert_int_equal(p[i], 0);
	p[0] = 0x11;
	hypev_rb_commit(&rb);
	/* a large one (type_len 0, length word): 202 bytes in a 204-byte slot */
	p = hypev_rb_reserve(&rb, 11, 202);
	assert_non_null(p);
	for (i = 0; i < 204; i++)
		assert_int_equal(p[i], 0);
	hypev_rb_commit(&rb);
	assert_int_equal(hypev_rb_read_page(&rb, page, true) > 0, 1);
	/* the first event: header, then 0x11 and seven zero bytes */
	assert_int_equal(pg->data[4], 0x11);
	for (i = 5; i < 12; i++)
		assert_int_equal(pg->data[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_time_extend),
		cmocka_unit_test(test_large_event),
		cmocka_unit_test(test_discard_is_padding),
		cmocka_unit_test(test_overwrite_marks_missed_events),
		cmocka_unit_test(test_overwrite_full_page_count_unknown),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_reserve_zeroes_the_record),
	};

	return cmocka_run_group_tests_name("hypev_rb", tests, rt_setup, rt_teardown);
}
