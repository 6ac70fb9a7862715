/* SPDX-License-Identifier: GPL-2.0 */
/* What the running machine offers for a hw run (`smmubench check`). */
#ifndef BENCH_CHECK_H
#define BENCH_CHECK_H

#include <stdbool.h>
#include <stdio.h>

enum bench_hv_kind {
	BENCH_HV_NONE,
	BENCH_HV_REMOTE,	/* mainline 7.1+: <tracefs>/remotes/hypervisor/ */
	BENCH_HV_ANDROID,	/* Android: <tracefs>/hypervisor/ */
	BENCH_HV_ANDROID_OLD,	/* older Android: <tracefs>/hyp/ */
};

struct bench_check {
	char tracefs[256];		/* mount point, "" when not mounted */
	bool tracefs_given;		/* --tracefs: not looked up in /proc/mounts */
	enum bench_hv_kind hv;
	char hv_dir[512];
	bool hv_raw;			/* per_cpu/cpu0/trace_pipe_raw exists */
	unsigned int nr_smmu_events;	/* hypervisor/smmu_* events present */
	bool ev_paravirt, ev_nested;	/* smmu_map/unmap; smmu_cmdq_trap/mmio_trap */
	const char *design;		/* "native", "paravirt", "nested", "ambiguous" */
	const char *design_from;	/* what decided it, for the verdict line */
	char smmu_driver[64];		/* platform driver bound to an SMMUv3, "" if none */
	unsigned int nr_groups;		/* /sys/kernel/iommu_groups/N */
	unsigned int groups_dma, groups_dma_fq, groups_identity, groups_other;
	int strict;			/* 1 strict, 0 lazy, -1 unknown */
	bool kprobes, uprobes;
	bool block_events;		/* block:block_rq_issue/complete */
	bool debugfs;
	bool dmabench_file;		/* /sys/kernel/debug/dma_map_benchmark */
	bool dmabench_driver;		/* a bus has drivers/dma_map_benchmark */
	char fio_version[64];		/* "" when fio is missing */
	bool perf, perf_cycles;
	bool root;
};

/*
 * The platform driver bound to an SMMUv3 under SYSFS ("/sys"; tests pass a
 * fake tree): "kvm-arm-smmu-v3" (pKVM owns the SMMU), "arm-smmu-v3"
 * (native), or "" when no SMMUv3 driver has a device. 0 or -errno.
 */
int bench_check_smmu_driver(const char *sysfs, char *drv, size_t len);
/* Look at TRACEFS (NULL: find the mount) and the rest of the machine. */
int bench_check_probe(struct bench_check *c, const char *tracefs);
/* The verdict lines of `smmubench check`. Returns the number of missing essentials. */
int bench_check_print(const struct bench_check *c, FILE *f);

#endif
