// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated SMMUv3: command consumption, configuration fetch, IOTLB
 * and walk cache, translation (single stage: up to 4 descriptor reads;
 * nested: every stage-1 descriptor address translated by stage 2, up to
 * 24 reads).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

/* IHI 0070 §3.5: PROD/CONS carry the index and, above it, a wrap bit (model_smmu.h) */
#define Q_IDX(s, p)	model_q_idx((s)->shift, p)
#define Q_WRAPIDX(s, p)	model_q_wrapidx((s)->shift, p)

#define LVL_SHIFT(l)	(39 - 9 * (l))
#define LVL_IDX(va, l)	(((va) >> LVL_SHIFT(l)) & 511)
#define PTE_ADDR_MASK	0x0000fffffffff000ULL

/* STE and CD fields, IHI 0070 §5.2 and §5.4 (STE word 0: model_smmu.h) */
#define STE_2_S2VMID_MASK	0xffffULL	/* [15:0] */
#define STE_2_S2AA64		(1ULL << 51)
#define STE_3_S2TTB_MASK	0x000ffffffffffff0ULL	/* [51:4] */
#define CD_0_T0SZ(x)		((u64)(x))	/* [5:0] */
#define CD_0_V			(1ULL << 31)
#define CD_0_AA64		(1ULL << 41)
#define CD_0_ASID_SHIFT		48		/* [63:48] */
#define CD_1_TTB0_MASK		0x000ffffffffffff0ULL	/* [51:4] */

int model_smmu_init(struct model_smmu *s, struct model_sim *sim)
{
	unsigned int entries;

	memset(s, 0, sizeof(*s));
	s->sim = sim;
	s->mem = &sim->mem;
	s->shift = MODEL_P(sim, cmdq_log2_entries);
	s->q_base = 0;
	/* the queue: 2^n * 16 bytes of contiguous simulated memory */
	for (u32 i = 0; i < (model_cmdq_bytes(s->shift) + MODEL_PAGE_SIZE - 1) / MODEL_PAGE_SIZE; i++) {
		u64 pa = model_mem_pt_alloc(s->mem);

		if (!pa)
			return -ENOMEM;
		if (!s->q_base)
			s->q_base = pa;
	}
	s->done_at = calloc(1u << s->shift, sizeof(*s->done_at));
	s->nr_sids = 64;
	s->strtab = model_mem_pt_alloc(s->mem);	/* 64 STEs x 64 bytes = 4 KiB */
	s->cd_base = model_mem_pt_alloc(s->mem);
	entries = sim->cfg->knobs.iotlb_entries ? sim->cfg->knobs.iotlb_entries :
		  MODEL_P(sim, iotlb_entries);
	s->iotlb_ways = MODEL_P(sim, iotlb_ways);
	if (!s->iotlb_ways || s->iotlb_ways > entries)
		s->iotlb_ways = entries;
	s->iotlb_sets = entries / s->iotlb_ways;
	if (!s->iotlb_sets)
		s->iotlb_sets = 1;
	s->iotlb = calloc((size_t)s->iotlb_sets * s->iotlb_ways, sizeof(*s->iotlb));
	s->wc_entries = MODEL_P(sim, walk_cache_entries);
	s->wc = calloc(s->wc_entries ? s->wc_entries : 1, sizeof(*s->wc));
	if (!s->done_at || !s->strtab || !s->cd_base || !s->iotlb || !s->wc)
		return -ENOMEM;
	return 0;
}

void model_smmu_free(struct model_smmu *s)
{
	free(s->done_at);
	free(s->iotlb);
	free(s->wc);
	s->done_at = NULL;
	s->iotlb = NULL;
	s->wc = NULL;
}

u32 model_smmu_q_used(const struct model_smmu *s)
{
	return Q_WRAPIDX(s, s->wprod - s->cons);
}

static u64 cmd_cost_nominal(struct model_sim *sim, const struct model_cmd *c)
{
	if (c->opcode == MODEL_CMD_SYNC)
		return MODEL_P(sim, smmu_sync);
	if (model_cmd_is_tlbi(c->opcode))
		return c->tg ? MODEL_P(sim, smmu_tlbi_range) : MODEL_P(sim, smmu_tlbi);
	if (c->opcode == MODEL_CMD_CFGI_STE || c->opcode == MODEL_CMD_CFGI_CD ||
	    c->opcode == MODEL_CMD_CFGI_ALL)
		return MODEL_P(sim, smmu_cfgi);
	return MODEL_P(sim, smmu_cmd);
}

/* The SMMU's service time of one command, varied by the profile's jitter */
static u64 cmd_cost(struct model_sim *sim, const struct model_cmd *c)
{
	return model_sim_jitter(sim, cmd_cost_nominal(sim, c));
}

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

static void wc_inval(struct model_smmu *s, int stage, u16 tag, bool all_tags, u64 va, u64 len)
{
	unsigned int i;

	for (i = 0; i < s->wc_entries; i++) {
		struct model_wc_ent *e = &s->wc[i];
		u64 span, base;

		if (!e->valid || e->stage != stage || (!all_tags && e->tag != tag))
			continue;
		span = 1ULL << (LVL_SHIFT(e->level) + 9);
		base = e->va << (LVL_SHIFT(e->level) + 9);
		if (!len || overlaps(base, span, va, len))
			e->valid = false;
	}
}

static void iotlb_inval_ent(struct model_smmu *s, struct model_iotlb_ent *e, bool by_asid,
			    u16 asid, u16 vmid, u64 va, u64 len)
{
	if (!e->valid || e->vmid != vmid || (by_asid && e->asid != asid))
		return;
	if (!len || overlaps(e->va, e->size, va, len)) {
		e->valid = false;
		if (e->size > MODEL_PAGE_SIZE)
			s->nr_blocks--;
	}
}

static void iotlb_inval(struct model_smmu *s, bool by_asid, u16 asid, u16 vmid, u64 va, u64 len)
{
	unsigned int i, w, n = s->iotlb_sets * s->iotlb_ways;

	/* only 4 KiB entries cached and a short range: look in the sets it maps to */
	if (!s->nr_blocks && len && (len >> MODEL_PAGE_SHIFT) <= s->iotlb_sets) {
		for (i = 0; i < (len >> MODEL_PAGE_SHIFT); i++) {
			struct model_iotlb_ent *set =
				&s->iotlb[(((va >> MODEL_PAGE_SHIFT) + i) % s->iotlb_sets) * s->iotlb_ways];

			for (w = 0; w < s->iotlb_ways; w++)
				iotlb_inval_ent(s, &set[w], by_asid, asid, vmid, va, len);
		}
		return;
	}
	for (i = 0; i < n; i++)
		iotlb_inval_ent(s, &s->iotlb[i], by_asid, asid, vmid, va, len);
}

static void cmd_execute(struct model_smmu *s, const struct model_cmd *c)
{
	u64 len = model_cmd_tlbi_pages(c) << MODEL_PAGE_SHIFT;

	s->cmds++;
	switch (c->opcode) {
	case MODEL_CMD_TLBI_NH_VA:
		iotlb_inval(s, true, c->asid, c->vmid, c->addr, len);
		if (!c->leaf)
			wc_inval(s, 1, c->asid, false, c->addr, len);
		break;
	case MODEL_CMD_TLBI_NH_VAA:
		iotlb_inval(s, false, 0, c->vmid, c->addr, len);
		if (!c->leaf)
			wc_inval(s, 1, 0, true, c->addr, len);
		break;
	case MODEL_CMD_TLBI_NH_ASID:
		iotlb_inval(s, true, c->asid, c->vmid, 0, 0);
		wc_inval(s, 1, c->asid, false, 0, 0);
		break;
	case MODEL_CMD_TLBI_NH_ALL:
		iotlb_inval(s, false, 0, c->vmid, 0, 0);
		wc_inval(s, 1, 0, true, 0, 0);
		break;
	case MODEL_CMD_TLBI_S2_IPA:
		/* §4.4.9: stage-2-only entries; combined entries need NH_ALL too */
		wc_inval(s, 2, c->vmid, false, c->addr, len);
		break;
	case MODEL_CMD_TLBI_S12_VMALL:
		iotlb_inval(s, false, 0, c->vmid, 0, 0);
		wc_inval(s, 1, 0, true, 0, 0);
		wc_inval(s, 2, c->vmid, false, 0, 0);
		break;
	case MODEL_CMD_CFGI_STE:
	case MODEL_CMD_CFGI_CD:
	case MODEL_CMD_CFGI_ALL:
		s->cfg_cached = false;
		s->cfgi++;
		break;
	case MODEL_CMD_SYNC:
		s->syncs++;
		break;
	default:
		break;
	}
	if (model_cmd_is_tlbi(c->opcode))
		s->tlbi++;
}

void model_smmu_cmdq_peek(struct model_smmu *s, u32 idx, u64 w[2])
{
	u64 pa = model_cmdq_slot(s->q_base, s->shift, idx);

	w[0] = model_mem_read64(s->mem, pa);
	w[1] = model_mem_read64(s->mem, pa + 8);
}

void model_smmu_advance(struct model_smmu *s, u64 t)
{
	while (s->cons != s->prod && s->done_at[Q_IDX(s, s->cons)] <= t) {
		struct model_cmd c;
		u64 w[2];

		/* the SMMU reads the command from queue memory, as hardware does */
		model_smmu_cmdq_peek(s, s->cons, w);
		s->consumed_seq++;
		if (!model_cmd_decode(w, &c)) {
			cmd_execute(s, &c);
			if (c.opcode == MODEL_CMD_SYNC)
				model_oracle_sync_done(s->sim, s->consumed_seq,
						       s->done_at[Q_IDX(s, s->cons)]);
		}
		s->cons = Q_WRAPIDX(s, s->cons + 1);
	}
}

u64 model_smmu_room_at(struct model_smmu *s, u64 t, u32 n)
{
	u32 size = model_smmu_q_size(s);

	model_smmu_advance(s, t);
	while (model_smmu_q_used(s) + n > size) {
		u64 when = s->done_at[Q_IDX(s, s->cons)];

		if (s->cons == s->prod)
			break;	/* only unpublished entries: cannot happen with write+publish */
		if (when > t)
			t = when;
		model_smmu_advance(s, t);
	}
	return t;
}

void model_smmu_cmdq_write(struct model_smmu *s, const struct model_cmd *c, unsigned int n,
			   int cpu, u64 t)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 w[2], pa = model_cmdq_slot(s->q_base, s->shift, s->wprod);
		struct model_cmd_log *lg = &s->log[s->log_n++ % MODEL_CMD_LOG];

		model_cmd_encode(&c[i], w);
		model_mem_write64(s->mem, pa, w[0]);
		model_mem_write64(s->mem, pa + 8, w[1]);
		lg->w[0] = w[0];
		lg->w[1] = w[1];
		lg->write_ns = t;
		lg->done_ns = 0;
		lg->cpu = cpu;
		s->wprod = Q_WRAPIDX(s, s->wprod + 1);
		model_oracle_cmd_written(s->sim, &c[i], ++s->written_seq);
	}
}

u64 model_smmu_cmdq_publish(struct model_smmu *s, u64 t)
{
	u32 n_new = Q_WRAPIDX(s, s->wprod - s->prod), j;

	while (s->prod != s->wprod) {
		struct model_cmd c;
		u64 w[2], start;

		model_smmu_cmdq_peek(s, s->prod, w);
		model_cmd_decode(w, &c);
		start = s->last_done > t ? s->last_done : t;
		s->last_done = start + cmd_cost(s->sim, &c);
		s->done_at[Q_IDX(s, s->prod)] = s->last_done;
		s->prod = Q_WRAPIDX(s, s->prod + 1);
	}
	/* the newest log entries are the commands just published */
	for (j = 0; j < n_new && j < MODEL_CMD_LOG && j < s->log_n; j++)
		s->log[(s->log_n - 1 - j) % MODEL_CMD_LOG].done_ns =
			s->done_at[Q_IDX(s, s->prod - 1 - j)];
	s->last_publish = t;
	return s->last_done;
}

u32 model_smmu_cons_read(struct model_smmu *s, u64 t)
{
	model_smmu_advance(s, t);
	return s->cons;
}

void model_smmu_ste_write(struct model_smmu *s, u32 sid, int cfg, u64 cd_pa, u64 s2ttb,
			  u16 vmid)
{
	u64 ste = model_ste_addr(s->strtab, s->nr_sids, sid);

	/* dwords 1..3 first, then dword 0 with V: the order the spec requires (§3.21.3) */
	model_mem_write64(s->mem, ste + 8, 0);
	model_mem_write64(s->mem, ste + 16, (u64)vmid | STE_2_S2AA64);
	model_mem_write64(s->mem, ste + 24, s2ttb & STE_3_S2TTB_MASK);
	model_mem_write64(s->mem, ste, model_ste_word0(cfg, cd_pa));
}

void model_smmu_cd_write(struct model_smmu *s, u64 cd_pa, u64 ttb0, u16 asid)
{
	model_mem_write64(s->mem, cd_pa + 8, ttb0 & CD_1_TTB0_MASK);
	model_mem_write64(s->mem, cd_pa, CD_0_T0SZ(16) | CD_0_V | CD_0_AA64 |
			  ((u64)asid << CD_0_ASID_SHIFT));
}

/* Configuration fetch: STE (and CD) from memory; 0 or -EFAULT. */
static int smmu_fetch_cfg(struct model_smmu *s, u32 sid, unsigned int *reads)
{
	u64 ste = model_ste_addr(s->strtab, s->nr_sids, sid);
	u64 d0 = model_mem_read64(s->mem, ste);
	u64 cd, c0;

	*reads += 1;
	if (!model_ste_valid(d0))
		return -EFAULT;
	s->cfg = (d0 >> MODEL_STE_0_CFG_SHIFT) & 7;
	s->vmid = model_mem_read64(s->mem, ste + 16) & STE_2_S2VMID_MASK;
	s->s2_root = model_mem_read64(s->mem, ste + 24) & STE_3_S2TTB_MASK;
	s->asid = 0;
	s->s1_root = 0;
	if (s->cfg == MODEL_STE_CFG_S1 || s->cfg == MODEL_STE_CFG_NESTED) {
		cd = model_ste_s1ctxptr(d0);
		c0 = model_mem_read64(s->mem, cd);
		*reads += 1;
		if (!(c0 & CD_0_V))
			return -EFAULT;
		s->asid = c0 >> CD_0_ASID_SHIFT;
		s->s1_root = model_mem_read64(s->mem, cd + 8) & CD_1_TTB0_MASK;
	}
	s->cfg_cached = true;
	return 0;
}

static struct model_wc_ent *wc_lookup(struct model_smmu *s, int stage, u16 tag, int level, u64 va)
{
	u64 key = va >> (LVL_SHIFT(level) + 9);
	unsigned int i;

	for (i = 0; i < s->wc_entries; i++) {
		struct model_wc_ent *e = &s->wc[i];

		if (e->valid && e->stage == stage && e->tag == tag && e->level == level &&
		    e->va == key) {
			e->lru = ++s->lru_clock;
			return e;
		}
	}
	return NULL;
}

static void wc_insert(struct model_smmu *s, int stage, u16 tag, int level, u64 va, u64 table)
{
	struct model_wc_ent *victim = NULL;
	unsigned int i;

	if (!s->wc_entries)
		return;
	for (i = 0; i < s->wc_entries; i++) {
		struct model_wc_ent *e = &s->wc[i];

		if (!e->valid) {
			victim = e;
			break;
		}
		if (!victim || e->lru < victim->lru)
			victim = e;
	}
	victim->valid = true;
	victim->stage = stage;
	victim->tag = tag;
	victim->level = level;
	victim->va = va >> (LVL_SHIFT(level) + 9);
	victim->table = table;
	victim->lru = ++s->lru_clock;
}

static int smmu_walk(struct model_smmu *s, int stage, u64 root, u16 tag, u64 va, u64 *out,
		     u64 *leaf, unsigned int *reads);

/* A stage-1 descriptor fetch in nested mode goes through stage 2 first. */
static int smmu_desc_read(struct model_smmu *s, int stage, u64 addr, u64 *d, unsigned int *reads)
{
	u64 pa = addr, leaf;
	int ret;

	if (stage == 1 && s->cfg == MODEL_STE_CFG_NESTED) {
		ret = smmu_walk(s, 2, s->s2_root, s->vmid, addr, &pa, &leaf, reads);
		if (ret)
			return ret;
	}
	*d = model_mem_read64(s->mem, pa);
	*reads += 1;
	return 0;
}

static int smmu_walk(struct model_smmu *s, int stage, u64 root, u16 tag, u64 va, u64 *out,
		     u64 *leaf, unsigned int *reads)
{
	u64 table = root, d;
	int level = 0, l, ret;
	struct model_wc_ent *e;

	/* deepest cached table first (level 3, then 2, then 1) */
	for (l = 3; l >= 1; l--) {
		e = wc_lookup(s, stage, tag, l, va);
		if (e) {
			table = e->table;
			level = l;
			break;
		}
	}
	for (; level < 4; level++) {
		ret = smmu_desc_read(s, stage, table + LVL_IDX(va, level) * 8, &d, reads);
		if (ret)
			return ret;
		if (!(d & 1))
			return -EFAULT;
		if (level < 3 && (d & 2)) {
			table = d & PTE_ADDR_MASK;
			wc_insert(s, stage, tag, level + 1, va, table);
			continue;
		}
		if (level == 0 || (level == 3 && !(d & 2)))
			return -EFAULT;
		*leaf = 1ULL << LVL_SHIFT(level);
		*out = (d & PTE_ADDR_MASK & ~(*leaf - 1)) | (va & (*leaf - 1));
		return 0;
	}
	return -EFAULT;
}

static struct model_iotlb_ent *iotlb_set(struct model_smmu *s, u64 va)
{
	/* index by the 4 KiB page (so blocks and pages share the structure) */
	return &s->iotlb[((va >> 12) % s->iotlb_sets) * s->iotlb_ways];
}

/* What the live tables say now (no caches, no cost): the oracle's truth. */
static int smmu_live_translate(struct model_smmu *s, u64 iova, u64 *pa)
{
	u64 leaf, dpa[4];
	int nr;
	unsigned int prot;
	struct model_pgtable pt = { .mem = s->mem, .stage = 1, .root = s->s1_root };

	if (s->cfg == MODEL_STE_CFG_S2)
		pt.root = s->s2_root, pt.stage = 2;
	if (model_pgtable_walk(&pt, iova, pa, &leaf, dpa, &nr, &prot))
		return -EFAULT;
	if (s->cfg == MODEL_STE_CFG_NESTED) {
		struct model_pgtable s2 = { .mem = s->mem, .stage = 2, .root = s->s2_root };

		if (model_pgtable_walk(&s2, *pa, pa, &leaf, dpa, &nr, &prot))
			return -EFAULT;
	}
	return 0;
}

int model_smmu_translate(struct model_smmu *s, u64 t, u64 iova, bool write, u64 *pa,
			 u64 *cost_ns, bool *stale)
{
	struct model_sim *sim = s->sim;
	struct model_iotlb_ent *set, *victim = NULL;
	unsigned int reads = 0, i;
	u64 out, leaf, live;
	int ret;

	(void)write;
	*stale = false;
	*cost_ns = 0;
	model_smmu_advance(s, t);
	if (!s->cfg_cached && smmu_fetch_cfg(s, MODEL_SID, &reads)) {
		s->faults++;
		*cost_ns = reads * MODEL_P(sim, walk_read);
		return -EFAULT;
	}
	set = iotlb_set(s, iova);
	for (i = 0; i < s->iotlb_ways; i++) {
		struct model_iotlb_ent *e = &set[i];

		if (e->valid && e->asid == s->asid && e->vmid == s->vmid &&
		    (iova & ~(e->size - 1)) == e->va) {
			e->lru = ++s->lru_clock;
			s->hits++;
			*pa = e->pa | (iova & (e->size - 1));
			*cost_ns = reads * MODEL_P(sim, walk_read);
			if (smmu_live_translate(s, iova, &live) || live != *pa)
				*stale = true;
			return 0;
		}
		if (!victim || (victim->valid && (!e->valid || e->lru < victim->lru)))
			victim = e;
	}
	s->misses++;
	if (s->cfg == MODEL_STE_CFG_S2)
		ret = smmu_walk(s, 2, s->s2_root, s->vmid, iova, &out, &leaf, &reads);
	else
		ret = smmu_walk(s, 1, s->s1_root, s->asid, iova, &out, &leaf, &reads);
	if (!ret && s->cfg == MODEL_STE_CFG_NESTED) {
		u64 leaf2;

		ret = smmu_walk(s, 2, s->s2_root, s->vmid, out, &out, &leaf2, &reads);
		if (leaf2 < leaf)
			leaf = leaf2;	/* the combined entry has the smaller size */
	}
	s->walk_reads += reads;
	*cost_ns = reads * MODEL_P(sim, walk_read);
	if (ret) {
		s->faults++;
		return -EFAULT;
	}
	if (victim->valid && victim->size > MODEL_PAGE_SIZE)
		s->nr_blocks--;
	if (leaf > MODEL_PAGE_SIZE)
		s->nr_blocks++;
	victim->valid = true;
	victim->asid = s->asid;
	victim->vmid = s->vmid;
	victim->size = leaf;
	victim->va = iova & ~(leaf - 1);
	victim->pa = out & ~(leaf - 1);
	victim->lru = ++s->lru_clock;
	*pa = out;
	return 0;
}

int model_smmu_log_describe(struct model_smmu *s, unsigned int n, u64 since_ns, char *buf,
			    size_t len)
{
	u64 first = s->log_n > n ? s->log_n - n : 0, i;
	size_t off = 0;

	buf[0] = 0;
	for (i = first; i < s->log_n && off < len; i++) {
		const struct model_cmd_log *lg = &s->log[i % MODEL_CMD_LOG];
		struct model_cmd c;
		char d[160];

		if (lg->write_ns < since_ns)
			continue;
		model_cmd_decode(lg->w, &c);
		model_cmd_describe(&c, d, sizeof(d));
		if (lg->done_ns)
			off += snprintf(buf + off, len - off, "  cpu%d t=%lluns %s, consumed t=%lluns\n",
					lg->cpu, (unsigned long long)lg->write_ns, d,
					(unsigned long long)lg->done_ns);
		else
			off += snprintf(buf + off, len - off, "  cpu%d t=%lluns %s, never published\n",
					lg->cpu, (unsigned long long)lg->write_ns, d);
	}
	return off;
}
