// SPDX-License-Identifier: GPL-2.0
/*
 * Safety oracle: after a strict unmap returns, a DMA to that IOVA must
 * fault. Every design with its default policy is safe; a broken policy
 * (CMD_SYNC skipped) leaves stale IOTLB entries and is reported with the
 * commands that allowed them.
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

static void test_defaults_safe(void **state)
{
	struct model_results res;
	enum model_design_id d;

	for (d = 0; d < MODEL_NR_DESIGNS; d++) {
		run(d, 4, 1, false, &res);
		printf("# %s: %llu probes, %llu stale\n", model_design_name(d),
		       (unsigned long long)res.counts.dma_accesses, (unsigned long long)res.nr_stale);
		assert_true(res.counts.dma_accesses > 100);
		assert_int_equal(res.nr_stale, 0);
		/* every post-unmap probe faulted */
		assert_true(res.counts.faults >= res.ops[MODEL_OP_UNMAP].count);
		model_results_free(&res);
		run(d, 2, 16, false, &res);
		assert_int_equal(res.nr_stale, 0);
		model_results_free(&res);
	}
}

static void test_skipped_sync_caught(void **state)
{
	struct model_results res;

	run(MODEL_DESIGN_NATIVE, 1, 1, true, &res);
	printf("%s", res.stale_report);
	assert_true(res.nr_stale > 0);
	assert_non_null(strstr(res.stale_report, "stale IOTLB entry"));
	assert_non_null(strstr(res.stale_report, "TLBI_NH_VA"));
	model_results_free(&res);
	/* 16 TLBIs take longer than the return path: the last page is still cached */
	run(MODEL_DESIGN_PARAVIRT, 1, 16, true, &res);
	assert_true(res.nr_stale > 0);
	assert_null(strstr(res.stale_report, "CMD_SYNC"));
	model_results_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_safe),
		cmocka_unit_test(test_skipped_sync_caught),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
