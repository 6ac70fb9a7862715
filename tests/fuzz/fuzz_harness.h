/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every harness shares.
 *
 * UBSan halts on the first report (as ASan does), so libFuzzer keeps it as a
 * crash; reports stay suppressible (UBSAN_OPTIONS=suppressions=, which
 * tests/e2e/fuzz.sh points at tests/fuzz/ubsan.supp while a bug is open).
 *
 * The one directory a harness writes to: $TMPDIR/smmubench-fuzz-<name>-XXXXXX
 * (TMPDIR, else /tmp), made at the first input and removed at exit. Harnesses
 * touch nothing else: no tracefs, no network, no file outside it.
 *
 * Also: writing a file there, splitting an input into NUL-separated parts,
 * and system() answering "not found" so the report code's gnuplot probe
 * (report_plot_available()) never forks a shell once per input.
 */
#ifndef FUZZ_HARNESS_H
#define FUZZ_HARNESS_H

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "trace.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

static char fuzz_dir[PATH_MAX];

static void fuzz_tmpdir_remove(void)
{
	if (fuzz_dir[0])
		dir_remove_tree(fuzz_dir);
}

/* The harness's temp dir (made once); aborts when it cannot be made. */
static inline const char *fuzz_tmpdir(const char *name)
{
	const char *tmp = getenv("TMPDIR");

	if (fuzz_dir[0])
		return fuzz_dir;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/smmubench-fuzz-%s-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp", name);
	if (!mkdtemp(fuzz_dir)) {
		perror(fuzz_dir);
		abort();
	}
	atexit(fuzz_tmpdir_remove);
	return fuzz_dir;
}

/* Writes len bytes to path (truncated); 0 or -errno. */
static inline int fuzz_file_put(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f)
		return -errno;
	if (len && fwrite(data, len, 1, f) != 1)
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/*
 * The next NUL-separated part of data[*off, size): its start and length,
 * *off moved past the NUL. Returns 0 when no part is left.
 */
static inline int fuzz_part(const unsigned char *data, size_t size, size_t *off,
			    const unsigned char **part, size_t *len)
{
	const unsigned char *nul;

	if (*off > size)
		return 0;
	nul = memchr(data + *off, '\0', size - *off);
	*part = data + *off;
	*len = nul ? (size_t)(nul - *part) : size - *off;
	*off += *len + 1;
	return 1;
}

/*
 * The libraries call system() for one thing, report_plot_available()'s
 * "gnuplot --version": a harness has no gnuplot, and forks nothing.
 */
int system(const char *cmd);
int system(const char *cmd)
{
	(void)cmd;
	return 127 << 8;	/* as sh says for a command not found */
}

#endif
