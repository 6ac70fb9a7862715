// SPDX-License-Identifier: GPL-2.0
/*
 * The fast walker walks regular files in place (mapped, rawdir_read.c) or,
 * with trace_rawdir_set_map(rd, false), copies them out with pread(). On
 * the same files both must give the same records, losses, bad pages, bytes
 * and aggregates: on every seed of the raw-page fuzz corpus with cpu1's
 * last page cut short, and on pages spanning more than one mapping window
 * (RAWDIR_MAP_BYTES) with losses and a bad event at the window boundary,
 * whose record and loss counts are also worked out by hand, and on a file
 * cut short between the open and the decode.
 */
#include <errno.h>
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
#include "hist_int.h"
#include "rawdir_int.h"
#include "trace_int.h"
#include "trace_raw_seeds.h"

#define SUBBUF		4096
#define EV_PAGE		68	/* 60-byte smmu_map records in 4080 data bytes */
#define WIN_PAGES	(RAWDIR_MAP_BYTES / SUBBUF)

struct ent {
	bool lost;
	int cpu, id;
	uint64_t ts, n;
	unsigned int raw_size;
	uint64_t val[TRACE_MAX_FIELDS];
};

struct run {
	struct ent *e;
	size_t n, cap;
	uint64_t recs, lost;
	const struct trace_rawdir *rd;
	bool mapped;			/* some record came from a mapped page */
	struct trace_agg *agg;
	struct trace_source src;
};

static struct ent *run_next(struct run *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->e = realloc(r->e, r->cap * sizeof(*r->e));
		assert_non_null(r->e);
	}
	memset(&r->e[r->n], 0, sizeof(r->e[0]));
	return &r->e[r->n++];
}

static int on_rec(void *ctx, const struct trace_rec *rec)
{
	struct run *r = ctx;
	struct ent *e = run_next(r);

	e->cpu = rec->cpu;
	e->id = rec->type->id;
	e->ts = rec->ts_ns;
	e->raw_size = rec->raw_size;
	memcpy(e->val, rec->val, sizeof(e->val));
	r->recs++;
	r->mapped |= r->rd->cpu[rec->cpu].mapped;
	return trace_agg_rec(r->agg, rec);
}

static void on_lost(void *ctx, int cpu, uint64_t n)
{
	struct run *r = ctx;
	struct ent *e = run_next(r);

	e->lost = true;
	e->cpu = cpu;
	e->n = n;
	r->lost += n;
	trace_agg_lost(r->agg, cpu, n);
}

/* cpu0's file cut to shrink bytes after the open (which took its size), unless 0 */
static void decode(const char *d, bool map, bool readahead, off_t shrink, struct run *r)
{
	char path[PATH_MAX];
	struct trace_opts o = { 0 };
	struct trace_rawdir *rd;
	char evdir[PATH_MAX];

	memset(r, 0, sizeof(*r));
	r->src.spec = (char *)"raw:test";
	r->src.nr_cpus = 2;
	snprintf(evdir, sizeof(evdir), "%s/events", d);
	rd = trace_rawdir_open(d, evdir, 2);
	assert_non_null(rd);
	assert_true(trace_rawdir_is_fast(rd));
	trace_rawdir_set_map(rd, map);
	trace_rawdir_set_readahead(rd, readahead);
	snprintf(path, sizeof(path), "%s/per_cpu/cpu0/trace_pipe_raw", d);
	if (shrink)
		assert_int_equal(truncate(path, shrink), 0);
	r->rd = rd;
	r->agg = trace_agg_new(&o);
	assert_non_null(r->agg);
	assert_int_equal(trace_agg_set_source(r->agg, &r->src), 0);
	trace_agg_host_ops_done(r->agg);
	assert_int_equal(trace_rawdir_decode(rd, &r->src, on_rec, on_lost, r), 0);
	assert_int_equal(trace_agg_finish(r->agg), 0);
	trace_rawdir_close(rd);
	r->rd = NULL;
}

static void pages_write(const char *dir, unsigned int cpu);

static void hist_equal(const char *what, const char *op, const struct trace_hist *a,
		       const struct trace_hist *b)
{
	if (!a || !b) {
		if (a != b)
			fail_msg("%s: %s: a histogram on one path only", what, op);
		return;
	}
	if (memcmp(a, b, sizeof(*a)))
		fail_msg("%s: %s: histograms differ (count %llu vs %llu, sum %llu vs %llu)", what,
			 op, (unsigned long long)a->count, (unsigned long long)b->count,
			 (unsigned long long)a->sum, (unsigned long long)b->sum);
}

/* d decoded mapped (read-ahead on or off) and with pread(): the same in every respect */
static void assert_agree(const char *what, const char *d, off_t shrink, bool readahead,
			 struct run *m)
{
	struct run p;
	unsigned int i, j;
	size_t k;

	decode(d, true, readahead, shrink, m);
	if (shrink)
		pages_write(d, 0);
	decode(d, false, false, shrink, &p);
	assert_false(p.mapped);
	if (m->n != p.n)
		fail_msg("%s: %zu entries mapped, %zu with pread()", what, m->n, p.n);
	for (k = 0; k < m->n; k++)
		if (memcmp(&m->e[k], &p.e[k], sizeof(m->e[k])))
			fail_msg("%s: entry %zu differs: mapped cpu %d ts %llu lost %d, "
				 "pread() cpu %d ts %llu lost %d", what, k, m->e[k].cpu,
				 (unsigned long long)m->e[k].ts, m->e[k].lost, p.e[k].cpu,
				 (unsigned long long)p.e[k].ts, p.e[k].lost);
	assert_int_equal(m->src.bad_pages, p.src.bad_pages);
	assert_int_equal(m->src.bytes, p.src.bytes);
	assert_int_equal(m->src.lost, p.src.lost);
	for (i = 0; i < 2; i++)
		assert_int_equal(m->src.lost_cpu[i], p.src.lost_cpu[i]);
	assert_int_equal(trace_agg_nr_ops(m->agg), trace_agg_nr_ops(p.agg));
	for (i = 0; i < trace_agg_nr_ops(m->agg); i++) {
		const struct trace_op_stats *a = trace_agg_op(m->agg, i), *b = trace_agg_op(p.agg, i);

		assert_string_equal(a->name, b->name);
		assert_int_equal(a->count, b->count);
		assert_int_equal(a->lost, b->lost);
		assert_int_equal(a->unmatched, b->unmatched);
		hist_equal(what, a->name, a->hist, b->hist);
		for (j = 0; j < a->nr_cpus && j < b->nr_cpus; j++)
			hist_equal(what, a->name, a->cpu_hist[j], b->cpu_hist[j]);
	}
	free(p.e);
	trace_agg_free(p.agg);
}

static void run_free(struct run *r)
{
	free(r->e);
	trace_agg_free(r->agg);
}

/* mapped with the read-ahead thread on (it must leave mapped files alone) and off */
static void assert_paths_agree(const char *what, const char *d, off_t shrink, struct run *m)
{
	struct run ra;

	assert_agree(what, d, shrink, true, &ra);
	if (shrink)
		pages_write(d, 0);
	assert_agree(what, d, shrink, false, m);
	assert_int_equal(ra.recs, m->recs);
	assert_int_equal(ra.mapped, m->mapped);
	run_free(&ra);
}

/* As fuzz_rawdir.inc lays a seed out, but cpu1's file ends 1000 bytes into its last page. */
static void corpus_one(const char *dir, const char *name)
{
	struct run m;

	raw_seed_lay_out(dir, name, SUBBUF - 1000);
	assert_paths_agree(name, dir, 0, &m);
	if (m.recs)
		assert_true(m.mapped);
	printf("# %s: %llu records, %llu lost, %llu bad pages, the same both ways\n", name,
	       (unsigned long long)m.recs, (unsigned long long)m.lost,
	       (unsigned long long)m.src.bad_pages);
	run_free(&m);
}

static void test_corpus_truncated(void **state)
{
	(void)state;
	raw_seeds_each(corpus_one);
}

/*
 * Each CPU: FULL pages of EV_PAGE smmu_map records, then a last page of 30
 * cut to 2000 bytes (ignored). cpu0: pages WIN_PAGES - 1 and WIN_PAGES (the
 * last of the first window, the first of the second) say events were lost
 * (RB_MISSED_EVENTS, no count: 1 each). cpu1: record 10 of page WIN_PAGES
 * has a bad array[0] length, so that page's records from 10 on are skipped.
 */
#define FULL	(WIN_PAGES + 10)

static void pages_write(const char *dir, unsigned int cpu)
{
	struct hypev_smmu_map map = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096,
				      .pgcount = 1 };
	u32 nr_pages = FULL + 16;
	unsigned char *file;
	struct hypev_rb rb;
	char path[PATH_MAX];
	size_t np = 0;
	unsigned int i;
	void *mem;

	/* zeroed: the pages' bytes past their commit are written to the file too */
	mem = calloc(1, hypev_rb_mem_size(nr_pages, SUBBUF));
	file = calloc(FULL + 1, SUBBUF);
	assert_non_null(mem);
	assert_non_null(file);
	assert_int_equal(hypev_rb_init(&rb, mem, hypev_rb_mem_size(nr_pages, SUBBUF), nr_pages,
				       SUBBUF), 0);
	for (i = 0; i < FULL * EV_PAGE + 30; i++) {
		map.iova = (u64)i << 12;
		map.dur_ns = 200 + (i * 7919u) % 5000;
		assert_int_equal(hypev_rb_write(&rb, 1000000ULL + i * 1000ULL + cpu * 500, &map,
						sizeof(map)), 0);
	}
	while (np <= FULL && hypev_rb_read_page(&rb, file + np * SUBBUF, true) >= 0)
		np++;
	assert_int_equal(np, FULL + 1);
	/* every full page holds EV_PAGE records: the hand count below depends on it */
	assert_int_equal(file[8] | file[9] << 8, EV_PAGE * 60);
	if (cpu == 0) {
		file[(size_t)(WIN_PAGES - 1) * SUBBUF + 11] |= 0x80;
		file[(size_t)WIN_PAGES * SUBBUF + 11] |= 0x80;
	} else {
		memset(file + (size_t)WIN_PAGES * SUBBUF + HYPEV_RB_PAGE_HDR_SIZE + 10 * 60, 0, 8);
	}
	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
	raw_seed_file_put(path, file, (size_t)FULL * SUBBUF + 2000);
	free(file);
	free(mem);
}

/* dir (a mkdtemp() template): a hypervisor dir of 2 CPUs, each with pages_write()'s file */
static void windows_dir_make(char *dir)
{
	assert_non_null(mkdtemp(dir));
	assert_int_equal(hypev_remote_dir_create(dir, 2, SUBBUF), 0);
	pages_write(dir, 0);
	pages_write(dir, 1);
}

static void test_windows(void **state)
{
	char dir[] = "/tmp/test_trace_raw_map-XXXXXX";
	struct run m;

	(void)state;
	windows_dir_make(dir);
	assert_paths_agree("two windows", dir, 0, &m);
	assert_true(m.mapped);
	assert_int_equal(m.recs, 2 * FULL * EV_PAGE - (EV_PAGE - 10));
	assert_int_equal(m.lost, 2);
	assert_int_equal(m.src.lost_cpu[0], 2);
	assert_int_equal(m.src.lost_cpu[1], 0);
	assert_int_equal(m.src.bad_pages, 1);
	assert_int_equal(m.src.bytes, 2ULL * FULL * SUBBUF);
	run_free(&m);
	dir_remove_tree(dir);
}

/*
 * cpu0's file cut after the open to 5 pages and 100 bytes into the second
 * window: both paths say it shrank and decode the whole pages still there.
 */
static void test_shrank(void **state)
{
	char dir[] = "/tmp/test_trace_raw_map-XXXXXX";
	struct run m;

	(void)state;
	windows_dir_make(dir);
	assert_paths_agree("shrank", dir, (off_t)(WIN_PAGES + 5) * SUBBUF + 100, &m);
	assert_true(m.mapped);
	/* cpu0: the pages up to the cut, its two losses among them; cpu1 as before */
	assert_int_equal(m.recs, (WIN_PAGES + 5) * EV_PAGE + FULL * EV_PAGE - (EV_PAGE - 10));
	assert_int_equal(m.src.lost_cpu[0], 2);
	assert_int_equal(m.src.bytes, (uint64_t)(WIN_PAGES + 5 + FULL) * SUBBUF);
	run_free(&m);
	dir_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_truncated),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_shrank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
