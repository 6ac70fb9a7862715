// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench ingest: add run directories to results.db (idempotent;
 * reports/ingest.c), or, with --lava, turn a LAVA job's results into a run
 * directory first (reports/lava_ingest.c); this file parses the command line.
 */
#include <getopt.h>
#include <stdio.h>

#include "bench.h"
#include "reports.h"

static void ingest_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench ingest [--db FILE] RUNDIR...\n"
		"       smmubench ingest --lava RESULTS [-o DIR] [--device NAME] [--job-id ID] [--db FILE]\n"
		"\n"
		"Add complete run directories to the SQLite results database (schema in\n"
		"reports/README.md). A run already there (same run_id) is left as it is;\n"
		"incomplete or failed runs are refused.\n"
		"\n"
		"--lava reads a LAVA job's results (the job log lava-run writes or the\n"
		"server's output.yaml, the server's results YAML, or a console log of\n"
		"lava-test-case lines / LAVA_SIGNAL_TESTCASE signals; a directory: its\n"
		"output.yaml or results.yaml), writes the smmubench.* test cases back as\n"
		"a run directory under DIR with the device's kernel, host and cells and\n"
		"the job's id and device, prints its path, then adds it to the database.\n"
		"\n"
		"  -d, --db FILE     database (default results.db; created if missing)\n"
		"  -l, --lava PATH   LAVA results to turn into a run directory\n"
		"  -o, --output DIR  where that run directory goes (default results)\n"
		"      --device NAME the board (LAVA device) of the run (default: the run's board)\n"
		"      --job-id ID   the LAVA job id (default: from the results, if there)\n"
		"  -h, --help        this text\n");
}

static int ingest_lava(const struct report_lava_ingest_opts *lo, const char *db)
{
	struct report_ingest_opts o = { .db_path = db };
	char dir[4096] = "", err[1024];
	const char *dirs[1] = { dir };
	int ret;

	ret = report_lava_ingest(lo, dir, sizeof(dir), err, sizeof(err));
	if (ret) {
		fprintf(stderr, "smmubench ingest --lava: %s\n", err);
		if (dir[0])
			printf("run      %s (not complete: not added to %s)\n", dir, db);
		return 1;
	}
	printf("run      %s (from LAVA results %s)\n", dir, lo->input);
	o.run_dirs = dirs;
	o.nr_run_dirs = 1;
	return report_ingest(&o);
}

int bench_cmd_ingest(int argc, char **argv)
{
	enum { OPT_DEVICE = 256, OPT_JOB };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lava", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "device", required_argument, NULL, OPT_DEVICE },
		{ "job-id", required_argument, NULL, OPT_JOB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_ingest_opts o = { .db_path = "results.db" };
	struct report_lava_ingest_opts lo = { .root = "results" };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:l:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'l':
			lo.input = optarg;
			break;
		case 'o':
			lo.root = optarg;
			break;
		case OPT_DEVICE:
			lo.device = optarg;
			break;
		case OPT_JOB:
			lo.job_id = optarg;
			break;
		case 'h':
			ingest_usage(stdout);
			return 0;
		default:
			ingest_usage(stderr);
			return 2;
		}
	}
	if (lo.input) {
		if (optind < argc) {
			fprintf(stderr, "smmubench ingest: --lava takes no run directories\n");
			return 2;
		}
		return ingest_lava(&lo, o.db_path);
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
