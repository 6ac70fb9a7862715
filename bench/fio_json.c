// SPDX-License-Identifier: GPL-2.0
/* fio's JSON output (fio's stat.c, show_thread_status_json()) read with json-c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fio.h"

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static double num(struct json_object *o, const char *key, double def)
{
	struct json_object *v = get(o, key);

	if (!v || (!json_object_is_type(v, json_type_int) &&
		   !json_object_is_type(v, json_type_double)))
		return def;
	return json_object_get_double(v);
}

/* fio names percentiles "50.000000", "99.900000" (%f of the percentile). */
static double pct(struct json_object *clat, double p)
{
	struct json_object *pc = get(clat, "percentile");
	char key[32];

	snprintf(key, sizeof(key), "%f", p);
	return num(pc, key, NAN);
}

static int dir_parse(struct json_object *job, const char *name, struct bench_fio_dir *d,
		     char *err, size_t err_len)
{
	struct json_object *o = get(job, name), *clat, *lat;

	memset(d, 0, sizeof(*d));
	d->clat_p50_ns = d->clat_p90_ns = d->clat_p99_ns = d->clat_p99_9_ns = NAN;
	if (!o) {
		snprintf(err, err_len, "jobs[0].%s: missing", name);
		return -EINVAL;
	}
	d->io_bytes = num(o, "io_bytes", 0);
	d->total_ios = num(o, "total_ios", 0);
	d->iops = num(o, "iops", 0);
	d->bw_bytes = num(o, "bw_bytes", NAN);
	if (isnan(d->bw_bytes))
		d->bw_bytes = num(o, "bw", 0) * 1024.0;	/* older fio: KiB/s */
	d->runtime_ms = num(o, "runtime", 0);
	clat = get(o, "clat_ns");
	if (clat) {
		d->clat_n = num(clat, "N", 0);
		d->clat_min_ns = num(clat, "min", 0);
		d->clat_max_ns = num(clat, "max", 0);
		d->clat_mean_ns = num(clat, "mean", 0);
		d->clat_stddev_ns = num(clat, "stddev", 0);
		d->clat_p50_ns = pct(clat, 50.0);
		d->clat_p90_ns = pct(clat, 90.0);
		d->clat_p99_ns = pct(clat, 99.0);
		d->clat_p99_9_ns = pct(clat, 99.9);
	} else if (d->total_ios) {
		snprintf(err, err_len, "jobs[0].%s.clat_ns: missing (fio older than 3.0?)", name);
		return -EINVAL;
	}
	lat = get(o, "lat_ns");
	d->lat_mean_ns = num(lat, "mean", 0);
	return 0;
}

int bench_fio_json_parse(const char *text, struct bench_fio_result *out, char *err,
			 size_t err_len)
{
	const char *brace = strchr(text, '{');
	struct json_tokener *tok;
	struct json_object *root, *jobs, *job, *v;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!brace) {
		snprintf(err, err_len, "no JSON object in fio's output");
		return -EINVAL;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	root = json_tokener_parse_ex(tok, brace, strlen(brace));
	if (!root) {
		snprintf(err, err_len, "fio JSON: %s at offset %zu",
			 json_tokener_error_desc(json_tokener_get_error(tok)),
			 (size_t)(brace - text) + json_tokener_get_parse_end(tok));
		json_tokener_free(tok);
		return -EINVAL;
	}
	json_tokener_free(tok);
	v = get(root, "fio version");
	snprintf(out->version, sizeof(out->version), "%s", v ? json_object_get_string(v) : "?");
	jobs = get(root, "jobs");
	if (!jobs || !json_object_is_type(jobs, json_type_array) ||
	    !json_object_array_length(jobs)) {
		snprintf(err, err_len, "fio JSON: no \"jobs\" array");
		ret = -EINVAL;
		goto out;
	}
	job = json_object_array_get_idx(jobs, 0);
	out->error = num(job, "error", 0);
	ret = dir_parse(job, "read", &out->read, err, err_len);
	ret = ret ?: dir_parse(job, "write", &out->write, err, err_len);
	out->usr_cpu = num(job, "usr_cpu", 0);
	out->sys_cpu = num(job, "sys_cpu", 0);
	out->ctx = num(job, "ctx", 0);
out:
	json_object_put(root);
	return ret;
}
