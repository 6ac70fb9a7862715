// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench nightly: the step a cron entry or a LAVA job calls each night.
 * Runs bench.conf (bench_runner_run()), ingests the run into results.db
 * (report_db_ingest()) and rebuilds the dashboard (report_dashboard());
 * exit status 1 when the rebuild finds a change point that is a regression
 * and was not in the previous build.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "conf.h"
#include "reports.h"
#include "runner.h"

static void nightly_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench nightly BENCH.CONF [--db FILE] [--label LABEL] [-o DIR]\n"
		"                         [--results DIR] [--baseline LABEL] [--threshold PCT]\n"
		"\n"
		"One night: run BENCH.CONF (as 'smmubench run'), ingest the run into the\n"
		"database (as 'smmubench ingest') and rebuild the dashboard in DIR (as\n"
		"'smmubench dashboard'). A change point is a regression when its step is\n"
		"significant (E-divisive means, then the rule of 'smmubench compare') and worse\n"
		"than PCT%%; it is new when DIR/index.json of the previous night did not have\n"
		"it (same series, same first bad run). A level must hold for %d nights before\n"
		"it is named. Typical cron line or LAVA step:\n"
		"  smmubench nightly bench.conf --db results.db --label \"$(uname -r)\"\n"
		"\n"
		"  -d, --db FILE         database (default results.db)\n"
		"  -l, --label LABEL     run label ([A-Za-z0-9._-]; default bench.conf's)\n"
		"  -o, --output DIR      dashboard directory (default dashboard)\n"
		"  -r, --results DIR     where the run directory goes (default bench.conf's)\n"
		"  -b, --baseline LABEL  compare the newest run to the newest run with this label\n"
		"  -t, --threshold PCT   a significant change worse than PCT%% is a regression (default 5)\n"
		"  -h, --help            this text\n"
		"\n"
		"Exit status: 0 no new regression, 1 a new change point that is a regression\n"
		"(listed on stderr as REGRESSION), 2 usage error, the run failed or was not\n"
		"ingested, or the dashboard could not be written.\n",
		REPORT_CP_DEFAULT_MIN_NIGHTS);
}

struct nightly_opts {
	const char *conf_path;
	const char *db_path;
	struct bench_runner_opts runner;
	struct report_dashboard_opts dash;
};

/* ARGV into O: -1 to go on, else the exit status. */
static int nightly_parse(int argc, char **argv, struct nightly_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "label", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "results", required_argument, NULL, 'r' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "threshold", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:l:o:r:b:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db_path = optarg;
			break;
		case 'l':
			o->runner.label = optarg;
			break;
		case 'o':
			o->dash.output = optarg;
			break;
		case 'r':
			o->runner.results = optarg;
			break;
		case 'b':
			o->dash.baseline = optarg;
			break;
		case 't':
			o->dash.threshold_pct = strtod(optarg, &end);
			if (*end || o->dash.threshold_pct < 0) {
				fprintf(stderr, "smmubench nightly: --threshold '%s': want a percentage >= 0\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			nightly_usage(stdout);
			return 0;
		default:
			nightly_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "smmubench nightly: want one BENCH.CONF%s\n",
			optind < argc ? ", and nothing after it" : "");
		nightly_usage(stderr);
		return 2;
	}
	o->conf_path = argv[optind];
	return -1;
}

int bench_cmd_nightly(int argc, char **argv)
{
	struct nightly_opts o = {
		.db_path = "results.db",
		.dash = { .threshold_pct = REPORT_DASHBOARD_DEFAULT_THRESHOLD_PCT },
	};
	struct bench_runner_result res;
	struct bench_conf *conf;
	char err[1024];
	int ret, added = 0, nr_new = 0;

	bench_runner_opts_init(&o.runner);
	ret = nightly_parse(argc, argv, &o);
	if (ret >= 0)
		return ret;
	conf = bench_conf_load(o.conf_path, stderr);
	if (!conf)
		return 2;
	ret = bench_runner_run(conf, &o.runner, &res);
	bench_conf_free(conf);
	if (ret || res.status != REPORT_RUN_COMPLETE) {
		fprintf(stderr, "smmubench nightly: the run did not complete (%s): nothing ingested\n",
			ret ? "see above" : report_run_status_name(res.status));
		return 2;
	}
	printf("results: %s (complete)\n", res.run_dir);
	if (report_db_ingest(o.db_path, res.run_dir, &added, err, sizeof(err))) {
		fprintf(stderr, "smmubench nightly: %s: %s\n", o.db_path, err);
		return 2;
	}
	printf("ingested: %s into %s\n", res.run_dir, o.db_path);
	fflush(stdout);
	o.dash.db_path = o.db_path;
	o.dash.nr_new_regressions = &nr_new;
	ret = report_dashboard(&o.dash);
	if (ret == 2)
		return 2;
	printf("# smmubench nightly: %d new change points that are regressions\n", nr_new);
	return nr_new ? 1 : 0;
}
