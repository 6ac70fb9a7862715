// SPDX-License-Identifier: GPL-2.0
/*
 * The safety oracle. A TLB invalidation is complete only once a CMD_SYNC
 * queued after it has completed (IHI 0070 §4.7.3): until then the SMMU may
 * still translate through the old entry, whether or not the model's IOTLB
 * happens to hold it. So the oracle does not ask "did the probe hit?" but
 * "is this page guaranteed invalid?", which no timing can fake:
 *
 *   - a design calls model_oracle_cleared() when it clears the leaves of an
 *     unmap: the pages become uncovered;
 *   - every command written to the real queue gets a sequence number (queue
 *     order = consumption order); a TLBI by address that covers an uncovered
 *     page records its number for that page, an ASID-wide one (NH_ASID,
 *     NH_ALL, S12_VMALL) goes into a log that covers every page cleared
 *     before it;
 *   - each CMD_SYNC the SMMU consumes goes into a log (number, completion
 *     time): a page is invalid from the completion of the first CMD_SYNC
 *     after its first covering TLBI;
 *   - at the virtual instant an unmap returns (model_oracle_unmap_return())
 *     every page it unmapped is probed with a device access, and checked.
 *     Strict policy: a probe that translates, or a page not yet guaranteed
 *     invalid, is a violation (IOVA, op, time). Deferred policy (lazy flush
 *     queue): the page is exposed from the return until its invalidation
 *     completes; the window per page is measured. A page never invalidated
 *     by the end of the run is a violation under any policy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

#define NEVER	UINT64_MAX

/* Pages of one unmap not yet invalid when it returned. */
struct oracle_pending {
	u64 iova, pages, mark, ret_ns;
};

struct oracle_run {
	u64 window_ns, pages;
};

struct model_oracle {
	u64 iova_base, nr_pages;
	u64 *cover;			/* per IOVA page: first covering TLBI's number, 0 = none */
	u8 *leaf_shift;			/* per IOVA page: log2 of the leaf it was cleared from */
	u64 *wide, nr_wide, cap_wide;	/* numbers of ASID-wide TLBIs */
	u64 *sync_seq, *sync_done, nr_sync, cap_sync;
	struct oracle_pending *pend;
	u64 nr_pend, cap_pend;
	struct oracle_run *runs;	/* windows, weighted by pages */
	u64 nr_runs, cap_runs;
	u16 asid, vmid;
	bool deferred;
};

static int grow(void **p, u64 *cap, u64 nr, size_t sz)
{
	u64 n = *cap ? *cap * 2 : 1024;
	void *q;

	if (nr < *cap)
		return 0;
	q = realloc(*p, n * sz);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

bool model_policy_deferred(const struct model_config *cfg)
{
	return cfg->design == MODEL_DESIGN_NATIVE && cfg->knobs.lazy;
}

int model_oracle_init(struct model_sim *sim)
{
	struct model_oracle *o = calloc(1, sizeof(*o));

	if (!o)
		return -ENOMEM;
	o->iova_base = sim->iova.base;
	o->nr_pages = (sim->iova.end - sim->iova.base) >> MODEL_PAGE_SHIFT;
	o->cover = calloc(o->nr_pages, sizeof(*o->cover));
	o->leaf_shift = calloc(o->nr_pages, 1);
	o->asid = MODEL_ASID;
	/* the VMID the SMMU tags this domain's entries with (STE.S2VMID) */
	o->vmid = sim->cfg->design == MODEL_DESIGN_NESTED ? MODEL_VMID : 0;
	o->deferred = model_policy_deferred(sim->cfg);
	sim->oracle = o;
	return o->cover && o->leaf_shift ? 0 : -ENOMEM;
}

void model_oracle_free(struct model_sim *sim)
{
	struct model_oracle *o = sim->oracle;

	if (!o)
		return;
	free(o->cover);
	free(o->leaf_shift);
	free(o->wide);
	free(o->sync_seq);
	free(o->sync_done);
	free(o->pend);
	free(o->runs);
	free(o);
	sim->oracle = NULL;
}

static u64 *cover_of(struct model_oracle *o, u64 iova)
{
	u64 p;

	if (iova < o->iova_base)
		return NULL;
	p = (iova - o->iova_base) >> MODEL_PAGE_SHIFT;
	return p < o->nr_pages ? &o->cover[p] : NULL;
}

void model_oracle_cleared(struct model_cpu *cpu, u64 iova, u64 bytes, u64 leaf)
{
	struct model_oracle *o = cpu->sim->oracle;
	u64 off;

	if (!o)
		return;
	for (off = 0; off < bytes; off += MODEL_PAGE_SIZE) {
		u64 *c = cover_of(o, iova + off);

		if (!c)
			continue;
		*c = 0;
		o->leaf_shift[c - o->cover] = leaf > MODEL_PAGE_SIZE ? __builtin_ctzll(leaf) :
					      MODEL_PAGE_SHIFT;
	}
	/* TLBIs numbered from here on were written after these leaves were cleared */
	cpu->oracle_mark = cpu->sim->smmu.written_seq + 1;
}

void model_oracle_cmd_written(struct model_sim *sim, const struct model_cmd *c, u64 seq)
{
	struct model_oracle *o = sim->oracle;
	u64 len, off, addr;
	bool wide;

	if (!o || !model_cmd_is_tlbi(c->opcode) || c->opcode == MODEL_CMD_TLBI_S2_IPA)
		return;
	if (c->vmid != o->vmid)
		return;
	wide = c->opcode == MODEL_CMD_TLBI_NH_ALL || c->opcode == MODEL_CMD_TLBI_S12_VMALL ||
	       (c->opcode == MODEL_CMD_TLBI_NH_ASID && c->asid == o->asid);
	if (wide) {
		if (grow((void **)&o->wide, &o->cap_wide, o->nr_wide, sizeof(u64)))
			return;	/* a lost cover can only make the verdict stricter */
		o->wide[o->nr_wide++] = seq;
		return;
	}
	if (c->opcode == MODEL_CMD_TLBI_NH_ASID ||
	    (c->opcode == MODEL_CMD_TLBI_NH_VA && c->asid != o->asid))
		return;
	len = model_cmd_tlbi_pages(c) << MODEL_PAGE_SHIFT;
	addr = c->addr;
	if (!c->tg) {
		/* by address: the entry that translates it, the whole leaf (a block too) */
		u64 *cv = cover_of(o, addr);
		unsigned int sh = cv ? o->leaf_shift[cv - o->cover] : MODEL_PAGE_SHIFT;

		len = 1ULL << (sh ? sh : MODEL_PAGE_SHIFT);
		addr &= ~(len - 1);
	}
	for (off = 0; off < len; off += MODEL_PAGE_SIZE) {
		u64 *cv = cover_of(o, addr + off);

		if (cv && !*cv)
			*cv = seq;
	}
}

/* First index of V[0..n) holding a value > key (>= key when ge). */
static u64 first_after(const u64 *v, u64 n, u64 key, bool ge)
{
	u64 lo = 0, hi = n;

	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2;

		if (ge ? v[mid] >= key : v[mid] > key)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* When the page at IOVA, cleared at MARK, became invalid; NEVER if not yet. */
static u64 page_invalid_at(struct model_oracle *o, u64 iova, u64 mark)
{
	u64 *cv = cover_of(o, iova), first = NEVER, i;

	if (cv && *cv >= mark)
		first = *cv;
	i = first_after(o->wide, o->nr_wide, mark, true);
	if (i < o->nr_wide && o->wide[i] < first)
		first = o->wide[i];
	if (first == NEVER)
		return NEVER;
	i = first_after(o->sync_seq, o->nr_sync, first, false);
	return i < o->nr_sync ? o->sync_done[i] : NEVER;
}

static void window_add(struct model_oracle *o, struct model_results *res, u64 w, u64 pages)
{
	if (grow((void **)&o->runs, &o->cap_runs, o->nr_runs, sizeof(*o->runs)))
		return;
	o->runs[o->nr_runs].window_ns = w;
	o->runs[o->nr_runs++].pages = pages;
	res->oracle.exposed_pages += pages;
}

/* Pending pages whose invalidation has completed: windows recorded, entries dropped. */
static void oracle_resolve(struct model_sim *sim, bool final)
{
	struct model_oracle *o = sim->oracle;
	u64 i, j, k = 0;

	for (i = 0; i < o->nr_pend; i++) {
		struct oracle_pending *e = &o->pend[i];
		u64 latest = 0;
		bool open = false;

		for (j = 0; j < e->pages && !open; j++) {
			u64 t = page_invalid_at(o, e->iova + (j << MODEL_PAGE_SHIFT), e->mark);

			if (t == NEVER)
				open = true;
			else if (t > latest)
				latest = t;
		}
		if (open && !final) {
			o->pend[k++] = *e;
			continue;
		}
		if (open)
			sim->res->oracle.never_pages += e->pages;
		else
			window_add(o, sim->res, latest > e->ret_ns ? latest - e->ret_ns : 0,
				   e->pages);
	}
	o->nr_pend = k;
}

void model_oracle_sync_done(struct model_sim *sim, u64 seq, u64 done_ns)
{
	struct model_oracle *o = sim->oracle;

	if (!o)
		return;
	if (o->nr_sync == o->cap_sync) {
		u64 n = o->cap_sync ? o->cap_sync * 2 : 1024;
		u64 *s = realloc(o->sync_seq, n * sizeof(u64)), *d;

		if (!s)
			return;
		o->sync_seq = s;
		d = realloc(o->sync_done, n * sizeof(u64));
		if (!d)
			return;
		o->sync_done = d;
		o->cap_sync = n;
	}
	o->sync_seq[o->nr_sync] = seq;
	o->sync_done[o->nr_sync++] = done_ns;
	if (o->nr_pend)
		oracle_resolve(sim, false);
}

/* The first violation, with the commands around it. */
static void oracle_report(struct model_cpu *cpu, u64 iova, u64 page, u64 bytes,
			  const char *op, const char *why)
{
	struct model_sim *sim = cpu->sim;
	struct model_results *res = sim->res;
	int off;

	if (res->stale_report[0])
		return;
	off = snprintf(res->stale_report, sizeof(res->stale_report),
		       "violation: cpu%u t=%lluns: %s %s of iova 0x%llx (%llu bytes); page 0x%llx %s; the last commands:\n",
		       cpu->id, (unsigned long long)cpu->now, model_design_name(sim->cfg->design),
		       op, (unsigned long long)iova, (unsigned long long)bytes,
		       (unsigned long long)page, why);
	if (off > 0 && (size_t)off < sizeof(res->stale_report))
		model_smmu_log_describe(&sim->smmu, 8, 0, res->stale_report + off,
					sizeof(res->stale_report) - off);
}

static void pending_add(struct model_oracle *o, u64 iova, u64 pages, u64 mark, u64 now)
{
	if (o->nr_pend && o->pend[o->nr_pend - 1].iova +
	    (o->pend[o->nr_pend - 1].pages << MODEL_PAGE_SHIFT) == iova &&
	    o->pend[o->nr_pend - 1].ret_ns == now && o->pend[o->nr_pend - 1].mark == mark) {
		o->pend[o->nr_pend - 1].pages += pages;
		return;
	}
	if (grow((void **)&o->pend, &o->cap_pend, o->nr_pend, sizeof(*o->pend)))
		return;
	o->pend[o->nr_pend++] = (struct oracle_pending){ iova, pages, mark, now };
}

void model_oracle_unmap_return(struct model_cpu *cpu, u64 iova, u64 bytes, const char *op)
{
	struct model_sim *sim = cpu->sim;
	struct model_oracle *o = sim->oracle;
	struct model_results *res = sim->res;
	u64 off;

	if (!o)
		return;
	model_sim_sync(cpu);
	model_smmu_advance(&sim->smmu, cpu->now);
	for (off = 0; off < bytes; off += MODEL_PAGE_SIZE) {
		u64 page = iova + off, pa, cost, t;
		bool stale;
		int ret;

		/* the device's access at this instant, through the SMMU as it is */
		ret = model_smmu_translate(&sim->smmu, cpu->now, page, true, &pa, &cost, &stale);
		res->counts.dma_accesses++;
		res->oracle.probed_pages++;
		if (!ret && !o->deferred) {
			res->nr_stale++;
			oracle_report(cpu, iova, page, bytes, op,
				      "still translates when the unmap returned: the device reached unmapped memory");
		}
		t = page_invalid_at(o, page, cpu->oracle_mark);
		if (t <= cpu->now)
			continue;
		if (!o->deferred) {
			res->oracle.unsynced_pages++;
			oracle_report(cpu, iova, page, bytes, op,
				      "is not guaranteed invalid when the unmap returned: no CMD_SYNC completed after a TLBI covering it");
		}
		pending_add(o, page, 1, cpu->oracle_mark, cpu->now);
	}
}

void model_oracle_iova_freed(struct model_cpu *cpu, u64 iova, u64 bytes)
{
	struct model_sim *sim = cpu->sim;
	struct model_oracle *o = sim->oracle;
	u64 i, j, k;

	if (!o || !o->deferred || !o->nr_pend)
		return;
	/* the syncs consumed by now resolve what they cover; the rest is still open */
	model_smmu_advance(&sim->smmu, cpu->now);
	for (i = 0, k = 0; i < o->nr_pend; i++) {
		const struct oracle_pending *e = &o->pend[i];
		u64 open = 0;

		if (e->iova >= iova + bytes || e->iova + (e->pages << MODEL_PAGE_SHIFT) <= iova) {
			o->pend[k++] = *e;
			continue;
		}
		for (j = 0; j < e->pages; j++)
			if (page_invalid_at(o, e->iova + (j << MODEL_PAGE_SHIFT), e->mark) > cpu->now)
				open++;
		/* counted once: the entry leaves the pending list */
		sim->res->oracle.early_free_pages += open;
		if (open)
			oracle_report(cpu, iova, e->iova, bytes, "flush-queue free",
				      "is given back for reuse before a CMD_SYNC completed after a TLBI covering it");
	}
	o->nr_pend = k;
}

static int run_cmp(const void *a, const void *b)
{
	const struct oracle_run *x = a, *y = b;

	return x->window_ns < y->window_ns ? -1 : x->window_ns > y->window_ns;
}

/* The page-weighted nearest-rank percentile P of the sorted runs. */
static u64 runs_pct(const struct oracle_run *r, u64 n, u64 total, double p)
{
	u64 rank = (u64)(p / 100.0 * total + 0.999999), acc = 0, i;

	if (!rank)
		rank = 1;
	for (i = 0; i < n; i++) {
		acc += r[i].pages;
		if (acc >= rank)
			return r[i].window_ns;
	}
	return n ? r[n - 1].window_ns : 0;
}

void model_oracle_finish(struct model_sim *sim)
{
	struct model_oracle *o = sim->oracle;
	struct model_oracle_results *or = &sim->res->oracle;

	if (!o)
		return;
	or->on = true;
	or->deferred = o->deferred;
	oracle_resolve(sim, true);
	if (!o->nr_runs)
		return;
	qsort(o->runs, o->nr_runs, sizeof(*o->runs), run_cmp);
	or->window_p50_ns = runs_pct(o->runs, o->nr_runs, or->exposed_pages, 50);
	or->window_p99_ns = runs_pct(o->runs, o->nr_runs, or->exposed_pages, 99);
	or->window_max_ns = o->runs[o->nr_runs - 1].window_ns;
	or->exposed_bytes = or->exposed_pages << MODEL_PAGE_SHIFT;
}
