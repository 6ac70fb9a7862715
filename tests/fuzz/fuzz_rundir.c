// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzzed results directory through what reads one: `smmubench report`
 * (report_build(): reports/run_load.c, the report context, every
 * section, the HTML and Markdown writers; no gnuplot) and `smmubench
 * ingest` (report_db_ingest() into a fresh results.db).
 *
 * The input is NUL-separated parts: meta.json, results.jsonl, errors.jsonl,
 * then up to FUZZ_MAX_HISTS histograms, each "CELL OP\n" + the JSON of
 * hist/CELL/OP.json. CELL and OP keep only [A-Za-z0-9._=,+-] (others
 * become '_'; "." and ".." are refused), so nothing lands outside the run.
 * A missing part is a missing file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common.h"
#include "reports.h"
#include "fuzz_harness.h"

#define FUZZ_MAX_HISTS	8
#define FUZZ_NAME_MAX	64

static char run_dir[PATH_MAX], out_dir[PATH_MAX], db_path[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_tmpdir("rundir");

	snprintf(run_dir, sizeof(run_dir), "%s/20261201-120000-fuzz", dir);
	snprintf(out_dir, sizeof(out_dir), "%s/report", dir);
	snprintf(db_path, sizeof(db_path), "%s/results.db", dir);
	return 0;
}

/* A file name from [s, s + len): 0, or -1 when there is none to make. */
static int name_make(char *dst, const unsigned char *s, size_t len)
{
	size_t i;

	if (!len || len > FUZZ_NAME_MAX)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		dst[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 strchr("._=,+-", c) ? c : '_';
	}
	dst[len] = '\0';
	return strcmp(dst, ".") && strcmp(dst, "..") ? 0 : -1;
}

/* "CELL OP\nJSON" -> hist/CELL/OP.json */
static void hist_put(const unsigned char *part, size_t len)
{
	const unsigned char *nl = memchr(part, '\n', len), *sp;
	char cell[FUZZ_NAME_MAX + 1], op[FUZZ_NAME_MAX + 1], path[PATH_MAX];

	if (!nl)
		return;
	sp = memchr(part, ' ', nl - part);
	if (!sp || name_make(cell, part, sp - part) ||
	    name_make(op, sp + 1, nl - sp - 1))
		return;
	snprintf(path, sizeof(path), "%s/hist/%s", run_dir, cell);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/hist/%s/%s.json", run_dir, cell, op);
	fuzz_file_put(path, nl + 1, len - (nl + 1 - part));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const files[] = { "meta.json", "results.jsonl", "errors.jsonl" };
	const unsigned char *part;
	char path[PATH_MAX], err[1024];
	const char *dirs[] = { run_dir };
	struct report_opts o = { .output = out_dir, .run_dirs = dirs, .nr_run_dirs = 1 };
	unsigned int i;
	size_t len, off = 0;
	int added;

	dir_remove_tree(run_dir);
	dir_remove_tree(out_dir);
	unlink(db_path);
	if (mkdir(run_dir, 0755))
		abort();
	for (i = 0; i < 3 && fuzz_part(data, size, &off, &part, &len); i++) {
		snprintf(path, sizeof(path), "%s/%s", run_dir, files[i]);
		if (fuzz_file_put(path, part, len))
			abort();
	}
	snprintf(path, sizeof(path), "%s/hist", run_dir);
	mkdir(path, 0755);
	for (i = 0; i < FUZZ_MAX_HISTS && fuzz_part(data, size, &off, &part, &len); i++)
		hist_put(part, len);

	report_build(&o);
	report_db_ingest(db_path, run_dir, &added, err, sizeof(err));
	return 0;
}
