/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/model internals shared by the model's files (not for the runner).
 */
#ifndef MODEL_INT_H
#define MODEL_INT_H

#include <stdio.h>
#include <string.h>

#include "hypev_types.h"
#include "model.h"
#include "model_profile.h"

struct model_sim;
struct model_cpu;

/* ---- sim.c: coroutines ordered by virtual time ---- */

enum model_cpu_state { MODEL_CPU_RUNNABLE, MODEL_CPU_BLOCKED, MODEL_CPU_DONE };

struct model_ctx {
	void *sp;
};

struct model_cpu {
	unsigned int id;
	u64 now;			/* virtual ns */
	enum model_cpu_state state;
	struct model_ctx ctx;
	void *stack;
	struct model_sim *sim;
	int wait_next;			/* lock waiter FIFO link */
	u64 part_ns[MODEL_NR_CPU_PARTS];
	/* iova.c: per-CPU rcache of freed IOVA ranges, per order < 6 */
	u64 rcache[6][256];
	unsigned int rcache_nr[6];
	/* design_native.c: lazy flush queue */
	u64 *fq_iova;
	u32 *fq_pages;
	u64 *fq_cnt;			/* fq_flush_start_cnt when each entry was queued */
	unsigned int fq_nr;
	u64 fq_first_ns;
	u64 oracle_mark;		/* oracle.c: first command number after the last clear */
	/* events.c */
	struct hypev_rb *rb;
	void *rb_mem;
	void *wl_ev;			/* events.c per-CPU state */
	void *hist;			/* hist mode: struct hypev_hist[HYPEV_HIST_NR_OPS] */
	/* acct.c: the open host op's attribution */
	struct {
		bool in_op;
		u8 op;			/* 0 map, 1 unmap */
		u8 part;		/* enum model_attr_part being charged */
		u64 since;		/* virtual ns the part began */
		u64 sync_wait;		/* smmu_sync waits of the open EL2 op */
		u64 ns[MODEL_NR_ATTR_PARTS];
	} acct;
	/* workload state */
	u64 buf_pa;
	void *wl;
	u64 stream_from, stream_until;	/* a memset streaming through DRAM */
};

/* A spinlock (ticket: FIFO) with cache-line hand-off cost. */
struct model_lock {
	const char *name;
	int owner;
	int last_cpu;
	int wait_head, wait_tail;
	u64 free_at;
	u64 acquisitions, contended;
};

/* A shared cache line: atomics serialise on it. */
struct model_line {
	int last_cpu;
	u64 busy_until;
};

void model_sim_delay(struct model_cpu *cpu, u64 ns);
static inline void model_sim_part(struct model_cpu *cpu, enum model_cpu_part p, u64 ns);
void model_sim_sync(struct model_cpu *cpu);
void model_sim_lock(struct model_cpu *cpu, struct model_lock *l);
void model_sim_unlock(struct model_cpu *cpu, struct model_lock *l);
void model_sim_line_atomic(struct model_cpu *cpu, struct model_line *line, u64 op_ns);
static inline u64 model_sim_rand(struct model_sim *sim);
/* ns varied by the profile's jitter percent (seeded, deterministic) */
static inline u64 model_sim_jitter(struct model_sim *sim, u64 ns);
/*
 * Seed the PRNGs, then scale every ns figure of the profile by one factor
 * drawn for this run (profile run_jitter). Once, before the first cost.
 */
void model_sim_seed(struct model_sim *sim, u64 seed);
void model_lock_init(struct model_lock *l, const char *name);
void model_line_init(struct model_line *line);

/* sim_ctx.c: the context switch (x86_64, aarch64) */
void model_ctx_init(struct model_ctx *ctx, void *stack, size_t size,
		    void (*fn)(void *), void *arg);
void model_ctx_swap(struct model_ctx *save, struct model_ctx *to);

/* ---- mem.c: simulated physical memory ---- */

/* MODEL_PAGE_SHIFT, MODEL_PAGE_SIZE: model.h */

struct model_mem {
	u64 base;			/* first physical address */
	u64 nr_pages;
	u64 **pages;			/* lazily backed 4 KiB pages */
	u64 pt_next;			/* page-table pool bump pointer */
	u64 pt_end;
	u64 *pt_free;
	u64 pt_free_nr, pt_free_cap;
	u64 buf_next;			/* DMA buffer pool */
	u64 buf_end;
};

int model_mem_init(struct model_mem *m, u64 base, u64 size, u64 pt_size);
void model_mem_free(struct model_mem *m);
u64 model_mem_read64(struct model_mem *m, u64 pa);
void model_mem_write64(struct model_mem *m, u64 pa, u64 v);
/* A zeroed page from the page-table pool; 0 when the pool is exhausted. */
u64 model_mem_pt_alloc(struct model_mem *m);
void model_mem_pt_release(struct model_mem *m, u64 pa);
u64 model_mem_buf_alloc(struct model_mem *m, u64 size);
/* ALIGN a power of two (alloc_pages_exact(): aligned to the order of the size) */
u64 model_mem_buf_alloc_aligned(struct model_mem *m, u64 size, u64 align);

/* ---- pgtable.c: VMSAv8-64 4K-granule tables, io-pgtable-arm semantics ---- */

#define MODEL_PROT_READ		(1u << 0)
#define MODEL_PROT_WRITE	(1u << 1)

struct model_pgtable {
	struct model_mem *mem;
	int stage;			/* 1 or 2 */
	u64 root;			/* level-0 table */
	u64 nr_tables;
	u64 pte_writes;			/* running counters, for costing */
	u64 pte_reads;
};

int model_pgtable_init(struct model_pgtable *pt, struct model_mem *mem, int stage);
void model_pgtable_free(struct model_pgtable *pt);
/* io-pgtable map_pages(): pgcount leaves of pgsize (4K, 2M or 1G). */
int model_pgtable_map_pages(struct model_pgtable *pt, u64 iova, u64 pa, u64 pgsize,
			    u64 pgcount, unsigned int prot, u64 *mapped);
/*
 * iommu_pgsize() with pgsize_bitmap 4K | 2M | 1G (arm-smmu-v3 and the pKVM
 * host driver): the leaf size for the next chunk of [iova, iova + size) at
 * pa and in *count how many, up to where a larger leaf could start. 0 when
 * not 4 KiB aligned. Unmaps pass iova as pa, as __iommu_unmap() does.
 */
u64 model_pgsize_pick(u64 iova, u64 pa, u64 size, u64 *count);
/* iommu_map(): splits [iova, iova+size) into the largest leaves alignment allows. */
int model_pgtable_map(struct model_pgtable *pt, u64 iova, u64 pa, u64 size,
		      unsigned int prot);
/* io-pgtable unmap_pages(): returns bytes unmapped (leaves only). */
u64 model_pgtable_unmap_pages(struct model_pgtable *pt, u64 iova, u64 pgsize, u64 pgcount);
u64 model_pgtable_unmap(struct model_pgtable *pt, u64 iova, u64 size);
/*
 * Functional walk. Returns 0 and the output address, leaf size and the
 * descriptor addresses read (up to 4) or -ENOENT on a translation fault.
 */
int model_pgtable_walk(struct model_pgtable *pt, u64 iova, u64 *pa, u64 *leaf_size,
		       u64 desc_pa[4], int *nr_reads, unsigned int *prot);
u64 model_pgtable_pte_page(int stage, u64 pa, unsigned int prot, int level);

/* ---- cmd.c: SMMUv3 command encodings ---- */

#include "model_smmu_cmd.h"

/* ---- smmu.c ---- */

#include "model_smmu.h"

/* ---- iova.c ---- */
#define MODEL_IOVA_ORDERS	20
struct model_iova {
	u64 base, next, end;
	u64 *free[MODEL_IOVA_ORDERS];	/* freed ranges per order (the rbtree's holes) */
	u64 free_nr[MODEL_IOVA_ORDERS], free_cap[MODEL_IOVA_ORDERS];
	struct model_lock lock;		/* iova_rbtree_lock */
};

/* ---- designs ---- */

struct model_design_ops {
	enum model_design_id id;	/* its name: model_design_name() */
	int (*init)(struct model_sim *sim);
	/* Each returns 0 or a negative errno; durations accrue on cpu->now. */
	int (*attach)(struct model_cpu *cpu);
	int (*detach)(struct model_cpu *cpu);
	int (*dma_map)(struct model_cpu *cpu, u64 pa, u64 size, u64 *iova);
	int (*dma_unmap)(struct model_cpu *cpu, u64 iova, u64 size);
	/* Scatter-gather: nents 4 KiB pages (not contiguous in pa) */
	int (*map_sg)(struct model_cpu *cpu, const u64 *pas, unsigned int nents, u64 *iova);
	int (*unmap_sg)(struct model_cpu *cpu, u64 iova, unsigned int nents);
	/* Drain deferred work (flush queues) */
	int (*flush)(struct model_cpu *cpu);
	/* A deferred-work timer (the flush queue's): when it is due (0 = off), and its handler */
	u64 (*timer_at)(struct model_sim *sim);
	void (*timer_fire)(struct model_cpu *cpu);
};

/*
 * The workload is idle (between DMA API calls, or in its hold time) for NS:
 * a design timer due in that time fires at its deadline on this CPU, as a
 * softirq would. Call with NS = 0 to run one that is overdue.
 */
void model_wl_idle(struct model_cpu *cpu, u64 ns);

extern const struct model_design_ops model_design_native;
int model_native_pt_map(struct model_cpu *cpu, u64 iova, u64 pa, u64 size);
/* the host's dma_map/map_sg on its own tables: native, and nested (no trap) */
int model_native_dma_map(struct model_cpu *cpu, u64 pa, u64 size, u64 *iova);
int model_native_map_sg(struct model_cpu *cpu, const u64 *pas, unsigned int nents, u64 *iova);
int model_dma_map_begin(struct model_cpu *cpu, u64 bytes, u64 *iova);
int model_native_tlbi(struct model_cpu *cpu, u64 iova, u64 size);
extern const struct model_design_ops model_design_paravirt;
extern const struct model_design_ops model_design_nested;

/* design_nested.c: smmu_filter_command() */
enum model_filter { MODEL_FILTER_FORWARD, MODEL_FILTER_DROP, MODEL_FILTER_RESHADOW };
enum model_filter model_nested_filter(struct model_cmd *c, u16 host_vmid);

/* ---- the whole simulated platform ---- */

/* MODEL_MAX_CPUS: model.h */
#define MODEL_ASID		1
#define MODEL_VMID		1
#define MODEL_SID		0x10
#define MODEL_DOMAIN		1

struct model_sim {
	const struct model_config *cfg;
	struct model_profile prof;
	struct model_results *res;
	const struct model_design_ops *ops;
	struct model_cpu cpus[MODEL_MAX_CPUS];
	unsigned int nr_cpus;
	struct model_ctx sched_ctx;
	struct model_cpu *cur;
	u64 rng;			/* splitmix64 state */
	u64 jit_rng;			/* model_sim_jitter()'s LCG state */
	int error;
	char *err;
	size_t err_len;
	/* platform */
	struct model_mem mem;
	struct model_smmu smmu;
	struct model_pgtable s1;	/* host / EL2 stage-1 (domain) table */
	struct model_pgtable s2;	/* nested: stage-2 identity map */
	struct model_iova iova;
	struct model_lock el2_lock;	/* EL2 SMMU lock: held while waiting for CMD_SYNC */
	struct model_lock dom_lock;	/* paravirt: the EL2 domain's io-pgtable lock */
	struct model_lock host_lock;	/* paravirt: pKVM host stage-2 lock (host_mmu.lock) */
	struct model_lock s1_lock;	/* nested: host domain pgtable lock (unused w/o contention) */
	struct model_line llq_line;	/* arm_smmu_ll_queue: prod/cons reservation */
	struct model_line stats_line[3];	/* dma_map_benchmark atomics */
	struct model_line owner_line;	/* cmdq owner flag */
	u64 cmdq_pub_pending;		/* when the current owner writes PROD */
	struct model_cmd *cmd_scratch[MODEL_MAX_CPUS];	/* MODEL_MAX_CMDS per CPU */
	u8 *page_refcnt;		/* paravirt: __pkvm_host_use_dma refcount per host page */
	/* knobs resolved */
	bool ril;
	int cmds_per_sync;
	unsigned int fq_size;
	u64 fq_timeout_ns;
	u64 fq_timer_at;		/* native lazy: the flush-queue timer's deadline, 0 = off */
	u64 fq_start_cnt, fq_finish_cnt;	/* dma-iommu's flush counters */
	unsigned int cons_polls;
	u64 t_start;			/* virtual time the workload starts */
	void *design_priv;		/* nested: the host's shadow queue */
	struct model_line dev_line;	/* block: the device */
	u64 dev_busy_until;
	struct model_oracle *oracle;	/* oracle.c; NULL when cfg->oracle is off */
	/* events */
	bool events;
	FILE *host_text_all;
	void *page_buf;
};

int model_sim_run(struct model_sim *sim, void (*thread)(struct model_cpu *cpu),
		  unsigned int nr_threads);

/* Inline: these run several times per simulated DMA API call. */
static inline u64 model_sim_rand(struct model_sim *sim)
{
	/* splitmix64: seeded, platform-independent */
	u64 z = (sim->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline u64 model_sim_jitter(struct model_sim *sim, u64 ns)
{
	u64 span = ns * MODEL_P(sim, jitter) / 100, r;

	if (!span)
		return ns;
	/*
	 * Uniform in [ns - span, ns + span] (mean ns). A 64-bit LCG (Knuth's
	 * MMIX constants), its high 32 bits scaled by multiply-shift: several
	 * draws per simulated call, so one multiply each.
	 */
	sim->jit_rng = sim->jit_rng * 6364136223846793005ULL + 1442695040888963407ULL;
	r = sim->jit_rng >> 32;
	if (span < (1ULL << 31))
		return ns - span + ((r * (2 * span + 1)) >> 32);
	return ns - span + (u64)(((unsigned __int128)model_sim_rand(sim) * (2 * span + 1)) >> 64);
}

/*
 * Software cost of a DMA API call (dma-iommu, IOVA, io-pgtable, hypercall,
 * trap): varied per call by the profile's jitter, as caches, DRAM and
 * interrupts vary it on hardware, so seeds give different runs.
 */
static inline void model_sim_part(struct model_cpu *cpu, enum model_cpu_part p, u64 ns)
{
	ns = model_sim_jitter(cpu->sim, ns);
	cpu->now += ns;
	cpu->part_ns[p] += ns;
}

void model_sim_fail(struct model_sim *sim, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* iova.c */
int model_iova_init(struct model_iova *iv, u64 base, u64 size);
void model_iova_destroy(struct model_iova *iv);
int model_iova_alloc(struct model_cpu *cpu, u64 size, u64 *iova);
void model_iova_free(struct model_cpu *cpu, u64 iova, u64 size);

/* events.c */
int model_events_init(struct model_sim *sim);
void model_events_fini(struct model_sim *sim);
int model_events_write_dir(struct model_sim *sim, const char *dir);
/*
 * Declare an event record with every byte zeroed. A designated initialiser
 * leaves padding unspecified (C11 6.2.6.1p6), and the record's padding is
 * copied into the trace pages: two runs must give the same bytes.
 */
#define MODEL_EV_DECLARE(type, var) type var; memset(&var, 0, sizeof(var))
/* An EL2 record as the mode says: written (per-event), binned (hist) or not (off). */
void model_ev_emit(struct model_cpu *cpu, u64 ts, const void *rec, u32 len);
/* Written into the CPU's ring whatever the mode (hyp_event_ns charged). */
void model_ev_write(struct model_cpu *cpu, u64 ts, const void *rec, u32 len);

/* events_hist.c: aggregated mode */
int model_hist_init(struct model_cpu *cpu);
void model_hist_free(struct model_cpu *cpu);
void model_hist_rec(struct model_cpu *cpu, const void *rec);
void model_hist_readout(struct model_sim *sim);
/* A host iommu:map / iommu:unmap event as the model keeps it. */
struct model_host_rec {
	u64 ts, iova, pa, size, unmapped;
	int unmap;
	int probe;	/* 0: the iommu tracepoint; 1: probe entry, 2: probe return */
};

/* events_host.c: the host-instance layout of those events */
int model_host_dir_create(const char *hdir, unsigned int nr_cpus);
int model_host_cpu_write(const char *hdir, unsigned int cpu, const struct model_host_rec *recs,
			 size_t nr);

/* iommu:map (unmap = 0) or iommu:unmap (unmap = 1), formatted when written */
void model_ev_host(struct model_cpu *cpu, u64 ts, int unmap, u64 iova, u64 pa, u64 size,
		   u64 unmapped);
#define model_ev_enabled(cpu) ((cpu)->sim->events)
/* the host op's probe pair (kprobe/kretprobe on dma_map / dma_unmap): entry or return */
void model_ev_probe(struct model_cpu *cpu, bool unmap, bool ret);

/*
 * acct.c: the model's attribution of host ops, at the points where the
 * events are (or would be) written, whether events are on or not.
 * The host op's entry and return (also its probe pair's events).
 */
void model_acct_host(struct model_cpu *cpu, bool unmap, bool end);
void model_acct_hyp(struct model_cpu *cpu, bool enter);	/* hyp_enter / hyp_exit */
void model_acct_el2_begin(struct model_cpu *cpu);	/* an EL2 op's t0 */
/* its end: the smmu_sync waits inside it, else OWN_WAIT (the op's own wait_ns) */
void model_acct_el2_end(struct model_cpu *cpu, u64 own_wait);
void model_acct_sync(struct model_cpu *cpu, u64 wait_ns);

/* workloads */
int model_wl_dmabench(struct model_sim *sim);
int model_wl_block(struct model_sim *sim);

/* samples */
void model_op_record(struct model_sim *sim, enum model_op op, u64 dur_ns);

/* oracle.c (model_oracle_*: no-ops when the oracle is off) */
struct model_oracle;
int model_oracle_init(struct model_sim *sim);
void model_oracle_free(struct model_sim *sim);
/*
 * A design cleared the leaves (of LEAF bytes; 0 = not known, taken as
 * 4 KiB, which can only make the verdict stricter) of [iova, iova + bytes).
 */
void model_oracle_cleared(struct model_cpu *cpu, u64 iova, u64 bytes, u64 leaf);
/* Command number SEQ was written to the real queue; a CMD_SYNC completed at DONE_NS. */
void model_oracle_cmd_written(struct model_sim *sim, const struct model_cmd *c, u64 seq);
void model_oracle_sync_done(struct model_sim *sim, u64 seq, u64 done_ns);
/* An unmap (OP) of [iova, iova + bytes) returns to its caller at cpu->now: probe every page. */
void model_oracle_unmap_return(struct model_cpu *cpu, u64 iova, u64 bytes, const char *op);
/* [iova, iova + bytes) is given back for reuse: deferred pages must be invalid by now. */
void model_oracle_iova_freed(struct model_cpu *cpu, u64 iova, u64 bytes);
/* End of run: what never got invalidated, the windows' distribution. */
void model_oracle_finish(struct model_sim *sim);

/* platform.c: a device DMA to iova at cpu->now; 0 or -EFAULT */
int model_oracle_probe(struct model_cpu *cpu, u64 iova, bool must_fault);
/* Record a DMA that reached pa through a translation the tables no longer hold. */
void model_oracle_stale(struct model_cpu *cpu, u64 iova, u64 pa);

#endif
