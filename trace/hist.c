// SPDX-License-Identifier: GPL-2.0
/* Log-linear latency histogram in ns; see hist.h for the bucket layout. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hist_int.h"

#define hist_index(v)			hypev_hist_index(v)
#define hist_bounds(idx, lo, hi)	hypev_hist_bounds(idx, lo, hi)

struct trace_hist *trace_hist_new(void)
{
	struct trace_hist *h = calloc(1, sizeof(*h));

	if (h)
		h->min = UINT64_MAX;
	return h;
}

void trace_hist_free(struct trace_hist *h)
{
	free(h);
}

void trace_hist_reset(struct trace_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

void trace_hist_add_n(struct trace_hist *h, uint64_t v, uint64_t n)
{
	unsigned int idx;

	if (!n)
		return;
	idx = hist_index(v);
	h->buckets[idx] += n;
	h->used[idx / 64] |= 1ULL << (idx % 64);
	h->count += n;
	h->sum += v * n;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void trace_hist_add(struct trace_hist *h, uint64_t v)
{
	trace_hist_add_one(h, v);
}

int trace_hist_add_bucket(struct trace_hist *h, unsigned int idx, uint64_t n)
{
	if (idx >= HIST_NR)
		return -ERANGE;
	if (!n)
		return 0;
	h->buckets[idx] += n;
	h->used[idx / 64] |= 1ULL << (idx % 64);
	h->count += n;
	return 0;
}

void trace_hist_add_summary(struct trace_hist *h, uint64_t min, uint64_t max, uint64_t sum)
{
	h->sum += sum;
	if (min < h->min)
		h->min = min;
	if (max > h->max)
		h->max = max;
}

int trace_hist_merge(struct trace_hist *dst, const struct trace_hist *src)
{
	unsigned int i;

	if (!dst || !src)
		return -EINVAL;
	if (!src->count)
		return 0;
	for (i = 0; i < HIST_WORDS; i++)
		dst->used[i] |= src->used[i];
	for (i = 0; i < HIST_NR; i++)
		dst->buckets[i] += src->buckets[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	return 0;
}

uint64_t trace_hist_count(const struct trace_hist *h)
{
	return h->count;
}

uint64_t trace_hist_min(const struct trace_hist *h)
{
	return h->count ? h->min : 0;
}

uint64_t trace_hist_max(const struct trace_hist *h)
{
	return h->max;
}

uint64_t trace_hist_sum(const struct trace_hist *h)
{
	return h->sum;
}

double trace_hist_mean(const struct trace_hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0.0;
}

uint64_t trace_hist_percentile(const struct trace_hist *h, double pct)
{
	uint64_t rank, seen = 0, lo, hi, mid;
	unsigned int w, idx;

	if (!h->count)
		return 0;
	if (pct <= 0)
		return h->min;
	if (pct >= 100)
		return h->max;
	rank = (uint64_t)ceil(pct / 100.0 * (double)h->count);
	if (rank < 1)
		rank = 1;
	for (w = 0; w < HIST_WORDS; w++) {
		uint64_t bits = h->used[w];

		while (bits) {
			idx = w * 64 + __builtin_ctzll(bits);
			bits &= bits - 1;
			seen += h->buckets[idx];
			if (seen < rank)
				continue;
			hist_bounds(idx, &lo, &hi);
			mid = lo + (hi - lo) / 2;
			if (mid < h->min)
				mid = h->min;
			if (mid > h->max)
				mid = h->max;
			return mid;
		}
	}
	return h->max;
}

unsigned int trace_hist_nr_buckets(const struct trace_hist *h)
{
	unsigned int w, n = 0;

	for (w = 0; w < HIST_WORDS; w++)
		n += __builtin_popcountll(h->used[w]);
	return n;
}

int trace_hist_bucket(const struct trace_hist *h, unsigned int idx,
		      uint64_t *lo, uint64_t *hi, uint64_t *count)
{
	unsigned int w, n;
	uint64_t bits;

	for (w = 0; w < HIST_WORDS; w++) {
		bits = h->used[w];
		n = __builtin_popcountll(bits);
		if (idx >= n) {
			idx -= n;
			continue;
		}
		while (idx--)
			bits &= bits - 1;
		n = w * 64 + __builtin_ctzll(bits);
		hist_bounds(n, lo, hi);
		*count = h->buckets[n];
		return 0;
	}
	return -ERANGE;
}

static int json_add_u64(struct json_object *o, const char *key, uint64_t v)
{
	struct json_object *val = json_object_new_uint64(v);

	if (!val)
		return -ENOMEM;
	if (json_object_object_add(o, key, val)) {
		json_object_put(val);
		return -ENOMEM;
	}
	return 0;
}

static int json_add_triple(struct json_object *arr, uint64_t lo, uint64_t hi,
			   uint64_t count)
{
	struct json_object *t = json_object_new_array_ext(3);

	if (!t)
		return -ENOMEM;
	if (json_object_array_add(t, json_object_new_uint64(lo)) ||
	    json_object_array_add(t, json_object_new_uint64(hi)) ||
	    json_object_array_add(t, json_object_new_uint64(count)) ||
	    json_object_array_add(arr, t)) {
		json_object_put(t);
		return -ENOMEM;
	}
	return 0;
}

int trace_hist_to_json(const struct trace_hist *h, struct json_object **out)
{
	struct json_object *o, *arr;
	uint64_t lo, hi;
	unsigned int idx;
	int ret = -ENOMEM;

	o = json_object_new_object();
	if (!o)
		return -ENOMEM;
	if (json_object_object_add(o, "unit", json_object_new_string("ns")) ||
	    json_add_u64(o, "count", h->count) ||
	    json_add_u64(o, "min", trace_hist_min(h)) ||
	    json_add_u64(o, "max", h->max) ||
	    json_add_u64(o, "sum", h->sum) ||
	    json_add_u64(o, "p50", trace_hist_percentile(h, 50)) ||
	    json_add_u64(o, "p90", trace_hist_percentile(h, 90)) ||
	    json_add_u64(o, "p99", trace_hist_percentile(h, 99)) ||
	    json_add_u64(o, "p99_9", trace_hist_percentile(h, 99.9)))
		goto err;
	arr = json_object_new_array();
	if (!arr)
		goto err;
	if (json_object_object_add(o, "buckets", arr)) {
		json_object_put(arr);
		goto err;
	}
	for (idx = 0; idx < HIST_NR; idx++) {
		if (!h->buckets[idx])
			continue;
		hist_bounds(idx, &lo, &hi);
		ret = json_add_triple(arr, lo, hi, h->buckets[idx]);
		if (ret)
			goto err;
	}
	*out = o;
	return 0;
err:
	json_object_put(o);
	return ret;
}

static int json_get_u64(struct json_object *o, const char *key, uint64_t *v)
{
	struct json_object *val;

	if (!json_object_object_get_ex(o, key, &val) || !json_object_is_type(val, json_type_int))
		return -EINVAL;
	*v = json_object_get_uint64(val);
	return 0;
}

struct trace_hist *trace_hist_from_json(struct json_object *obj)
{
	struct json_object *arr, *unit, *t;
	uint64_t count, min, max, sum, lo, hi, n, total = 0, blo, bhi;
	struct trace_hist *h;
	size_t i, len;
	unsigned int idx;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, "unit", &unit) ||
	    !json_object_is_type(unit, json_type_string) ||
	    !*json_object_get_string(unit) ||
	    json_get_u64(obj, "count", &count) || json_get_u64(obj, "min", &min) ||
	    json_get_u64(obj, "max", &max) || json_get_u64(obj, "sum", &sum) ||
	    !json_object_object_get_ex(obj, "buckets", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		goto inval;
	h = trace_hist_new();
	if (!h)
		return NULL;
	len = json_object_array_length(arr);
	for (i = 0; i < len; i++) {
		t = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(t, json_type_array) || json_object_array_length(t) != 3)
			goto inval_free;
		lo = json_object_get_uint64(json_object_array_get_idx(t, 0));
		hi = json_object_get_uint64(json_object_array_get_idx(t, 1));
		n = json_object_get_uint64(json_object_array_get_idx(t, 2));
		/* Buckets must be ours: same bounds, so nothing is re-binned. */
		idx = hist_index(lo);
		hist_bounds(idx, &blo, &bhi);
		if (blo != lo || bhi != hi || !n)
			goto inval_free;
		h->buckets[idx] += n;
		h->used[idx / 64] |= 1ULL << (idx % 64);
		total += n;
	}
	if (total != count || (count && (min > max || hist_index(min) > hist_index(max))))
		goto inval_free;
	h->count = count;
	h->min = count ? min : UINT64_MAX;
	h->max = max;
	h->sum = sum;
	return h;
inval_free:
	trace_hist_free(h);
inval:
	errno = EINVAL;
	return NULL;
}
