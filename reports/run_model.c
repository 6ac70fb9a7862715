// SPDX-License-Identifier: GPL-2.0
/*
 * The run model: what a report knows about its runs. Series (one per run and
 * design), cells grouped by workload + parameters, sweep points, and lookups
 * of per-repetition values and histograms.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hist.h"
#include "run_model.h"

/* A sweep has at least this many points of one numeric knob, the rest fixed. */
#define SWEEP_MIN_POINTS 3

static size_t series_get(struct report_ctx *ctx, size_t run, const char *design)
{
	struct report_series *s;
	size_t i;

	for (i = 0; i < ctx->nr_series; i++)
		if (ctx->series[i].run == run && !strcmp(ctx->series[i].design, design))
			return i;
	s = realloc(ctx->series, (ctx->nr_series + 1) * sizeof(*s));
	if (!s)
		return (size_t)-1;
	ctx->series = s;
	s = &ctx->series[ctx->nr_series];
	memset(s, 0, sizeof(*s));
	s->run = run;
	s->design = strdup(design);
	s->hw = report_rundata_meta(ctx->runs[run], "target") &&
		!strcmp(report_rundata_meta(ctx->runs[run], "target"), "hw");
	return ctx->nr_series++;
}

static int cell_add(struct report_ctx *ctx, size_t run, const char *name, const char *design,
		    const char *workload, const char *params)
{
	struct report_cref *c = realloc(ctx->cells, (ctx->nr_cells + 1) * sizeof(*c));
	const char *d = design && *design ? design : report_rundata_meta(ctx->runs[run], "target");

	if (!c)
		return -ENOMEM;
	ctx->cells = c;
	c = &ctx->cells[ctx->nr_cells];
	memset(c, 0, sizeof(*c));
	c->run = run;
	c->cell.name = strdup(name);
	c->cell.design = strdup(d ? d : "unknown");
	c->cell.workload = strdup(workload ? workload : "");
	c->cell.params = strdup(params ? params : "");
	ctx->nr_cells++;	/* from here on released with the others */
	c->series = series_get(ctx, run, c->cell.design);
	if (c->series == (size_t)-1)
		return -ENOMEM;
	return report_params_parse(&c->param, params);
}

static int same_but(const struct report_cref *a, const struct report_cref *b, const char *key)
{
	char *pa, *pb;
	int same;

	if (a->run != b->run || strcmp(a->cell.design, b->cell.design) ||
	    strcmp(a->cell.workload, b->cell.workload))
		return 0;
	pa = report_params_format(&a->param, key);
	pb = report_params_format(&b->param, key);
	same = pa && pb && !strcmp(pa, pb);
	free(pa);
	free(pb);
	return same;
}

/* A cell is a sweep point when >= SWEEP_MIN_POINTS cells differ from it in one key only. */
static void sweep_detect(struct report_ctx *ctx, struct report_cref *c)
{
	size_t k, i, j;

	for (k = 0; k < c->param.nr; k++) {
		const struct report_param *p = &c->param.v[k];
		size_t nr_vals = 0;
		double v, vals[64];

		if (!p->value || !report_param_num(p->value, &v))
			continue;
		for (i = 0; i < ctx->nr_cells; i++) {
			const struct report_cref *d = &ctx->cells[i];
			double x;

			if (!same_but(c, d, p->key) ||
			    !report_param_num(report_params_get(&d->param, p->key), &x))
				continue;
			for (j = 0; j < nr_vals && vals[j] != x; j++)
				;
			if (j == nr_vals && nr_vals < 64)
				vals[nr_vals++] = x;
		}
		if (nr_vals >= SWEEP_MIN_POINTS) {
			c->sweep_knob = strdup(p->key);
			c->sweep_val = v;
			return;
		}
	}
}

static int group_add(struct report_ctx *ctx, struct report_cref *c)
{
	/* the text as meta.json has it, or the params without the sweep knob */
	char *rest = c->sweep_knob ? report_params_format(&c->param, c->sweep_knob) :
				     strdup(c->cell.params);
	char **g;
	size_t i;

	if (!rest)
		return -ENOMEM;
	if (asprintf(&c->group, "%s%s%s", c->cell.workload, *rest ? " " : "", rest) < 0) {
		free(rest);
		return -ENOMEM;
	}
	free(rest);
	for (i = 0; i < ctx->nr_groups; i++)
		if (!strcmp(ctx->groups[i], c->group))
			return 0;
	g = realloc(ctx->groups, (ctx->nr_groups + 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	ctx->groups = g;
	g[ctx->nr_groups++] = strdup(c->group);
	return 0;
}

int report_ctx_init(struct report_ctx *ctx, struct report_rundata **runs, size_t nr_runs)
{
	size_t r, i, j, k;
	int ret;

	ctx->runs = runs;
	ctx->nr_runs = nr_runs;
	for (r = 0; r < nr_runs; r++) {
		const struct report_rundata *rd = runs[r];

		for (i = 0; i < rd->nr_cells; i++) {
			ret = cell_add(ctx, r, rd->cells[i].name, rd->cells[i].design,
				       rd->cells[i].workload, rd->cells[i].params);
			if (ret)
				return ret;
		}
		/* rows of cells meta.json does not declare still get shown */
		for (i = 0; i < rd->nr_rows; i++) {
			const struct report_row *row = &rd->rows[i];

			if (!*row->cell || report_rundata_cell(rd, row->cell))
				continue;
			for (j = 0; j < ctx->nr_cells; j++)
				if (ctx->cells[j].run == r && !strcmp(ctx->cells[j].cell.name, row->cell))
					break;
			if (j == ctx->nr_cells) {
				ret = cell_add(ctx, r, row->cell, row->design, row->workload, NULL);
				if (ret)
					return ret;
			}
		}
	}
	for (i = 0; i < ctx->nr_cells; i++)
		sweep_detect(ctx, &ctx->cells[i]);
	for (i = 0; i < ctx->nr_cells; i++) {
		ret = group_add(ctx, &ctx->cells[i]);
		if (ret)
			return ret;
	}
	/* series names: the design, plus the run's label when designs repeat */
	for (i = 0; i < ctx->nr_series; i++) {
		struct report_series *s = &ctx->series[i];
		const struct report_rundata *rd = runs[s->run];
		const char *label = report_rundata_meta(rd, "label");

		for (k = 0, j = 0; j < ctx->nr_series; j++)
			k += !strcmp(ctx->series[j].design, s->design);
		if (k > 1 && asprintf(&s->name, "%s@%s", s->design, label ? label : rd->name) >= 0)
			continue;
		s->name = strdup(s->design);
	}
	return 0;
}

void report_ctx_release(struct report_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_series; i++) {
		free(ctx->series[i].name);
		free(ctx->series[i].design);
	}
	for (i = 0; i < ctx->nr_cells; i++) {
		struct report_cref *c = &ctx->cells[i];

		free(c->cell.name);
		free(c->cell.design);
		free(c->cell.workload);
		free(c->cell.params);
		report_params_release(&c->param);
		free(c->group);
		free(c->sweep_knob);
	}
	for (i = 0; i < ctx->nr_groups; i++)
		free(ctx->groups[i]);
	report_plot_queue_release(&ctx->plots);
	free(ctx->series);
	free(ctx->cells);
	free(ctx->groups);
}

size_t report_ctx_values(const struct report_ctx *ctx, const struct report_cref *c,
			 const char *op, const char *metric, double **vals, const char **unit)
{
	const struct report_rundata *rd = ctx->runs[c->run];
	size_t i, n = 0;
	double *v = malloc((rd->nr_rows ? rd->nr_rows : 1) * sizeof(*v));

	*vals = v;
	if (unit)
		*unit = NULL;
	if (!v)
		return 0;
	for (i = 0; i < rd->nr_rows; i++) {
		const struct report_row *r = &rd->rows[i];

		if (strcmp(r->cell, c->cell.name) || strcmp(r->op, op) || strcmp(r->metric, metric))
			continue;
		v[n++] = r->value;
		if (unit)
			*unit = r->unit;
	}
	return n;
}

struct trace_hist *report_ctx_hist(const struct report_ctx *ctx, const struct report_cref *c,
				   const char *op)
{
	struct json_object *o = report_rundata_hist_json(ctx->runs[c->run], c->cell.name, op);
	struct trace_hist *h;

	if (!o)
		return NULL;
	h = trace_hist_from_json(o);
	json_object_put(o);
	return h;
}

const char *report_ctx_op_unit(const struct report_ctx *ctx, const struct report_cref *c,
			       const char *op)
{
	static const char *const metrics[] = { "mean", "p50", "min", "max" };
	const struct report_rundata *rd = ctx->runs[c->run];
	size_t i, m;

	for (i = 0; i < rd->nr_rows; i++) {
		const struct report_row *r = &rd->rows[i];

		if (strcmp(r->cell, c->cell.name) || strcmp(r->op, op))
			continue;
		for (m = 0; m < 4; m++)
			if (!strcmp(r->metric, metrics[m]))
				return r->unit;
	}
	return NULL;
}

const char *report_ctx_group_param(const struct report_ctx *ctx, const char *group,
				   const char *key)
{
	size_t i;

	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];

		if (strcmp(c->group, group))
			continue;
		/* the group's params are the cell's but its sweep knob */
		if (c->sweep_knob && !strcmp(c->sweep_knob, key))
			return NULL;
		return report_params_get(&c->param, key);
	}
	return NULL;
}

const struct report_cref *report_ctx_find(const struct report_ctx *ctx, const char *group,
					  size_t series, int sweep)
{
	size_t i;

	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];

		if (c->series == series && !strcmp(c->group, group) && !!c->sweep_knob == !!sweep)
			return c;
	}
	return NULL;
}
