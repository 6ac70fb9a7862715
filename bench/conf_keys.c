// SPDX-License-Identifier: GPL-2.0
/*
 * The keys of bench.conf's fixed sections. bench/README.md documents every
 * key of these tables and of the workloads' tables (a test checks it does).
 */
#include "common.h"
#include "conf.h"
#include "model.h"

/* [target] design: auto, then the designs of hyp-instrumentation's table */
#define DESIGN_CHOICES_AUTO ("auto" HYPEV_DESIGNS(HYPEV_DESIGN_CHOICE_ITEM))

const struct bench_key bench_global_keys[] = {
	/* 128: <date>-<label>-NNN.incomplete stays well below NAME_MAX (255) */
	{ "label", BENCH_KEY_NAME, "", "run", false, 1, 128, NULL,
	  "name of the run; the results directory is <results>/<date>-<label>" },
	{ "results", BENCH_KEY_STR, "path", "results", false, 0, 0, NULL,
	  "directory that holds the run directories (relative to the current directory)" },
	{ "repeat", BENCH_KEY_INT, "runs", "5", false, 1, 1000, NULL,
	  "measured runs per cell, after the warm-up" },
	{ "warmup", BENCH_KEY_INT, "runs", "1", false, 0, 100, NULL,
	  "unmeasured runs per cell before the measured ones" },
	{ "perf_events", BENCH_KEY_STR, "", "", true, 0, 0, NULL,
	  "perf stat events counted over each hw run (e.g. task-clock,context-switches); empty = none" },
	{ "progress", BENCH_KEY_BOOL, "", "1", false, 0, 1, NULL,
	  "print cell i of n, repetition, elapsed time and ETA on stderr" },
};
const unsigned int bench_nr_global_keys = ARRAY_SIZE(bench_global_keys);

const struct bench_key bench_target_keys[] = {
	{ "type", BENCH_KEY_ENUM, "", "model", false, 0, 0, "model,hw",
	  "model: the simulated platform (bench/model); hw: the running kernel" },
	{ "design", BENCH_KEY_ENUM, "", "auto", false, 0, 0, DESIGN_CHOICES_AUTO,
	  "hw: the design the running kernel implements (auto = what 'smmubench check' detects)" },
	{ "sources", BENCH_KEY_STR, "", "auto", true, 0, 0, NULL,
	  "hw: collector sources (host, remote:DIR, raw:DIR); auto = host plus the hypervisor remote if present" },
	{ "events", BENCH_KEY_STR, "", "auto", true, 0, 0, NULL,
	  "hw: SYSTEM:EVENT to collect; auto = the remote's hypervisor:smmu_* events, plus block:block_rq_issue/complete for fio workloads" },
	{ "buffer_kb", BENCH_KEY_INT, "KiB", "1024", false, 4, 1048576, NULL,
	  "hw: per-CPU trace buffer size of the host instance" },
	{ "keep_raw", BENCH_KEY_ENUM, "", "first", false, 0, 0, "none,first,all",
	  "raw trace data kept under raw/<cell>/: none, the first repetition of each cell, or all" },
	{ "note", BENCH_KEY_STR, "", "", false, 0, 0, NULL,
	  "a caveat on this target's timings, stored in meta.json and shown as a banner by every report (e.g. emulated hardware)" },
};
const unsigned int bench_nr_target_keys = ARRAY_SIZE(bench_target_keys);

const struct bench_key bench_model_keys[] = {
	{ "profile", BENCH_KEY_STR, "", "", false, 0, 0, NULL,
	  "platform profile: a name in bench/model/profiles/ (without .conf) or a path; empty = the model's default" },
	{ "designs", BENCH_KEY_ENUM, "", HYPEV_DESIGN_CHOICES, true, 0, 0,
	  HYPEV_DESIGN_CHOICES, "designs to run; each is a dimension of the cell matrix" },
	{ "cpus", BENCH_KEY_INT, "CPUs", "0", false, 0, MODEL_MAX_CPUS, NULL,
	  "simulated CPUs; 0 = the profile's" },
	{ "seed", BENCH_KEY_INT, "", "1", false, 0, INT32_MAX, NULL,
	  "seed of the model's pseudo-random choices (same seed, same numbers)" },
	{ "oracle", BENCH_KEY_BOOL, "", "0", false, 0, 1, NULL,
	  "the safety oracle in every cell (sweep cells always have it): verdict and exposure window per run" },
	/* knobs: the fields of struct model_knobs (bench/model/model.h) */
	{ "cmds_per_sync", BENCH_KEY_INT, "commands", "-1", false, -1, 1 << 20, NULL,
	  "TLBI commands per CMD_SYNC batch; -1 = the design's default" },
	{ "ril", BENCH_KEY_ENUM, "", "profile", false, 0, 0, "profile,off,on",
	  "range invalidation (SMMU_IDR3.RIL): the profile's, off or on" },
	{ "lazy", BENCH_KEY_BOOL, "", "0", false, 0, 1, NULL,
	  "native: dma-iommu flush queue (iommu.strict=0) instead of strict invalidation" },
	{ "fq_size", BENCH_KEY_INT, "entries", "0", false, 0, 1 << 20, NULL,
	  "lazy: flush-queue entries per CPU; 0 = 256 (the kernel's)" },
	{ "fq_timeout_ns", BENCH_KEY_INT, "ns", "0", false, 0, INT64_MAX, NULL,
	  "lazy: flush-queue timeout; 0 = 10 ms (the kernel's)" },
	{ "map_sg", BENCH_KEY_BOOL, "", "0", false, 0, 1, NULL,
	  "paravirt: one map_sg hypercall per scatter-gather list" },
	{ "cons_polls", BENCH_KEY_INT, "reads", "0", false, 0, 1 << 20, NULL,
	  "nested: trapped CMDQ_CONS reads per sync wait; 0 = the profile's" },
	{ "nested_drain", BENCH_KEY_ENUM, "", "prod", false, 0, 0, "prod,sync",
	  "nested: EL2 drains the queue on every trapped CMDQ_PROD write (prod) or only for a batch holding a CMD_SYNC (sync)" },
	{ "el2_wait", BENCH_KEY_ENUM, "", "poll", false, 0, 0, "poll,wfe",
	  "paravirt, nested: EL2 waits for CMD_SYNC polling CONS (poll) or in WFE until its SEV (wfe)" },
	{ "iotlb_entries", BENCH_KEY_INT, "entries", "0", false, 0, 1 << 24, NULL,
	  "IOTLB size; 0 = the profile's" },
	{ "hyp_events", BENCH_KEY_ENUM, "", "per-event", false, 0, 0, MODEL_HYP_MODES,
	  "how the model's EL2 reports its ops in the measured runs: per-event (an event per op, hyp_event_ns each), hist (a bucket update per op, hyp_hist_ns each, smmu_hist records at the window's end) or off; the observer-effect rows run every mode" },
};
const unsigned int bench_nr_model_keys = ARRAY_SIZE(bench_model_keys);

const struct bench_key bench_sweep_keys[] = {
	{ "knob", BENCH_KEY_STR, "", NULL, false, 0, 0, NULL,
	  "model: the [model] key to vary (a knob such as cmds_per_sync); exclusive with path" },
	{ "path", BENCH_KEY_STR, "path", NULL, false, 0, 0, NULL,
	  "hw: a sysfs, debugfs or module-parameter file written with each value (restored after)" },
	{ "values", BENCH_KEY_STR, "", NULL, true, 0, 0, NULL,
	  "the values to sweep; each is one point (a cell per workload cell)" },
	{ "workloads", BENCH_KEY_STR, "", "", true, 0, 0, NULL,
	  "workload sections to run at each point; empty = all" },
	{ "designs", BENCH_KEY_ENUM, "", "", true, 0, 0, HYPEV_DESIGN_CHOICES,
	  "model: designs to run at each point; empty = [model] designs" },
};
const unsigned int bench_nr_sweep_keys = ARRAY_SIZE(bench_sweep_keys);
