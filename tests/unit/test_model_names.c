// SPDX-License-Identifier: GPL-2.0
/*
 * The names the model, bench.conf and the event table share: one design
 * table (hyp-instrumentation/hypev_design.h), looked up by id and by name,
 * and the SMMU helpers of model_smmu.h against IHI 0070: STE word 0 is
 * V [0], Config [3:1], S1ContextPtr [51:6] (§5.2); PROD/CONS carry the
 * index below bit `shift` and the wrap bit at it (§3.5); commands are 16 bytes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "conf.h"
#include "hypev.h"
#include "model_int.h"

static void test_design_table(void **state)
{
	enum model_design_id d;

	assert_string_equal(hypev_design_id_name(HYPEV_DESIGN_NATIVE), "native");
	assert_string_equal(hypev_design_id_name(HYPEV_DESIGN_PARAVIRT), "paravirt");
	assert_string_equal(hypev_design_id_name(HYPEV_DESIGN_NESTED), "nested");
	assert_string_equal(hypev_design_id_name(HYPEV_NR_DESIGNS), "?");
	assert_int_equal(hypev_design_id_find("nested"), HYPEV_DESIGN_NESTED);
	assert_int_equal(hypev_design_id_find("both"), -1);
	assert_string_equal(HYPEV_DESIGN_CHOICES, "native,paravirt,nested");
	/* the event table's design bits */
	assert_string_equal(hypev_design_name(HYPEV_D_PARAVIRT), "paravirt");
	assert_string_equal(hypev_design_name(HYPEV_D_NESTED), "nested");
	assert_string_equal(hypev_design_name(HYPEV_D_BOTH), "both");
	assert_string_equal(hypev_design_name(HYPEV_D_UPSTREAM), "upstream");
	assert_string_equal(hypev_design_name(0), "?");
	/* the model's names are the table's */
	assert_string_equal(model_design_name(MODEL_DESIGN_PARAVIRT), "paravirt");
	assert_int_equal(model_design_parse("native", &d), 0);
	assert_int_equal(d, MODEL_DESIGN_NATIVE);
	assert_int_equal(model_design_parse("Native", &d), -EINVAL);
}

static void test_conf_design_choices(void **state)
{
	unsigned int i;
	int seen = 0;

	for (i = 0; i < bench_nr_target_keys; i++)
		if (!strcmp(bench_target_keys[i].name, "design")) {
			assert_string_equal(bench_target_keys[i].choices, "auto,native,paravirt,nested");
			seen++;
		}
	for (i = 0; i < bench_nr_model_keys; i++)
		if (!strcmp(bench_model_keys[i].name, "designs")) {
			assert_string_equal(bench_model_keys[i].choices, "native,paravirt,nested");
			assert_string_equal(bench_model_keys[i].def, "native,paravirt,nested");
			seen++;
		}
	assert_int_equal(seen, 2);
}

static void test_ste_word0(void **state)
{
	/* valid, Config S1 (5) in [3:1] = 0xb, S1ContextPtr 0x80001040 in [51:6] */
	assert_int_equal(model_ste_word0(MODEL_STE_CFG_S1, 0x80001040ULL), 0x8000104bULL);
	/* bits below 6 and above 51 of the pointer are not the field's */
	assert_int_equal(model_ste_word0(MODEL_STE_CFG_NESTED, 0xfff000008000107fULL),
			 0x000000008000104fULL);
	assert_true(model_ste_valid(0x8000104bULL));
	assert_false(model_ste_valid(0x8000104aULL));
	assert_int_equal(model_ste_s1ctxptr(0x8000104bULL), 0x80001040ULL);
	assert_int_equal(model_ste_addr(0x1000, 64, 3), 0x10c0);
	assert_int_equal(model_ste_addr(0x1000, 64, 67), 0x10c0);
}

static void test_queue_wrap(void **state)
{
	/* 8 entries (shift 3): index [2:0], wrap bit 3 */
	assert_int_equal(model_q_entries(3), 8);
	assert_int_equal(model_q_inc(3, 6), 7);
	assert_int_equal(model_q_inc(3, 7), 8);		/* index 0, wrap set */
	assert_int_equal(model_q_idx(3, 8), 0);
	assert_int_equal(model_q_inc(3, 15), 0);	/* index 0, wrap clear again */
	/* PROD at index 2 after a wrap (8 | 2), CONS at 6: 4 entries used */
	assert_int_equal(model_q_wrapidx(3, (8 | 2) - 6), 4);
	assert_int_equal(model_q_wrapidx(3, 2 - (8 | 6)), 4);	/* and with the wrap bits the other way */
	assert_int_equal(model_cmdq_bytes(3), 128);
	assert_int_equal(model_cmdq_slot(0x4000, 3, 9), 0x4010);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_table),
		cmocka_unit_test(test_conf_design_choices),
		cmocka_unit_test(test_ste_word0),
		cmocka_unit_test(test_queue_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
