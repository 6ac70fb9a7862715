// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzzed LAVA result through `smmubench ingest --lava`: report_lava_read()
 * (libyaml for the results YAML, our own reader for `lava-test-case` lines
 * and <LAVA_SIGNAL_TESTCASE> signals), report_lava_ingest() into a run
 * directory, then report_db_ingest() of that run into a fresh results.db.
 *
 * The input is the file LAVA left: a job log, a results export or console
 * text; the reader tells them apart as it does for a user's file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common.h"
#include "reports.h"
#include "fuzz_harness.h"

static char in_path[PATH_MAX], root[PATH_MAX], db_path[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_tmpdir("lava");

	snprintf(in_path, sizeof(in_path), "%s/output.yaml", dir);
	snprintf(root, sizeof(root), "%s/runs", dir);
	snprintf(db_path, sizeof(db_path), "%s/results.db", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_lava_ingest_opts o = { .input = in_path, .root = root };
	struct report_lava_results res = { 0 };
	char run_dir[PATH_MAX], err[1024];
	int added;

	dir_remove_tree(root);
	unlink(db_path);
	if (fuzz_file_put(in_path, data, size) || mkdir(root, 0755))
		abort();
	/* the reader alone, as lava-cases' round trip test uses it */
	if (!report_lava_read(in_path, &res, err, sizeof(err)))
		report_lava_results_release(&res);
	if (!report_lava_ingest(&o, run_dir, sizeof(run_dir), err, sizeof(err)))
		report_db_ingest(db_path, run_dir, &added, err, sizeof(err));
	return 0;
}
