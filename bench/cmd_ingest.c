// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench ingest: add run directories to results.db (idempotent;
 * reports/ingest.c); this file parses the command line.
 */
#include <getopt.h>
#include <stdio.h>

#include "bench.h"
#include "reports.h"

static void ingest_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench ingest [--db FILE] RUNDIR...\n"
		"\n"
		"Add complete run directories to the SQLite results database (schema in\n"
		"reports/README.md). A run already there (same run_id) is left as it is;\n"
		"incomplete or failed runs are refused.\n"
		"\n"
		"  -d, --db FILE   database (default results.db; created if missing)\n"
		"  -h, --help      this text\n");
}

int bench_cmd_ingest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_ingest_opts o = { .db_path = "results.db" };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'h':
			ingest_usage(stdout);
			return 0;
		default:
			ingest_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "smmubench ingest: no run directory given\n");
		ingest_usage(stderr);
		return 2;
	}
	o.run_dirs = (const char *const *)&argv[optind];
	o.nr_run_dirs = argc - optind;
	return report_ingest(&o);
}
