// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench report: HTML (self-contained) and Markdown report from run
 * directories (reports/report_build.c); this file parses the command line.
 */
#include <getopt.h>
#include <stdio.h>

#include "bench.h"
#include "reports.h"

static void report_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench report [-o DIR] RUNDIR...\n"
		"\n"
		"Write DIR/index.html (self-contained: plots embedded as SVG) and DIR/report.md\n"
		"(the same tables, plots linked) from one or more run directories, e.g. one\n"
		"per design. Plots are drawn by gnuplot; each DIR/plots/<name>.svg has its\n"
		"<name>.gp script and .dat data beside it (cd DIR/plots && gnuplot <name>.gp).\n"
		"\n"
		"Sections: setup (which numbers are hardware, which are model output),\n"
		"lost events and errors, per-op latency (count, rate, min, p50, p90, p99,\n"
		"p99.9, max; CDF and histogram plots), the dmabench grid, per-workload KPIs\n"
		"with IOPS bars (95%% intervals), cost per IO by component, batching sweeps.\n"
		"\n"
		"  -o, --output DIR  report directory (default: report); created if missing;\n"
		"                    never a run directory or inside one (runs are not rewritten)\n"
		"  -h, --help        this text\n");
}

int bench_cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts o = { .output = "report" };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case 'h':
			report_usage(stdout);
			return 0;
		default:
			report_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "smmubench report: no run directory given\n");
		report_usage(stderr);
		return 2;
	}
	o.run_dirs = (const char *const *)&argv[optind];
	o.nr_run_dirs = argc - optind;
	return report_build(&o);
}
