// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench model: run the simulated platform (bench/model, model.h)
 * directly and print a summary. Parses the options into a struct
 * model_config; the model library does the rest.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "bench.h"
#include "model.h"

static void model_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench model [options]\n"
		"\n"
		"Run the simulated pKVM + SMMUv3 platform (bench/model): a deterministic\n"
		"discrete-event simulation in virtual time that executes the native,\n"
		"paravirt or nested design. Nested figures are predictions.\n"
		"\n"
		"  -d, --design D           native | paravirt | nested (default native)\n"
		"  -p, --profile P          profile name or .conf path (default morello)\n"
		"  -w, --workload W         dmabench | block (default dmabench)\n"
		"      --cpus N             simulated CPUs (default: the profile's)\n"
		"      --seed N             PRNG seed (default 1)\n"
		"      --duration-ms MS     virtual run time (default 20)\n"
		" dmabench (dma_map_benchmark semantics):\n"
		"  -t, --threads N          threads (default 1)\n"
		"  -g, --granule PAGES      pages per buffer, 1..1024 (default 1)\n"
		"      --dma-trans-ns NS    hold time between map and unmap (default 0)\n"
		"      --sg                 scatter-gather mode (map_mode 1)\n"
		" block (fio-like):\n"
		"      --rw RW              read | write | randread | randwrite (default randread)\n"
		"      --bs BYTES           IO size, multiple of 4096 (default 4096)\n"
		"      --iodepth N          (default 1)\n"
		"      --numjobs N          (default 1)\n"
		"      --dev-service-ns NS  device latency per IO (default 10000)\n"
		"      --dev-bw-mbps MBPS   device bandwidth in MB/s (default 2000)\n"
		" knobs:\n"
		"      --cmds-per-sync N    TLBI commands per CMD_SYNC (0 = one sync per unmap)\n"
		"      --ril on|off         range invalidation (default: the profile's)\n"
		"      --lazy               native: flush queue instead of strict\n"
		"      --fq-size N          flush queue entries per CPU (default 256)\n"
		"      --fq-timeout-ms MS   flush queue timeout (default 10)\n"
		"      --map-sg             paravirt: one map_sg hypercall per list\n"
		"      --cons-polls N       nested: CONS reads per sync\n"
		"      --nested-drain M     nested: EL2 drains the queue on every trapped PROD\n"
		"                           write (prod, default) or only for a batch that\n"
		"                           holds a CMD_SYNC (sync)\n"
		"      --el2-wait M         paravirt, nested: EL2 waits for CMD_SYNC polling\n"
		"                           CONS (poll, default) or in WFE until its SEV (wfe)\n"
		"      --iotlb-entries N    IOTLB size\n"
		"      --skip-sync          BROKEN on purpose: never CMD_SYNC (safety oracle demo)\n"
		"      --oracle             probe every unmapped IOVA with a device DMA;\n"
		"                           exit status 1 when a DMA reached unmapped memory\n"
		"  -e, --events             fire the EL2 and host events\n"
		"      --hyp-events M       with --events, how EL2 reports its ops: per-event\n"
		"                           (default; hyp_event_ns per event), hist (a bucket\n"
		"                           update per op, hyp_hist_ns each; smmu_hist records\n"
		"                           at the end) or off (host events only)\n"
		"  -o, --output DIR         with --events: write DIR/remotes/hypervisor and DIR/host\n"
		"  -h, --help               this text\n");
}

static int parse_uint(const char *opt, const char *s, unsigned long long max,
		      unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end || !*s || *s == '-' || *v > max) {
		fprintf(stderr, "smmubench model: --%s '%s': expected an integer 0..%llu\n", opt, s,
			max);
		return -EINVAL;
	}
	return 0;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentiles of one op's samples (the full distribution). */
static void print_distribution(const char *name, const struct model_samples *sm)
{
	static const double pcts[] = { 50, 90, 99, 99.9 };
	uint64_t *v;
	size_t i;

	if (!sm->nr)
		return;
	v = malloc(sm->nr * sizeof(*v));
	if (!v)
		return;
	memcpy(v, sm->dur_ns, sm->nr * sizeof(*v));
	qsort(v, sm->nr, sizeof(*v), u64_cmp);
	printf("dist %-6s n=%zu min=%llu ns", name, sm->nr, (unsigned long long)v[0]);
	for (i = 0; i < ARRAY_SIZE(pcts); i++) {
		size_t rank = (size_t)(pcts[i] / 100.0 * sm->nr + 0.999999);

		if (rank < 1)
			rank = 1;
		printf(" p%g=%llu ns", pcts[i], (unsigned long long)v[rank - 1]);
	}
	printf(" max=%llu ns\n", (unsigned long long)v[sm->nr - 1]);
	free(v);
}

/* The oracle's verdict: violations, then the exposure window of a deferred policy. */
static void print_safety(const struct model_results *r)
{
	const struct model_oracle_results *o = &r->oracle;

	printf("oracle: %s policy; %llu pages probed at unmap return; %llu DMA(s) translated after a strict unmap; %llu strict pages without a completed CMD_SYNC; %llu pages never invalidated; %llu lazy pages freed for reuse before invalid\n",
	       o->deferred ? "deferred" : "strict", (unsigned long long)o->probed_pages,
	       (unsigned long long)r->nr_stale, (unsigned long long)o->unsynced_pages,
	       (unsigned long long)o->never_pages, (unsigned long long)o->early_free_pages);
	printf("exposure: %llu pages (%llu bytes) returned before their invalidation completed; window p50 %llu ns p99 %llu ns max %llu ns\n",
	       (unsigned long long)o->exposed_pages, (unsigned long long)o->exposed_bytes,
	       (unsigned long long)o->window_p50_ns, (unsigned long long)o->window_p99_ns,
	       (unsigned long long)o->window_max_ns);
	if (!model_results_safe(r))
		printf("safety: UNSAFE\n%s", r->stale_report);
	else if (o->deferred)
		printf("safety: safe with a deferred window (as iommu.strict=0): max %llu ns\n",
		       (unsigned long long)o->window_max_ns);
	else
		printf("safety: safe (every page unmapped was invalid when its unmap returned)\n");
}

static void print_summary(const struct model_config *cfg, const struct model_results *r)
{
	const char *pred = r->prediction ? " (PREDICTION: no hardware figure backs nested)" : "";
	unsigned int p;

	printf("# smmubench model: design=%s workload=%s profile=%s cpus=%u seed=%llu%s\n",
	       model_design_name(cfg->design), model_workload_name(cfg->workload), cfg->profile,
	       r->nr_cpus, (unsigned long long)cfg->seed, pred);
	printf("# virtual time %.3f ms; every figure below is simulated%s\n", r->virt_ns / 1e6,
	       r->prediction ? " and a prediction" : "");
	printf("# profile %s%s%s\n", r->profile_path,
	       r->profile_at_bounds[0] ? "; at a bound of their range: " : "",
	       r->profile_at_bounds);
	if (cfg->workload == MODEL_WL_DMABENCH) {
		printf("dmabench threads=%u granule=%u pages %s\n", cfg->dmabench.threads,
		       cfg->dmabench.granule_pages, cfg->dmabench.sg ? "sg" : "single");
		printf("average map latency(us):%.1f standard deviation:%.1f\n",
		       r->avg_map_100ns / 10.0, r->map_stddev_100ns / 10.0);
		printf("average unmap latency(us):%.1f standard deviation:%.1f\n",
		       r->avg_unmap_100ns / 10.0, r->unmap_stddev_100ns / 10.0);
	} else {
		const struct model_op_stats *io = &r->ops[MODEL_OP_IO];

		printf("block rw=%s bs=%u B iodepth=%u numjobs=%u\n", model_rw_name(cfg->block.rw),
		       cfg->block.bs_bytes, cfg->block.iodepth, cfg->block.numjobs);
		printf("IOPS %.0f /s, bandwidth %.1f MB/s, clat mean %.0f ns min %llu ns max %llu ns\n",
		       r->iops, r->bw_bytes_per_s / 1e6,
		       io->count ? (double)io->sum_ns / io->count : 0.0,
		       (unsigned long long)io->min_ns, (unsigned long long)io->max_ns);
		printf("CPU time per IO (ns):");
		for (p = 0; p < MODEL_NR_CPU_PARTS; p++)
			printf(" %s=%.0f", model_cpu_part_name(p),
			       r->ios ? (double)r->cpu_ns[p] / r->ios : 0.0);
		printf("\n");
	}
	for (p = 0; p < MODEL_NR_OPS; p++) {
		const struct model_op_stats *s = &r->ops[p];

		if (!s->count)
			continue;
		printf("op %-6s count %llu mean %.1f ns min %llu ns max %llu ns\n", model_op_name(p),
		       (unsigned long long)s->count, (double)s->sum_ns / s->count,
		       (unsigned long long)s->min_ns, (unsigned long long)s->max_ns);
		print_distribution(model_op_name(p), &r->samples[p]);
	}
	printf("smmu: commands %llu (tlbi %llu, sync %llu, cfgi %llu); hypercalls %llu; traps %llu (cmdq %llu, dropped cmds %llu)\n",
	       (unsigned long long)r->counts.cmds, (unsigned long long)r->counts.tlbi,
	       (unsigned long long)r->counts.syncs, (unsigned long long)r->counts.cfgi,
	       (unsigned long long)r->counts.hypercalls, (unsigned long long)r->counts.traps,
	       (unsigned long long)r->counts.cmdq_traps, (unsigned long long)r->counts.dropped);
	printf("dma: accesses %llu, iotlb hits %llu misses %llu, walk reads %llu, faults %llu\n",
	       (unsigned long long)r->counts.dma_accesses, (unsigned long long)r->counts.iotlb_hits,
	       (unsigned long long)r->counts.iotlb_misses, (unsigned long long)r->counts.walk_reads,
	       (unsigned long long)r->counts.faults);
	if (cfg->events)
		printf("events: %llu EL2 written, %llu lost; %llu host (iommu:map/unmap); EL2 mode %s\n",
		       (unsigned long long)r->counts.ev_written, (unsigned long long)r->counts.ev_lost,
		       (unsigned long long)r->counts.host_events, model_hyp_mode_name(cfg->hyp_mode));
	if (cfg->events && r->counts.hist_updates)
		printf("hist: %llu EL2 bucket updates, read out as %llu smmu_hist events (%llu ns of readout)\n",
		       (unsigned long long)r->counts.hist_updates,
		       (unsigned long long)r->counts.hist_events,
		       (unsigned long long)r->counts.hist_readout_ns);
	if (cfg->oracle || r->nr_stale)
		print_safety(r);
}

/* A knob this run has no code for would be ignored: refuse it (exit 2). */
static int knobs_check(const struct model_config *cfg)
{
	const struct { const char *knob, *opt; bool set; } given[] = {
		{ "lazy", "--lazy", cfg->knobs.lazy },
		{ "ril", "--ril", cfg->knobs.ril >= 0 },
		{ "cmds_per_sync", "--cmds-per-sync", cfg->knobs.cmds_per_sync >= 0 },
		{ "fq_size", "--fq-size", cfg->knobs.fq_size },
		{ "fq_timeout_ns", "--fq-timeout-ms", cfg->knobs.fq_timeout_ns },
		{ "map_sg", "--map-sg", cfg->knobs.map_sg },
		{ "cons_polls", "--cons-polls", cfg->knobs.cons_polls },
		{ "nested_drain", "--nested-drain", cfg->knobs.nested_drain != MODEL_DRAIN_PROD },
		{ "el2_wait", "--el2-wait", cfg->knobs.el2_wait != MODEL_EL2_WAIT_POLL },
	};
	const char *what, *who;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(given); i++)
		if (given[i].set && !model_knob_read(cfg, given[i].knob, &what, &who)) {
			fprintf(stderr, "smmubench model: %s: %s is read only by %s; this %s %s run would ignore it\n",
				given[i].opt, what, who, model_design_name(cfg->design),
				model_workload_name(cfg->workload));
			return -EINVAL;
		}
	return 0;
}

enum { O_CPUS = 256, O_SEED, O_DUR, O_TRANS, O_SG, O_RW, O_BS, O_DEPTH, O_JOBS, O_SVC,
       O_BW, O_CPS, O_RIL, O_LAZY, O_FQS, O_FQT, O_MAPSG, O_POLLS, O_IOTLB, O_SKIP,
       O_ORACLE, O_DRAIN, O_WAIT, O_HYPEV };

static const struct option model_opts[] = {
	{ "design", required_argument, NULL, 'd' },
	{ "profile", required_argument, NULL, 'p' },
	{ "workload", required_argument, NULL, 'w' },
	{ "cpus", required_argument, NULL, O_CPUS },
	{ "seed", required_argument, NULL, O_SEED },
	{ "duration-ms", required_argument, NULL, O_DUR },
	{ "threads", required_argument, NULL, 't' },
	{ "granule", required_argument, NULL, 'g' },
	{ "dma-trans-ns", required_argument, NULL, O_TRANS },
	{ "sg", no_argument, NULL, O_SG },
	{ "rw", required_argument, NULL, O_RW },
	{ "bs", required_argument, NULL, O_BS },
	{ "iodepth", required_argument, NULL, O_DEPTH },
	{ "numjobs", required_argument, NULL, O_JOBS },
	{ "dev-service-ns", required_argument, NULL, O_SVC },
	{ "dev-bw-mbps", required_argument, NULL, O_BW },
	{ "cmds-per-sync", required_argument, NULL, O_CPS },
	{ "ril", required_argument, NULL, O_RIL },
	{ "lazy", no_argument, NULL, O_LAZY },
	{ "fq-size", required_argument, NULL, O_FQS },
	{ "fq-timeout-ms", required_argument, NULL, O_FQT },
	{ "map-sg", no_argument, NULL, O_MAPSG },
	{ "cons-polls", required_argument, NULL, O_POLLS },
	{ "iotlb-entries", required_argument, NULL, O_IOTLB },
	{ "skip-sync", no_argument, NULL, O_SKIP },
	{ "oracle", no_argument, NULL, O_ORACLE },
	{ "nested-drain", required_argument, NULL, O_DRAIN },
	{ "el2-wait", required_argument, NULL, O_WAIT },
	{ "hyp-events", required_argument, NULL, O_HYPEV },
	{ "events", no_argument, NULL, 'e' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The options that name a choice: 0, or -EINVAL with the message printed. */
static int model_opt_choice(int c, const char *arg, struct model_config *cfg)
{
	switch (c) {
	case 'd':
		if (!model_design_parse(arg, &cfg->design))
			return 0;
		fprintf(stderr, "smmubench model: --design '%s': native, paravirt or nested\n", arg);
		return -EINVAL;
	case 'w':
		if (!model_workload_parse(arg, &cfg->workload))
			return 0;
		fprintf(stderr, "smmubench model: --workload '%s': dmabench or block\n", arg);
		return -EINVAL;
	case O_RW:
		if (!model_rw_parse(arg, &cfg->block.rw))
			return 0;
		fprintf(stderr, "smmubench model: --rw '%s': read, write, randread or randwrite\n", arg);
		return -EINVAL;
	case O_RIL:
		if (strcmp(arg, "on") && strcmp(arg, "off")) {
			fprintf(stderr, "smmubench model: --ril '%s': on or off\n", arg);
			return -EINVAL;
		}
		cfg->knobs.ril = !strcmp(arg, "on");
		return 0;
	case O_DRAIN:
		if (strcmp(arg, "prod") && strcmp(arg, "sync")) {
			fprintf(stderr, "smmubench model: --nested-drain '%s': prod or sync\n", arg);
			return -EINVAL;
		}
		cfg->knobs.nested_drain = !strcmp(arg, "sync") ? MODEL_DRAIN_SYNC : MODEL_DRAIN_PROD;
		return 0;
	case O_WAIT:
		if (strcmp(arg, "poll") && strcmp(arg, "wfe")) {
			fprintf(stderr, "smmubench model: --el2-wait '%s': poll or wfe\n", arg);
			return -EINVAL;
		}
		cfg->knobs.el2_wait = !strcmp(arg, "wfe") ? MODEL_EL2_WAIT_WFE : MODEL_EL2_WAIT_POLL;
		return 0;
	case O_HYPEV:
		if (model_hyp_mode_parse(arg, &cfg->hyp_mode)) {
			fprintf(stderr, "smmubench model: --hyp-events '%s': %s\n", arg,
				MODEL_HYP_MODES);
			return -EINVAL;
		}
		return 0;
	}
	return -EINVAL;
}

/*
 * One option C (long name NAME) with its argument ARG into CFG: 0, or
 * -EINVAL (the message printed); -ENOENT for an option it does not know.
 */
static int model_opt_apply(int c, const char *name, const char *arg, struct model_config *cfg)
{
	unsigned long long v;
	int ret = 0;

	switch (c) {
	case 'd': case 'w': case O_RW: case O_RIL: case O_DRAIN: case O_WAIT: case O_HYPEV:
		return model_opt_choice(c, arg, cfg);
	case 'p': cfg->profile = arg; break;
	case O_CPUS: ret = parse_uint(name, arg, MODEL_MAX_CPUS, &v); cfg->nr_cpus = v; break;
	case O_SEED: ret = parse_uint(name, arg, ~0ULL, &v); cfg->seed = v; break;
	case O_DUR:
		ret = parse_uint(name, arg, 3600000, &v);
		cfg->dmabench.duration_ns = cfg->block.duration_ns = v * 1000000ULL;
		break;
	case 't': ret = parse_uint("threads", arg, MODEL_MAX_CPUS, &v); cfg->dmabench.threads = v; break;
	case 'g': ret = parse_uint("granule", arg, MODEL_DMABENCH_MAX_GRANULE, &v); cfg->dmabench.granule_pages = v; break;
	case O_TRANS: ret = parse_uint(name, arg, 1000000000ULL, &v); cfg->dmabench.dma_trans_ns = v; break;
	case O_SG: cfg->dmabench.sg = true; break;
	case O_BS: ret = parse_uint(name, arg, MODEL_BLOCK_MAX_BS_BYTES, &v); cfg->block.bs_bytes = v; break;
	case O_DEPTH: ret = parse_uint(name, arg, MODEL_BLOCK_MAX_IODEPTH, &v); cfg->block.iodepth = v; break;
	case O_JOBS: ret = parse_uint(name, arg, MODEL_MAX_CPUS, &v); cfg->block.numjobs = v; break;
	case O_SVC: ret = parse_uint(name, arg, 1000000000ULL, &v); cfg->block.dev_service_ns = v; break;
	case O_BW: ret = parse_uint(name, arg, 1000000, &v); cfg->block.dev_bw_bytes_per_s = v * 1000000ULL; break;
	case O_CPS: ret = parse_uint(name, arg, 1024, &v); cfg->knobs.cmds_per_sync = v; break;
	case O_LAZY: cfg->knobs.lazy = true; break;
	case O_FQS: ret = parse_uint(name, arg, 65536, &v); cfg->knobs.fq_size = v; break;
	case O_FQT: ret = parse_uint(name, arg, 100000, &v); cfg->knobs.fq_timeout_ns = v * 1000000ULL; break;
	case O_MAPSG: cfg->knobs.map_sg = true; break;
	case O_POLLS: ret = parse_uint(name, arg, 1000, &v); cfg->knobs.cons_polls = v; break;
	case O_IOTLB: ret = parse_uint(name, arg, 65536, &v); cfg->knobs.iotlb_entries = v; break;
	case O_SKIP: cfg->knobs.skip_sync = true; break;
	case O_ORACLE: cfg->oracle = true; break;
	case 'e': cfg->events = true; break;
	case 'o': cfg->out_dir = arg; break;
	default: return -ENOENT;
	}
	return ret;
}

/* ARGV into CFG: -1 to run, else the exit status (0 after --help, 2 on a usage error). */
static int model_args_parse(int argc, char **argv, struct model_config *cfg)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:p:w:t:g:eo:h", model_opts, NULL)) != -1) {
		const char *name = NULL;
		unsigned int i;
		int ret;

		for (i = 0; model_opts[i].name; i++)
			if (model_opts[i].val == c)
				name = model_opts[i].name;
		if (c == 'h') {
			model_usage(stdout);
			return 0;
		}
		ret = model_opt_apply(c, name, optarg, cfg);
		if (ret == -ENOENT)
			model_usage(stderr);
		if (ret)
			return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "smmubench model: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (cfg->out_dir && !cfg->events) {
		fprintf(stderr, "smmubench model: -o needs --events (the directory holds the events)\n");
		return 2;
	}
	if (knobs_check(cfg))
		return 2;
	return -1;
}

int bench_cmd_model(int argc, char **argv)
{
	struct model_config cfg;
	struct model_results res;
	char err[512];
	int ret;

	model_config_init(&cfg);
	cfg.keep_samples = true;	/* the summary prints full distributions */
	ret = model_args_parse(argc, argv, &cfg);
	if (ret >= 0)
		return ret;
	ret = model_run(&cfg, &res, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "smmubench model: %s\n", err);
		model_results_free(&res);
		return 1;
	}
	print_summary(&cfg, &res);
	/* an unsafe verdict is a failure, as a script or CI must see it */
	ret = model_results_safe(&res) ? 0 : 1;
	model_results_free(&res);
	return ret;
}
