// SPDX-License-Identifier: GPL-2.0
/*
 * The one rule for what a change means, used by compare, dashboard, report
 * and the runner: which centre a unit takes, when a change is significant,
 * when its interval is degenerate and when it is a regression.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "reports.h"
#include "units.h"

enum report_stats_center report_unit_center(const char *unit)
{
	/* mmtests' convention: rates average harmonically, all else by the median */
	return report_unit_is_rate(unit) ? REPORT_STATS_HMEAN : REPORT_STATS_MEDIAN;
}

const char *report_stats_center_name(enum report_stats_center c)
{
	return c == REPORT_STATS_HMEAN ? "harmonic mean" : "median";
}

double report_stats_center(const char *unit, const double *v, size_t n)
{
	if (!n)
		return NAN;
	return report_unit_center(unit) == REPORT_STATS_HMEAN ? report_stats_hmean(v, n) :
								 report_stats_median(v, n);
}

int report_verdict(const char *unit, const double *base, size_t nb, const double *new,
		   size_t nn, double threshold_pct, struct report_verdict *out)
{
	struct report_stats_cmp r;
	int ret, worse;

	memset(out, 0, sizeof(*out));
	out->ratio = out->change_pct = out->ci_lo = out->ci_hi = out->p_mwu = NAN;
	if (!nb || !nn) {
		out->base = report_stats_center(unit, base, nb);
		out->new = report_stats_center(unit, new, nn);
		return -EINVAL;
	}
	/* the same centres, sorted once: compare sets them before anything can fail */
	ret = report_stats_compare(base, nb, new, nn, report_unit_center(unit), &r);
	out->base = ret == -ENOMEM ? report_stats_center(unit, base, nb) : r.base;
	out->new = ret == -ENOMEM ? report_stats_center(unit, new, nn) : r.new;
	if (ret)
		return ret;
	out->ratio = r.ratio;
	out->change_pct = (r.ratio - 1) * 100;
	out->ci_lo = r.ci_lo;
	out->ci_hi = r.ci_hi;
	out->p_mwu = r.p_mwu;
	/* a bootstrap of 1 or 2 values says nothing */
	out->significant = r.significant && nb >= REPORT_VERDICT_MIN_REPS &&
			   nn >= REPORT_VERDICT_MIN_REPS;
	/* every resample gave one ratio: zero spread on both sides (commit 84fc021) */
	out->degenerate = out->significant && r.ci_lo == r.ci_hi;
	worse = (report_unit_is_cost(unit) && out->change_pct > threshold_pct) ||
		(report_unit_is_rate(unit) && -out->change_pct > threshold_pct);
	out->regression = out->significant && worse;
	return 0;
}
