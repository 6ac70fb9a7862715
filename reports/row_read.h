/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results.jsonl line into a row (struct report_row): the layout the
 * writer gives rows (report_run_metric_add()) read without building a JSON
 * object, any other line by json-c. Private to reports/: the loader
 * (run_load.c) reads every line through report_row_read().
 */
#ifndef REPORT_ROW_READ_H
#define REPORT_ROW_READ_H

#include <stdint.h>

#include "reports.h"

struct json_tokener;
struct str_pool;

enum { ROW_CELL, ROW_DESIGN, ROW_WORKLOAD, ROW_OP, ROW_METRIC, ROW_UNIT, ROW_NR_STRINGS };

struct report_row_scan {
	const char *s[ROW_NR_STRINGS];	/* into the line, terminated in place */
	int64_t rep;
	double value;
	uint64_t n;
};

/*
 * line, NUL-terminated and without its newline, is exactly
 * {"cell":S,"design":S,"workload":S,"rep":U,"op":S,"metric":S,"unit":S,
 * "value":N,"n":U} with S a string of printable ASCII without escapes, U up
 * to 18 digits and N a JSON number strtod() reads without ERANGE; no
 * space, nothing after. Then 1, out filled as json-c would fill it and the
 * strings terminated in the line; else 0 and the line untouched.
 */
int report_row_scan(char *line, struct report_row_scan *out);

/*
 * One line (NUL-terminated, without its newline; modified) into *r, its
 * strings interned in pool; last[ROW_NR_STRINGS] holds the previous row's,
 * checked before the pool's hash (rows come cell by cell), NULL at first.
 * 0; -ENOMEM; -EINVAL or -ERANGE with *bad the field that is missing, of
 * the wrong type or out of range; -EBADMSG when the line is not a JSON
 * object, *bad saying what json-c found. tok: json-c's, reused line to line.
 */
int report_row_read(char *line, struct json_tokener *tok, struct str_pool *pool,
		    const char **last, struct report_row *r, const char **bad);

#endif
