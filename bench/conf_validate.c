// SPDX-License-Identifier: GPL-2.0
/*
 * bench.conf checks across keys that the key tables cannot express: sweeps
 * against their knobs and workloads, required workload keys, and, for the
 * model target, what the model would refuse at run time, refused now.
 */
#include <limits.h>
#include <string.h>

#include "conf_int.h"
#include "run.h"
#include "workload.h"

/*
 * The simulated CPUs of a model cell run with [model] cpus (or a swept
 * cpus) CPUS: the model decides (0 = the profile's). FROM says where the
 * number comes from, for messages.
 */
static int model_cpus(const struct bench_conf *conf, int64_t cpus, unsigned int *nr_cpus,
		      char *from, size_t from_len, char *err, size_t err_len)
{
	const char *profile = bench_section_str(&conf->model, "profile");
	struct model_config cfg;

	model_config_init(&cfg);
	if (profile && *profile)
		cfg.profile = profile;
	cfg.nr_cpus = cpus;
	if (!cpus)
		snprintf(from, from_len, "profile %s", cfg.profile);
	return model_config_cpus(&cfg, nr_cpus, err, err_len);
}

static int sweep_has_workload(const struct bench_section *sw, const char *name)
{
	const struct bench_val *wls = bench_section_val(sw, "workloads");
	unsigned int i;

	for (i = 0; i < wls->nr; i++)
		if (!strcmp(wls->str[i], name))
			return 1;
	return !wls->nr;
}

/* Every value of workload S against the model's limits, at the fewest CPUs it runs on. */
static void workload_model_check(struct conf_parse *p, const struct bench_conf *conf,
				 const struct bench_section *s, unsigned int base_cpus,
				 const char *base_from)
{
	struct bench_model_limits lim = { 0 };
	char from[160] = "", sfrom[160], err[1024], why[256];
	unsigned int i, k, n;
	int line, next;

	if (bench_section_num(s, "matrix")) {
		lim.nr_cpus = base_cpus;
		snprintf(from, sizeof(from), "%s", base_from);
	}
	for (i = 0; i < conf->nr_sweeps; i++) {
		const struct bench_section *sw = &conf->sweeps[i];
		const char *knob = bench_section_str(sw, "knob");
		const struct bench_val *vals = bench_section_val(sw, "values");

		if (!sweep_has_workload(sw, s->name))
			continue;
		if (!knob || strcmp(knob, "cpus")) {
			if (!lim.nr_cpus || base_cpus < lim.nr_cpus) {
				lim.nr_cpus = base_cpus;
				snprintf(from, sizeof(from), "%s", base_from);
			}
			continue;
		}
		for (k = 0; k < vals->nr; k++) {
			snprintf(sfrom, sizeof(sfrom), "[sweep %s] cpus = %s, line %d", sw->name,
				 vals->str[k], vals->line);
			if (model_cpus(conf, vals->num[k], &n, sfrom, sizeof(sfrom), err, sizeof(err)))
				continue;	/* the profile's error is reported once, by the caller */
			if (!lim.nr_cpus || n < lim.nr_cpus) {
				lim.nr_cpus = n;
				snprintf(from, sizeof(from), "%s", sfrom);
			}
		}
	}
	if (!lim.nr_cpus) {	/* runs nowhere: check it as the matrix would run it */
		lim.nr_cpus = base_cpus;
		snprintf(from, sizeof(from), "%s", base_from);
	}
	lim.cpus_from = from;
	/* in line order (defaults first), as a reader goes through the file */
	for (line = 0;; line = next) {
		next = INT_MAX;
		for (k = 0; k < s->nr_keys; k++) {
			const struct bench_val *v = &s->vals[k];

			if (v->line > line && v->line < next)
				next = v->line;
			if (v->line != line)
				continue;
			for (i = 0; i < v->nr; i++)
				if (s->ops->model_check(v->key, v->str[i], v->num[i], &lim, why,
							sizeof(why)))
					conf_error(p, v->line, "[workload %s] %s: %s", s->name,
						   v->key->name, why);
		}
		if (next == INT_MAX)
			break;
	}
}

/* Is V as the table's default (or not set at all)? */
static bool val_is_default(const struct bench_val *v)
{
	char why[160];
	int64_t def;

	if (!v->line)
		return true;
	if (!v->key->def || bench_key_parse(v->key, v->key->def, &def, why, sizeof(why)))
		return false;
	return v->nr == 1 && v->num[0] == def;
}

/* Does the model read knob NAME in CELL? WHO gets which runs do. */
static bool cell_reads_knob(const struct bench_conf *conf, const struct bench_cell *cell,
			    const char *name, const char **who)
{
	struct model_config cfg;
	char err[512];

	if (bench_model_config_fill(conf, cell, &cfg, err, sizeof(err)))
		return true;	/* cannot tell: do not refuse */
	return model_knob_read(&cfg, name, NULL, who);
}

/*
 * A knob no cell reads (lazy with only paravirt and nested designs) would
 * be dropped without a word: refuse [model] values and sweeps of it.
 */
static void conf_validate_knobs(struct conf_parse *p, const struct bench_conf *conf)
{
	const char *who = "";
	struct bench_cells cells;
	unsigned int i, k;

	if (bench_cells_expand(conf, NULL, false, &cells))
		return;	/* what stops the expansion is reported already */
	for (k = 0; k < conf->model.nr_keys && cells.nr; k++) {
		const struct bench_val *v = &conf->model.vals[k];
		bool read[MODEL_NR_DESIGNS] = { false }, runs[MODEL_NR_DESIGNS] = { false };
		bool any = false;
		int d;

		if (val_is_default(v))
			continue;
		for (i = 0; i < cells.nr; i++) {
			const struct bench_cell *c = &cells.cell[i];
			const char *knob = c->sweep ? bench_section_str(c->sweep, "knob") : NULL;

			/* a sweep of this knob sets it itself */
			if ((knob && !strcmp(knob, v->key->name)) || c->design < 0 ||
			    c->design >= MODEL_NR_DESIGNS)
				continue;
			any = runs[c->design] = true;
			if (!read[c->design])
				read[c->design] = cell_reads_knob(conf, c, v->key->name, &who);
		}
		if (!any) {
			conf_error(p, v->line, "[model] %s: every cell runs a sweep of it: the value would be ignored",
				   v->key->name);
			continue;
		}
		for (d = 0; d < MODEL_NR_DESIGNS && !read[d]; d++)
			;
		if (d == MODEL_NR_DESIGNS) {
			conf_error(p, v->line, "[model] %s: read only by %s, and no cell runs it: the value would be ignored",
				   v->key->name, who);
			continue;
		}
		/* a design that runs cells but reads the knob in none would ignore it */
		for (d = 0; d < MODEL_NR_DESIGNS; d++)
			if (runs[d] && !read[d]) {
				conf_error(p, v->line, "[model] %s: read only by %s; the %s cells would ignore it: list only such designs in [model] designs, or set it in a [sweep] with designs = ...",
					   v->key->name, who, model_design_name(d));
				break;
			}
	}
	for (k = 0; k < conf->nr_sweeps; k++) {
		const struct bench_section *sw = &conf->sweeps[k];
		const struct bench_val *knob = bench_section_val(sw, "knob");
		bool read = false, any = false;

		if (!knob->nr)
			continue;
		for (i = 0; i < cells.nr && !read; i++)
			if (cells.cell[i].sweep == sw) {
				any = true;
				read = cell_reads_knob(conf, &cells.cell[i], knob->str[0], &who);
			}
		if (any && !read)
			conf_error(p, knob->line, "[sweep %s] knob: %s: read only by %s, and no cell of the sweep runs it: every point would be the same",
				   sw->name, knob->str[0], who);
	}
	bench_cells_free(&cells);
}

/* Model target: what the model would refuse at run time, refused now. */
static void conf_validate_model(struct conf_parse *p, const struct bench_conf *conf)
{
	const struct bench_val *cpus = bench_section_val(&conf->model, "cpus");
	char from[160], err[1024];
	unsigned int i, n;

	/* an empty "cpus =" is already an error of its line: nothing to check against */
	if (!cpus->nr)
		return;
	snprintf(from, sizeof(from), "[model] cpus = %s, line %d", cpus->str[0], cpus->line);
	if (model_cpus(conf, cpus->num[0], &n, from, sizeof(from), err, sizeof(err))) {
		conf_error(p, bench_section_val(&conf->model, "profile")->line, "[model] profile: %s",
			   err);
		return;
	}
	for (i = 0; i < conf->nr_workloads; i++)
		if (conf->workloads[i].ops && conf->workloads[i].ops->model_check)
			workload_model_check(p, conf, &conf->workloads[i], n, from);
	conf_validate_knobs(p, conf);
}

/* Cross-key checks that the key tables cannot express. */
void conf_validate(struct conf_parse *p, struct bench_conf *conf)
{
	unsigned int i, j, k;

	for (i = 0; i < conf->nr_sweeps; i++) {
		struct bench_section *s = &conf->sweeps[i];
		const struct bench_val *knob = conf_section_find(s, "knob");
		const struct bench_val *path = conf_section_find(s, "path");
		const struct bench_val *values = conf_section_find(s, "values");
		const struct bench_val *wls = conf_section_find(s, "workloads");

		if (!!knob->nr == !!path->nr)
			conf_error(p, s->line, "[sweep %s]: set exactly one of 'knob' (model) or 'path' (hw)",
				   s->name);
		if (!values->nr && !values->line)	/* an empty one was reported at its line */
			conf_error(p, s->line, "[sweep %s] values: missing; list the values to sweep",
				   s->name);
		if (knob->nr) {
			struct bench_val *mk = conf_section_find(&conf->model, knob->str[0]);
			struct bench_val *vals = conf_section_find(s, "values");

			if (!mk || mk->key->list || mk->key->type == BENCH_KEY_STR) {
				conf_error(p, knob->line, "[sweep %s] knob: '%s' is not a model knob; use one of cmds_per_sync, ril, lazy, fq_size, fq_timeout_ns, map_sg, cons_polls, nested_drain, el2_wait, iotlb_entries, cpus, seed",
					   s->name, knob->str[0]);
			} else {
				/* sweep values take the knob's type: parse them with its key */
				for (j = 0; j < vals->nr; j++) {
					char why[160];

					if (bench_key_parse(mk->key, vals->str[j], &vals->num[j], why,
							    sizeof(why)))
						conf_error(p, vals->line, "[sweep %s] values: %s: %s",
							   s->name, mk->key->name, why);
				}
			}
		}
		for (j = 0; j < wls->nr; j++)
			if (!bench_conf_workload(conf, wls->str[j]))
				conf_error(p, wls->line, "[sweep %s] workloads: no [workload %s]",
					   s->name, wls->str[j]);
	}
	for (i = 0; i < conf->nr_workloads; i++) {
		struct bench_section *s = &conf->workloads[i];

		for (k = 0; k < s->nr_keys; k++)
			if (!s->keys[k].def && !s->keys[k].list && !s->vals[k].nr &&
			    s->keys[k].type != BENCH_KEY_STR)
				conf_error(p, s->line, "[workload %s] %s: missing (required)",
					   s->name, s->keys[k].name);
	}
	if (bench_section_num(&conf->target, "type") == 0)	/* model */
		conf_validate_model(p, conf);
}
