// SPDX-License-Identifier: GPL-2.0
/* The names of nest.h's ops, parts and reasons, and its JSON form. */
#include <errno.h>
#include <stdio.h>
#include <json-c/json.h>

#include "common.h"
#include "hist.h"
#include "nest.h"

static const char *const op_names[TRACE_NEST_NR_OPS] = { "map", "unmap" };
static const char *const part_names[TRACE_NEST_NR_PARTS] = {
	"el1", "transition", "el2", "smmu_wait", "total",
};
static const char *const reason_names[TRACE_NEST_NR_REASONS] = {
	"missing_host_end", "missing_host_start", "missing_hyp_exit", "missing_hyp_enter",
	"lost_inside", "el2_outside_hyp", "sync_outside_hyp", "clock_skew",
	"hyp_outside_host", "hyp_straddles", "ambiguous", "mark_outside_host",
};
static const char *const mark_names[TRACE_NEST_NR_MARKS] = { "iommu", "dma" };

const char *trace_nest_op_name(enum trace_nest_op op)
{
	return op < TRACE_NEST_NR_OPS ? op_names[op] : "?";
}

const char *trace_nest_part_name(enum trace_nest_part part)
{
	return part < TRACE_NEST_NR_PARTS ? part_names[part] : "?";
}

const char *trace_nest_reason_name(enum trace_nest_reason r)
{
	return r < TRACE_NEST_NR_REASONS ? reason_names[r] : "?";
}

const char *trace_nest_mark_name(enum trace_nest_mark m)
{
	return m < TRACE_NEST_NR_MARKS ? mark_names[m] : "?";
}

static int put_u64(struct json_object *o, const char *key, uint64_t v)
{
	struct json_object *j = json_object_new_uint64(v);

	if (!j || json_object_object_add(o, key, j)) {
		json_object_put(j);
		return -ENOMEM;
	}
	return 0;
}

static struct json_object *part_json(const struct trace_hist *h)
{
	struct json_object *o = json_object_new_object();
	int ret;

	if (!o)
		return NULL;
	ret = json_object_object_add(o, "unit", json_object_new_string("ns"));
	ret = ret ?: put_u64(o, "count", trace_hist_count(h));
	ret = ret ?: put_u64(o, "p50", trace_hist_percentile(h, 50));
	ret = ret ?: put_u64(o, "p99", trace_hist_percentile(h, 99));
	ret = ret ?: put_u64(o, "sum", trace_hist_sum(h));
	if (ret) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* the host points inside op's host ops (nest.h) */
static int marks_json(const struct trace_nest *n, enum trace_nest_op o, struct json_object *oj)
{
	char key[40];
	unsigned int m;
	int ret = put_u64(oj, "host_ops", trace_nest_host_ops(n, o));

	ret = ret ?: put_u64(oj, "iommu_bytes", trace_nest_mark_bytes(n, o));
	for (m = 0; m < TRACE_NEST_NR_MARKS && !ret; m++) {
		snprintf(key, sizeof(key), "%s_points", mark_names[m]);
		ret = put_u64(oj, key, trace_nest_marks(n, o, m));
		snprintf(key, sizeof(key), "without_%s_point", mark_names[m]);
		ret = ret ?: put_u64(oj, key, trace_nest_unmarked(n, o, m));
	}
	return ret;
}

static int ops_json(const struct trace_nest *n, struct json_object *ops)
{
	unsigned int o, p;
	int ret = 0;

	for (o = 0; o < TRACE_NEST_NR_OPS && !ret; o++) {
		struct json_object *oj = json_object_new_object();

		if (!oj || json_object_object_add(ops, op_names[o], oj)) {
			json_object_put(oj);
			return -ENOMEM;
		}
		ret = put_u64(oj, "excluded", trace_nest_excluded(n, o));
		ret = ret ?: marks_json(n, o, oj);
		for (p = 0; p < TRACE_NEST_NR_PARTS && !ret; p++) {
			struct json_object *pj = part_json(trace_nest_hist(n, o, p));

			if (!pj || json_object_object_add(oj, part_names[p], pj)) {
				json_object_put(pj);
				ret = -ENOMEM;
			}
		}
	}
	return ret;
}

int trace_nest_to_json(const struct trace_nest *n, struct json_object **out)
{
	struct json_object *o = json_object_new_object();
	struct json_object *un = json_object_new_object(), *ops = json_object_new_object();
	unsigned int r;
	int ret = (o && un && ops) ? 0 : -ENOMEM;

	if (!ret && json_object_object_add(o, "unnested", un))
		ret = -ENOMEM;
	else if (!ret)
		un = NULL;	/* owned by o now */
	if (!ret && json_object_object_add(o, "ops", ops))
		ret = -ENOMEM;
	else if (!ret)
		ops = NULL;
	ret = ret ?: put_u64(o, "clock_resolution_ns", trace_nest_res_ns(n));
	ret = ret ?: put_u64(o, "max_residual_ns", trace_nest_residual_ns(n));
	for (r = 0; r < TRACE_NEST_NR_REASONS && !ret; r++)
		ret = put_u64(json_object_object_get(o, "unnested"), reason_names[r],
			      trace_nest_unnested(n, r));
	ret = ret ?: ops_json(n, json_object_object_get(o, "ops"));
	json_object_put(un);
	json_object_put(ops);
	if (ret) {
		json_object_put(o);
		return ret;
	}
	*out = o;
	return 0;
}
