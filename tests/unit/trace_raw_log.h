/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the raw-pages tests (test_trace_raw.c, test_trace_raw_damaged.c):
 * a log of the records and losses a decode hands out, a writer of one
 * CPU's pages from hyp-instrumentation's ring buffer, and a decode of a
 * directory through a chosen walker.
 */
#ifndef TEST_TRACE_RAW_LOG_H
#define TEST_TRACE_RAW_LOG_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hypev.h"
#include "trace_int.h"

#define SUBBUF	4096
#define NPAGES	3

#define CMP_MAX	1024

struct logent {
	bool lost;
	int cpu, id, pid;
	uint64_t ts, n;
	unsigned int raw_size, nr_fields;
	uint64_t val[TRACE_MAX_FIELDS];
};

struct cmplog {
	unsigned int n;
	struct logent e[CMP_MAX];
};

static int cmp_rec(void *ctx, const struct trace_rec *r)
{
	struct cmplog *l = ctx;
	struct logent *e = &l->e[l->n];

	assert_true(l->n < CMP_MAX);
	e->cpu = r->cpu;
	e->id = r->type->id;
	e->pid = r->pid;
	e->ts = r->ts_ns;
	e->raw_size = r->raw_size;
	e->nr_fields = r->type->nr_fields;
	memcpy(e->val, r->val, sizeof(e->val));
	l->n++;
	return 0;
}

static void cmp_lost(void *ctx, int cpu, uint64_t n)
{
	struct cmplog *l = ctx;

	assert_true(l->n < CMP_MAX);
	l->e[l->n].lost = true;
	l->e[l->n].cpu = cpu;
	l->e[l->n].n = n;
	l->n++;
}

/* Every page rb holds, into d/per_cpu/cpuN/trace_pipe_raw (zeros past each commit). */
static void write_pages_to(const char *d, struct hypev_rb *rb, unsigned int cpu)
{
	static unsigned char page[SUBBUF];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", d, cpu);
	f = fopen(path, "w");
	assert_non_null(f);
	for (;;) {
		memset(page, 0, sizeof(page));
		if (hypev_rb_read_page(rb, page, true) < 0)
			break;
		assert_int_equal(fwrite(page, SUBBUF, 1, f), 1);
	}
	fclose(f);
}

/* A 32-bit kernel's events/header_page in d: 4-byte commit at 8, data at 12. */
static void write_header_page_commit4(const char *d)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/events/header_page", d);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	      "\tfield: local_t commit;\toffset:8;\tsize:4;\tsigned:1;\n"
	      "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	      "\tfield: char data;\toffset:12;\tsize:4084;\tsigned:0;\n", f);
	fclose(f);
}

/*
 * Decodes d's nr_cpus CPUs into l with walker (NULL: the default choice),
 * which must be the fast one or not as want_fast says; src gets the counts.
 */
static void decode_dir(const char *d, unsigned int nr_cpus, const char *walker, bool want_fast,
		       struct cmplog *l, struct trace_source *src)
{
	struct trace_rawdir *rd;
	char evdir[600];

	if (walker)
		assert_int_equal(setenv("SMMUBENCH_RAW_DECODE", walker, 1), 0);
	else
		unsetenv("SMMUBENCH_RAW_DECODE");
	snprintf(evdir, sizeof(evdir), "%s/events", d);
	rd = trace_rawdir_open(d, evdir, nr_cpus);
	assert_non_null(rd);
	assert_int_equal(trace_rawdir_is_fast(rd), want_fast);
	src->nr_cpus = nr_cpus;
	assert_int_equal(trace_rawdir_decode(rd, src, cmp_rec, cmp_lost, l), 0);
	trace_rawdir_close(rd);
	unsetenv("SMMUBENCH_RAW_DECODE");
}

#endif
