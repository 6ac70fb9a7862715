// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a run directory back: meta.json, results.jsonl, errors.jsonl and
 * the list of hist/<cell>/<op>.json files. Every error names the file, the
 * line and the field.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "reports.h"
#include "report_util.h"

static char *jstrdup(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return strdup(json_object_get_string(v));
}

static enum report_run_status status_parse(const char *s)
{
	if (s && !strcmp(s, "complete"))
		return REPORT_RUN_COMPLETE;
	if (s && !strcmp(s, "failed"))
		return REPORT_RUN_FAILED;
	/* "running" on disk means the writer died: incomplete */
	return REPORT_RUN_INCOMPLETE;
}

static int row_parse(struct json_object *o, struct report_row *r, const char **bad)
{
	static const char *const skeys[] = { "cell", "design", "workload", "op", "metric", "unit" };
	char **sdst[] = { &r->cell, &r->design, &r->workload, &r->op, &r->metric, &r->unit };
	struct json_object *v;
	size_t i;

	for (i = 0; i < 6; i++) {
		*sdst[i] = jstrdup(o, skeys[i]);
		if (!*sdst[i]) {
			*bad = skeys[i];
			return -EINVAL;
		}
	}
	if (!json_object_object_get_ex(o, "rep", &v) || !json_object_is_type(v, json_type_int)) {
		*bad = "rep";
		return -EINVAL;
	}
	r->rep = json_object_get_int(v);
	if (!json_object_object_get_ex(o, "value", &v) ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))) {
		*bad = "value";
		return -EINVAL;
	}
	r->value = json_object_get_double(v);
	if (!json_object_object_get_ex(o, "n", &v) || !json_object_is_type(v, json_type_int)) {
		*bad = "n";
		return -EINVAL;
	}
	r->n = json_object_get_uint64(v);
	return 0;
}

static void row_free(struct report_row *r)
{
	free(r->cell);
	free(r->design);
	free(r->workload);
	free(r->op);
	free(r->metric);
	free(r->unit);
}

static int rows_load(struct report_rundata *rd, char *err, size_t errlen)
{
	char path[PATH_MAX], *text, *line, *save = NULL;
	size_t cap = 0, lineno = 0;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/results.jsonl", rd->dir);
	text = report_file_read(path, NULL);
	if (!text) {
		ret = -errno;
		report_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	/* strtok_r would merge empty lines and lose line numbers: walk by hand */
	for (line = text; line && *line; line = save) {
		struct json_object *o;
		struct report_row *r;
		const char *bad = NULL;
		enum json_tokener_error jerr;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		if (!*line)
			continue;
		o = json_tokener_parse_verbose(line, &jerr);
		if (!o || !json_object_is_type(o, json_type_object)) {
			report_seterr(err, errlen, "%s:%zu: not a JSON object (%s)", path, lineno,
			       o ? "wrong type" : json_tokener_error_desc(jerr));
			json_object_put(o);
			ret = -EINVAL;
			break;
		}
		if (rd->nr_rows == cap) {
			cap = cap ? cap * 2 : 256;
			r = realloc(rd->rows, cap * sizeof(*r));
			if (!r) {
				json_object_put(o);
				ret = -ENOMEM;
				break;
			}
			rd->rows = r;
		}
		r = &rd->rows[rd->nr_rows];
		memset(r, 0, sizeof(*r));
		ret = row_parse(o, r, &bad);
		json_object_put(o);
		if (ret) {
			row_free(r);
			report_seterr(err, errlen, "%s:%zu: field '%s' missing or of the wrong type",
			       path, lineno, bad);
			break;
		}
		rd->nr_rows++;
		if (!strcmp(r->metric, "lost_events"))
			rd->lost_events += (uint64_t)r->value;
	}
	free(text);
	return ret;
}

static void errors_load(struct report_rundata *rd)
{
	char path[PATH_MAX], *text, *line, *save = NULL;

	snprintf(path, sizeof(path), "%s/errors.jsonl", rd->dir);
	text = report_file_read(path, NULL);
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct json_object *o = json_tokener_parse(line), *v;
		const char *cell = "", *msg = line;
		char **e, *s;
		int rep = -1;

		if (o && json_object_object_get_ex(o, "cell", &v) && v)
			cell = json_object_get_string(v);
		if (o && json_object_object_get_ex(o, "rep", &v))
			rep = json_object_get_int(v);
		if (o && json_object_object_get_ex(o, "message", &v))
			msg = json_object_get_string(v);
		e = realloc(rd->errors, (rd->nr_errors + 1) * sizeof(*e));
		if (!e) {
			json_object_put(o);
			break;
		}
		rd->errors = e;
		if ((*cell ? asprintf(&s, "%s rep %d: %s", cell, rep, msg) :
			     asprintf(&s, "run: %s", msg)) >= 0)
			rd->errors[rd->nr_errors++] = s;
		json_object_put(o);
	}
	free(text);
}

static int cells_load(struct report_rundata *rd)
{
	struct json_object *arr;
	size_t i, n;

	if (!json_object_object_get_ex(rd->meta, "cells", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return 0;
	n = json_object_array_length(arr);
	rd->cells = calloc(n ? n : 1, sizeof(*rd->cells));
	if (!rd->cells)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(arr, i);
		struct report_cell *dst = &rd->cells[rd->nr_cells];

		dst->name = jstrdup(c, "name");
		if (!dst->name)
			continue;
		dst->design = jstrdup(c, "design");
		dst->workload = jstrdup(c, "workload");
		dst->params = jstrdup(c, "params");
		rd->nr_cells++;
	}
	return 0;
}

static int hists_list(struct report_rundata *rd)
{
	char path[PATH_MAX];
	struct dirent *de, *fe;
	DIR *d, *cd;

	snprintf(path, sizeof(path), "%s/hist", rd->dir);
	d = opendir(path);
	if (!d)
		return 0;	/* a run without histograms (fio only) */
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/hist/%s", rd->dir, de->d_name);
		cd = opendir(path);
		if (!cd)
			continue;
		while ((fe = readdir(cd))) {
			size_t l = strlen(fe->d_name);
			struct report_hist_ref *h;

			if (fe->d_name[0] == '.' || l < 6 || strcmp(fe->d_name + l - 5, ".json"))
				continue;
			h = realloc(rd->hists, (rd->nr_hists + 1) * sizeof(*h));
			if (!h)
				break;
			rd->hists = h;
			h = &rd->hists[rd->nr_hists++];
			h->cell = strdup(de->d_name);
			h->op = strndup(fe->d_name, l - 5);
			if (asprintf(&h->path, "hist/%s/%s", de->d_name, fe->d_name) < 0)
				h->path = NULL;
		}
		closedir(cd);
	}
	closedir(d);
	return 0;
}

struct report_rundata *report_rundata_load(const char *dir, char *err, size_t errlen)
{
	struct report_rundata *rd;
	char path[PATH_MAX], *slash;
	int ret;

	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return NULL;
	rd->dir = strdup(dir);
	while (strlen(rd->dir) > 1 && rd->dir[strlen(rd->dir) - 1] == '/')
		rd->dir[strlen(rd->dir) - 1] = '\0';
	slash = strrchr(rd->dir, '/');
	rd->name = strdup(slash ? slash + 1 : rd->dir);
	snprintf(path, sizeof(path), "%s/meta.json", rd->dir);
	rd->meta = json_object_from_file(path);
	if (!rd->meta || !json_object_is_type(rd->meta, json_type_object)) {
		ret = errno ? -errno : -EINVAL;
		report_seterr(err, errlen, "%s: %s", path,
		       rd->meta ? "not a JSON object" : json_util_get_last_err());
		if (ret == -ENOENT || !ret)
			ret = -EINVAL;
		goto fail;
	}
	rd->status = status_parse(report_rundata_meta(rd, "status"));
	ret = cells_load(rd);
	if (!ret)
		ret = rows_load(rd, err, errlen);
	if (ret)
		goto fail;
	errors_load(rd);
	hists_list(rd);
	return rd;
fail:
	report_rundata_free(rd);
	errno = -ret;
	return NULL;
}

void report_rundata_free(struct report_rundata *rd)
{
	size_t i;

	if (!rd)
		return;
	for (i = 0; i < rd->nr_rows; i++)
		row_free(&rd->rows[i]);
	for (i = 0; i < rd->nr_cells; i++) {
		free(rd->cells[i].name);
		free(rd->cells[i].design);
		free(rd->cells[i].workload);
		free(rd->cells[i].params);
	}
	for (i = 0; i < rd->nr_hists; i++) {
		free(rd->hists[i].cell);
		free(rd->hists[i].op);
		free(rd->hists[i].path);
	}
	for (i = 0; i < rd->nr_errors; i++)
		free(rd->errors[i]);
	free(rd->errors);
	free(rd->rows);
	free(rd->cells);
	free(rd->hists);
	if (rd->meta)
		json_object_put(rd->meta);
	free(rd->dir);
	free(rd->name);
	free(rd);
}

const char *report_rundata_meta(const struct report_rundata *rd, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(rd->meta, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

const struct report_cell *report_rundata_cell(const struct report_rundata *rd, const char *name)
{
	size_t i;

	for (i = 0; i < rd->nr_cells; i++)
		if (!strcmp(rd->cells[i].name, name))
			return &rd->cells[i];
	return NULL;
}

struct json_object *report_rundata_hist_json(const struct report_rundata *rd, const char *cell,
					     const char *op)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/hist/%s/%s.json", rd->dir, cell, op);
	return json_object_from_file(path);
}
