// SPDX-License-Identifier: GPL-2.0
/*
 * The IOVA interval index behind iommu:map -> iommu:unmap: an unmap of
 * [lo, lo + size) takes exactly the maps whose start lies inside it,
 * whether they overlap it, touch it or only partly fit. Expectations
 * worked out by hand from the ranges below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "iova_index.h"

#define SZ_4K	0x1000ULL

/* 16 maps of 4 KiB at 0x10000.. (a 64 KiB sg list), ts = 100 + i */
static struct iova_index *sg_list(void)
{
	struct iova_index *x = iova_index_new();
	unsigned int i;

	assert_non_null(x);
	/* in a shuffled order: the index must not rely on the order maps come in */
	for (i = 0; i < 16; i++) {
		unsigned int j = (i * 7) % 16;

		assert_int_equal(iova_index_add(x, 0, 0x10000 + j * SZ_4K, 100 + j), 0);
	}
	assert_int_equal(iova_index_count(x), 16);
	return x;
}

static void test_whole_and_adjacent(void **state)
{
	struct iova_index *x = sg_list();
	uint64_t first = 0;

	/* the range just below [0x10000: ends where the first map starts: none */
	assert_int_equal(iova_index_take(x, 0, 0xf000, SZ_4K, &first), 0);
	/* the range just above the last map (0x1f000 + 4K = 0x20000): none */
	assert_int_equal(iova_index_take(x, 0, 0x20000, SZ_4K, &first), 0);
	/* size 0 takes nothing, even at a map's start */
	assert_int_equal(iova_index_take(x, 0, 0x10000, 0, &first), 0);
	assert_int_equal(iova_index_count(x), 16);
	/* the 64 KiB unmap takes all 16; the oldest is the map at 0x10000, ts 100 */
	assert_int_equal(iova_index_take(x, 0, 0x10000, 16 * SZ_4K, &first), 16);
	assert_int_equal(first, 100);
	assert_int_equal(iova_index_count(x), 0);
	assert_int_equal(iova_index_take(x, 0, 0x10000, 16 * SZ_4K, &first), 0);
	iova_index_free(x);
}

static void test_partial(void **state)
{
	struct iova_index *x = sg_list();
	uint64_t first = 0;

	/*
	 * [0x13800, 0x16800): starts 0x14000, 0x15000, 0x16000 lie inside;
	 * 0x13000 overlaps the range but starts before it: it stays.
	 */
	assert_int_equal(iova_index_take(x, 0, 0x13800, 3 * SZ_4K, &first), 3);
	assert_int_equal(first, 104);
	assert_int_equal(iova_index_count(x), 13);
	/* [0x13000, 0x14001): only 0x13000 is left in it */
	assert_int_equal(iova_index_take(x, 0, 0x13000, SZ_4K + 1, &first), 1);
	assert_int_equal(first, 103);
	/* [0x1f000, 0x1f001): the last map's start, one byte is enough */
	assert_int_equal(iova_index_take(x, 0, 0x1f000, 1, &first), 1);
	assert_int_equal(first, 115);
	/* [0x10000, 0x1f000) now holds 0x10000..0x12000 and 0x17000..0x1e000 */
	assert_int_equal(iova_index_take(x, 0, 0x10000, 0xf000, &first), 11);
	assert_int_equal(first, 100);
	assert_int_equal(iova_index_count(x), 0);
	iova_index_free(x);
}

static void test_same_start_pairs_and_top(void **state)
{
	struct iova_index *x = iova_index_new();
	uint64_t first = 0;

	assert_non_null(x);
	/* two maps of one IOVA (two devices, one domain each): both open */
	assert_int_equal(iova_index_add(x, 0, 0x5000, 30), 0);
	assert_int_equal(iova_index_add(x, 0, 0x5000, 20), 0);
	/* another pair's map at the same IOVA is not this pair's */
	assert_int_equal(iova_index_add(x, 1, 0x5000, 10), 0);
	/* a map at the top of the IOVA space */
	assert_int_equal(iova_index_add(x, 0, 0xfffffffffffff000ULL, 40), 0);
	assert_int_equal(iova_index_take(x, 0, 0x5000, SZ_4K, &first), 2);
	assert_int_equal(first, 20);
	/* lo + size wraps past 2^64: the range runs to the top, the other pair stays */
	assert_int_equal(iova_index_take(x, 0, 0x1000, UINT64_MAX, &first), 1);
	assert_int_equal(first, 40);
	assert_int_equal(iova_index_count(x), 1);
	assert_int_equal(iova_index_take(x, 1, 0, UINT64_MAX, &first), 1);
	assert_int_equal(first, 10);
	iova_index_free(x);
}

static unsigned int nr_left;
static uint64_t last_start;

static void count_left(void *ctx, unsigned int pair, uint64_t start, uint64_t ts)
{
	/* in start order */
	assert_true(!nr_left || start > last_start);
	last_start = start;
	nr_left++;
}

static void test_drain_and_reuse(void **state)
{
	struct iova_index *x = sg_list();
	uint64_t first = 0;

	assert_int_equal(iova_index_take(x, 0, 0x18000, 8 * SZ_4K, &first), 8);
	iova_index_drain(x, count_left, NULL);
	assert_int_equal(nr_left, 8);
	assert_int_equal(last_start, 0x17000);
	assert_int_equal(iova_index_count(x), 0);
	/* usable again after a drain */
	assert_int_equal(iova_index_add(x, 0, 0x2000, 7), 0);
	assert_int_equal(iova_index_take(x, 0, 0x2000, SZ_4K, &first), 1);
	assert_int_equal(first, 7);
	iova_index_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_and_adjacent),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_same_start_pairs_and_top),
		cmocka_unit_test(test_drain_and_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
