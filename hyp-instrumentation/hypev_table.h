/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EL2 event contract: the ONE table every consumer derives from.
 *
 * No include guard on purpose: this is an X-macro table. A consumer defines
 * HYPEV_EVENT(name, design, summary) and HYPEV_FIELD(ctx, type, name, unit,
 * fmt) and expands HYPEV_EVENTS(HYPEV_EVENT) and
 * HYPEV_FIELDS_<name>(HYPEV_FIELD, ctx); ctx is passed through untouched
 * (usually the event name).
 *
 * Layout rule: a trace remote prints field offsets in its format files as
 * the running sum of field sizes after the 2-byte event id
 * (remote_event_format_show() in kernel/trace/trace_remote.c), while the
 * EL2 struct is naturally aligned. The two agree only if no field needs
 * padding, so fields are ordered to be padding-free (u16 first, then u32,
 * then u64). tests/unit/test_hypev_table.c fails if an event breaks this.
 *
 * Every field is an unsigned or signed integer. Units:
 *   ns, bytes, pages, count, addr (an address), id, enum, bool, errno, flags, value (in the
 *   unit of the field it summarises: smmu_hist).
 * fmt is the printk conversion of the value; the text reader parses
 * "key=value" pairs, so values never contain spaces.
 */

/*
 * HYPEV_EVENT(name, design, summary)
 *   design: HYPEV_D_PARAVIRT, HYPEV_D_NESTED, HYPEV_D_BOTH or HYPEV_D_UPSTREAM
 *   (UPSTREAM: defined by mainline kvm_hypevents.h, listed so the model can
 *   emit it and the collector decode it; the hook header does not define it.)
 */
#define HYPEV_EVENTS(EV)							\
	EV(smmu_map, HYPEV_D_PARAVIRT,						\
	   "one kvm_iommu_map_pages() call at EL2")				\
	EV(smmu_unmap, HYPEV_D_PARAVIRT,					\
	   "one kvm_iommu_unmap_pages() call at EL2, TLBI and CMD_SYNC included") \
	EV(smmu_tlbi, HYPEV_D_BOTH,						\
	   "one TLB invalidation command built by EL2")				\
	EV(smmu_sync, HYPEV_D_BOTH,						\
	   "one CMD_SYNC issued by EL2 and waited for")				\
	EV(smmu_cmdq_trap, HYPEV_D_NESTED,					\
	   "one trapped host write of CMDQ_PROD: copy, filter, insert, wait")	\
	EV(smmu_mmio_trap, HYPEV_D_NESTED,					\
	   "one trapped host access to an SMMU register")			\
	EV(smmu_ste, HYPEV_D_BOTH,						\
	   "one stream table entry written by EL2 (attach, detach, reshadow)")	\
	EV(smmu_s2_idmap, HYPEV_D_NESTED,					\
	   "one change of the stage-2 identity map of host memory")		\
	EV(smmu_map_sg, HYPEV_D_PARAVIRT,					\
	   "one kvm_iommu_map_sg() call at EL2 (a scatterlist in one hypercall)") \
	EV(hyp_enter, HYPEV_D_UPSTREAM,						\
	   "entry to EL2 (mainline kvm_hypevents.h)")				\
	EV(hyp_exit, HYPEV_D_UPSTREAM,						\
	   "exit from EL2 (mainline kvm_hypevents.h)")				\
	EV(smmu_hist, HYPEV_D_BOTH,						\
	   "one non-empty bucket of an EL2 histogram, read out (aggregated mode)")

/* HYPEV_FIELD(ctx, type, name, unit, fmt) */

#define HYPEV_FIELDS_smmu_map(F, X)						\
	F(X, u16, domain,   id,    "%u")						\
	F(X, s32, ret,      errno, "%d")						\
	F(X, u64, iova,     addr,  "0x%llx")					\
	F(X, u64, paddr,    addr,  "0x%llx")					\
	F(X, u64, pgsize,   bytes, "%llu")						\
	F(X, u64, pgcount,  count, "%llu")						\
	F(X, u64, mapped,   bytes, "%llu")						\
	F(X, u64, dur_ns,   ns,    "%llu")

/* nent: scatterlist entries the host passed; mapped: bytes mapped of them all. */
#define HYPEV_FIELDS_smmu_map_sg(F, X)						\
	F(X, u16, domain,   id,    "%u")						\
	F(X, u32, nent,     count, "%u")						\
	F(X, u64, iova,     addr,  "0x%llx")					\
	F(X, u64, mapped,   bytes, "%llu")						\
	F(X, u64, dur_ns,   ns,    "%llu")

#define HYPEV_FIELDS_smmu_unmap(F, X)						\
	F(X, u16, domain,   id,    "%u")						\
	F(X, u32, ntlbi,    count, "%u")						\
	F(X, u64, iova,     addr,  "0x%llx")					\
	F(X, u64, pgsize,   bytes, "%llu")						\
	F(X, u64, pgcount,  count, "%llu")						\
	F(X, u64, unmapped, bytes, "%llu")						\
	F(X, u64, dur_ns,   ns,    "%llu")

/* opcode: SMMUv3 command opcode (IHI 0070, 4.4 "TLB invalidation"). */
#define HYPEV_FIELDS_smmu_tlbi(F, X)						\
	F(X, u16, smmu,        id,    "%u")					\
	F(X, u8,  opcode,      enum,  "0x%x")					\
	F(X, u8,  leaf,        bool,  "%u")					\
	F(X, u16, asid_vmid,   id,    "%u")					\
	F(X, u64, iova,        addr,  "0x%llx")				\
	F(X, u64, range_pages, pages, "%llu")

#define HYPEV_FIELDS_smmu_sync(F, X)						\
	F(X, u16, smmu,     id,    "%u")						\
	F(X, u32, batch,    count, "%u")						\
	F(X, u64, wait_ns,  ns,    "%llu")

#define HYPEV_FIELDS_smmu_cmdq_trap(F, X)						\
	F(X, u16, smmu,      id,    "%u")						\
	F(X, u32, ncmds,     count, "%u")						\
	F(X, u32, n_tlbi,    count, "%u")						\
	F(X, u32, n_cfgi,    count, "%u")						\
	F(X, u32, n_sync,    count, "%u")						\
	F(X, u32, n_dropped, count, "%u")						\
	F(X, u64, dur_ns,    ns,    "%llu")					\
	F(X, u64, wait_ns,   ns,    "%llu")

#define HYPEV_FIELDS_smmu_mmio_trap(F, X)						\
	F(X, u16, smmu,    id,    "%u")						\
	F(X, u32, offset,  bytes, "0x%x")						\
	F(X, u64, dur_ns,  ns,    "%llu")						\
	F(X, u8,  write,   bool,  "%u")

#define HYPEV_FIELDS_smmu_ste(F, X)						\
	F(X, u16, smmu,    id,    "%u")						\
	F(X, u32, sid,     id,    "%u")						\
	F(X, u64, dur_ns,  ns,    "%llu")

#define HYPEV_FIELDS_smmu_s2_idmap(F, X)						\
	F(X, u16, prot,    flags, "0x%x")						\
	F(X, u32, npages,  pages, "%u")						\
	F(X, u64, start,   addr,  "0x%llx")					\
	F(X, u64, end,     addr,  "0x%llx")					\
	F(X, u64, dur_ns,  ns,    "%llu")

/*
 * Aggregated mode (hypev_hist.h): one event per non-empty bucket of one
 * op's histogram on one CPU, at readout. op: enum hypev_hist_op; bucket:
 * index in the shared layout (hypev_hist_index()); count: that bucket's
 * samples; seq: 0 .. nr_buckets - 1 within this op's readout; over: values
 * not binned; total/min/max/sum: the op's summary on that CPU (repeated in
 * every bucket, so any one record is self-describing), in the op field's
 * unit ("value": ns, or pages for tlbi).
 */
#define HYPEV_FIELDS_smmu_hist(F, X)						\
	F(X, u16, op,         enum,  "%u")					\
	F(X, u16, cpu,        id,    "%u")					\
	F(X, u16, bucket,     id,    "%u")					\
	F(X, u32, count,      count, "%u")					\
	F(X, u32, seq,        count, "%u")					\
	F(X, u32, nr_buckets, count, "%u")					\
	F(X, u32, over,       count, "%u")					\
	F(X, u64, total,      count, "%llu")					\
	F(X, u64, min,        value, "%llu")					\
	F(X, u64, max,        value, "%llu")					\
	F(X, u64, sum,        value, "%llu")

/*
 * Mainline 7.1 kvm_hypevents.h: u8 reason, pid_t vcpu. Its struct puts vcpu
 * at offset 4 but the remote's format file says 3 (see the layout rule
 * above); decode vcpu from the text output, never from raw pages.
 */
#define HYPEV_FIELDS_hyp_enter(F, X)						\
	F(X, u8,  reason,  enum,  "%u")						\
	F(X, s32, vcpu,    id,    "%d")

#define HYPEV_FIELDS_hyp_exit(F, X)						\
	F(X, u8,  reason,  enum,  "%u")						\
	F(X, s32, vcpu,    id,    "%d")
