// SPDX-License-Identifier: GPL-2.0
/*
 * The loader's fast reader of results.jsonl rows (report_row_scan(),
 * reports/row_read.c) against json-c, differentially: whatever line it
 * accepts, json-c must read to the same six strings, rep, value (to the
 * bit) and n, and a line it refuses must come back untouched for json-c.
 * A disagreement aborts, so libFuzzer keeps the line as a crash.
 *
 * The input is one line: cut at its first NUL or newline, as the loader
 * cuts results.jsonl.
 */
#include <stdint.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "common.h"
#include "row_read.h"
#include "fuzz_harness.h"

static const char *const keys[ROW_NR_STRINGS] = {
	[ROW_CELL] = "cell", [ROW_DESIGN] = "design", [ROW_WORKLOAD] = "workload",
	[ROW_OP] = "op", [ROW_METRIC] = "metric", [ROW_UNIT] = "unit",
};

static void disagree(const char *line, const char *what)
{
	fprintf(stderr, "fuzz_row_scan: the fast reader and json-c disagree on %s: %s\n",
		what, line);
	abort();
}

/* json-c's reading of an accepted line, field by field, against the scan's */
static void row_check(const char *line, const struct report_row_scan *sc)
{
	struct json_object *o = json_tokener_parse(line), *v;
	double d;
	size_t i;

	if (!o || !json_object_is_type(o, json_type_object))
		disagree(line, "whether it is a JSON object");
	for (i = 0; i < ROW_NR_STRINGS; i++) {
		if (!json_object_object_get_ex(o, keys[i], &v) ||
		    !json_object_is_type(v, json_type_string) ||
		    strcmp(json_object_get_string(v), sc->s[i]))
			disagree(line, keys[i]);
	}
	if (!json_object_object_get_ex(o, "rep", &v) || !json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) != sc->rep)
		disagree(line, "rep");
	if (!json_object_object_get_ex(o, "value", &v))
		disagree(line, "value");
	d = json_object_get_double(v);
	if (memcmp(&d, &sc->value, sizeof(d)))
		disagree(line, "value's bits");
	if (!json_object_object_get_ex(o, "n", &v) || !json_object_is_type(v, json_type_int) ||
	    json_object_get_uint64(v) != sc->n)
		disagree(line, "n");
	json_object_put(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_row_scan sc;
	char *line, *copy;
	size_t len;

	line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	len = strcspn(line, "\n");
	line[len] = '\0';
	copy = strdup(line);
	if (!copy)
		goto out;
	if (report_row_scan(copy, &sc))
		row_check(line, &sc);
	else if (strcmp(copy, line))
		disagree(line, "a refused line left untouched");
	free(copy);
out:
	free(line);
	return 0;
}
