// SPDX-License-Identifier: GPL-2.0
/*
 * The report's sections come in the order the report --help text lists
 * them (setup, lost events, the dmabench grid, latency, KPIs with the IOPS
 * bars under them, cost per IO, sweeps), and a section that adds to the
 * heading of another directly follows it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "sections/sections.h"

static void test_order(void **state)
{
	static const char *const want[] = { "setup", "lost", "dmabench", "latency", "kpi",
		"throughput", "cost", "sweep" };
	size_t i;

	assert_int_equal(report_nr_sections, ARRAY_SIZE(want));
	for (i = 0; i < report_nr_sections; i++) {
		assert_string_equal(report_sections[i].name, want[i]);
		assert_non_null(report_sections[i].build);
	}
}

static void test_follows(void **state)
{
	size_t i;

	assert_int_equal(report_sections_check(), 0);
	for (i = 0; i < report_nr_sections; i++)
		if (!strcmp(report_sections[i].name, "throughput"))
			assert_string_equal(report_sections[i].follows, "kpi");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_follows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
