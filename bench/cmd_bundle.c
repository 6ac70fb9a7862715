// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench bundle: a reproducibility bundle of runs, and its check
 * (bench/bundle.h); this file parses the command line.
 */
#include <getopt.h>
#include <stdio.h>

#include "bench.h"
#include "bundle.h"
#include "reports.h"

static void bundle_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench bundle [--source DIR] -o FILE.tar.gz RUNDIR...\n"
		"       smmubench bundle --verify FILE.tar.gz|DIR\n"
		"\n"
		"Pack complete runs for a reviewer: each run directory as it is (meta.json,\n"
		"results.jsonl, errors.jsonl, hist/, raw/ with the raw traces kept), its\n"
		"bench.conf as run, the smmubench source at the runs' git revision with its\n"
		"kernel-patches series and their git blob hashes (git archive / ls-tree of the\n"
		"repository at --source), MANIFEST.json and reproduce.sh, which rebuilds that\n"
		"revision and runs `bundle --verify` with it (or, with `hw`, reruns bench.conf\n"
		"on a board).\n"
		"\n"
		"--verify reruns every model run of the bundle with this smmubench, with the\n"
		"repetitions and warm-ups it ran, and compares every file of each run but\n"
		"meta.json byte for byte (the model is deterministic; raw summaries name\n"
		"their run directory, which is normalised). hw runs are listed, not rerun.\n"
		"Exit status: 0 every model run reproduced; 1 one differs or there was none;\n"
		"2 usage or input error.\n"
		"\n"
		"  -o, --output FILE  the bundle to write (.tar.gz)\n"
		"  --source DIR       git work tree or repository holding the revision\n"
		"                     (default: the current directory's)\n"
		"  --verify FILE      check a bundle (or its unpacked smmubench-bundle/ dir)\n"
		"  -h, --help         this text\n");
}

int bench_cmd_bundle(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "source", required_argument, NULL, 's' },
		{ "verify", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_bundle_opts o = { 0 };
	const char *verify = NULL;
	char err[4096];
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case 's':
			o.source_dir = optarg;
			break;
		case 'V':
			verify = optarg;
			break;
		case 'h':
			bundle_usage(stdout);
			return 0;
		default:
			bundle_usage(stderr);
			return 2;
		}
	}
	if (verify) {
		if (optind < argc || o.output) {
			fprintf(stderr, "smmubench bundle: --verify takes one bundle, nothing else\n");
			return 2;
		}
		ret = bench_bundle_verify(verify, stdout);
		return ret < 0 ? 2 : ret;
	}
	if (!o.output || optind >= argc) {
		fprintf(stderr, "smmubench bundle: give -o FILE.tar.gz and at least one run\n");
		bundle_usage(stderr);
		return 2;
	}
	if (report_path_in_run(o.output, err, sizeof(err))) {
		fprintf(stderr, "smmubench bundle: -o %s: %s is a run directory and runs are never "
			"rewritten; write the bundle beside it\n", o.output, err);
		return 2;
	}
	o.run_dirs = (const char *const *)&argv[optind];
	o.nr_run_dirs = argc - optind;
	ret = bench_bundle_create(&o, stderr);
	if (ret)
		return 2;
	printf("%s\n", o.output);
	return 0;
}
