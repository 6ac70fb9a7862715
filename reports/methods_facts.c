// SPDX-License-Identifier: GPL-2.0
/*
 * The facts of the methods section, each read from one place of a run:
 * a meta.json field, a word of the recorded kernel command line, a key of
 * bench.conf as run (meta.json conf_text), or a count over results.jsonl
 * and the declared cells. Nothing is inferred beyond that: a field that is
 * absent or empty is METHODS_NOT_RECORDED.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "methods.h"
#include "reports.h"

/*
 * meta.json fields that become facts as they are (arrays joined ", "), and
 * for which targets: the text of a model run does not speak of the host's
 * command line, that of a hw run not of a model profile.
 */
enum { FOR_ALL, FOR_HW, FOR_MODEL };
static const struct {
	const char *path;
	int only;
} meta_keys[] = {
	{ "label", FOR_ALL }, { "status", FOR_ALL }, { "target", FOR_ALL },
	{ "profile", FOR_MODEL }, { "board", FOR_HW }, { "host", FOR_ALL },
	{ "kernel.release", FOR_ALL }, { "kernel.version", FOR_HW },
	{ "kernel.machine", FOR_ALL }, { "kernel.cmdline", FOR_HW }, { "note", FOR_ALL },
	{ "smmu_features", FOR_ALL }, { "designs", FOR_ALL }, { "sources", FOR_ALL },
	{ "smmubench.version", FOR_ALL }, { "smmubench.gitrev", FOR_ALL },
	{ "kernel_patches", FOR_ALL }, { "start", FOR_ALL }, { "end", FOR_ALL },
	{ "lost_events", FOR_ALL }, { "errors", FOR_ALL },
};

/* The JSON value at a dotted path, or NULL. */
static struct json_object *json_path(struct json_object *o, const char *path)
{
	char buf[128], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save))
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, tok, &o))
			return NULL;
	return o;
}

/* A value as text: strings as they are, numbers, arrays joined ", "; NULL when empty. */
static char *json_text(struct json_object *o)
{
	char *s = NULL;
	size_t len = 0, i;
	FILE *f;

	if (!o || json_object_is_type(o, json_type_null))
		return NULL;
	if (!json_object_is_type(o, json_type_array)) {
		const char *t = json_object_is_type(o, json_type_string) ?
				json_object_get_string(o) :
				json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);

		return t && *t ? strdup(t) : NULL;
	}
	f = open_memstream(&s, &len);
	if (!f)
		return NULL;
	for (i = 0; i < json_object_array_length(o); i++) {
		struct json_object *e = json_object_array_get_idx(o, i);

		fprintf(f, "%s%s", i ? ", " : "", json_object_get_string(e));
	}
	fclose(f);
	if (s && !*s) {
		free(s);
		s = NULL;
	}
	return s;
}

static int fact_add(struct methods_facts *mf, size_t run, const char *key, enum methods_src src,
		    const char *path, char *value)
{
	struct methods_fact *v = realloc(mf->v, (mf->nr + 1) * sizeof(*v));

	if (!v) {
		free(value);
		return -ENOMEM;
	}
	mf->v = v;
	v = &mf->v[mf->nr++];
	v->run = run;
	v->key = key;
	v->src = src;
	v->path = path;
	v->recorded = value != NULL;
	v->value = value ? value : strdup(METHODS_NOT_RECORDED);
	return v->value ? 0 : -ENOMEM;
}

/* The value of word key=... on the command line, or NULL. */
static char *cmdline_get(const char *cmdline, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = cmdline; p && *p; p += strcspn(p, " ")) {
		p += strspn(p, " ");
		if (!strncmp(p, key, n) && p[n] == '=')
			return strndup(p + n + 1, strcspn(p + n + 1, " "));
	}
	return NULL;
}

char *methods_conf_get(const char *conf_text, const char *section, const char *key)
{
	const char *line, *end;
	int in = 0;

	for (line = conf_text; line && *line; line = *end ? end + 1 : end) {
		char buf[512], *p, *q, *eq;

		end = line + strcspn(line, "\n");
		snprintf(buf, sizeof(buf), "%.*s", (int)(end - line), line);
		buf[strcspn(buf, "#;\r")] = '\0';
		for (p = buf; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '[') {
			q = strchr(p, ']');
			in = q && (size_t)(q - p - 1) == strlen(section) &&
			     !strncmp(p + 1, section, q - p - 1);
			continue;
		}
		eq = strchr(p, '=');
		if (!in || !eq)
			continue;
		for (q = eq; q > p && (q[-1] == ' ' || q[-1] == '\t'); q--)
			;
		if ((size_t)(q - p) != strlen(key) || strncmp(p, key, q - p))
			continue;
		for (p = eq + 1; *p == ' ' || *p == '\t'; p++)
			;
		for (q = p + strlen(p); q > p && (q[-1] == ' ' || q[-1] == '\t'); q--)
			;
		return q > p ? strndup(p, q - p) : NULL;
	}
	return NULL;
}

/* "min..max" repetitions per cell over the rows (lost rows left out), or NULL. */
static char *reps_count(const struct report_rundata *rd)
{
	const struct report_cell *cell = NULL;
	int lo = -1, hi = -1, *max;
	size_t c, r;
	char *s;

	/* one pass over the rows: they come cell by cell, a cell is found by bisection */
	max = malloc((rd->nr_cells ? rd->nr_cells : 1) * sizeof(*max));
	if (!max)
		return NULL;
	for (c = 0; c < rd->nr_cells; c++)
		max[c] = -1;
	for (r = 0; r < rd->nr_rows; r++) {
		if (!r || rd->rows[r].cell != rd->rows[r - 1].cell)
			cell = report_rundata_cell(rd, rd->rows[r].cell);
		c = cell ? (size_t)(cell - rd->cells) : 0;
		if (cell && strcmp(rd->rows[r].op, "lost") && rd->rows[r].rep > max[c])
			max[c] = rd->rows[r].rep;
	}
	for (c = 0; c < rd->nr_cells; c++) {
		if (max[c] < 0)	/* no rows, or a name declared twice: its first has them */
			continue;
		if (lo < 0 || max[c] + 1 < lo)
			lo = max[c] + 1;
		if (max[c] + 1 > hi)
			hi = max[c] + 1;
	}
	free(max);
	if (lo < 0)
		return NULL;
	if (lo == hi)
		return asprintf(&s, "%d", lo) < 0 ? NULL : s;
	return asprintf(&s, "%d..%d", lo, hi) < 0 ? NULL : s;
}

/* Append word to the ", " list *list unless it is in it. */
static void list_add(char **list, const char *word)
{
	char *n;
	size_t len = strlen(word);
	const char *p;

	for (p = *list ? strstr(*list, word) : NULL; p; p = strstr(p + 1, word))
		if ((p == *list || (p >= *list + 2 && p[-2] == ',' && p[-1] == ' ')) &&
		    (p[len] == '\0' || p[len] == ','))
			return;
	if (asprintf(&n, "%s%s%s", *list ? *list : "", *list ? ", " : "", word) < 0)
		return;
	free(*list);
	*list = n;
}

/*
 * One workload of the declared cells: "<name>: N cells on <designs>;
 * <key> = <v1>, <v2>; ..." with every parameter value the cells have.
 */
static char *workload_text(const struct report_rundata *rd, const char *wl)
{
	char *designs = NULL, *keys = NULL, *out = NULL, *vals, *save = NULL, *k, *t;
	size_t c, i, n = 0;
	FILE *f;

	for (c = 0; c < rd->nr_cells; c++) {
		struct report_params p = { 0 };

		if (strcmp(rd->cells[c].workload ? rd->cells[c].workload : "", wl))
			continue;
		n++;
		list_add(&designs, rd->cells[c].design ? rd->cells[c].design : "?");
		report_params_parse(&p, rd->cells[c].params);
		for (i = 0; i < p.nr; i++)
			list_add(&keys, p.v[i].key);
		report_params_release(&p);
	}
	f = open_memstream(&out, &i);
	if (!f)
		goto done;
	fprintf(f, "%s: %zu cell%s on %s", wl, n, n == 1 ? "" : "s", designs ? designs : "?");
	t = keys ? strdup(keys) : NULL;
	for (k = t ? strtok_r(t, ", ", &save) : NULL; k; k = strtok_r(NULL, ", ", &save)) {
		vals = NULL;
		for (c = 0; c < rd->nr_cells; c++) {
			struct report_params p = { 0 };
			const char *v;

			if (strcmp(rd->cells[c].workload ? rd->cells[c].workload : "", wl))
				continue;
			report_params_parse(&p, rd->cells[c].params);
			v = report_params_get(&p, k);
			if (v)
				list_add(&vals, v);
			report_params_release(&p);
		}
		fprintf(f, "; %s = %s", k, vals ? vals : "(none)");
		free(vals);
	}
	free(t);
	fclose(f);
done:
	free(designs);
	free(keys);
	return out;
}

/* A "workload" fact per workload of the declared cells, first-seen order. */
static int workload_facts(struct methods_facts *mf, size_t run, const struct report_rundata *rd)
{
	char *seen = NULL;
	size_t c;
	int ret = 0;

	for (c = 0; !ret && c < rd->nr_cells; c++) {
		const char *wl = rd->cells[c].workload ? rd->cells[c].workload : "";
		char *before = seen ? strdup(seen) : NULL;

		list_add(&seen, wl);
		if (!before || strcmp(before, seen))
			ret = fact_add(mf, run, "workload", METHODS_SRC_RESULTS, "cells",
				       workload_text(rd, wl));
		free(before);
	}
	free(seen);
	return ret;
}

static int run_facts(struct methods_facts *mf, size_t run, const struct report_rundata *rd)
{
	const char *conf = report_rundata_meta(rd, "conf_text");
	const char *cmdline = NULL;
	struct json_object *k = json_path(rd->meta, "kernel.cmdline");
	size_t i;
	int ret = 0;

	const char *target = report_rundata_meta(rd, "target");
	int model = target && !strcmp(target, "model");

	for (i = 0; !ret && i < ARRAY_SIZE(meta_keys); i++)
		if (meta_keys[i].only == FOR_ALL || meta_keys[i].only == (model ? FOR_MODEL : FOR_HW))
			ret = fact_add(mf, run, meta_keys[i].path, METHODS_SRC_META,
				       meta_keys[i].path,
				       json_text(json_path(rd->meta, meta_keys[i].path)));
	if (k && json_object_is_type(k, json_type_string))
		cmdline = json_object_get_string(k);
	if (!ret && !model)
		ret = fact_add(mf, run, "pkvm_mode", METHODS_SRC_CMDLINE, "kvm-arm.mode",
			       cmdline ? cmdline_get(cmdline, "kvm-arm.mode") : NULL);
	/* what the runner ran (meta.json, after --repeat), else what bench.conf asked */
	if (!ret && json_path(rd->meta, "repeat"))
		ret = fact_add(mf, run, "repeat", METHODS_SRC_META, "repeat",
			       json_text(json_path(rd->meta, "repeat")));
	else if (!ret)
		ret = fact_add(mf, run, "repeat", METHODS_SRC_CONF, "global.repeat",
			       conf ? methods_conf_get(conf, "global", "repeat") : NULL);
	if (!ret && json_path(rd->meta, "warmup"))
		ret = fact_add(mf, run, "warmup", METHODS_SRC_META, "warmup",
			       json_text(json_path(rd->meta, "warmup")));
	else if (!ret)
		ret = fact_add(mf, run, "warmup", METHODS_SRC_CONF, "global.warmup",
			       conf ? methods_conf_get(conf, "global", "warmup") : NULL);
	if (!ret)
		ret = fact_add(mf, run, "repetitions", METHODS_SRC_RESULTS, NULL, reps_count(rd));
	if (!ret)
		ret = workload_facts(mf, run, rd);
	return ret;
}

int methods_facts_collect(struct methods_facts *mf, struct report_rundata *const *runs,
			  size_t nr_runs)
{
	size_t r;
	int ret = 0;

	for (r = 0; !ret && r < nr_runs; r++)
		ret = run_facts(mf, r, runs[r]);
	return ret;
}

const char *methods_fact(const struct methods_facts *mf, size_t run, const char *key)
{
	size_t i;

	for (i = 0; i < mf->nr; i++)
		if (mf->v[i].run == run && !strcmp(mf->v[i].key, key))
			return mf->v[i].value;
	return METHODS_NOT_RECORDED;
}

int methods_fact_recorded(const struct methods_facts *mf, size_t run, const char *key)
{
	size_t i;

	for (i = 0; i < mf->nr; i++)
		if (mf->v[i].run == run && !strcmp(mf->v[i].key, key))
			return mf->v[i].recorded;
	return 0;
}

enum methods_src methods_fact_src(const struct methods_facts *mf, size_t run, const char *key)
{
	size_t i;

	for (i = 0; i < mf->nr; i++)
		if (mf->v[i].run == run && !strcmp(mf->v[i].key, key))
			return mf->v[i].src;
	return METHODS_SRC_RESULTS;
}

void methods_facts_release(struct methods_facts *mf)
{
	size_t i;

	for (i = 0; i < mf->nr; i++)
		free(mf->v[i].value);
	free(mf->v);
	mf->v = NULL;
	mf->nr = 0;
}
