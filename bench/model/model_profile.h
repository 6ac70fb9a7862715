/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Platform profiles (bench/model/profiles/<name>.conf, INI read with inih).
 * One section per figure:
 *
 *	[hvc_round_trip]
 *	value = 120
 *	unit = ns
 *	range = 100..150
 *	source = where the figure and its range come from
 *
 * The table below is the list of figures the model needs and their units;
 * a profile must give every one, in that unit, inside its stated range.
 */
#ifndef MODEL_PROFILE_H
#define MODEL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* X(name, unit) */
#define MODEL_FIGURES(X)			\
	X(cpus, count)				\
	X(hvc_round_trip, ns)			\
	X(dabt_round_trip, ns)			\
	X(el2_lock, ns)				\
	X(el2_dispatch, ns)			\
	X(line_handoff, ns)			\
	X(atomic, ns)				\
	X(pte_write, ns)			\
	X(pte_read, ns)				\
	X(table_alloc, ns)			\
	X(cmo_line, ns)				\
	X(cmd_write, ns)			\
	X(mmio_write, ns)			\
	X(mmio_read, ns)			\
	X(smmu_tlbi, ns)			\
	X(smmu_tlbi_range, ns)			\
	X(smmu_sync, ns)			\
	X(smmu_cfgi, ns)			\
	X(smmu_cmd, ns)				\
	X(sync_wake, ns)			\
	X(walk_read, ns)			\
	X(iotlb_entries, count)			\
	X(iotlb_ways, count)			\
	X(walk_cache_entries, count)		\
	X(cmdq_log2_entries, count)		\
	X(ril, bool)				\
	X(memset_page, ns)			\
	X(dram_contention, percent)		\
	X(jitter, percent)			\
	X(run_jitter, percent)			\
	X(clock_read, ns)			\
	X(hyp_event_ns, ns)			\
	X(hyp_hist_ns, ns)			\
	X(iova_rcache, ns)			\
	X(iova_tree, ns)			\
	X(dma_api, ns)				\
	X(iommu_core, ns)			\
	X(host_use_dma, ns)			\
	X(ste_write, ns)			\
	X(emu_cmd, ns)				\
	X(cons_polls, count)

enum model_figure {
#define MODEL_FIG_ENUM(name, unit) MODEL_FIG_##name,
	MODEL_FIGURES(MODEL_FIG_ENUM)
#undef MODEL_FIG_ENUM
	MODEL_NR_FIGURES
};

struct model_figure_val {
	uint64_t value;
	uint64_t lo, hi;		/* plausible range, inclusive */
	char source[256];
	bool set, has_unit, has_range, has_source;
};

struct model_profile {
	char name[64];
	char path[512];
	struct model_figure_val fig[MODEL_NR_FIGURES];
};

#define MODEL_P(sim, n) ((sim)->prof.fig[MODEL_FIG_##n].value)

const char *model_figure_name(enum model_figure f);
const char *model_figure_unit(enum model_figure f);
/*
 * Loads a profile by name (searched in $SMMUBENCH_PROFILES,
 * bench/model/profiles, and <binary dir>/../bench/model/profiles) or by
 * path. Returns 0, or a negative errno with "file:line: field: problem" in err.
 */
int model_profile_load(struct model_profile *p, const char *name_or_path,
		       char *err, size_t err_len);
/* Figures at a bound of their range, comma separated, into buf. */
int model_profile_at_bounds(const struct model_profile *p, char *buf, size_t len);

#endif
