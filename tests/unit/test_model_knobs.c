// SPDX-License-Identifier: GPL-2.0
/*
 * The research knobs change what the designs send to the SMMU, by counts
 * worked out by hand from the kernel's rules:
 *   - RIL: a 1 MiB unmap (256 pages) is one range TLBI (SCALE 8, NUM 0)
 *     instead of 256 per-page ones;
 *   - without RIL, more than CMDQ_MAX_TLBI_OPS (512) pages -> one
 *     TLBI_NH_ASID (native);
 *   - paravirt with 64 commands per sync: 4 CMD_SYNCs per 1 MiB unmap,
 *     plus one each for attach and detach;
 *   - map_sg: one hypercall per scatterlist instead of one per entry;
 *   - lazy with an 8-entry flush queue: one TLBI_NH_ASID + sync per 8
 *     unmaps (ceil), none per unmap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "model.h"

static void run(struct model_config *cfg, struct model_results *res)
{
	char err[512];

	if (model_run(cfg, res, err, sizeof(err))) {
		printf("# %s\n", err);
		fail();
	}
	assert_true(res->counts.unmap_calls > 5);
}

static void base(struct model_config *cfg, enum model_design_id d, unsigned int granule)
{
	model_config_init(cfg);
	cfg->design = d;
	cfg->dmabench.granule_pages = granule;
	cfg->dmabench.duration_ns = 1000000ULL;
}

static void test_ril(void **state)
{
	struct model_config cfg;
	struct model_results res;

	base(&cfg, MODEL_DESIGN_NATIVE, 256);
	cfg.knobs.ril = 1;
	run(&cfg, &res);
	assert_int_equal(res.counts.tlbi, res.counts.unmap_calls);
	model_results_free(&res);
	cfg.knobs.ril = 0;
	run(&cfg, &res);
	assert_int_equal(res.counts.tlbi, 256 * res.counts.unmap_calls);
	model_results_free(&res);
	/* 1024 pages > 512 without RIL: one ASID-wide TLBI per unmap */
	base(&cfg, MODEL_DESIGN_NATIVE, 1024);
	run(&cfg, &res);
	assert_int_equal(res.counts.tlbi, res.counts.unmap_calls);
	model_results_free(&res);
}

static void test_cmds_per_sync(void **state)
{
	struct model_config cfg;
	struct model_results res;

	base(&cfg, MODEL_DESIGN_PARAVIRT, 256);
	run(&cfg, &res);
	assert_int_equal(res.counts.syncs, res.counts.unmap_calls + 2);
	model_results_free(&res);
	cfg.knobs.cmds_per_sync = 64;
	run(&cfg, &res);
	assert_int_equal(res.counts.syncs, 4 * res.counts.unmap_calls + 2);
	model_results_free(&res);
}

static void test_map_sg(void **state)
{
	struct model_config cfg;
	struct model_results res;

	base(&cfg, MODEL_DESIGN_PARAVIRT, 16);
	cfg.dmabench.sg = true;
	run(&cfg, &res);
	/* attach + detach + 16 per sg map + 1 per unmap */
	assert_int_equal(res.counts.hypercalls,
			 2 + 16 * res.counts.map_calls + res.counts.unmap_calls);
	model_results_free(&res);
	cfg.knobs.map_sg = true;
	run(&cfg, &res);
	assert_int_equal(res.counts.hypercalls, 2 + res.counts.map_calls + res.counts.unmap_calls);
	model_results_free(&res);
}

static void test_lazy(void **state)
{
	struct model_config cfg;
	struct model_results res;

	base(&cfg, MODEL_DESIGN_NATIVE, 1);
	cfg.knobs.lazy = true;
	cfg.knobs.fq_size = 8;
	run(&cfg, &res);
	assert_int_equal(res.counts.fq_flushes, (res.counts.unmap_calls + 7) / 8);
	assert_int_equal(res.counts.tlbi, res.counts.fq_flushes);
	/* attach's CMD_SYNC, one per flush, detach's */
	assert_int_equal(res.counts.syncs, res.counts.fq_flushes + 2);
	model_results_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ril),
		cmocka_unit_test(test_cmds_per_sync),
		cmocka_unit_test(test_map_sg),
		cmocka_unit_test(test_lazy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
