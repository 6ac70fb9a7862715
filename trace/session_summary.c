// SPDX-License-Identifier: GPL-2.0
/*
 * What a session leaves behind: summary.json (the window, every source's
 * lost events, what was not collected, every op with its histograms) and
 * the run directory (dir/raw/<n>-<kind>/ + dir/summary.json).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "common.h"
#include "nest.h"
#include "session_int.h"

static struct json_object *u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static struct json_object *source_json(const struct trace_source *src)
{
	struct json_object *o = json_object_new_object(), *cpus = json_object_new_array();
	unsigned int i;

	json_object_object_add(o, "spec", json_object_new_string(src->spec));
	json_object_object_add(o, "kind", json_object_new_string(src->ops->kind));
	json_object_object_add(o, "nr_cpus", u64(src->nr_cpus));
	json_object_object_add(o, "events", u64(src->nr_recs));
	json_object_object_add(o, "bytes", u64(src->bytes));
	json_object_object_add(o, "lost_events", u64(src->lost));
	for (i = 0; i < src->nr_cpus; i++)
		json_object_array_add(cpus, u64(src->lost_cpu[i]));
	json_object_object_add(o, "lost_events_per_cpu", cpus);
	json_object_object_add(o, "bad_lines", u64(src->bad_lines));
	json_object_object_add(o, "decode_interrupted", json_object_new_boolean(src->decode_cut));
	json_object_object_add(o, "cpus_not_read", u64(src->cpus_not_read));
	json_object_object_add(o, "bad_pages", u64(src->bad_pages));
	return o;
}

static int op_json(const struct trace_session *s, const struct trace_op_stats *op,
		   struct json_object **out)
{
	struct json_object *o = json_object_new_object(), *h, *cpus;
	unsigned int c;
	char key[16];
	int ret;

	json_object_object_add(o, "name", json_object_new_string(op->name));
	json_object_object_add(o, "unit", json_object_new_string(op->unit));
	json_object_object_add(o, "source", json_object_new_string(op->source));
	json_object_object_add(o, "count", u64(op->count));
	json_object_object_add(o, "lost_events", u64(op->lost));
	json_object_object_add(o, "unmatched", u64(op->unmatched));
	json_object_object_add(o, "rate_per_s",
			       json_object_new_double(s->window_ns ? op->count * 1e9 / s->window_ns : 0));
	if (op->hist) {
		ret = trace_hist_to_json(op->hist, &h);
		if (ret) {
			json_object_put(o);
			return ret;
		}
		/* batch-size distributions carry their own unit */
		json_object_object_add(h, "unit", json_object_new_string(op->unit));
		json_object_object_add(o, "hist", h);
		cpus = json_object_new_object();
		for (c = 0; c < op->nr_cpus; c++) {
			if (!op->cpu_hist[c] || trace_hist_to_json(op->cpu_hist[c], &h))
				continue;
			json_object_object_add(h, "unit", json_object_new_string(op->unit));
			snprintf(key, sizeof(key), "%u", c);
			json_object_object_add(cpus, key, h);
		}
		json_object_object_add(o, "per_cpu", cpus);
	}
	*out = o;
	return 0;
}

int trace_session_summary_json(const struct trace_session *s, struct json_object **out)
{
	struct json_object *o = json_object_new_object(), *srcs, *ops, *op, *missing;
	const char *spec;
	unsigned int i;
	int ret;

	if (!o)
		return -ENOMEM;
	json_object_object_add(o, "tool", json_object_new_string("smmubench"));
	json_object_object_add(o, "version", json_object_new_string(SMMUBENCH_VERSION));
	json_object_object_add(o, "window_ns", u64(s->window_ns));
	json_object_object_add(o, "window_from",
			       json_object_new_string(s->window_from_events ? "event timestamps"
									     : "wall clock"));
	json_object_object_add(o, "lost_events", u64(trace_session_lost(s)));
	srcs = json_object_new_array();
	for (i = 0; i < s->nr_src; i++)
		json_object_array_add(srcs, source_json(&s->src[i]));
	json_object_object_add(o, "sources", srcs);
	/* asked for but refused by the kernel: never silent */
	missing = json_object_new_array();
	for (i = 0; i < trace_session_nr_missing(s); i++) {
		const struct trace_missing *m = trace_session_missing(s, i, &spec);
		struct json_object *mo = json_object_new_object();

		json_object_object_add(mo, "item", json_object_new_string(m->item));
		json_object_object_add(mo, "source", json_object_new_string(spec));
		json_object_object_add(mo, "reason", json_object_new_string(m->reason));
		json_object_array_add(missing, mo);
	}
	json_object_object_add(o, "not_collected", missing);
	ops = json_object_new_array();
	json_object_object_add(o, "ops", ops);
	for (i = 0; i < trace_session_nr_ops(s); i++) {
		ret = op_json(s, trace_session_op(s, i), &op);
		if (ret) {
			json_object_put(o);
			return ret;
		}
		json_object_array_add(ops, op);
	}
	if (trace_session_nest(s)) {
		ret = trace_nest_to_json(trace_session_nest(s), &op);
		if (ret) {
			json_object_put(o);
			return ret;
		}
		json_object_object_add(o, "breakdown", op);
	}
	*out = o;
	return 0;
}

/* not json_object_to_file_ext(): it turns ENOSPC into -1 and a message */
static int summary_write(const char *path, struct json_object *o)
{
	const char *text;
	int fd, ret;

	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ret = fd_write_all(fd, text, strlen(text));
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int trace_session_write(const struct trace_session *s, const char *dir)
{
	struct json_object *o;
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	ret = dir_make_p(dir);
	if (ret) {
		trace_err("%s: %s\n", dir, strerror(-ret));
		return ret;
	}
	for (i = 0; i < s->nr_src; i++) {
		struct trace_source *src = (struct trace_source *)&s->src[i];

		snprintf(path, sizeof(path), "%s/raw/%u-%s", dir, i, src->ops->kind);
		ret = dir_make_p(path);
		if (!ret)
			ret = src->ops->save(src, path);
		if (ret)
			return ret;
	}
	ret = trace_session_summary_json(s, &o);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	ret = summary_write(path, o);
	if (ret)
		trace_err("%s: %s\n", path, strerror(-ret));
	json_object_put(o);
	return ret;
}
