// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: kernel/dma/map_benchmark.c in virtual time. Each thread loops:
 * memset the buffer (unless DMA_FROM_DEVICE), clock read, map, clock read,
 * hold dma_trans_ns, clock read, unmap, clock read, then adds its samples
 * (in 100 ns units, truncated) to the shared statistics with atomics. The
 * memset, clock reads and atomics are simulated because they space the
 * operations and shape the contention the published figures include.
 */
#include <errno.h>
#include <stdlib.h>

#include "model_design.h"

void model_op_record(struct model_sim *sim, enum model_op op, u64 dur_ns)
{
	struct model_op_stats *st = &sim->res->ops[op];
	struct model_samples *sm = &sim->res->samples[op];
	u64 d100 = dur_ns / 100;	/* map_benchmark.c: div64_ul(delta, 100) */

	if (!st->count || dur_ns < st->min_ns)
		st->min_ns = dur_ns;
	if (dur_ns > st->max_ns)
		st->max_ns = dur_ns;
	st->count++;
	st->sum_ns += dur_ns;
	st->sum_100ns += d100;
	st->sumsq_100ns += d100 * d100;
	if (!sim->cfg->keep_samples)
		return;
	if (sm->nr == sm->cap) {
		size_t cap = sm->cap ? sm->cap * 2 : 4096;
		u64 *n = realloc(sm->dur_ns, cap * sizeof(*n));

		if (!n) {
			model_sim_fail(sim, -ENOMEM, "model: out of memory keeping samples");
			return;
		}
		sm->dur_ns = n;
		sm->cap = cap;
	}
	sm->dur_ns[sm->nr++] = dur_ns;
}

/* The device touches every page (oracle runs only: the real benchmark never DMAs). */
static void dmabench_device_touch(struct model_cpu *cpu, u64 iova, unsigned int pages)
{
	unsigned int i;

	for (i = 0; i < pages; i++)
		model_oracle_probe(cpu, iova + ((u64)i << MODEL_PAGE_SHIFT), false);
}

static void dmabench_thread(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	const struct model_dmabench *db = &sim->cfg->dmabench;
	const struct model_design_ops *ops = sim->ops;
	unsigned int pages = db->granule_pages;
	u64 size = (u64)pages << MODEL_PAGE_SHIFT;
	u64 *pas = cpu->wl, iova, t0;
	int ret;

	while (cpu->now < sim->t_start + db->duration_ns && !sim->error) {
		model_wl_idle(cpu, 0);	/* a timer due by now runs between two iterations */
		if (!db->dir_from_device) {
			cpu->stream_from = cpu->now;
			model_sim_delay(cpu, model_sim_jitter(sim, pages * MODEL_P(sim, memset_page)));
			cpu->stream_until = cpu->now;
		}
		model_sim_delay(cpu, MODEL_P(sim, clock_read));
		t0 = cpu->now;
		model_acct_host(cpu, false, false);
		if (db->sg)
			ret = ops->map_sg(cpu, pas, pages, &iova);
		else
			ret = ops->dma_map(cpu, cpu->buf_pa, size, &iova);
		model_acct_host(cpu, false, true);
		model_sim_delay(cpu, MODEL_P(sim, clock_read));
		if (ret) {
			model_sim_fail(sim, ret, "model: %s dma_map failed (%d) on cpu%u",
				       model_design_name(ops->id), ret, cpu->id);
			break;
		}
		model_op_record(sim, MODEL_OP_MAP, cpu->now - t0);
		if (sim->cfg->oracle)
			dmabench_device_touch(cpu, iova, pages);
		model_wl_idle(cpu, db->dma_trans_ns);	/* ndelay(dma_trans_ns) */
		model_sim_delay(cpu, MODEL_P(sim, clock_read));
		t0 = cpu->now;
		model_acct_host(cpu, true, false);
		if (db->sg)
			ret = ops->unmap_sg(cpu, iova, pages);
		else
			ret = ops->dma_unmap(cpu, iova, size);
		/* the instant the unmap returns: the oracle probes every page */
		model_oracle_unmap_return(cpu, iova, size, db->sg ? "dma_unmap_sg" : "dma_unmap_single");
		model_acct_host(cpu, true, true);
		model_sim_delay(cpu, MODEL_P(sim, clock_read));
		if (ret) {
			model_sim_fail(sim, ret, "model: %s dma_unmap failed (%d) on cpu%u",
				       model_design_name(ops->id), ret, cpu->id);
			break;
		}
		model_op_record(sim, MODEL_OP_UNMAP, cpu->now - t0);
		/* atomic64_add() x4 and atomic64_inc(): the shared map_benchmark struct */
		model_sim_line_atomic(cpu, &sim->stats_line[0], MODEL_P(sim, atomic));
		model_sim_line_atomic(cpu, &sim->stats_line[0], MODEL_P(sim, atomic));
		model_sim_line_atomic(cpu, &sim->stats_line[1], MODEL_P(sim, atomic));
		model_sim_line_atomic(cpu, &sim->stats_line[1], MODEL_P(sim, atomic));
		model_sim_line_atomic(cpu, &sim->stats_line[2], MODEL_P(sim, atomic));
	}
	ops->flush(cpu);
}

static u64 isqrt(u64 v)
{
	u64 r = 0, b = 1ULL << 62;

	while (b > v)
		b >>= 2;
	while (b) {
		if (v >= r + b) {
			v -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return r;
}

static void dmabench_summarise(struct model_results *res)
{
	const struct model_op_stats *m = &res->ops[MODEL_OP_MAP], *u = &res->ops[MODEL_OP_UNMAP];

	/* map_benchmark.c: avg = sum / loops; stddev = int_sqrt64(sumsq / loops - avg^2) */
	res->avg_map_100ns = model_op_avg_100ns(m);
	res->avg_unmap_100ns = model_op_avg_100ns(u);
	if (m->count && m->sumsq_100ns / m->count >= res->avg_map_100ns * res->avg_map_100ns)
		res->map_stddev_100ns = isqrt(m->sumsq_100ns / m->count -
					      res->avg_map_100ns * res->avg_map_100ns);
	if (u->count && u->sumsq_100ns / u->count >= res->avg_unmap_100ns * res->avg_unmap_100ns)
		res->unmap_stddev_100ns = isqrt(u->sumsq_100ns / u->count -
						res->avg_unmap_100ns * res->avg_unmap_100ns);
}

static u64 pow2_ceil(u64 v)
{
	u64 p = MODEL_PAGE_SIZE;

	while (p < v)
		p <<= 1;
	return p;
}

int model_wl_dmabench(struct model_sim *sim)
{
	const struct model_dmabench *db = &sim->cfg->dmabench;
	u64 size = (u64)db->granule_pages << MODEL_PAGE_SHIFT;
	unsigned int i, j;
	int ret;

	if (!db->threads || db->threads > sim->nr_cpus) {
		model_sim_fail(sim, -EINVAL, "dmabench: threads %u: must be 1..%u (the simulated CPUs)",
			       db->threads, sim->nr_cpus);
		return -EINVAL;
	}
	if (!db->granule_pages || db->granule_pages > MODEL_DMABENCH_MAX_GRANULE) {
		model_sim_fail(sim, -EINVAL, "dmabench: granule %u pages: must be 1..%u (map_benchmark.c)",
			       db->granule_pages, MODEL_DMABENCH_MAX_GRANULE);
		return -EINVAL;
	}
	for (i = 0; i < db->threads; i++) {
		struct model_cpu *cpu = &sim->cpus[i];
		u64 *pas = calloc(db->granule_pages, sizeof(*pas));

		if (!pas)
			return -ENOMEM;
		cpu->wl = pas;
		/*
		 * alloc_pages_exact(): physically contiguous from the buddy
		 * allocator, aligned to its order; sg mode: scattered pages.
		 */
		cpu->buf_pa = model_mem_buf_alloc_aligned(&sim->mem, size, pow2_ceil(size));
		for (j = 0; j < db->granule_pages; j++) {
			pas[j] = db->sg ? model_mem_buf_alloc(&sim->mem, MODEL_PAGE_SIZE) :
					  cpu->buf_pa + ((u64)j << MODEL_PAGE_SHIFT);
			if (db->sg)
				model_mem_buf_alloc(&sim->mem, MODEL_PAGE_SIZE);	/* a hole */
		}
		if (!cpu->buf_pa || !pas[db->granule_pages - 1]) {
			model_sim_fail(sim, -ENOMEM, "dmabench: simulated DRAM too small for %u buffers",
				       db->threads);
			return -ENOMEM;
		}
	}
	ret = model_sim_run(sim, dmabench_thread, db->threads);
	for (i = 0; i < db->threads; i++) {
		free(sim->cpus[i].wl);
		sim->cpus[i].wl = NULL;
	}
	dmabench_summarise(sim->res);
	return ret;
}
