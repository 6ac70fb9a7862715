// SPDX-License-Identifier: GPL-2.0
/*
 * The pairs (start event -> end event = one duration op): the built-in
 * table, the user's --pair specs and the probe pairs. What a pair does
 * beyond matching (an op per reason or per device, several open starts
 * per key) is a flag in its table row, never a rule on its name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "agg_int.h"

/* Built-in pairs: enabling both events is enough. */
static const struct {
	const char *name, *start, *end, *start_keys, *end_keys;
	enum pair_match match;
	const char *cancel;		/* same keys as start */
	unsigned int flags;		/* enum pair_flags */
} builtin_pairs[] = {
	/*
	 * block/blk-mq: the request keeps dev and sector from issue to
	 * completion; two requests for one sector may be in flight at once,
	 * and a requeued request (block_rq_requeue) is issued again.
	 */
	{ "block_rq", "block:block_rq_issue", "block:block_rq_complete",
	  "dev+sector", "dev+sector", MATCH_FIELDS, "block:block_rq_requeue",
	  PAIR_BY_DEV | PAIR_MULTI },
	/* one unmap may cover many maps (a 64 KiB sg list = 16 x 4 KiB maps) */
	{ "iommu_map_life", "iommu:map", "iommu:unmap", "iova", "iova+size", MATCH_RANGE, NULL, 0 },
	/* dma_map_page/dma_unmap_page (<= 6.16), renamed _phys in 6.17 */
	{ "dma_map_life", "dma:dma_map_page", "dma:dma_unmap_page", "dma_addr", "addr",
	  MATCH_FIELDS, NULL, 0 },
	{ "dma_map_life", "dma:dma_map_phys", "dma:dma_unmap_phys", "dma_addr", "addr",
	  MATCH_FIELDS, NULL, 0 },
	{ "hyp", "hypervisor:hyp_enter", "hypervisor:hyp_exit", "", "", MATCH_CPU, NULL,
	  PAIR_BY_REASON },
	{ "hyp", "hyp:hyp_enter", "hyp:hyp_exit", "", "", MATCH_CPU, NULL, PAIR_BY_REASON },
};

static int split_keys(char *s, char **keys, unsigned int *nr)
{
	char *save = NULL, *k;

	*nr = 0;
	for (k = strtok_r(s, "+", &save); k; k = strtok_r(NULL, "+", &save)) {
		if (*nr == AGG_MAX_KEYS)
			return -E2BIG;
		keys[(*nr)++] = k;
	}
	return 0;
}

static int split_event(const char *ev, char **sys, char **name)
{
	const char *c = strchr(ev, ':');

	if (!c || c == ev || !c[1])
		return -EINVAL;
	*sys = strndup(ev, c - ev);
	*name = strdup(c + 1);
	return (*sys && *name) ? 0 : -ENOMEM;
}

static int agg_pair_add(struct trace_agg *a, const char *name, const char *start,
			const char *end, const char *skeys, const char *ekeys,
			enum pair_match match, const char *cancel, unsigned int flags)
{
	struct agg_pair *p;
	char *s, *e;
	unsigned int n;
	int ret;

	if (a->nr_pairs == AGG_MAX_PAIRS)
		return -E2BIG;
	p = &a->pairs[a->nr_pairs];
	memset(p, 0, sizeof(*p));
	p->idx = a->nr_pairs;
	p->name = strdup(name);
	p->match = match;
	p->flags = flags;
	ret = p->name ? 0 : -ENOMEM;
	if (!ret)
		ret = split_event(start, &p->start_sys, &p->start_ev);
	if (!ret)
		ret = split_event(end, &p->end_sys, &p->end_ev);
	if (!ret && cancel)
		ret = split_event(cancel, &p->cancel_sys, &p->cancel_ev);
	if (ret)
		return ret;
	s = strdup(skeys);
	e = strdup(ekeys);
	if (!s || !e) {
		free(s);
		free(e);
		return -ENOMEM;
	}
	/* the key strings stay owned through start_key[0]/end_key[0] */
	split_keys(s, p->start_key, &p->nr_keys);
	split_keys(e, p->end_key, &n);
	p->nr_end_keys = n;
	if (!p->nr_keys)
		free(s);
	if (!n)
		free(e);
	if (match == MATCH_FIELDS && (n != p->nr_keys || !n))
		return -EINVAL;
	a->nr_pairs++;
	return 0;
}

/* "NAME=SYS:START,SYS:END[,MATCH]" */
static int agg_pair_parse(struct trace_agg *a, const char *spec)
{
	char *s = strdup(spec), *eq, *start, *end, *match;
	enum pair_match m = MATCH_CPU;
	int ret = -EINVAL;

	if (!s)
		return -ENOMEM;
	eq = strchr(s, '=');
	if (!eq)
		goto out;
	*eq = '\0';
	start = eq + 1;
	end = strchr(start, ',');
	if (!end)
		goto out;
	*end++ = '\0';
	match = strchr(end, ',');
	if (match)
		*match++ = '\0';
	if (!match || !strcmp(match, "cpu"))
		match = "";
	else if (!strcmp(match, "pid"))
		m = MATCH_PID, match = "";
	else
		m = MATCH_FIELDS;
	if (!*s || !strchr(start, ':') || !strchr(end, ':'))
		goto out;
	ret = agg_pair_add(a, s, start, end, match, match, m, NULL, 0);
out:
	if (ret)
		trace_err("--pair '%s': expected NAME=SYS:START,SYS:END[,cpu|pid|FIELD+FIELD]\n",
			  spec);
	free(s);
	return ret;
}

/* probe pairs: smmubench:NAME -> smmubench:NAME_ret, per task */
static int agg_probe_pair_add(struct trace_agg *a, const char *spec)
{
	const char *n = strchr(spec, '=');
	char start[256], end[300], grp[32];

	if (!n || (size_t)(n - spec) < 3 || (size_t)(n - spec) > 200)
		return 0;	/* trace_session_open() reports bad specs */
	snprintf(start, sizeof(start), "%s:%.*s", trace_probe_group(grp, sizeof(grp)),
		 (int)(n - spec - 2), spec + 2);
	snprintf(end, sizeof(end), "%s_ret", start);
	return agg_pair_add(a, strchr(start, ':') + 1, start, end, "", "", MATCH_PID, NULL, 0);
}

int agg_pairs_init(struct trace_agg *a, const struct trace_opts *opts)
{
	const char *const *p;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(builtin_pairs); i++)
		ret = agg_pair_add(a, builtin_pairs[i].name, builtin_pairs[i].start,
				   builtin_pairs[i].end, builtin_pairs[i].start_keys,
				   builtin_pairs[i].end_keys, builtin_pairs[i].match,
				   builtin_pairs[i].cancel, builtin_pairs[i].flags);
	for (p = opts ? opts->pairs : NULL; !ret && p && *p; p++)
		ret = agg_pair_parse(a, *p);
	for (p = opts ? opts->probes : NULL; !ret && p && *p; p++)
		ret = agg_probe_pair_add(a, *p);
	return ret;
}

static void pair_free(struct agg_pair *p)
{
	free(p->name);
	free(p->start_sys);
	free(p->start_ev);
	free(p->end_sys);
	free(p->end_ev);
	free(p->cancel_sys);
	free(p->cancel_ev);
	free(p->start_key[0]);
	free(p->end_key[0]);
}

void agg_pairs_free(struct trace_agg *a)
{
	unsigned int i;

	for (i = 0; i < a->nr_pairs; i++)
		pair_free(&a->pairs[i]);
	/* a failed agg_pair_add() leaves its half-built entry behind (or zeroes) */
	if (a->nr_pairs < AGG_MAX_PAIRS)
		pair_free(&a->pairs[a->nr_pairs]);
}
