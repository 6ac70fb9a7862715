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
 *     unmaps (ceil), none per unmap;
 *   - paravirt blocks: the host driver's pgsize_bitmap is 4K | 2M | 1G, so
 *     __iommu_map() maps a 4 MiB buffer that alloc_pages_exact() and the
 *     IOVA allocator align to 4 MiB as two 2 MiB blocks in one map_pages
 *     hypercall, and __iommu_unmap() unmaps them in one hypercall; EL2
 *     invalidates per granule (the leaf): 2 TLBIs without RIL, 1 range TLBI
 *     with (1024 pages: NUM 0, SCALE 10), and one CMD_SYNC, instead of 1024
 *     TLBIs. 2 MiB (512 pages): 1 TLBI. 1 MiB cannot hold a block: 256.
 *     Scatter-gather 4 KiB pages are 4 KiB leaves, whatever the length.
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

static void pv_blocks(unsigned int granule, int ril, bool sg, unsigned int tlbi_per_unmap)
{
	struct model_config cfg;
	struct model_results res;

	base(&cfg, MODEL_DESIGN_PARAVIRT, granule);
	cfg.knobs.ril = ril;
	cfg.dmabench.sg = sg;
	if (sg)	/* 1024 map hypercalls per buffer: a longer run for enough unmaps */
		cfg.dmabench.duration_ns = 10000000ULL;
	run(&cfg, &res);
	printf("# paravirt %u pages ril=%d sg=%d: %llu unmaps, %llu TLBIs, %llu syncs\n", granule,
	       ril, sg, (unsigned long long)res.counts.unmap_calls,
	       (unsigned long long)res.counts.tlbi, (unsigned long long)res.counts.syncs);
	assert_int_equal(res.counts.tlbi, (uint64_t)tlbi_per_unmap * res.counts.unmap_calls);
	/* one CMD_SYNC per unmap, plus attach's and detach's */
	assert_int_equal(res.counts.syncs, res.counts.unmap_calls + 2);
	if (!sg)	/* one map and one unmap hypercall per buffer, attach, detach */
		assert_int_equal(res.counts.hypercalls,
				 res.counts.map_calls + res.counts.unmap_calls + 2);
	assert_int_equal(res.counts.map_calls, res.counts.unmap_calls);
	model_results_free(&res);
}

/*
 * Lazy windows by hand. Each iteration holds the buffer dma_trans_ns, so
 * its period P is the hold plus under 2 us of work (map, unmap, memset).
 *   - a 16-entry queue, 10 us hold: a page waits for the 16 unmaps that
 *     fill the queue behind it: max = 16 P in [16 x 10 - 2, 16 x 12] us;
 *     the median page waits about 8.5 P, in [8 x 10, 9 x 12] us;
 *   - a 1 ms timeout, 100 us hold (256 entries would take 25.6 ms): the
 *     timer armed by the first page fires 1 ms later; max about 1 ms.
 */
static void test_lazy_window(void **state)
{
	struct model_config cfg;
	struct model_results res;

	base(&cfg, MODEL_DESIGN_NATIVE, 1);
	cfg.oracle = true;
	cfg.knobs.lazy = true;
	cfg.knobs.fq_size = 16;
	cfg.dmabench.dma_trans_ns = 10000;
	cfg.dmabench.duration_ns = 5000000ULL;
	run(&cfg, &res);
	printf("# fq 16, hold 10 us: window p50 %llu ns max %llu ns\n",
	       (unsigned long long)res.oracle.window_p50_ns,
	       (unsigned long long)res.oracle.window_max_ns);
	assert_true(model_results_safe(&res));
	assert_in_range(res.oracle.window_max_ns, 158000, 192000);
	assert_in_range(res.oracle.window_p50_ns, 80000, 108000);
	model_results_free(&res);
	cfg.knobs.fq_size = 0;
	cfg.knobs.fq_timeout_ns = 1000000;
	cfg.dmabench.dma_trans_ns = 100000;
	cfg.dmabench.duration_ns = 20000000ULL;
	run(&cfg, &res);
	printf("# timeout 1 ms, hold 100 us: window p50 %llu ns max %llu ns, %llu flushes\n",
	       (unsigned long long)res.oracle.window_p50_ns,
	       (unsigned long long)res.oracle.window_max_ns,
	       (unsigned long long)res.counts.fq_flushes);
	assert_true(model_results_safe(&res));
	assert_in_range(res.oracle.window_max_ns, 990000, 1010000);
	/* 20 ms of 1 ms timer periods (each re-armed by the next unmap) */
	assert_in_range(res.counts.fq_flushes, 18, 21);
	model_results_free(&res);
}

static void test_paravirt_blocks(void **state)
{
	pv_blocks(1024, 0, false, 2);
	pv_blocks(1024, 1, false, 1);
	pv_blocks(512, 0, false, 1);
	pv_blocks(256, 0, false, 256);
	pv_blocks(1024, 0, true, 1024);
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
		cmocka_unit_test(test_paravirt_blocks),
		cmocka_unit_test(test_lazy_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
