// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench dashboard: a static HTML page of time series from results.db
 * (reports/dashboard.c); this file parses the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "reports.h"

static void dashboard_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench dashboard [--db FILE] [-o DIR] [--baseline LABEL] [--threshold PCT]\n"
		"\n"
		"Static pages from the runs ingested into results.db ('smmubench ingest'),\n"
		"which is opened read-only. DIR/index.html: the regressions of the newest run\n"
		"(against the previous run and the newest run labelled LABEL, with the rule of\n"
		"'smmubench compare': ratio interval excludes 1, >= %d repetitions a side), the\n"
		"change points of every series over all runs (E-divisive means; each names its\n"
		"first bad and last good run), one line per KPI (sparkline, newest value, open\n"
		"change points) with filters by board, design and workload. DIR/g/N.html: one\n"
		"page per board, design, workload and op, its plots (DIR/plots/*.svg: median,\n"
		"or harmonic mean for rates, per run; min..max of the repetitions) loaded lazily.\n"
		"DIR/index.json: runs, pages and change points. Works without a server.\n"
		"\n"
		"  -d, --db FILE         database (default results.db)\n"
		"  -o, --output DIR      output directory (default dashboard)\n"
		"  -b, --baseline LABEL  compare the newest run to the newest run with this label\n"
		"  -t, --threshold PCT   a significant change worse than PCT%% is a regression (default 5)\n"
		"  -h, --help            this text\n"
		"\n"
		"Exit status: 0, 1 when the newest run has a regression, 2 on errors.\n"
		"(smmubench nightly exits 1 on a new change point that is a regression.)\n",
		REPORT_VERDICT_MIN_REPS);
}

int bench_cmd_dashboard(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "threshold", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_dashboard_opts o = {
		.threshold_pct = REPORT_DASHBOARD_DEFAULT_THRESHOLD_PCT,
	};
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:o:b:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'b':
			o.baseline = optarg;
			break;
		case 't':
			o.threshold_pct = strtod(optarg, &end);
			if (*end || o.threshold_pct < 0) {
				fprintf(stderr, "smmubench dashboard: --threshold '%s': want a percentage >= 0\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			dashboard_usage(stdout);
			return 0;
		default:
			dashboard_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "smmubench dashboard: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	return report_dashboard(&o);
}
