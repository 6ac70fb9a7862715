// SPDX-License-Identifier: GPL-2.0
/*
 * bench.conf parsing. inih does the INI syntax; this file collects every
 * (section, key, value, line), then checks each against the key tables and
 * fills in defaults. inih's handler does not get the line number, so the
 * reader below counts lines itself and refuses lines inih would split.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ini.h>

#include "conf.h"
#include "run.h"
#include "workload.h"

/* A "[section]" line: inih does not say where sections start, the reader does. */
struct conf_header {
	char name[128];
	int line;
};

struct conf_reader {
	const char *text;	/* remaining input */
	int line;		/* number of the line last handed to inih */
	int long_line;		/* first line longer than inih's buffer */
	struct conf_header *hdr;
	size_t nr_hdr;
	int nomem;
};

struct conf_entry {
	char *section, *key, *value;
	int line;
	bool dup;		/* in a second section of one name: reported, not used */
};

struct conf_parse {
	const char *file;
	FILE *err;
	struct conf_reader rd;
	struct conf_entry *ent;
	size_t nr_ent;
	int nr_errors;
	int nomem;
};

static void conf_error(struct conf_parse *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void conf_error(struct conf_parse *p, int line, const char *fmt, ...)
{
	va_list ap;

	p->nr_errors++;
	if (!p->err)
		return;
	if (line > 0)
		fprintf(p->err, "%s:%d: ", p->file, line);
	else
		fprintf(p->err, "%s: ", p->file);
	va_start(ap, fmt);
	vfprintf(p->err, fmt, ap);
	va_end(ap);
	fputc('\n', p->err);
}

/* Note LINE if it opens a section, as inih reads it: "[" after blanks, up to "]". */
static void conf_header_note(struct conf_reader *rd, const char *line)
{
	struct conf_header *h;
	const char *end;

	while (isspace((unsigned char)*line))
		line++;
	if (*line != '[' || !(end = strchr(line + 1, ']')))
		return;
	h = realloc(rd->hdr, (rd->nr_hdr + 1) * sizeof(*h));
	if (!h) {
		rd->nomem = 1;
		return;
	}
	rd->hdr = h;
	h = &h[rd->nr_hdr++];
	snprintf(h->name, sizeof(h->name), "%.*s", (int)(end - line - 1), line + 1);
	h->line = rd->line;
}

/* ini_reader: one line per call, so the call count is the line number. */
static char *conf_read_line(char *str, int num, void *stream)
{
	struct conf_reader *rd = stream;
	const char *nl;
	size_t len;

	if (!*rd->text)
		return NULL;
	nl = strchr(rd->text, '\n');
	len = nl ? (size_t)(nl - rd->text) + 1 : strlen(rd->text);
	rd->line++;
	if (len >= (size_t)num) {
		/* inih would read the rest as a new line: refuse instead. */
		if (!rd->long_line)
			rd->long_line = rd->line;
		memcpy(str, "\n", 2);
	} else {
		memcpy(str, rd->text, len);
		str[len] = '\0';
		conf_header_note(rd, str);
	}
	rd->text += len;
	return str;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int conf_handler(void *user, const char *section, const char *name, const char *value)
{
	struct conf_parse *p = user;
	struct conf_entry *e;
	char *v, *hash;

	e = realloc(p->ent, (p->nr_ent + 1) * sizeof(*e));
	if (!e) {
		p->nomem = 1;
		return 0;
	}
	p->ent = e;
	e = &p->ent[p->nr_ent];
	v = strdup(value);
	if (!v) {
		p->nomem = 1;
		return 0;
	}
	/* inih strips inline ';' comments; strip ' #' ones as well. */
	for (hash = v; (hash = strchr(hash, '#')); hash++)
		if (hash == v || isspace((unsigned char)hash[-1])) {
			*hash = '\0';
			break;
		}
	e->section = strdup(section);
	e->key = strdup(name);
	e->value = v;
	e->line = p->rd.line;
	e->dup = false;
	if (!e->section || !e->key) {
		free(e->section);
		free(e->key);
		free(v);
		p->nomem = 1;
		return 0;
	}
	p->nr_ent++;
	return 1;
}

const char *bench_key_type_name(enum bench_key_type t)
{
	switch (t) {
	case BENCH_KEY_INT: return "integer";
	case BENCH_KEY_SIZE: return "size";
	case BENCH_KEY_STR: return "string";
	case BENCH_KEY_ENUM: return "choice";
	case BENCH_KEY_BOOL: return "boolean";
	case BENCH_KEY_NAME: return "name";
	}
	return "?";
}

/* S for a message: bytes outside printable ASCII as \xNN. */
static void name_quote(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 5 < len; s++) {
		unsigned char c = *s;

		if (c >= 0x20 && c < 0x7f)
			buf[n++] = c;
		else
			n += snprintf(buf + n, len - n, "\\x%02x", c);
	}
	buf[n] = '\0';
}

/*
 * A name that becomes part of a file name (labels, section names): the
 * characters every file system and shell takes as they are. 0, or -EINVAL
 * saying which character is wrong in WHY (may be NULL).
 */
static int name_check(const char *s, size_t max, char *why, size_t why_len)
{
	static const char use[] = "use letters, digits, '.', '_' or '-'";
	char shown[96], bad[8];
	const char *c;

	name_quote(s, shown, sizeof(shown));
	if (!strcmp(s, ".") || !strcmp(s, "..")) {
		if (why)
			snprintf(why, why_len, "'%s' is not a name; %s", shown, use);
		return -EINVAL;
	}
	if (strlen(s) > max) {
		if (why)
			snprintf(why, why_len, "'%s' is longer than %zu characters", shown, max);
		return -EINVAL;
	}
	for (c = s; *c; c++) {
		if (isalnum((unsigned char)*c) || strchr("._-", *c))
			continue;
		if (why) {
			char one[2] = { *c, '\0' };

			name_quote(one, bad, sizeof(bad));
			snprintf(why, why_len, "'%s': '%s' cannot be in a name; %s", shown, bad, use);
		}
		return -EINVAL;
	}
	return 0;
}

static int parse_int(const char *s, int64_t *out, int size_suffix)
{
	char *end;
	long long v;

	if (!*s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	if (size_suffix && *end) {
		int shift = 0;

		switch (tolower((unsigned char)*end)) {
		case 'k': shift = 10; break;
		case 'm': shift = 20; break;
		case 'g': shift = 30; break;
		default: return -EINVAL;
		}
		end++;
		if (tolower((unsigned char)*end) == 'i')	/* KiB */
			end++;
		if (tolower((unsigned char)*end) == 'b')
			end++;
		if (*end || v > (INT64_MAX >> shift) || v < 0)
			return -EINVAL;
		v <<= shift;
	}
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

static int enum_index(const char *choices, const char *s)
{
	size_t n = strlen(s);
	const char *c = choices;
	int i = 0;

	while (c && *c) {
		const char *comma = strchr(c, ',');
		size_t len = comma ? (size_t)(comma - c) : strlen(c);

		if (len == n && !strncmp(c, s, n))
			return i;
		i++;
		c = comma ? comma + 1 : NULL;
	}
	return -1;
}

int bench_key_parse(const struct bench_key *key, const char *s, int64_t *num,
		    char *why, size_t why_len)
{
	int64_t v = 0;
	int i;

	switch (key->type) {
	case BENCH_KEY_STR:
		*num = 0;
		return 0;
	case BENCH_KEY_NAME:
		*num = 0;
		return name_check(s, key->max, why, why_len);
	case BENCH_KEY_BOOL:
		if (!strcmp(s, "1") || !strcasecmp(s, "yes") || !strcasecmp(s, "true") ||
		    !strcasecmp(s, "on"))
			v = 1;
		else if (!strcmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
			 !strcasecmp(s, "off"))
			v = 0;
		else {
			snprintf(why, why_len, "'%s' is not a boolean (use 1/0, yes/no, true/false, on/off)", s);
			return -EINVAL;
		}
		*num = v;
		return 0;
	case BENCH_KEY_ENUM:
		i = enum_index(key->choices, s);
		if (i < 0) {
			snprintf(why, why_len, "'%s' is not one of %s", s, key->choices);
			return -EINVAL;
		}
		*num = i;
		return 0;
	case BENCH_KEY_INT:
	case BENCH_KEY_SIZE:
		if (parse_int(s, &v, key->type == BENCH_KEY_SIZE)) {
			snprintf(why, why_len, key->type == BENCH_KEY_SIZE ?
				 "'%s' is not a size (a number of bytes, optionally with k, m or g)" :
				 "'%s' is not an integer", s);
			return -EINVAL;
		}
		if (v < key->min || v > key->max) {
			snprintf(why, why_len, "%s is out of range [%lld, %lld]%s%s", s,
				 (long long)key->min, (long long)key->max,
				 key->unit[0] ? " " : "", key->unit);
			return -ERANGE;
		}
		*num = v;
		return 0;
	}
	snprintf(why, why_len, "unknown key type");
	return -EINVAL;
}

/* Fill VAL from TEXT (a list when the key allows it); errors name LINE. */
static int val_set(struct conf_parse *p, const char *sec, struct bench_val *val,
		   const char *text, int line)
{
	const struct bench_key *key = val->key;
	char *copy, *tok, *save;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < val->nr; i++) {
		free(val->str[i]);
		val->str[i] = NULL;
	}
	val->nr = 0;
	val->line = line;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	if (!key->list) {
		char *t = trim(copy);

		if (!*t && key->type != BENCH_KEY_STR) {
			conf_error(p, line, "[%s] %s: empty value; expected a %s", sec, key->name,
				   bench_key_type_name(key->type));
			ret = -EINVAL;
			goto out;
		}
		if (*t || key->type == BENCH_KEY_STR) {
			val->str[0] = strdup(t);
			val->nr = 1;
		}
	} else if (!*trim(copy)) {
		/* an empty list is no value: an error unless the key says what empty means */
		if (!key->def || *key->def) {
			conf_error(p, line, "[%s] %s: empty list; give one or more %ss%s%s%s", sec,
				   key->name, bench_key_type_name(key->type),
				   key->def ? ", or drop the key for the default (" : "",
				   key->def ? key->def : "", key->def ? ")" : "");
			ret = -EINVAL;
			goto out;
		}
	} else {
		for (save = copy; (tok = strsep(&save, ","));) {
			char *t = trim(tok);

			if (!*t) {
				conf_error(p, line, "[%s] %s: empty item in the list '%s'", sec,
					   key->name, text);
				ret = -EINVAL;
				goto out;
			}
			if (val->nr == BENCH_MAX_VALUES) {
				conf_error(p, line, "[%s] %s: more than %d values", sec, key->name,
					   BENCH_MAX_VALUES);
				ret = -E2BIG;
				goto out;
			}
			val->str[val->nr++] = strdup(t);
		}
	}
	for (i = 0; i < val->nr; i++) {
		char why[160];

		if (!val->str[i]) {
			ret = -ENOMEM;
			goto out;
		}
		if (bench_key_parse(key, val->str[i], &val->num[i], why, sizeof(why))) {
			conf_error(p, line, "[%s] %s: %s", sec, key->name, why);
			ret = -EINVAL;
			goto out;
		}
	}
out:
	free(copy);
	return ret;
}

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
		if (keys[i].def && val_set(p, name, &s->vals[i], keys[i].def, 0))
			return -EINVAL;	/* a bad default is a bug: reported like a user error */
		s->vals[i].line = 0;
	}
	return 0;
}

static void section_free(struct bench_section *s)
{
	unsigned int i, j;

	for (i = 0; s->vals && i < s->nr_keys; i++)
		for (j = 0; j < s->vals[i].nr; j++)
			free(s->vals[i].str[j]);
	free(s->vals);
	memset(s, 0, sizeof(*s));
}

static struct bench_val *section_find(struct bench_section *s, const char *key)
{
	unsigned int i;

	for (i = 0; i < s->nr_keys; i++)
		if (!strcmp(s->keys[i].name, key))
			return &s->vals[i];
	return NULL;
}

const struct bench_val *bench_section_val(const struct bench_section *s, const char *key)
{
	return section_find((struct bench_section *)s, key);
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
	return *name && !name_check(name, BENCH_NAME_MAX - 1, NULL, 0);
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
			return trim(p->ent[i].value);
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
		section_free(s);
		return NULL;
	}
	(*nr)++;
	*created = 1;
	return s;
}

static int conf_build(struct conf_parse *p, struct bench_conf *conf)
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
		struct bench_section *s = NULL;
		struct bench_val *val;
		const char *name;
		char kind[32];
		int created;

		if (e->dup)
			continue;
		section_split(e->section, kind, sizeof(kind), &name);
		if (!strcmp(kind, "global") && !*name) {
			s = &conf->global;
		} else if (!strcmp(kind, "target") && !*name) {
			s = &conf->target;
		} else if (!strcmp(kind, "model") && !*name) {
			s = &conf->model;
		} else if (!strcmp(kind, "workload") || !strcmp(kind, "sweep")) {
			int is_wl = !strcmp(kind, "workload");
			const struct bench_workload_ops *ops = NULL;

			if (!name_ok(name)) {
				conf_error(p, e->line, "[%s]: the %s needs a name of letters, digits, '-', '_' or '.' ([%s NAME])",
					   e->section, kind, kind);
				continue;
			}
			if (is_wl) {
				/* the workload type decides the key table: find it first */
				const struct conf_entry *te = section_type(p, e->section);
				const char *type = te ? trim(te->value) : NULL;

				if (bench_conf_workload(conf, name))
					goto have_section;
				if (!type) {
					conf_error(p, first_line(p, e->section),
						   "[%s]: no 'type' key; a workload needs type = %s",
						   e->section, bench_workload_names());
					/* report once per section: mark it by a keyless twin */
					s = named_section_get(p, &conf->workloads, &conf->nr_workloads,
							      name, e->line, NULL, 0, &created);
					if (!s)
						return -ENOMEM;
					continue;
				}
				ops = bench_workload_find(type);
				if (!ops) {
					conf_error(p, first_line(p, e->section),
						   "[%s] type: '%s' is not a workload; use one of %s",
						   e->section, type, bench_workload_names());
					s = named_section_get(p, &conf->workloads, &conf->nr_workloads,
							      name, e->line, NULL, 0, &created);
					if (!s)
						return -ENOMEM;
					continue;
				}
have_section:
				s = named_section_get(p, &conf->workloads, &conf->nr_workloads, name,
						      e->line, ops ? ops->keys : NULL,
						      ops ? ops->nr_keys : 0, &created);
				if (!s)
					return -ENOMEM;
				if (created)
					s->ops = ops;
				if (!s->keys)
					continue;	/* bad type, already reported */
				if (!strcmp(e->key, "type")) {
					if (te && te != e)
						conf_error(p, e->line, "[%s] type: set twice (first on line %d)",
							   e->section, te->line);
					continue;
				}
			} else {
				s = named_section_get(p, &conf->sweeps, &conf->nr_sweeps, name, e->line,
						      bench_sweep_keys, bench_nr_sweep_keys, &created);
				if (!s)
					return -ENOMEM;
			}
		} else {
			conf_error(p, e->line, "[%s]: unknown section; sections are [global], [target], [model], [workload NAME], [sweep NAME]",
				   e->section);
			continue;
		}

		val = section_find(s, e->key);
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
		ret = val_set(p, e->section, val, e->value, e->line);
		if (ret == -ENOMEM)
			return ret;
	}
	return 0;
}

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
		bool read = false, any = false;

		if (val_is_default(v))
			continue;
		for (i = 0; i < cells.nr && !read; i++) {
			const struct bench_cell *c = &cells.cell[i];
			const char *knob = c->sweep ? bench_section_str(c->sweep, "knob") : NULL;

			/* a sweep of this knob sets it itself */
			if (knob && !strcmp(knob, v->key->name))
				continue;
			any = true;
			read = cell_reads_knob(conf, c, v->key->name, &who);
		}
		if (!any)
			conf_error(p, v->line, "[model] %s: every cell runs a sweep of it: the value would be ignored",
				   v->key->name);
		else if (!read)
			conf_error(p, v->line, "[model] %s: read only by %s, and no cell runs it: the value would be ignored",
				   v->key->name, who);
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
static void conf_validate(struct conf_parse *p, struct bench_conf *conf)
{
	unsigned int i, j, k;

	for (i = 0; i < conf->nr_sweeps; i++) {
		struct bench_section *s = &conf->sweeps[i];
		const struct bench_val *knob = section_find(s, "knob");
		const struct bench_val *path = section_find(s, "path");
		const struct bench_val *values = section_find(s, "values");
		const struct bench_val *wls = section_find(s, "workloads");

		if (!!knob->nr == !!path->nr)
			conf_error(p, s->line, "[sweep %s]: set exactly one of 'knob' (model) or 'path' (hw)",
				   s->name);
		if (!values->nr && !values->line)	/* an empty one was reported at its line */
			conf_error(p, s->line, "[sweep %s] values: missing; list the values to sweep",
				   s->name);
		if (knob->nr) {
			struct bench_val *mk = section_find(&conf->model, knob->str[0]);
			struct bench_val *vals = section_find(s, "values");

			if (!mk || mk->key->list || mk->key->type == BENCH_KEY_STR) {
				conf_error(p, knob->line, "[sweep %s] knob: '%s' is not a model knob; use one of cmds_per_sync, ril, lazy, fq_size, fq_timeout_ns, map_sg, cons_polls, iotlb_entries, cpus, seed",
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

void bench_conf_free(struct bench_conf *conf)
{
	unsigned int i;

	if (!conf)
		return;
	section_free(&conf->global);
	section_free(&conf->target);
	section_free(&conf->model);
	for (i = 0; i < conf->nr_workloads; i++)
		section_free(&conf->workloads[i]);
	free(conf->workloads);
	for (i = 0; i < conf->nr_sweeps; i++)
		section_free(&conf->sweeps[i]);
	free(conf->sweeps);
	free(conf->path);
	free(conf->text);
	free(conf);
}

struct bench_conf *bench_conf_load_string(const char *name, const char *text, FILE *err)
{
	struct conf_parse p = { .file = name, .err = err, .rd = { .text = text } };
	struct bench_conf *conf;
	int ret, err_no = EINVAL;
	size_t i;

	conf = calloc(1, sizeof(*conf));
	if (!conf)
		return NULL;
	conf->path = strdup(name);
	conf->text = strdup(text);
	if (!conf->path || !conf->text)
		goto nomem;

	ret = ini_parse_stream(conf_read_line, &p.rd, conf_handler, &p);
	if (p.nomem || p.rd.nomem)
		goto nomem;
	if (p.rd.long_line)
		conf_error(&p, p.rd.long_line, "line longer than %d characters", INI_MAX_LINE - 2);
	else if (ret > 0)
		conf_error(&p, ret, "syntax error: expected [section], key = value, or a comment (# or ;)");
	if (conf_build(&p, conf) == -ENOMEM)
		goto nomem;
	conf_validate(&p, conf);
	if (!conf->nr_workloads)
		conf_error(&p, 0, "no [workload NAME] section: nothing to run");

	for (i = 0; i < p.nr_ent; i++) {
		free(p.ent[i].section);
		free(p.ent[i].key);
		free(p.ent[i].value);
	}
	free(p.ent);
	free(p.rd.hdr);
	if (p.nr_errors) {
		bench_conf_free(conf);
		errno = err_no;
		return NULL;
	}
	return conf;
nomem:
	for (i = 0; i < p.nr_ent; i++) {
		free(p.ent[i].section);
		free(p.ent[i].key);
		free(p.ent[i].value);
	}
	free(p.ent);
	free(p.rd.hdr);
	bench_conf_free(conf);
	errno = ENOMEM;
	return NULL;
}

/* PATH is a directory: say so, and name the bench.conf in it if there is one. */
static void conf_load_dir_error(const char *path, FILE *err)
{
	char inside[4096];
	struct stat st;

	if (!err)
		return;
	if (snprintf(inside, sizeof(inside), "%s/bench.conf", path) < (int)sizeof(inside) &&
	    !stat(inside, &st) && S_ISREG(st.st_mode))
		fprintf(err, "%s: %s; did you mean %s?\n", path, strerror(EISDIR), inside);
	else
		fprintf(err, "%s: %s; give a bench.conf file\n", path, strerror(EISDIR));
}

struct bench_conf *bench_conf_load(const char *path, FILE *err)
{
	struct bench_conf *conf;
	char *text = NULL;
	size_t len = 0;
	FILE *f, *mem;
	char buf[4096];
	struct stat st;
	size_t n;
	int e;

	f = fopen(path, "r");
	if (!f) {
		e = errno;
		if (err)
			fprintf(err, "%s: %s\n", path, strerror(e));
		errno = e;
		return NULL;
	}
	/* fopen() takes a directory; its reads fail, and it looked like an empty file */
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		conf_load_dir_error(path, err);
		errno = EISDIR;
		return NULL;
	}
	mem = open_memstream(&text, &len);
	if (!mem) {
		fclose(f);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, mem);
	e = ferror(f) ? errno : 0;
	fclose(f);
	if (fclose(mem)) {
		free(text);
		return NULL;
	}
	if (e) {
		if (err)
			fprintf(err, "%s: %s\n", path, strerror(e));
		free(text);
		errno = e;
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		if (err)
			fprintf(err, "%s: not a text file (contains NUL bytes)\n", path);
		free(text);
		errno = EINVAL;
		return NULL;
	}
	conf = bench_conf_load_string(path, text, err);
	free(text);
	return conf;
}
