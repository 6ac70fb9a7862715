// SPDX-License-Identifier: GPL-2.0
/*
 * SMMUv3 command encodings against the layouts of Arm IHI 0070 chapter 4,
 * worked out by hand: word 0 Opcode [7:0], NUM [16:12], SCALE [24:20],
 * VMID [47:32], ASID [63:48]; word 1 Leaf [0], TTL [9:8], TG [11:10],
 * Address [63:12]. CMD_SYNC: CS [13:12], MSH [23:22], MSIAttr [27:24],
 * MSIData [63:32]; MSIAddress [51:2]. CFGI: SSID [31:12], SID [63:32],
 * Leaf [0]. Plus VMSAv8-64 descriptors and the nested command filter.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_int.h"

static void enc(const struct model_cmd *c, uint64_t w0, uint64_t w1)
{
	u64 w[2];
	struct model_cmd d;

	model_cmd_encode(c, w);
	assert_int_equal(w[0], w0);
	assert_int_equal(w[1], w1);
	assert_int_equal(model_cmd_decode(w, &d), 0);
	assert_int_equal(d.opcode, c->opcode);
}

static void test_tlbi_nh_va(void **state)
{
	struct model_cmd c = { .opcode = MODEL_CMD_TLBI_NH_VA, .asid = 1, .addr = 0x12345000,
			       .leaf = true };

	/* 0x12 | ASID 1 << 48; address | Leaf */
	enc(&c, 0x0001000000000012ULL, 0x0000000012345001ULL);
	c.asid = 0xabcd;
	c.vmid = 0x22;
	c.addr = 0xffff800000001000ULL;
	c.leaf = false;
	enc(&c, 0xabcd002200000012ULL, 0xffff800000001000ULL);
}

static void test_tlbi_range(void **state)
{
	/* 256 pages of 4K: TG=1, SCALE=8, NUM=0, TTL=3, Leaf */
	struct model_cmd c = { .opcode = MODEL_CMD_TLBI_NH_VA, .asid = 1, .addr = 0x40000000,
			       .leaf = true, .tg = 1, .scale = 8, .num = 0, .ttl = 3 };

	enc(&c, 0x0001000000800012ULL, 0x0000000040000701ULL);
	/* NUM=4 SCALE=0: 5 pages */
	c.scale = 0;
	c.num = 4;
	enc(&c, 0x0001000000004012ULL, 0x0000000040000701ULL);
	assert_int_equal(model_cmd_tlbi_pages(&c), 5);
}

static void test_tlbi_others(void **state)
{
	struct model_cmd asid = { .opcode = MODEL_CMD_TLBI_NH_ASID, .asid = 7 };
	struct model_cmd all = { .opcode = MODEL_CMD_TLBI_NH_ALL, .vmid = 3 };
	struct model_cmd s2 = { .opcode = MODEL_CMD_TLBI_S2_IPA, .vmid = 3, .addr = 0x80001000,
				.leaf = true };
	struct model_cmd s12 = { .opcode = MODEL_CMD_TLBI_S12_VMALL, .vmid = 3 };

	enc(&asid, 0x0007000000000011ULL, 0);
	enc(&all, 0x0000000300000010ULL, 0);
	enc(&s2, 0x000000030000002aULL, 0x0000000080001001ULL);
	enc(&s12, 0x0000000300000028ULL, 0);
}

static void test_sync_cfgi(void **state)
{
	struct model_cmd sev = { .opcode = MODEL_CMD_SYNC, .cs = MODEL_SYNC_CS_SEV };
	struct model_cmd msi = { .opcode = MODEL_CMD_SYNC, .cs = MODEL_SYNC_CS_IRQ, .msh = 3,
				 .msiattr = 0xf, .addr = 0x80000040 };
	struct model_cmd ste = { .opcode = MODEL_CMD_CFGI_STE, .sid = 0x10, .leaf = true };
	struct model_cmd cd = { .opcode = MODEL_CMD_CFGI_CD, .sid = 0x10, .ssid = 5, .leaf = true };

	enc(&sev, 0x0000000000002046ULL, 0);
	/* CS=1 <<12, MSH=3 <<22, MSIAttr=0xf <<24 */
	enc(&msi, 0x000000000fc01046ULL, 0x0000000080000040ULL);
	enc(&ste, 0x0000001000000003ULL, 1);
	enc(&cd, 0x0000001000005005ULL, 1);
}

static void test_range_split(void **state)
{
	struct model_cmd out[8];
	int n;

	/* RIL: 256 pages -> one command */
	n = model_cmd_tlbi_range(MODEL_CMD_TLBI_NH_VA, 1, 0, 0x100000, 256 << 12, 4096, true,
				 true, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].scale, 8);
	assert_int_equal(out[0].num, 0);
	assert_int_equal(out[0].ttl, 3);
	assert_int_equal(out[0].tg, 1);
	/* RIL: 33 pages -> 1 page (scale 0) then 32 pages (scale 5, num 1) */
	n = model_cmd_tlbi_range(MODEL_CMD_TLBI_NH_VA, 1, 0, 0x100000, 33 << 12, 4096, true,
				 true, out, 8);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].scale, 0);
	assert_int_equal(out[0].num, 0);
	assert_int_equal(out[1].addr, 0x101000);
	assert_int_equal(out[1].scale, 5);
	assert_int_equal(out[1].num, 0);
	/* no RIL: one per page, TG 0 */
	n = model_cmd_tlbi_range(MODEL_CMD_TLBI_NH_VA, 1, 0, 0x100000, 3 << 12, 4096, true,
				 false, out, 8);
	assert_int_equal(n, 3);
	assert_int_equal(out[2].addr, 0x102000);
	assert_int_equal(out[2].tg, 0);
	assert_int_equal(model_cmd_tlbi_range(MODEL_CMD_TLBI_NH_VA, 1, 0, 0, 9 << 12, 4096, true,
					      false, out, 8), -ENOSPC);
}

static void test_descriptors(void **state)
{
	/*
	 * Stage-1 4K page, RW: page 0b11, AttrIndx 1 (<<2), AP[1] unpriv
	 * (<<6), SH inner (3<<8), AF (<<10), nG (<<11), XN (<<54).
	 */
	assert_int_equal(model_pgtable_pte_page(1, 0x80001000, MODEL_PROT_READ | MODEL_PROT_WRITE, 3),
			 0x0040000080001f47ULL);
	/* read-only adds AP[2] (<<7) */
	assert_int_equal(model_pgtable_pte_page(1, 0x80001000, MODEL_PROT_READ, 3),
			 0x0040000080001fc7ULL);
	/* stage-2 2M block RW: 0b01, MemAttr 0xf (<<2), S2AP 11 (<<6), SH, AF, XN */
	assert_int_equal(model_pgtable_pte_page(2, 0x80200000, MODEL_PROT_READ | MODEL_PROT_WRITE, 2),
			 0x00400000802007fdULL);
}

static void test_nested_filter(void **state)
{
	struct model_cmd c = { .opcode = MODEL_CMD_TLBI_NH_VA, .vmid = 0, .asid = 1 };

	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_FORWARD);
	assert_int_equal(c.vmid, 9);
	c.vmid = 4;
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_DROP);
	c = (struct model_cmd){ .opcode = MODEL_CMD_TLBI_NH_ALL };
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_DROP);
	c = (struct model_cmd){ .opcode = MODEL_CMD_TLBI_S2_IPA };
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_DROP);
	c = (struct model_cmd){ .opcode = MODEL_CMD_TLBI_S12_VMALL };
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_DROP);
	c = (struct model_cmd){ .opcode = MODEL_CMD_CFGI_STE, .sid = 1 };
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_RESHADOW);
	c = (struct model_cmd){ .opcode = MODEL_CMD_CFGI_ALL, .range = 5 };
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_DROP);
	c.range = 31;
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_FORWARD);
	c = (struct model_cmd){ .opcode = MODEL_CMD_SYNC, .cs = MODEL_SYNC_CS_IRQ };
	assert_int_equal(model_nested_filter(&c, 9), MODEL_FILTER_FORWARD);
	assert_int_equal(c.cs, MODEL_SYNC_CS_SEV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlbi_nh_va),
		cmocka_unit_test(test_tlbi_range),
		cmocka_unit_test(test_tlbi_others),
		cmocka_unit_test(test_sync_cfgi),
		cmocka_unit_test(test_range_split),
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_nested_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
