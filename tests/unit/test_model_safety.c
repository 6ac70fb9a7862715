// SPDX-License-Identifier: GPL-2.0
/*
 * Safety oracle. What a user relies on:
 *   - a policy that never issues CMD_SYNC is unsafe, whatever the design,
 *     size and thread count: a TLBI is complete only once a later CMD_SYNC
 *     has completed (IHI 0070 §4.7.3), however soon the SMMU happens to
 *     consume it; every page such an unmap returns is a violation;
 *   - every design's default (strict) policy is safe on the same grid: each
 *     page is invalid, and the device's probe faults, when the unmap
 *     returns; no page is exposed;
 *   - a deferred policy (lazy) is safe, with a window > 0;
 *   - the first violation names the design, the op, the IOVA and the time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "model.h"

static void run(enum model_design_id d, unsigned int threads, unsigned int granule, bool skip,
		struct model_results *res)
{
	struct model_config cfg;
	char err[512];

	model_config_init(&cfg);
	cfg.design = d;
	cfg.oracle = true;
	cfg.knobs.skip_sync = skip;
	cfg.dmabench.threads = threads;
	cfg.dmabench.granule_pages = granule;
	cfg.dmabench.duration_ns = 1000000ULL;
	if (model_run(&cfg, res, err, sizeof(err))) {
		printf("# %s\n", err);
		fail();
	}
}

/* 4K, 64K and 1M buffers; 1, 2 and 4 threads */
static const unsigned int granules[] = { 1, 16, 256 };
static const unsigned int threads[] = { 1, 2, 4 };

static void test_defaults_safe(void **state)
{
	struct model_results res;
	enum model_design_id d;
	unsigned int g, t;

	for (d = 0; d < MODEL_NR_DESIGNS; d++)
		for (g = 0; g < 3; g++)
			for (t = 0; t < 3; t++) {
				run(d, threads[t], granules[g], false, &res);
				printf("# %s %u pages %u threads: %llu unmaps, %llu pages probed, unsafe %llu/%llu/%llu\n",
				       model_design_name(d), granules[g], threads[t],
				       (unsigned long long)res.counts.unmap_calls,
				       (unsigned long long)res.oracle.probed_pages,
				       (unsigned long long)res.nr_stale,
				       (unsigned long long)res.oracle.unsynced_pages,
				       (unsigned long long)res.oracle.never_pages);
				assert_true(res.counts.unmap_calls > 3);
				/* every page of every unmap probed once */
				assert_int_equal(res.oracle.probed_pages, res.counts.pages_unmapped);
				assert_false(res.oracle.deferred);
				assert_true(model_results_safe(&res));
				assert_int_equal(res.oracle.exposed_pages, 0);
				assert_int_equal(res.oracle.window_max_ns, 0);
				model_results_free(&res);
			}
}

static void test_skipped_sync_caught(void **state)
{
	struct model_results res;
	enum model_design_id d;
	unsigned int g, t;

	for (d = 0; d < MODEL_NR_DESIGNS; d++)
		for (g = 0; g < 3; g++)
			for (t = 0; t < 3; t++) {
				run(d, threads[t], granules[g], true, &res);
				assert_false(model_results_safe(&res));
				/* no page of any unmap was guaranteed invalid at its return */
				assert_int_equal(res.oracle.unsynced_pages, res.counts.pages_unmapped);
				assert_non_null(strstr(res.stale_report, "violation: cpu"));
				assert_non_null(strstr(res.stale_report, model_design_name(d)));
				assert_non_null(strstr(res.stale_report, "dma_unmap_single of iova 0x"));
				/* the device's probe still translated, or no sync made it sure */
				assert_true(strstr(res.stale_report, "no CMD_SYNC completed") ||
					    strstr(res.stale_report, "still translates"));
				assert_non_null(strstr(res.stale_report, "the last commands:"));
				model_results_free(&res);
			}
}

static void test_lazy_deferred(void **state)
{
	struct model_config cfg;
	struct model_results res;
	char err[512];

	model_config_init(&cfg);
	cfg.oracle = true;
	cfg.knobs.lazy = true;
	cfg.dmabench.duration_ns = 1000000ULL;
	assert_int_equal(model_run(&cfg, &res, err, sizeof(err)), 0);
	assert_true(res.oracle.deferred);
	assert_true(model_results_safe(&res));
	/* a page queued for the flush is exposed; the flush at the end covers all */
	assert_true(res.oracle.exposed_pages > 0);
	assert_int_equal(res.oracle.exposed_bytes, res.oracle.exposed_pages * 4096);
	assert_true(res.oracle.window_p50_ns > 0);
	assert_true(res.oracle.window_p50_ns <= res.oracle.window_p99_ns);
	assert_true(res.oracle.window_p99_ns <= res.oracle.window_max_ns);
	model_results_free(&res);
	/* lazy without syncs: IOVAs are freed for reuse before their invalidation completed */
	cfg.knobs.skip_sync = true;
	assert_int_equal(model_run(&cfg, &res, err, sizeof(err)), 0);
	assert_false(model_results_safe(&res));
	assert_true(res.oracle.early_free_pages > 0);
	assert_non_null(strstr(res.stale_report, "given back for reuse"));
	model_results_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_safe),
		cmocka_unit_test(test_skipped_sync_caught),
		cmocka_unit_test(test_lazy_deferred),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
