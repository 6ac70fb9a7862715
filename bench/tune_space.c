// SPDX-License-Identifier: GPL-2.0
/*
 * The tuner's policy space: per design, the knobs its code reads
 * (bench/model/knobs.c) and the values worth trying, as bench.conf writes
 * them. Value 0 of each knob is the kernel's default; ril comes first in
 * every design (tune.c picks "without RIL" by it).
 */
#include <string.h>

#include "common.h"
#include "model.h"
#include "tune.h"

#define RIL	{ "ril", 2, { 1, 2 }, { "off", "on" } }
#define EL2	{ "el2_wait", 2, { 0, 1 }, { "poll", "wfe" } }

static const struct bench_tune_dim native_dims[] = {
	RIL,
	{ "lazy", 2, { 0, 1 }, { "0", "1" } },
	/* dma-iommu's 256 entries and 10 ms first */
	{ "fq_size", 2, { 256, 16 }, { "256", "16" } },
	{ "fq_timeout_ns", 2, { 10000000, 1000000 }, { "10000000", "1000000" } },
};

static const struct bench_tune_dim paravirt_dims[] = {
	RIL,
	/* tlbi_per_sync: 0 = one CMD_SYNC at the end of the range */
	{ "cmds_per_sync", 4, { 0, 1, 8, 64 }, { "0", "1", "8", "64" } },
	EL2,
	{ "map_sg", 2, { 0, 1 }, { "0", "1" } },
};

static const struct bench_tune_dim nested_dims[] = {
	RIL,
	{ "cmds_per_sync", 2, { 0, 64 }, { "0", "64" } },
	{ "nested_drain", 2, { 0, 1 }, { "prod", "sync" } },
	EL2,
};

const struct bench_tune_dim *bench_tune_dims(int design, unsigned int *nr)
{
	switch (design) {
	case MODEL_DESIGN_NATIVE:
		*nr = ARRAY_SIZE(native_dims);
		return native_dims;
	case MODEL_DESIGN_PARAVIRT:
		*nr = ARRAY_SIZE(paravirt_dims);
		return paravirt_dims;
	case MODEL_DESIGN_NESTED:
		*nr = ARRAY_SIZE(nested_dims);
		return nested_dims;
	}
	*nr = 0;
	return NULL;
}

void bench_tune_dim_apply(const struct bench_tune_dim *dim, unsigned int i,
			  struct model_config *cfg)
{
	int64_t v = dim->val[i];
	struct model_knobs *k = &cfg->knobs;

	if (!strcmp(dim->key, "ril"))
		k->ril = v - 1;	/* profile,off,on */
	else if (!strcmp(dim->key, "lazy"))
		k->lazy = v;
	else if (!strcmp(dim->key, "fq_size"))
		k->fq_size = v;
	else if (!strcmp(dim->key, "fq_timeout_ns"))
		k->fq_timeout_ns = v;
	else if (!strcmp(dim->key, "cmds_per_sync"))
		k->cmds_per_sync = v;
	else if (!strcmp(dim->key, "map_sg"))
		k->map_sg = v;
	else if (!strcmp(dim->key, "nested_drain"))
		k->nested_drain = v ? MODEL_DRAIN_SYNC : MODEL_DRAIN_PROD;
	else if (!strcmp(dim->key, "el2_wait"))
		k->el2_wait = v ? MODEL_EL2_WAIT_WFE : MODEL_EL2_WAIT_POLL;
}
