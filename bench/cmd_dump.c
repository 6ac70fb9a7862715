// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench dump DIR: the events a record run stored under DIR/raw/,
 * decoded, as text or CSV. Parses the options; trace_dump() does the work.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "bench.h"
#include "trace.h"

static void dump_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench dump [options] DIR\n"
		"\n"
		"Print the events stored by 'smmubench record -o DIR' (DIR/raw/*), decoded,\n"
		"in timestamp order per source. Also reads a directory laid out like a trace\n"
		"remote or a tracefs instance given as raw:DIR or remote:DIR.\n"
		"\n"
		"  -c, --csv     CSV (RFC 4180): source,cpu,ts_ns,pid,event,fields (k=v;k=v)\n"
		"  -P, --perfetto FILE  write the events as a Chrome JSON trace-event timeline\n"
		"                instead (ui.perfetto.dev, chrome://tracing): a process per\n"
		"                CPU, a thread per exception level (EL1 host, EL2 hypervisor),\n"
		"                complete events for probe pairs, hyp_enter..hyp_exit and EL2\n"
		"                ops with dur_ns, fields as args\n"
		"  -h, --help    this text\n");
}

int bench_cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "perfetto", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct trace_dump_opts o = { 0 };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "cP:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.csv = true;
			break;
		case 'P':
			o.perfetto = optarg;
			break;
		case 'h':
			dump_usage(stdout);
			return 0;
		default:
			dump_usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		dump_usage(stderr);
		return 2;
	}
	o.dir = argv[optind];
	return trace_dump(&o) ? 1 : 0;
}
