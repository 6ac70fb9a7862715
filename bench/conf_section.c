// SPDX-License-Identifier: GPL-2.0
/*
 * bench.conf sections: the collected entries sorted into [global],
 * [target], [model], [workload NAME] and [sweep NAME], each key set once
 * against its section's table, and the lookups the runner uses.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "conf_int.h"
#include "workload.h"

static int section_init(struct conf_parse *p, struct bench_section *s, const char *name,
			const struct bench_key *keys, unsigned int nr_keys, int line)
{
	unsigned int i;

	snprintf(s->name, sizeof(s->name), "%s", name);
	s->line = line;
	s->keys = keys;
	s->nr_keys = nr_keys;
	s->vals = calloc(nr_keys ? nr_keys : 1, sizeof(*s->vals));
	if (!s->vals)
		return -ENOMEM;
	for (i = 0; i < nr_keys; i++) {
		s->vals[i].key = &keys[i];
		if (keys[i].def && conf_val_set(p, name, &s->vals[i], keys[i].def, 0))
			return -EINVAL;	/* a bad default is a bug: reported like a user error */
		s->vals[i].line = 0;
	}
	return 0;
}

void conf_section_free(struct bench_section *s)
{
	unsigned int i, j;

	for (i = 0; s->vals && i < s->nr_keys; i++)
		for (j = 0; j < s->vals[i].nr; j++)
			free(s->vals[i].str[j]);
	free(s->vals);
	memset(s, 0, sizeof(*s));
}

struct bench_val *conf_section_find(struct bench_section *s, const char *key)
{
	unsigned int i;

	for (i = 0; i < s->nr_keys; i++)
		if (!strcmp(s->keys[i].name, key))
			return &s->vals[i];
	return NULL;
}

const struct bench_val *bench_section_val(const struct bench_section *s, const char *key)
{
	return conf_section_find((struct bench_section *)s, key);
}

int64_t bench_section_num(const struct bench_section *s, const char *key)
{
	const struct bench_val *v = bench_section_val(s, key);

	return v && v->nr ? v->num[0] : 0;
}

const char *bench_section_str(const struct bench_section *s, const char *key)
{
	const struct bench_val *v = bench_section_val(s, key);

	return v && v->nr ? v->str[0] : NULL;
}

const struct bench_section *bench_conf_workload(const struct bench_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->nr_workloads; i++)
		if (!strcmp(conf->workloads[i].name, name))
			return &conf->workloads[i];
	return NULL;
}

const struct bench_section *bench_conf_sweep(const struct bench_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->nr_sweeps; i++)
		if (!strcmp(conf->sweeps[i].name, name))
			return &conf->sweeps[i];
	return NULL;
}

/* "workload NAME" -> kind "workload", NAME; "global" -> "global", "". */
static void section_split(const char *sec, char *kind, size_t kind_len, const char **name)
{
	const char *sp = strchr(sec, ' ');
	size_t n = sp ? (size_t)(sp - sec) : strlen(sec);

	if (n >= kind_len)
		n = kind_len - 1;
	memcpy(kind, sec, n);
	kind[n] = '\0';
	*name = "";
	if (sp) {
		while (*sp == ' ')
			sp++;
		*name = sp;
	}
}

static int name_ok(const char *name)
{
	return *name && !conf_name_check(name, BENCH_NAME_MAX - 1, NULL, 0);
}

/* First line of section SEC among the entries (sections without keys are unseen). */
static int first_line(struct conf_parse *p, const char *sec)
{
	size_t i;

	for (i = 0; i < p->nr_ent; i++)
		if (!p->ent[i].dup && !strcmp(p->ent[i].section, sec))
			return p->ent[i].line;
	return 0;
}

/* The first 'type' entry of section SEC, NULL if none. */
static const struct conf_entry *section_type(struct conf_parse *p, const char *sec)
{
	size_t i;

	for (i = 0; i < p->nr_ent; i++)
		if (!p->ent[i].dup && !strcmp(p->ent[i].section, sec) &&
		    !strcmp(p->ent[i].key, "type"))
			return &p->ent[i];
	return NULL;
}

/* The 'type' set under header H (up to the next header), "" if none. */
static const char *header_type(struct conf_parse *p, size_t h)
{
	int end = h + 1 < p->rd.nr_hdr ? p->rd.hdr[h + 1].line : INT_MAX;
	size_t i;

	for (i = 0; i < p->nr_ent; i++)
		if (p->ent[i].line > p->rd.hdr[h].line && p->ent[i].line < end &&
		    !strcmp(p->ent[i].key, "type"))
			return conf_trim(p->ent[i].value);
	return "";
}

/*
 * A second [workload NAME] or [sweep NAME] would merge into the first (its
 * type silently replacing the first's): report it with both lines and set
 * its keys aside, so they raise no errors of their own.
 */
static void conf_dup_sections(struct conf_parse *p)
{
	size_t i, j, k;

	for (i = 0; i < p->rd.nr_hdr; i++) {
		const struct conf_header *h = &p->rd.hdr[i];
		char kind[32], kind2[32];
		const char *name, *name2;

		section_split(h->name, kind, sizeof(kind), &name);
		if ((strcmp(kind, "workload") && strcmp(kind, "sweep")) || !name_ok(name))
			continue;
		for (j = 0; j < i; j++) {
			section_split(p->rd.hdr[j].name, kind2, sizeof(kind2), &name2);
			if (!strcmp(kind, kind2) && !strcmp(name, name2))
				break;
		}
		if (j == i)
			continue;
		if (!strcmp(kind, "workload") && strcmp(header_type(p, j), header_type(p, i)))
			conf_error(p, h->line, "[%s %s]: defined again (first on line %d, type %s; here type %s): give each workload its own name",
				   kind, name, p->rd.hdr[j].line, *header_type(p, j) ? header_type(p, j) : "(none)",
				   *header_type(p, i) ? header_type(p, i) : "(none)");
		else
			conf_error(p, h->line, "[%s %s]: defined again (first on line %d): give each %s its own name",
				   kind, name, p->rd.hdr[j].line, kind);
		for (k = 0; k < p->nr_ent; k++)
			if (p->ent[k].line > h->line &&
			    (i + 1 == p->rd.nr_hdr || p->ent[k].line < p->rd.hdr[i + 1].line))
				p->ent[k].dup = true;
	}
}

static struct bench_section *named_section_get(struct conf_parse *p, struct bench_section **arr,
					       unsigned int *nr, const char *name, int line,
					       const struct bench_key *keys, unsigned int nr_keys,
					       int *created)
{
	struct bench_section *s;
	unsigned int i;

	*created = 0;
	for (i = 0; i < *nr; i++)
		if (!strcmp((*arr)[i].name, name))
			return &(*arr)[i];
	s = realloc(*arr, (*nr + 1) * sizeof(*s));
	if (!s)
		return NULL;
	*arr = s;
	s = &s[*nr];
	memset(s, 0, sizeof(*s));
	if (section_init(p, s, name, keys, nr_keys, line)) {
		conf_section_free(s);
		return NULL;
	}
	(*nr)++;
	*created = 1;
	return s;
}

/*
 * The [workload NAME] entry E belongs to, created with its type's key table;
 * NULL in *out when E sets nothing (a bad or missing type, reported once,
 * or the type key itself). 0, or -ENOMEM.
 */
static int entry_workload(struct conf_parse *p, struct bench_conf *conf,
			  const struct conf_entry *e, const char *name,
			  struct bench_section **out)
{
	/* the workload type decides the key table: find it first */
	const struct conf_entry *te = section_type(p, e->section);
	const char *type = te ? conf_trim(te->value) : NULL;
	const struct bench_workload_ops *ops = NULL;
	struct bench_section *s;
	int created;

	*out = NULL;
	if (!bench_conf_workload(conf, name)) {
		if (!type)
			conf_error(p, first_line(p, e->section),
				   "[%s]: no 'type' key; a workload needs type = %s",
				   e->section, bench_workload_names());
		else if (!(ops = bench_workload_find(type)))
			conf_error(p, first_line(p, e->section),
				   "[%s] type: '%s' is not a workload; use one of %s",
				   e->section, type, bench_workload_names());
	}
	/* a bad type is reported once per section: a keyless twin marks it */
	s = named_section_get(p, &conf->workloads, &conf->nr_workloads, name, e->line,
			      ops ? ops->keys : NULL, ops ? ops->nr_keys : 0, &created);
	if (!s)
		return -ENOMEM;
	if (created)
		s->ops = ops;
	if (!s->keys)
		return 0;	/* bad type, already reported */
	if (!strcmp(e->key, "type")) {
		if (te && te != e)
			conf_error(p, e->line, "[%s] type: set twice (first on line %d)",
				   e->section, te->line);
		return 0;
	}
	*out = s;
	return 0;
}

/* The section entry E sets a key of, as entry_workload() says. */
static int entry_section(struct conf_parse *p, struct bench_conf *conf,
			 const struct conf_entry *e, struct bench_section **out)
{
	const char *name;
	char kind[32];
	int created;

	*out = NULL;
	section_split(e->section, kind, sizeof(kind), &name);
	if (!strcmp(kind, "global") && !*name) {
		*out = &conf->global;
	} else if (!strcmp(kind, "target") && !*name) {
		*out = &conf->target;
	} else if (!strcmp(kind, "model") && !*name) {
		*out = &conf->model;
	} else if (!strcmp(kind, "workload") || !strcmp(kind, "sweep")) {
		if (!name_ok(name)) {
			conf_error(p, e->line, "[%s]: the %s needs a name of letters, digits, '-', '_' or '.' ([%s NAME])",
				   e->section, kind, kind);
			return 0;
		}
		if (!strcmp(kind, "workload"))
			return entry_workload(p, conf, e, name, out);
		*out = named_section_get(p, &conf->sweeps, &conf->nr_sweeps, name, e->line,
					 bench_sweep_keys, bench_nr_sweep_keys, &created);
		if (!*out)
			return -ENOMEM;
	} else {
		conf_error(p, e->line, "[%s]: unknown section; sections are [global], [target], [model], [workload NAME], [sweep NAME]",
			   e->section);
	}
	return 0;
}

int conf_build(struct conf_parse *p, struct bench_conf *conf)
{
	size_t i;
	int ret;

	ret = section_init(p, &conf->global, "global", bench_global_keys, bench_nr_global_keys, 0);
	ret = ret ?: section_init(p, &conf->target, "target", bench_target_keys,
				  bench_nr_target_keys, 0);
	ret = ret ?: section_init(p, &conf->model, "model", bench_model_keys,
				  bench_nr_model_keys, 0);
	if (ret)
		return ret;

	conf_dup_sections(p);
	for (i = 0; i < p->nr_ent; i++) {
		struct conf_entry *e = &p->ent[i];
		struct bench_section *s;
		struct bench_val *val;

		if (e->dup)
			continue;
		ret = entry_section(p, conf, e, &s);
		if (ret)
			return ret;
		if (!s)
			continue;
		val = conf_section_find(s, e->key);
		if (!val) {
			conf_error(p, e->line, "[%s] %s: unknown key; 'smmubench run --keys' lists the keys",
				   e->section, e->key);
			continue;
		}
		if (val->line) {
			conf_error(p, e->line, "[%s] %s: set twice (first on line %d)", e->section,
				   e->key, val->line);
			continue;
		}
		ret = conf_val_set(p, e->section, val, e->value, e->line);
		if (ret == -ENOMEM)
			return ret;
	}
	return 0;
}

void bench_conf_free(struct bench_conf *conf)
{
	unsigned int i;

	if (!conf)
		return;
	conf_section_free(&conf->global);
	conf_section_free(&conf->target);
	conf_section_free(&conf->model);
	for (i = 0; i < conf->nr_workloads; i++)
		conf_section_free(&conf->workloads[i]);
	free(conf->workloads);
	for (i = 0; i < conf->nr_sweeps; i++)
		conf_section_free(&conf->sweeps[i]);
	free(conf->sweeps);
	free(conf->path);
	free(conf->text);
	free(conf);
}
