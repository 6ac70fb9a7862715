// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a run directory back: meta.json, results.jsonl, errors.jsonl and
 * the list of hist/<cell>/<op>.json files. Every error names the file, the
 * line and the field.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "common.h"
#include "reports.h"
#include "units.h"
#include "row_read.h"

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

/* A left-out row or file, named so that every reader can show it. */
static __attribute__((format(printf, 2, 3)))
void rundata_warn(struct report_rundata *rd, const char *fmt, ...)
{
	char **w, *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	w = realloc(rd->warnings, (rd->nr_warnings + 1) * sizeof(*w));
	if (!w) {
		free(s);
		return;
	}
	rd->warnings = w;
	w[rd->nr_warnings++] = s;
}

/* 1-based line of byte offset off in text */
static size_t text_line(const char *text, size_t off)
{
	size_t line = 1, i;

	for (i = 0; i < off && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/*
 * Parse a whole file as one JSON value; on error *line is where the parser
 * stopped and *why says what it found.
 */
static struct json_object *json_text_parse(const char *text, size_t len, size_t *line,
					   const char **why)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	enum json_tokener_error jerr;

	if (!tok) {
		*why = "out of memory";
		*line = 0;
		return NULL;
	}
	o = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!o && jerr == json_tokener_continue)
		jerr = json_tokener_error_parse_eof;
	*why = json_tokener_error_desc(jerr);
	*line = text_line(text, o ? 0 : json_tokener_get_parse_end(tok));
	json_tokener_free(tok);
	return o;
}

/* A row's slot at the end of rd->rows; NULL when out of memory. */
static struct report_row *row_slot(struct report_rundata *rd, size_t *cap)
{
	struct report_row *r;

	if (rd->nr_rows == *cap) {
		size_t n = *cap ? *cap * 2 : 256;

		r = realloc(rd->rows, n * sizeof(*r));
		if (!r)
			return NULL;
		rd->rows = r;
		*cap = n;
	}
	r = &rd->rows[rd->nr_rows];
	memset(r, 0, sizeof(*r));
	return r;
}

/* The loader's state over one results.jsonl. */
struct rows_reader {
	struct json_tokener *tok;
	const char *path;
	size_t lineno, cap;
	const char *last[ROW_NR_STRINGS];	/* the last row's strings (report_row_read()) */
};

/* One line into a row; 0, -ENOMEM, or another -errno with the line left out and named. */
static int row_line(struct report_rundata *rd, struct rows_reader *rr, char *line, size_t len)
{
	struct report_row *r;
	const char *bad = NULL;
	int eol = len && line[len - 1] == '\n', ret;

	if (eol)
		line[--len] = '\0';
	if (!len)
		return 0;
	r = row_slot(rd, &rr->cap);
	ret = r ? report_row_read(line, rr->tok, rd->strings, rr->last, r, &bad) : -ENOMEM;
	if (ret == -ENOMEM)
		return ret;
	if (ret == -EBADMSG) {
		rundata_warn(rd, "%s:%zu: not a JSON object (%s)%s: row dropped", rr->path,
			     rr->lineno, bad, eol ? "" : ", the file ends mid-line");
		return -EINVAL;
	}
	/* rows come cell by cell: the previous row's cell is declared */
	if (!ret && *r->cell && !(rd->nr_rows && rd->rows[rd->nr_rows - 1].cell == r->cell) &&
	    !report_rundata_cell(rd, r->cell)) {
		rundata_warn(rd, "%s:%zu: cell '%s' is not declared in meta.json: row dropped",
			     rr->path, rr->lineno, r->cell);
		ret = -ENOENT;
	} else if (ret) {
		rundata_warn(rd, "%s:%zu: field '%s' %s: row dropped", rr->path, rr->lineno, bad,
			     ret == -ERANGE ? "out of range (NaN, infinite, negative or too large)" :
			     "missing or of the wrong type");
	}
	if (ret)
		return ret;
	rd->nr_rows++;
	if (!strcmp(r->metric, "lost_events"))
		rd->lost_events += (uint64_t)r->value;
	return 0;
}

/*
 * One row per line, read a line at a time (memory: the rows, not the
 * file). A bad line (a writer killed mid-line, a hand edit) is left out
 * and named; the lines around it are still read.
 */
static int rows_load(struct report_rundata *rd, char *err, size_t errlen)
{
	char path[PATH_MAX], *line = NULL;
	struct rows_reader rr = { .tok = json_tokener_new(), .path = path };
	size_t linecap = 0;
	ssize_t len;
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/results.jsonl", rd->dir);
	rd->strings = str_pool_new();
	f = fopen(path, "r");
	if (!f || !rr.tok || !rd->strings) {
		ret = f ? -ENOMEM : -errno;
		fmt_err(err, errlen, "%s: %s", path, strerror(-ret));
		goto out;
	}
	while ((len = getline(&line, &linecap, f)) >= 0) {
		rr.lineno++;
		ret = row_line(rd, &rr, line, (size_t)len);
		if (ret == -ENOMEM) {
			fmt_err(err, errlen, "%s:%zu: %s", path, rr.lineno, strerror(ENOMEM));
			break;
		}
		if (ret)
			rd->nr_rows_dropped++;
		ret = 0;
	}
	if (!ret && ferror(f)) {
		ret = -EIO;
		fmt_err(err, errlen, "%s: read error", path);
	}
out:
	free(line);
	if (f)
		fclose(f);
	if (rr.tok)
		json_tokener_free(rr.tok);
	return ret;
}

static void errors_load(struct report_rundata *rd)
{
	char path[PATH_MAX], *text, *line, *save = NULL;

	snprintf(path, sizeof(path), "%s/errors.jsonl", rd->dir);
	text = file_read_text(path, NULL);
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

/* cell indexes by name, then by index: a name declared twice finds its first */
static int cell_order_cmp(const void *a, const void *b, void *arg)
{
	const struct report_cell *cells = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(cells[x].name, cells[y].name);

	return c ? c : (x > y) - (x < y);
}

/* rd->cells_by_name: report_rundata_cell() in log(cells), not a scan per lookup */
static int cells_index(struct report_rundata *rd)
{
	size_t i;

	rd->cells_by_name = malloc((rd->nr_cells ? rd->nr_cells : 1) * sizeof(size_t));
	if (!rd->cells_by_name)
		return -ENOMEM;
	for (i = 0; i < rd->nr_cells; i++)
		rd->cells_by_name[i] = i;
	qsort_r(rd->cells_by_name, rd->nr_cells, sizeof(size_t), cell_order_cmp, rd->cells);
	return 0;
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
	return cells_index(rd);
}

/*
 * A histogram the report cannot read is left out, never silently: its file
 * is named, with the line where it stops being JSON. 0 when usable.
 */
static int hist_check(struct report_rundata *rd, const char *cell, const char *file)
{
	char path[PATH_MAX], *text;
	struct json_object *o, *v;
	const char *why = NULL;
	size_t len, line = 0;
	int ok;

	snprintf(path, sizeof(path), "%s/hist/%s/%s", rd->dir, cell, file);
	text = file_read_text(path, &len);
	if (!text) {
		rundata_warn(rd, "%s: %s: histogram not used", path, strerror(errno));
		return -EIO;
	}
	o = json_text_parse(text, len, &line, &why);
	free(text);
	if (!o) {
		rundata_warn(rd, "%s:%zu: not JSON (%s): histogram not used", path, line, why);
		return -EINVAL;
	}
	ok = json_object_is_type(o, json_type_object) &&
	     json_object_object_get_ex(o, "count", &v) && json_object_is_type(v, json_type_int) &&
	     json_object_get_int64(v) >= 0 &&
	     json_object_object_get_ex(o, "buckets", &v) && json_object_is_type(v, json_type_array);
	json_object_put(o);
	if (!ok) {
		rundata_warn(rd, "%s: not a histogram (an object with 'count' and 'buckets'): "
			     "histogram not used", path);
		return -EINVAL;
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
			if (hist_check(rd, de->d_name, fe->d_name))
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

/* meta.json, refused when it is not of a format this reader knows */
static int meta_load(struct report_rundata *rd, char *err, size_t errlen)
{
	char path[PATH_MAX], *text, *at;
	struct json_object *v;
	const char *why = NULL;
	size_t len, line = 0;

	snprintf(path, sizeof(path), "%s/meta.json", rd->dir);
	text = file_read_text(path, &len);
	if (!text) {
		fmt_err(err, errlen, "%s: %s", path, strerror(errno));
		return -EINVAL;
	}
	rd->meta = json_text_parse(text, len, &line, &why);
	if (!rd->meta || !json_object_is_type(rd->meta, json_type_object)) {
		if (rd->meta)
			fmt_err(err, errlen, "%s: not a JSON object", path);
		else
			fmt_err(err, errlen, "%s:%zu: not JSON (%s)", path, line, why);
		free(text);
		return -EINVAL;
	}
	/* the line of the key, for the message: meta.json is ours, keys are unique */
	at = strstr(text, "\"format_version\"");
	line = at ? text_line(text, at - text) : 1;
	free(text);
	if (!json_object_object_get_ex(rd->meta, "format_version", &v)) {
		rundata_warn(rd, "%s: no format_version: read as format 1", path);
		return 0;
	}
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) != 1) {
		fmt_err(err, errlen, "%s:%zu: format_version %s: this smmubench reads "
			      "format 1 only; use the smmubench that wrote the run", path, line,
			      json_object_to_json_string(v));
		return -EINVAL;
	}
	return 0;
}

struct report_rundata *report_rundata_load(const char *dir, char *err, size_t errlen)
{
	struct report_rundata *rd;
	char *slash;
	int ret;

	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return NULL;
	rd->dir = strdup(dir);
	while (strlen(rd->dir) > 1 && rd->dir[strlen(rd->dir) - 1] == '/')
		rd->dir[strlen(rd->dir) - 1] = '\0';
	slash = strrchr(rd->dir, '/');
	rd->name = strdup(slash ? slash + 1 : rd->dir);
	ret = meta_load(rd, err, errlen);
	if (ret)
		goto fail;
	rd->status = status_parse(report_rundata_meta(rd, "status"));
	/* complete only under its final name: a hidden .tmp was never renamed */
	if (rd->name[0] == '.' && strlen(rd->name) > 4 &&
	    !strcmp(rd->name + strlen(rd->name) - 4, ".tmp"))
		rd->status = REPORT_RUN_INCOMPLETE;
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
	str_pool_free(rd->strings);
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
	for (i = 0; i < rd->nr_warnings; i++)
		free(rd->warnings[i]);
	free(rd->warnings);
	free(rd->rows);
	free(rd->cells);
	free(rd->cells_by_name);
	free(rd->hists);
	if (rd->meta)
		json_object_put(rd->meta);
	free(rd->dir);
	free(rd->name);
	free(rd);
}

void report_rundata_warnings_print(const struct report_rundata *rd, FILE *f, const char *prefix)
{
	size_t i;

	for (i = 0; i < rd->nr_warnings; i++)
		fprintf(f, "%s%s\n", prefix, rd->warnings[i]);
	if (rd->nr_rows_dropped)
		fprintf(f, "%s%s: %zu rows of results.jsonl dropped: its numbers miss them\n", prefix,
			rd->name, rd->nr_rows_dropped);
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
	size_t lo = 0, hi = rd->nr_cells, mid;

	/* the first index whose name is >= name */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(rd->cells[rd->cells_by_name[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rd->nr_cells && !strcmp(rd->cells[rd->cells_by_name[lo]].name, name))
		return &rd->cells[rd->cells_by_name[lo]];
	return NULL;
}

struct json_object *report_rundata_hist_json(const struct report_rundata *rd, const char *cell,
					     const char *op)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/hist/%s/%s.json", rd->dir, cell, op);
	return json_object_from_file(path);
}
