// SPDX-License-Identifier: GPL-2.0
/* The matrix of cells: list keys x designs, plus sweep points. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "run.h"

/* [model] designs choices are HYPEV_DESIGN_CHOICES: enum model_design_id order. */

static void name_append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	for (; *s && n + 1 < len; s++, n++) {
		char c = *s;

		buf[n] = (isalnum((unsigned char)c) || strchr("._=,+-", c)) ? c : '-';
	}
	buf[n] = '\0';
}

/* Moves c (and its param list) into out, or returns an error and leaves it to the caller. */
static int cells_push(struct bench_cells *out, const struct bench_cell *c)
{
	struct bench_cell *n;
	unsigned int i;

	for (i = 0; i < out->nr; i++)
		if (!strcmp(out->cell[i].name, c->name))
			return -EEXIST;
	n = realloc(out->cell, (out->nr + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	out->cell = n;
	n[out->nr++] = *c;
	return 0;
}

/* One workload section's cells for one design and sweep point. */
static int cells_of_workload(const struct bench_section *wl, int design,
			     const struct bench_section *sweep, unsigned int sweep_idx,
			     struct bench_cells *out)
{
	const struct bench_workload_ops *ops = wl->ops;	/* the parser resolved the type */
	struct bench_cell c;
	unsigned int k;
	int ret;

	memset(&c, 0, sizeof(c));
	if (wl->nr_keys > ARRAY_SIZE(c.idx))
		return -E2BIG;
	if (!ops)
		return -EINVAL;
	for (;;) {
		memset(c.name, 0, sizeof(c.name));
		memset(&c.param, 0, sizeof(c.param));
		c.wl = wl;
		c.ops = ops;
		c.design = design;
		c.sweep = sweep;
		c.sweep_idx = sweep_idx;
		if (design >= 0) {
			name_append(c.name, sizeof(c.name), model_design_name(design));
			name_append(c.name, sizeof(c.name), ".");
		}
		name_append(c.name, sizeof(c.name), wl->name);
		for (k = 0, ret = 0; k < wl->nr_keys && !ret; k++) {
			const struct bench_val *v = &wl->vals[k];

			if (!wl->keys[k].list || !v->nr)
				continue;
			if (v->nr > 1) {
				name_append(c.name, sizeof(c.name), ".");
				name_append(c.name, sizeof(c.name), wl->keys[k].name);
				name_append(c.name, sizeof(c.name), "=");
				name_append(c.name, sizeof(c.name), v->str[c.idx[k]]);
			}
			ret = report_params_add(&c.param, wl->keys[k].name, v->str[c.idx[k]]);
		}
		if (!ret && sweep) {
			const struct bench_val *sv = bench_section_val(sweep, "values");
			/* neither is an error already said; the cells of the check still expand */
			const char *what = bench_section_str(sweep, "knob") ?:
					   bench_section_str(sweep, "path") ?: sweep->name;

			name_append(c.name, sizeof(c.name), ".");
			name_append(c.name, sizeof(c.name), sweep->name);
			name_append(c.name, sizeof(c.name), "=");
			name_append(c.name, sizeof(c.name), sv->str[sweep_idx]);
			ret = report_params_add(&c.param, what, sv->str[sweep_idx]);
		}
		/* the text is cut at sizeof(c.params) as it always was; the list is whole */
		if (!ret && report_params_format_buf(&c.param, c.params, sizeof(c.params)) == -ENOMEM)
			ret = -ENOMEM;
		if (!ret)
			ret = cells_push(out, &c);
		if (ret) {
			report_params_release(&c.param);
			return ret;
		}
		/* odometer over the list keys */
		for (k = 0; k < wl->nr_keys; k++) {
			if (!wl->keys[k].list || wl->vals[k].nr < 2)
				continue;
			if (++c.idx[k] < wl->vals[k].nr)
				break;
			c.idx[k] = 0;
		}
		if (k == wl->nr_keys)
			return 0;
	}
}

int bench_cells_expand(const struct bench_conf *conf, const char *only_sweep, bool no_sweeps,
		       struct bench_cells *out)
{
	const struct bench_val *designs = bench_section_val(&conf->model, "designs");
	bool hw = bench_section_num(&conf->target, "type") == 1;
	unsigned int w, d, s, v;
	int ret = 0;

	out->cell = NULL;
	out->nr = 0;
	if (!only_sweep) {
		for (d = 0; d < (hw ? 1 : designs->nr); d++)
			for (w = 0; w < conf->nr_workloads; w++) {
				if (!bench_section_num(&conf->workloads[w], "matrix"))
					continue;
				ret = cells_of_workload(&conf->workloads[w],
							hw ? -1 : (int)designs->num[d], NULL, 0, out);
				if (ret)
					goto err;
			}
	}
	for (s = 0; s < conf->nr_sweeps && !no_sweeps; s++) {
		const struct bench_section *sw = &conf->sweeps[s];
		const struct bench_val *vals = bench_section_val(sw, "values");
		const struct bench_val *wls = bench_section_val(sw, "workloads");
		const struct bench_val *sd = bench_section_val(sw, "designs");

		if (only_sweep && strcmp(sw->name, only_sweep))
			continue;
		if (!sd->nr)
			sd = designs;
		for (v = 0; v < vals->nr; v++)
			for (d = 0; d < (hw ? 1 : sd->nr); d++)
				for (w = 0; w < conf->nr_workloads; w++) {
					const struct bench_section *wl = &conf->workloads[w];
					unsigned int j;
					bool in = !wls->nr;

					for (j = 0; j < wls->nr; j++)
						in |= !strcmp(wls->str[j], wl->name);
					if (!in)
						continue;
					ret = cells_of_workload(wl, hw ? -1 : (int)sd->num[d], sw, v,
								out);
					if (ret)
						goto err;
				}
	}
	if (only_sweep && !bench_conf_sweep(conf, only_sweep)) {
		ret = -ENOENT;
		goto err;
	}
	return 0;
err:
	bench_cells_free(out);
	return ret;
}

void bench_cells_free(struct bench_cells *cells)
{
	unsigned int i;

	for (i = 0; i < cells->nr; i++)
		report_params_release(&cells->cell[i].param);
	free(cells->cell);
	cells->cell = NULL;
	cells->nr = 0;
}

static int key_index(const struct bench_section *s, const char *key)
{
	unsigned int k;

	for (k = 0; k < s->nr_keys; k++)
		if (!strcmp(s->keys[k].name, key))
			return k;
	return -1;
}

int64_t bench_cell_num(const struct bench_cell *cell, const char *key)
{
	int k = key_index(cell->wl, key);

	if (k < 0 || !cell->wl->vals[k].nr)
		return 0;
	return cell->wl->vals[k].num[cell->wl->keys[k].list ? cell->idx[k] : 0];
}

const char *bench_cell_str(const struct bench_cell *cell, const char *key)
{
	int k = key_index(cell->wl, key);

	if (k < 0 || !cell->wl->vals[k].nr)
		return NULL;
	return cell->wl->vals[k].str[cell->wl->keys[k].list ? cell->idx[k] : 0];
}

int64_t bench_cell_model_num(const struct bench_conf *conf, const struct bench_cell *cell,
			     const char *key)
{
	const char *knob = cell->sweep ? bench_section_str(cell->sweep, "knob") : NULL;

	if (knob && !strcmp(knob, key)) {
		const struct bench_val *sv = bench_section_val(cell->sweep, "values");
		/* the parser checked the values against the [model] key (conf.c) */
		return sv->num[cell->sweep_idx];
	}
	return bench_section_num(&conf->model, key);
}
