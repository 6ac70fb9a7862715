// SPDX-License-Identifier: GPL-2.0
/* smmubench: the subcommand dispatcher, perf/rtla style. */
#include <stdio.h>
#include <string.h>

#include "gitrev.h"
#include "common.h"
#include "bench.h"
#include "reports.h"
#include "trace.h"

/* Keep sorted by name; only commands that exist are listed. */
static const struct bench_cmd bench_cmds[] = {
	{ "bundle", "pack runs, bench.conf, source and reproduce.sh; --verify reruns the model",
	  bench_cmd_bundle },
	{ "check", "what this machine offers for a hw run (tracefs, remote, IOMMU, fio, perf)",
	  bench_cmd_check },
	{ "compare", "compare runs metric by metric, significance starred; CI exit status",
	  bench_cmd_compare },
	{ "dashboard", "static HTML time series from results.db, regressions first",
	  bench_cmd_dashboard },
	{ "dump", "print the events a record run stored, as text or CSV", bench_cmd_dump },
	{ "events", "list the EL2 event contract, write format files and the hook header",
	  bench_cmd_events },
	{ "ingest", "add run directories to results.db (SQLite; idempotent)", bench_cmd_ingest },
	{ "lava-cases", "a run as LAVA test cases (lava-test-case lines)", bench_cmd_lava_cases },
	{ "model", "run the simulated pKVM + SMMUv3 platform (native, paravirt, nested)",
	  bench_cmd_model },
	{ "nightly", "run, ingest and rebuild the dashboard; exit 1 on a new regression",
	  bench_cmd_nightly },
	{ "record", "trace in one window; write raw data and summary.json", bench_cmd_record },
	{ "report", "HTML and Markdown report with plots from run directories", bench_cmd_report },
	{ "reset", "remove tracefs instances and probes a killed run left", bench_cmd_reset },
	{ "run", "run bench.conf's cells on the model or this kernel into a run directory",
	  bench_cmd_run },
	{ "stat", "trace in one window; print per-op latency percentiles and lost events",
	  bench_cmd_stat },
	{ "sweep", "run one [sweep NAME] of bench.conf (a knob or sysfs path over values)",
	  bench_cmd_sweep },
	{ "tune", "find the fastest safe invalidation-batching policy per design (model)",
	  bench_cmd_tune },
};

#define NR_CMDS ARRAY_SIZE(bench_cmds)

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: smmubench [--version] [--help] <command> [<args>]\n\n"
		   "Measure the cost of DMA isolation under pKVM (SMMUv3: native,\n"
		   "paravirtual and nested designs).\n\ncommands:\n");
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "  %-10s %s\n", bench_cmds[i].name, bench_cmds[i].summary);
	fprintf(f, "\n'smmubench <command> --help' for a command's options.\n");
}

static const struct bench_cmd *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_CMDS; i++)
		if (!strcmp(bench_cmds[i].name, name))
			return &bench_cmds[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct bench_cmd *cmd;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("smmubench %s (%s)\n", SMMUBENCH_VERSION, SMMUBENCH_GITREV);
		return 0;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		cmd = cmd_find(argv[2]);
		if (!cmd) {
			fprintf(stderr, "smmubench: '%s' is not a command; see 'smmubench --help'\n",
				argv[2]);
			return 2;
		}
		char *help_argv[] = { argv[2], "--help", NULL };
		return cmd->run(2, help_argv);
	}

	cmd = cmd_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "smmubench: '%s' is not a command; see 'smmubench --help'\n",
			argv[1]);
		return 2;
	}
	return cmd->run(argc - 1, argv + 1);
}
