// SPDX-License-Identifier: GPL-2.0
/*
 * A results.jsonl line into a row. The writer's own layout is read in one
 * pass: json-c builds and frees an object of nine members per line, about
 * 17,000 instructions a row, the most of what compare and ingest spent at
 * 1,000 cells. Anything else goes to json-c, so every line the fast reader
 * takes is one json-c reads the same way (tests/unit/test_report_row_scan.c
 * compares the two); both then pass the same checks.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "common.h"
#include "row_read.h"

enum field_type { F_STRING, F_UINT, F_NUMBER };

#define KEY(k) "\"" k "\":", sizeof(k) + 2	/* with its quotes and colon, and its length */

static const struct {
	const char *key;
	size_t len;
	enum field_type type;
	int slot;		/* ROW_* for a string; 0 rep, 1 n for a uint */
} fields[] = {
	{ KEY("cell"), F_STRING, ROW_CELL },
	{ KEY("design"), F_STRING, ROW_DESIGN },
	{ KEY("workload"), F_STRING, ROW_WORKLOAD },
	{ KEY("rep"), F_UINT, 0 },
	{ KEY("op"), F_STRING, ROW_OP },
	{ KEY("metric"), F_STRING, ROW_METRIC },
	{ KEY("unit"), F_STRING, ROW_UNIT },
	{ KEY("value"), F_NUMBER, 0 },
	{ KEY("n"), F_UINT, 1 },
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* p at the opening quote; the closing one, or NULL for an escape or a byte outside ' '..'~' */
static char *string_scan(char *p)
{
	for (p++; *p != '"'; p++)
		if (*p < ' ' || *p > '~' || *p == '\\')
			return NULL;
	return p;
}

/* 1 to 18 digits, no leading zero (json-c reads more, and leading zeros, its own way) */
static char *uint_scan(char *p, uint64_t *v)
{
	char *q;

	if (*p == '0' && is_digit(p[1]))
		return NULL;
	for (*v = 0, q = p; is_digit(*q); q++)
		*v = *v * 10 + (uint64_t)(*q - '0');
	return q > p && q - p <= 18 ? q : NULL;
}

/*
 * A JSON number. json-c makes one without '.', 'e' or 'E' an int64 (and
 * its double the int64's), any other a double by strtod().
 */
static char *number_scan(char *p, double *v)
{
	char *q = p + (*p == '-'), *end;
	uint64_t u;
	int is_double = 0;

	q = uint_scan(q, &u);
	if (!q)
		return NULL;
	if (*q == '.') {
		is_double = 1;
		if (!is_digit(*++q))
			return NULL;
		while (is_digit(*q))
			q++;
	}
	if (*q == 'e' || *q == 'E') {
		is_double = 1;
		q += q[1] == '+' || q[1] == '-' ? 2 : 1;
		if (!is_digit(*q))
			return NULL;
		while (is_digit(*q))
			q++;
	}
	if (!is_double) {
		*v = (double)(*p == '-' ? -(int64_t)u : (int64_t)u);
		return q;
	}
	errno = 0;
	*v = strtod(p, &end);
	return end == q && !errno ? q : NULL;
}

int report_row_scan(char *line, struct report_row_scan *out)
{
	char *p = line, *end[ROW_NR_STRINGS];
	uint64_t u;
	size_t i;

	if (*p++ != '{')
		return 0;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (i && *p++ != ',')
			return 0;
		if (strncmp(p, fields[i].key, fields[i].len))
			return 0;
		p += fields[i].len;
		switch (fields[i].type) {
		case F_STRING:
			if (*p != '"' || !(end[fields[i].slot] = string_scan(p)))
				return 0;
			out->s[fields[i].slot] = p + 1;
			p = end[fields[i].slot] + 1;
			break;
		case F_UINT:
			if (!(p = uint_scan(p, &u)))
				return 0;
			if (fields[i].slot)
				out->n = u;
			else
				out->rep = (int64_t)u;
			break;
		case F_NUMBER:
			if (!(p = number_scan(p, &out->value)))
				return 0;
			break;
		}
	}
	if (p[0] != '}' || p[1])
		return 0;
	for (i = 0; i < ROW_NR_STRINGS; i++)
		*end[i] = '\0';
	return 1;
}

/* The checks json-c cannot make; shared by both readers of a row. */
static int row_check(struct report_row *r, int64_t rep, const char **bad)
{
	if (rep < 0 || rep > INT_MAX) {
		*bad = "rep";
		return -ERANGE;
	}
	r->rep = (int)rep;
	/* NaN and infinities are not measurements; json-c accepts them */
	if (!isfinite(r->value)) {
		*bad = "value";
		return -ERANGE;
	}
	/* a lost-event count is a whole number of events, summed as uint64_t */
	if (!strcmp(r->metric, "lost_events") &&
	    (r->value < 0 || r->value != floor(r->value) || r->value >= 0x1p63)) {
		*bad = "value";
		return -ERANGE;
	}
	return 0;
}

/*
 * The interned copy of s; rows come cell by cell, so a field is most often
 * the last row's: *last is checked before the pool's hash.
 */
static const char *row_intern(struct str_pool *pool, const char **last, const char *s)
{
	if (!*last || strcmp(*last, s))
		*last = str_pool_intern(pool, s);
	return *last;
}

static int row_parse(struct json_object *o, struct str_pool *pool, const char **last,
		     struct report_row *r, const char **bad)
{
	static const char *const skeys[] = { "cell", "design", "workload", "op", "metric", "unit" };
	const char **sdst[] = { &r->cell, &r->design, &r->workload, &r->op, &r->metric, &r->unit };
	struct json_object *v;
	int64_t rep;
	size_t i;
	int ret;

	for (i = 0; i < 6; i++) {
		if (!json_object_object_get_ex(o, skeys[i], &v) ||
		    !json_object_is_type(v, json_type_string)) {
			*bad = skeys[i];
			return -EINVAL;
		}
		*sdst[i] = row_intern(pool, &last[i], json_object_get_string(v));
		if (!*sdst[i])
			return -ENOMEM;
	}
	/* json-c clamps an out-of-range int to INT_MAX: range-check the int64 */
	if (!json_object_object_get_ex(o, "rep", &v) || !json_object_is_type(v, json_type_int)) {
		*bad = "rep";
		return -EINVAL;
	}
	rep = json_object_get_int64(v);
	if (rep < 0 || rep > INT_MAX)
		return row_check(r, rep, bad);
	if (!json_object_object_get_ex(o, "value", &v) ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))) {
		*bad = "value";
		return -EINVAL;
	}
	r->value = json_object_get_double(v);
	ret = row_check(r, rep, bad);
	if (ret)
		return ret;
	if (!json_object_object_get_ex(o, "n", &v) || !json_object_is_type(v, json_type_int)) {
		*bad = "n";
		return -EINVAL;
	}
	r->n = json_object_get_uint64(v);
	return 0;
}

/* A line report_row_scan() read: the same row row_parse() makes of it. */
static int row_scanned(const struct report_row_scan *sc, struct str_pool *pool,
		       const char **last, struct report_row *r, const char **bad)
{
	const char **sdst[] = { &r->cell, &r->design, &r->workload, &r->op, &r->metric, &r->unit };
	size_t i;

	for (i = 0; i < ROW_NR_STRINGS; i++) {
		*sdst[i] = row_intern(pool, &last[i], sc->s[i]);
		if (!*sdst[i])
			return -ENOMEM;
	}
	r->value = sc->value;
	r->n = sc->n;
	return row_check(r, sc->rep, bad);
}

int report_row_read(char *line, struct json_tokener *tok, struct str_pool *pool,
		    const char **last, struct report_row *r, const char **bad)
{
	struct report_row_scan sc;
	struct json_object *o;
	enum json_tokener_error jerr;
	int ret;

	if (report_row_scan(line, &sc))
		return row_scanned(&sc, pool, last, r, bad);
	/* as json_tokener_parse_verbose(), with one tokener for the whole file */
	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, line, -1);
	jerr = json_tokener_get_error(tok);
	if (jerr != json_tokener_success || !o || !json_object_is_type(o, json_type_object)) {
		*bad = jerr != json_tokener_success || !o ? json_tokener_error_desc(jerr) :
		       "wrong type";
		json_object_put(o);
		return -EBADMSG;
	}
	ret = row_parse(o, pool, last, r, bad);
	json_object_put(o);
	return ret;
}
