// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench lava-cases: a run as LAVA test cases (reports/lava_cases.c),
 * printed as `lava-test-case` command lines or, with --exec, run through
 * LAVA's lava-test-case one by one (argv, never a shell).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "common.h"
#include "reports.h"

struct lava_out {
	const char *exec;	/* NULL: print */
	size_t nr, nr_failed;
};

static void lava_cases_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench lava-cases [--exec PROG] RUN\n"
		"\n"
		"Every KPI row of a run (and its meta, cells and errors) as a LAVA test\n"
		"case: 'lava-test-case NAME --result pass --measurement V --units U'.\n"
		"Names keep to LAVA's [A-Za-z0-9_.-] (format: reports/README.md, LAVA);\n"
		"`smmubench ingest --lava` reads them back. RUN is a run directory, or a\n"
		"results directory: its newest complete run.\n"
		"\n"
		"  -x, --exec PROG  run PROG (lava-test-case) with each case's arguments\n"
		"                   instead of printing them\n"
		"  -h, --help       this text\n");
}

static int lava_case_out(const struct report_lava_case *c, void *ctx)
{
	struct lava_out *o = ctx;
	const char *argv[9] = { o->exec, c->name, "--result", c->result };
	size_t n = 4;
	int rc;

	if (c->measurement) {
		argv[n++] = "--measurement";
		argv[n++] = c->measurement;
		argv[n++] = "--units";
		argv[n++] = c->units;
	}
	o->nr++;
	if (!o->exec) {
		/* every word is [A-Za-z0-9_.%/+-]: a shell reads the line as it is */
		size_t i;

		printf("lava-test-case");
		for (i = 1; i < n; i++)
			printf(" %s", argv[i]);
		printf("\n");
		return ferror(stdout) ? -EIO : 0;
	}
	fflush(stdout);
	rc = proc_run(argv, NULL, PROC_OUT_INHERIT);
	if (rc) {
		fprintf(stderr, "smmubench lava-cases: %s %s: %s %d\n", o->exec, c->name,
			rc < 0 ? strerror(-rc) : "exit status", rc);
		o->nr_failed++;
	}
	return 0;
}

/* RUN itself when it holds meta.json, else its newest complete run */
static int run_pick(const char *root, char *dir, size_t len)
{
	struct dirent **names;
	char path[4096];
	int i, n, ret = -ENOENT;

	snprintf(path, sizeof(path), "%s/meta.json", root);
	if (!access(path, R_OK))
		return fmt_buf(dir, len, "%s", root);
	n = scandir(root, &names, NULL, alphasort);
	if (n < 0)
		return -errno;
	/* names start with the date: the last complete one is the newest */
	for (i = n - 1; i >= 0 && ret; i--) {
		struct report_rundata *rd;
		char err[256];

		if (names[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, names[i]->d_name);
		rd = report_rundata_load(path, err, sizeof(err));
		if (rd && rd->status == REPORT_RUN_COMPLETE)
			ret = fmt_buf(dir, len, "%s", path);
		report_rundata_free(rd);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

int bench_cmd_lava_cases(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "exec", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lava_out o = { 0 };
	struct report_rundata *rd;
	char dir[4096], err[1024];
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "x:h", opts, NULL)) != -1) {
		switch (c) {
		case 'x':
			o.exec = optarg;
			break;
		case 'h':
			lava_cases_usage(stdout);
			return 0;
		default:
			lava_cases_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "smmubench lava-cases: give one run directory\n");
		lava_cases_usage(stderr);
		return 2;
	}
	ret = run_pick(argv[optind], dir, sizeof(dir));
	if (ret) {
		fprintf(stderr, "smmubench lava-cases: %s: %s\n", argv[optind],
			ret == -ENOENT ? "no complete run there" : strerror(-ret));
		return 1;
	}
	rd = report_rundata_load(dir, err, sizeof(err));
	if (!rd) {
		fprintf(stderr, "smmubench lava-cases: %s\n", err);
		return 1;
	}
	report_rundata_warnings_print(rd, stderr, "smmubench lava-cases: ");
	ret = report_lava_cases(rd, lava_case_out, &o);
	report_rundata_free(rd);
	if (ret) {
		fprintf(stderr, "smmubench lava-cases: %s: %s\n", dir, strerror(-ret));
		return 1;
	}
	if (o.exec)
		fprintf(stderr, "# smmubench lava-cases: %s: %zu test cases, %zu not recorded\n", dir,
			o.nr, o.nr_failed);
	return o.nr_failed ? 1 : 0;
}
