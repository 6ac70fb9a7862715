// SPDX-License-Identifier: GPL-2.0
/*
 * The writer's own row layout, read in one pass: json-c builds and frees
 * an object of nine members per line, about 17,000 instructions a row, the
 * most of what compare and ingest spent at 1,000 cells. Anything this does
 * not recognise goes to json-c, so every accepted line is one json-c reads
 * the same way (tests/unit/test_report_load.c compares the two).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "row_scan.h"

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
