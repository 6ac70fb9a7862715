// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench tune WORKLOAD [bench.conf]: the tuner (bench/tune.h) on the
 * model. Parses the options, runs bench_tune_run() and prints the Pareto
 * tables, the picks and the settings (or --json).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "conf.h"
#include "tune.h"

static void tune_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench tune [options] WORKLOAD [bench.conf]\n"
		"\n"
		"Explore the invalidation-batching policies of each design of bench.conf\n"
		"(default ./bench.conf, target model) for [workload WORKLOAD], one cell per\n"
		"value of its list keys, with the safety oracle on: the whole grid of the\n"
		"knobs each design reads, or coordinate descent when the grid is over\n"
		"--budget. Prints per cell the Pareto front (unmap p50 and p99, CPU ns per\n"
		"IO, CMD_SYNCs per unmap, exposure window), the fastest safe policy, the\n"
		"fastest one with a window under --max-window, its gain over bench.conf's\n"
		"policy (ratio of p50 medians, bootstrap 95%% interval) and the settings:\n"
		"bench.conf [model] keys and, for hw, the kernel command line of the\n"
		"knobs (arm_smmu_v3_kvm.tlbi_per_sync=N, arm_smmu_v3_kvm.tlbi_force_per_page=1,\n"
		"iommu.strict=0). On hw a boot-time knob takes one boot per value: tune\n"
		"the model, then boot the pick. Results go to a normal run directory\n"
		"(<results>/<date>-tune-WORKLOAD, tune.json inside): report and compare\n"
		"read it.\n"
		"\n"
		"  -o, --results DIR       directory of run directories ([global] results)\n"
		"  -l, --label NAME        run label (tune-WORKLOAD)\n"
		"  -r, --repeat N          runs per policy, seeds seed..seed+N-1 ([global] repeat)\n"
		"  -b, --budget N          policies per design and cell before coordinate\n"
		"                          descent replaces the grid (default 0: the grid)\n"
		"  -W, --max-window-us US  bound of the windowed pick (default 0: none)\n"
		"      --json              print the result as JSON (as tune.json)\n"
		"  -q, --quiet             no progress line\n"
		"  -h, --help              this text\n"
		"\nExit status: 0 with a safe policy for every cell, 1 otherwise or on a\n"
		"failed run, 2 usage or bench.conf error.\n");
}

static int tune_num(const char *opt, const char *arg, unsigned long long max,
		    unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 10);
	if (errno || *end || end == arg || *arg == '-' || *v > max) {
		fprintf(stderr, "smmubench tune: --%s '%s': expected an integer 0..%llu\n", opt, arg,
			max);
		return -EINVAL;
	}
	return 0;
}

/* ARGV into O: -1 to go on, else the exit status. */
static int tune_opts_parse(int argc, char **argv, struct bench_tune_opts *o, bool *json)
{
	static const struct option opts[] = {
		{ "results", required_argument, NULL, 'o' },
		{ "label", required_argument, NULL, 'l' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "budget", required_argument, NULL, 'b' },
		{ "max-window-us", required_argument, NULL, 'W' },
		{ "json", no_argument, NULL, 'J' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:l:r:b:W:qh", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': o->results = optarg; break;
		case 'l': o->label = optarg; break;
		case 'r':
			if (tune_num("repeat", optarg, BENCH_TUNE_MAX_REPS, &v) || !v)
				return 2;
			o->repeat = v;
			break;
		case 'b':
			if (tune_num("budget", optarg, 100000, &v))
				return 2;
			o->budget = v;
			break;
		case 'W':
			if (tune_num("max-window-us", optarg, 3600000000ULL, &v))
				return 2;
			o->max_window_ns = v * 1000;
			break;
		case 'J': *json = true; break;
		case 'q': o->quiet = true; break;
		case 'h':
			tune_usage(stdout);
			return 0;
		default:
			tune_usage(stderr);
			return 2;
		}
	}
	return -1;
}

int bench_cmd_tune(int argc, char **argv)
{
	struct bench_tune_opts o;
	struct bench_tune_result *r;
	struct bench_conf *conf;
	const char *path = "bench.conf";
	bool json = false;
	unsigned int g;
	int ret;

	bench_tune_opts_init(&o);
	ret = tune_opts_parse(argc, argv, &o, &json);
	if (ret >= 0)
		return ret;
	if (optind >= argc) {
		fprintf(stderr, "smmubench tune: which workload? 'smmubench tune WORKLOAD [bench.conf]'\n");
		return 2;
	}
	o.workload = argv[optind++];
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "smmubench tune: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	conf = bench_conf_load(path, stderr);
	if (!conf)
		return 2;
	ret = bench_tune_run(conf, &o, &r);
	bench_conf_free(conf);
	if (ret)
		return ret == -ENOENT || ret == -EINVAL ? 2 : 1;
	if (json)
		ret = bench_tune_json_write(r, stdout) ? 1 : 0;
	else
		bench_tune_print(r, stdout);
	for (g = 0; g < r->nr_grp && !ret; g++)
		if (r->grp[g].best_safe < 0)
			ret = 1;
	bench_tune_result_free(r);
	return ret;
}
