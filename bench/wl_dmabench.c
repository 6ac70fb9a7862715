// SPDX-License-Identifier: GPL-2.0
/*
 * Workload dmabench: the kernel's dma_map_benchmark. On hw it binds the
 * configured device to dma_map_benchmark and runs the debugfs ioctl; on the
 * model it runs the model's dmabench with the same keys.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "dmabench_hw.h"
#include "reports.h"
#include "run.h"
#include "workload.h"

static const struct bench_key dmabench_keys[] = {
	{ "matrix", BENCH_KEY_BOOL, "", "1", false, 0, 1, NULL,
	  "run this workload's cells in the main matrix; 0 = only at the points of the sweeps that list it" },
	{ "threads", BENCH_KEY_INT, "threads", "1", true, 1, BENCH_DMA_MAP_MAX_THREADS, NULL,
	  "kthreads mapping and unmapping in parallel (dma_map_benchmark -t)" },
	{ "granule", BENCH_KEY_INT, "pages", "1", true, 1, MODEL_DMABENCH_MAX_GRANULE, NULL,
	  "pages of 4 KiB per map call (-g): 1 = 4K, 256 = 1M" },
	{ "duration_ms", BENCH_KEY_INT, "ms", "1000", false, 1, BENCH_DMA_MAP_MAX_SECONDS * 1000,
	  NULL, "run time; hw rounds up to whole seconds (the ioctl takes seconds), model: virtual time" },
	{ "dma_dir", BENCH_KEY_ENUM, "", "bidirectional", false, 0, 0,
	  "bidirectional,to_device,from_device", "DMA direction (-d 0/1/2)" },
	{ "dma_bits", BENCH_KEY_INT, "bits", "32", false, 20, 64, NULL, "DMA mask width (-b)" },
	{ "node", BENCH_KEY_INT, "", "-1", false, -1, 1023, NULL, "NUMA node of the threads, -1 = any (-n)" },
	{ "dma_trans_ns", BENCH_KEY_INT, "ns", "0", false, 0, BENCH_DMA_MAP_MAX_TRANS_NS, NULL,
	  "simulated transfer time between map and unmap (-x)" },
	{ "map_mode", BENCH_KEY_ENUM, "", "single", false, 0, 0, "single,sg",
	  "dma_map_single, or dma_map_sg of 4 KiB entries (kernels with map_mode)" },
	{ "device", BENCH_KEY_STR, "", "", false, 0, 0, NULL,
	  "hw: the device to bind to dma_map_benchmark (PCI address or sysfs path); restored after" },
	{ "debugfs", BENCH_KEY_STR, "path", BENCH_DMABENCH_DEBUGFS, false, 0, 0, NULL,
	  "hw: the dma_map_benchmark debugfs file" },
};

static int dmabench_model_setup(const struct bench_cell *cell, struct model_config *cfg,
				char *err, size_t err_len)
{
	cfg->workload = MODEL_WL_DMABENCH;
	cfg->dmabench.threads = bench_cell_num(cell, "threads");
	cfg->dmabench.granule_pages = bench_cell_num(cell, "granule");
	cfg->dmabench.dma_trans_ns = bench_cell_num(cell, "dma_trans_ns");
	cfg->dmabench.duration_ns = (uint64_t)bench_cell_num(cell, "duration_ms") * 1000000ull;
	cfg->dmabench.sg = bench_cell_num(cell, "map_mode") == 1;
	cfg->dmabench.dir_from_device = bench_cell_num(cell, "dma_dir") == 2;
	return 0;
}

static int dmabench_model_check(const struct bench_key *key, const char *text, int64_t value,
				const struct bench_model_limits *lim, char *why, size_t why_len)
{
	/* granule's range is the key's (MODEL_DMABENCH_MAX_GRANULE) */
	if (!strcmp(key->name, "threads") && value > lim->nr_cpus) {
		snprintf(why, why_len, "%s is more than the %u simulated CPU%s (%s); the model runs one thread per CPU",
			 text, lim->nr_cpus, lim->nr_cpus == 1 ? "" : "s", lim->cpus_from);
		return -EINVAL;
	}
	return 0;
}

static int metric(struct bench_ctx *ctx, const struct bench_cell *cell, int rep, const char *op,
		  const char *name, const char *unit, double v, uint64_t n)
{
	struct report_metric m = { .cell = cell->name, .rep = rep, .op = op, .metric = name,
				   .unit = unit, .value = v, .n = n };

	return report_run_metric_add(ctx->run, &m);
}

/* The figures dma_map_benchmark itself prints (100 ns units), in ns. */
static int dmabench_tool_metrics(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
				 uint64_t map_100ns, uint64_t map_sd, uint64_t unmap_100ns,
				 uint64_t unmap_sd, uint64_t n_map, uint64_t n_unmap)
{
	int ret;

	ret = metric(ctx, cell, rep, "map", "tool_mean", "ns", map_100ns * 100.0, n_map);
	ret = ret ?: metric(ctx, cell, rep, "map", "tool_stddev", "ns", map_sd * 100.0, n_map);
	ret = ret ?: metric(ctx, cell, rep, "unmap", "tool_mean", "ns", unmap_100ns * 100.0,
			    n_unmap);
	ret = ret ?: metric(ctx, cell, rep, "unmap", "tool_stddev", "ns", unmap_sd * 100.0,
			    n_unmap);
	return ret;
}

static int dmabench_model_report(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
				 const struct model_results *res)
{
	return dmabench_tool_metrics(ctx, cell, rep, res->avg_map_100ns, res->map_stddev_100ns,
				     res->avg_unmap_100ns, res->unmap_stddev_100ns,
				     res->ops[MODEL_OP_MAP].count, res->ops[MODEL_OP_UNMAP].count);
}

static int dmabench_hw_prepare(struct bench_ctx *ctx, const struct bench_cell *cell, void **state)
{
	struct bench_dmabench_bind *b;
	const char *dev = bench_cell_str(cell, "device");
	char err[512];
	int ret;

	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	*state = b;
	if (!dev || !*dev) {
		/* a device someone bound already is fine: the debugfs file exists */
		if (!access(bench_cell_str(cell, "debugfs"), F_OK))
			return 0;
		fprintf(stderr, "smmubench run: [workload %s] device: not set and %s does not exist; set device = <PCI address> (see 'smmubench check')\n",
			cell->wl->name, bench_cell_str(cell, "debugfs"));
		report_run_error_add(ctx->run, cell->name, -1,
				     "no device set and %s does not exist (no dma_map_benchmark)",
				     bench_cell_str(cell, "debugfs"));
		return -EINVAL;
	}
	ret = bench_dmabench_bind("/sys", dev, b, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "smmubench run: [workload %s] device: %s\n", cell->wl->name, err);
		report_run_error_add(ctx->run, cell->name, -1, "bind %s: %s", dev, err);
	}
	return ret;
}

static int dmabench_hw_run(struct bench_ctx *ctx, const struct bench_cell *cell, int rep,
			   void *state)
{
	struct bench_map_benchmark mb;
	char err[512];
	int ret;

	memset(&mb, 0, sizeof(mb));
	mb.threads = bench_cell_num(cell, "threads");
	mb.seconds = (bench_cell_num(cell, "duration_ms") + 999) / 1000;
	mb.node = bench_cell_num(cell, "node");
	mb.dma_bits = bench_cell_num(cell, "dma_bits");
	mb.dma_dir = bench_cell_num(cell, "dma_dir");	/* choices in DMA_MAP_* order */
	mb.dma_trans_ns = bench_cell_num(cell, "dma_trans_ns");
	mb.granule = bench_cell_num(cell, "granule");
	mb.map_mode = bench_cell_num(cell, "map_mode");
	ret = bench_dmabench_ioctl(bench_cell_str(cell, "debugfs"), &mb, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "smmubench run: %s: %s\n", cell->name, err);
		report_run_error_add(ctx->run, cell->name, rep, "%s", err);
		return ret;
	}
	if (rep < 0)
		return 0;
	return dmabench_tool_metrics(ctx, cell, rep, mb.avg_map_100ns, mb.map_stddev,
				     mb.avg_unmap_100ns, mb.unmap_stddev, 0, 0);
}

static void dmabench_hw_cleanup(struct bench_ctx *ctx, void *state)
{
	struct bench_dmabench_bind *b = state;
	char err[512];

	if (!b)
		return;
	if (bench_dmabench_unbind(b, err, sizeof(err))) {
		fprintf(stderr, "smmubench run: restoring %s: %s\n", b->dev_name, err);
		if (ctx->run)
			report_run_error_add(ctx->run, NULL, -1, "restore %s: %s", b->dev_name, err);
	}
	free(b);
}

const struct bench_workload_ops bench_workload_dmabench = {
	.name = "dmabench",
	.summary = "dma_map_benchmark: map/unmap latency per call (kernel debugfs ioctl, or the model)",
	.keys = dmabench_keys,
	.nr_keys = ARRAY_SIZE(dmabench_keys),
	.model_check = dmabench_model_check,
	.model_setup = dmabench_model_setup,
	.model_report = dmabench_model_report,
	.hw_prepare = dmabench_hw_prepare,
	.hw_run = dmabench_hw_run,
	.hw_cleanup = dmabench_hw_cleanup,
};
