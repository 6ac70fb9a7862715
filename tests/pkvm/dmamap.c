// SPDX-License-Identifier: GPL-2.0
/*
 * dmamap: one dma_map_benchmark run from the pKVM test guest (tests/pkvm),
 * so that the shell phases can trace a known workload without smmubench.
 *
 *   dmamap THREADS SECONDS GRANULE
 *
 * Prints "map_us=%.1f unmap_us=%.1f" (the kernel's averages, 100 ns units
 * converted to µs). The struct is include/linux/map_benchmark.h's: 136
 * bytes upstream, 64 in Android's GKI kernels (no expansion[]), each with
 * its own ioctl number _IOWR('d', 1, size): the upstream one first.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct map_benchmark {
	uint64_t avg_map_100ns;
	uint64_t map_stddev;
	uint64_t avg_unmap_100ns;
	uint64_t unmap_stddev;
	uint32_t threads;
	uint32_t seconds;
	int32_t node;
	uint32_t dma_bits;
	uint32_t dma_dir;
	uint32_t dma_trans_ns;
	uint32_t granule;
	uint8_t expansion[76];
};

_Static_assert(sizeof(struct map_benchmark) == 136, "map_benchmark ABI is 136 bytes");

int main(int argc, char **argv)
{
	struct map_benchmark mb;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: dmamap THREADS SECONDS GRANULE\n");
		return 2;
	}
	memset(&mb, 0, sizeof(mb));
	mb.threads = atoi(argv[1]);
	mb.seconds = atoi(argv[2]);
	mb.granule = atoi(argv[3]);
	mb.node = -1;
	mb.dma_bits = 32;
	fd = open("/sys/kernel/debug/dma_map_benchmark", O_RDWR);
	if (fd < 0) {
		perror("dmamap: /sys/kernel/debug/dma_map_benchmark");
		return 1;
	}
	if (ioctl(fd, _IOWR('d', 1, struct map_benchmark), &mb) &&
	    ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, 'd', 1, 64), &mb)) {
		perror("dmamap: ioctl");
		return 1;
	}
	printf("map_us=%.1f unmap_us=%.1f\n", mb.avg_map_100ns / 10.0, mb.avg_unmap_100ns / 10.0);
	close(fd);
	return 0;
}
