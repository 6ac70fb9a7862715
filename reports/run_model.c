// SPDX-License-Identifier: GPL-2.0
/*
 * The run model: what a report knows about its runs. Series (one per run and
 * design), cells grouped by workload + parameters, sweep points, and lookups
 * of per-repetition values and histograms.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "common.h"
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

/* One numeric parameter of a cell, with the rest of the cell's identity. */
struct sweep_ent {
	const struct report_cref *c;
	size_t cell, k;		/* the cell's index, the parameter's */
	char *rest;		/* its params without this key */
	double v;
};

/* Cells that differ only in the value of key k sort next to each other. */
static int sweep_ent_cmp(const void *a, const void *b)
{
	const struct sweep_ent *x = a, *y = b;
	int d;

	if (x->c->run != y->c->run)
		return (x->c->run > y->c->run) - (x->c->run < y->c->run);
	d = strcmp(x->c->cell.design, y->c->cell.design);
	d = d ? d : strcmp(x->c->cell.workload, y->c->cell.workload);
	d = d ? d : strcmp(x->c->param.v[x->k].key, y->c->param.v[y->k].key);
	d = d ? d : strcmp(x->rest, y->rest);
	return d ? d : (x->v > y->v) - (x->v < y->v);
}

/*
 * A cell is a sweep point when >= SWEEP_MIN_POINTS cells of its run,
 * design and workload differ from it in one numeric key only (distinct
 * values); its knob is the first such key in its params. One sort of
 * every (cell, numeric key), not a comparison of every pair of cells.
 */
static int sweeps_detect(struct report_ctx *ctx)
{
	struct sweep_ent *e;
	size_t *best = malloc((ctx->nr_cells ? ctx->nr_cells : 1) * sizeof(*best));
	size_t i, k, a, b, n = 0, nr_vals;
	int ret = -ENOMEM;

	for (i = 0; i < ctx->nr_cells; i++)
		n += ctx->cells[i].param.nr;
	e = calloc(n ? n : 1, sizeof(*e));
	if (!e || !best)
		goto out;
	for (i = 0, n = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];

		best[i] = SIZE_MAX;
		for (k = 0; k < c->param.nr; k++) {
			const struct report_param *p = &c->param.v[k];
			double v;

			if (!p->value || !report_param_num(p->value, &v))
				continue;
			e[n] = (struct sweep_ent){ c, i, k, report_params_format(&c->param, p->key), v };
			if (!e[n++].rest)
				goto out;
		}
	}
	qsort(e, n, sizeof(*e), sweep_ent_cmp);
	for (a = 0; a < n; a = b) {
		for (b = a + 1, nr_vals = 1; b < n; b++) {
			struct sweep_ent x = e[b];

			x.v = e[a].v;	/* the same cells but the value? */
			if (sweep_ent_cmp(&x, &e[a]))
				break;
			nr_vals += e[b].v != e[b - 1].v;
		}
		for (i = a; nr_vals >= SWEEP_MIN_POINTS && i < b; i++)
			if (e[i].k < best[e[i].cell])
				best[e[i].cell] = e[i].k;
	}
	for (i = 0; i < ctx->nr_cells; i++) {
		struct report_cref *c = &ctx->cells[i];

		if (best[i] == SIZE_MAX)
			continue;
		c->sweep_knob = strdup(c->param.v[best[i]].key);
		report_param_num(c->param.v[best[i]].value, &c->sweep_val);
		if (!c->sweep_knob)
			goto out;
	}
	ret = 0;
out:
	for (i = 0; e && i < n; i++)
		free(e[i].rest);
	free(e);
	free(best);
	return ret;
}

static int group_add(struct report_ctx *ctx, struct report_cref *c)
{
	/* the text as meta.json has it, or the params without the sweep knob */
	char *rest = c->sweep_knob ? report_params_format(&c->param, c->sweep_knob) :
				     strdup(c->cell.params);
	char **g;
	long k;

	if (!rest)
		return -ENOMEM;
	if (asprintf(&c->group, "%s%s%s", c->cell.workload, *rest ? " " : "", rest) < 0) {
		free(rest);
		return -ENOMEM;
	}
	free(rest);
	if (!ctx->group_ids && !(ctx->group_ids = str_pool_new()))
		return -ENOMEM;
	k = str_pool_index(ctx->group_ids, c->group);
	if (k < 0)
		return (int)k;
	if ((size_t)k < ctx->nr_groups)
		return 0;
	g = realloc(ctx->groups, (ctx->nr_groups + 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	ctx->groups = g;
	g[ctx->nr_groups++] = strdup(c->group);
	return 0;
}

/* A stretch of consecutive rows of one cell (results.jsonl comes cell by cell). */
struct row_seg {
	const char *cell;
	size_t first, nr;
};

static int row_seg_cmp(const void *a, const void *b)
{
	const struct row_seg *x = a, *y = b;
	int c = strcmp(x->cell, y->cell);

	return c ? c : (x->first > y->first) - (x->first < y->first);
}

/* Run r's row indices sorted by (cell, file order): stretches sorted, then laid out. */
static size_t *rows_sorted(const struct report_rundata *rd)
{
	size_t *ix = malloc((rd->nr_rows ? rd->nr_rows : 1) * sizeof(*ix));
	struct row_seg *seg = malloc((rd->nr_rows ? rd->nr_rows : 1) * sizeof(*seg));
	size_t i, j, n = 0, k = 0;

	if (!ix || !seg) {
		free(ix);
		free(seg);
		return NULL;
	}
	for (i = 0; i < rd->nr_rows; i++) {
		/* interned (reports.h): the same cell is the same pointer */
		if (n && seg[n - 1].cell == rd->rows[i].cell)
			seg[n - 1].nr++;
		else
			seg[n++] = (struct row_seg){ rd->rows[i].cell, i, 1 };
	}
	qsort(seg, n, sizeof(*seg), row_seg_cmp);
	for (i = 0; i < n; i++)
		for (j = 0; j < seg[i].nr; j++)
			ix[k++] = seg[i].first + j;
	free(seg);
	return ix;
}

/*
 * Every cell's rows: the run's row indices sorted by (cell, file order),
 * each cell a slice of it found by binary search. O(rows + stretches log
 * stretches) once.
 */
static int rows_index(struct report_ctx *ctx)
{
	size_t r, i;

	ctx->row_index = calloc(ctx->nr_runs ? ctx->nr_runs : 1, sizeof(*ctx->row_index));
	if (!ctx->row_index)
		return -ENOMEM;
	for (r = 0; r < ctx->nr_runs; r++) {
		ctx->row_index[r] = rows_sorted(ctx->runs[r]);
		if (!ctx->row_index[r])
			return -ENOMEM;
	}
	for (i = 0; i < ctx->nr_cells; i++) {
		struct report_cref *c = &ctx->cells[i];
		const struct report_rundata *rd = ctx->runs[c->run];
		const size_t *ix = ctx->row_index[c->run];
		size_t lo = 0, hi = rd->nr_rows, end;

		while (lo < hi) {	/* the first row whose cell is >= the name */
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(rd->rows[ix[mid]].cell, c->cell.name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (end = lo; end < rd->nr_rows && !strcmp(rd->rows[ix[end]].cell, c->cell.name);
		     end++)
			;
		c->rows = ix + lo;
		c->nr_rows = end - lo;
	}
	return 0;
}

/* by_group's order: group, series, sweep point or not, then the cell's index */
static int by_group_cmp(const void *a, const void *b, void *arg)
{
	const struct report_cref *cells = arg, *x = &cells[*(const size_t *)a],
				 *y = &cells[*(const size_t *)b];
	int c = strcmp(x->group, y->group);

	if (c)
		return c;
	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	if (!!x->sweep_knob != !!y->sweep_knob)
		return !!x->sweep_knob - !!y->sweep_knob;
	return (x > y) - (x < y);
}

/* ctx->by_group: report_ctx_find() by bisection, not a scan of every cell per lookup */
static int cells_by_group(struct report_ctx *ctx)
{
	size_t i;

	ctx->by_group = malloc((ctx->nr_cells ? ctx->nr_cells : 1) * sizeof(size_t));
	if (!ctx->by_group)
		return -ENOMEM;
	for (i = 0; i < ctx->nr_cells; i++)
		ctx->by_group[i] = i;
	qsort_r(ctx->by_group, ctx->nr_cells, sizeof(size_t), by_group_cmp, ctx->cells);
	return 0;
}

/*
 * The first position in by_group not before (group, series, sweep); series
 * SIZE_MAX: the first of the group whatever its series.
 */
static size_t by_group_lower(const struct report_ctx *ctx, const char *group, size_t series,
			     int sweep)
{
	size_t lo = 0, hi = ctx->nr_cells, mid;

	while (lo < hi) {
		const struct report_cref *c = &ctx->cells[ctx->by_group[mid = lo + (hi - lo) / 2]];
		int d = strcmp(c->group, group);

		if (!d && series != SIZE_MAX)
			d = c->series != series ? (c->series < series ? -1 : 1) :
			    !!c->sweep_knob - !!sweep;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
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

			/* rows come cell by cell: the previous row's cell is known */
			if (!*row->cell || (i && row->cell == rd->rows[i - 1].cell) ||
			    report_rundata_cell(rd, row->cell))
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
	ret = rows_index(ctx);
	if (ret)
		return ret;
	ret = sweeps_detect(ctx);
	if (ret)
		return ret;
	for (i = 0; i < ctx->nr_cells; i++) {
		ret = group_add(ctx, &ctx->cells[i]);
		if (ret)
			return ret;
	}
	ret = cells_by_group(ctx);
	if (ret)
		return ret;
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
	for (i = 0; ctx->row_index && i < ctx->nr_runs; i++)
		free(ctx->row_index[i]);
	free(ctx->row_index);
	report_plot_queue_release(&ctx->plots);
	free(ctx->series);
	free(ctx->cells);
	free(ctx->groups);
	free(ctx->by_group);
	str_pool_free(ctx->group_ids);
}

size_t report_ctx_values(const struct report_ctx *ctx, const struct report_cref *c,
			 const char *op, const char *metric, double **vals, const char **unit)
{
	const struct report_rundata *rd = ctx->runs[c->run];
	size_t i, n = 0;
	double *v = malloc((c->nr_rows ? c->nr_rows : 1) * sizeof(*v));

	*vals = v;
	if (unit)
		*unit = NULL;
	if (!v)
		return 0;
	for (i = 0; i < c->nr_rows; i++) {
		const struct report_row *r = &rd->rows[c->rows[i]];

		if (strcmp(r->op, op) || strcmp(r->metric, metric))
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

	for (i = 0; i < c->nr_rows; i++) {
		const struct report_row *r = &rd->rows[c->rows[i]];

		if (strcmp(r->op, op))
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
	size_t i, k, first = SIZE_MAX;

	/* the group's first cell in cell order */
	for (i = by_group_lower(ctx, group, SIZE_MAX, 0);
	     i < ctx->nr_cells && !strcmp(ctx->cells[ctx->by_group[i]].group, group); i++)
		if (ctx->by_group[i] < first)
			first = ctx->by_group[i];
	if (first == SIZE_MAX)
		return NULL;
	k = first;
	/* the group's params are the cell's but its sweep knob */
	if (ctx->cells[k].sweep_knob && !strcmp(ctx->cells[k].sweep_knob, key))
		return NULL;
	return report_params_get(&ctx->cells[k].param, key);
}

const struct report_cref *report_ctx_find(const struct report_ctx *ctx, const char *group,
					  size_t series, int sweep)
{
	size_t i = by_group_lower(ctx, group, series, sweep);
	const struct report_cref *c;

	if (i == ctx->nr_cells)
		return NULL;
	c = &ctx->cells[ctx->by_group[i]];
	return !strcmp(c->group, group) && c->series == series && !!c->sweep_knob == !!sweep ?
	       c : NULL;
}
