// SPDX-License-Identifier: GPL-2.0
/*
 * The observer effect of the model's events: with events on, every EL2
 * event written costs the CPU the profile's hyp_event_ns (morello: 40 ns)
 * of virtual time. Hand count, paravirt dmabench 4K, 1 thread, same seed:
 *   map:   hyp_enter, smmu_map, hyp_exit                          3 events
 *   unmap: hyp_enter, smmu_tlbi, smmu_sync, smmu_unmap, hyp_exit  5 events
 * so the i-th map takes 3 x 40 = 120 ns longer and the i-th unmap 200 ns.
 * Native fires no EL2 event (its iommu:map/unmap are host tracepoints):
 * unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "model.h"

static void run(enum model_design_id d, bool events, struct model_results *res)
{
	struct model_config cfg;
	char err[512];

	model_config_init(&cfg);
	cfg.design = d;
	cfg.dmabench.threads = 1;
	cfg.dmabench.granule_pages = 1;
	cfg.dmabench.duration_ns = 5000000;	/* 5 ms virtual: over 2000 maps */
	cfg.seed = 7;
	cfg.events = events;
	cfg.keep_samples = true;
	assert_int_equal(model_run(&cfg, res, err, sizeof(err)), 0);
}

/* Every op i of the shorter run: on[i] - off[i] == delta; the ops compared. */
static size_t assert_shift(const struct model_samples *off, const struct model_samples *on,
			   uint64_t delta)
{
	size_t i, n = off->nr < on->nr ? off->nr : on->nr;

	for (i = 0; i < n; i++)
		assert_int_equal(on->dur_ns[i] - off->dur_ns[i], delta);
	return n;
}

static void test_paravirt_shift(void **state)
{
	struct model_results off, on;

	(void)state;
	run(MODEL_DESIGN_PARAVIRT, false, &off);
	run(MODEL_DESIGN_PARAVIRT, true, &on);
	assert_true(assert_shift(&off.samples[MODEL_OP_MAP], &on.samples[MODEL_OP_MAP], 120) > 1000);
	assert_true(assert_shift(&off.samples[MODEL_OP_UNMAP], &on.samples[MODEL_OP_UNMAP], 200) >
		    1000);
	model_results_free(&off);
	model_results_free(&on);
}

static void test_native_unchanged(void **state)
{
	struct model_results off, on;

	(void)state;
	run(MODEL_DESIGN_NATIVE, false, &off);
	run(MODEL_DESIGN_NATIVE, true, &on);
	assert_int_equal(off.samples[MODEL_OP_MAP].nr, on.samples[MODEL_OP_MAP].nr);
	assert_shift(&off.samples[MODEL_OP_MAP], &on.samples[MODEL_OP_MAP], 0);
	assert_shift(&off.samples[MODEL_OP_UNMAP], &on.samples[MODEL_OP_UNMAP], 0);
	model_results_free(&off);
	model_results_free(&on);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paravirt_shift),
		cmocka_unit_test(test_native_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
