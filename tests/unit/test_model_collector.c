// SPDX-License-Identifier: GPL-2.0
/*
 * The collector reads the model's directory through the same code that
 * reads a board ("raw:DIR" and "remote:DIR" sources of trace/), and the op
 * counts it reports equal the counts the model kept itself: EL2 events
 * from remotes/hypervisor, iommu:map/unmap from the host instance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "common.h"
#include "model.h"
#include "nest.h"
#include "run.h"
#include "trace.h"

static uint64_t op_count(struct trace_session *s, const char *name)
{
	const struct trace_op_stats *op = trace_session_op_find(s, name);

	printf("# collector: %-12s %llu\n", name, op ? (unsigned long long)op->count : 0ULL);
	return op ? op->count : 0;
}

static void collect(const char *spec, const struct model_results *res)
{
	const char *srcs[] = { spec, NULL };
	const char *evs[] = { "hypervisor:smmu_map", "hypervisor:smmu_unmap",
			      "hypervisor:smmu_tlbi", "hypervisor:smmu_sync", NULL };
	struct trace_opts o = { .sources = srcs, .events = evs };
	struct trace_session *s = trace_session_open(&o);

	assert_non_null(s);
	assert_int_equal(trace_session_start(s), 0);
	assert_int_equal(trace_session_stop(s), 0);
	assert_int_equal(trace_session_lost(s), 0);
	/* paravirt: one smmu_map per map call, one smmu_unmap per unmap call */
	assert_int_equal(op_count(s, "smmu_map"), res->counts.map_calls);
	assert_int_equal(op_count(s, "smmu_unmap"), res->counts.unmap_calls);
	/* every TLBI the SMMU consumed was issued by an EL2 unmap (attach has none) */
	assert_int_equal(op_count(s, "smmu_tlbi.range_pages"), res->counts.tlbi);
	/* hyp_enter -> hyp_exit pairs with reason HVC: every hypercall, attach and detach too */
	assert_int_equal(op_count(s, "hyp_hvc"), res->counts.hypercalls);
	/* one CMD_SYNC per unmap by default */
	assert_int_equal(op_count(s, "smmu_sync"), res->counts.unmap_calls);
	trace_session_free(s);
}

/* The host instance: iommu:map / iommu:unmap pages, paired by IOVA range. */
static void test_collector_host(void **state)
{
	char dir[] = "/tmp/model-coll-XXXXXX", spec[128], cmd[256];
	const char *srcs[] = { spec, NULL };
	struct trace_opts o = { .sources = srcs };
	struct trace_session *s;
	struct model_config cfg;
	struct model_results res;
	char err[512];

	assert_non_null(mkdtemp(dir));
	model_config_init(&cfg);
	cfg.design = MODEL_DESIGN_NATIVE;
	cfg.dmabench.threads = 2;
	cfg.dmabench.duration_ns = 300000ULL;
	cfg.events = true;
	cfg.out_dir = dir;
	if (model_run(&cfg, &res, err, sizeof(err))) {
		printf("# %s\n", err);
		fail();
	}
	assert_int_equal(res.counts.host_events, res.counts.map_calls + res.counts.unmap_calls);
	snprintf(spec, sizeof(spec), "raw:%s/host", dir);
	s = trace_session_open(&o);
	assert_non_null(s);
	assert_int_equal(trace_session_start(s), 0);
	assert_int_equal(trace_session_stop(s), 0);
	assert_int_equal(trace_session_lost(s), 0);
	assert_int_equal(op_count(s, "iommu:map"), res.counts.map_calls);
	assert_int_equal(op_count(s, "iommu:unmap"), res.counts.unmap_calls);
	assert_int_equal(op_count(s, "iommu_map_life"), res.counts.map_calls);
	assert_int_equal(trace_session_op_find(s, "iommu_map_life")->unmatched, 0);
	trace_session_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	model_results_free(&res);
}

static void test_collector_counts(void **state)
{
	char dir[] = "/tmp/model-coll-XXXXXX", spec[128], cmd[256];
	struct model_config cfg;
	struct model_results res;
	char err[512];

	assert_non_null(mkdtemp(dir));
	model_config_init(&cfg);
	cfg.design = MODEL_DESIGN_PARAVIRT;
	cfg.dmabench.threads = 4;
	cfg.dmabench.granule_pages = 2;
	cfg.dmabench.duration_ns = 500000ULL;
	cfg.events = true;
	cfg.out_dir = dir;
	if (model_run(&cfg, &res, err, sizeof(err))) {
		printf("# %s\n", err);
		fail();
	}
	printf("# model: map_calls %llu unmap_calls %llu tlbi %llu events %llu lost %llu\n",
	       (unsigned long long)res.counts.map_calls, (unsigned long long)res.counts.unmap_calls,
	       (unsigned long long)res.counts.tlbi, (unsigned long long)res.counts.ev_written,
	       (unsigned long long)res.counts.ev_lost);
	assert_true(res.counts.map_calls > 100);
	assert_int_equal(res.counts.ev_lost, 0);
	snprintf(spec, sizeof(spec), "raw:%s/remotes/hypervisor", dir);
	collect(spec, &res);
	snprintf(spec, sizeof(spec), "remote:%s/remotes/hypervisor", dir);
	collect(spec, &res);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	model_results_free(&res);
}

/* the nesting's JSON of a session over the sources a, b in that order */
static char *nest_json_of(const char *a, const char *b)
{
	const char *srcs[] = { a, b, NULL };
	struct trace_opts o = { .sources = srcs };
	struct json_object *j = NULL;
	struct trace_session *s;
	char *text;

	s = trace_session_open(&o);
	assert_non_null(s);
	assert_int_equal(trace_session_run_for(s, 0), 0);
	assert_int_equal(trace_nest_to_json(trace_session_nest(s), &j), 0);
	text = strdup(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
	json_object_put(j);
	trace_session_free(s);
	return text;
}

/*
 * Host pages first: the EL2 events are matched as they come, nothing kept
 * (trace_nest_host_done()); EL2 first: kept and matched at the end. The
 * attribution must not depend on it.
 */
static void test_collector_nest_order(void **state)
{
	char dir[] = "/tmp/test_model_collector-XXXXXX", el2[600], host[600];
	struct model_results res = { 0 };
	struct model_config cfg;
	char err[512], *x, *y;

	(void)state;
	assert_non_null(mkdtemp(dir));
	model_config_init(&cfg);
	cfg.design = MODEL_DESIGN_PARAVIRT;
	cfg.dmabench.threads = 2;
	cfg.dmabench.duration_ns = 500000ULL;
	cfg.events = true;
	cfg.out_dir = dir;
	if (model_run(&cfg, &res, err, sizeof(err)))
		fail_msg("%s", err);
	snprintf(el2, sizeof(el2), "raw:%s/remotes/hypervisor", dir);
	snprintf(host, sizeof(host), "raw:%s/host", dir);
	x = nest_json_of(host, el2);
	y = nest_json_of(el2, host);
	printf("# nesting: %s\n", x);
	assert_string_equal(x, y);
	/* something nested: the map split has a count */
	assert_non_null(strstr(x, "\"count\""));
	free(x);
	free(y);
	dir_remove_tree(dir);
	model_results_free(&res);
}

/*
 * The runner's sources for the model's output: host/ first, so the nesting
 * takes the EL2 events as they come and keeps none of them (test_trace_nest's
 * kept count: 1 with the host done first, 1000000 without); the other order
 * kept every hyp interval until the end of the run.
 */
static void test_runner_sources_host_first(void **state)
{
	char dir[] = "/tmp/test_model_collector-XXXXXX", want[2][600];
	char specs[4][PATH_MAX + 8];
	struct model_results res = { 0 };
	struct model_config cfg;
	char err[512];

	(void)state;
	assert_non_null(mkdtemp(dir));
	model_config_init(&cfg);
	cfg.design = MODEL_DESIGN_PARAVIRT;
	cfg.dmabench.duration_ns = 100000ULL;
	cfg.events = true;
	cfg.out_dir = dir;
	if (model_run(&cfg, &res, err, sizeof(err)))
		fail_msg("%s", err);
	snprintf(want[0], sizeof(want[0]), "raw:%s/host", dir);
	snprintf(want[1], sizeof(want[1]), "raw:%s/remotes/hypervisor", dir);
	assert_int_equal(bench_model_sources(dir, specs, 4), 2);
	assert_string_equal(specs[0], want[0]);
	assert_string_equal(specs[1], want[1]);
	dir_remove_tree(dir);
	model_results_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collector_counts),
		cmocka_unit_test(test_collector_host),
		cmocka_unit_test(test_collector_nest_order),
		cmocka_unit_test(test_runner_sources_host_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
