// SPDX-License-Identifier: GPL-2.0
/*
 * Target hw: the running kernel. One run = one collection window over every
 * source (host instance, the hypervisor remote when there is one), perf stat
 * alongside when asked, the workload inside. Sweep points on hw write a
 * sysfs/debugfs/module-parameter file, restored after the cell.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "check.h"
#include "collect.h"
#include "perf_stat.h"
#include "reports.h"
#include "run.h"
#include "trace.h"

#define HW_MAX_SPECS 8
#define HW_MAX_EVENTS 32

struct hw_priv {
	struct bench_check chk;
	char specs[HW_MAX_SPECS][PATH_MAX + 16];
	unsigned int nr_specs;
	char hv_events[HW_MAX_EVENTS][64];	/* hypervisor:smmu_* found */
	unsigned int nr_hv_events;
	struct bench_hists hists;
	const struct bench_cell *cur;		/* the cell prepared */
	void *wl_state;
	char sweep_path[PATH_MAX];		/* written for the current cell */
	char sweep_orig[512];
	struct trace_session *live;
	bool auto_sources;			/* [target] sources = auto */
};

static int hw_open(struct bench_ctx *ctx, void **priv)
{
	const struct bench_conf *conf = ctx->conf;
	const struct bench_val *src = bench_section_val(&conf->target, "sources");
	const char *design = bench_section_str(&conf->target, "design");
	struct hw_priv *p = calloc(1, sizeof(*p));
	unsigned int i;

	if (!p)
		return -ENOMEM;
	bench_check_probe(&p->chk, NULL);
	if (!p->chk.tracefs[0]) {
		fprintf(stderr, "smmubench run: tracefs is not mounted: mount -t tracefs nodev /sys/kernel/tracing (see 'smmubench check')\n");
		free(p);
		return -ENOENT;
	}
	if (!strcmp(design, "auto")) {
		design = p->chk.design;
		if (!strcmp(design, "ambiguous")) {
			fprintf(stderr, "smmubench run: the hypervisor has both paravirt and nested smmu events: set [target] design\n");
			free(p);
			return -EINVAL;
		}
	}
	report_run_meta_set(ctx->run, "design", design);
	/* what was measured, as the model target lists its designs */
	report_run_designs_set(ctx->run, design);
	snprintf(ctx->design, sizeof(ctx->design), "%s", design);
	if (src->nr == 1 && !strcmp(src->str[0], "auto")) {
		p->auto_sources = true;
		snprintf(p->specs[p->nr_specs++], sizeof(p->specs[0]), "host");
		if (p->chk.hv != BENCH_HV_NONE)
			fmt_buf(p->specs[p->nr_specs++], sizeof(p->specs[0]), "%s:%s",
				  p->chk.hv == BENCH_HV_REMOTE && !p->chk.hv_raw ? "remote" : "raw",
				  p->chk.hv_dir);
	} else {
		for (i = 0; i < src->nr && i < HW_MAX_SPECS; i++)
			fmt_buf(p->specs[p->nr_specs++], sizeof(p->specs[0]), "%s", src->str[i]);
	}
	for (i = 0; i < p->nr_specs; i++)
		report_run_source_add(ctx->run, p->specs[i]);
	if (p->chk.hv != BENCH_HV_NONE) {
		static const char *const smmu[] = { "smmu_map", "smmu_map_sg", "smmu_unmap", "smmu_tlbi",
			"smmu_sync", "smmu_cmdq_trap", "smmu_mmio_trap", "smmu_ste", "smmu_s2_idmap" };
		char path[PATH_MAX];

		for (i = 0; i < ARRAY_SIZE(smmu); i++)
			if (!fmt_buf(path, sizeof(path), "%s/events/hypervisor/%s", p->chk.hv_dir,
				       smmu[i]) && !access(path, F_OK))
				fmt_buf(p->hv_events[p->nr_hv_events++], sizeof(p->hv_events[0]),
					  "hypervisor:%s", smmu[i]);
	}
	*priv = p;
	return 0;
}

/* The events of CELL: [target] events, or auto (see bench/README.md). */
static unsigned int hw_events(struct bench_ctx *ctx, struct hw_priv *p,
			      const struct bench_cell *cell, const char **evs, unsigned int max)
{
	const struct bench_val *ev = bench_section_val(&ctx->conf->target, "events");
	unsigned int n = 0, i;

	if (!(ev->nr == 1 && !strcmp(ev->str[0], "auto"))) {
		for (i = 0; i < ev->nr && n < max; i++)
			evs[n++] = ev->str[i];
		return n;
	}
	for (i = 0; i < p->nr_hv_events && n < max; i++)
		evs[n++] = p->hv_events[i];
	if (cell->ops == &bench_workload_fio && p->chk.block_events && n + 2 <= max) {
		evs[n++] = "block:block_rq_issue";
		evs[n++] = "block:block_rq_complete";
	}
	if (cell->ops == &bench_workload_dmabench && p->chk.nr_groups && n + 2 <= max) {
		evs[n++] = "iommu:map";
		evs[n++] = "iommu:unmap";
	}
	return n;
}

static void hw_cell_release(struct bench_ctx *ctx, struct hw_priv *p)
{
	if (p->cur && p->cur->ops->hw_cleanup)
		p->cur->ops->hw_cleanup(ctx, p->wl_state);
	p->wl_state = NULL;
	p->cur = NULL;
	if (p->sweep_path[0]) {
		int ret = file_write_knob(p->sweep_path, p->sweep_orig);

		if (ret) {
			fprintf(stderr, "smmubench run: restoring %s to '%s': %s: write it back by hand\n",
				p->sweep_path, p->sweep_orig, strerror(-ret));
			report_run_error_add(ctx->run, NULL, -1, "restore %s: %s", p->sweep_path,
					     strerror(-ret));
		}
		p->sweep_path[0] = '\0';
	}
}

static int hw_cell_prepare(struct bench_ctx *ctx, struct hw_priv *p, const struct bench_cell *cell)
{
	const char *path = cell->sweep ? bench_section_str(cell->sweep, "path") : NULL;
	int ret;

	if (path && *path) {
		const char *v = bench_section_val(cell->sweep, "values")->str[cell->sweep_idx];

		ret = file_read_line(path, p->sweep_orig, sizeof(p->sweep_orig));
		if (ret) {
			fprintf(stderr, "smmubench run: [sweep %s] path: %s: %s\n", cell->sweep->name,
				path, strerror(-ret));
			report_run_error_add(ctx->run, cell->name, -1, "sweep read %s: %s", path,
					     strerror(-ret));
			return ret;
		}
		ret = fmt_buf(p->sweep_path, sizeof(p->sweep_path), "%s", path);
		ret = ret ?: file_write_knob(path, v);
		if (ret) {
			fprintf(stderr, "smmubench run: [sweep %s] writing '%s' to %s: %s\n",
				cell->sweep->name, v, path, strerror(-ret));
			report_run_error_add(ctx->run, cell->name, -1, "sweep write %s=%s: %s", path,
					     v, strerror(-ret));
			p->sweep_path[0] = '\0';
			return ret;
		}
	}
	p->cur = cell;
	if (cell->ops->hw_prepare)
		return cell->ops->hw_prepare(ctx, cell, &p->wl_state);
	return 0;
}

static int perf_record(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
		       const char *file)
{
	struct bench_perf_count cnt[32];
	char *text = file_read_text(file, NULL);
	int n, i, ret = 0;

	if (!text) {
		report_run_error_add(ctx->run, cell->name, rep, "perf stat wrote no %s", file);
		return 0;	/* a missing counter is recorded, the run still counts */
	}
	n = bench_perf_csv_parse(text, cnt, 32);
	free(text);
	for (i = 0; i < n && !ret; i++) {
		struct report_metric m = { .cell = cell->name, .rep = rep, .op = "perf",
					   .metric = cnt[i].event, .unit = cnt[i].unit,
					   .value = cnt[i].value, .n = 1 };

		if (!cnt[i].supported) {
			report_run_error_add(ctx->run, cell->name, rep,
					     "perf: %s not supported on this machine", cnt[i].event);
			continue;
		}
		ret = report_run_metric_add(ctx->run, &m);
	}
	return ret;
}

/*
 * The collection window of one run of CELL: its events and the sources
 * that have some, into SRCS and EVS (kept by the caller while the session
 * lives). *S is NULL when there is nothing to trace. 0 or -errno (recorded).
 */
static int hw_session_open(struct bench_ctx *ctx, struct hw_priv *p,
			   const struct bench_cell *cell, int rep, const char **srcs,
			   const char **evs, struct trace_session **s)
{
	struct trace_opts opts = { 0 };
	unsigned int i, n, nr_ev, nr_el2 = 0;
	int ret;

	*s = NULL;
	nr_ev = hw_events(ctx, p, cell, evs, HW_MAX_EVENTS);
	for (i = 0; i < nr_ev; i++)
		nr_el2 += !strncmp(evs[i], "hypervisor:", 11);
	for (i = 0, n = 0; i < p->nr_specs; i++) {
		/* auto sources: a source only when the cell has events for it */
		if (p->auto_sources && (!strcmp(p->specs[i], "host") ? nr_ev == nr_el2 : !nr_el2))
			continue;
		srcs[n++] = p->specs[i];
	}
	opts.sources = srcs;
	opts.events = evs;
	opts.buf_kb = bench_section_num(&ctx->conf->target, "buffer_kb");
	if (!n || !nr_ev) {
		/* nothing to trace (no remote, no IOMMU events): the workload's own figures only */
		if (rep == -ctx->warmup || (rep == 0 && !ctx->warmup))
			fprintf(ctx->log, "smmubench run: %s: no events to collect on this machine; running without a trace window\n",
				cell->name);
		return 0;
	}
	*s = trace_session_open(&opts);
	if (!*s) {
		ret = -errno;
		report_run_error_add(ctx->run, cell->name, rep, "collector: %s", strerror(-ret));
		return ret;
	}
	return 0;
}

/* `perf stat` of [global] perf_events around a measured run into FILE; its pid or 0. */
static pid_t hw_perf_start(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			   char *file, size_t file_len)
{
	const struct bench_val *perf_ev = bench_section_val(&ctx->conf->global, "perf_events");
	char list[512] = "", dir[PATH_MAX];
	unsigned int i;
	pid_t perf;

	if (!perf_ev->nr || rep < 0)
		return 0;
	for (i = 0; i < perf_ev->nr; i++) {
		size_t l = strlen(list);

		snprintf(list + l, sizeof(list) - l, "%s%s", i ? "," : "", perf_ev->str[i]);
	}
	fmt_buf(file, file_len, "%s/raw/%s/rep%d.perf.csv", ctx->run_dir, cell->name, rep);
	if (!fmt_buf(dir, sizeof(dir), "%s/raw/%s", ctx->run_dir, cell->name))
		dir_make_p(dir);
	perf = bench_perf_start(list, file);
	if (perf < 0) {
		report_run_error_add(ctx->run, cell->name, rep, "perf: %s", strerror(-perf));
		perf = 0;
	}
	return perf;
}

/* A measured run's events into the results (and raw/ as keep_raw says); 0 or -errno. */
static int hw_record(struct bench_ctx *ctx, struct hw_priv *p, const struct bench_cell *cell,
		     int rep, struct trace_session *s)
{
	int keep = bench_section_num(&ctx->conf->target, "keep_raw");
	char raw[PATH_MAX] = "";
	int ret;

	ret = bench_collect_record(ctx, cell, rep, s, &p->hists, NULL, NULL);
	if (!ret && (keep == 2 || (keep == 1 && rep == 0))) {
		ret = fmt_buf(raw, sizeof(raw), "%s/raw/%s/rep%d", ctx->run_dir, cell->name, rep);
		ret = ret ?: dir_make_p(raw);
		ret = ret ?: trace_session_write(s, raw);
	}
	if (ret) {
		/* a full disk fails here: say so, errors.jsonl may not take it */
		fprintf(stderr, "smmubench run: %s: %s %s: %s\n", cell->name,
			raw[0] ? "keeping raw data in" : "recording the run in",
			raw[0] ? raw : ctx->run_dir, strerror(-ret));
		report_run_error_add(ctx->run, cell->name, rep, "%s: %s",
				     raw[0] ? "keeping raw data" : "recording the run",
				     strerror(-ret));
	}
	return ret;
}

static int hw_cell_run(struct bench_ctx *ctx, void *priv, const struct bench_cell *cell, int rep)
{
	struct hw_priv *p = priv;
	const char *srcs[HW_MAX_SPECS + 1] = { NULL };
	const char *evs[HW_MAX_EVENTS + 1] = { NULL };
	char perf_file[PATH_MAX];
	struct trace_session *s;
	pid_t perf;
	int ret, wret;

	if (p->cur != cell) {
		hw_cell_release(ctx, p);
		ret = hw_cell_prepare(ctx, p, cell);
		if (ret) {
			hw_cell_release(ctx, p);
			return ret;
		}
	}
	ret = hw_session_open(ctx, p, cell, rep, srcs, evs, &s);
	if (ret)
		return ret;
	p->live = s;
	perf = hw_perf_start(ctx, cell, rep, perf_file, sizeof(perf_file));
	ret = s ? trace_session_start(s) : 0;
	if (ret) {
		report_run_error_add(ctx->run, cell->name, rep, "collector start: %s", strerror(-ret));
		goto out;
	}
	wret = cell->ops->hw_run(ctx, cell, rep, p->wl_state);
	ret = s ? trace_session_stop(s) : 0;
	if (perf) {
		bench_perf_stop(perf);
		perf = 0;
		if (!wret && rep >= 0)
			perf_record(ctx, cell, rep, perf_file);
	}
	if (wret) {
		ret = wret;
		goto out;
	}
	if (ret) {
		report_run_error_add(ctx->run, cell->name, rep, "collector stop: %s", strerror(-ret));
		goto out;
	}
	if (rep >= 0 && s)
		ret = hw_record(ctx, p, cell, rep, s);
out:
	if (perf)
		bench_perf_stop(perf);
	p->live = NULL;
	if (s)
		trace_session_free(s);
	return ret;
}

static int hw_cell_end(struct bench_ctx *ctx, void *priv, const struct bench_cell *cell)
{
	struct hw_priv *p = priv;

	hw_cell_release(ctx, p);
	return bench_hists_flush(ctx, cell->name, &p->hists);
}

static void hw_interrupt(void *priv)
{
	struct hw_priv *p = priv;

	if (p && p->live)
		trace_session_interrupt(p->live);
}

static void hw_close(struct bench_ctx *ctx, void *priv)
{
	struct hw_priv *p = priv;

	if (!p)
		return;
	hw_cell_release(ctx, p);
	bench_hists_free(&p->hists);
	free(p);
}

const struct bench_target_ops bench_target_hw = {
	.name = "hw",
	.open = hw_open,
	.cell_run = hw_cell_run,
	.cell_end = hw_cell_end,
	.interrupt = hw_interrupt,
	.close = hw_close,
};

const struct bench_target_ops *bench_target_find(const char *name)
{
	if (!strcmp(name, "model"))
		return &bench_target_model;
	if (!strcmp(name, "hw"))
		return &bench_target_hw;
	return NULL;
}
