// SPDX-License-Identifier: GPL-2.0
/*
 * The default profile reproduces the RFC v2 cover letter's table
 * (dma_map_benchmark, 4-core Morello, us per call, "[RFC PATCH v2 00/58]
 * KVM: Arm SMMUv3 driver for pKVM", 12 Dec 2024) within 20% each, compared
 * as the tool prints them: avg_*_100ns = sum of truncated 100 ns samples /
 * loops (integer division), printed /10.0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "common.h"
#include "model.h"

struct calib_case {
	enum model_design_id design;
	unsigned int granule, threads;
	double map_us, unmap_us;	/* the published figures */
};

static const struct calib_case cases[] = {
	{ MODEL_DESIGN_NATIVE, 1, 1, 0.1, 0.7 },
	{ MODEL_DESIGN_NATIVE, 1, 4, 0.1, 1.1 },
	{ MODEL_DESIGN_NATIVE, 256, 1, 0.8, 21.5 },
	{ MODEL_DESIGN_NATIVE, 256, 4, 1.1, 45.7 },
	{ MODEL_DESIGN_PARAVIRT, 1, 1, 0.3, 1.3 },
	{ MODEL_DESIGN_PARAVIRT, 1, 4, 0.5, 3.3 },
	{ MODEL_DESIGN_PARAVIRT, 256, 1, 2.6, 27.3 },
	{ MODEL_DESIGN_PARAVIRT, 256, 4, 3.6, 46.2 },
};

static void check(const char *what, double target, uint64_t got_100ns)
{
	double got = got_100ns / 10.0, err = (got - target) / target * 100.0;

	printf("# %-34s target %5.1f us model %5.1f us error %+6.1f%%\n", what, target, got, err);
	assert_true(err <= 20.0 + 1e-9 && err >= -20.0 - 1e-9);
}

static void test_rfc_v2_table(void **state)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct calib_case *c = &cases[i];
		struct model_config cfg;
		struct model_results res;
		char err[512], name[64];

		model_config_init(&cfg);
		cfg.design = c->design;
		cfg.dmabench.granule_pages = c->granule;
		cfg.dmabench.threads = c->threads;
		cfg.dmabench.duration_ns = c->granule > 1 ? 10000000ULL : 4000000ULL;
		if (model_run(&cfg, &res, err, sizeof(err))) {
			printf("# %s\n", err);
			fail();
		}
		assert_true(res.ops[MODEL_OP_MAP].count > 50);
		snprintf(name, sizeof(name), "%s %s %u thread(s) map", model_design_name(c->design),
			 c->granule == 1 ? "4K" : "1M", c->threads);
		check(name, c->map_us, res.avg_map_100ns);
		snprintf(name, sizeof(name), "%s %s %u thread(s) unmap", model_design_name(c->design),
			 c->granule == 1 ? "4K" : "1M", c->threads);
		check(name, c->unmap_us, res.avg_unmap_100ns);
		model_results_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_v2_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
