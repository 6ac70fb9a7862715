/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.jsonl rows in the layout the writer gives them
 * (report_run_metric_add()), read without building a JSON object. Private
 * to reports/: the loader (run_load.c) tries this first and hands any other
 * line to json-c.
 */
#ifndef REPORT_ROW_SCAN_H
#define REPORT_ROW_SCAN_H

#include <stdint.h>

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

#endif
