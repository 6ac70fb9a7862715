/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the raw-pages tests (test_trace_raw.c, test_trace_raw_damaged.c):
 * a log of the records and losses a decode hands out, and a writer of one
 * CPU's pages from hyp-instrumentation's ring buffer.
 */
#ifndef TEST_TRACE_RAW_LOG_H
#define TEST_TRACE_RAW_LOG_H

#include <stdio.h>
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

static void write_pages_to(const char *d, struct hypev_rb *rb, unsigned int cpu)
{
	static unsigned char page[SUBBUF];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", d, cpu);
	f = fopen(path, "w");
	assert_non_null(f);
	while (hypev_rb_read_page(rb, page, true) >= 0)
		assert_int_equal(fwrite(page, SUBBUF, 1, f), 1);
	fclose(f);
}

#endif
