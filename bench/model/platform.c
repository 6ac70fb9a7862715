// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated platform: model_run() builds it (memory, tables, SMMU),
 * attaches the device, runs the workload on the simulated CPUs, collects
 * results and writes the event directories.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hypev_hist.h"
#include "model_design.h"

#define MODEL_DRAM_BASE		0x80000000ULL	/* Morello/FVP DRAM starts at 2 GiB */
#define MODEL_DRAM_SIZE		(1ULL << 30)
#define MODEL_PT_POOL		(128ULL << 20)
#define MODEL_IOVA_BASE		0x10000000ULL
#define MODEL_IOVA_SIZE		(0xf0000000ULL)
#define MODEL_FQ_SIZE		256		/* dma-iommu.c IOVA_DEFAULT_FQ_SIZE */
#define MODEL_FQ_TIMEOUT_NS	10000000ULL	/* dma-iommu.c IOVA_DEFAULT_FQ_TIMEOUT, 10 ms */

static const char *const wl_names[] = { "dmabench", "block" };
static const char *const op_names[] = { "map", "unmap", "io" };
static const char *const part_names[] = { "map", "unmap", "tlbi", "sync", "trap", "hypercall" };
static const char *const rw_names[] = { "read", "write", "randread", "randwrite" };

const char *model_design_name(enum model_design_id d)
{
	return hypev_design_id_name(d);
}

const char *model_workload_name(enum model_workload_id w)
{
	return w < MODEL_NR_WORKLOADS ? wl_names[w] : "?";
}

const char *model_op_name(enum model_op op)
{
	return op < MODEL_NR_OPS ? op_names[op] : "?";
}

const char *model_cpu_part_name(enum model_cpu_part p)
{
	return p < MODEL_NR_CPU_PARTS ? part_names[p] : "?";
}

const char *model_rw_name(enum model_rw rw)
{
	return (unsigned int)rw < 4 ? rw_names[rw] : "?";
}

static int name_parse(const char *name, const char *const *names, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -EINVAL;
}

int model_design_parse(const char *name, enum model_design_id *d)
{
	int i = hypev_design_id_find(name);

	if (i < 0)
		return -EINVAL;
	*d = i;
	return 0;
}

int model_workload_parse(const char *name, enum model_workload_id *w)
{
	int i = name_parse(name, wl_names, MODEL_NR_WORKLOADS);

	if (i < 0)
		return i;
	*w = i;
	return 0;
}

int model_rw_parse(const char *name, enum model_rw *rw)
{
	int i = name_parse(name, rw_names, 4);

	if (i < 0)
		return i;
	*rw = i;
	return 0;
}

void model_config_init(struct model_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->design = MODEL_DESIGN_NATIVE;
	cfg->workload = MODEL_WL_DMABENCH;
	cfg->profile = "morello";
	cfg->seed = 1;
	cfg->knobs.cmds_per_sync = -1;
	cfg->knobs.ril = -1;
	cfg->dmabench.threads = 1;
	cfg->dmabench.granule_pages = 1;
	cfg->dmabench.duration_ns = 20000000ULL;	/* 20 ms virtual */
	cfg->block.rw = MODEL_RW_RANDREAD;
	cfg->block.bs_bytes = 4096;
	cfg->block.iodepth = 1;
	cfg->block.numjobs = 1;
	cfg->block.dev_service_ns = 10000;
	cfg->block.dev_bw_bytes_per_s = 2000000000ULL;
	cfg->block.duration_ns = 20000000ULL;
	cfg->rb_pages = 0;
	cfg->oracle = false;
}

void model_results_free(struct model_results *res)
{
	unsigned int i;

	for (i = 0; i < MODEL_NR_OPS; i++) {
		free(res->samples[i].dur_ns);
		res->samples[i].dur_ns = NULL;
		res->samples[i].nr = res->samples[i].cap = 0;
	}
}

void model_oracle_stale(struct model_cpu *cpu, u64 iova, u64 pa)
{
	struct model_sim *sim = cpu->sim;
	struct model_results *res = sim->res;
	int off;

	if (res->nr_stale++)
		return;
	off = snprintf(res->stale_report, sizeof(res->stale_report),
		       "stale IOTLB entry: cpu%u t=%lluns: DMA to iova 0x%llx reached pa 0x%llx after its unmap returned; the last commands:\n",
		       cpu->id, (unsigned long long)cpu->now, (unsigned long long)iova,
		       (unsigned long long)pa);
	if (off > 0 && (size_t)off < sizeof(res->stale_report))
		model_smmu_log_describe(&sim->smmu, 8, 0, res->stale_report + off,
					sizeof(res->stale_report) - off);
}

int model_oracle_probe(struct model_cpu *cpu, u64 iova, bool must_fault)
{
	struct model_sim *sim = cpu->sim;
	u64 pa, cost;
	bool stale;
	int ret;

	model_sim_sync(cpu);
	ret = model_smmu_translate(&sim->smmu, cpu->now, iova, true, &pa, &cost, &stale);
	sim->res->counts.dma_accesses++;
	if (!ret && (stale || must_fault)) {
		model_oracle_stale(cpu, iova, pa);
		return 0;
	}
	return ret;
}

static void setup_thread(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	int ret = sim->ops->attach(cpu);

	if (ret)
		model_sim_fail(sim, ret, "model: %s attach failed (%d)", model_design_name(sim->ops->id), ret);
}

static void teardown_thread(struct model_cpu *cpu)
{
	cpu->sim->ops->detach(cpu);
}

static void sim_align_clocks(struct model_sim *sim)
{
	u64 max = 0;
	unsigned int i;

	for (i = 0; i < sim->nr_cpus; i++)
		if (sim->cpus[i].now > max)
			max = sim->cpus[i].now;
	for (i = 0; i < sim->nr_cpus; i++)
		sim->cpus[i].now = max;
}

/* The config's CPUs, else the profile's; one place decides for run and check. */
static int config_cpus(const struct model_config *cfg, const struct model_profile *prof,
		       unsigned int *nr_cpus, char *err, size_t err_len)
{
	uint64_t n = cfg->nr_cpus ? cfg->nr_cpus : prof->fig[MODEL_FIG_cpus].value;

	if (!n || n > MODEL_MAX_CPUS) {
		snprintf(err, err_len, "model: cpus %llu%s%s: must be 1..%u", (unsigned long long)n,
			 cfg->nr_cpus ? "" : " of profile ", cfg->nr_cpus ? "" : prof->path,
			 MODEL_MAX_CPUS);
		return -EINVAL;
	}
	*nr_cpus = n;
	return 0;
}

int model_config_cpus(const struct model_config *cfg, unsigned int *nr_cpus, char *err,
		      size_t err_len)
{
	struct model_profile *prof = malloc(sizeof(*prof));
	int ret;

	if (!prof) {
		snprintf(err, err_len, "model: out of memory");
		return -ENOMEM;
	}
	ret = model_profile_load(prof, cfg->profile, err, err_len);
	if (!ret)
		ret = config_cpus(cfg, prof, nr_cpus, err, err_len);
	free(prof);
	return ret;
}

static int sim_setup(struct model_sim *sim)
{
	const struct model_config *cfg = sim->cfg;
	unsigned int i;
	int ret;

	ret = config_cpus(cfg, &sim->prof, &sim->nr_cpus, sim->err, sim->err_len);
	if (ret) {
		sim->error = ret;
		return ret;
	}
	model_sim_seed(sim, cfg->seed);
	sim->ril = cfg->knobs.ril >= 0 ? cfg->knobs.ril > 0 : MODEL_P(sim, ril) != 0;
	sim->cmds_per_sync = cfg->knobs.cmds_per_sync;
	sim->fq_size = cfg->knobs.fq_size ? cfg->knobs.fq_size : MODEL_FQ_SIZE;
	sim->fq_timeout_ns = cfg->knobs.fq_timeout_ns ? cfg->knobs.fq_timeout_ns : MODEL_FQ_TIMEOUT_NS;
	sim->cons_polls = cfg->knobs.cons_polls ? cfg->knobs.cons_polls : MODEL_P(sim, cons_polls);
	for (i = 0; i < sim->nr_cpus; i++) {
		struct model_cpu *cpu = &sim->cpus[i];

		cpu->id = i;
		cpu->sim = sim;
		cpu->state = MODEL_CPU_DONE;
		cpu->fq_iova = calloc(sim->fq_size + 1, sizeof(*cpu->fq_iova));
		cpu->fq_pages = calloc(sim->fq_size + 1, sizeof(*cpu->fq_pages));
		cpu->fq_cnt = calloc(sim->fq_size + 1, sizeof(*cpu->fq_cnt));
		sim->cmd_scratch[i] = calloc(MODEL_MAX_CMDS, sizeof(struct model_cmd));
		if (!cpu->fq_iova || !cpu->fq_pages || !cpu->fq_cnt || !sim->cmd_scratch[i])
			return -ENOMEM;
	}
	ret = model_mem_init(&sim->mem, MODEL_DRAM_BASE, MODEL_DRAM_SIZE, MODEL_PT_POOL);
	if (ret)
		return ret;
	sim->page_refcnt = calloc(sim->mem.nr_pages, 1);
	if (!sim->page_refcnt)
		return -ENOMEM;
	ret = model_pgtable_init(&sim->s1, &sim->mem, 1);
	if (!ret)
		ret = model_pgtable_init(&sim->s2, &sim->mem, 2);
	if (!ret)
		ret = model_smmu_init(&sim->smmu, sim);
	if (ret)
		return ret;
	model_iova_init(&sim->iova, MODEL_IOVA_BASE, MODEL_IOVA_SIZE);
	model_lock_init(&sim->el2_lock, "el2_smmu_lock");
	model_lock_init(&sim->dom_lock, "el2_domain_lock");
	model_lock_init(&sim->host_lock, "host_mmu_lock");
	model_lock_init(&sim->s1_lock, "domain_pgtbl_lock");
	model_line_init(&sim->llq_line);
	model_line_init(&sim->owner_line);
	for (i = 0; i < 3; i++)
		model_line_init(&sim->stats_line[i]);
	return 0;
}

static void sim_teardown(struct model_sim *sim)
{
	unsigned int i;

	model_events_fini(sim);
	model_oracle_free(sim);
	for (i = 0; i < MODEL_MAX_CPUS; i++) {
		free(sim->cpus[i].fq_iova);
		free(sim->cpus[i].fq_pages);
		free(sim->cpus[i].fq_cnt);
		free(sim->cmd_scratch[i]);
	}
	free(sim->design_priv);
	model_smmu_free(&sim->smmu);
	model_iova_destroy(&sim->iova);
	free(sim->page_refcnt);
	model_mem_free(&sim->mem);
}

static const struct model_design_ops *design_ops(enum model_design_id d)
{
	switch (d) {
	case MODEL_DESIGN_NATIVE: return &model_design_native;
	case MODEL_DESIGN_PARAVIRT: return &model_design_paravirt;
	case MODEL_DESIGN_NESTED: return &model_design_nested;
	default: return NULL;
	}
}

/* Attach on every CPU, run the workload in its clock window, detach; 0 or -errno. */
static int sim_workload(struct model_sim *sim)
{
	int ret;

	ret = model_sim_run(sim, setup_thread, 1);
	if (ret)
		return ret;
	sim_align_clocks(sim);
	sim->t_start = sim->cpus[0].now;	/* the workload's clock starts after attach */
	if (sim->cfg->workload == MODEL_WL_DMABENCH)
		ret = model_wl_dmabench(sim);
	else
		ret = model_wl_block(sim);
	if (ret)
		return ret;
	sim_align_clocks(sim);
	sim->res->virt_ns = sim->cpus[0].now - sim->t_start;
	return model_sim_run(sim, teardown_thread, 1);
}

/* The SMMU's counters and the CPUs' time, summed, into the results. */
static void sim_results(struct model_sim *sim)
{
	struct model_results *res = sim->res;
	unsigned int i, p;

	model_smmu_advance(&sim->smmu, ~0ULL);
	model_oracle_finish(sim);
	for (i = 0; i < sim->nr_cpus; i++)
		for (p = 0; p < MODEL_NR_CPU_PARTS; p++)
			res->cpu_ns[p] += sim->cpus[i].part_ns[p];
	res->counts.cmds = sim->smmu.cmds;
	res->counts.tlbi = sim->smmu.tlbi;
	res->counts.syncs = sim->smmu.syncs;
	res->counts.cfgi = sim->smmu.cfgi;
	res->counts.iotlb_hits = sim->smmu.hits;
	res->counts.iotlb_misses = sim->smmu.misses;
	res->counts.walk_reads = sim->smmu.walk_reads;
	res->counts.faults = sim->smmu.faults;
}

/* Set up, run and collect SIM (its config and profile loaded); 0 or -errno. */
static int sim_execute(struct model_sim *sim)
{
	const struct model_config *cfg = sim->cfg;
	struct model_results *res = sim->res;
	int ret;

	ret = sim_setup(sim);
	if (ret)
		return ret;
	res->design = cfg->design;
	res->prediction = cfg->design == MODEL_DESIGN_NESTED;
	res->nr_cpus = sim->nr_cpus;
	sim->events = cfg->events;
	if (sim->events) {
		ret = model_events_init(sim);
		if (ret)
			return ret;
	}
	ret = sim->ops->init(sim);
	if (!ret && cfg->oracle)
		ret = model_oracle_init(sim);
	if (ret)
		return ret;
	if (sim->cmds_per_sync < 0)
		sim->cmds_per_sync = 0;
	ret = sim_workload(sim);
	if (ret)
		return ret;
	sim_results(sim);
	if (sim->events && cfg->hyp_mode == HYPEV_MODE_HIST)
		model_hist_readout(sim);	/* the window's end */
	if (sim->events && cfg->out_dir) {
		ret = model_events_write_dir(sim, cfg->out_dir);
		if (ret && !sim->err[0])
			snprintf(sim->err, sim->err_len, "model: writing %s: %s", cfg->out_dir,
				 strerror(-ret));
	}
	return ret;
}

int model_run(const struct model_config *cfg, struct model_results *res,
	      char *err, size_t err_len)
{
	struct model_sim *sim;
	int ret;

	memset(res, 0, sizeof(res[0]));
	err[0] = 0;
	sim = calloc(1, sizeof(*sim));
	if (!sim) {
		snprintf(err, err_len, "model: out of memory");
		return -ENOMEM;
	}
	sim->cfg = cfg;
	sim->res = res;
	sim->err = err;
	sim->err_len = err_len;
	sim->ops = design_ops(cfg->design);
	if (!sim->ops) {
		snprintf(err, err_len, "model: design %d unknown", cfg->design);
		free(sim);
		return -EINVAL;
	}
	ret = model_profile_load(&sim->prof, cfg->profile, err, err_len);
	if (ret) {
		free(sim);
		return ret;
	}
	snprintf(res->profile_path, sizeof(res->profile_path), "%s", sim->prof.path);
	model_profile_at_bounds(&sim->prof, res->profile_at_bounds, sizeof(res->profile_at_bounds));
	ret = sim_execute(sim);
	if (ret && !err[0])
		snprintf(err, err_len, "model: %s", strerror(-ret));
	sim_teardown(sim);
	free(sim);
	return ret;
}
