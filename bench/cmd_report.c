// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench report: HTML (plots loaded lazily) and Markdown report from run
 * directories (reports/report_build.c); this file parses the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "common.h"
#include "reports.h"

static void report_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench report [-o DIR] RUNDIR...\n"
		"       smmubench report --paper DIR [--paper-size single|double] RUNDIR...\n"
		"\n"
		"Write DIR/index.html (plots in DIR/plots/, loaded lazily) and DIR/report.md\n"
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
		"  --paper DIR       instead, the same tables and plots for a paper: DIR/figures/\n"
		"                    <name>.pdf (gnuplot pdfcairo, Latin Modern; a colour-blind\n"
		"                    safe palette with a dash pattern per series, bars with fill\n"
		"                    patterns, for greyscale) with its .gp script, .dat and the\n"
		"                    same data as <data>.csv (RFC 4180) beside it; DIR/tables/\n"
		"                    tNN.tex (booktabs tabulars, units in the header, marks as\n"
		"                    notes); DIR/paper.tex \\input's every table and includes\n"
		"                    every figure (pdflatex paper.tex in DIR builds it)\n"
		"  --paper-size single|double\n"
		"                    figure width: one column (3.3 in, default) or the full text\n"
		"                    width of a two-column paper (7 in)\n"
		"  --select GLOB     (repeatable) only the tables and figures whose id matches,\n"
		"                    in the order of the --select options, each once; the ids\n"
		"                    (tab:<caption>, fig:<plot name>, e.g. fig:grid-unmap,\n"
		"                    'tab:*latency per op') are listed in DIR/items.txt\n"
		"  -h, --help        this text\n");
}

int bench_cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "paper", required_argument, NULL, 'P' },
		{ "paper-size", required_argument, NULL, 'S' },
		{ "select", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts o = { .output = "report" };
	const char *select[64];
	size_t nr_select = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case 'P':
			o.paper = optarg;
			break;
		case 's':
			if (nr_select < ARRAY_SIZE(select))
				select[nr_select++] = optarg;
			break;
		case 'S':
			if (strcmp(optarg, "single") && strcmp(optarg, "double")) {
				fprintf(stderr, "smmubench report: --paper-size %s: give single or "
					"double\n", optarg);
				return 2;
			}
			o.paper_double = !strcmp(optarg, "double");
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
	o.paper_select = select;
	o.nr_paper_select = nr_select;
	o.run_dirs = (const char *const *)&argv[optind];
	o.nr_run_dirs = argc - optind;
	return report_build(&o);
}
