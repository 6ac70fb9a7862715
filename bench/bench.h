/* SPDX-License-Identifier: GPL-2.0 */
/* bench/: the runner and the command-line front end of smmubench. */
#ifndef BENCH_H
#define BENCH_H

/* One subcommand: `smmubench <name> [options]`; run() returns the exit status. */
struct bench_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

int bench_cmd_events(int argc, char **argv);
int bench_cmd_model(int argc, char **argv);
int bench_cmd_check(int argc, char **argv);
int bench_cmd_run(int argc, char **argv);
int bench_cmd_sweep(int argc, char **argv);
int bench_cmd_ingest(int argc, char **argv);
int bench_cmd_lava_cases(int argc, char **argv);
int bench_cmd_report(int argc, char **argv);
int bench_cmd_compare(int argc, char **argv);
int bench_cmd_dashboard(int argc, char **argv);
int bench_cmd_nightly(int argc, char **argv);
int bench_cmd_record(int argc, char **argv);
int bench_cmd_stat(int argc, char **argv);
int bench_cmd_dump(int argc, char **argv);
int bench_cmd_reset(int argc, char **argv);
int bench_cmd_tune(int argc, char **argv);
int bench_cmd_bundle(int argc, char **argv);

#endif
