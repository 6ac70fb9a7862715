/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's dma_map_benchmark (kernel/dma/map_benchmark.c): its ioctl
 * ABI and the driver binding it needs (driver_override, unbind, bind).
 */
#ifndef BENCH_DMABENCH_HW_H
#define BENCH_DMABENCH_HW_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <stddef.h>

/*
 * include/linux/map_benchmark.h (kernel/dma/map_benchmark.h before 6.1).
 * 136 bytes upstream: granule took 4 bytes of expansion[80] (5.12),
 * map_mode 1 byte of expansion[76] (newer kernels). Android's GKI kernels
 * (android16-6.12) have no expansion[]: 64 bytes, so another ioctl number
 * (BENCH_DMA_MAP_BENCHMARK_GKI); bench_dmabench_ioctl() tries both.
 */
struct bench_map_benchmark {
	__u64 avg_map_100ns;	/* output: mean map latency, 100 ns units */
	__u64 map_stddev;	/* output: its standard deviation, 100 ns units */
	__u64 avg_unmap_100ns;
	__u64 unmap_stddev;
	__u32 threads;		/* 1..DMA_MAP_MAX_THREADS (1024) */
	__u32 seconds;		/* 1..DMA_MAP_MAX_SECONDS (300) */
	__s32 node;		/* NUMA node, -1 = any */
	__u32 dma_bits;		/* DMA mask width */
	__u32 dma_dir;		/* DMA_MAP_BIDIRECTIONAL 0, TO_DEVICE 1, FROM_DEVICE 2 */
	__u32 dma_trans_ns;	/* hold time between map and unmap, <= 10 ms */
	__u32 granule;		/* pages per map, 1..1024 */
	__u8 map_mode;		/* 0 dma_map_single, 1 dma_map_sg (kernels that have it) */
	__u8 expansion[75];
};

#define BENCH_MAP_BENCHMARK_SIZE 136
#define BENCH_DMA_MAP_BENCHMARK _IOWR('d', 1, struct bench_map_benchmark)
/* the GKI layout: the same fields, up to granule, padded to 8 bytes */
#define BENCH_MAP_BENCHMARK_GKI_SIZE 64
#define BENCH_DMA_MAP_BENCHMARK_GKI _IOC(_IOC_READ | _IOC_WRITE, 'd', 1, BENCH_MAP_BENCHMARK_GKI_SIZE)
#define BENCH_DMA_MAP_MAX_THREADS 1024
#define BENCH_DMA_MAP_MAX_SECONDS 300
#define BENCH_DMA_MAP_MAX_TRANS_NS 10000000	/* 10 * NSEC_PER_MSEC */
#define BENCH_DMABENCH_DEBUGFS "/sys/kernel/debug/dma_map_benchmark"
#define BENCH_DMABENCH_DRIVER "dma_map_benchmark"

/* A device bound to dma_map_benchmark, with what to restore. */
struct bench_dmabench_bind {
	char dev_path[512];	/* /sys/bus/<bus>/devices/<dev> */
	char bus_path[512];	/* /sys/bus/<bus> */
	char dev_name[128];
	char orig_driver[128];	/* "" when it had none */
	char orig_override[128];
	int bound;
};

/*
 * Bind DEVICE ("0000:00:03.0", or a /sys/bus/.../devices/... path) to
 * dma_map_benchmark: driver_override, unbind from its driver, bind.
 * SYSFS is "/sys" (tests pass a fake tree). err gets what failed.
 */
int bench_dmabench_bind(const char *sysfs, const char *device, struct bench_dmabench_bind *b,
			char *err, size_t err_len);
/* Restore the original driver and driver_override. Safe to call twice. */
int bench_dmabench_unbind(struct bench_dmabench_bind *b, char *err, size_t err_len);

/* Open the debugfs file and run one ioctl; 0 or -errno with err filled. */
int bench_dmabench_ioctl(const char *path, struct bench_map_benchmark *mb, char *err,
			 size_t err_len);

#endif
