// SPDX-License-Identifier: GPL-2.0
/*
 * The op registry: every op the aggregator made, in the order it made them
 * (the order summary.json and `stat` list them), found by name through a
 * hash index so that looking an op up costs the same with 10 ops or 1000.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agg_int.h"

/* FNV-1a, 64 bit */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void slot_put(uint32_t *slots, unsigned int nr_slots, const char *name, uint32_t idx)
{
	unsigned int j;

	for (j = name_hash(name) & (nr_slots - 1); slots[j]; j = (j + 1) & (nr_slots - 1))
		;
	slots[j] = idx + 1;
}

/* Keeps the index at most half full. */
static int opreg_grow(struct agg_opreg *r)
{
	unsigned int n = r->nr_slots ? r->nr_slots * 2 : 64, i;
	uint32_t *slots;

	if (r->nr_slots && (r->nr_ops + 1) * 2 <= r->nr_slots)
		return 0;
	slots = calloc(n, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (i = 0; i < r->nr_ops; i++)
		slot_put(slots, n, r->ops[i]->pub.name, i);
	free(r->slots);
	r->slots = slots;
	r->nr_slots = n;
	return 0;
}

static struct agg_op *opreg_find(const struct agg_opreg *r, const char *name)
{
	unsigned int j;

	if (!r->nr_slots)
		return NULL;
	for (j = name_hash(name) & (r->nr_slots - 1); r->slots[j]; j = (j + 1) & (r->nr_slots - 1))
		if (!strcmp(r->ops[r->slots[j] - 1]->pub.name, name))
			return r->ops[r->slots[j] - 1];
	return NULL;
}

static int opreg_append(struct agg_opreg *r, struct agg_op *op)
{
	struct agg_op **n;

	if (opreg_grow(r))
		return -ENOMEM;
	if (r->nr_ops == r->cap_ops) {
		n = realloc(r->ops, (r->cap_ops ? r->cap_ops * 2 : 16) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		r->ops = n;
		r->cap_ops = r->cap_ops ? r->cap_ops * 2 : 16;
	}
	slot_put(r->slots, r->nr_slots, op->pub.name, r->nr_ops);
	r->ops[r->nr_ops++] = op;
	return 0;
}

static void op_free(struct agg_op *op)
{
	unsigned int j;

	trace_hist_free(op->hist);
	for (j = 0; j < TRACE_MAX_CPUS; j++)
		trace_hist_free(op->cpu[j]);
	trace_hist_free(op->nocpu);
	free((char *)op->pub.name);
	free(op);
}

/* The op called name, made (from the current source) when it is new. */
struct agg_op *agg_op_get(struct trace_agg *a, const char *name, const char *unit,
			  bool with_hist)
{
	struct agg_op *op = opreg_find(&a->reg, name);

	if (op)
		return op;
	op = calloc(1, sizeof(*op));
	if (!op)
		return NULL;
	op->pub.name = strdup(name);
	op->pub.unit = unit;
	op->pub.source = a->src ? a->src->spec : "";
	if (with_hist)
		op->hist = trace_hist_new();
	if (!op->pub.name || (with_hist && !op->hist) || opreg_append(&a->reg, op)) {
		op_free(op);
		return NULL;
	}
	op->pub.hist = op->hist;
	op->pub.cpu_hist = (const struct trace_hist *const *)op->cpu;
	return op;
}

void agg_op_add_new(struct agg_op *op, int cpu, uint64_t v)
{
	if (cpu < 0 || cpu >= TRACE_MAX_CPUS) {
		if (!op->nocpu)
			op->nocpu = trace_hist_new();
		if (op->nocpu)
			trace_hist_add(op->nocpu, v);
		return;
	}
	if (!op->cpu[cpu]) {
		op->cpu[cpu] = trace_hist_new();
		if (!op->cpu[cpu])
			return;
	}
	trace_hist_add(op->cpu[cpu], v);
	if ((unsigned int)cpu >= op->pub.nr_cpus)
		op->pub.nr_cpus = cpu + 1;
}

/* The histogram values of CPU cpu go to (made on first use), or NULL. */
static struct trace_hist *op_cpu_hist(struct agg_op *op, int cpu)
{
	struct trace_hist **h = cpu < 0 || cpu >= TRACE_MAX_CPUS ? &op->nocpu : &op->cpu[cpu];

	if (!*h)
		*h = trace_hist_new();
	if (*h && cpu >= 0 && cpu < TRACE_MAX_CPUS && (unsigned int)cpu >= op->pub.nr_cpus)
		op->pub.nr_cpus = cpu + 1;
	return *h;
}

int agg_op_add_bucket(struct trace_agg *a, struct agg_op *op, int cpu, unsigned int idx,
		      uint64_t n)
{
	struct trace_hist *h;

	if (!op->hist)
		return -EINVAL;
	h = op_cpu_hist(op, cpu);
	if (!h)
		return -ENOMEM;
	op->sources |= 1u << a->src_idx;
	op->pub.count += n;
	return trace_hist_add_bucket(h, idx, n);
}

void agg_op_add_summary(struct agg_op *op, int cpu, uint64_t min, uint64_t max, uint64_t sum)
{
	struct trace_hist *h = op->hist ? op_cpu_hist(op, cpu) : NULL;

	if (h)
		trace_hist_add_summary(h, min, max, sum);
}

void agg_opreg_finish(struct trace_agg *a)
{
	struct agg_op *op;
	unsigned int i, j;

	for (i = 0; i < a->reg.nr_ops; i++) {
		op = a->reg.ops[i];
		if (op->hist) {
			trace_hist_reset(op->hist);
			trace_hist_merge(op->hist, op->nocpu);
			for (j = 0; j < op->pub.nr_cpus; j++)
				trace_hist_merge(op->hist, op->cpu[j]);
		}
		op->pub.lost = 0;
		for (j = 0; j < a->nr_sources; j++)
			if (op->sources & (1u << j))
				op->pub.lost += a->sources[j]->lost;
	}
}

void agg_opreg_free(struct agg_opreg *r)
{
	unsigned int i;

	for (i = 0; i < r->nr_ops; i++)
		op_free(r->ops[i]);
	free(r->ops);
	free(r->slots);
	memset(r, 0, sizeof(*r));
}

unsigned int trace_agg_nr_ops(const struct trace_agg *a)
{
	return a->reg.nr_ops;
}

const struct trace_op_stats *trace_agg_op(const struct trace_agg *a, unsigned int idx)
{
	return idx < a->reg.nr_ops ? &a->reg.ops[idx]->pub : NULL;
}
