// SPDX-License-Identifier: GPL-2.0
/*
 * block workload: every IO is one scatter-gather map and unmap, the device
 * moves bs bytes at its bandwidth, so IOPS can never exceed bw / bs:
 * 1e9 B/s / 65536 B = 15258.8 IOPS. Translation (IOTLB misses) only adds
 * time, and the CPU split shows hypercalls for paravirt, traps for nested.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "model.h"

static void run(enum model_design_id d, struct model_results *res)
{
	struct model_config cfg;
	char err[512];

	model_config_init(&cfg);
	cfg.design = d;
	cfg.workload = MODEL_WL_BLOCK;
	cfg.block.bs_bytes = 65536;
	cfg.block.iodepth = 8;
	cfg.block.numjobs = 2;
	cfg.block.dev_service_ns = 10000;
	cfg.block.dev_bw_bytes_per_s = 1000000000ULL;
	cfg.block.duration_ns = 5000000ULL;
	if (model_run(&cfg, res, err, sizeof(err))) {
		printf("# %s\n", err);
		fail();
	}
	printf("# %s: %.0f IOPS, %.1f MB/s, %llu IOs\n", model_design_name(d), res->iops,
	       res->bw_bytes_per_s / 1e6, (unsigned long long)res->ios);
}

static void test_block(void **state)
{
	struct model_results res;
	enum model_design_id d;

	for (d = 0; d < MODEL_NR_DESIGNS; d++) {
		run(d, &res);
		assert_true(res.ios > 50);
		assert_true(res.iops <= 15258.8);
		assert_true(res.iops > 15258.8 * 0.8);	/* bandwidth-bound, translation is small */
		assert_true(res.bw_bytes_per_s <= 1e9);
		assert_int_equal(res.counts.map_calls, res.ios);
		assert_int_equal(res.counts.pages_mapped, 16 * res.ios);
		assert_int_equal(res.ops[MODEL_OP_IO].count, res.ios);
		assert_int_equal(res.counts.dma_accesses, 16 * res.ios);
		if (d == MODEL_DESIGN_PARAVIRT)
			assert_true(res.cpu_ns[MODEL_CPU_HYPERCALL] > 0);
		else
			assert_int_equal(res.cpu_ns[MODEL_CPU_HYPERCALL], 0);
		if (d == MODEL_DESIGN_NESTED)
			assert_true(res.cpu_ns[MODEL_CPU_TRAP] > 0);
		else
			assert_int_equal(res.cpu_ns[MODEL_CPU_TRAP], 0);
		model_results_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
