// SPDX-License-Identifier: GPL-2.0
/* trace_hist: bucket bounds, exact counters, percentiles, merge, JSON. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "hist.h"

/* The single bucket a value lands in, read back through the iterator. */
static void bucket_of(uint64_t v, uint64_t *lo, uint64_t *hi)
{
	struct trace_hist *h = trace_hist_new();
	uint64_t n;

	assert_non_null(h);
	trace_hist_add(h, v);
	assert_int_equal(trace_hist_nr_buckets(h), 1);
	assert_int_equal(trace_hist_bucket(h, 0, lo, hi, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(trace_hist_bucket(h, 1, lo, hi, &n), -ERANGE);
	trace_hist_free(h);
}

static void test_bounds(void **state)
{
	uint64_t lo, hi;

	/* below 128 ns: one bucket per ns */
	bucket_of(0, &lo, &hi);
	assert_int_equal(lo, 0); assert_int_equal(hi, 0);
	bucket_of(127, &lo, &hi);
	assert_int_equal(lo, 127); assert_int_equal(hi, 127);
	/* [128, 256): 64 buckets of 2 ns */
	bucket_of(128, &lo, &hi);
	assert_int_equal(lo, 128); assert_int_equal(hi, 129);
	bucket_of(255, &lo, &hi);
	assert_int_equal(lo, 254); assert_int_equal(hi, 255);
	/* [256, 512): 4 ns */
	bucket_of(256, &lo, &hi);
	assert_int_equal(lo, 256); assert_int_equal(hi, 259);
	/* [512, 1024): 8 ns; 1000 = 125 * 8 */
	bucket_of(1000, &lo, &hi);
	assert_int_equal(lo, 1000); assert_int_equal(hi, 1007);
	/* 10 s: 2^33 <= 1e10 < 2^34, width 2^27; 1e10 / 2^27 = 74.5 */
	bucket_of(10000000000ULL, &lo, &hi);
	assert_int_equal(lo, 74ULL << 27); assert_int_equal(hi, (75ULL << 27) - 1);
	/* the top: [127 * 2^57, 2^64 - 1] */
	bucket_of(UINT64_MAX, &lo, &hi);
	assert_int_equal(lo, 127ULL << 57); assert_int_equal(hi, UINT64_MAX);
}

/* every bucket up to 10 s is within 1/64 of its lower bound */
static void test_precision(void **state)
{
	uint64_t v, lo, hi;

	for (v = 128; v <= 20000000000ULL; v += v / 37 + 1) {
		bucket_of(v, &lo, &hi);
		assert_true(lo <= v && v <= hi);
		assert_true((hi - lo + 1) * 64 <= lo);
	}
}

static void test_counters_percentiles(void **state)
{
	struct trace_hist *h = trace_hist_new();
	uint64_t v;

	assert_non_null(h);
	assert_int_equal(trace_hist_count(h), 0);
	assert_int_equal(trace_hist_min(h), 0);
	assert_int_equal(trace_hist_percentile(h, 50), 0);
	assert_true(trace_hist_mean(h) == 0.0);
	for (v = 1; v <= 100; v++)
		trace_hist_add(h, v);
	assert_int_equal(trace_hist_count(h), 100);
	assert_int_equal(trace_hist_min(h), 1);
	assert_int_equal(trace_hist_max(h), 100);
	assert_int_equal(trace_hist_sum(h), 5050);
	assert_true(trace_hist_mean(h) == 50.5);
	/* nearest rank: ceil(p/100 * 100) */
	assert_int_equal(trace_hist_percentile(h, 50), 50);
	assert_int_equal(trace_hist_percentile(h, 90), 90);
	assert_int_equal(trace_hist_percentile(h, 99), 99);
	assert_int_equal(trace_hist_percentile(h, 99.9), 100);
	assert_int_equal(trace_hist_percentile(h, 0), 1);
	assert_int_equal(trace_hist_percentile(h, 100), 100);
	assert_int_equal(trace_hist_nr_buckets(h), 100);

	trace_hist_reset(h);
	trace_hist_add_n(h, 1000, 3);
	trace_hist_add(h, 2000);
	trace_hist_add_n(h, 5, 0);
	assert_int_equal(trace_hist_count(h), 4);
	assert_int_equal(trace_hist_sum(h), 5000);
	/* rank 2 in [1000, 1007]: midpoint 1003 */
	assert_int_equal(trace_hist_percentile(h, 50), 1003);
	/* rank 4 in [2000, 2015]: midpoint 2007, clamped to max 2000 */
	assert_int_equal(trace_hist_percentile(h, 90), 2000);
	trace_hist_free(h);
}

static void test_merge(void **state)
{
	struct trace_hist *a = trace_hist_new(), *b = trace_hist_new(), *e = trace_hist_new();

	trace_hist_add(a, 1);
	trace_hist_add(a, 2);
	trace_hist_add(b, 3);
	trace_hist_add(b, 200);
	assert_int_equal(trace_hist_merge(a, b), 0);
	assert_int_equal(trace_hist_count(a), 4);
	assert_int_equal(trace_hist_min(a), 1);
	assert_int_equal(trace_hist_max(a), 200);
	assert_int_equal(trace_hist_sum(a), 206);
	assert_int_equal(trace_hist_nr_buckets(a), 4);
	/* an empty source changes nothing; an empty destination takes min */
	assert_int_equal(trace_hist_merge(a, e), 0);
	assert_int_equal(trace_hist_min(a), 1);
	assert_int_equal(trace_hist_merge(e, b), 0);
	assert_int_equal(trace_hist_min(e), 3);
	assert_int_equal(trace_hist_merge(NULL, b), -EINVAL);
	trace_hist_free(a);
	trace_hist_free(b);
	trace_hist_free(e);
}

static uint64_t get_u64(struct json_object *o, const char *key)
{
	struct json_object *v;

	assert_true(json_object_object_get_ex(o, key, &v));
	return json_object_get_uint64(v);
}

static void test_json(void **state)
{
	struct trace_hist *h = trace_hist_new(), *back;
	struct json_object *o, *bad;
	const char *s;

	trace_hist_add_n(h, 1000, 3);
	trace_hist_add(h, 2000);
	assert_int_equal(trace_hist_to_json(h, &o), 0);
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_string_equal(s, "{\"unit\":\"ns\",\"count\":4,\"min\":1000,\"max\":2000,"
			    "\"sum\":5000,\"p50\":1003,\"p90\":2000,\"p99\":2000,\"p99_9\":2000,"
			    "\"buckets\":[[1000,1007,3],[2000,2015,1]]}");
	back = trace_hist_from_json(o);
	assert_non_null(back);
	assert_int_equal(trace_hist_count(back), 4);
	assert_int_equal(trace_hist_min(back), 1000);
	assert_int_equal(trace_hist_max(back), 2000);
	assert_int_equal(trace_hist_sum(back), 5000);
	assert_int_equal(trace_hist_percentile(back, 50), 1003);
	assert_int_equal(get_u64(o, "count"), 4);
	trace_hist_free(back);
	json_object_put(o);

	/* a bucket that is not one of ours, and a count that does not add up */
	bad = json_tokener_parse("{\"unit\":\"ns\",\"count\":1,\"min\":1000,\"max\":1000,"
				 "\"sum\":1000,\"buckets\":[[1000,1010,1]]}");
	errno = 0;
	assert_null(trace_hist_from_json(bad));
	assert_int_equal(errno, EINVAL);
	json_object_put(bad);
	bad = json_tokener_parse("{\"unit\":\"ns\",\"count\":2,\"min\":1000,\"max\":1000,"
				 "\"sum\":1000,\"buckets\":[[1000,1007,1]]}");
	assert_null(trace_hist_from_json(bad));
	json_object_put(bad);
	bad = json_tokener_parse("{\"unit\":\"\",\"count\":0,\"min\":0,\"max\":0,"
				 "\"sum\":0,\"buckets\":[]}");
	assert_null(trace_hist_from_json(bad));
	json_object_put(bad);
	trace_hist_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_counters_percentiles),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
