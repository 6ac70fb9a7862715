// SPDX-License-Identifier: GPL-2.0
/*
 * Damaged and unusual raw pages, through both walkers: crafted pages read
 * up to their first bad entry, a format whose fields do not fit the
 * record, and a 32-bit kernel's pages (4-byte commit). Moved from
 * test_trace_raw.c, which keeps the pages hypev_rb writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "hypev.h"
#include "hypev_rb.h"
#include "trace_int.h"
#include "trace_raw_log.h"

/*
 * Crafted pages, through both walkers: each is read up to its first entry
 * that does not fit and no further, nothing before it is lost. TLBIs are
 * 24-byte payloads: type_len 6, 28 bytes on the page, data 4080 bytes.
 *   page 0: 3 TLBIs, commit 0x7ffffff with RB_MISSED_EVENTS|STORED (the
 *           count would be 128 MiB past the page): 1 lost, then the zeros
 *           after them are a type_len-0 event with array[0] = 0: bad.
 *   page 1: 2 TLBIs, then a type_len-0 event with array[0] = 0xfffffff0.
 *   page 2: 1 TLBI, padding, then one at data offset 4056 whose 28 bytes
 *           run past 4080 (commit 4080).
 * 6 records, iova 0..5 in order, 1 lost.
 */
static char dir3[] = "/tmp/test_trace_raw3-XXXXXX";

static unsigned int put_tlbi(unsigned char *pg, unsigned int off, uint64_t iova)
{
	struct hypev_smmu_tlbi t = { .common_type = HYPEV_ID_smmu_tlbi, .iova = iova };
	uint32_t hdr = 10 << 5 | 6;

	assert_int_equal(sizeof(t), 24);
	memcpy(pg + 16 + off, &hdr, 4);
	/* as much as the page holds: the last one runs past it */
	memcpy(pg + 16 + off + 4, &t, off + 28 <= SUBBUF - 16 ? sizeof(t) : SUBBUF - 16 - off - 4);
	return off + 28;
}

static void put_commit(unsigned char *pg, uint64_t commit)
{
	uint64_t ts = 1000000;

	memcpy(pg, &ts, 8);
	memcpy(pg + 8, &commit, 8);
}

static void make_bad_pages(void)
{
	static unsigned char pg[3][SUBBUF];
	uint32_t w[2] = { 0, 0xfffffff0 };	/* type_len 0, array[0] */
	unsigned int off;
	char path[600];
	FILE *f;

	assert_non_null(mkdtemp(dir3));
	assert_int_equal(hypev_remote_dir_create(dir3, 1, SUBBUF), 0);
	memset(pg, 0, sizeof(pg));
	off = put_tlbi(pg[0], 0, 0);
	off = put_tlbi(pg[0], off, 1);
	put_tlbi(pg[0], off, 2);
	put_commit(pg[0], (1ULL << 31) | (1ULL << 30) | 0x7ffffff);
	off = put_tlbi(pg[1], 0, 3);
	off = put_tlbi(pg[1], off, 4);
	memcpy(pg[1] + 16 + off, w, 8);
	put_commit(pg[1], off + 8);
	put_tlbi(pg[2], 0, 5);
	put_tlbi(pg[2], 4056, 99);		/* page bytes 4072..4099 of 4096 */
	w[0] = HYPEV_RB_TYPE_PADDING;			/* between: padding, array[0] */
	w[1] = 4056 - 28 - 4;
	memcpy(pg[2] + 16 + 28, w, 8);
	put_commit(pg[2], 4080);
	snprintf(path, sizeof(path), "%s/per_cpu/cpu0/trace_pipe_raw", dir3);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(pg, sizeof(pg), 1, f), 1);
	fclose(f);
}

static void decode_bad(const char *walker, bool want_fast)
{
	struct trace_source src = { 0 };
	static struct cmplog l;
	unsigned int i, n = 0;
	uint64_t lost = 0;

	memset(&l, 0, sizeof(l));
	decode_dir(dir3, 1, walker, want_fast, &l, &src);
	for (i = 0; i < l.n; i++) {
		if (l.e[i].lost) {
			lost += l.e[i].n;
			continue;
		}
		assert_int_equal(l.e[i].id, HYPEV_ID_smmu_tlbi);
		assert_int_equal(l.e[i].val[4], n);	/* smmu, opcode, leaf, asid_vmid, iova */
		n++;
	}
	assert_int_equal(n, 6);
	assert_int_equal(lost, 1);
	assert_int_equal(src.bad_pages, 3);	/* each page once, for stat and summary.json */
}

static void test_bad_pages(void **state)
{
	make_bad_pages();
	decode_bad(NULL, true);
	decode_bad("kbuffer", false);
	dir_remove_tree(dir3);
}

/*
 * A format whose field does not fit the record: range_pages at offset 20,
 * 8 bytes, in a 24-byte TLBI payload; leaf with size 3. Both read as 0 and
 * each is named once on stderr, with its event; the other fields decode.
 */
static char *decode_capturing(const char *d, const char *walker, struct cmplog *l)
{
	char errpath[600], evdir[600], *err = NULL;
	struct trace_source src = { 0 };
	struct trace_rawdir *rd;
	int fd, saved;

	snprintf(errpath, sizeof(errpath), "%s/stderr", d);
	fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	close(fd);
	if (walker)
		setenv("SMMUBENCH_RAW_DECODE", walker, 1);
	snprintf(evdir, sizeof(evdir), "%s/events", d);
	rd = trace_rawdir_open(d, evdir, 1);
	src.nr_cpus = 1;
	if (rd)
		assert_int_equal(trace_rawdir_decode(rd, &src, cmp_rec, cmp_lost, l), 0);
	trace_rawdir_close(rd);
	unsetenv("SMMUBENCH_RAW_DECODE");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_non_null(rd);
	assert_int_equal(file_read_all(errpath, &err, NULL), 0);
	return err;
}

static unsigned int count_str(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static void test_field_outside_record(void **state)
{
	static unsigned char mem[NPAGES * SUBBUF + NPAGES * 8] __attribute__((aligned(8)));
	struct hypev_smmu_tlbi tlbi = { .common_type = HYPEV_ID_smmu_tlbi, .opcode = 0x12,
					.range_pages = 7 };
	static const char *const walkers[] = { NULL, "kbuffer" };
	char d[] = "/tmp/test_trace_raw4-XXXXXX", path[600], *fmt, *p, *err;
	static struct cmplog l;
	struct hypev_rb rb;
	unsigned int i, w;
	FILE *f;

	assert_non_null(mkdtemp(d));
	assert_int_equal(hypev_remote_dir_create(d, 1, SUBBUF), 0);
	assert_int_equal(hypev_rb_init(&rb, mem, sizeof(mem), NPAGES, SUBBUF), 0);
	for (i = 0; i < 3; i++) {
		tlbi.iova = 0x1000 * (i + 1);
		assert_int_equal(hypev_rb_write(&rb, 1000 + i, &tlbi, sizeof(tlbi)), 0);
	}
	write_pages_to(d, &rb, 0);
	snprintf(path, sizeof(path), "%s/events/hypervisor/smmu_tlbi/format", d);
	assert_int_equal(file_read_all(path, &fmt, NULL), 0);
	p = strstr(fmt, "range_pages;\toffset:16;");
	assert_non_null(p);
	memcpy(p + strlen("range_pages;\toffset:"), "20", 2);
	p = strstr(fmt, "leaf;\toffset:5;\tsize:1;");
	assert_non_null(p);
	p[strlen("leaf;\toffset:5;\tsize:")] = '3';
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(fmt, f);
	fclose(f);
	free(fmt);

	for (w = 0; w < 2; w++) {
		memset(&l, 0, sizeof(l));
		err = decode_capturing(d, walkers[w], &l);
		assert_int_equal(l.n, 3);
		for (i = 0; i < 3; i++) {
			/* smmu 0, opcode 1, leaf 2, asid_vmid 3, iova 4, range_pages 5 */
			assert_int_equal(l.e[i].val[1], 0x12);
			assert_int_equal(l.e[i].val[2], 0);
			assert_int_equal(l.e[i].val[4], 0x1000 * (i + 1));
			assert_int_equal(l.e[i].val[5], 0);
		}
		if (count_str(err, "hypervisor:smmu_tlbi: field 'range_pages' (offset 20, size 8 "
			       "in its format file) lies outside a 24-byte record") != 1 ||
		    count_str(err, "hypervisor:smmu_tlbi: field 'leaf' has size 3") != 1)
			fail_msg("%s walker: each field not named once on stderr: '%s'",
				 walkers[w] ? walkers[w] : "fast", err);
		free(err);
	}
	dir_remove_tree(d);
}

/*
 * A 32-bit kernel's pages (header_page: 4-byte commit at 8, data at 12)
 * through the kbuffer walker: two TLBIs, 10 ns apart from the page's 1 ms,
 * then one with RB_MISSED_EVENTS on the second page (no stored count).
 */
static void test_commit4_pages(void **state)
{
	static unsigned char pg[2][SUBBUF];
	char d[] = "/tmp/test_trace_raw5-XXXXXX", path[600];
	struct hypev_smmu_tlbi t = { .common_type = HYPEV_ID_smmu_tlbi };
	uint32_t hdr = 10 << 5 | 6, commit;
	static struct cmplog l;
	struct trace_source src = { 0 };
	struct trace_rawdir *rd;
	uint64_t ts = 1000000;
	unsigned int i, n = 0;
	FILE *f;

	assert_non_null(mkdtemp(d));
	assert_int_equal(hypev_remote_dir_create(d, 1, SUBBUF), 0);
	write_header_page_commit4(d);
	memset(pg, 0, sizeof(pg));
	for (i = 0; i < 3; i++) {
		unsigned char *p = pg[i / 2] + 12 + (i % 2) * 28;

		t.iova = 0x1000 * (i + 1);
		memcpy(p, &hdr, 4);
		memcpy(p + 4, &t, sizeof(t));
	}
	memcpy(pg[0], &ts, 8);
	commit = 56;
	memcpy(pg[0] + 8, &commit, 4);
	ts = 2000000;
	memcpy(pg[1], &ts, 8);
	commit = 28 | (1u << 31);
	memcpy(pg[1] + 8, &commit, 4);
	snprintf(path, sizeof(path), "%s/per_cpu/cpu0/trace_pipe_raw", d);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(pg, sizeof(pg), 1, f), 1);
	fclose(f);

	snprintf(path, sizeof(path), "%s/events", d);
	rd = trace_rawdir_open(d, path, 1);
	assert_non_null(rd);
	assert_false(trace_rawdir_is_fast(rd));
	src.nr_cpus = 1;
	memset(&l, 0, sizeof(l));
	assert_int_equal(trace_rawdir_decode(rd, &src, cmp_rec, cmp_lost, &l), 0);
	trace_rawdir_close(rd);
	dir_remove_tree(d);
	assert_int_equal(l.n, 4);
	for (i = 0; i < l.n; i++) {
		if (l.e[i].lost) {
			assert_int_equal(l.e[i].n, 1);
			continue;
		}
		assert_int_equal(l.e[i].id, HYPEV_ID_smmu_tlbi);
		assert_int_equal(l.e[i].raw_size, 24);
		assert_int_equal(l.e[i].val[4], 0x1000 * (n + 1));
		assert_int_equal(l.e[i].ts, (n < 2 ? 1000000 + 10 * (n + 1) : 2000010));
		n++;
	}
	assert_int_equal(n, 3);
	assert_true(l.e[2].lost);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_pages),
		cmocka_unit_test(test_field_outside_record),
		cmocka_unit_test(test_commit4_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
