// SPDX-License-Identifier: GPL-2.0
/*
 * A helper of the bench-self scripts: reads "<label> <value> [round]" lines
 * on stdin and prints, for each label other than BASE (first-seen order),
 * the ratio of its median to BASE's with the bootstrap 95% interval and the
 * Mann-Whitney U p-value: reports' own statistics (report_stats_compare()),
 * the rule compare and the dashboard use. With a round on the lines (runs
 * alternated round by round), also the paired ratio: the median of each
 * round's value / BASE's value in the same round, with the bootstrap 95%
 * interval of that median (report_stats_ci()); pairing cancels a load that
 * drifts between rounds, which the unpaired interval counts as noise.
 * Figures, not assertions.
 *
 *   self_ratio BASE UNIT < values
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports.h"

#define MAX_LABELS 16
#define MAX_VALUES 1024

struct sample {
	char label[64];
	double v[MAX_VALUES];
	long round[MAX_VALUES];	/* -1: none given */
	size_t n;
};

static struct sample *sample_get(struct sample *s, size_t *nr, const char *label)
{
	size_t i;

	for (i = 0; i < *nr; i++)
		if (!strcmp(s[i].label, label))
			return &s[i];
	if (*nr == MAX_LABELS)
		return NULL;
	snprintf(s[*nr].label, sizeof(s[*nr].label), "%s", label);
	s[*nr].n = 0;
	return &s[(*nr)++];
}

/* BASE's value in round r, NAN when it has none */
static double sample_round_value(const struct sample *s, long r)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->round[i] == r)
			return s->v[i];
	return NAN;
}

/* per-round ratios x / base into out; how many rounds both have */
static size_t sample_paired_ratios(const struct sample *base, const struct sample *x, double *out)
{
	size_t i, n = 0;
	double b;

	for (i = 0; i < x->n; i++) {
		if (x->round[i] < 0)
			continue;
		b = sample_round_value(base, x->round[i]);
		if (!isnan(b) && b > 0)
			out[n++] = x->v[i] / b;
	}
	return n;
}

static void sample_print(const struct sample *base, const struct sample *x, const char *unit)
{
	static double ratios[MAX_VALUES];
	struct report_stats_cmp r;
	double lo, hi;
	size_t n;

	if (report_stats_compare(base->v, base->n, x->v, x->n, REPORT_STATS_MEDIAN, &r)) {
		printf("%-12s %4zu (too few values)\n", x->label, x->n);
		return;
	}
	printf("%-12s %4zu %10.0f %-4s %7.3f   %6.3f .. %6.3f %8.4f", x->label, x->n, r.new, unit,
	       r.ratio, r.ci_lo, r.ci_hi, r.p_mwu);
	n = sample_paired_ratios(base, x, ratios);
	if (n && !report_stats_ci(ratios, n, REPORT_STATS_MEDIAN, &lo, &hi))
		printf(" %7.3f   %6.3f .. %6.3f %4zu", report_stats_median(ratios, n), lo, hi, n);
	printf("\n");
}

int main(int argc, char **argv)
{
	static struct sample s[MAX_LABELS];
	const struct sample *base;
	char line[256], label[64];
	size_t nr = 0, i;
	long round;
	double v;
	int k;

	if (argc != 3) {
		fprintf(stderr, "usage: self_ratio BASE UNIT < \"label value [round]\" lines\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		struct sample *x;

		k = sscanf(line, "%63s %lf %ld", label, &v, &round);
		if (k < 2)
			continue;
		x = sample_get(s, &nr, label);
		if (x && x->n < MAX_VALUES) {
			x->round[x->n] = k == 3 ? round : -1;
			x->v[x->n++] = v;
		}
	}
	base = NULL;
	for (i = 0; i < nr; i++)
		if (!strcmp(s[i].label, argv[1]))
			base = &s[i];
	if (!base || !base->n) {
		fprintf(stderr, "self_ratio: no values of %s\n", argv[1]);
		return 1;
	}
	printf("%-12s %4s %15s %7s %18s %8s %7s %18s %4s\n", "vs", "runs", "median", "ratio",
	       "95% interval", "p (MWU)", "paired", "95% interval", "rnds");
	printf("%-12s %4zu %10.0f %-4s %7s %18s %8s\n", base->label, base->n,
	       report_stats_median(base->v, base->n), argv[2], "1", "-", "-");
	for (i = 0; i < nr; i++)
		if (&s[i] != base)
			sample_print(base, &s[i], argv[2]);
	return 0;
}
