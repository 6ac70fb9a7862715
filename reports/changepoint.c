// SPDX-License-Identifier: GPL-2.0
/*
 * Change points of a nightly series: E-divisive means (Matteson & James,
 * "A Nonparametric Approach for Multiple Change Point Analysis of
 * Multivariate Data", JASA 2014), the method of MongoDB's CI and of
 * Hunter / Apache Otava, on every repetition of every night.
 *
 * One segment of observations Z (nights in order, each night's repetitions
 * in a row) is split at the night boundary tau that maximises
 *
 *   Q(tau) = nL nR / (nL + nR) * ( 2/(nL nR)   sum_{i<=tau<j} |Zi - Zj|
 *                                - 1/C(nL,2)  sum_{i<k<=tau}  |Zi - Zk|
 *                                - 1/C(nR,2)  sum_{tau<j<k}   |Zj - Zk| )
 *
 * (alpha = 1, the paper's default). The split is significant when a
 * permutation test of the observations of the segment (R permutations,
 * fixed seed) gives p = (1 + #{Q*max >= Qmax}) / (R + 1) <= alpha, and it is
 * kept when report_verdict() of the nights after it against the nights
 * before it (at most REPORT_CP_WINDOW_NIGHTS a side) is significant and at
 * least min_change_pct in size (Otava's min_magnitude). Kept splits are
 * bisected again (the paper's hierarchical procedure, segment by segment).
 *
 * In one dimension with alpha = 1 the pair sums of a prefix follow from a
 * Fenwick tree over the ranks of the values: inserting x with c values
 * below it (sum s_b) and d above (sum s_a) adds x c - s_b + s_a - x d. Every
 * split of a segment of n observations then costs O(n log n).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "reports.h"

struct cp_work {
	const struct report_cp_night *nights;
	size_t nr_nights;
	const struct report_cp_opts *o;
	size_t *first;		/* first observation of each night, [nr_nights + 1] */
	double *x;		/* every observation, in night order */
	/* scratch of one segment */
	double *perm;
	size_t *rank, *prank, *order;
	double *fsum, *left, *right;
	size_t *fcnt;
	size_t *bnd;		/* candidate splits, [nr_nights] */
	struct report_cp *cps;
	size_t nr_cps;
};

static int cp_idx_cmp(const void *a, const void *b, void *base)
{
	const double *v = base;
	double x = v[*(const size_t *)a], y = v[*(const size_t *)b];

	return (x > y) - (x < y);
}

/*
 * Pair sums of every prefix of v[0..n) (ranks rk) into out[0..n]:
 * out[k] = sum over i < j < k of |v_i - v_j|.
 */
static void cp_prefix_sums(struct cp_work *w, const double *v, const size_t *rk, size_t n,
			   int reverse, double *out)
{
	double total_sum = 0, acc = 0;
	size_t k, i;

	memset(w->fcnt, 0, (n + 1) * sizeof(*w->fcnt));
	memset(w->fsum, 0, (n + 1) * sizeof(*w->fsum));
	out[0] = 0;
	for (k = 0; k < n; k++) {
		size_t idx = reverse ? n - 1 - k : k, r = rk[idx] + 1, cnt = 0;
		double x = v[idx], sb = 0;

		for (i = r - 1; i > 0; i -= i & -i) {	/* values ranked below x */
			cnt += w->fcnt[i];
			sb += w->fsum[i];
		}
		acc += x * (double)cnt - sb + (total_sum - sb) - x * (double)(k - cnt);
		total_sum += x;
		for (i = r; i <= n; i += i & -i) {
			w->fcnt[i]++;
			w->fsum[i] += x;
		}
		out[k + 1] = acc;
	}
}

/*
 * The best split of observations v[0..n) (ranks rk) among the night
 * boundaries bnd[0..nb) (observation counts left of each): *pos gets the
 * index into bnd; returns Q there (0 when every Q is <= 0).
 */
static double cp_best(struct cp_work *w, const double *v, const size_t *rk, size_t n,
		      const size_t *bnd, size_t nb, size_t *pos)
{
	double best = 0, total;
	size_t b;

	cp_prefix_sums(w, v, rk, n, 0, w->left);
	cp_prefix_sums(w, v, rk, n, 1, w->right);	/* right[k]: the last k values */
	total = w->left[n];
	*pos = 0;
	for (b = 0; b < nb; b++) {
		double nl = (double)bnd[b], nr = (double)(n - bnd[b]);
		double wl = w->left[bnd[b]], wr = w->right[n - bnd[b]];
		double cross = total - wl - wr, q;

		if (nl < 2 || nr < 2)
			continue;
		q = nl * nr / (nl + nr) *
		    (2 * cross / (nl * nr) - wl / (nl * (nl - 1) / 2) - wr / (nr * (nr - 1) / 2));
		if (q > best) {
			best = q;
			*pos = b;
		}
	}
	return best;
}

/* Verdict of nights [split, hi) against [lo, split), at most win nights a side. */
static int cp_judge_window(struct cp_work *w, size_t lo, size_t split, size_t hi, size_t win,
			   struct report_cp *cp)
{
	size_t a = split - lo > win ? split - win : lo;
	size_t b = hi - split > win ? split + win : hi;
	const double *x = w->x;
	int ret;

	cp->night = split;
	cp->seg_first = lo;
	cp->seg_end = hi;
	cp->n_before = w->first[split] - w->first[a];
	cp->n_after = w->first[b] - w->first[split];
	ret = report_verdict(w->o->unit, x + w->first[a], cp->n_before, x + w->first[split],
			     cp->n_after, w->o->threshold_pct, &cp->v);
	if (ret)
		return ret;
	return cp->v.significant && fabs(cp->v.change_pct) >= w->o->min_change_pct ? 0 :
										     -ENOENT;
}

/*
 * The verdict over the window, then over a third of it: a short level
 * between two like it (A B A) is split at one of its ends, and the far
 * side then holds mostly A again.
 */
static int cp_judge(struct cp_work *w, size_t lo, size_t split, size_t hi,
		    struct report_cp *cp)
{
	int ret = cp_judge_window(w, lo, split, hi, REPORT_CP_WINDOW_NIGHTS, cp);

	if (ret == -ENOENT)
		ret = cp_judge_window(w, lo, split, hi, REPORT_CP_WINDOW_NIGHTS / 3, cp);
	return ret;
}

/*
 * The step's size from the centres alone, over the windows cp_judge() uses:
 * a split too small to be kept needs neither the permutations nor the
 * bootstrap (most splits of noise with night-to-night offsets end here).
 */
static int cp_big_enough(struct cp_work *w, size_t lo, size_t split, size_t hi)
{
	static const size_t wins[] = { REPORT_CP_WINDOW_NIGHTS, REPORT_CP_WINDOW_NIGHTS / 3 };
	size_t k;

	for (k = 0; k < sizeof(wins) / sizeof(wins[0]); k++) {
		size_t a = split - lo > wins[k] ? split - wins[k] : lo;
		size_t b = hi - split > wins[k] ? split + wins[k] : hi;
		double cb = report_stats_center(w->o->unit, w->x + w->first[a],
						w->first[split] - w->first[a]);
		double cn = report_stats_center(w->o->unit, w->x + w->first[split],
						w->first[b] - w->first[split]);

		if (cb > 0 && fabs(cn / cb - 1) * 100 >= w->o->min_change_pct)
			return 1;
	}
	return 0;
}

/*
 * Test the best split of nights [lo, hi): 0 and *cp filled when it is a
 * change point, -ENOENT when it is not, else a negative errno.
 */
static int cp_segment_test(struct cp_work *w, size_t lo, size_t hi, struct report_cp *cp)
{
	size_t m = hi - lo, n = w->first[hi] - w->first[lo], minn = w->o->min_nights;
	const double *v = w->x + w->first[lo];
	size_t *bnd = w->bnd, nb = 0, pos, i, k, r, ge = 0;
	uint64_t seed = w->o->seed ^ ((uint64_t)lo << 32) ^ hi;
	double qobs;

	if (m < 2 * minn)
		return -ENOENT;
	for (k = minn; k + minn <= m; k++)
		bnd[nb++] = w->first[lo + k] - w->first[lo];
	for (i = 0; i < n; i++)
		w->order[i] = i;
	qsort_r(w->order, n, sizeof(*w->order), cp_idx_cmp, (void *)v);
	for (i = 0; i < n; i++)
		w->rank[w->order[i]] = i;
	qobs = cp_best(w, v, w->rank, n, bnd, nb, &pos);
	if (qobs <= 0 || !cp_big_enough(w, lo, lo + minn + pos, hi))
		return -ENOENT;
	/* permutations; stop once p can no longer reach alpha */
	memcpy(w->perm, v, n * sizeof(*v));
	memcpy(w->prank, w->rank, n * sizeof(*w->rank));
	for (r = 0; r < w->o->permutations; r++) {
		size_t dummy;

		for (i = n - 1; i > 0; i--) {
			size_t j = (size_t)(rng_splitmix64_next(&seed) % (i + 1)), t = w->prank[i];
			double tv = w->perm[i];

			w->perm[i] = w->perm[j];
			w->perm[j] = tv;
			w->prank[i] = w->prank[j];
			w->prank[j] = t;
		}
		if (cp_best(w, w->perm, w->prank, n, bnd, nb, &dummy) >= qobs)
			ge++;
		if ((double)(ge + 1) / (w->o->permutations + 1) > w->o->alpha)
			return -ENOENT;
	}
	k = lo + minn + pos;	/* first night of the new distribution */
	cp->p_value = (double)(ge + 1) / (w->o->permutations + 1);
	cp->q = qobs;
	return cp_judge(w, lo, k, hi, cp);
}

/* Bisect [lo, hi) until no segment splits (depth <= log2 of the nights per level). */
static int cp_bisect(struct cp_work *w, size_t lo, size_t hi)
{
	struct report_cp cp = { 0 }, *grown;
	int ret = cp_segment_test(w, lo, hi, &cp);

	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	grown = realloc(w->cps, (w->nr_cps + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	w->cps = grown;
	w->cps[w->nr_cps++] = cp;
	ret = cp_bisect(w, lo, cp.night);
	return ret ? ret : cp_bisect(w, cp.night, hi);
}

static int cp_cmp_night(const void *a, const void *b)
{
	const struct report_cp *x = a, *y = b;

	return (x->night > y->night) - (x->night < y->night);
}

/*
 * Each change point judged again between its final neighbours; one that no
 * longer holds is dropped and its neighbours are judged again.
 */
static int cp_rejudge(struct cp_work *w)
{
	size_t i;
	int dropped = 1, ret;

	if (w->nr_cps > 1)
		qsort(w->cps, w->nr_cps, sizeof(*w->cps), cp_cmp_night);
	while (dropped) {
		dropped = 0;
		for (i = 0; i < w->nr_cps; i++) {
			size_t lo = i ? w->cps[i - 1].night : 0;
			size_t hi = i + 1 < w->nr_cps ? w->cps[i + 1].night : w->nr_nights;
			struct report_cp c = w->cps[i];

			ret = cp_judge(w, lo, c.night, hi, &c);
			if (ret && ret != -ENOENT)
				return ret;
			if (!ret) {
				c.seg_first = w->cps[i].seg_first;
				c.seg_end = w->cps[i].seg_end;
				w->cps[i] = c;
				continue;
			}
			memmove(&w->cps[i], &w->cps[i + 1], (w->nr_cps - i - 1) * sizeof(*w->cps));
			w->nr_cps--;
			dropped = 1;
			break;
		}
	}
	return 0;
}

void report_cp_opts_default(struct report_cp_opts *o, const char *unit)
{
	memset(o, 0, sizeof(*o));
	o->unit = unit;
	o->alpha = REPORT_CP_DEFAULT_ALPHA;
	o->permutations = REPORT_CP_DEFAULT_PERMUTATIONS;
	o->min_nights = REPORT_CP_DEFAULT_MIN_NIGHTS;
	o->min_change_pct = REPORT_CP_DEFAULT_MIN_CHANGE_PCT;
	o->threshold_pct = REPORT_DASHBOARD_DEFAULT_THRESHOLD_PCT;
	o->seed = REPORT_CP_SEED;
}

int report_changepoints_find(const struct report_cp_night *nights, size_t nr_nights,
			     const struct report_cp_opts *o, struct report_cp **out,
			     size_t *nr_out)
{
	struct cp_work w = { .nights = nights, .nr_nights = nr_nights, .o = o };
	size_t i, n = 0;
	int ret = -ENOMEM;

	*out = NULL;
	*nr_out = 0;
	if (!o->min_nights || !o->unit)
		return -EINVAL;
	w.first = malloc((nr_nights + 1) * sizeof(*w.first));
	if (!w.first)
		return -ENOMEM;
	for (i = 0; i < nr_nights; i++) {
		w.first[i] = n;
		n += nights[i].n;
	}
	w.first[nr_nights] = n;
	w.x = malloc((n + 1) * sizeof(*w.x));
	w.perm = malloc((n + 1) * sizeof(*w.perm));
	w.left = malloc((n + 1) * sizeof(*w.left));
	w.right = malloc((n + 1) * sizeof(*w.right));
	w.fsum = malloc((n + 1) * sizeof(*w.fsum));
	w.rank = malloc((n + 1) * sizeof(*w.rank));
	w.prank = malloc((n + 1) * sizeof(*w.prank));
	w.order = malloc((n + 1) * sizeof(*w.order));
	w.fcnt = malloc((n + 1) * sizeof(*w.fcnt));
	w.bnd = malloc((nr_nights + 1) * sizeof(*w.bnd));
	if (!w.bnd || !w.x || !w.perm || !w.left || !w.right || !w.fsum || !w.rank || !w.prank ||
	    !w.order || !w.fcnt)
		goto out;
	for (i = 0; i < nr_nights; i++)
		memcpy(w.x + w.first[i], nights[i].v, nights[i].n * sizeof(double));
	ret = cp_bisect(&w, 0, nr_nights);
	if (ret)
		goto out;
	ret = cp_rejudge(&w);
	if (ret)
		goto out;
	*out = w.cps;
	*nr_out = w.nr_cps;
	w.cps = NULL;
out:
	free(w.cps);
	free(w.first);
	free(w.x);
	free(w.perm);
	free(w.left);
	free(w.right);
	free(w.fsum);
	free(w.rank);
	free(w.prank);
	free(w.order);
	free(w.fcnt);
	free(w.bnd);
	return ret;
}
