// SPDX-License-Identifier: GPL-2.0
/* ingest: run directories into results.db, one line per run and a summary. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reports.h"

int report_ingest(const struct report_ingest_opts *o)
{
	const char *db = o->db_path ? o->db_path : "results.db";
	int added, nr_added = 0, nr_present = 0, nr_failed = 0;
	char err[1024];
	size_t i;

	for (i = 0; i < o->nr_run_dirs; i++) {
		err[0] = '\0';
		if (report_db_ingest(db, o->run_dirs[i], &added, err, sizeof(err))) {
			fprintf(stderr, "smmubench ingest: %s\n", err[0] ? err : strerror(errno));
			nr_failed++;
		} else if (added) {
			printf("added    %s\n", o->run_dirs[i]);
			nr_added++;
		} else {
			printf("present  %s (already in %s; unchanged)\n", o->run_dirs[i], db);
			nr_present++;
		}
	}
	printf("# %s: %d runs added, %d already present, %d refused\n", db, nr_added,
	       nr_present, nr_failed);
	return nr_failed ? 1 : 0;
}
