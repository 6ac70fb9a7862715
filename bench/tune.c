// SPDX-License-Identifier: GPL-2.0
/*
 * The tuner (tune.h): for each cell of the workload (a design and one value
 * of each list key), evaluate policies on the model with the oracle on,
 * `repeat` seeds each, store every figure in a normal run directory, then
 * mark the Pareto front and pick the fastest safe policies.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "model.h"
#include "reports.h"
#include "run.h"
#include "tune.h"

#define NO_IDX	0xff	/* the bench.conf policy: no knob overridden */

struct tuner {
	const struct bench_conf *conf;
	const struct bench_tune_opts *o;
	struct bench_tune_result *r;
	struct report_run *run;
	struct bench_progress prog;
	int repeat;
	unsigned int cap_pt;
};

void bench_tune_opts_init(struct bench_tune_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->repeat = -1;
}

void bench_tune_result_free(struct bench_tune_result *res)
{
	if (!res)
		return;
	free(res->pt);
	free(res->grp);
	free(res);
}

static double pct(const struct model_samples *s, double p)
{
	double *v, out;
	size_t i;

	if (!s->nr)
		return NAN;
	v = malloc(s->nr * sizeof(*v));
	if (!v)
		return NAN;
	for (i = 0; i < s->nr; i++)
		v[i] = s->dur_ns[i];
	out = report_stats_percentile(v, s->nr, p);
	free(v);
	return out;
}

static int row(struct tuner *t, const char *cell, int rep, const char *op, const char *metric,
	       const char *unit, double v)
{
	struct report_metric m = { .cell = cell, .rep = rep, .op = op, .metric = metric,
				   .unit = unit, .value = v };

	return report_run_metric_add(t->run, &m);
}

/* One repetition's figures into the point and the run directory. */
static int point_record(struct tuner *t, struct bench_tune_point *p, bool block, int rep,
			const struct model_results *res)
{
	const struct model_samples *s = &res->samples[block ? MODEL_OP_IO : MODEL_OP_UNMAP];
	const char *op = block ? "io" : "unmap";
	uint64_t per = block ? res->ios : res->counts.unmap_calls, cpu = 0;
	unsigned int i, k = p->nrep++;
	int ret;

	for (i = 0; i < MODEL_NR_CPU_PARTS; i++)
		cpu += res->cpu_ns[i];
	p->p50[k] = pct(s, 50);
	p->p99[k] = pct(s, 99);
	p->cpu[k] = per ? (double)cpu / per : NAN;
	p->syncs[k] = res->counts.unmap_calls ?
		      (double)res->counts.syncs / res->counts.unmap_calls : NAN;
	p->wmax[k] = res->oracle.window_max_ns;
	p->exposed[k] = res->oracle.exposed_bytes;
	p->safe &= model_results_safe(res);
	p->deferred = res->oracle.deferred;
	ret = row(t, p->cell, rep, op, "p50", "ns", p->p50[k]);
	ret = ret ?: row(t, p->cell, rep, op, "p99", "ns", p->p99[k]);
	ret = ret ?: row(t, p->cell, rep, op, "mean", "ns",
			 s->nr ? (double)res->ops[block ? MODEL_OP_IO : MODEL_OP_UNMAP].sum_ns /
				 res->ops[block ? MODEL_OP_IO : MODEL_OP_UNMAP].count : NAN);
	ret = ret ?: row(t, p->cell, rep, "cpu", "ns_per_io", "ns", p->cpu[k]);
	ret = ret ?: row(t, p->cell, rep, "unmap", "syncs_per_unmap", "count", p->syncs[k]);
	ret = ret ?: row(t, p->cell, rep, "model", "tlbi", "count", res->counts.tlbi);
	ret = ret ?: row(t, p->cell, rep, "model", "syncs", "count", res->counts.syncs);
	ret = ret ?: row(t, p->cell, rep, "oracle", "window_max", "ns", p->wmax[k]);
	ret = ret ?: row(t, p->cell, rep, "oracle", "window_p99", "ns", res->oracle.window_p99_ns);
	ret = ret ?: row(t, p->cell, rep, "oracle", "exposed", "bytes", p->exposed[k]);
	ret = ret ?: row(t, p->cell, rep, "oracle", "safe", "bool", model_results_safe(res));
	if (!ret && !model_results_safe(res))
		ret = report_run_error_add(t->run, p->cell, rep, "UNSAFE: %s", res->stale_report);
	return ret;
}

static void point_centres(struct bench_tune_point *p)
{
	p->c_p50 = report_stats_center("ns", p->p50, p->nrep);
	p->c_p99 = report_stats_center("ns", p->p99, p->nrep);
	p->c_cpu = report_stats_center("ns", p->cpu, p->nrep);
	p->c_syncs = report_stats_center("count", p->syncs, p->nrep);
	p->c_wmax = report_stats_center("ns", p->wmax, p->nrep);
	p->c_exposed = report_stats_center("bytes", p->exposed, p->nrep);
}

/* The config of point IDX of group G's cell (NO_IDX everywhere: bench.conf's). */
static int point_config(struct tuner *t, const struct bench_cell *cell,
			const unsigned char *idx, struct model_config *cfg, char *policy,
			size_t len)
{
	unsigned int nd, d;
	const struct bench_tune_dim *dims = bench_tune_dims(cell->design, &nd);
	char err[512];
	size_t off = 0;

	if (bench_model_config_fill(t->conf, cell, cfg, err, sizeof(err))) {
		fprintf(stderr, "smmubench tune: %s: %s\n", cell->name, err);
		return -EINVAL;
	}
	cfg->events = false;
	cfg->out_dir = NULL;
	cfg->oracle = true;
	cfg->keep_samples = true;
	policy[0] = 0;
	for (d = 0; d < nd; d++)
		if (idx[d] != NO_IDX)
			bench_tune_dim_apply(&dims[d], idx[d], cfg);
	/* a knob the policy leaves unread (fq_size when strict) is not part of it */
	for (d = 0; d < nd; d++) {
		if (idx[d] == NO_IDX)
			continue;
		if (!model_knob_read(cfg, dims[d].key, NULL, NULL)) {
			if (idx[d])
				return -EEXIST;	/* the same policy as value 0 */
			continue;
		}
		off += snprintf(policy + off, off < len ? len - off : 0, "%s%s=%s", off ? " " : "",
				dims[d].key, dims[d].text[idx[d]]);
	}
	if (!policy[0])
		snprintf(policy, len, "bench.conf");
	return 0;
}

/* Evaluate point IDX of group G (an existing one is returned). The point index or -errno. */
static int point_eval(struct tuner *t, unsigned int g, const struct bench_cell *cell,
		      const unsigned char *idx)
{
	struct bench_tune_result *r = t->r;
	struct bench_tune_point *p;
	struct model_config cfg;
	char policy[192], err[512];
	unsigned int i;
	int rep, ret;

	for (i = r->grp[g].def >= 0 ? (unsigned int)r->grp[g].def : r->nr_pt; i < r->nr_pt; i++)
		if (r->pt[i].group == g && !memcmp(r->pt[i].idx, idx, BENCH_TUNE_MAX_DIMS))
			return i;
	ret = point_config(t, cell, idx, &cfg, policy, sizeof(policy));
	if (ret)
		return ret;
	if (r->nr_pt == t->cap_pt) {
		unsigned int cap = t->cap_pt ? t->cap_pt * 2 : 64;
		struct bench_tune_point *n = realloc(r->pt, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		r->pt = n;
		t->cap_pt = cap;
	}
	p = &r->pt[r->nr_pt];
	memset(p, 0, sizeof(*p));
	p->group = g;
	memcpy(p->idx, idx, BENCH_TUNE_MAX_DIMS);
	p->safe = true;
	snprintf(p->policy, sizeof(p->policy), "%s", policy);
	snprintf(p->cell, sizeof(p->cell), "%s.p%u", cell->name, r->nr_pt);
	ret = report_run_cell_add(t->run, p->cell, model_design_name(cell->design), cell->ops->name,
				  policy);
	for (rep = 0; rep < t->repeat && !ret; rep++) {
		struct model_results res;

		if (!t->o->quiet) {
			char line[256];

			bench_progress_format(&t->prog, t->prog.runs_done / t->repeat, rep, t->repeat,
					      bench_now_ns(), line, sizeof(line));
			fprintf(stderr, "\r\033[Ktune: %s  %s  %s", line, cell->name, policy);
		}
		cfg.seed = bench_cell_model_num(t->conf, cell, "seed") + rep;
		ret = model_run(&cfg, &res, err, sizeof(err));
		if (ret)
			fprintf(stderr, "\nsmmubench tune: %s %s: %s\n", cell->name, policy, err);
		else
			ret = point_record(t, p, r->grp[g].block, rep, &res);
		model_results_free(&res);
		t->prog.runs_done++;
	}
	if (ret)
		return ret;
	point_centres(p);
	return r->nr_pt++;
}

/* Lower p50 wins among strict-safe points; NAN-free. */
static double objective(const struct bench_tune_point *p)
{
	return p->safe && !p->deferred && !isnan(p->c_p50) ? p->c_p50 : INFINITY;
}

/* Every point of the grid (odometer over the knobs' values). */
static int group_grid(struct tuner *t, unsigned int g, const struct bench_cell *cell,
		      unsigned int nd, const struct bench_tune_dim *dims)
{
	unsigned char idx[BENCH_TUNE_MAX_DIMS];
	unsigned int d;
	int ret;

	memset(idx, NO_IDX, sizeof(idx));
	for (d = 0; d < nd; d++)
		idx[d] = 0;
	for (;;) {
		ret = point_eval(t, g, cell, idx);
		if (ret < 0 && ret != -EEXIST)
			return ret;
		for (d = 0; d < nd && ++idx[d] == dims[d].nr; d++)
			idx[d] = 0;
		if (d == nd)
			return 0;
	}
}

/*
 * Coordinate descent: from the kernel defaults, try every value of one
 * knob with the others fixed, keep the best, next knob; rounds until a
 * round changes nothing or the budget is spent.
 */
static int group_descent(struct tuner *t, unsigned int g, const struct bench_cell *cell,
			 unsigned int nd, const struct bench_tune_dim *dims)
{
	unsigned char cur[BENCH_TUNE_MAX_DIMS];
	unsigned int d, v, first = t->r->nr_pt;
	bool moved = true;
	int best, ret;

	memset(cur, NO_IDX, sizeof(cur));
	for (d = 0; d < nd; d++)
		cur[d] = 0;
	best = point_eval(t, g, cell, cur);
	if (best < 0)
		return best;
	while (moved && t->r->nr_pt - first < t->o->budget) {
		moved = false;
		for (d = 0; d < nd && t->r->nr_pt - first < t->o->budget; d++) {
			unsigned char keep = cur[d];

			for (v = 0; v < dims[d].nr && t->r->nr_pt - first < t->o->budget; v++) {
				if (v == keep)
					continue;
				cur[d] = v;
				ret = point_eval(t, g, cell, cur);
				if (ret == -EEXIST)
					continue;
				if (ret < 0)
					return ret;
				if (objective(&t->r->pt[ret]) < objective(&t->r->pt[best])) {
					best = ret;
					keep = v;
					moved = true;
				}
			}
			cur[d] = keep;
		}
	}
	return 0;
}

/* Does A dominate B (no worse everywhere, better somewhere)? */
static bool dominates(const struct bench_tune_point *a, const struct bench_tune_point *b)
{
	const double av[] = { a->c_p50, a->c_p99, a->c_cpu, a->c_syncs, a->c_wmax };
	const double bv[] = { b->c_p50, b->c_p99, b->c_cpu, b->c_syncs, b->c_wmax };
	bool better = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(av); i++) {
		if (av[i] > bv[i])
			return false;
		better |= av[i] < bv[i];
	}
	return better;
}

/* bench.conf's p50 over point B's (ratio of medians) and its bootstrap 95% interval. */
static void gain(const struct bench_tune_result *r, int def, int b, double *g, double *lo,
		 double *hi)
{
	struct report_verdict v;

	*g = *lo = *hi = NAN;
	if (def < 0 || b < 0)
		return;
	if (!report_verdict("ns", r->pt[def].p50, r->pt[def].nrep, r->pt[b].p50, r->pt[b].nrep, 0,
			    &v) && v.ratio > 0) {
		*g = 1 / v.ratio;
		*lo = v.ci_hi > 0 ? 1 / v.ci_hi : NAN;
		*hi = v.ci_lo > 0 ? 1 / v.ci_lo : NAN;
	}
}

/* The Pareto front of the safe points, the picks and the gain of group G. */
static void group_analyse(struct bench_tune_result *r, unsigned int g)
{
	struct bench_tune_group *gr = &r->grp[g];
	unsigned int i, j;

	gr->best_safe = gr->best_window = gr->best_noril = -1;
	for (i = 0; i < r->nr_pt; i++) {
		struct bench_tune_point *p = &r->pt[i];

		if (p->group != g || !p->safe)
			continue;
		p->pareto = true;
		for (j = 0; j < r->nr_pt && p->pareto; j++)
			if (j != i && r->pt[j].group == g && r->pt[j].safe && dominates(&r->pt[j], p))
				p->pareto = false;
		if (!p->deferred && (gr->best_safe < 0 || p->c_p50 < r->pt[gr->best_safe].c_p50))
			gr->best_safe = i;
		/* ril is every design's first knob: range invalidation is hardware (IDR3.RIL) */
		if (!p->deferred && p->idx[0] == 0 &&
		    (gr->best_noril < 0 || p->c_p50 < r->pt[gr->best_noril].c_p50))
			gr->best_noril = i;
		if ((!r->max_window_ns || p->c_wmax <= r->max_window_ns) &&
		    (gr->best_window < 0 || p->c_p50 < r->pt[gr->best_window].c_p50))
			gr->best_window = i;
	}
	gain(r, gr->def, gr->best_safe, &gr->gain, &gr->gain_lo, &gr->gain_hi);
	gain(r, gr->def, gr->best_noril, &gr->gain_nr, &gr->gain_nr_lo, &gr->gain_nr_hi);
}

/* The run directory of the tune: a normal one, its cells the policies. */
static int tune_run_create(struct tuner *t, const char *designs)
{
	const struct bench_conf *conf = t->conf;
	const char *profile = bench_section_str(&conf->model, "profile");
	struct report_run_info info = { 0 };
	char label[160];

	snprintf(label, sizeof(label), "tune-%s", t->o->workload);
	info.label = t->o->label ?: label;
	info.target = "model";
	info.designs = designs;
	info.profile = profile[0] ? profile : "morello";
	info.conf_path = conf->path;
	info.conf_text = conf->text;
	t->run = report_run_create(t->o->results ?: bench_section_str(&conf->global, "results"),
				   &info);
	if (!t->run) {
		int ret = errno ? -errno : -EIO;

		fprintf(stderr, "smmubench tune: creating the run directory: %s\n", strerror(-ret));
		return ret;
	}
	report_run_meta_set(t->run, "tune_workload", t->o->workload);
	return 0;
}

/* The workload's cells on the model (no sweeps) become the groups. */
static int tune_groups(struct tuner *t, struct bench_cells *cells, char *designs, size_t len)
{
	struct bench_tune_result *r = t->r;
	unsigned int i, k = 0;
	int ret = bench_cells_expand(t->conf, NULL, true, cells);

	if (ret) {
		fprintf(stderr, "smmubench tune: expanding the cells of %s: %s\n", t->conf->path,
			strerror(-ret));
		return ret;
	}
	r->grp = calloc(cells->nr ? cells->nr : 1, sizeof(*r->grp));
	if (!r->grp)
		return -ENOMEM;
	designs[0] = 0;
	for (i = 0; i < cells->nr; i++) {
		const struct bench_cell *c = &cells->cell[i];
		struct bench_tune_group *g;

		if (strcmp(c->wl->name, t->o->workload) || c->design < 0)
			continue;
		g = &r->grp[r->nr_grp++];
		snprintf(g->name, sizeof(g->name), "%s", c->name);
		snprintf(g->params, sizeof(g->params), "%s", c->params);
		g->design = c->design;
		g->block = !strcmp(c->ops->name, "fio");
		g->def = -1;
		if (!strstr(designs, model_design_name(c->design)))
			k += snprintf(designs + k, k < len ? len - k : 0, "%s%s", k ? "," : "",
				      model_design_name(c->design));
	}
	if (!r->nr_grp) {
		fprintf(stderr, "smmubench tune: %s has no [workload %s] (or no design runs it)\n",
			t->conf->path, t->o->workload);
		return -ENOENT;
	}
	return 0;
}

/* Group G: bench.conf's policy, then the grid or the descent. */
static int tune_group(struct tuner *t, unsigned int g, const struct bench_cell *cell)
{
	struct bench_tune_group *gr = &t->r->grp[g];
	unsigned char none[BENCH_TUNE_MAX_DIMS];
	unsigned int nd, d;
	const struct bench_tune_dim *dims = bench_tune_dims(cell->design, &nd);
	int ret;

	memset(none, NO_IDX, sizeof(none));
	ret = point_eval(t, g, cell, none);
	if (ret < 0)
		return ret;
	gr->def = ret;
	t->r->pt[ret].is_default = true;
	for (gr->grid = 1, d = 0; d < nd; d++)
		gr->grid *= dims[d].nr;
	gr->descent = t->o->budget && gr->grid > t->o->budget;
	ret = gr->descent ? group_descent(t, g, cell, nd, dims) :
			    group_grid(t, g, cell, nd, dims);
	if (!ret)
		group_analyse(t->r, g);
	return ret;
}

int bench_tune_run(const struct bench_conf *conf, const struct bench_tune_opts *o,
		   struct bench_tune_result **res)
{
	struct tuner t = { .conf = conf, .o = o };
	struct bench_cells cells = { 0 };
	char designs[128], path[4200];
	unsigned int g, i, est = 0;
	int ret;

	*res = NULL;
	if (strcmp(bench_section_str(&conf->target, "type"), "model")) {
		fprintf(stderr, "smmubench tune: %s: [target] type is not model: on hw each boot-time knob value needs a boot; run one boot per value (the settings are printed for the model's pick)\n",
			conf->path);
		return -EINVAL;
	}
	t.r = calloc(1, sizeof(*t.r));
	if (!t.r)
		return -ENOMEM;
	snprintf(t.r->workload, sizeof(t.r->workload), "%s", o->workload);
	t.r->max_window_ns = o->max_window_ns;
	t.repeat = o->repeat > 0 ? o->repeat : bench_section_num(&conf->global, "repeat");
	if (t.repeat > BENCH_TUNE_MAX_REPS)
		t.repeat = BENCH_TUNE_MAX_REPS;
	ret = tune_groups(&t, &cells, designs, sizeof(designs));
	ret = ret ?: tune_run_create(&t, designs);
	if (ret)
		goto out;
	for (g = 0; g < t.r->nr_grp; g++) {
		unsigned int nd, d, n = 1;

		bench_tune_dims(t.r->grp[g].design, &nd);
		for (d = 0; d < nd; d++)
			n *= bench_tune_dims(t.r->grp[g].design, &nd)[d].nr;
		est += 1 + (o->budget && n > o->budget ? o->budget : n);
	}
	bench_progress_init(&t.prog, est, t.repeat);
	for (g = 0, i = 0; g < t.r->nr_grp && !ret; g++) {
		while (strcmp(cells.cell[i].name, t.r->grp[g].name))
			i++;
		ret = tune_group(&t, g, &cells.cell[i]);
	}
	if (!o->quiet)
		fprintf(stderr, "\r\033[K");
	/* tune.json goes in before the run is finished: run directories are never rewritten */
	if (!ret && !fmt_buf(path, sizeof(path), "%s/tune.json", report_run_dir(t.run))) {
		FILE *f = fopen(path, "w");

		if (!f || bench_tune_json_write(t.r, f))
			fprintf(stderr, "smmubench tune: writing %s failed\n", path);
		if (f)
			fclose(f);
	}
	if (report_run_finish(t.run, ret ? REPORT_RUN_FAILED : REPORT_RUN_COMPLETE) && !ret)
		ret = -EIO;
	snprintf(t.r->run_dir, sizeof(t.r->run_dir), "%s", report_run_dir(t.run));
	report_run_free(t.run);
	t.run = NULL;
out:
	if (t.run) {
		report_run_finish(t.run, REPORT_RUN_FAILED);
		report_run_free(t.run);
	}
	bench_cells_free(&cells);
	if (ret) {
		bench_tune_result_free(t.r);
		return ret;
	}
	*res = t.r;
	return 0;
}
