/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated SMMUv3 (Arm IHI 0070): a command queue in simulated memory
 * (2^n 16-byte entries, PROD/CONS with a wrap bit, §3.5), a linear stream
 * table of 64-byte STEs (§5.2), 64-byte context descriptors (§5.4), an
 * IOTLB and a walk cache. The SMMU consumes commands serially at a
 * per-command cost; a command takes effect (and CONS moves past it) at its
 * completion time, so CMD_SYNC completes when every earlier command has.
 */
#ifndef MODEL_SMMU_H
#define MODEL_SMMU_H

#include "hypev_types.h"
#include "model_smmu_cmd.h"

struct model_sim;
struct model_mem;

struct model_iotlb_ent {
	u64 va;			/* leaf-aligned input address */
	u64 pa;
	u64 size;		/* leaf size */
	u64 lru;
	u16 asid, vmid;
	bool valid;
};

struct model_wc_ent {
	u64 va;			/* input address >> (level's shift - 9) */
	u64 table;		/* table PA (or IPA) at `level` */
	u64 lru;
	u16 tag;		/* asid (stage 1) or vmid (stage 2) */
	u8 level, stage;
	bool valid;
};

struct model_cmd_log {
	u64 w[2];
	u64 write_ns, done_ns;
	int cpu;
};

#define MODEL_CMD_LOG	64

/* STE.Config (IHI 0070 §5.2) */
#define MODEL_STE_CFG_BYPASS	4
#define MODEL_STE_CFG_S1	5
#define MODEL_STE_CFG_S2	6
#define MODEL_STE_CFG_NESTED	7

/* STE word 0 fields, IHI 0070 §5.2: an STE is 64 bytes */
#define MODEL_STE_SIZE			64
#define MODEL_STE_0_V			(1ULL << 0)
#define MODEL_STE_0_CFG_SHIFT		1			/* Config [3:1] */
#define MODEL_STE_0_S1CTXPTR_MASK	0x000fffffffffffc0ULL	/* [51:6] */

/* STE word 0: valid, Config CFG, S1ContextPtr CD_PA. */
static inline u64 model_ste_word0(int cfg, u64 cd_pa)
{
	return MODEL_STE_0_V | ((u64)cfg << MODEL_STE_0_CFG_SHIFT) |
	       (cd_pa & MODEL_STE_0_S1CTXPTR_MASK);
}

static inline bool model_ste_valid(u64 d0)
{
	return d0 & MODEL_STE_0_V;
}

static inline u64 model_ste_s1ctxptr(u64 d0)
{
	return d0 & MODEL_STE_0_S1CTXPTR_MASK;
}

/* The STE of SID in a linear stream table of NR_SIDS entries at STRTAB. */
static inline u64 model_ste_addr(u64 strtab, u32 nr_sids, u32 sid)
{
	return strtab + (u64)(sid % nr_sids) * MODEL_STE_SIZE;
}

/*
 * Queue pointers, IHI 0070 §3.5: a queue of 2^SHIFT entries; PROD and CONS
 * carry the index in bits [SHIFT-1:0] and, above it, a wrap bit.
 */
static inline u32 model_q_entries(u32 shift)
{
	return 1u << shift;
}

static inline u32 model_q_idx(u32 shift, u32 p)
{
	return p & ((1u << shift) - 1);
}

/* P (or a difference of two pointers) with its wrap bit, nothing above. */
static inline u32 model_q_wrapidx(u32 shift, u32 p)
{
	return p & ((2u << shift) - 1);
}

static inline u32 model_q_inc(u32 shift, u32 p)
{
	return model_q_wrapidx(shift, p + 1);
}

/* A command queue's entries are 16 bytes (§4.1): its size and the slot P points to. */
#define MODEL_CMDQ_ENT_BYTES	16

static inline u64 model_cmdq_bytes(u32 shift)
{
	return (u64)MODEL_CMDQ_ENT_BYTES << shift;
}

static inline u64 model_cmdq_slot(u64 base, u32 shift, u32 p)
{
	return base + (u64)model_q_idx(shift, p) * MODEL_CMDQ_ENT_BYTES;
}

struct model_smmu {
	struct model_sim *sim;
	struct model_mem *mem;
	/* command queue */
	u32 shift;		/* log2 entries */
	u64 q_base;
	u32 prod;		/* published (SMMU_CMDQ_PROD), wrap bit at 1 << shift */
	u32 wprod;		/* written by software, not yet published */
	u32 cons;		/* SMMU_CMDQ_CONS */
	u64 *done_at;		/* completion time per slot */
	u64 written_seq;	/* commands written so far (the last one's number) */
	u64 consumed_seq;	/* commands consumed so far (queue order = write order) */
	u64 last_done;
	u64 last_publish;
	/* configuration */
	u64 strtab;		/* stream table base, linear */
	u32 nr_sids;
	u64 cd_base;
	bool cfg_cached;	/* STE + CD held in the configuration cache */
	int cfg;		/* cached STE.Config */
	u64 s1_root, s2_root;	/* cached CD.TTB0 and STE.S2TTB */
	u16 asid, vmid;
	/* caches */
	struct model_iotlb_ent *iotlb;
	unsigned int iotlb_sets, iotlb_ways;
	u64 nr_blocks;		/* valid IOTLB entries larger than 4 KiB */
	struct model_wc_ent *wc;
	unsigned int wc_entries;
	u64 lru_clock;
	/* what happened */
	struct model_cmd_log log[MODEL_CMD_LOG];
	u64 log_n;
	u64 cmds, tlbi, syncs, cfgi, hits, misses, walk_reads, faults;
};

int model_smmu_init(struct model_smmu *s, struct model_sim *sim);
void model_smmu_free(struct model_smmu *s);

static inline u32 model_smmu_q_size(const struct model_smmu *s)
{
	return model_q_entries(s->shift);
}

/* Entries between CONS and wprod. */
u32 model_smmu_q_used(const struct model_smmu *s);
/* Consume every command that completes by t. */
void model_smmu_advance(struct model_smmu *s, u64 t);
/* The time the queue has room for n more commands (>= t). */
u64 model_smmu_room_at(struct model_smmu *s, u64 t, u32 n);
/* Encode and write n commands at wprod (room must exist). */
void model_smmu_cmdq_write(struct model_smmu *s, const struct model_cmd *c, unsigned int n,
			   int cpu, u64 t);
/*
 * Software writes SMMU_CMDQ_PROD = wprod at time t. Returns the completion
 * time of the last published command.
 */
u64 model_smmu_cmdq_publish(struct model_smmu *s, u64 t);
/* SMMU_CMDQ_CONS as read at time t. */
u32 model_smmu_cons_read(struct model_smmu *s, u64 t);
/* Raw command words at queue index idx (with wrap bit) */
void model_smmu_cmdq_peek(struct model_smmu *s, u32 idx, u64 w[2]);

/* STE / CD in simulated memory */
void model_smmu_ste_write(struct model_smmu *s, u32 sid, int cfg, u64 cd_pa, u64 s2ttb,
			  u16 vmid);
void model_smmu_cd_write(struct model_smmu *s, u64 cd_pa, u64 ttb0, u16 asid);

/*
 * A device access to iova at time t. Returns 0 with *pa and the translation
 * cost (IOTLB hit or walk reads) in *cost_ns, or -EFAULT (translation
 * fault). *stale is set when the IOTLB answered with a translation the live
 * tables no longer hold.
 */
int model_smmu_translate(struct model_smmu *s, u64 t, u64 iova, bool write, u64 *pa,
			 u64 *cost_ns, bool *stale);
/* The last n logged commands, one per line, into buf. */
int model_smmu_log_describe(struct model_smmu *s, unsigned int n, u64 since_ns, char *buf,
			    size_t len);

#endif
