// SPDX-License-Identifier: GPL-2.0
/*
 * compare: an mmtests-style table of run directories against a base. Per
 * metric, the per-repetition values of each run; the verdict of each NEW
 * run against BASE is report_verdict()'s (reports/verdict.c). The command
 * line is bench/cmd_compare.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "run_model.h"
#include "units.h"
#include "reports.h"

struct cmp_key {
	char *text;		/* "dmabench granule=1 threads=1 | unmap tool_mean [paravirt]" */
	char *group, *op, *metric, *design, *unit;
	/* per run: the values of its cells' rows of this key (and unit), cell then file order */
	double **vals;
	size_t *nr_vals;
};

static size_t run_designs(const struct report_ctx *ctx, size_t run)
{
	size_t s, n = 0;

	for (s = 0; s < ctx->nr_series; s++)
		n += ctx->series[s].run == run;
	return n;
}

/* A new key (the caller found it is new), with room for the values of nr_runs runs. */
static int key_add(struct cmp_key **keys, size_t *nr, size_t nr_runs, const char *group,
		   const char *op, const char *metric, const char *design, const char *unit)
{
	struct cmp_key *k = realloc(*keys, (*nr + 1) * sizeof(*k));

	if (!k)
		return -ENOMEM;
	*keys = k;
	k = &k[(*nr)++];
	memset(k, 0, sizeof(*k));
	k->group = strdup(group);
	k->op = strdup(op);
	k->metric = strdup(metric);
	k->design = strdup(design);
	k->unit = strdup(unit);
	k->vals = calloc(nr_runs, sizeof(*k->vals));
	k->nr_vals = calloc(nr_runs, sizeof(*k->nr_vals));
	if (asprintf(&k->text, "%s | %s %s%s%s%s", group, op, metric, *design ? " [" : "", design,
		     *design ? "]" : "") < 0)
		k->text = NULL;
	return k->text && k->vals && k->nr_vals ? 0 : -ENOMEM;
}

static int key_value_add(struct cmp_key *k, size_t run, double v)
{
	/* capacity: powers of two */
	size_t n = k->nr_vals[run];

	if (!(n & (n - 1))) {
		double *p = realloc(k->vals[run], (n ? 2 * n : 1) * sizeof(*p));

		if (!p)
			return -ENOMEM;
		k->vals[run] = p;
	}
	k->vals[run][k->nr_vals[run]++] = v;
	return 0;
}

int report_compare_cell(const char *unit, const double *base, size_t nb, const double *new,
			size_t nn, double threshold_pct, struct report_verdict *v, char *text,
			size_t len)
{
	char a[64];
	int ret = report_verdict(unit, base, nb, new, nn, threshold_pct, v);

	report_fmt_value(a, sizeof(a), v->new, unit);
	if (ret)
		snprintf(text, len, "%s", a);
	else
		snprintf(text, len, "%s (%+.2f%%)%s", a, v->change_pct,
			 v->degenerate ? "*!" : v->significant ? "*" : " ");
	return ret;
}

/* Sweep points have their own group per knob value: make them distinct keys. */
static const char *cell_group(const struct report_cref *c, char *buf, size_t len)
{
	if (!c->sweep_knob)
		return c->group;
	snprintf(buf, len, "%s %s=%g", c->group, c->sweep_knob, c->sweep_val);
	return buf;
}

struct cmp {
	const struct report_compare_opts *o;
	struct report_rundata **runs;
	size_t nr;
	struct report_ctx ctx;
	struct cmp_key *keys;
	size_t nr_keys;
	int by_design;		/* match metrics by design too */
	int nr_regress, nr_sig, nr_degen;
};

static int cmp_load(struct cmp *c)
{
	char err[1024];
	size_t i;

	c->runs = calloc(c->o->nr_run_dirs, sizeof(*c->runs));
	if (!c->runs)
		return -ENOMEM;
	for (i = 0; i < c->o->nr_run_dirs; i++) {
		err[0] = '\0';
		c->runs[c->nr] = report_rundata_load(c->o->run_dirs[i], err, sizeof(err));
		if (!c->runs[c->nr]) {
			fprintf(stderr, "smmubench compare: %s\n", err[0] ? err : strerror(errno));
			return -EINVAL;
		}
		report_rundata_warnings_print(c->runs[c->nr], stderr, "smmubench compare: warning: ");
		c->nr++;
	}
	return report_ctx_init(&c->ctx, c->runs, c->nr);
}

/*
 * A key's identity, for the pool: its fields joined by a separator no name
 * holds, cut at len - 1 bytes as snprintf() would (once a row: no format).
 */
static const char *key_id(char *buf, size_t len, const char *group, const struct report_row *r,
			  const char *design)
{
	const char *part[] = { group, r->op, r->metric, design };
	size_t i, n, at = 0;

	for (i = 0; i < ARRAY_SIZE(part); i++) {
		if (i && at + 1 < len)
			buf[at++] = '\x1f';
		n = strlen(part[i]);
		if (n > len - 1 - at)
			n = len - 1 - at;
		memcpy(buf + at, part[i], n);
		at += n;
	}
	buf[at] = '\0';
	return buf;
}

/*
 * keys: every (group, op, metric, design) of any run, first-seen order,
 * the unit of its first row; each key's values per run gathered in the
 * same pass over each cell's own rows: linear in rows, whatever the cells.
 */
static int cmp_keys(struct cmp *c)
{
	char gbuf[512], id[2048];
	struct str_pool *ids = str_pool_new();
	size_t i, j;
	int ret = -ENOMEM;

	for (i = 1; i < c->nr; i++)
		if (run_designs(&c->ctx, 0) > 1 || run_designs(&c->ctx, i) > 1)
			c->by_design = 1;
	for (i = 0; ids && i < c->ctx.nr_cells; i++) {
		const struct report_cref *cr = &c->ctx.cells[i];
		const struct report_rundata *rd = c->runs[cr->run];
		const char *group = cell_group(cr, gbuf, sizeof(gbuf));
		const char *design = c->by_design ? cr->cell.design : "";

		for (j = 0; j < cr->nr_rows; j++) {
			const struct report_row *r = &rd->rows[cr->rows[j]];
			long k;

			if (!strcmp(r->metric, "lost_events"))
				continue;
			k = str_pool_index(ids, key_id(id, sizeof(id), group, r, design));
			if (k < 0)
				goto out;
			if ((size_t)k == c->nr_keys &&
			    key_add(&c->keys, &c->nr_keys, c->nr, group, r->op, r->metric, design,
				    r->unit))
				goto out;
			if (!strcmp(r->unit, c->keys[k].unit) &&
			    key_value_add(&c->keys[k], cr->run, r->value))
				goto out;
		}
	}
	ret = ids ? 0 : -ENOMEM;
out:
	str_pool_free(ids);
	return ret;
}

static size_t cmp_header(const struct cmp *c)
{
	size_t i, k, width = 20;

	printf("# smmubench compare: base %s; * = significant (bootstrap 95%% interval of NEW/BASE "
	       "excludes 1, >= %d reps each); rates: harmonic mean, others: median\n",
	       c->runs[0]->name, REPORT_VERDICT_MIN_REPS);
	printf("# regression: significant and worse than %.4g%% (time, %%, cycles: higher is worse; "
	       "rates: lower is worse)\n", c->o->threshold_pct);
	/* rows or files the loader left out: in the header, before any number */
	for (i = 0; i < c->nr; i++)
		report_rundata_warnings_print(c->runs[i], stdout, "# WARNING: ");
	for (k = 0; k < c->nr_keys; k++)
		if (strlen(c->keys[k].text) > width)
			width = strlen(c->keys[k].text);
	printf("%-*s %16s", (int)width, "metric", c->runs[0]->name);
	for (i = 1; i < c->nr; i++)
		printf("  %26.26s", c->runs[i]->name);
	putchar('\n');
	return width;
}

/* One metric's line: the base centre, then each NEW run's cell. */
static void cmp_row(struct cmp *c, const struct cmp_key *key, size_t width)
{
	const double *bv = key->vals[0];
	size_t nb = key->nr_vals[0], i;
	char a[64];

	report_fmt_value(a, sizeof(a), report_stats_center(key->unit, bv, nb), key->unit);
	printf("%-*s %16s", (int)width, key->text, a);
	for (i = 1; i < c->nr; i++) {
		struct report_verdict v;
		const double *nv = key->vals[i];
		size_t nn = key->nr_vals[i];
		char cell[96];
		int ret;

		ret = report_compare_cell(key->unit, bv, nb, nv, nn, c->o->threshold_pct, &v, cell,
					  sizeof(cell));
		printf("  %26s", cell);
		if (ret)
			continue;
		c->nr_sig += v.significant;
		c->nr_degen += v.degenerate;
		if (v.regression) {
			c->nr_regress++;
			fprintf(stderr, "REGRESSION %s: %s: %+.2f%% (95%% interval of the ratio "
				"%.4f .. %.4f%s, Mann-Whitney p = %.3g)\n", c->runs[i]->name,
				key->text, v.change_pct, v.ci_lo, v.ci_hi,
				v.degenerate ? ", degenerate: no spread on either side" : "", v.p_mwu);
		}
		if (c->o->verbose)
			printf(" [%.4f .. %.4f p=%.3g n=%zu/%zu]", v.ci_lo, v.ci_hi, v.p_mwu, nb, nn);
	}
	putchar('\n');
}

static void cmp_footer(const struct cmp *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (c->runs[i]->lost_events || c->runs[i]->status != REPORT_RUN_COMPLETE)
			printf("# WARNING: %s: %s, %llu lost events\n", c->runs[i]->name,
			       report_run_status_name(c->runs[i]->status),
			       (unsigned long long)c->runs[i]->lost_events);
	if (c->nr_degen)
		printf("# *! = degenerate interval (%d metrics): no spread over the repetitions on "
		       "either side; the star rests on the medians alone\n", c->nr_degen);
	printf("# %zu metrics, %d significant changes, %d regressions beyond %.4g%%\n",
	       c->nr_keys, c->nr_sig, c->nr_regress, c->o->threshold_pct);
}

static void cmp_free(struct cmp *c)
{
	size_t k, i;

	for (k = 0; k < c->nr_keys; k++) {
		free(c->keys[k].text);
		free(c->keys[k].group);
		free(c->keys[k].op);
		free(c->keys[k].metric);
		free(c->keys[k].design);
		free(c->keys[k].unit);
		for (i = 0; c->keys[k].vals && i < c->nr; i++)
			free(c->keys[k].vals[i]);
		free(c->keys[k].vals);
		free(c->keys[k].nr_vals);
	}
	free(c->keys);
	report_ctx_release(&c->ctx);
	for (i = 0; i < c->nr; i++)
		report_rundata_free(c->runs[i]);
	free(c->runs);
}

int report_compare(const struct report_compare_opts *o)
{
	struct cmp c = { .o = o };
	size_t k, width;
	int ret = 2;

	if (o->nr_run_dirs < 2)
		return 2;
	if (cmp_load(&c) || cmp_keys(&c))
		goto out;
	width = cmp_header(&c);
	for (k = 0; k < c.nr_keys; k++)
		cmp_row(&c, &c.keys[k], width);
	cmp_footer(&c);
	ret = c.nr_regress ? 1 : 0;
out:
	cmp_free(&c);
	return ret;
}
