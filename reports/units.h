/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a unit says about its figures: a time, a rate (higher is better) or
 * a cost (lower is better). The centre and the verdict (reports.h) follow
 * from it. Private to reports/.
 */
#ifndef REPORT_UNITS_H
#define REPORT_UNITS_H

#include <stddef.h>

/* Is the unit a time (ns, us, ms, s)? */
int report_unit_is_time(const char *unit);
/* Is the unit a rate (higher is better: iops, bytes/s, MiB/s, x/s)? */
int report_unit_is_rate(const char *unit);
/* Is the unit a time or a cost (lower is better: ns, us, ms, s, %, events, cycles)? */
int report_unit_is_cost(const char *unit);
/* "1.23 us" style with 3 significant digits, for a value in unit (ns auto-scaled). */
void report_fmt_value(char *buf, size_t len, double v, const char *unit);

#endif
