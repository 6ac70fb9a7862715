// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench compare BASE NEW...: an mmtests-style table. Per metric, the
 * per-repetition values of each run; rates compare harmonic means, all
 * else medians; the ratio NEW/BASE gets a bootstrap 95% interval and a
 * Mann-Whitney U p-value; a star marks a change whose interval excludes 1.
 * Exit status 1 when a metric regresses significantly beyond --threshold.
 * The table is reports/compare.c's; this file parses the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "reports.h"

static void compare_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench compare [options] BASE NEW...\n"
		"\n"
		"Compare run directories against BASE, metric by metric (mmtests style):\n"
		"the base value, then each NEW run's value and its change in %%. Values are\n"
		"over repetitions: rates (iops, bytes/s, x/s) use the harmonic mean, all else\n"
		"the median. A '*' marks a significant change: the bootstrap 95%% interval of\n"
		"the ratio NEW/BASE (exact for medians, else %d resamples, fixed seed)\n"
		"excludes 1.0; needs >= %d repetitions on each side. '*!' marks a degenerate\n"
		"interval: no spread over the repetitions on either side, so every resample\n"
		"gives the same ratio and the star rests on the two medians alone (e.g. a\n"
		"deterministic source).\n"
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
		REPORT_STATS_BOOT_RESAMPLES, REPORT_VERDICT_MIN_REPS,
		REPORT_COMPARE_DEFAULT_THRESHOLD_PCT);
}

int bench_cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_compare_opts o = { .threshold_pct = REPORT_COMPARE_DEFAULT_THRESHOLD_PCT };
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:vh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			o.threshold_pct = strtod(optarg, &end);
			if (*end || o.threshold_pct < 0) {
				fprintf(stderr, "smmubench compare: --threshold '%s': want a percentage >= 0\n",
					optarg);
				return 2;
			}
			break;
		case 'v':
			o.verbose = 1;
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
	o.run_dirs = (const char *const *)&argv[optind];
	o.nr_run_dirs = argc - optind;
	return report_compare(&o);
}
