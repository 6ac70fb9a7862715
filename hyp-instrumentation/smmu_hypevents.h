/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMMU events of pKVM's EL2 SMMUv3 drivers, for smmubench.
 *
 * GENERATED from smmubench hyp-instrumentation/hypev_table.h by
 * `smmubench events --hook-header`: do not edit, regenerate.
 *
 * Include it where the mainline events are defined
 * (arch/arm64/include/asm/kvm_hypevents.h pattern): it may be read
 * several times by the remote-event machinery, like a trace header.
 * Every dur_ns and wait_ns is measured at EL2 with trace_clock()
 * (CLOCK_BOOTTIME ns from the arch counter): see smmu_trace_start()
 * and smmu_trace_dur_ns() below. Field order keeps every struct free
 * of padding, so the offsets the remote prints in its format files
 * (running sums of sizes) are the real ones.
 */
#if !defined(__ARM64_KVM_SMMU_HYPEVENTS_H_) || defined(HYP_EVENT_MULTI_READ)
#define __ARM64_KVM_SMMU_HYPEVENTS_H_

#ifdef __KVM_NVHE_HYPERVISOR__
#include <nvhe/trace.h>
#endif

/* one kvm_iommu_map_pages() call at EL2 */
HYP_EVENT(smmu_map,
	HE_PROTO(u16 domain, s32 ret, u64 iova, u64 paddr, u64 pgsize, u64 pgcount, u64 mapped, u64 dur_ns),
	HE_STRUCT(
		he_field(u16, domain)
		he_field(s32, ret)
		he_field(u64, iova)
		he_field(u64, paddr)
		he_field(u64, pgsize)
		he_field(u64, pgcount)
		he_field(u64, mapped)
		he_field(u64, dur_ns)
	),
	HE_ASSIGN(
		__entry->domain = domain;
		__entry->ret = ret;
		__entry->iova = iova;
		__entry->paddr = paddr;
		__entry->pgsize = pgsize;
		__entry->pgcount = pgcount;
		__entry->mapped = mapped;
		__entry->dur_ns = dur_ns;
	),
	HE_PRINTK("domain=%u ret=%d iova=0x%llx paddr=0x%llx pgsize=%llu pgcount=%llu mapped=%llu dur_ns=%llu",
		  __entry->domain,
		  __entry->ret,
		  __entry->iova,
		  __entry->paddr,
		  __entry->pgsize,
		  __entry->pgcount,
		  __entry->mapped,
		  __entry->dur_ns)
);

/* one kvm_iommu_unmap_pages() call at EL2, TLBI and CMD_SYNC included */
HYP_EVENT(smmu_unmap,
	HE_PROTO(u16 domain, u32 ntlbi, u64 iova, u64 pgsize, u64 pgcount, u64 unmapped, u64 dur_ns),
	HE_STRUCT(
		he_field(u16, domain)
		he_field(u32, ntlbi)
		he_field(u64, iova)
		he_field(u64, pgsize)
		he_field(u64, pgcount)
		he_field(u64, unmapped)
		he_field(u64, dur_ns)
	),
	HE_ASSIGN(
		__entry->domain = domain;
		__entry->ntlbi = ntlbi;
		__entry->iova = iova;
		__entry->pgsize = pgsize;
		__entry->pgcount = pgcount;
		__entry->unmapped = unmapped;
		__entry->dur_ns = dur_ns;
	),
	HE_PRINTK("domain=%u ntlbi=%u iova=0x%llx pgsize=%llu pgcount=%llu unmapped=%llu dur_ns=%llu",
		  __entry->domain,
		  __entry->ntlbi,
		  __entry->iova,
		  __entry->pgsize,
		  __entry->pgcount,
		  __entry->unmapped,
		  __entry->dur_ns)
);

/* one TLB invalidation command built by EL2 */
HYP_EVENT(smmu_tlbi,
	HE_PROTO(u16 smmu, u8 opcode, u8 leaf, u16 asid_vmid, u64 iova, u64 range_pages),
	HE_STRUCT(
		he_field(u16, smmu)
		he_field(u8, opcode)
		he_field(u8, leaf)
		he_field(u16, asid_vmid)
		he_field(u64, iova)
		he_field(u64, range_pages)
	),
	HE_ASSIGN(
		__entry->smmu = smmu;
		__entry->opcode = opcode;
		__entry->leaf = leaf;
		__entry->asid_vmid = asid_vmid;
		__entry->iova = iova;
		__entry->range_pages = range_pages;
	),
	HE_PRINTK("smmu=%u opcode=0x%x leaf=%u asid_vmid=%u iova=0x%llx range_pages=%llu",
		  __entry->smmu,
		  __entry->opcode,
		  __entry->leaf,
		  __entry->asid_vmid,
		  __entry->iova,
		  __entry->range_pages)
);

/* one CMD_SYNC issued by EL2 and waited for */
HYP_EVENT(smmu_sync,
	HE_PROTO(u16 smmu, u32 batch, u64 wait_ns),
	HE_STRUCT(
		he_field(u16, smmu)
		he_field(u32, batch)
		he_field(u64, wait_ns)
	),
	HE_ASSIGN(
		__entry->smmu = smmu;
		__entry->batch = batch;
		__entry->wait_ns = wait_ns;
	),
	HE_PRINTK("smmu=%u batch=%u wait_ns=%llu",
		  __entry->smmu,
		  __entry->batch,
		  __entry->wait_ns)
);

/* one trapped host write of CMDQ_PROD: copy, filter, insert, wait */
HYP_EVENT(smmu_cmdq_trap,
	HE_PROTO(u16 smmu, u32 ncmds, u32 n_tlbi, u32 n_cfgi, u32 n_sync, u32 n_dropped, u64 dur_ns, u64 wait_ns),
	HE_STRUCT(
		he_field(u16, smmu)
		he_field(u32, ncmds)
		he_field(u32, n_tlbi)
		he_field(u32, n_cfgi)
		he_field(u32, n_sync)
		he_field(u32, n_dropped)
		he_field(u64, dur_ns)
		he_field(u64, wait_ns)
	),
	HE_ASSIGN(
		__entry->smmu = smmu;
		__entry->ncmds = ncmds;
		__entry->n_tlbi = n_tlbi;
		__entry->n_cfgi = n_cfgi;
		__entry->n_sync = n_sync;
		__entry->n_dropped = n_dropped;
		__entry->dur_ns = dur_ns;
		__entry->wait_ns = wait_ns;
	),
	HE_PRINTK("smmu=%u ncmds=%u n_tlbi=%u n_cfgi=%u n_sync=%u n_dropped=%u dur_ns=%llu wait_ns=%llu",
		  __entry->smmu,
		  __entry->ncmds,
		  __entry->n_tlbi,
		  __entry->n_cfgi,
		  __entry->n_sync,
		  __entry->n_dropped,
		  __entry->dur_ns,
		  __entry->wait_ns)
);

/* one trapped host access to an SMMU register */
HYP_EVENT(smmu_mmio_trap,
	HE_PROTO(u16 smmu, u32 offset, u64 dur_ns, u8 write),
	HE_STRUCT(
		he_field(u16, smmu)
		he_field(u32, offset)
		he_field(u64, dur_ns)
		he_field(u8, write)
	),
	HE_ASSIGN(
		__entry->smmu = smmu;
		__entry->offset = offset;
		__entry->dur_ns = dur_ns;
		__entry->write = write;
	),
	HE_PRINTK("smmu=%u offset=0x%x dur_ns=%llu write=%u",
		  __entry->smmu,
		  __entry->offset,
		  __entry->dur_ns,
		  __entry->write)
);

/* one stream table entry written by EL2 (attach, detach, reshadow) */
HYP_EVENT(smmu_ste,
	HE_PROTO(u16 smmu, u32 sid, u64 dur_ns),
	HE_STRUCT(
		he_field(u16, smmu)
		he_field(u32, sid)
		he_field(u64, dur_ns)
	),
	HE_ASSIGN(
		__entry->smmu = smmu;
		__entry->sid = sid;
		__entry->dur_ns = dur_ns;
	),
	HE_PRINTK("smmu=%u sid=%u dur_ns=%llu",
		  __entry->smmu,
		  __entry->sid,
		  __entry->dur_ns)
);

/* one change of the stage-2 identity map of host memory */
HYP_EVENT(smmu_s2_idmap,
	HE_PROTO(u16 prot, u32 npages, u64 start, u64 end, u64 dur_ns),
	HE_STRUCT(
		he_field(u16, prot)
		he_field(u32, npages)
		he_field(u64, start)
		he_field(u64, end)
		he_field(u64, dur_ns)
	),
	HE_ASSIGN(
		__entry->prot = prot;
		__entry->npages = npages;
		__entry->start = start;
		__entry->end = end;
		__entry->dur_ns = dur_ns;
	),
	HE_PRINTK("prot=0x%x npages=%u start=0x%llx end=0x%llx dur_ns=%llu",
		  __entry->prot,
		  __entry->npages,
		  __entry->start,
		  __entry->end,
		  __entry->dur_ns)
);

/* one kvm_iommu_map_sg() call at EL2 (a scatterlist in one hypercall) */
HYP_EVENT(smmu_map_sg,
	HE_PROTO(u16 domain, u32 nent, u64 iova, u64 mapped, u64 dur_ns),
	HE_STRUCT(
		he_field(u16, domain)
		he_field(u32, nent)
		he_field(u64, iova)
		he_field(u64, mapped)
		he_field(u64, dur_ns)
	),
	HE_ASSIGN(
		__entry->domain = domain;
		__entry->nent = nent;
		__entry->iova = iova;
		__entry->mapped = mapped;
		__entry->dur_ns = dur_ns;
	),
	HE_PRINTK("domain=%u nent=%u iova=0x%llx mapped=%llu dur_ns=%llu",
		  __entry->domain,
		  __entry->nent,
		  __entry->iova,
		  __entry->mapped,
		  __entry->dur_ns)
);

/* one non-empty bucket of an EL2 histogram, read out (aggregated mode) */
HYP_EVENT(smmu_hist,
	HE_PROTO(u16 op, u16 cpu, u16 bucket, u32 count, u32 seq, u32 nr_buckets, u32 over, u64 total, u64 min, u64 max, u64 sum),
	HE_STRUCT(
		he_field(u16, op)
		he_field(u16, cpu)
		he_field(u16, bucket)
		he_field(u32, count)
		he_field(u32, seq)
		he_field(u32, nr_buckets)
		he_field(u32, over)
		he_field(u64, total)
		he_field(u64, min)
		he_field(u64, max)
		he_field(u64, sum)
	),
	HE_ASSIGN(
		__entry->op = op;
		__entry->cpu = cpu;
		__entry->bucket = bucket;
		__entry->count = count;
		__entry->seq = seq;
		__entry->nr_buckets = nr_buckets;
		__entry->over = over;
		__entry->total = total;
		__entry->min = min;
		__entry->max = max;
		__entry->sum = sum;
	),
	HE_PRINTK("op=%u cpu=%u bucket=%u count=%u seq=%u nr_buckets=%u over=%u total=%llu min=%llu max=%llu sum=%llu",
		  __entry->op,
		  __entry->cpu,
		  __entry->bucket,
		  __entry->count,
		  __entry->seq,
		  __entry->nr_buckets,
		  __entry->over,
		  __entry->total,
		  __entry->min,
		  __entry->max,
		  __entry->sum)
);

#endif /* __ARM64_KVM_SMMU_HYPEVENTS_H_ */

#if defined(__KVM_NVHE_HYPERVISOR__) && !defined(__ARM64_KVM_SMMU_HYPEVENTS_TIMING_)
#define __ARM64_KVM_SMMU_HYPEVENTS_TIMING_
#include <nvhe/clock.h>

/* Start of a measured section: CLOCK_BOOTTIME ns read at EL2. */
static __always_inline u64 smmu_trace_start(void)
{
	return trace_clock();
}

/* ns since start; 0 when tracing is compiled out (trace_clock() is 0). */
static __always_inline u64 smmu_trace_dur_ns(u64 start)
{
	u64 now = trace_clock();

	return now > start ? now - start : 0;
}
#endif
