// SPDX-License-Identifier: GPL-2.0
/* smmubench ingest: add run directories to results.db (idempotent). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

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

int report_cmd_ingest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "results.db";
	int c, i, added, nr_added = 0, nr_present = 0, nr_failed = 0;
	char err[1024];

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
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
	for (i = optind; i < argc; i++) {
		err[0] = '\0';
		if (report_db_ingest(db, argv[i], &added, err, sizeof(err))) {
			fprintf(stderr, "smmubench ingest: %s\n", err[0] ? err : strerror(errno));
			nr_failed++;
		} else if (added) {
			printf("added    %s\n", argv[i]);
			nr_added++;
		} else {
			printf("present  %s (already in %s; unchanged)\n", argv[i], db);
			nr_present++;
		}
	}
	printf("# %s: %d runs added, %d already present, %d refused\n", db, nr_added,
	       nr_present, nr_failed);
	return nr_failed ? 1 : 0;
}
