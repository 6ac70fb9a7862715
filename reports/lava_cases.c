// SPDX-License-Identifier: GPL-2.0
/* A loaded run as LAVA test cases (the name format is in reports.h). */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "reports.h"

#define LAVA_NAME_MAX 1024

/* "smmubench.<kind>.<f1>.<f2>...": each field escaped; NULL ends the list */
static int lava_name(char *buf, size_t len, const char *kind, const char *const *f, size_t nr)
{
	size_t o;
	size_t i;
	int ret;

	ret = fmt_buf(buf, len, "smmubench.%s", kind);
	for (i = 0; !ret && i < nr; i++) {
		o = strlen(buf);
		if (o + 2 >= len)
			return -ENAMETOOLONG;
		buf[o++] = '.';
		ret = report_lava_field_esc(buf + o, len - o, f[i]);
	}
	return ret;
}

static int emit(report_lava_case_fn fn, void *ctx, const char *name, const char *result,
		const char *measurement, const char *units)
{
	struct report_lava_case c = {
		.name = name, .result = result, .measurement = measurement, .units = units,
	};

	return fn(&c, ctx);
}

static int meta_case(report_lava_case_fn fn, void *ctx, const char *key, const char *val)
{
	char name[LAVA_NAME_MAX];
	const char *f[2] = { key, val };
	int ret;

	if (!val)
		return 0;
	ret = lava_name(name, sizeof(name), "meta", f, 2);
	return ret ? ret : emit(fn, ctx, name, "pass", NULL, NULL);
}

/* "designs": the meta.json array as a comma list ("native,paravirt") */
static int meta_designs_case(const struct report_rundata *rd, report_lava_case_fn fn, void *ctx)
{
	struct json_object *o;
	char list[LAVA_NAME_MAX];
	size_t d, n = 0;

	if (!json_object_object_get_ex(rd->meta, "designs", &o) ||
	    !json_object_is_type(o, json_type_array))
		return 0;
	list[0] = '\0';
	for (d = 0; d < json_object_array_length(o) && n < sizeof(list); d++)
		n += snprintf(list + n, sizeof(list) - n, "%s%s", d ? "," : "",
			      json_object_get_string(json_object_array_get_idx(o, d)));
	if (n >= sizeof(list))
		return -ENAMETOOLONG;
	return meta_case(fn, ctx, "designs", list);
}

/* the meta.json facts a dashboard row needs, as meta cases */
static int lava_meta_cases(const struct report_rundata *rd, report_lava_case_fn fn, void *ctx)
{
	static const char *const top[] = { "run_id", "label", "status", "target", "profile",
					   "board", "host", "start" };
	static const char *const sub[][2] = {
		{ "kernel", "release" }, { "kernel", "version" }, { "kernel", "machine" },
		{ "kernel", "cmdline" },
		{ "smmubench", "version" }, { "smmubench", "gitrev" },
	};
	struct json_object *o, *v;
	char key[64], num[32];
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(top); i++)
		ret = meta_case(fn, ctx, top[i], report_rundata_meta(rd, top[i]));
	for (i = 0; !ret && i < ARRAY_SIZE(sub); i++) {
		snprintf(key, sizeof(key), "%s_%s", sub[i][0], sub[i][1]);
		if (json_object_object_get_ex(rd->meta, sub[i][0], &o) &&
		    json_object_object_get_ex(o, sub[i][1], &v) &&
		    json_object_is_type(v, json_type_string))
			ret = meta_case(fn, ctx, key, json_object_get_string(v));
	}
	if (!ret && json_object_object_get_ex(rd->meta, "start_epoch_s", &v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_object_get_int64(v));
		ret = meta_case(fn, ctx, "start_epoch_s", num);
	}
	return ret ? ret : meta_designs_case(rd, fn, ctx);
}

int report_lava_cases(const struct report_rundata *rd, report_lava_case_fn fn, void *ctx)
{
	char name[LAVA_NAME_MAX], rep[16], val[40], units[256];
	const char *f[4];
	size_t i;
	int ret;

	ret = lava_meta_cases(rd, fn, ctx);
	for (i = 0; !ret && i < rd->nr_cells; i++) {
		const struct report_cell *c = &rd->cells[i];

		f[0] = c->name;
		f[1] = c->design;
		f[2] = c->workload;
		f[3] = c->params;
		ret = lava_name(name, sizeof(name), "cell", f, 4);
		if (!ret)
			ret = emit(fn, ctx, name, "pass", NULL, NULL);
	}
	for (i = 0; !ret && i < rd->nr_rows; i++) {
		const struct report_row *r = &rd->rows[i];

		snprintf(rep, sizeof(rep), "%d", r->rep);
		/* %.17g: the double back bit for bit (LAVA keeps a float) */
		snprintf(val, sizeof(val), "%.17g", r->value);
		f[0] = r->cell;
		f[1] = rep;
		f[2] = r->op;
		f[3] = r->metric;
		ret = lava_name(name, sizeof(name), "kpi", f, 4);
		if (!ret)
			ret = report_lava_units_esc(units, sizeof(units), r->unit);
		if (!ret)
			ret = emit(fn, ctx, name, "pass", val, units);
	}
	for (i = 0; !ret && i < rd->nr_errors; i++) {
		/* "CELL rep N: message" or "run: message"; the message stays in the log */
		char cell[256] = "";
		int r = 0;

		if (sscanf(rd->errors[i], "%255s rep %d:", cell, &r) != 2) {
			snprintf(cell, sizeof(cell), "run");
			r = 0;
		}
		snprintf(rep, sizeof(rep), "%d", r);
		f[0] = cell;
		f[1] = rep;
		ret = lava_name(name, sizeof(name), "error", f, 2);
		if (!ret)
			ret = emit(fn, ctx, name, "fail", NULL, NULL);
	}
	return ret;
}
