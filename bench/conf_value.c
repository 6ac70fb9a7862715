// SPDX-License-Identifier: GPL-2.0
/*
 * bench.conf values: one value (or list) of a key, checked against the
 * key's type, range and choices (struct bench_key).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_int.h"

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
int conf_name_check(const char *s, size_t max, char *why, size_t why_len)
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
		return conf_name_check(s, key->max, why, why_len);
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
int conf_val_set(struct conf_parse *p, const char *sec, struct bench_val *val,
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
		char *t = conf_trim(copy);

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
	} else if (!*conf_trim(copy)) {
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
			char *t = conf_trim(tok);

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
