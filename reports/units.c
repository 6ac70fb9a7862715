// SPDX-License-Identifier: GPL-2.0
/* Units: which are times, rates (higher is better) and costs (lower is better). */
#include <string.h>

#include "units.h"

int report_unit_is_time(const char *unit)
{
	return unit && (!strcmp(unit, "ns") || !strcmp(unit, "us") || !strcmp(unit, "ms") ||
			!strcmp(unit, "s"));
}

static int unit_ends(const char *unit, const char *suffix)
{
	size_t l = strlen(unit), s = strlen(suffix);

	return l >= s && !strcmp(unit + l - s, suffix);
}

int report_unit_is_rate(const char *unit)
{
	return unit && (!strcmp(unit, "iops") || !strcmp(unit, "IOPS") || unit_ends(unit, "/s"));
}

int report_unit_is_cost(const char *unit)
{
	static const char *const costs[] = { "ns", "us", "ms", "s", "%", "events", "cycles" };
	size_t i;

	for (i = 0; unit && i < sizeof(costs) / sizeof(costs[0]); i++)
		if (!strcmp(unit, costs[i]))
			return 1;
	return 0;
}
