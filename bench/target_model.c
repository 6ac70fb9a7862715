// SPDX-License-Identifier: GPL-2.0
/*
 * Target model: each run executes one design of bench/model in virtual
 * time; the model writes its EL2 events into a tracefs-remote-like
 * directory, which the collector reads through the same "raw:" source as a
 * board's. The model's own counters are recorded beside the collector's
 * figures so each can be checked against the other.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "hist.h"
#include "common.h"
#include "hypev_hist.h"
#include "model.h"
#include "reports.h"
#include "run.h"
#include "trace.h"

struct model_priv {
	struct bench_hists hists;
	char tmp[PATH_MAX];		/* <run>/.model: the model's output, per run */
	struct trace_session *live;	/* for interrupt() */
};

static int model_open(struct bench_ctx *ctx, void **priv)
{
	struct model_priv *p = calloc(1, sizeof(*p));
	int ret;

	if (!p)
		return -ENOMEM;
	ret = fmt_buf(p->tmp, sizeof(p->tmp), "%s/.model", ctx->run_dir);
	if (!ret && mkdir(p->tmp, 0755) && errno != EEXIST)
		ret = -errno;
	if (ret) {
		fprintf(stderr, "smmubench run: %s: %s\n", p->tmp, strerror(-ret));
		free(p);
		return ret;
	}
	*priv = p;
	/* each run's directory is temporary; raw/<cell>/rep0 keeps a copy */
	report_run_source_add(ctx->run, "raw:model/host");
	report_run_source_add(ctx->run, "raw:model/remotes/hypervisor");
	return 0;
}

/*
 * The directories under DIR the collector reads as "raw:": its host/
 * instance (the iommu tracepoints and the host ops' probe pairs, which the
 * attribution by nesting needs) first, then the first laid out like a
 * remote with raw pages (per_cpu/cpu0/trace_pipe_raw): the model's
 * remotes/hypervisor/, or DIR itself. Host first: once its host ops are in,
 * the nesting matches each EL2 event as it comes and keeps none
 * (trace_nest_host_done()); EL2 first kept every hyp interval to the end.
 */
int bench_model_sources(const char *dir, char specs[][PATH_MAX + 8], int max)
{
	static const char *const subs[] = { "remotes/hypervisor", "hypervisor", "hyp", "." };
	char p[PATH_MAX];
	unsigned int i;
	int n = 0;

	if (max > 0 && !fmt_buf(p, sizeof(p), "%s/host/per_cpu/cpu0/trace_pipe_raw", dir) &&
	    !access(p, F_OK) && !fmt_buf(specs[n], sizeof(specs[0]), "raw:%s/host", dir))
		n++;
	for (i = 0; i < ARRAY_SIZE(subs) && n < max; i++) {
		if (fmt_buf(p, sizeof(p), "%s/%s/per_cpu/cpu0/trace_pipe_raw", dir, subs[i]) ||
		    access(p, F_OK))
			continue;
		if (!fmt_buf(specs[n], sizeof(specs[0]), "raw:%s/%s", dir, subs[i]))
			n++;
		break;
	}
	return n;
}

static int row(struct bench_ctx *ctx, const struct bench_cell *cell, int rep, const char *op,
	       const char *metric, const char *unit, double v, uint64_t n)
{
	struct report_metric m = { .cell = cell->name, .rep = rep, .op = op, .metric = metric,
				   .unit = unit, .value = v, .n = n };

	return report_run_metric_add(ctx->run, &m);
}

/*
 * The model's own attribution of host maps and unmaps (acct.c), beside the
 * collector's from the events (op "map.el1" ...): op "model.attr", metric
 * "<map|unmap>.<part>", the sum in ns, n = host ops. They must agree.
 */
static int model_attr_rows(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			   const struct model_results *res)
{
	static const char *const ops[2] = { "map", "unmap" };
	static const char *const parts[MODEL_NR_ATTR_PARTS] = {
		"el1", "transition", "el2", "smmu_wait",
	};
	char name[64];
	unsigned int o, p;
	int ret = 0;

	for (o = 0; o < 2 && !ret; o++)
		for (p = 0; p < MODEL_NR_ATTR_PARTS && !ret; p++) {
			snprintf(name, sizeof(name), "%s.%s", ops[o], parts[p]);
			ret = row(ctx, cell, rep, "model.attr", name, "ns", res->attr_ns[o][p],
				  res->attr_ops[o]);
		}
	return ret;
}

/* The model's own figures: per-op samples, counters, CPU split, safety. */
static int model_record(struct bench_ctx *ctx, struct model_priv *p,
			const struct bench_cell *cell, int rep, const struct model_results *res)
{
	const struct model_counts *k = &res->counts;
	const struct { const char *name; uint64_t v; } counts[] = {
		{ "map_calls", k->map_calls }, { "unmap_calls", k->unmap_calls },
		{ "pages_mapped", k->pages_mapped }, { "pages_unmapped", k->pages_unmapped },
		{ "cmds", k->cmds }, { "tlbi", k->tlbi }, { "syncs", k->syncs },
		{ "cfgi", k->cfgi }, { "hypercalls", k->hypercalls }, { "traps", k->traps },
		{ "cmdq_traps", k->cmdq_traps }, { "dropped", k->dropped },
		{ "ste_writes", k->ste_writes }, { "s2_changes", k->s2_changes },
		{ "dma_accesses", k->dma_accesses }, { "iotlb_hits", k->iotlb_hits },
		{ "iotlb_misses", k->iotlb_misses }, { "walk_reads", k->walk_reads },
		{ "faults", k->faults }, { "fq_flushes", k->fq_flushes },
		{ "ev_written", k->ev_written }, { "ev_lost", k->ev_lost },
		{ "host_events", k->host_events }, { "host_probes", k->host_probes },
		{ "stale_dma", res->nr_stale },
	};
	unsigned int i;
	int ret = 0;

	for (i = 0; i < MODEL_NR_OPS && !ret; i++) {
		const struct model_samples *smp = &res->samples[i];
		struct trace_hist *h, *acc;
		size_t j;

		if (!res->ops[i].count)
			continue;
		h = trace_hist_new();
		if (!h)
			return -ENOMEM;
		for (j = 0; j < smp->nr; j++)
			trace_hist_add(h, smp->dur_ns[j]);
		if (smp->nr)
			ret = bench_hist_metrics(ctx, cell->name, rep, model_op_name(i), "ns", h);
		else	/* no samples kept: the exact summary only */
			ret = row(ctx, cell, rep, model_op_name(i), "mean", "ns",
				  (double)res->ops[i].sum_ns / res->ops[i].count, res->ops[i].count);
		acc = bench_hists_get(&p->hists, model_op_name(i));
		if (!ret && acc)
			ret = trace_hist_merge(acc, h);
		trace_hist_free(h);
	}
	for (i = 0; i < ARRAY_SIZE(counts) && !ret; i++)
		ret = row(ctx, cell, rep, "model", counts[i].name, "count", counts[i].v, 0);
	for (i = 0; i < MODEL_NR_CPU_PARTS && !ret; i++)
		ret = row(ctx, cell, rep, "model.cpu", model_cpu_part_name(i), "ns", res->cpu_ns[i],
			  0);
	if (!ret)
		ret = row(ctx, cell, rep, "model", "virt_time", "ns", res->virt_ns, 0);
	ret = ret ?: model_attr_rows(ctx, cell, rep, res);
	/* derived figures the report knows (reports/README.md) */
	if (!ret && k->unmap_calls)
		ret = row(ctx, cell, rep, "unmap", "syncs_per_unmap", "count",
			  (double)k->syncs / k->unmap_calls, k->unmap_calls);
	for (i = 0; i < MODEL_NR_OPS && !ret && res->virt_ns; i++)
		if (res->ops[i].count)
			ret = row(ctx, cell, rep, model_op_name(i), "rate", "ops/s",
				  res->ops[i].count * 1e9 / res->virt_ns, res->ops[i].count);
	for (i = 0; i < MODEL_NR_CPU_PARTS && !ret && res->ios; i++)
		ret = row(ctx, cell, rep, model_cpu_part_name(i), "cost_per_io", "ns",
			  (double)res->cpu_ns[i] / res->ios, res->ios);
	if (!ret)
		ret = row(ctx, cell, rep, "model", "prediction", "bool", res->prediction, 0);
	if (!ret && res->oracle.on) {
		const struct model_oracle_results *o = &res->oracle;

		ret = row(ctx, cell, rep, "oracle", "safe", "bool", model_results_safe(res), 0);
		ret = ret ?: row(ctx, cell, rep, "oracle", "window_max", "ns", o->window_max_ns, 0);
		ret = ret ?: row(ctx, cell, rep, "oracle", "window_p50", "ns", o->window_p50_ns, 0);
		ret = ret ?: row(ctx, cell, rep, "oracle", "window_p99", "ns", o->window_p99_ns, 0);
		ret = ret ?: row(ctx, cell, rep, "oracle", "exposed", "bytes", o->exposed_bytes, 0);
	}
	if (!ret && !model_results_safe(res))
		ret = report_run_error_add(ctx->run, cell->name, rep, "UNSAFE: %s",
					   res->stale_report);
	if (!ret)
		ret = cell->ops->model_report(ctx, cell, rep, res);
	return ret;
}

int bench_model_config_fill(const struct bench_conf *conf, const struct bench_cell *cell,
			    struct model_config *cfg, char *err, size_t err_len)
{
	const char *profile = bench_section_str(&conf->model, "profile");

	model_config_init(cfg);
	cfg->design = (enum model_design_id)cell->design;
	if (profile && *profile)
		cfg->profile = profile;
	cfg->nr_cpus = bench_cell_model_num(conf, cell, "cpus");
	cfg->seed = bench_cell_model_num(conf, cell, "seed");
	cfg->knobs.cmds_per_sync = bench_cell_model_num(conf, cell, "cmds_per_sync");
	cfg->knobs.ril = bench_cell_model_num(conf, cell, "ril") - 1;	/* profile,off,on */
	cfg->knobs.lazy = bench_cell_model_num(conf, cell, "lazy");
	cfg->knobs.fq_size = bench_cell_model_num(conf, cell, "fq_size");
	cfg->knobs.fq_timeout_ns = bench_cell_model_num(conf, cell, "fq_timeout_ns");
	cfg->knobs.map_sg = bench_cell_model_num(conf, cell, "map_sg");
	cfg->knobs.cons_polls = bench_cell_model_num(conf, cell, "cons_polls");
	cfg->knobs.nested_drain = bench_cell_model_num(conf, cell, "nested_drain");	/* prod,sync */
	cfg->knobs.el2_wait = bench_cell_model_num(conf, cell, "el2_wait");	/* poll,wfe */
	cfg->knobs.iotlb_entries = bench_cell_model_num(conf, cell, "iotlb_entries");
	cfg->events = true;
	cfg->hyp_mode = bench_cell_model_num(conf, cell, "hyp_events");	/* per-event,hist,off */
	cfg->keep_samples = true;
	/* a sweep varies a policy: its table says whether each point is safe */
	cfg->oracle = cell->sweep || bench_cell_model_num(conf, cell, "oracle");
	return cell->ops->model_setup(cell, cfg, err, err_len);
}

/*
 * The collection window over the event directories the model wrote under
 * OUT: the model's recorded pages are read to EOF at stop. 0 with the
 * session in *S, or -errno with the reason in ERR.
 */
static int model_collect(struct model_priv *p, const char *out, struct trace_session **s,
			 char *err, size_t err_len)
{
	char specs[4][PATH_MAX + 8];
	const char *srcs[5] = { NULL };
	struct trace_opts opts = { 0 };
	int ret, n, i;

	*s = NULL;
	n = bench_model_sources(out, specs, 4);
	if (n <= 0) {
		snprintf(err, err_len, "the model wrote no per_cpu/ directory under %.1000s", out);
		return n ?: -ENOENT;
	}
	for (i = 0; i < n; i++)
		srcs[i] = specs[i];
	opts.sources = srcs;
	*s = trace_session_open(&opts);
	if (!*s) {
		ret = -errno;
		snprintf(err, err_len, "collector on %.1000s: %s", out, strerror(-ret));
		return ret;
	}
	p->live = *s;
	ret = trace_session_start(*s);
	if (!ret)
		ret = trace_session_stop(*s);
	p->live = NULL;
	if (ret)
		snprintf(err, err_len, "collector on %.1000s: %s", out, strerror(-ret));
	return ret;
}

/*
 * A measured run into the results (and raw/ as keep_raw says), its sources
 * under OUT named model/...; 0 or -errno with ERR.
 */
static int model_keep(struct bench_ctx *ctx, struct model_priv *p, const struct bench_cell *cell,
		      int rep, struct trace_session *s, const struct model_results *res,
		      const char *out, char *err, size_t err_len)
{
	int keep = bench_section_num(&ctx->conf->target, "keep_raw");
	char raw[PATH_MAX];
	int ret;

	ret = bench_collect_record(ctx, cell, rep, s, &p->hists, out, "model");
	ret = ret ?: model_record(ctx, p, cell, rep, res);
	if (ret) {
		/* a full disk fails here: say so, errors.jsonl may not take it */
		snprintf(err, err_len, "recording the run in %.1000s: %s", ctx->run_dir,
			 strerror(-ret));
		return ret;
	}
	if (keep != 2 && (keep != 1 || rep != 0))
		return 0;
	ret = fmt_buf(raw, sizeof(raw), "%s/raw/%s/rep%d", ctx->run_dir, cell->name, rep);
	ret = ret ?: dir_make_p(raw);
	ret = ret ?: trace_session_write(s, raw);
	if (ret)
		snprintf(err, err_len, "keeping raw data in %.1000s: %s", raw, strerror(-ret));
	return ret;
}

/* Rows op <map|unmap|io>, metric METRIC: each op's p50 over RES's samples. */
static int observer_rows(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			 const struct model_results *res, const char *metric)
{
	unsigned int i;
	size_t j;
	int ret = 0;

	for (i = 0; i < MODEL_NR_OPS && !ret; i++) {
		const struct model_samples *smp = &res->samples[i];
		struct trace_hist *h;

		if (!smp->nr)
			continue;
		h = trace_hist_new();
		if (!h)
			return -ENOMEM;
		for (j = 0; j < smp->nr; j++)
			trace_hist_add(h, smp->dur_ns[j]);
		ret = row(ctx, cell, rep, model_op_name(i), metric, "ns",
			  trace_hist_percentile(h, 50), smp->nr);
		trace_hist_free(h);
	}
	return ret;
}

/*
 * The observer effect: the same cell and seed with the events off
 * (p50_events_off), EL2 per-event (p50_hyp_per_event) and EL2 aggregated
 * (p50_hyp_hist), every repetition with its own seed. The measured run
 * (MEASURED, in ON's mode) gives its own mode's row; the others run again.
 */
static int model_observer(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			  const struct model_config *on, const struct model_results *measured,
			  char *err, size_t err_len)
{
	static const struct {
		const char *metric;
		bool events;
		unsigned int mode;
	} modes[] = {
		{ "p50_events_off", false, HYPEV_MODE_OFF },
		{ "p50_hyp_per_event", true, HYPEV_MODE_PER_EVENT },
		{ "p50_hyp_hist", true, HYPEV_MODE_HIST },
	};
	struct model_config cfg;
	struct model_results res;
	unsigned int m;
	int ret = 0;

	for (m = 0; m < ARRAY_SIZE(modes) && !ret; m++) {
		if (modes[m].events && on->hyp_mode == modes[m].mode) {
			ret = observer_rows(ctx, cell, rep, measured, modes[m].metric);
			continue;
		}
		cfg = *on;
		cfg.events = modes[m].events;
		cfg.hyp_mode = modes[m].mode;
		cfg.out_dir = NULL;
		memset(&res, 0, sizeof(res));
		ret = model_run(&cfg, &res, err, err_len);
		ret = ret ?: observer_rows(ctx, cell, rep, &res, modes[m].metric);
		model_results_free(&res);
	}
	return ret;
}

static int model_cell_run(struct bench_ctx *ctx, void *priv, const struct bench_cell *cell,
			  int rep)
{
	struct model_priv *p = priv;
	char out[PATH_MAX] = "", err[2048];
	struct model_results res;
	struct model_config cfg;
	struct trace_session *s = NULL;
	int ret;

	memset(&res, 0, sizeof(res));
	ret = bench_model_config_fill(ctx->conf, cell, &cfg, err, sizeof(err));
	if (ret)
		goto fail;
	/* repetitions differ by seed; the same conf gives the same numbers */
	cfg.seed += rep < 0 ? 1000 + (uint64_t)-rep : (uint64_t)rep;
	ret = fmt_buf(out, sizeof(out), "%s/%s.%d", p->tmp, cell->name, rep);
	if (ret) {
		snprintf(err, sizeof(err), "output path too long");
		goto fail;
	}
	dir_remove_tree(out);
	cfg.out_dir = out;
	ret = model_run(&cfg, &res, err, sizeof(err));
	ret = ret ?: model_collect(p, out, &s, err, sizeof(err));
	if (!ret && rep >= 0)
		ret = model_keep(ctx, p, cell, rep, s, &res, out, err, sizeof(err));
	if (!ret && rep >= 0)
		ret = model_observer(ctx, cell, rep, &cfg, &res, err, sizeof(err));
	if (ret)
		goto fail;
	trace_session_free(s);
	model_results_free(&res);
	dir_remove_tree(out);
	return ret;
fail:
	if (s)
		trace_session_free(s);
	model_results_free(&res);
	if (out[0])
		dir_remove_tree(out);
	fprintf(stderr, "smmubench run: %s: %s\n", cell->name, err);
	report_run_error_add(ctx->run, cell->name, rep, "%s", err);
	return ret;
}

static int model_cell_end(struct bench_ctx *ctx, void *priv, const struct bench_cell *cell)
{
	struct model_priv *p = priv;

	return bench_hists_flush(ctx, cell->name, &p->hists);
}

static void model_interrupt(void *priv)
{
	struct model_priv *p = priv;

	if (p && p->live)
		trace_session_interrupt(p->live);
}

static void model_close(struct bench_ctx *ctx, void *priv)
{
	struct model_priv *p = priv;

	if (!p)
		return;
	bench_hists_free(&p->hists);
	dir_remove_tree(p->tmp);
	free(p);
}

const struct bench_target_ops bench_target_model = {
	.name = "model",
	.open = model_open,
	.cell_run = model_cell_run,
	.cell_end = model_cell_end,
	.interrupt = model_interrupt,
	.close = model_close,
};
