// SPDX-License-Identifier: GPL-2.0
/*
 * rdread: a small O_DIRECT random-read workload for the arm64 guest, where
 * fio is not available. One thread, synchronous pread(), so the number of
 * block IOs is exactly the number of reads: the host-side checks compare
 * that number to the iommu:map/unmap counts.
 *
 *   rdread --bs 4096 --count 2000 [--seed 1] [--scatter] [--json] /dev/nvme0n1
 *
 * --scatter reads each IO into bs/4096 pages chosen (through
 * /proc/self/pagemap, root only) so that no page follows the previous one
 * physically: the block layer cannot merge them, so one IO is exactly
 * bs/4096 scatter-gather segments and as many iommu:map events.
 *
 * Prints the IO count, the bytes read, the elapsed time and the per-IO
 * latency (min/avg/max in ns) as key=value lines (or one JSON object).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static uint64_t rdread_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* xorshift64*: reproducible offsets from a seed, no libc state */
static uint64_t rdread_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

#define RDREAD_PAGE 4096ul
/* /proc/self/pagemap: bit 63 present, bits 0-54 PFN (Documentation/admin-guide/mm/pagemap.rst) */
#define PM_PRESENT (1ull << 63)
#define PM_PFN_MASK ((1ull << 55) - 1)

/*
 * Fills iov[0..nseg) with pages of a locked pool such that page k+1 is never
 * the physical successor of page k. Returns 0 or a negative errno.
 */
static int rdread_scatter_init(struct iovec *iov, unsigned long nseg, void **pool_out)
{
	unsigned long npool = nseg * 8, i, n = 0;
	uint64_t last_pfn = 0, ent;
	char *pool;
	int fd, ret = 0;

	if (posix_memalign((void **)&pool, RDREAD_PAGE, npool * RDREAD_PAGE))
		return -ENOMEM;
	memset(pool, 0, npool * RDREAD_PAGE);
	if (mlock(pool, npool * RDREAD_PAGE)) {
		ret = -errno;
		goto out;
	}
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	for (i = 0; i < npool && n < nseg; i++) {
		uintptr_t va = (uintptr_t)(pool + i * RDREAD_PAGE);

		if (pread(fd, &ent, sizeof(ent), (va / RDREAD_PAGE) * sizeof(ent)) != sizeof(ent)) {
			ret = -EIO;
			break;
		}
		/* PFN reads as 0 without CAP_SYS_ADMIN: we cannot choose */
		if (!(ent & PM_PRESENT) || !(ent & PM_PFN_MASK)) {
			ret = -EPERM;
			break;
		}
		if (n && (ent & PM_PFN_MASK) == last_pfn + 1)
			continue;
		last_pfn = ent & PM_PFN_MASK;
		iov[n].iov_base = (void *)va;
		iov[n].iov_len = RDREAD_PAGE;
		n++;
	}
	close(fd);
	if (!ret && n < nseg)
		ret = -ENOSPC;
out:
	if (ret)
		free(pool);
	else
		*pool_out = pool;
	return ret;
}

static void rdread_usage(FILE *f)
{
	fprintf(f, "usage: rdread --bs BYTES --count N [--seed S] [--scatter] [--json] DEVICE\n"
		"  O_DIRECT random reads of BYTES (a multiple of 4096) at BYTES-aligned\n"
		"  offsets of DEVICE, one at a time; prints count, bytes, elapsed and\n"
		"  per-IO latency in ns.\n"
		"  --scatter  read into BYTES/4096 physically discontiguous pages (root)\n");
}

/* one straight story (arguments, open, read loop, figures), as a test tool reads best */
int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bs", required_argument, NULL, 'b' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "scatter", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long bs = 4096, count = 1000, i;
	uint64_t seed = 1, dev_bytes, slots, t0, t1, lat, lat_min = UINT64_MAX, lat_max = 0;
	uint64_t lat_sum = 0, start;
	int json = 0, scatter = 0, fd, c, err;
	struct iovec *iov = NULL;
	struct stat st;
	unsigned long nseg;
	void *buf;
	char *end;

	while ((c = getopt_long(argc, argv, "b:n:s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			bs = strtoul(optarg, &end, 0);
			if (*end || !bs || bs % 4096) {
				fprintf(stderr, "rdread: --bs %s: want a multiple of 4096 bytes\n", optarg);
				return 2;
			}
			break;
		case 'n':
			count = strtoul(optarg, &end, 0);
			if (*end || !count) {
				fprintf(stderr, "rdread: --count %s: want a positive integer\n", optarg);
				return 2;
			}
			break;
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*end || !seed) {
				fprintf(stderr, "rdread: --seed %s: want a non-zero integer\n", optarg);
				return 2;
			}
			break;
		case 'j':
			json = 1;
			break;
		case 'S':
			scatter = 1;
			break;
		case 'h':
			rdread_usage(stdout);
			return 0;
		default:
			rdread_usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		rdread_usage(stderr);
		return 2;
	}

	fd = open(argv[optind], O_RDONLY | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "rdread: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		dev_bytes = st.st_size;
	} else if (ioctl(fd, BLKGETSIZE64, &dev_bytes) < 0) {
		fprintf(stderr, "rdread: %s: BLKGETSIZE64: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	slots = dev_bytes / bs;
	if (!slots) {
		fprintf(stderr, "rdread: %s: %llu bytes is smaller than one %lu-byte read\n",
			argv[optind], (unsigned long long)dev_bytes, bs);
		return 1;
	}
	nseg = bs / RDREAD_PAGE;
	if (scatter) {
		iov = calloc(nseg, sizeof(*iov));
		if (!iov) {
			fprintf(stderr, "rdread: cannot allocate %lu iovecs\n", nseg);
			return 1;
		}
		err = rdread_scatter_init(iov, nseg, &buf);
		if (err) {
			fprintf(stderr, "rdread: --scatter: cannot pick %lu discontiguous pages: %s%s\n",
				nseg, strerror(-err), err == -EPERM ? " (needs root for pagemap PFNs)" : "");
			return 1;
		}
	} else if (posix_memalign(&buf, RDREAD_PAGE, bs)) {
		fprintf(stderr, "rdread: cannot allocate %lu bytes\n", bs);
		return 1;
	}

	start = rdread_now_ns();
	for (i = 0; i < count; i++) {
		off_t off = (off_t)(rdread_rand(&seed) % slots) * bs;
		ssize_t r;

		t0 = rdread_now_ns();
		if (scatter)
			r = preadv(fd, iov, nseg, off);
		else
			r = pread(fd, buf, bs, off);
		t1 = rdread_now_ns();
		if (r != (ssize_t)bs) {
			fprintf(stderr, "rdread: %s: read %lu bytes at %lld: %s\n", argv[optind], bs,
				(long long)off, r < 0 ? strerror(errno) : "short read");
			return 1;
		}
		lat = t1 - t0;
		lat_sum += lat;
		if (lat < lat_min)
			lat_min = lat;
		if (lat > lat_max)
			lat_max = lat;
	}
	t1 = rdread_now_ns();
	close(fd);
	free(buf);
	free(iov);

	if (json)
		printf("{\"bs_bytes\": %lu, \"scatter\": %d, \"ios\": %lu, \"bytes\": %llu, \"elapsed_ns\": %llu, "
		       "\"lat_min_ns\": %llu, \"lat_avg_ns\": %llu, \"lat_max_ns\": %llu}\n",
		       bs, scatter, count, (unsigned long long)bs * count, (unsigned long long)(t1 - start),
		       (unsigned long long)lat_min, (unsigned long long)(lat_sum / count),
		       (unsigned long long)lat_max);
	else
		printf("bs_bytes=%lu scatter=%d ios=%lu bytes=%llu elapsed_ns=%llu lat_min_ns=%llu "
		       "lat_avg_ns=%llu lat_max_ns=%llu\n",
		       bs, scatter, count, (unsigned long long)bs * count, (unsigned long long)(t1 - start),
		       (unsigned long long)lat_min, (unsigned long long)(lat_sum / count),
		       (unsigned long long)lat_max);
	return 0;
}
