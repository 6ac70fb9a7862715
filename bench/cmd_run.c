// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench run / sweep: read bench.conf, expand the cells, and for each
 * cell run the warm-ups and `repeat` measured runs on the target, each in
 * one collection window, storing everything through the results store.
 * SIGINT/SIGTERM end the current run early; the directory is then marked
 * incomplete and every system change is undone on the way out.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "conf.h"
#include "reports.h"
#include "run.h"
#include "util.h"
#include "trace.h"

/* CLI state the signal handler needs (the only globals of the runner). */
static volatile sig_atomic_t run_stop;
static const struct bench_target_ops *run_target;
static void *volatile run_priv;
static struct bench_ctx *volatile run_ctx;

static void run_signal(int sig)
{
	run_stop = 1;
	if (run_target && run_priv && run_target->interrupt)
		run_target->interrupt(run_priv);
	if (run_ctx && run_ctx->child > 0)
		kill(run_ctx->child, SIGTERM);
}

static const char *const design_names[] = { "native", "paravirt", "nested" };

struct run_opts {
	const char *conf_path;
	const char *results;
	const char *label;
	int repeat, warmup;		/* -1: from bench.conf */
	bool dry_run, quiet, report;
	const char *only_sweep;
};

/* `smmubench report` on the finished run, into <results>/report-<run name>/. */
static int run_report(const char *run_dir)
{
	char out[4200], dir[4096];
	const char *slash = strrchr(run_dir, '/');
	int ret;

	if (bench_fmt(dir, sizeof(dir), "%s", run_dir))
		return -ENAMETOOLONG;
	if (slash)
		ret = bench_fmt(out, sizeof(out), "%.*s/report-%s", (int)(slash - run_dir), run_dir,
				slash + 1);
	else
		ret = bench_fmt(out, sizeof(out), "report-%s", run_dir);
	if (ret)
		return ret;
	{
		const char *dirs[] = { dir };
		struct report_opts o = { .output = out, .run_dirs = dirs, .nr_run_dirs = 1 };

		ret = report_build(&o);
	}
	if (ret) {
		fprintf(stderr, "smmubench run: the report of %s failed (status %d)\n", run_dir, ret);
		return -EIO;
	}
	printf("report: %s/index.html (and report.md)\n", out);
	return 0;
}

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

/* Median over repetitions of (cell, op, metric); NAN when absent. */
static double rows_median(const struct report_rundata *rd, const char *cell, const char *op,
			  const char *metric, const char **unit)
{
	double v[1024];
	size_t i, n = 0;

	for (i = 0; i < rd->nr_rows && n < 1024; i++) {
		const struct report_row *r = &rd->rows[i];

		if (strcmp(r->cell, cell) || strcmp(r->op, op) || strcmp(r->metric, metric))
			continue;
		v[n++] = r->value;
		*unit = r->unit;
	}
	return n ? report_stats_median(v, n) : NAN;
}

/* A short table of the headline figures, until `smmubench report` renders the run. */
static void summary_print(const char *dir, FILE *f)
{
	static const struct { const char *op, *metric; } heads[] = {
		{ "map", "mean" }, { "unmap", "mean" }, { "map", "tool_mean" },
		{ "unmap", "tool_mean" }, { "io", "mean" }, { "fio_read", "iops" },
		{ "fio_write", "iops" }, { "fio_read", "clat_p50" }, { "fio_write", "clat_p50" },
		{ "smmu_map", "p50" }, { "smmu_unmap", "p50" }, { "smmu_cmdq_trap", "p50" },
		{ "block_rq", "p50" },
	};
	struct report_rundata *rd;
	char err[512];
	size_t c, h;

	rd = report_rundata_load(dir, err, sizeof(err));
	if (!rd) {
		fprintf(f, "smmubench run: cannot read back %s: %s\n", dir, err);
		return;
	}
	report_rundata_warnings_print(rd, f, "warning: ");
	fprintf(f, "# medians over repetitions\n");
	for (c = 0; c < rd->nr_cells; c++) {
		fprintf(f, "%-44s", rd->cells[c].name);
		for (h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
			const char *unit = "";
			double v = rows_median(rd, rd->cells[c].name, heads[h].op, heads[h].metric,
					       &unit);

			if (!isnan(v))
				fprintf(f, "  %s.%s=%.4g %s", heads[h].op, heads[h].metric, v, unit);
		}
		fputc('\n', f);
	}
	fprintf(f, "lost events: %llu%s; errors: %zu\n", (unsigned long long)rd->lost_events,
		rd->lost_events ? " (NOT all events were collected)" : "", rd->nr_errors);
	report_rundata_free(rd);
}

static int run_conf(struct bench_conf *conf, const struct run_opts *o)
{
	const struct bench_val *designs = bench_section_val(&conf->model, "designs");
	const char *target_name = bench_section_str(&conf->target, "type");
	struct report_run_info info = { 0 };
	struct bench_ctx ctx = { 0 };
	struct bench_progress prog;
	struct bench_cells cells;
	struct sigaction sa, old_int, old_term;
	const struct bench_target_ops *target = bench_target_find(target_name);
	char designs_text[128] = "", final_dir[4096];
	int repeat = o->repeat >= 0 ? o->repeat : bench_section_num(&conf->global, "repeat");
	int warmup = o->warmup >= 0 ? o->warmup : bench_section_num(&conf->global, "warmup");
	bool progress = !o->quiet && bench_section_num(&conf->global, "progress");
	bool tty = isatty(STDERR_FILENO);
	enum report_run_status status = REPORT_RUN_COMPLETE;
	void *priv = NULL;
	unsigned int ci, i;
	int ret;

	ret = bench_cells_expand(conf, o->only_sweep, false, &cells);
	if (ret == -ENOENT) {
		fprintf(stderr, "smmubench sweep: %s has no [sweep %s]\n", conf->path, o->only_sweep);
		return 2;
	}
	if (ret) {
		fprintf(stderr, "smmubench run: expanding the cells of %s: %s\n", conf->path,
			strerror(-ret));
		return 1;
	}
	if (o->dry_run) {
		printf("# %u cells x (%d warm-up + %d runs) on target %s\n", cells.nr, warmup, repeat,
		       target_name);
		for (ci = 0; ci < cells.nr; ci++)
			printf("%-48s %s\n", cells.cell[ci].name, cells.cell[ci].params);
		bench_cells_free(&cells);
		return 0;
	}
	for (i = 0; i < designs->nr; i++) {
		size_t l = strlen(designs_text);

		snprintf(designs_text + l, sizeof(designs_text) - l, "%s%s", i ? "," : "",
			 designs->str[i]);
	}
	info.label = o->label ?: bench_section_str(&conf->global, "label");
	info.target = target_name;
	info.designs = !strcmp(target_name, "model") ? designs_text : NULL;
	info.profile = !strcmp(target_name, "model") ?
		       (bench_section_str(&conf->model, "profile")[0] ?
			bench_section_str(&conf->model, "profile") : "morello") : NULL;
	info.conf_path = conf->path;
	info.conf_text = conf->text;
	ctx.conf = conf;
	ctx.stop = &run_stop;
	ctx.warmup = warmup;
	ctx.log = stderr;
	ctx.run = report_run_create(o->results ?: bench_section_str(&conf->global, "results"),
				    &info);
	if (!ctx.run) {
		ret = -errno;
		fprintf(stderr, "smmubench run: creating the run directory under %s: %s\n",
			o->results ?: bench_section_str(&conf->global, "results"), strerror(-ret));
		bench_cells_free(&cells);
		return 1;
	}
	snprintf(ctx.run_dir, sizeof(ctx.run_dir), "%s", report_run_dir(ctx.run));
	if (*bench_section_str(&conf->target, "note"))
		report_run_meta_set(ctx.run, "note", bench_section_str(&conf->target, "note"));
	{
		char raw[4200];

		if (!bench_fmt(raw, sizeof(raw), "%s/raw", ctx.run_dir))
			trace_mkdir_p(raw);
	}

	run_stop = 0;
	run_ctx = &ctx;
	run_target = target;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = run_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	ret = target->open(&ctx, &priv);
	if (ret) {
		report_run_error_add(ctx.run, NULL, -1, "target %s: %s", target_name, strerror(-ret));
		status = run_stop ? REPORT_RUN_INCOMPLETE : REPORT_RUN_FAILED;
		goto finish;
	}
	run_priv = priv;
	if (run_stop)
		target->interrupt(priv);
	fprintf(stderr, "smmubench run: %s: %u cells x (%d warm-up + %d runs) on %s -> %s\n",
		conf->path, cells.nr, warmup, repeat, target_name, ctx.run_dir);
	bench_progress_init(&prog, cells.nr, warmup + repeat);
	for (ci = 0; ci < cells.nr && !run_stop; ci++) {
		const struct bench_cell *cell = &cells.cell[ci];
		const char *design = cell->design >= 0 ? design_names[cell->design] : ctx.design;
		int rep;

		ret = report_run_cell_add(ctx.run, cell->name, design, cell->ops->name,
					  cell->params);
		if (ret) {
			fprintf(stderr, "smmubench run: cell %s: %s\n", cell->name, strerror(-ret));
			status = REPORT_RUN_FAILED;
			break;
		}
		for (rep = -warmup; rep < repeat && !run_stop; rep++) {
			if (progress) {
				char line[256];

				bench_progress_format(&prog, ci, rep, repeat, bench_now_ns(), line,
						      sizeof(line));
				fprintf(stderr, tty ? "\r\033[K%s  %s" : "%s  %s\n", line, cell->name);
			}
			ret = target->cell_run(&ctx, priv, cell, rep);
			prog.runs_done++;
			if (ret && !run_stop) {
				status = REPORT_RUN_FAILED;
				prog.runs_done += repeat - 1 - rep;
				break;	/* recorded in errors.jsonl; go on with the next cell */
			}
		}
		ret = target->cell_end(&ctx, priv, cell);
		if (ret) {
			fprintf(stderr, "smmubench run: %s: writing histograms: %s\n", cell->name,
				strerror(-ret));
			report_run_error_add(ctx.run, cell->name, -1, "writing histograms: %s",
					     strerror(-ret));
			status = REPORT_RUN_FAILED;
		}
	}
	if (progress && tty)
		fprintf(stderr, "\r\033[K");
	if (run_stop)
		status = REPORT_RUN_INCOMPLETE;
finish:
	run_priv = NULL;
	if (priv)
		target->close(&ctx, priv);
	ret = report_run_finish(ctx.run, status);
	snprintf(final_dir, sizeof(final_dir), "%s", report_run_dir(ctx.run));
	report_run_free(ctx.run);
	run_ctx = NULL;
	run_target = NULL;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	bench_cells_free(&cells);
	if (ret) {
		fprintf(stderr, "smmubench run: finishing %s: %s\n", final_dir, strerror(-ret));
		return 1;
	}
	if (status == REPORT_RUN_COMPLETE)
		summary_print(final_dir, stdout);
	printf("results: %s (%s)\n", final_dir, report_run_status_name(status));
	fflush(stdout);
	if (o->report && status != REPORT_RUN_INCOMPLETE && run_report(final_dir))
		return 1;
	return status == REPORT_RUN_COMPLETE ? 0 : status == REPORT_RUN_INCOMPLETE ? 130 : 1;
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

static int run_main(int argc, char **argv, const char *cmd)
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
	struct run_opts o = { .conf_path = "bench.conf", .repeat = -1, .warmup = -1 };
	struct bench_conf *conf;
	char *end;
	int opt, ret;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:l:r:w:nqh", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			o.results = optarg;
			break;
		case 'l':
			o.label = optarg;
			break;
		case 'r':
		case 'w':
			ret = strtol(optarg, &end, 10);
			if (*end || end == optarg || ret < (opt == 'r') || ret > 1000) {
				fprintf(stderr, "smmubench %s: --%s %s: expected a number in [%d, 1000]\n",
					cmd, opt == 'r' ? "repeat" : "warmup", optarg, opt == 'r');
				return 2;
			}
			if (opt == 'r')
				o.repeat = ret;
			else
				o.warmup = ret;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'K':
			keys_print(stdout);
			return 0;
		case 'R':
			o.report = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			run_usage(stdout, cmd);
			return 0;
		default:
			run_usage(stderr, cmd);
			return 2;
		}
	}
	if (!strcmp(cmd, "sweep")) {
		if (optind >= argc) {
			fprintf(stderr, "smmubench sweep: which sweep? 'smmubench sweep NAME [bench.conf]'\n");
			return 2;
		}
		o.only_sweep = argv[optind++];
	}
	if (optind < argc)
		o.conf_path = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "smmubench %s: unexpected argument '%s'\n", cmd, argv[optind]);
		return 2;
	}
	if (o.label) {
		/* the rule of [global] label, from its key */
		const struct bench_key *k = bench_global_keys;
		char why[256];
		int64_t unused;

		while (strcmp(k->name, "label"))
			k++;
		if (!*o.label) {
			fprintf(stderr, "smmubench %s: --label: empty; give a name\n", cmd);
			return 2;
		}
		if (bench_key_parse(k, o.label, &unused, why, sizeof(why))) {
			fprintf(stderr, "smmubench %s: --label: %s\n", cmd, why);
			return 2;
		}
	}
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
