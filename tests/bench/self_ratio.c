// SPDX-License-Identifier: GPL-2.0
/*
 * A helper of the bench-self scripts: reads "<label> <value>" lines on
 * stdin and prints, for each label other than BASE (first-seen order), the
 * ratio of its median to BASE's with the bootstrap 95% interval and the
 * Mann-Whitney U p-value: reports' own statistics (report_stats_compare()),
 * the rule compare and the dashboard use. Figures, not assertions.
 *
 *   self_ratio BASE UNIT < values
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports.h"

#define MAX_LABELS 16
#define MAX_VALUES 1024

struct sample {
	char label[64];
	double v[MAX_VALUES];
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

int main(int argc, char **argv)
{
	static struct sample s[MAX_LABELS];
	struct report_stats_cmp r;
	const struct sample *base;
	char label[64];
	size_t nr = 0, i;
	double v;

	if (argc != 3) {
		fprintf(stderr, "usage: self_ratio BASE UNIT < \"label value\" lines\n");
		return 2;
	}
	while (scanf("%63s %lf", label, &v) == 2) {
		struct sample *x = sample_get(s, &nr, label);

		if (x && x->n < MAX_VALUES)
			x->v[x->n++] = v;
	}
	base = NULL;
	for (i = 0; i < nr; i++)
		if (!strcmp(s[i].label, argv[1]))
			base = &s[i];
	if (!base || !base->n) {
		fprintf(stderr, "self_ratio: no values of %s\n", argv[1]);
		return 1;
	}
	printf("%-12s %4s %14s %8s %18s %8s\n", "vs", "runs", "median", "ratio", "95% interval",
	       "p (MWU)");
	printf("%-12s %4zu %10.0f %-3s %8s %18s %8s\n", base->label, base->n,
	       report_stats_median(base->v, base->n), argv[2], "1", "-",
	       "-");
	for (i = 0; i < nr; i++) {
		if (&s[i] == base)
			continue;
		if (report_stats_compare(base->v, base->n, s[i].v, s[i].n, REPORT_STATS_MEDIAN, &r)) {
			printf("%-12s %4zu (too few values)\n", s[i].label, s[i].n);
			continue;
		}
		printf("%-12s %4zu %10.0f %-3s %8.3f    %6.3f .. %6.3f %8.4f\n", s[i].label, s[i].n,
		       r.new, argv[2], r.ratio, r.ci_lo, r.ci_hi, r.p_mwu);
	}
	return 0;
}
