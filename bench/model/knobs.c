// SPDX-License-Identifier: GPL-2.0
/*
 * Which runs read which knob. A knob a design has no code for (lazy on
 * paravirt, which always unmaps strictly) would be dropped without a word;
 * callers ask here and refuse it instead. Keep in step with the designs:
 * each entry names the code that reads the knob.
 */
#include <string.h>

#include "common.h"
#include "model.h"

struct knob_reader {
	const char *name;	/* the struct model_knobs field */
	const char *what;
	const char *who;
	bool (*reads)(const struct model_config *cfg);
};

/* design_native.c: native_unmap_common() queues the IOVA instead of invalidating */
static bool reads_lazy(const struct model_config *cfg)
{
	return cfg->design == MODEL_DESIGN_NATIVE;
}

/* design_native.c: only the flush queue has a size and a timeout */
static bool reads_fq(const struct model_config *cfg)
{
	return cfg->design == MODEL_DESIGN_NATIVE && cfg->knobs.lazy;
}

/* design_paravirt.c: pv_map_sg(), reached by block IOs and dmabench sg mode */
static bool reads_map_sg(const struct model_config *cfg)
{
	return cfg->design == MODEL_DESIGN_PARAVIRT &&
	       (cfg->workload == MODEL_WL_BLOCK || cfg->dmabench.sg);
}

/* design_nested.c: nested_host_issue(), the trapped CMDQ_CONS reads of a sync wait */
static bool reads_cons_polls(const struct model_config *cfg)
{
	return cfg->design == MODEL_DESIGN_NESTED;
}

/* design_nested.c: nested_prod_trap() decides whether to wait for the drain */
static bool reads_nested_drain(const struct model_config *cfg)
{
	return cfg->design == MODEL_DESIGN_NESTED;
}

/* design_common.c: model_poll_cons(), EL2's wait for its CMD_SYNC */
static bool reads_el2_wait(const struct model_config *cfg)
{
	return cfg->design == MODEL_DESIGN_PARAVIRT || cfg->design == MODEL_DESIGN_NESTED;
}

/*
 * design_common.c: model_tlbi_build() and the per-unmap batches; lazy native
 * sends neither, only an ASID-wide TLBI + sync per flush
 */
static bool reads_strict_tlbi(const struct model_config *cfg)
{
	return !(cfg->design == MODEL_DESIGN_NATIVE && cfg->knobs.lazy);
}

static const struct knob_reader knob_readers[] = {
	{ "lazy", "lazy invalidation (the flush queue)", "the native design", reads_lazy },
	{ "ril", "range invalidation", "strict unmaps (not native with lazy on)", reads_strict_tlbi },
	{ "cmds_per_sync", "TLBIs per CMD_SYNC", "strict unmaps (not native with lazy on)",
	  reads_strict_tlbi },
	{ "fq_size", "the flush-queue size", "the native design with lazy on", reads_fq },
	{ "fq_timeout_ns", "the flush-queue timeout", "the native design with lazy on", reads_fq },
	{ "map_sg", "the map_sg hypercall", "the paravirt design on scatter-gather lists",
	  reads_map_sg },
	{ "cons_polls", "trapped CONS polls", "the nested design", reads_cons_polls },
	{ "nested_drain", "when EL2 drains the queue", "the nested design", reads_nested_drain },
	{ "el2_wait", "EL2's CMD_SYNC wait mode", "the paravirt and nested designs (EL2 waits)",
	  reads_el2_wait },
};

bool model_knob_read(const struct model_config *cfg, const char *name, const char **what,
		     const char **who)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(knob_readers); i++) {
		const struct knob_reader *k = &knob_readers[i];

		if (strcmp(k->name, name))
			continue;
		if (what)
			*what = k->what;
		if (who)
			*who = k->who;
		return k->reads(cfg);
	}
	if (what)
		*what = name;
	if (who)
		*who = "every design";
	return true;	/* iotlb_entries, skip_sync: every run */
}
