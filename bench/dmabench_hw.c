// SPDX-License-Identifier: GPL-2.0
/* dma_map_benchmark on the running kernel: bind, ioctl, restore. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "dmabench_hw.h"

_Static_assert(offsetof(struct bench_map_benchmark, map_mode) == 60 &&
	       BENCH_MAP_BENCHMARK_GKI_SIZE == 64, "GKI map_benchmark: 60 bytes of fields, padded to 64");
_Static_assert(sizeof(struct bench_map_benchmark) == BENCH_MAP_BENCHMARK_SIZE,
	       "struct map_benchmark is 136 bytes in every kernel");

int bench_dmabench_bind(const char *sysfs, const char *device, struct bench_dmabench_bind *b,
			char *err, size_t err_len)
{
	char path[PATH_MAX], link[PATH_MAX], real[PATH_MAX];
	const char *slash;
	ssize_t n;
	int ret;

	memset(b, 0, sizeof(*b));
	if (!device || !*device) {
		fmt_buf(err, err_len, "no device: set 'device' in the workload (a PCI address such as 0000:00:03.0)");
		return -EINVAL;
	}
	if (device[0] == '/')
		fmt_buf(path, sizeof(path), "%s", device);
	else
		fmt_buf(path, sizeof(path), "%s/bus/pci/devices/%s", sysfs, device);
	if (!realpath(path, real)) {
		ret = -errno;
		fmt_buf(err, err_len, "%s: %s: check the device address (lspci -D)", path,
			 strerror(-ret));
		return ret;
	}
	fmt_buf(b->dev_path, sizeof(b->dev_path), "%s", path);
	slash = strrchr(path, '/');
	fmt_buf(b->dev_name, sizeof(b->dev_name), "%s", slash ? slash + 1 : path);
	/* <dev>/subsystem -> /sys/bus/<bus> */
	fmt_buf(link, sizeof(link), "%s/subsystem", path);
	if (!realpath(link, b->bus_path)) {
		ret = -errno;
		fmt_buf(err, err_len, "%s: %s", link, strerror(-ret));
		return ret;
	}
	fmt_buf(link, sizeof(link), "%s/driver", path);
	n = readlink(link, real, sizeof(real) - 1);
	if (n > 0) {
		real[n] = '\0';
		slash = strrchr(real, '/');
		fmt_buf(b->orig_driver, sizeof(b->orig_driver), "%s", slash ? slash + 1 : real);
	}
	fmt_buf(link, sizeof(link), "%s/driver_override", path);
	ret = file_read_line(link, b->orig_override, sizeof(b->orig_override));
	if (ret) {
		fmt_buf(err, err_len, "%s: %s: the bus has no driver_override", link,
			 strerror(-ret));
		return ret;
	}
	if (!strcmp(b->orig_override, "(null)"))
		b->orig_override[0] = '\0';
	if (!strcmp(b->orig_driver, BENCH_DMABENCH_DRIVER)) {
		b->bound = 0;	/* already bound by someone else: leave it as found */
		return 0;
	}
	ret = file_write_knob(link, BENCH_DMABENCH_DRIVER);
	if (ret) {
		fmt_buf(err, err_len, "%s: %s", link, strerror(-ret));
		return ret;
	}
	b->bound = 1;	/* from here on, unbind restores */
	if (b->orig_driver[0]) {
		fmt_buf(link, sizeof(link), "%s/driver/unbind", path);
		ret = file_write_knob(link, b->dev_name);
		if (ret) {
			fmt_buf(err, err_len, "%s: %s", link, strerror(-ret));
			goto restore;
		}
	}
	fmt_buf(link, sizeof(link), "%s/drivers/%s/bind", b->bus_path, BENCH_DMABENCH_DRIVER);
	ret = file_write_knob(link, b->dev_name);
	if (ret) {
		fmt_buf(err, err_len, "%s: %s: is CONFIG_DMA_MAP_BENCHMARK set and the device free?",
			 link, strerror(-ret));
		goto restore;
	}
	return 0;
restore:
	bench_dmabench_unbind(b, NULL, 0);
	return ret;
}

int bench_dmabench_unbind(struct bench_dmabench_bind *b, char *err, size_t err_len)
{
	char link[PATH_MAX + 64], cur[PATH_MAX];
	ssize_t n;
	int ret = 0, r;

	if (!b->bound)
		return 0;
	b->bound = 0;
	fmt_buf(link, sizeof(link), "%s/driver", b->dev_path);
	n = readlink(link, cur, sizeof(cur) - 1);
	if (n > 0) {
		fmt_buf(link, sizeof(link), "%s/driver/unbind", b->dev_path);
		r = file_write_knob(link, b->dev_name);
		if (r && !ret) {
			ret = r;
			if (err)
				fmt_buf(err, err_len, "%s: %s", link, strerror(-r));
		}
	}
	/* an empty write clears driver_override ("\n" as the kernel documents) */
	fmt_buf(link, sizeof(link), "%s/driver_override", b->dev_path);
	r = file_write_knob(link, b->orig_override[0] ? b->orig_override : "\n");
	if (r && !ret) {
		ret = r;
		if (err)
			fmt_buf(err, err_len, "%s: %s", link, strerror(-r));
	}
	if (b->orig_driver[0]) {
		fmt_buf(link, sizeof(link), "%s/drivers/%s/bind", b->bus_path, b->orig_driver);
		r = file_write_knob(link, b->dev_name);
		if (r && !ret) {
			ret = r;
			if (err)
				fmt_buf(err, err_len, "%s: %s: bind it back by hand", link,
					 strerror(-r));
		}
	}
	return ret;
}

int bench_dmabench_ioctl(const char *path, struct bench_map_benchmark *mb, char *err,
			 size_t err_len)
{
	int fd, ret = 0;

	fd = open(path, O_RDWR);
	if (fd < 0) {
		ret = -errno;
		fmt_buf(err, err_len, "%s: %s: %s", path, strerror(-ret),
			 ret == -ENOENT ? "the kernel has no CONFIG_DMA_MAP_BENCHMARK, debugfs is not mounted, or no device is bound to dma_map_benchmark" :
			 "need root");
		return ret;
	}
	ret = ioctl(fd, BENCH_DMA_MAP_BENCHMARK, mb) < 0 ? -errno : 0;
	/*
	 * An unknown ioctl number is -EINVAL (map_benchmark_ioctl()'s default
	 * case): retry with the GKI layout, which has no map_mode.
	 */
	if ((ret == -EINVAL || ret == -ENOTTY) && !mb->map_mode) {
		unsigned char gki[BENCH_MAP_BENCHMARK_GKI_SIZE];

		memcpy(gki, mb, sizeof(gki));
		if (ioctl(fd, BENCH_DMA_MAP_BENCHMARK_GKI, gki) == 0) {
			memcpy(mb, gki, offsetof(struct bench_map_benchmark, map_mode));
			ret = 0;
		}
	}
	if (ret) {
		if (ret == -ENOTTY)
			fmt_buf(err, err_len, "%s: ioctl 0x%lx: %s: the running kernel's struct map_benchmark is neither %d nor %d bytes",
				 path, (unsigned long)BENCH_DMA_MAP_BENCHMARK, strerror(-ret),
				 BENCH_MAP_BENCHMARK_SIZE, BENCH_MAP_BENCHMARK_GKI_SIZE);
		else
			fmt_buf(err, err_len, "%s: ioctl: %s (threads=%u seconds=%u granule=%u dma_bits=%u)",
				 path, strerror(-ret), mb->threads, mb->seconds, mb->granule,
				 mb->dma_bits);
	}
	close(fd);
	return ret;
}
