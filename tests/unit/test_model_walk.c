// SPDX-License-Identifier: GPL-2.0
/*
 * Translation cost of a DMA: with cold caches a single-stage walk reads 4
 * descriptors; a nested walk reads 24 (each of the 4 stage-1 descriptor
 * addresses is an IPA translated by a 4-level stage-2 walk, 4 x (4 + 1),
 * plus 4 for the output address). Configuration fetch (STE, CD) adds 2.
 * A second access hits the IOTLB: no reads. After a TLBI of the page the
 * walk happens again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "model_int.h"

static struct model_sim *walk_sim(struct model_config *cfg)
{
	struct model_sim *sim = calloc(1, sizeof(*sim));

	assert_non_null(sim);
	model_config_init(cfg);
	sim->cfg = cfg;
	sim->prof.fig[MODEL_FIG_cmdq_log2_entries].value = 8;
	sim->prof.fig[MODEL_FIG_iotlb_entries].value = 64;
	sim->prof.fig[MODEL_FIG_iotlb_ways].value = 4;
	sim->prof.fig[MODEL_FIG_walk_cache_entries].value = 0;	/* worst case */
	sim->prof.fig[MODEL_FIG_walk_read].value = 100;
	sim->prof.fig[MODEL_FIG_smmu_tlbi].value = 80;
	sim->prof.fig[MODEL_FIG_smmu_sync].value = 400;
	assert_int_equal(model_mem_init(&sim->mem, 0x80000000ULL, 64ULL << 20, 16ULL << 20), 0);
	assert_int_equal(model_pgtable_init(&sim->s1, &sim->mem, 1), 0);
	assert_int_equal(model_pgtable_init(&sim->s2, &sim->mem, 2), 0);
	assert_int_equal(model_smmu_init(&sim->smmu, sim), 0);
	return sim;
}

static void walk_free(struct model_sim *sim)
{
	model_smmu_free(&sim->smmu);
	model_mem_free(&sim->mem);
	free(sim);
}

static void translate(struct model_sim *sim, u64 t, u64 iova, u64 want_pa, u64 want_reads)
{
	u64 pa, cost;
	bool stale;

	assert_int_equal(model_smmu_translate(&sim->smmu, t, iova, false, &pa, &cost, &stale), 0);
	assert_int_equal(pa, want_pa);
	assert_false(stale);
	assert_int_equal(cost, want_reads * 100);
}

static void test_single_stage(void **state)
{
	struct model_config cfg;
	struct model_sim *sim = walk_sim(&cfg);
	struct model_cmd c = { .opcode = MODEL_CMD_TLBI_NH_VA, .asid = MODEL_ASID,
			       .addr = 0x10000000, .leaf = true };

	model_smmu_cd_write(&sim->smmu, sim->smmu.cd_base, sim->s1.root, MODEL_ASID);
	model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_S1, sim->smmu.cd_base, 0, 0);
	assert_int_equal(model_pgtable_map(&sim->s1, 0x10000000, 0x82000000, 4096,
					   MODEL_PROT_READ | MODEL_PROT_WRITE), 0);
	translate(sim, 0, 0x10000010, 0x82000010, 2 + 4);	/* STE + CD + 4 levels */
	translate(sim, 10, 0x10000020, 0x82000020, 0);	/* IOTLB hit */
	model_smmu_cmdq_write(&sim->smmu, &c, 1, 0, 20);
	assert_int_equal(model_smmu_cmdq_publish(&sim->smmu, 20), 100);	/* 20 + 80 ns */
	translate(sim, 100, 0x10000030, 0x82000030, 4);	/* invalidated: walk again */
	assert_int_equal(sim->smmu.tlbi, 1);
	walk_free(sim);
}

static void test_nested(void **state)
{
	struct model_config cfg;
	struct model_sim *sim = walk_sim(&cfg);
	u64 mapped;

	/* stage 2: identity map of the first 32 MiB of DRAM (tables and buffers) */
	assert_int_equal(model_pgtable_map_pages(&sim->s2, 0x80000000, 0x80000000, 4096, 8192,
						 MODEL_PROT_READ | MODEL_PROT_WRITE, &mapped), 0);
	model_smmu_cd_write(&sim->smmu, sim->smmu.cd_base, sim->s1.root, MODEL_ASID);
	model_smmu_ste_write(&sim->smmu, MODEL_SID, MODEL_STE_CFG_NESTED, sim->smmu.cd_base,
			     sim->s2.root, MODEL_VMID);
	assert_int_equal(model_pgtable_map(&sim->s1, 0x10000000, 0x81000000, 4096,
					   MODEL_PROT_READ | MODEL_PROT_WRITE), 0);
	translate(sim, 0, 0x10000008, 0x81000008, 2 + 24);
	translate(sim, 10, 0x10000008, 0x81000008, 0);
	walk_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_stage),
		cmocka_unit_test(test_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
