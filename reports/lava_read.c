// SPDX-License-Identifier: GPL-2.0
/*
 * Reading LAVA's results: the job log (one flow mapping per line as
 * lava-run writes it, or the server's output.yaml, a sequence of them;
 * test cases are the entries of lvl "results"), the server's results
 * export (a sequence of mappings with name, result, measurement, unit,
 * job), or a console log with `lava-test-case` command lines or
 * <LAVA_SIGNAL_TESTCASE ...> signals. YAML goes through libyaml.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "common.h"
#include "reports.h"

struct lava_reader {
	struct report_lava_results *res;
	const char *path;
	char *err;
	size_t errlen;
};

static char *xstrndup(const char *s, size_t n)
{
	return s ? strndup(s, n) : NULL;
}

static int case_add(struct lava_reader *r, size_t line, const char *name, size_t nlen,
		    const char *result, size_t rlen, const char *meas, size_t mlen,
		    const char *units, size_t ulen)
{
	struct report_lava_results *res = r->res;
	struct report_lava_case *v, *c;
	char where[4096];

	v = realloc(res->cases, (res->nr_cases + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	res->cases = v;
	c = &v[res->nr_cases];
	snprintf(where, sizeof(where), "%s:%zu", r->path, line);
	c->name = xstrndup(name, nlen);
	c->result = xstrndup(result, rlen);
	c->measurement = xstrndup(meas, mlen);
	c->units = xstrndup(units, ulen);
	c->where = strdup(where);
	if (!c->name || !c->result || !c->where || (meas && !c->measurement) ||
	    (units && !c->units)) {
		free((char *)c->name);
		free((char *)c->result);
		free((char *)c->measurement);
		free((char *)c->units);
		free((char *)c->where);
		return -ENOMEM;
	}
	res->nr_cases++;
	return 0;
}

/* ---- YAML ---------------------------------------------------------------- */

static yaml_node_t *map_get(yaml_document_t *d, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);

		if (k && k->type == YAML_SCALAR_NODE && strlen(key) == k->data.scalar.length &&
		    !memcmp(k->data.scalar.value, key, k->data.scalar.length))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

/* a scalar's text (not NUL-terminated: *n), or NULL when absent */
static const char *scalar(yaml_node_t *n, size_t *len)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		*len = 0;
		return NULL;
	}
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

/* one log entry or results-export entry; line is the file's, from 1 */
static int yaml_entry(struct lava_reader *r, yaml_document_t *d, yaml_node_t *e, size_t line)
{
	const char *name, *result, *meas, *units, *s;
	size_t nl, rl, ml, ul, sl;
	yaml_node_t *msg;

	if (!e || e->type != YAML_MAPPING_NODE) {
		fmt_err(r->err, r->errlen, "%s:%zu: not a mapping: not a LAVA log or results entry",
			r->path, line);
		return -EINVAL;
	}
	if (map_get(d, e, "lvl")) {
		s = scalar(map_get(d, e, "lvl"), &sl);
		if (!s || sl != 7 || memcmp(s, "results", 7))
			return 0;	/* info, target, debug ... lines */
		msg = map_get(d, e, "msg");
		name = scalar(map_get(d, msg, "case"), &nl);
		result = scalar(map_get(d, msg, "result"), &rl);
		meas = scalar(map_get(d, msg, "measurement"), &ml);
		units = scalar(map_get(d, msg, "units"), &ul);
	} else {
		name = scalar(map_get(d, e, "name"), &nl);
		result = scalar(map_get(d, e, "result"), &rl);
		meas = scalar(map_get(d, e, "measurement"), &ml);
		units = scalar(map_get(d, e, "unit"), &ul);
		s = scalar(map_get(d, e, "job"), &sl);
		if (s && !r->res->job_id)
			r->res->job_id = strndup(s, sl);
		/* the server writes "None" and "" where there is no measurement */
		if (meas && (!ml || (ml == 4 && !memcmp(meas, "None", 4))))
			meas = NULL;
		if (units && (!ul || (ul == 4 && !memcmp(units, "None", 4))))
			units = NULL;
	}
	if (!name || !result) {
		fmt_err(r->err, r->errlen, "%s:%zu: a test case without %s", r->path, line,
			name ? "result" : "case name");
		return -EINVAL;
	}
	return case_add(r, line, name, nl, result, rl, meas, ml, units, ul);
}

/* one YAML document: a sequence of entries, or one entry (a log line) */
static int yaml_doc(struct lava_reader *r, const char *text, size_t len, size_t line0)
{
	yaml_parser_t p;
	yaml_document_t d;
	yaml_node_t *root;
	yaml_node_item_t *it;
	int ret = 0;

	if (!yaml_parser_initialize(&p))
		return -ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &d)) {
		/* libyaml's context reads "while parsing a flow sequence" */
		const char *ctx = p.context ? p.context : "";

		if (!strncmp(ctx, "while parsing ", 14))
			ctx += 14;
		if (*ctx)
			fmt_err(r->err, r->errlen, "%s:%zu: not YAML: %s (in %s from line %zu)",
				r->path, line0 + p.problem_mark.line,
				p.problem ? p.problem : "parse error", ctx, line0 + p.context_mark.line);
		else
			fmt_err(r->err, r->errlen, "%s:%zu: not YAML: %s", r->path,
				line0 + p.problem_mark.line, p.problem ? p.problem : "parse error");
		yaml_parser_delete(&p);
		return -EINVAL;
	}
	root = yaml_document_get_root_node(&d);
	if (!root) {
		ret = 0;	/* empty */
	} else if (root->type == YAML_SEQUENCE_NODE) {
		for (it = root->data.sequence.items.start; !ret && it < root->data.sequence.items.top;
		     it++) {
			yaml_node_t *e = yaml_document_get_node(&d, *it);

			ret = yaml_entry(r, &d, e, line0 + (e ? e->start_mark.line : 0));
		}
	} else {
		ret = yaml_entry(r, &d, root, line0 + root->start_mark.line);
	}
	yaml_document_delete(&d);
	yaml_parser_delete(&p);
	return ret;
}

/* lava-run's own log: one flow mapping per line; other lines are not its */
static int yaml_lines(struct lava_reader *r, const char *text)
{
	const char *l = text, *nl;
	size_t line = 1;
	int ret = 0;

	for (; !ret && *l; l = nl ? nl + 1 : l + strlen(l), line++) {
		nl = strchr(l, '\n');
		if (*l == '{')
			ret = yaml_doc(r, l, nl ? (size_t)(nl - l) : strlen(l), line);
		if (!nl)
			break;
	}
	return ret;
}

/* ---- text: lava-test-case lines and TESTCASE signals --------------------- */

/* KEY=VALUE words of a signal, up to '>' */
static int text_signal(struct lava_reader *r, const char *s, size_t line)
{
	const char *v[4] = { NULL }, *w, *end = strchr(s, '>');
	static const char *const keys[] = { "TEST_CASE_ID=", "RESULT=", "MEASUREMENT=", "UNITS=" };
	size_t n[4] = { 0 }, i;

	if (!end) {
		fmt_err(r->err, r->errlen, "%s:%zu: LAVA_SIGNAL_TESTCASE without its '>'", r->path,
			line);
		return -EINVAL;
	}
	for (w = s; w < end;) {
		size_t wl;

		while (w < end && *w == ' ')
			w++;
		wl = strcspn(w, " >");
		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (!strncmp(w, keys[i], strlen(keys[i])) && wl >= strlen(keys[i])) {
				v[i] = w + strlen(keys[i]);
				n[i] = wl - strlen(keys[i]);
			}
		w += wl;
	}
	if (!v[0] || !v[1]) {
		fmt_err(r->err, r->errlen, "%s:%zu: LAVA_SIGNAL_TESTCASE without %s", r->path, line,
			v[0] ? "RESULT=" : "TEST_CASE_ID=");
		return -EINVAL;
	}
	return case_add(r, line, v[0], n[0], v[1], n[1], v[2], n[2], v[3], n[3]);
}

/* lava-test-case NAME --result R [--measurement V] [--units U] */
static int text_command(struct lava_reader *r, const char *s, size_t line)
{
	const char *w[9], *v[3] = { NULL };
	static const char *const opt[] = { "--result", "--measurement", "--units" };
	size_t n[9], vn[3] = { 0 }, nr = 0, i, j;

	while (*s && *s != '\n' && nr < ARRAY_SIZE(w)) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n')
			break;
		w[nr] = s;
		n[nr] = strcspn(s, " \t\n");
		s += n[nr++];
	}
	for (i = 2; i + 1 < nr; i += 2) {
		for (j = 0; j < ARRAY_SIZE(opt); j++)
			if (n[i] == strlen(opt[j]) && !memcmp(w[i], opt[j], n[i]))
				break;
		if (j == ARRAY_SIZE(opt)) {
			fmt_err(r->err, r->errlen, "%s:%zu: lava-test-case: unknown option '%.*s'",
				r->path, line, (int)n[i], w[i]);
			return -EINVAL;
		}
		v[j] = w[i + 1];
		vn[j] = n[i + 1];
	}
	if (nr < 4 || nr % 2 || !v[0]) {
		fmt_err(r->err, r->errlen, "%s:%zu: lava-test-case needs NAME --result R", r->path,
			line);
		return -EINVAL;
	}
	return case_add(r, line, w[1], n[1], v[0], vn[0], v[1], vn[1], v[2], vn[2]);
}

static int text_lines(struct lava_reader *r, const char *text)
{
	const char *l = text, *p;
	size_t line = 1;
	int ret = 0;

	for (; !ret && *l; line++) {
		const char *nl = strchr(l, '\n');

		for (p = l; *p == ' ' || *p == '\t'; p++)
			;
		if (!strncmp(p, "lava-test-case ", 15))
			ret = text_command(r, p, line);
		else if ((p = strstr(l, "<LAVA_SIGNAL_TESTCASE ")) && (!nl || p < nl))
			ret = text_signal(r, p + 22, line);
		if (!nl)
			break;
		l = nl + 1;
	}
	return ret;
}

/*
 * text: a line that starts (after blanks) with a lava-test-case command,
 * or holds a TESTCASE signal and is not a YAML entry ('{', '-': the signal
 * inside a log's "target" message is not a result)
 */
static int is_text(const char *text)
{
	const char *l = text, *nl;

	while (l && *l) {
		while (*l == ' ' || *l == '\t')
			l++;
		nl = strchr(l, '\n');
		if (!strncmp(l, "lava-test-case ", 15))
			return 1;
		if (*l != '{' && *l != '-') {
			const char *sig = strstr(l, "<LAVA_SIGNAL_TESTCASE ");

			if (sig && (!nl || sig < nl))
				return 1;
		}
		l = nl ? nl + 1 : NULL;
	}
	return 0;
}

int report_lava_read(const char *path, struct report_lava_results *res, char *err, size_t errlen)
{
	struct lava_reader r = { .res = res, .err = err, .errlen = errlen };
	char file[4096];
	struct stat st;
	const char *l;
	char *text;
	int ret, isdir;

	memset(res, 0, sizeof(*res));
	snprintf(file, sizeof(file), "%s", path);
	isdir = !stat(path, &st) && S_ISDIR(st.st_mode);
	if (isdir) {
		snprintf(file, sizeof(file), "%s/output.yaml", path);
		if (access(file, R_OK))
			snprintf(file, sizeof(file), "%s/results.yaml", path);
	}
	r.path = file;
	text = file_read_text(file, NULL);
	if (!text) {
		ret = -errno;
		fmt_err(err, errlen, "%s: %s%s", file, strerror(errno),
			isdir ? " (a directory needs output.yaml or results.yaml)" : "");
		return ret;
	}
	for (l = text; *l == ' ' || *l == '\n' || *l == '\t' || *l == '\r'; l++)
		;
	if (is_text(text))
		ret = text_lines(&r, text);
	else if (*l == '{')
		ret = yaml_lines(&r, text);
	else
		ret = yaml_doc(&r, text, strlen(text), 1);
	free(text);
	if (!ret && !res->nr_cases) {
		fmt_err(err, errlen, "%s: no LAVA test cases in it", file);
		ret = -ENOENT;
	}
	if (ret)
		report_lava_results_release(res);
	return ret;
}

void report_lava_results_release(struct report_lava_results *res)
{
	size_t i;

	for (i = 0; i < res->nr_cases; i++) {
		free((char *)res->cases[i].name);
		free((char *)res->cases[i].result);
		free((char *)res->cases[i].measurement);
		free((char *)res->cases[i].units);
		free((char *)res->cases[i].where);
	}
	free(res->cases);
	free(res->job_id);
	free(res->device);
	memset(res, 0, sizeof(*res));
}
