// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench compare BASE NEW...: an mmtests-style table. Per metric, the
 * per-repetition values of each run; rates compare harmonic means, all
 * else medians; the ratio NEW/BASE gets a bootstrap 95% interval and a
 * Mann-Whitney U p-value; a star marks a change whose interval excludes 1.
 * Exit status 1 when a metric regresses significantly beyond --threshold.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_model.h"
#include "report_util.h"
#include "reports.h"

#define CMP_DEFAULT_THRESHOLD_PCT 5.0

struct cmp_key {
	char *text;		/* "dmabench granule=1 threads=1 | unmap tool_mean [paravirt]" */
	char *group, *op, *metric, *design, *unit;
};

static void compare_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench compare [options] BASE NEW...\n"
		"\n"
		"Compare run directories against BASE, metric by metric (mmtests style):\n"
		"the base value, then each NEW run's value and its change in %%. Values are\n"
		"over repetitions: rates (iops, bytes/s, x/s) use the harmonic mean, all else\n"
		"the median. A '*' marks a significant change: the bootstrap 95%% interval of\n"
		"the ratio NEW/BASE (%d resamples, fixed seed) excludes 1.0; needs >= %d\n"
		"repetitions on each side. '*!' marks a degenerate interval: no spread over\n"
		"the repetitions on either side, so every resample gives the same ratio and\n"
		"the star rests on the two medians alone (e.g. a deterministic source).\n"
		"Metrics are matched by workload, parameters, op, metric and design (the\n"
		"design is ignored when both runs have one design, e.g. two hw runs of\n"
		"different designs).\n"
		"\n"
		"Which direction is worse: time units (ns, us, ms, s), %% (CPU) and cycles:\n"
		"higher is worse; rates (iops, bytes/s, MiB/s, anything per second): lower is\n"
		"worse; other units (count, pages, ...) are shown but never count as a\n"
		"regression.\n"
		"\n"
		"  -t, --threshold PCT  a significant change worse than PCT%% is a regression\n"
		"                       (default %.0f)\n"
		"  -v, --verbose        also print each interval and Mann-Whitney p-value\n"
		"  -h, --help           this text\n"
		"\n"
		"Exit status: 0 no regression, 1 at least one regression, 2 usage or input error.\n",
		REPORT_STATS_BOOT_RESAMPLES, REPORT_VERDICT_MIN_REPS, CMP_DEFAULT_THRESHOLD_PCT);
}

static size_t run_designs(const struct report_ctx *ctx, size_t run)
{
	size_t s, n = 0;

	for (s = 0; s < ctx->nr_series; s++)
		n += ctx->series[s].run == run;
	return n;
}

static int key_add(struct cmp_key **keys, size_t *nr, const char *group, const char *op,
		   const char *metric, const char *design, const char *unit)
{
	struct cmp_key *k;
	size_t i;

	for (i = 0; i < *nr; i++) {
		k = &(*keys)[i];
		if (!strcmp(k->group, group) && !strcmp(k->op, op) && !strcmp(k->metric, metric) &&
		    !strcmp(k->design, design))
			return 0;
	}
	k = realloc(*keys, (*nr + 1) * sizeof(*k));
	if (!k)
		return -ENOMEM;
	*keys = k;
	k = &k[(*nr)++];
	k->group = strdup(group);
	k->op = strdup(op);
	k->metric = strdup(metric);
	k->design = strdup(design);
	k->unit = strdup(unit);
	if (asprintf(&k->text, "%s | %s %s%s%s%s", group, op, metric, *design ? " [" : "", design,
		     *design ? "]" : "") < 0)
		k->text = NULL;
	return k->text ? 0 : -ENOMEM;
}

/* Values of key k in run r: rows of the cells of r in k's group (and design). */
static size_t key_values(const struct report_ctx *ctx, size_t run, const struct cmp_key *k,
			 int by_design, double **vals)
{
	const struct report_rundata *rd = ctx->runs[run];
	double *v = malloc((rd->nr_rows ? rd->nr_rows : 1) * sizeof(*v));
	size_t i, j, n = 0;

	*vals = v;
	if (!v)
		return 0;
	for (i = 0; i < ctx->nr_cells; i++) {
		const struct report_cref *c = &ctx->cells[i];

		if (c->run != run || strcmp(c->group, k->group))
			continue;
		if (by_design && strcmp(c->cell.design, k->design))
			continue;
		for (j = 0; j < rd->nr_rows; j++) {
			const struct report_row *r = &rd->rows[j];

			if (!strcmp(r->cell, c->cell.name) && !strcmp(r->op, k->op) &&
			    !strcmp(r->metric, k->metric) && !strcmp(r->unit, k->unit))
				v[n++] = r->value;
		}
	}
	return n;
}

int report_compare_cell(const char *unit, const double *base, size_t nb, const double *new,
			size_t nn, double threshold_pct, struct report_verdict *v, char *text,
			size_t len)
{
	char a[64];
	int ret = report_verdict(unit, base, nb, new, nn, threshold_pct, v);

	report_fmt_value(a, sizeof(a), v->new, unit);
	if (ret)
		snprintf(text, len, "%s", a);
	else
		snprintf(text, len, "%s (%+.2f%%)%s", a, v->change_pct,
			 v->degenerate ? "*!" : v->significant ? "*" : " ");
	return ret;
}

/* Sweep points have their own group per knob value: make them distinct keys. */
static const char *cell_group(const struct report_cref *c, char *buf, size_t len)
{
	if (!c->sweep_knob)
		return c->group;
	snprintf(buf, len, "%s %s=%g", c->group, c->sweep_knob, c->sweep_val);
	return buf;
}

int report_cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double threshold = CMP_DEFAULT_THRESHOLD_PCT;
	struct report_rundata **runs = NULL;
	struct report_ctx ctx = { 0 };
	struct cmp_key *keys = NULL;
	size_t nr_keys = 0, k, i, j, width = 20;
	int c, nr = 0, ret = 2, verbose = 0, nr_regress = 0, nr_sig = 0, nr_degen = 0,
	    by_design;
	char err[1024], *end, a[64], gbuf[512];

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:vh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			threshold = strtod(optarg, &end);
			if (*end || threshold < 0) {
				fprintf(stderr, "smmubench compare: --threshold '%s': want a percentage >= 0\n",
					optarg);
				return 2;
			}
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			compare_usage(stdout);
			return 0;
		default:
			compare_usage(stderr);
			return 2;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, "smmubench compare: need BASE and at least one NEW run directory\n");
		compare_usage(stderr);
		return 2;
	}
	runs = calloc(argc - optind, sizeof(*runs));
	if (!runs)
		return 2;
	for (i = optind; i < (size_t)argc; i++) {
		err[0] = '\0';
		runs[nr] = report_rundata_load(argv[i], err, sizeof(err));
		if (!runs[nr]) {
			fprintf(stderr, "smmubench compare: %s\n", err[0] ? err : strerror(errno));
			goto out;
		}
		report_rundata_warnings_print(runs[nr], stderr, "smmubench compare: warning: ");
		nr++;
	}
	if (report_ctx_init(&ctx, runs, nr))
		goto out;
	/* keys: every (group, op, metric, design, unit) of any run, first-seen order */
	by_design = 0;
	for (i = 1; i < (size_t)nr; i++)
		if (run_designs(&ctx, 0) > 1 || run_designs(&ctx, i) > 1)
			by_design = 1;
	for (i = 0; i < ctx.nr_cells; i++) {
		const struct report_cref *cr = &ctx.cells[i];
		const struct report_rundata *rd = runs[cr->run];

		for (j = 0; j < rd->nr_rows; j++) {
			const struct report_row *r = &rd->rows[j];

			if (strcmp(r->cell, cr->cell.name) || !strcmp(r->metric, "lost_events"))
				continue;
			if (key_add(&keys, &nr_keys, cell_group(cr, gbuf, sizeof(gbuf)), r->op,
				    r->metric, by_design ? cr->cell.design : "", r->unit))
				goto out;
		}
	}
	/* sweep cells: cell_group() names differ from c->group; match on that name */
	for (i = 0; i < ctx.nr_cells; i++) {
		struct report_cref *cr = &ctx.cells[i];

		if (cr->sweep_knob) {
			char *g = strdup(cell_group(cr, gbuf, sizeof(gbuf)));

			if (!g)
				goto out;
			free(cr->group);
			cr->group = g;
		}
	}

	printf("# smmubench compare: base %s; * = significant (bootstrap 95%% interval of NEW/BASE "
	       "excludes 1, >= %d reps each); rates: harmonic mean, others: median\n",
	       runs[0]->name, REPORT_VERDICT_MIN_REPS);
	printf("# regression: significant and worse than %.4g%% (time, %%, cycles: higher is worse; "
	       "rates: lower is worse)\n", threshold);
	/* rows or files the loader left out: in the header, before any number */
	for (i = 0; i < (size_t)nr; i++)
		report_rundata_warnings_print(runs[i], stdout, "# WARNING: ");
	for (k = 0; k < nr_keys; k++)
		if (strlen(keys[k].text) > width)
			width = strlen(keys[k].text);
	printf("%-*s %16s", (int)width, "metric", runs[0]->name);
	for (i = 1; i < (size_t)nr; i++)
		printf("  %26.26s", runs[i]->name);
	putchar('\n');
	for (k = 0; k < nr_keys; k++) {
		const struct cmp_key *key = &keys[k];
		double *bv;
		size_t nb = key_values(&ctx, 0, key, by_design, &bv);

		report_fmt_value(a, sizeof(a), report_stats_center(key->unit, bv, nb), key->unit);
		printf("%-*s %16s", (int)width, key->text, a);
		for (i = 1; i < (size_t)nr; i++) {
			struct report_verdict v;
			double *nv;
			size_t nn = key_values(&ctx, i, key, by_design, &nv);
			char cell[96];

			c = report_compare_cell(key->unit, bv, nb, nv, nn, threshold, &v, cell,
						sizeof(cell));
			printf("  %26s", cell);
			free(nv);
			if (c)
				continue;
			nr_sig += v.significant;
			nr_degen += v.degenerate;
			if (v.regression) {
				nr_regress++;
				fprintf(stderr, "REGRESSION %s: %s: %+.2f%% (95%% interval of the ratio "
					"%.4f .. %.4f%s, Mann-Whitney p = %.3g)\n", runs[i]->name,
					key->text, v.change_pct, v.ci_lo, v.ci_hi,
					v.degenerate ? ", degenerate: no spread on either side" : "",
					v.p_mwu);
			}
			if (verbose)
				printf(" [%.4f .. %.4f p=%.3g n=%zu/%zu]", v.ci_lo, v.ci_hi, v.p_mwu, nb,
				       nn);
		}
		putchar('\n');
		free(bv);
	}
	for (i = 0; i < (size_t)nr; i++)
		if (runs[i]->lost_events || runs[i]->status != REPORT_RUN_COMPLETE)
			printf("# WARNING: %s: %s, %llu lost events\n", runs[i]->name,
			       report_run_status_name(runs[i]->status),
			       (unsigned long long)runs[i]->lost_events);
	if (nr_degen)
		printf("# *! = degenerate interval (%d metrics): no spread over the repetitions on "
		       "either side; the star rests on the medians alone\n", nr_degen);
	printf("# %zu metrics, %d significant changes, %d regressions beyond %.4g%%\n", nr_keys,
	       nr_sig, nr_regress, threshold);
	ret = nr_regress ? 1 : 0;
out:
	for (k = 0; k < nr_keys; k++) {
		free(keys[k].text);
		free(keys[k].group);
		free(keys[k].op);
		free(keys[k].metric);
		free(keys[k].design);
		free(keys[k].unit);
	}
	free(keys);
	report_ctx_release(&ctx);
	for (i = 0; i < (size_t)nr; i++)
		report_rundata_free(runs[i]);
	free(runs);
	return ret;
}
