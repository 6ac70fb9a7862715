// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench reset [-q]: remove what a killed run left behind. Parses the
 * options; trace_reset_leftovers() does the work.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "bench.h"
#include "trace.h"

int bench_cmd_reset(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool verbose = true;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			verbose = false;
			break;
		case 'h':
			printf("usage: smmubench reset [-q]\n\n"
			       "Remove what a killed smmubench run left behind, when its process\n"
			       "is gone: tracefs instances " TRACE_INSTANCE_PFX "<pid>, probe groups "
			       TRACE_PROBE_PFX "<pid>,\nspool dirs " TRACE_SPOOL_PFX "<pid>-*; "
			       "and turn a trace remote left on off.\n\n"
			       "  -q, --quiet   say nothing unless something fails\n"
			       "  -h, --help    this text\n");
			return 0;
		default:
			return 2;
		}
	}
	return trace_reset_leftovers(verbose) ? 1 : 0;
}
