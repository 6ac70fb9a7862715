// SPDX-License-Identifier: GPL-2.0
/*
 * Cell parameters: the list of (key, value) a cell was run with. Written
 * into meta.json as one text, "k=v k2=v2" (the run directory format), by
 * report_params_format() and read back by report_params_parse(), the one
 * parser; report_param_num() is the one rule for numbers in a value.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "reports.h"

static int param_push(struct report_params *p, const char *key, size_t kl, const char *value,
		      size_t vl)
{
	struct report_param *v = realloc(p->v, (p->nr + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	p->v = v;
	v = &v[p->nr];
	v->key = strndup(key, kl);
	v->value = value ? strndup(value, vl) : NULL;
	if (!v->key || (value && !v->value)) {
		free(v->key);
		free(v->value);
		return -ENOMEM;
	}
	p->nr++;
	return 0;
}

int report_params_add(struct report_params *p, const char *key, const char *value)
{
	return param_push(p, key, strlen(key), value, value ? strlen(value) : 0);
}

int report_params_parse(struct report_params *p, const char *text)
{
	const char *s = text;
	int ret;

	while (s && *s) {
		size_t l;
		const char *eq;

		while (*s == ' ')
			s++;
		l = strcspn(s, " ");
		if (!l)
			break;
		eq = memchr(s, '=', l);
		if (eq)
			ret = param_push(p, s, eq - s, eq + 1, l - (eq - s) - 1);
		else
			ret = param_push(p, s, l, NULL, 0);	/* a bare word: kept as written */
		if (ret)
			return ret;
		s += l;
	}
	return 0;
}

const char *report_params_get(const struct report_params *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (p->v[i].value && !strcmp(p->v[i].key, key))
			return p->v[i].value;
	return NULL;
}

/* "k=v" of one param into f, or the bare word. */
static void param_put(FILE *f, const struct report_param *v)
{
	fputs(v->key, f);
	if (v->value) {
		fputc('=', f);
		fputs(v->value, f);
	}
}

char *report_params_format(const struct report_params *p, const char *skip_key)
{
	char *text = NULL;
	size_t len = 0, i;
	int any = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	for (i = 0; i < p->nr; i++) {
		if (skip_key && p->v[i].value && !strcmp(p->v[i].key, skip_key))
			continue;
		if (any++)
			fputc(' ', f);
		param_put(f, &p->v[i]);
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

int report_params_format_buf(const struct report_params *p, char *buf, size_t len)
{
	char *text = report_params_format(p, NULL);
	int ret = 0;

	if (!text)
		return -ENOMEM;
	if ((size_t)snprintf(buf, len, "%s", text) >= len)
		ret = -ENOSPC;
	free(text);
	return ret;
}

void report_params_release(struct report_params *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++) {
		free(p->v[i].key);
		free(p->v[i].value);
	}
	free(p->v);
	p->v = NULL;
	p->nr = 0;
}

int report_param_num(const char *value, double *v)
{
	static const struct { char c; double mul; } suffixes[] = {
		{ 'k', 1024.0 }, { 'm', 1024.0 * 1024 }, { 'g', 1024.0 * 1024 * 1024 },
	};
	char *end;
	size_t i;

	if (!value || !*value)
		return 0;
	*v = strtod(value, &end);
	if (end == value)
		return 0;
	/* sizes as bench.conf writes them (bench/conf.c SIZE keys): 4k, 1M, 2g, 4KiB, 8kb */
	for (i = 0; *end && i < ARRAY_SIZE(suffixes); i++) {
		if ((*end | 0x20) != suffixes[i].c)
			continue;
		*v *= suffixes[i].mul;
		end++;
		if ((*end | 0x20) == 'i')
			end++;
		if ((*end | 0x20) == 'b')
			end++;
		break;
	}
	return *end == '\0';
}
