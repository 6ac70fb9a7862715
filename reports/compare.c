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
};

static size_t run_designs(const struct report_ctx *ctx, size_t run)
{
	size_t s, n = 0;

	for (s = 0; s < ctx->nr_series; s++)
		n += ctx->series[s].run == run;
	return n;
}

static int key_add(struct cmp_key **keys, size_t *nr, const char *group, const char *op,
		   const char *metric, const char *design, const char *unit)
{
	struct cmp_key *k;
	size_t i;

	for (i = 0; i < *nr; i++) {
		k = &(*keys)[i];
		if (!strcmp(k->group, group) && !strcmp(k->op, op) && !strcmp(k->metric, metric) &&
		    !strcmp(k->design, design))
			return 0;
	}
	k = realloc(*keys, (*nr + 1) * sizeof(*k));
	if (!k)
		return -ENOMEM;
	*keys = k;
	k = &k[(*nr)++];
	k->group = strdup(group);
	k->op = strdup(op);
	k->metric = strdup(metric);
	k->design = strdup(design);
	k->unit = strdup(unit);
	if (asprintf(&k->text, "%s | %s %s%s%s%s", group, op, metric, *design ? " [" : "", design,
		     *design ? "]" : "") < 0)
		k->text = NULL;
	return k->text ? 0 : -ENOMEM;
}

/* Values of key k in run r: rows of the cells of r in k's group (and design). */
static size_t key_values(const struct report_ctx *ctx, size_t run, const struct cmp_key *k,
			 int by_design, double **vals)
{
	const struct report_rundata *rd = ctx->runs[run];
	double *v = malloc((rd->nr_rows ? rd->nr_rows : 1) * sizeof(*v));
	size_t i, j, n = 0;

	*vals = v;
	if (!v)
		return 0;
	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];

		if (c->run != run || strcmp(c->group, k->group))
			continue;
		if (by_design && strcmp(c->cell.design, k->design))
			continue;
		for (j = 0; j < rd->nr_rows; j++) {
			const struct report_row *r = &rd->rows[j];

			if (!strcmp(r->cell, c->cell.name) && !strcmp(r->op, k->op) &&
			    !strcmp(r->metric, k->metric) && !strcmp(r->unit, k->unit))
				v[n++] = r->value;
		}
	}
	return n;
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

/* keys: every (group, op, metric, design, unit) of any run, first-seen order */
static int cmp_keys(struct cmp *c)
{
	char gbuf[512];
	size_t i, j;
	int ret;

	for (i = 1; i < c->nr; i++)
		if (run_designs(&c->ctx, 0) > 1 || run_designs(&c->ctx, i) > 1)
			c->by_design = 1;
	for (i = 0; i < c->ctx.nr_cells; i++) {
		const struct report_cref *cr = &c->ctx.cells[i];
		const struct report_rundata *rd = c->runs[cr->run];

		for (j = 0; j < rd->nr_rows; j++) {
			const struct report_row *r = &rd->rows[j];

			if (strcmp(r->cell, cr->cell.name) || !strcmp(r->metric, "lost_events"))
				continue;
			ret = key_add(&c->keys, &c->nr_keys, cell_group(cr, gbuf, sizeof(gbuf)),
				      r->op, r->metric, c->by_design ? cr->cell.design : "", r->unit);
			if (ret)
				return ret;
		}
	}
	/* sweep cells: cell_group() names differ from c->group; match on that name */
	for (i = 0; i < c->ctx.nr_cells; i++) {
		struct report_cref *cr = &c->ctx.cells[i];

		if (cr->sweep_knob) {
			char *g = strdup(cell_group(cr, gbuf, sizeof(gbuf)));

			if (!g)
				return -ENOMEM;
			free(cr->group);
			cr->group = g;
		}
	}
	return 0;
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
	double *bv;
	size_t nb = key_values(&c->ctx, 0, key, c->by_design, &bv), i;
	char a[64];

	report_fmt_value(a, sizeof(a), report_stats_center(key->unit, bv, nb), key->unit);
	printf("%-*s %16s", (int)width, key->text, a);
	for (i = 1; i < c->nr; i++) {
		struct report_verdict v;
		double *nv;
		size_t nn = key_values(&c->ctx, i, key, c->by_design, &nv);
		char cell[96];
		int ret;

		ret = report_compare_cell(key->unit, bv, nb, nv, nn, c->o->threshold_pct, &v, cell,
					  sizeof(cell));
		printf("  %26s", cell);
		free(nv);
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
	free(bv);
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
