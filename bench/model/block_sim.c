// SPDX-License-Identifier: GPL-2.0
/*
 * block: a fio-like workload in virtual time. numjobs jobs (one per CPU)
 * keep iodepth IOs in flight. Each IO of bs bytes is a scatter-gather list
 * of 4 KiB pages: mapped at submission, transferred by the device (service
 * time, then bs at the device bandwidth, shared by all jobs, each page
 * translated by the SMMU: IOTLB misses cost walk reads and delay the
 * transfer), and unmapped at completion. Reads and writes differ only in
 * the DMA direction here; sequential and random offsets map the same way.
 */
#include <errno.h>
#include <stdlib.h>

#include "model_design.h"

struct block_io {
	u64 iova;
	u64 submit_ns;
	u64 done_ns;
	bool busy;
};

struct block_job {
	struct block_io *ios;
	u64 **pas;		/* per slot, bs/4K scattered pages */
};

/* The device serves the IO: translation of each page, then the transfer. */
static u64 block_device(struct model_cpu *cpu, u64 iova, unsigned int pages, u64 t)
{
	struct model_sim *sim = cpu->sim;
	const struct model_block *b = &sim->cfg->block;
	u64 start = t + model_sim_jitter(sim, b->dev_service_ns), xlat = 0, xfer;
	unsigned int i;

	model_sim_sync(cpu);
	for (i = 0; i < pages; i++) {
		u64 pa, cost;
		bool stale;

		if (model_smmu_translate(&sim->smmu, start, iova + ((u64)i << MODEL_PAGE_SHIFT),
					 b->rw == MODEL_RW_READ || b->rw == MODEL_RW_RANDREAD,
					 &pa, &cost, &stale))
			model_sim_fail(sim, -EFAULT, "block: device DMA to iova 0x%llx faulted",
				       (unsigned long long)iova);
		else if (stale)
			model_oracle_stale(cpu, iova + ((u64)i << MODEL_PAGE_SHIFT), pa);
		xlat += cost;
		sim->res->counts.dma_accesses++;
	}
	xfer = b->dev_bw_bytes_per_s ?
	       (u64)pages * MODEL_PAGE_SIZE * 1000000000ULL / b->dev_bw_bytes_per_s : 0;
	/* one data path: transfers queue behind each other */
	if (start < sim->dev_busy_until)
		start = sim->dev_busy_until;
	sim->dev_busy_until = start + xlat + xfer;
	return sim->dev_busy_until;
}

static void block_thread(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	const struct model_block *b = &sim->cfg->block;
	const struct model_design_ops *ops = sim->ops;
	struct block_job *job = cpu->wl;
	unsigned int pages = b->bs_bytes / MODEL_PAGE_SIZE, i;
	u64 end = sim->t_start + b->duration_ns;

	while (!sim->error) {
		struct block_io *next = NULL;
		unsigned int slot = 0;

		/* fill the queue */
		for (i = 0; i < b->iodepth && cpu->now < end; i++) {
			struct block_io *io = &job->ios[i];

			if (io->busy)
				continue;
			io->submit_ns = cpu->now;
			model_acct_host(cpu, false, false);
			if (ops->map_sg(cpu, job->pas[i], pages, &io->iova)) {
				model_sim_fail(sim, -EIO, "block: %s map_sg failed",
					       model_design_name(ops->id));
				return;
			}
			model_acct_host(cpu, false, true);
			io->done_ns = block_device(cpu, io->iova, pages, cpu->now);
			io->busy = true;
		}
		for (i = 0; i < b->iodepth; i++)
			if (job->ios[i].busy && (!next || job->ios[i].done_ns < next->done_ns)) {
				next = &job->ios[i];
				slot = i;
			}
		if (!next)
			break;
		/* wait for the completion interrupt, then unmap */
		if (cpu->now < next->done_ns)
			model_wl_idle(cpu, next->done_ns - cpu->now);
		model_acct_host(cpu, true, false);
		if (ops->unmap_sg(cpu, next->iova, pages)) {
			model_sim_fail(sim, -EIO, "block: %s unmap_sg failed",
				       model_design_name(ops->id));
			return;
		}
		model_oracle_unmap_return(cpu, next->iova, (u64)pages << MODEL_PAGE_SHIFT, "dma_unmap_sg");
		model_acct_host(cpu, true, true);
		next->busy = false;
		model_op_record(sim, MODEL_OP_IO, cpu->now - next->submit_ns);
		sim->res->ios++;
		sim->res->io_bytes += b->bs_bytes;
		(void)slot;
	}
	ops->flush(cpu);
}

int model_wl_block(struct model_sim *sim)
{
	const struct model_block *b = &sim->cfg->block;
	unsigned int pages = b->bs_bytes / MODEL_PAGE_SIZE, i, j, k;
	int ret = 0;

	if (!b->bs_bytes || b->bs_bytes % MODEL_PAGE_SIZE || b->bs_bytes > MODEL_BLOCK_MAX_BS_BYTES) {
		model_sim_fail(sim, -EINVAL, "block: bs %u bytes: must be a multiple of %llu, at most %llu MiB",
			       b->bs_bytes, MODEL_PAGE_SIZE, MODEL_BLOCK_MAX_BS_BYTES >> 20);
		return -EINVAL;
	}
	if (!b->numjobs || b->numjobs > sim->nr_cpus || !b->iodepth ||
	    b->iodepth > MODEL_BLOCK_MAX_IODEPTH) {
		model_sim_fail(sim, -EINVAL, "block: numjobs %u (1..%u) or iodepth %u (1..%u) out of range",
			       b->numjobs, sim->nr_cpus, b->iodepth, MODEL_BLOCK_MAX_IODEPTH);
		return -EINVAL;
	}
	for (i = 0; i < b->numjobs; i++) {
		struct block_job *job = calloc(1, sizeof(*job));

		sim->cpus[i].wl = job;
		if (!job) {
			ret = -ENOMEM;
			goto out;
		}
		job->ios = calloc(b->iodepth, sizeof(*job->ios));
		job->pas = calloc(b->iodepth, sizeof(*job->pas));
		if (!job->ios || !job->pas) {
			ret = -ENOMEM;
			goto out;
		}
		for (j = 0; j < b->iodepth; j++) {
			job->pas[j] = calloc(pages, sizeof(u64));
			if (!job->pas[j]) {
				ret = -ENOMEM;
				goto out;
			}
			for (k = 0; k < pages; k++) {
				/* page cache pages: scattered, one page apart */
				job->pas[j][k] = model_mem_buf_alloc(&sim->mem, MODEL_PAGE_SIZE);
				model_mem_buf_alloc(&sim->mem, MODEL_PAGE_SIZE);
				if (!job->pas[j][k]) {
					model_sim_fail(sim, -ENOMEM, "block: simulated DRAM too small");
					ret = -ENOMEM;
					goto out;
				}
			}
		}
	}
	ret = model_sim_run(sim, block_thread, b->numjobs);
out:
	for (i = 0; i < b->numjobs; i++) {
		struct block_job *job = sim->cpus[i].wl;

		if (!job)
			continue;
		for (j = 0; job->pas && j < b->iodepth; j++)
			free(job->pas[j]);
		free(job->pas);
		free(job->ios);
		free(job);
		sim->cpus[i].wl = NULL;
	}
	{
		u64 t = 0;

		for (i = 0; i < sim->nr_cpus; i++)
			if (sim->cpus[i].now - sim->t_start > t)
				t = sim->cpus[i].now - sim->t_start;
		if (t && !ret) {
			sim->res->iops = (double)sim->res->ios * 1e9 / t;
			sim->res->bw_bytes_per_s = (double)sim->res->io_bytes * 1e9 / t;
		}
	}
	return ret;
}
