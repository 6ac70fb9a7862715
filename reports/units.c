// SPDX-License-Identifier: GPL-2.0
/* Units: which are times, rates (higher is better) and costs (lower is better), and how a figure in one reads. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
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

	for (i = 0; unit && i < ARRAY_SIZE(costs); i++)
		if (!strcmp(unit, costs[i]))
			return 1;
	return 0;
}

void report_fmt_value(char *buf, size_t len, double v, const char *unit)
{
	static const struct { double div; const char *name; } ns_scale[] = {
		{ 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" }, { 1, "ns" },
	};
	size_t i;

	if (isnan(v)) {
		snprintf(buf, len, "-");
		return;
	}
	if (unit && !strcmp(unit, "ns")) {
		for (i = 0; i < 3 && fabs(v) < ns_scale[i].div; i++)
			;
		v /= ns_scale[i].div;
		unit = ns_scale[i].name;
	}
	if (fabs(v) >= 1000 || v == floor(v))
		snprintf(buf, len, "%.0f %s", v, unit ? unit : "");
	else
		snprintf(buf, len, "%.4g %s", v, unit ? unit : "");
	/* no trailing blank when the unit is empty */
	i = strlen(buf);
	if (i && buf[i - 1] == ' ')
		buf[i - 1] = '\0';
}
