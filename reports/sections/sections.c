// SPDX-License-Identifier: GPL-2.0
/* The table of report sections, in report order. */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "sections.h"

const struct report_section report_sections[] = {
	{ "setup", report_section_setup, NULL },
	{ "lost", report_section_lost, NULL },
	{ "dmabench", report_section_dmabench, NULL },
	{ "latency", report_section_latency, NULL },
	{ "kpi", report_section_kpi, NULL },
	/* no heading of its own: the IOPS plot goes under the KPI table */
	{ "throughput", report_section_throughput, "kpi" },
	{ "cost", report_section_cost, NULL },
	{ "sweep", report_section_sweep, NULL },
};

const size_t report_nr_sections = ARRAY_SIZE(report_sections);

int report_sections_check(void)
{
	size_t i;

	for (i = 0; i < report_nr_sections; i++) {
		const char *f = report_sections[i].follows;

		if (f && (!i || strcmp(report_sections[i - 1].name, f)))
			return -EINVAL;
	}
	return 0;
}
