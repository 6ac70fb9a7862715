// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench run / sweep: the command line of the runner (runner.h). Parses
 * the options, loads bench.conf and calls bench_runner_run(); prints the
 * summary and, with --report, writes the report.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "conf.h"
#include "runner.h"
#include "workload.h"

struct run_opts {
	struct bench_runner_opts runner;
	const char *conf_path;
	bool dry_run, report;
};

static void keys_print_table(FILE *f, const char *section, const struct bench_key *keys,
			     unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		const struct bench_key *k = &keys[i];

		fprintf(f, "| %s | `%s` | %s%s%s | %s | %s%s%s | %s |\n", section, k->name,
			bench_key_type_name(k->type), k->list ? " list" : "",
			k->type == BENCH_KEY_ENUM ? "" : "",
			k->unit[0] ? k->unit : "-",
			k->def ? "`" : "", k->def ? (k->def[0] ? k->def : "(empty)") : "required",
			k->def ? "`" : "", k->help);
	}
}

static void keys_print(FILE *f)
{
	unsigned int i;

	fprintf(f, "| section | key | type | unit | default | meaning |\n");
	fprintf(f, "|---|---|---|---|---|---|\n");
	keys_print_table(f, "[global]", bench_global_keys, bench_nr_global_keys);
	keys_print_table(f, "[target]", bench_target_keys, bench_nr_target_keys);
	keys_print_table(f, "[model]", bench_model_keys, bench_nr_model_keys);
	for (i = 0; i < bench_nr_workload_ops(); i++) {
		const struct bench_workload_ops *w = bench_workload_ops_at(i);
		char sec[64];

		snprintf(sec, sizeof(sec), "[workload] type=%s", w->name);
		keys_print_table(f, sec, w->keys, w->nr_keys);
	}
	keys_print_table(f, "[sweep]", bench_sweep_keys, bench_nr_sweep_keys);
}

/* Run CONF as O says; the exit status (see run_usage()). */
static int run_conf(const struct bench_conf *conf, const struct run_opts *o)
{
	struct bench_runner_result res;
	int ret;

	if (o->dry_run) {
		ret = bench_runner_cells_print(conf, &o->runner, stdout);
		return ret == -ENOENT ? 2 : ret ? 1 : 0;
	}
	ret = bench_runner_run(conf, &o->runner, &res);
	if (ret)
		return ret == -ENOENT ? 2 : 1;
	if (res.status == REPORT_RUN_COMPLETE)
		bench_runner_summary_print(res.run_dir, stdout);
	printf("results: %s (%s)\n", res.run_dir, report_run_status_name(res.status));
	fflush(stdout);
	if (o->report && res.status != REPORT_RUN_INCOMPLETE &&
	    bench_runner_report_write(res.run_dir))
		return 1;
	return res.status == REPORT_RUN_COMPLETE ? 0 : res.status == REPORT_RUN_INCOMPLETE ? 130 : 1;
}

static void run_usage(FILE *f, const char *cmd)
{
	if (!strcmp(cmd, "sweep"))
		fprintf(f, "usage: smmubench sweep [options] NAME [bench.conf]\n\n"
			   "Run only the cells of [sweep NAME]: each value of its knob (model) or\n"
			   "path (hw) times its workloads, recorded as one cell per point.\n\n");
	else
		fprintf(f, "usage: smmubench run [options] [bench.conf]\n\n"
			   "Run every cell of bench.conf (default ./bench.conf): the workloads'\n"
			   "list keys x designs, plus [sweep] points; each cell gets warm-up runs\n"
			   "then `repeat` measured runs, each in one collection window.\n"
			   "The run directory is <results>/<date>-<label>/ (meta.json,\n"
			   "results.jsonl, hist/, raw/); an interrupted run is marked incomplete.\n\n");
	fprintf(f,
		"  -o, --results DIR   directory of run directories ([global] results)\n"
		"  -l, --label NAME    run label ([global] label)\n"
		"  -r, --repeat N      measured runs per cell ([global] repeat)\n"
		"  -w, --warmup N      warm-up runs per cell ([global] warmup)\n"
		"  -n, --dry-run       list the cells and exit\n"
		"      --keys          print every bench.conf key (type, unit, default) and exit\n"
		"      --report        then write the report to <results>/report-<run>/\n"
		"  -q, --quiet         no progress line\n"
		"  -h, --help          this text\n"
		"\nExit status: 0 complete, 1 failed (errors in errors.jsonl), 2 usage or\n"
		"bench.conf error, 130 interrupted.\n");
}

/* --repeat or --warmup (OPT 'r' or 'w') ARG into O: 0, or -EINVAL with the message printed. */
static int run_count_opt(int opt, const char *arg, const char *cmd, struct run_opts *o)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || end == arg || v < (opt == 'r') || v > 1000) {
		fprintf(stderr, "smmubench %s: --%s %s: expected a number in [%d, 1000]\n",
			cmd, opt == 'r' ? "repeat" : "warmup", arg, opt == 'r');
		return -EINVAL;
	}
	if (opt == 'r')
		o->runner.repeat = v;
	else
		o->runner.warmup = v;
	return 0;
}

/* ARGV's options into O: -1 to go on, else the exit status (0: done, 2: usage error). */
static int run_opts_parse(int argc, char **argv, const char *cmd, struct run_opts *o)
{
	static const struct option opts[] = {
		{ "results", required_argument, NULL, 'o' },
		{ "label", required_argument, NULL, 'l' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "keys", no_argument, NULL, 'K' },
		{ "report", no_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:l:r:w:nqh", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': o->runner.results = optarg; break;
		case 'l': o->runner.label = optarg; break;
		case 'r':
		case 'w':
			if (run_count_opt(opt, optarg, cmd, o))
				return 2;
			break;
		case 'n': o->dry_run = true; break;
		case 'K':
			keys_print(stdout);
			return 0;
		case 'R': o->report = true; break;
		case 'q': o->runner.quiet = true; break;
		case 'h':
			run_usage(stdout, cmd);
			return 0;
		default:
			run_usage(stderr, cmd);
			return 2;
		}
	}
	return -1;
}

/* --label: the rule of [global] label, from its key; 0 or -EINVAL with the message printed. */
static int run_label_check(const char *label, const char *cmd)
{
	const struct bench_key *k = bench_global_keys;
	char why[256];
	int64_t unused;

	while (strcmp(k->name, "label"))
		k++;
	if (!*label) {
		fprintf(stderr, "smmubench %s: --label: empty; give a name\n", cmd);
		return -EINVAL;
	}
	if (bench_key_parse(k, label, &unused, why, sizeof(why))) {
		fprintf(stderr, "smmubench %s: --label: %s\n", cmd, why);
		return -EINVAL;
	}
	return 0;
}

static int run_main(int argc, char **argv, const char *cmd)
{
	struct run_opts o = { .conf_path = "bench.conf" };
	struct bench_conf *conf;
	int ret;

	bench_runner_opts_init(&o.runner);
	ret = run_opts_parse(argc, argv, cmd, &o);
	if (ret >= 0)
		return ret;
	if (!strcmp(cmd, "sweep")) {
		if (optind >= argc) {
			fprintf(stderr, "smmubench sweep: which sweep? 'smmubench sweep NAME [bench.conf]'\n");
			return 2;
		}
		o.runner.only_sweep = argv[optind++];
	}
	if (optind < argc)
		o.conf_path = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "smmubench %s: unexpected argument '%s'\n", cmd, argv[optind]);
		return 2;
	}
	if (o.runner.label && run_label_check(o.runner.label, cmd))
		return 2;
	conf = bench_conf_load(o.conf_path, stderr);
	if (!conf)
		return 2;
	ret = run_conf(conf, &o);
	bench_conf_free(conf);
	return ret;
}

int bench_cmd_run(int argc, char **argv)
{
	return run_main(argc, argv, "run");
}

int bench_cmd_sweep(int argc, char **argv)
{
	return run_main(argc, argv, "sweep");
}
