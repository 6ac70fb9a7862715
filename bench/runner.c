// SPDX-License-Identifier: GPL-2.0
/*
 * The runner (runner.h): expand bench.conf's cells, run each on the target
 * in one collection window per repetition, and store everything through
 * the results store.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "runner.h"
#include "run.h"
#include "trace.h"

/* What the signal handler needs: the only globals of the runner, one run at a time. */
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

/* One run in progress. */
struct runner {
	const struct bench_conf *conf;
	const struct bench_runner_opts *o;
	const struct bench_target_ops *target;
	const char *target_name;
	struct bench_cells cells;
	struct bench_ctx ctx;
	struct bench_progress prog;
	int repeat, warmup;
	bool progress, tty;
	void *priv;
	enum report_run_status status;
	struct sigaction old_int, old_term;
};

void bench_runner_opts_init(struct bench_runner_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->repeat = -1;
	o->warmup = -1;
}

static void runner_settings(struct runner *r, const struct bench_conf *conf,
			    const struct bench_runner_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->conf = conf;
	r->o = o;
	r->target_name = bench_section_str(&conf->target, "type");
	r->target = bench_target_find(r->target_name);
	r->repeat = o->repeat >= 0 ? o->repeat : bench_section_num(&conf->global, "repeat");
	r->warmup = o->warmup >= 0 ? o->warmup : bench_section_num(&conf->global, "warmup");
	r->progress = !o->quiet && bench_section_num(&conf->global, "progress");
	r->tty = isatty(STDERR_FILENO);
	r->status = REPORT_RUN_COMPLETE;
}

/* The cells of the run, the reason on stderr when there are none to run. */
static int runner_cells(struct runner *r)
{
	int ret = bench_cells_expand(r->conf, r->o->only_sweep, false, &r->cells);

	if (ret == -ENOENT)
		fprintf(stderr, "smmubench sweep: %s has no [sweep %s]\n", r->conf->path,
			r->o->only_sweep);
	else if (ret)
		fprintf(stderr, "smmubench run: expanding the cells of %s: %s\n", r->conf->path,
			strerror(-ret));
	return ret;
}

int bench_runner_cells_print(const struct bench_conf *conf, const struct bench_runner_opts *o,
			     FILE *f)
{
	struct runner r;
	unsigned int ci;
	int ret;

	runner_settings(&r, conf, o);
	ret = runner_cells(&r);
	if (ret)
		return ret;
	fprintf(f, "# %u cells x (%d warm-up + %d runs) on target %s\n", r.cells.nr, r.warmup,
		r.repeat, r.target_name);
	for (ci = 0; ci < r.cells.nr; ci++)
		fprintf(f, "%-48s %s\n", r.cells.cell[ci].name, r.cells.cell[ci].params);
	bench_cells_free(&r.cells);
	return 0;
}

/* The run directory with meta.json's fields, the note and raw/. */
static int runner_run_create(struct runner *r)
{
	const struct bench_conf *conf = r->conf;
	const struct bench_val *designs = bench_section_val(&conf->model, "designs");
	const char *results = r->o->results ?: bench_section_str(&conf->global, "results");
	const char *profile = bench_section_str(&conf->model, "profile");
	bool model = !strcmp(r->target_name, "model");
	struct report_run_info info = { 0 };
	char designs_text[128] = "", raw[4200];
	unsigned int i;
	int ret;

	for (i = 0; i < designs->nr; i++) {
		size_t l = strlen(designs_text);

		snprintf(designs_text + l, sizeof(designs_text) - l, "%s%s", i ? "," : "",
			 designs->str[i]);
	}
	info.label = r->o->label ?: bench_section_str(&conf->global, "label");
	info.target = r->target_name;
	info.designs = model ? designs_text : NULL;
	info.profile = model ? (profile[0] ? profile : "morello") : NULL;
	info.conf_path = conf->path;
	info.conf_text = conf->text;
	r->ctx.run = report_run_create(results, &info);
	if (!r->ctx.run) {
		ret = errno ? -errno : -EIO;
		fprintf(stderr, "smmubench run: creating the run directory under %s: %s\n", results,
			strerror(-ret));
		return ret;
	}
	snprintf(r->ctx.run_dir, sizeof(r->ctx.run_dir), "%s", report_run_dir(r->ctx.run));
	if (*bench_section_str(&conf->target, "note"))
		report_run_meta_set(r->ctx.run, "note", bench_section_str(&conf->target, "note"));
	/* what ran, after --repeat/--warmup: the methods section states these */
	if (!fmt_buf(raw, sizeof(raw), "%d", r->repeat))
		report_run_meta_set(r->ctx.run, "repeat", raw);
	if (!fmt_buf(raw, sizeof(raw), "%d", r->warmup))
		report_run_meta_set(r->ctx.run, "warmup", raw);
	if (!fmt_buf(raw, sizeof(raw), "%s/raw", r->ctx.run_dir))
		dir_make_p(raw);
	return 0;
}

static void runner_signals(struct runner *r, bool on)
{
	struct sigaction sa;

	if (!on) {
		run_ctx = NULL;
		run_target = NULL;
		sigaction(SIGINT, &r->old_int, NULL);
		sigaction(SIGTERM, &r->old_term, NULL);
		return;
	}
	run_stop = 0;
	run_ctx = &r->ctx;
	run_target = r->target;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = run_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &r->old_int);
	sigaction(SIGTERM, &sa, &r->old_term);
}

/* Warm-ups, measured runs and histograms of cell CI; false: stop the run. */
static bool runner_cell(struct runner *r, unsigned int ci)
{
	const struct bench_cell *cell = &r->cells.cell[ci];
	const char *design = cell->design >= 0 ? model_design_name(cell->design) : r->ctx.design;
	int rep, ret;

	ret = report_run_cell_add(r->ctx.run, cell->name, design, cell->ops->name, cell->params);
	if (ret) {
		fprintf(stderr, "smmubench run: cell %s: %s\n", cell->name, strerror(-ret));
		r->status = REPORT_RUN_FAILED;
		return false;
	}
	for (rep = -r->warmup; rep < r->repeat && !run_stop; rep++) {
		if (r->progress) {
			char line[256];

			bench_progress_format(&r->prog, ci, rep, r->repeat, bench_now_ns(), line,
					      sizeof(line));
			fprintf(stderr, r->tty ? "\r\033[K%s  %s" : "%s  %s\n", line, cell->name);
		}
		ret = r->target->cell_run(&r->ctx, r->priv, cell, rep);
		r->prog.runs_done++;
		if (ret && !run_stop) {
			r->status = REPORT_RUN_FAILED;
			r->prog.runs_done += r->repeat - 1 - rep;
			break;	/* recorded in errors.jsonl; go on with the next cell */
		}
	}
	ret = r->target->cell_end(&r->ctx, r->priv, cell);
	if (ret) {
		fprintf(stderr, "smmubench run: %s: writing histograms: %s\n", cell->name,
			strerror(-ret));
		report_run_error_add(r->ctx.run, cell->name, -1, "writing histograms: %s",
				     strerror(-ret));
		r->status = REPORT_RUN_FAILED;
	}
	return true;
}

/* Open the target and run every cell; r->status says how it went. */
static void runner_cells_run(struct runner *r)
{
	unsigned int ci;
	int ret;

	ret = r->target->open(&r->ctx, &r->priv);
	if (ret) {
		report_run_error_add(r->ctx.run, NULL, -1, "target %s: %s", r->target_name,
				     strerror(-ret));
		r->status = run_stop ? REPORT_RUN_INCOMPLETE : REPORT_RUN_FAILED;
		return;
	}
	run_priv = r->priv;
	if (run_stop)
		r->target->interrupt(r->priv);
	fprintf(stderr, "smmubench run: %s: %u cells x (%d warm-up + %d runs) on %s -> %s\n",
		r->conf->path, r->cells.nr, r->warmup, r->repeat, r->target_name, r->ctx.run_dir);
	bench_progress_init(&r->prog, r->cells.nr, r->warmup + r->repeat);
	for (ci = 0; ci < r->cells.nr && !run_stop; ci++)
		if (!runner_cell(r, ci))
			break;
	if (r->progress && r->tty)
		fprintf(stderr, "\r\033[K");
	if (run_stop)
		r->status = REPORT_RUN_INCOMPLETE;
}

int bench_runner_run(const struct bench_conf *conf, const struct bench_runner_opts *o,
		     struct bench_runner_result *res)
{
	struct runner r;
	int ret;

	memset(res, 0, sizeof(*res));
	runner_settings(&r, conf, o);
	ret = runner_cells(&r);
	if (ret)
		return ret;
	r.ctx.conf = conf;
	r.ctx.stop = &run_stop;
	r.ctx.warmup = r.warmup;
	r.ctx.log = stderr;
	ret = runner_run_create(&r);
	if (ret) {
		bench_cells_free(&r.cells);
		return ret;
	}
	runner_signals(&r, true);
	runner_cells_run(&r);
	run_priv = NULL;
	if (r.priv)
		r.target->close(&r.ctx, r.priv);
	ret = report_run_finish(r.ctx.run, r.status);
	snprintf(res->run_dir, sizeof(res->run_dir), "%s", report_run_dir(r.ctx.run));
	res->status = r.status;
	report_run_free(r.ctx.run);
	runner_signals(&r, false);
	bench_cells_free(&r.cells);
	if (ret)
		fprintf(stderr, "smmubench run: finishing %s: %s\n", res->run_dir, strerror(-ret));
	return ret;
}

/* The centre over repetitions of (cell, op, metric), by reports/' one rule; NAN when absent. */
static double rows_center(const struct report_rundata *rd, const char *cell, const char *op,
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
	return report_stats_center(*unit, v, n);
}

/* A short table of the headline figures, until `smmubench report` renders the run. */
void bench_runner_summary_print(const char *dir, FILE *f)
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
	fprintf(f, "# over repetitions: medians, harmonic means for rates\n");
	for (c = 0; c < rd->nr_cells; c++) {
		fprintf(f, "%-44s", rd->cells[c].name);
		for (h = 0; h < ARRAY_SIZE(heads); h++) {
			const char *unit = "";
			double v = rows_center(rd, rd->cells[c].name, heads[h].op, heads[h].metric,
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

/* `smmubench report -o OUT RUN_DIR` */
static int runner_report_write(const char *out, const char *run_dir)
{
	const char *dirs[] = { run_dir };
	struct report_opts o = { .output = out, .run_dirs = dirs, .nr_run_dirs = 1 };

	return report_build(&o);
}

int bench_runner_report_write(const char *run_dir)
{
	char out[4200], dir[4096];
	const char *slash = strrchr(run_dir, '/');
	int ret;

	if (fmt_buf(dir, sizeof(dir), "%s", run_dir))
		return -ENAMETOOLONG;
	if (slash)
		ret = fmt_buf(out, sizeof(out), "%.*s/report-%s", (int)(slash - run_dir), run_dir,
				slash + 1);
	else
		ret = fmt_buf(out, sizeof(out), "report-%s", run_dir);
	if (ret)
		return ret;
	ret = runner_report_write(out, dir);
	if (ret) {
		fprintf(stderr, "smmubench run: the report of %s failed (status %d)\n", run_dir, ret);
		return -EIO;
	}
	printf("report: %s/index.html (and report.md)\n", out);
	return 0;
}
