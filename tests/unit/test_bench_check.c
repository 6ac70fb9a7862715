// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench check: which driver owns the SMMUv3, read from a fake sysfs
 * laid out as drivers/base/bus.c does (/sys/bus/platform/drivers/<name>/
 * holds bind, unbind, uevent, a "module" link, and one link per bound
 * device named after it).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "check.h"

static char root[64];

static void mk(const char *rel, bool link)
{
	char p[256], cmd[512];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", p);
	assert_int_equal(system(cmd), 0);
	if (link)
		assert_int_equal(symlink("../../../../devices/platform/9050000.smmuv3", p), 0);
	else
		assert_int_equal(system((snprintf(cmd, sizeof(cmd), "touch '%s'", p), cmd)), 0);
}

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/smmubench-check-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void test_no_driver(void **state)
{
	char drv[64] = "x";

	assert_int_equal(bench_check_smmu_driver(root, drv, sizeof(drv)), 0);
	assert_string_equal(drv, "");
}

static void test_driver_without_device(void **state)
{
	char drv[64] = "x";

	/* a registered driver with nothing bound: only its files and module link */
	mk("bus/platform/drivers/arm-smmu-v3/bind", false);
	mk("bus/platform/drivers/arm-smmu-v3/uevent", false);
	mk("bus/platform/drivers/arm-smmu-v3/module", true);
	assert_int_equal(bench_check_smmu_driver(root, drv, sizeof(drv)), 0);
	assert_string_equal(drv, "");
}

static void test_native(void **state)
{
	char drv[64];

	mk("bus/platform/drivers/arm-smmu-v3/9050000.smmuv3", true);
	assert_int_equal(bench_check_smmu_driver(root, drv, sizeof(drv)), 0);
	assert_string_equal(drv, "arm-smmu-v3");
}

static void test_pkvm_wins(void **state)
{
	char drv[64];

	/* pKVM owns the SMMU even where arm_smmu_v3.ko is also registered */
	mk("bus/platform/drivers/kvm-arm-smmu-v3/9050000.smmuv3", true);
	assert_int_equal(bench_check_smmu_driver(root, drv, sizeof(drv)), 0);
	assert_string_equal(drv, "kvm-arm-smmu-v3");
}

int main(void)
{
	/* one tree, grown test by test: the order matters */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_driver),
		cmocka_unit_test(test_driver_without_device),
		cmocka_unit_test(test_native),
		cmocka_unit_test(test_pkvm_wins),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
