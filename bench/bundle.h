/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reproducibility bundles (`smmubench bundle`): runs, bench.conf as run,
 * the smmubench source at the runs' revision with its kernel-patches
 * series, and reproduce.sh, in one .tar.gz; and the check that the model
 * runs in one rerun byte-identically. Layout (top directory
 * smmubench-bundle/):
 *
 *   MANIFEST.json                     what is in it: runs, revisions, sources
 *   reproduce.sh                      rebuild the revision, verify (or rerun hw runs)
 *   runs/<name>/                      the run directory as it is (meta.json,
 *                                     results.jsonl, errors.jsonl, hist/, raw/)
 *   conf/<name>/bench.conf            bench.conf as run (meta.json conf_text)
 *   source/<rev>.tar                  git archive of the revision (when found)
 *   source/<rev>.kernel-patches.txt   its kernel-patches/ files with git blob hashes
 *
 * tar(1) packs and unpacks, run by argv (common/proc.c).
 */
#ifndef BENCH_BUNDLE_H
#define BENCH_BUNDLE_H

#include <stddef.h>
#include <stdio.h>

struct bench_bundle_opts {
	const char *const *run_dirs;
	size_t nr_run_dirs;
	const char *output;		/* FILE.tar.gz */
	const char *source_dir;		/* a git work tree or repository; NULL: the one of "." */
};

/*
 * Write the bundle; progress and warnings to msg. 0, or -errno after a
 * message (a run that cannot be read or is not complete, tar failing).
 * A revision git cannot find is a warning: the bundle says so.
 */
int bench_bundle_create(const struct bench_bundle_opts *o, FILE *msg);

/*
 * Rerun every model run of the bundle at path (a .tar.gz or an unpacked
 * smmubench-bundle directory) with this smmubench and compare each file
 * of the run (meta.json aside) byte for byte. Results to out. Returns 0
 * when every model run reproduced, 1 when one did not or there was none,
 * or -errno after a message.
 */
int bench_bundle_verify(const char *path, FILE *out);

/*
 * Normalise text in place for the comparison: a path ending in the run's
 * own directory name (/.<name>.tmp, as raw summaries name their sources)
 * becomes "<run>"; returns the new length.
 */
size_t bench_bundle_path_normalise(char *text, size_t len, const char *name);

#endif
