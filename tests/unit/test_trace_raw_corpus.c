// SPDX-License-Identifier: GPL-2.0
/*
 * The guard of the fast page walker (rawwalk_fast.c and the merge's
 * planned-field reads): on every seed of the raw-page fuzz harness
 * (tests/fuzz/corpus/raw_fast, laid out as the harness lays them out) and
 * on the model's own pages (paravirt and nested, EL2 and host instance),
 * it hands out exactly the records and losses libtraceevent's kbuffer
 * walker does: same order, CPU, timestamp, event id, pid, payload size and
 * every integer field. The merge that reads the fields is shared by both
 * walkers, so each field of each record is also read by libtraceevent
 * itself (tep_read_number_field() on the dir's format files) and must
 * equal it. kbuffer and tep are the independent reference; the test knows
 * no value of its own beyond "at least one record".
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <traceevent/event-parse.h>

#include "common.h"
#include "hypev.h"
#include "model.h"
#include "trace_int.h"
#include "trace_raw_seeds.h"

#define SUBBUF	4096

struct ent {
	bool lost;
	int cpu, id, pid;
	uint64_t ts, n;
	unsigned int raw_size, nr_fields;
	uint64_t val[TRACE_MAX_FIELDS];
};

struct log {
	struct ent *e;
	size_t n, cap;
	struct tep_handle *tep;		/* set: every field checked against tep's reading */
	size_t checked;			/* fields so checked */
};

static struct ent *log_next(struct log *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->e = realloc(l->e, l->cap * sizeof(*l->e));
		assert_non_null(l->e);
	}
	memset(&l->e[l->n], 0, sizeof(l->e[0]));
	return &l->e[l->n++];
}

/* r's integer fields as libtraceevent reads them, sign-extended as the format says */
static void tep_check(struct log *l, const struct trace_rec *r)
{
	struct tep_event *ev = tep_find_event(l->tep, r->type->id);
	struct tep_format_field *f;
	unsigned long long v;
	unsigned int i = 0;

	assert_non_null(ev);
	for (f = ev->format.fields; f && i < TRACE_MAX_FIELDS; f = f->next, i++) {
		if (f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC | TEP_FIELD_IS_STRING) ||
		    (unsigned int)(f->offset + f->size) > r->raw_size || f->size > 8)
			continue;
		assert_int_equal(tep_read_number_field(f, r->raw, &v), 0);
		if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8 && (v >> (8 * f->size - 1)) & 1)
			v |= ~0ULL << (8 * f->size);
		if (r->val[i] != v)
			fail_msg("%s field %s at %u: decoded %llu, libtraceevent %llu", ev->name,
				 f->name, f->offset, (unsigned long long)r->val[i], v);
		l->checked++;
	}
}

static int on_rec(void *ctx, const struct trace_rec *r)
{
	struct log *l = ctx;
	struct ent *e;

	if (l->tep)
		tep_check(l, r);
	e = log_next(l);

	e->cpu = r->cpu;
	e->id = r->type->id;
	e->pid = r->pid;
	e->ts = r->ts_ns;
	e->raw_size = r->raw_size;
	e->nr_fields = r->type->nr_fields;
	memcpy(e->val, r->val, sizeof(e->val));
	return 0;
}

static void on_lost(void *ctx, int cpu, uint64_t n)
{
	struct ent *e = log_next(ctx);

	e->lost = true;
	e->cpu = cpu;
	e->n = n;
}

/* a tep of d's own events/: header_page and every <sys>/<ev>/format */
static struct tep_handle *dir_tep(const char *evdir)
{
	struct tep_handle *tep = tep_alloc();
	struct dirent *sde, *ede;
	char path[2 * PATH_MAX + 600], *text;
	size_t len;
	DIR *sd, *ed;

	assert_non_null(tep);
	tep_set_long_size(tep, 8);
	snprintf(path, sizeof(path), "%s/header_page", evdir);
	assert_int_equal(file_read_all(path, &text, &len), 0);
	tep_parse_header_page(tep, text, len, 8);
	free(text);
	sd = opendir(evdir);
	assert_non_null(sd);
	while ((sde = readdir(sd))) {
		snprintf(path, sizeof(path), "%s/%s", evdir, sde->d_name);
		if (sde->d_name[0] == '.' || !(ed = opendir(path)))
			continue;
		while ((ede = readdir(ed))) {
			snprintf(path, sizeof(path), "%s/%s/%s/format", evdir, sde->d_name,
				 ede->d_name);
			if (ede->d_name[0] == '.' || file_read_all(path, &text, &len))
				continue;
			tep_parse_event(tep, text, len, sde->d_name);
			free(text);
		}
		closedir(ed);
	}
	closedir(sd);
	return tep;
}

static void decode(const char *d, unsigned int nr_cpus, bool fast, struct log *l)
{
	struct trace_source src = { .spec = (char *)"raw:test", .nr_cpus = nr_cpus };
	struct trace_rawdir *rd;
	char evdir[PATH_MAX];

	if (fast)
		unsetenv("SMMUBENCH_RAW_DECODE");
	else
		assert_int_equal(setenv("SMMUBENCH_RAW_DECODE", "kbuffer", 1), 0);
	snprintf(evdir, sizeof(evdir), "%s/events", d);
	rd = trace_rawdir_open(d, evdir, nr_cpus);
	assert_non_null(rd);
	assert_int_equal(trace_rawdir_is_fast(rd), fast);
	assert_int_equal(trace_rawdir_decode(rd, &src, on_rec, on_lost, l), 0);
	trace_rawdir_close(rd);
	unsetenv("SMMUBENCH_RAW_DECODE");
}

/* Decodes d both ways and requires the same log; returns the records seen. */
static size_t assert_walkers_agree(const char *what, const char *d, unsigned int nr_cpus)
{
	struct log fast = { 0 }, ref = { 0 };
	char evdir[PATH_MAX];
	size_t i, recs = 0;
	unsigned int j;

	snprintf(evdir, sizeof(evdir), "%s/events", d);
	fast.tep = dir_tep(evdir);
	decode(d, nr_cpus, true, &fast);
	decode(d, nr_cpus, false, &ref);
	assert_true(fast.checked > 0 || !fast.n);
	if (fast.n != ref.n)
		fail_msg("%s: %zu entries from the fast walker, %zu from kbuffer", what, fast.n,
			 ref.n);
	for (i = 0; i < fast.n; i++) {
		const struct ent *a = &fast.e[i], *b = &ref.e[i];

		if (a->lost != b->lost || a->cpu != b->cpu || a->n != b->n || a->ts != b->ts ||
		    a->id != b->id || a->pid != b->pid || a->raw_size != b->raw_size ||
		    a->nr_fields != b->nr_fields)
			fail_msg("%s: entry %zu differs: fast cpu %d ts %llu id %d size %u lost %d, "
				 "kbuffer cpu %d ts %llu id %d size %u lost %d", what, i, a->cpu,
				 (unsigned long long)a->ts, a->id, a->raw_size, a->lost, b->cpu,
				 (unsigned long long)b->ts, b->id, b->raw_size, b->lost);
		for (j = 0; j < a->nr_fields; j++)
			if (a->val[j] != b->val[j])
				fail_msg("%s: entry %zu field %u: fast %llu, kbuffer %llu", what, i,
					 j, (unsigned long long)a->val[j],
					 (unsigned long long)b->val[j]);
		recs += !a->lost;
	}
	free(fast.e);
	free(ref.e);
	tep_free(fast.tep);
	return recs;
}

/* A seed through both walkers. */
static void corpus_one(const char *dir, const char *name)
{
	raw_seed_lay_out(dir, name, 0);
	printf("# %s: %zu records, the same from both walkers\n", name,
	       assert_walkers_agree(name, dir, 2));
}

static void test_fuzz_corpus(void **state)
{
	(void)state;
	raw_seeds_each(corpus_one);
}

/* The model's EL2 and host pages, as `smmubench model -e -o DIR` writes them. */
static void model_pages(enum model_design_id design)
{
	char dir[] = "/tmp/test_trace_raw_model-XXXXXX", sub[PATH_MAX], err[256];
	struct model_results res = { 0 };
	struct model_config cfg;
	unsigned int cpus = 2;

	assert_non_null(mkdtemp(dir));
	model_config_init(&cfg);
	cfg.design = design;
	cfg.events = true;
	cfg.out_dir = dir;
	cfg.nr_cpus = cpus;
	cfg.dmabench.threads = 2;
	cfg.dmabench.granule_pages = 4;
	cfg.dmabench.duration_ns = 2000000;
	if (model_run(&cfg, &res, err, sizeof(err)))
		fail_msg("model_run: %s", err);
	snprintf(sub, sizeof(sub), "%s/remotes/hypervisor", dir);
	assert_true(assert_walkers_agree(sub, sub, cpus) > 100);
	snprintf(sub, sizeof(sub), "%s/host", dir);
	assert_true(assert_walkers_agree(sub, sub, cpus) > 100);
	model_results_free(&res);
	dir_remove_tree(dir);
}

static void test_model_paravirt(void **state)
{
	(void)state;
	model_pages(MODEL_DESIGN_PARAVIRT);
}

static void test_model_nested(void **state)
{
	(void)state;
	model_pages(MODEL_DESIGN_NESTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_corpus),
		cmocka_unit_test(test_model_paravirt),
		cmocka_unit_test(test_model_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
