/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/model: a simulated pKVM + SMMUv3 platform that EXECUTES the native,
 * paravirtual and nested designs in virtual time.
 *
 * A deterministic discrete-event simulation in virtual nanoseconds: N
 * simulated CPUs (coroutines ordered by their virtual clocks) run a DMA
 * workload against a simulated SMMUv3 (real command encodings in a real
 * queue, real VMSAv8-64 page tables in simulated memory, an IOTLB and a
 * walk cache). Identical config + profile + seed give byte-identical
 * results and output directories.
 *
 * Results: the model keeps its own counters and, when asked, every per-op
 * duration sample (struct model_samples) so the runner can feed them to
 * trace_hist_add() itself: bench/model must not include trace/ headers
 * (DESIGN.md's arrows: hyp-instrumentation <- bench/model <- bench).
 *
 * Usage:
 *	struct model_config cfg;
 *	struct model_results res;
 *	model_config_init(&cfg);
 *	cfg.design = MODEL_DESIGN_PARAVIRT;
 *	if (model_run(&cfg, &res, err, sizeof(err)) == 0) { ...; }
 *	model_results_free(&res);
 */
#ifndef MODEL_H
#define MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hypev_design.h"

/*
 * What the model can run. model_run() refuses a config beyond these; the
 * runner checks bench.conf against the same definitions when it parses it.
 */
#define MODEL_MAX_CPUS		64	/* simulated CPUs */
#define MODEL_PAGE_SHIFT	12	/* 4 KiB pages: every map is whole pages */
#define MODEL_PAGE_SIZE		(1ULL << MODEL_PAGE_SHIFT)
/* dmabench: granule 1..1024 pages (kernel/dma/map_benchmark.c); threads 1..CPUs */
#define MODEL_DMABENCH_MAX_GRANULE	1024
/* block: bs a multiple of MODEL_PAGE_SIZE up to 4 MiB; numjobs 1..CPUs (a job per CPU) */
#define MODEL_BLOCK_MAX_BS_BYTES	(1024 * MODEL_PAGE_SIZE)
#define MODEL_BLOCK_MAX_IODEPTH		256

/* The designs, with the ids and names of hyp-instrumentation's one table. */
enum model_design_id {
	MODEL_DESIGN_NATIVE = HYPEV_DESIGN_NATIVE,
	MODEL_DESIGN_PARAVIRT = HYPEV_DESIGN_PARAVIRT,
	MODEL_DESIGN_NESTED = HYPEV_DESIGN_NESTED,
	MODEL_NR_DESIGNS = HYPEV_NR_DESIGNS,
};

enum model_workload_id {
	MODEL_WL_DMABENCH,
	MODEL_WL_BLOCK,
	MODEL_NR_WORKLOADS,
};

/* Per-op kinds the model times (host-visible call durations). */
enum model_op {
	MODEL_OP_MAP,		/* dma_map_single / dma_map_sg */
	MODEL_OP_UNMAP,		/* dma_unmap_single / dma_unmap_sg */
	MODEL_OP_IO,		/* block: one IO, submission to completion (clat) */
	MODEL_NR_OPS,
};

/* Where CPU time goes, per IO or per op (block workload's split). */
enum model_cpu_part {
	MODEL_CPU_MAP,		/* page-table edits, IOVA allocation, refcounts */
	MODEL_CPU_UNMAP,
	MODEL_CPU_TLBI,		/* building and inserting TLBI commands */
	MODEL_CPU_SYNC,		/* issuing CMD_SYNC and waiting for it */
	MODEL_CPU_TRAP,		/* nested: trapped MMIO round trips and EL2 emulation */
	MODEL_CPU_HYPERCALL,	/* paravirt: HVC entry + exit */
	MODEL_NR_CPU_PARTS,
};

/* The parts of a host op in the model's attribution (acct.c). */
enum model_attr_part {
	MODEL_ATTR_EL1,
	MODEL_ATTR_TRANSITION,
	MODEL_ATTR_EL2,
	MODEL_ATTR_SMMU_WAIT,
	MODEL_NR_ATTR_PARTS,
};

enum model_rw {
	MODEL_RW_READ,
	MODEL_RW_WRITE,
	MODEL_RW_RANDREAD,
	MODEL_RW_RANDWRITE,
};

/* Research knobs. -1 (or 0 where said) keeps the design/profile default. */
struct model_knobs {
	int cmds_per_sync;	/* TLBI commands per CMD_SYNC batch; -1 = design default */
	int ril;		/* range invalidation: -1 profile, 0 off, 1 on */
	bool lazy;		/* dma-iommu flush queue instead of strict (native) */
	unsigned int fq_size;	/* flush-queue entries per CPU; 0 = 256 */
	uint64_t fq_timeout_ns;	/* flush-queue timeout; 0 = 10 ms */
	bool map_sg;		/* paravirt: one map_sg hypercall per list */
	unsigned int cons_polls;	/* nested: CONS reads per sync wait; 0 = profile */
	/* nested: EL2 drains the queue on every trapped PROD write, or only for a batch with a CMD_SYNC */
	enum model_drain { MODEL_DRAIN_PROD, MODEL_DRAIN_SYNC } nested_drain;
	/* paravirt, nested: how EL2 waits for CMD_SYNC: poll CONS over MMIO, or WFE until its SEV */
	enum model_el2_wait { MODEL_EL2_WAIT_POLL, MODEL_EL2_WAIT_WFE } el2_wait;
	unsigned int iotlb_entries;	/* 0 = profile */
	bool skip_sync;		/* BROKEN on purpose: never issue CMD_SYNC (oracle test) */
};

/* dma_map_benchmark semantics (kernel/dma/map_benchmark.c). */
struct model_dmabench {
	unsigned int threads;		/* kthreads, one per CPU round-robin */
	unsigned int granule_pages;	/* 1..1024 pages of 4 KiB */
	uint64_t dma_trans_ns;		/* hold time between map and unmap */
	uint64_t duration_ns;		/* virtual run time ("seconds") */
	bool sg;			/* map_mode 1: scatter-gather of 4 KiB pages */
	bool dir_from_device;		/* DMA_FROM_DEVICE: no memset of the buffer */
};

/* A fio-like block workload; every IO is a scatter-gather list. */
struct model_block {
	enum model_rw rw;
	unsigned int bs_bytes;		/* multiple of 4096 */
	unsigned int iodepth;
	unsigned int numjobs;
	uint64_t dev_service_ns;	/* device latency per IO */
	uint64_t dev_bw_bytes_per_s;	/* device transfer bandwidth */
	uint64_t duration_ns;		/* virtual run time */
};

struct model_config {
	enum model_design_id design;
	enum model_workload_id workload;
	const char *profile;		/* name ("morello") or path to a .conf */
	unsigned int nr_cpus;		/* 0 = profile's cpus */
	uint64_t seed;
	struct model_knobs knobs;
	struct model_dmabench dmabench;
	struct model_block block;
	bool events;			/* fire EL2/host events into per-CPU rings */
	/*
	 * With events: how EL2 reports its ops, enum hypev_hist_mode
	 * (hyp-instrumentation/hypev_hist.h): 0 per-event (one event per op,
	 * hyp_event_ns each), 1 hist (a bucket update per op, hyp_hist_ns each,
	 * smmu_hist records read out at the end), 2 off (no EL2 event).
	 */
	unsigned int hyp_mode;
	const char *out_dir;		/* write the tracefs-like dirs here; NULL = none */
	unsigned int rb_pages;		/* ring pages per CPU (0 = 16 x 4 KiB; drained as they fill) */
	bool keep_samples;		/* fill model_results.samples[] */
	bool oracle;			/* safety oracle: DMA probes after every unmap */
};

/* Durations of every op of one kind, in completion order. */
struct model_samples {
	uint64_t *dur_ns;
	size_t nr;
	size_t cap;
};

struct model_op_stats {
	uint64_t count;
	uint64_t sum_ns;
	uint64_t min_ns;
	uint64_t max_ns;
	/* dma_map_benchmark's own accounting: each sample truncated to 100 ns */
	uint64_t sum_100ns;
	uint64_t sumsq_100ns;
};

struct model_counts {
	uint64_t map_calls;		/* design-level dma_map/map_sg calls */
	uint64_t unmap_calls;
	uint64_t pages_mapped;
	uint64_t pages_unmapped;
	uint64_t cmds;			/* commands consumed by the SMMU */
	uint64_t tlbi;			/* TLBI commands consumed */
	uint64_t syncs;			/* CMD_SYNC consumed */
	uint64_t cfgi;			/* CFGI_STE/CFGI_CD consumed */
	uint64_t hypercalls;
	uint64_t traps;			/* nested: trapped MMIO accesses */
	uint64_t cmdq_traps;		/* nested: trapped CMDQ_PROD writes */
	uint64_t dropped;		/* nested: host commands filtered out */
	uint64_t ste_writes;
	uint64_t s2_changes;
	uint64_t dma_accesses;
	uint64_t iotlb_hits;
	uint64_t iotlb_misses;
	uint64_t walk_reads;		/* descriptor fetches on IOTLB misses */
	uint64_t faults;		/* translation faults (expected ones included) */
	uint64_t fq_flushes;		/* lazy: flush-queue drains */
	uint64_t ev_written;		/* EL2 events committed to the rings */
	uint64_t host_events;		/* host iommu:map/unmap events */
	uint64_t host_probes;		/* host ops' probe-pair events (entry + return) */
	uint64_t ev_lost;		/* events overwritten before being read */
	uint64_t hist_updates;		/* hist mode: bucket updates at EL2 (one per op value) */
	uint64_t hist_events;		/* hist mode: smmu_hist records read out */
	uint64_t hist_readout_ns;	/* hist mode: CPU time of the readout, all CPUs */
};

/*
 * The safety oracle's verdict (cfg.oracle): every page of every unmap is
 * probed at the instant the unmap returns (bench/model/oracle.c). Strict
 * policies must leave no page translatable and none without a completed
 * CMD_SYNC after a covering TLBI; deferred ones (lazy) expose pages for a
 * window, from the unmap's return until that CMD_SYNC completed.
 */
struct model_oracle_results {
	bool on;
	bool deferred;			/* the policy defers invalidation (lazy) */
	uint64_t probed_pages;		/* pages probed at unmap return */
	uint64_t unsynced_pages;	/* strict: not guaranteed invalid at return */
	uint64_t never_pages;		/* never invalidated by the end of the run */
	uint64_t early_free_pages;	/* deferred: IOVA freed for reuse before invalid */
	uint64_t exposed_pages;		/* returned before their invalidation completed */
	uint64_t exposed_bytes;
	uint64_t window_p50_ns, window_p99_ns, window_max_ns;	/* per exposed page */
};

struct model_results {
	enum model_design_id design;
	bool prediction;		/* nested: no hardware figure backs these */
	unsigned int nr_cpus;
	uint64_t virt_ns;		/* virtual time simulated */
	struct model_op_stats ops[MODEL_NR_OPS];
	struct model_samples samples[MODEL_NR_OPS];	/* keep_samples only */
	struct model_counts counts;
	uint64_t cpu_ns[MODEL_NR_CPU_PARTS];	/* summed over CPUs */
	/* dmabench, as the kernel tool reports them (100 ns units) */
	uint64_t avg_map_100ns, map_stddev_100ns;
	uint64_t avg_unmap_100ns, unmap_stddev_100ns;
	/* block */
	uint64_t ios;
	uint64_t io_bytes;
	double iops;
	double bw_bytes_per_s;
	char profile_path[512];		/* the profile file read */
	char profile_at_bounds[512];	/* figures sitting at a bound of their range */
	/*
	 * The model's own attribution of every host dma map and unmap (acct.c),
	 * by where its time went as the code ran: [0] maps, [1] unmaps; parts
	 * el1, transition (hyp entry to the EL2 op, op end to exit), el2 (the
	 * op outside the SMMU wait), smmu_wait. The collector derives the same
	 * split from the events (trace/nest.h): the two are checked equal.
	 */
	uint64_t attr_ns[2][MODEL_NR_ATTR_PARTS];
	uint64_t attr_ops[2];
	/* safety oracle */
	uint64_t nr_stale;		/* DMA that reached a page after its strict unmap */
	char stale_report[2048];	/* first violation with its command sequence */
	struct model_oracle_results oracle;
};

/* Safe: no DMA through a stale entry, no strict page left valid, none never invalidated. */
static inline bool model_results_safe(const struct model_results *r)
{
	return !r->nr_stale && !r->oracle.unsynced_pages && !r->oracle.never_pages &&
	       !r->oracle.early_free_pages;
}

/* Does CFG's policy defer invalidation past the unmap's return (lazy flush queue)? */
bool model_policy_deferred(const struct model_config *cfg);

void model_config_init(struct model_config *cfg);
/* cfg.hyp_mode by name (MODEL_HYP_MODES, in enum order): 0 or -EINVAL */
#define MODEL_HYP_MODES "per-event,hist,off"
int model_hyp_mode_parse(const char *name, unsigned int *mode);
const char *model_hyp_mode_name(unsigned int mode);
/*
 * The simulated CPUs a run of CFG has: cfg->nr_cpus, else its profile's
 * (the profile is loaded). Returns 0, or a negative errno with the reason,
 * worded as model_run() would, in err.
 */
int model_config_cpus(const struct model_config *cfg, unsigned int *nr_cpus, char *err,
		      size_t err_len);
/*
 * Does a run of CFG read knob NAME (a struct model_knobs field)? A knob its
 * design or workload has no code for is not read: set, it would be ignored.
 * WHAT and WHO (may be NULL) get what the knob is and which runs read it,
 * for messages ("lazy invalidation (the flush queue)", "the native design").
 */
bool model_knob_read(const struct model_config *cfg, const char *name, const char **what,
		     const char **who);
/*
 * Runs the simulation. Returns 0, or a negative errno with a message naming
 * what failed (file, line and field for profile errors) in err.
 */
int model_run(const struct model_config *cfg, struct model_results *res,
	      char *err, size_t err_len);
void model_results_free(struct model_results *res);

const char *model_design_name(enum model_design_id d);
int model_design_parse(const char *name, enum model_design_id *d);
const char *model_workload_name(enum model_workload_id w);
int model_workload_parse(const char *name, enum model_workload_id *w);
const char *model_op_name(enum model_op op);
const char *model_cpu_part_name(enum model_cpu_part p);
const char *model_rw_name(enum model_rw rw);
int model_rw_parse(const char *name, enum model_rw *rw);

/* Mean as the kernel tool prints it: sum of truncated samples / count. */
static inline uint64_t model_op_avg_100ns(const struct model_op_stats *s)
{
	return s->count ? s->sum_100ns / s->count : 0;
}

#endif
