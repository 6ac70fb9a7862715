// SPDX-License-Identifier: GPL-2.0
/*
 * The model's host-side events laid out like a host tracefs instance, so the
 * collector's "raw:" source reads them as it reads a real one:
 *
 *   host/trace_clock                     boot selected
 *   host/events/header_page, header_event
 *   host/events/iommu/{map,unmap}/{format,id,enable}
 *   host/per_cpu/cpuN/trace_pipe_raw     ftrace pages (hypev_rb writer)
 *   host/per_cpu/cpuN/trace_pipe         the same events as text
 *
 * Records follow include/trace/events/iommu.h: map(u64 iova, u64 paddr,
 * size_t size) and unmap(u64 iova, size_t size, size_t unmapped_size),
 * after the host's common fields (type, flags, preempt count, pid).
 *
 * The host ops' probe pairs, as `smmubench record -k` makes them (kprobe
 * and kretprobe dynamic events, trace/source_host.c) on the DMA API entry
 * points: smmubench_model/{dma_map,dma_map_ret,dma_unmap,dma_unmap_ret},
 * laid out as the kernel's kprobe events are (__probe_ip; kretprobes
 * __probe_func, __probe_ret_ip: kernel/trace/trace_kprobe.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "hypev.h"
#include "model_int.h"

#define HOST_SUBBUF		4096
/* ids as this instance numbers them; a real kernel assigns its own */
#define HOST_ID_MAP		1000
#define HOST_ID_UNMAP		1001
#define HOST_ID_PROBE		1002	/* + 2 * unmap + ret */
#define HOST_PROBE_SYS		"smmubench_model"

static const char *const probe_names[4] = { "dma_map", "dma_map_ret", "dma_unmap",
					    "dma_unmap_ret" };

/* kprobe: __probe_ip; kretprobe: __probe_func, __probe_ret_ip */
struct host_probe_ev {
	u16 common_type;
	u8 common_flags;
	u8 common_preempt_count;
	s32 common_pid;
	u64 ip;
	u64 ret_ip;
};

struct host_map_ev {
	u16 common_type;
	u8 common_flags;
	u8 common_preempt_count;
	s32 common_pid;
	u64 iova;
	u64 paddr;
	u64 size;
};

struct host_unmap_ev {
	u16 common_type;
	u8 common_flags;
	u8 common_preempt_count;
	s32 common_pid;
	u64 iova;
	u64 size;
	u64 unmapped_size;
};

static const char host_common[] =
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

static int host_put(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int host_put(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "w");
	va_list ap;
	int ret = 0;

	if (!f)
		return -errno;
	va_start(ap, fmt);
	errno = 0;	/* a failed write(2) leaves its errno: ENOSPC is not EIO */
	if (vfprintf(f, fmt, ap) < 0)
		ret = errno ? -errno : -EIO;
	va_end(ap);
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/* events/smmubench_model/<probe>/{id,enable,format} */
static int host_probes_create(const char *hdir)
{
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	snprintf(path, sizeof(path), "%s/events/" HOST_PROBE_SYS, hdir);
	ret = dir_make(path);
	for (i = 0; i < 4 && !ret; i++) {
		bool is_ret = i & 1;

		snprintf(path, sizeof(path), "%s/events/" HOST_PROBE_SYS "/%s", hdir,
			 probe_names[i]);
		ret = dir_make(path);
		snprintf(path, sizeof(path), "%s/events/" HOST_PROBE_SYS "/%s/id", hdir,
			 probe_names[i]);
		ret = ret ?: host_put(path, "%d\n", HOST_ID_PROBE + i);
		snprintf(path, sizeof(path), "%s/events/" HOST_PROBE_SYS "/%s/enable", hdir,
			 probe_names[i]);
		ret = ret ?: host_put(path, "1\n");
		snprintf(path, sizeof(path), "%s/events/" HOST_PROBE_SYS "/%s/format", hdir,
			 probe_names[i]);
		ret = ret ?: host_put(path, "name: %s\nID: %d\nformat:\n%s%s\n"
				      "print fmt: \"%s\", %s\n",
				      probe_names[i], HOST_ID_PROBE + i, host_common,
				      is_ret ? "\tfield:unsigned long __probe_func;\toffset:8;\t"
					       "size:8;\tsigned:0;\n"
					       "\tfield:unsigned long __probe_ret_ip;\toffset:16;\t"
					       "size:8;\tsigned:0;\n"
					     : "\tfield:unsigned long __probe_ip;\toffset:8;\t"
					       "size:8;\tsigned:0;\n",
				      is_ret ? "(%lx <- %lx)" : "(%lx)",
				      is_ret ? "REC->__probe_func, REC->__probe_ret_ip"
					     : "REC->__probe_ip");
	}
	return ret;
}

int model_host_dir_create(const char *hdir, unsigned int nr_cpus)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	ret = dir_make(hdir);
	snprintf(path, sizeof(path), "%s/trace_clock", hdir);
	if (!ret)
		ret = host_put(path, "local global counter uptime perf mono mono_raw [boot] tai\n");
	snprintf(path, sizeof(path), "%s/per_cpu", hdir);
	if (!ret)
		ret = dir_make(path);
	snprintf(path, sizeof(path), "%s/events", hdir);
	if (!ret)
		ret = dir_make(path);
	snprintf(path, sizeof(path), "%s/events/iommu", hdir);
	if (!ret)
		ret = dir_make(path);
	snprintf(path, sizeof(path), "%s/events/iommu/map", hdir);
	if (!ret)
		ret = dir_make(path);
	snprintf(path, sizeof(path), "%s/events/iommu/unmap", hdir);
	if (!ret)
		ret = dir_make(path);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/events/header_page", hdir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	hypev_header_page_write(f, HOST_SUBBUF);
	if (fclose(f))
		return -errno;
	snprintf(path, sizeof(path), "%s/events/header_event", hdir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	hypev_header_event_write(f);
	if (fclose(f))
		return -errno;
	snprintf(path, sizeof(path), "%s/events/iommu/map/id", hdir);
	ret = host_put(path, "%d\n", HOST_ID_MAP);
	snprintf(path, sizeof(path), "%s/events/iommu/unmap/id", hdir);
	if (!ret)
		ret = host_put(path, "%d\n", HOST_ID_UNMAP);
	snprintf(path, sizeof(path), "%s/events/iommu/map/enable", hdir);
	if (!ret)
		ret = host_put(path, "1\n");
	snprintf(path, sizeof(path), "%s/events/iommu/unmap/enable", hdir);
	if (!ret)
		ret = host_put(path, "1\n");
	snprintf(path, sizeof(path), "%s/events/iommu/map/format", hdir);
	if (!ret)
		ret = host_put(path,
			       "name: map\nID: %d\nformat:\n%s"
			       "\tfield:u64 iova;\toffset:8;\tsize:8;\tsigned:0;\n"
			       "\tfield:u64 paddr;\toffset:16;\tsize:8;\tsigned:0;\n"
			       "\tfield:size_t size;\toffset:24;\tsize:8;\tsigned:0;\n\n"
			       "print fmt: \"IOMMU: iova=0x%%016llx - 0x%%016llx paddr=0x%%016llx size=%%zu\", "
			       "REC->iova, REC->iova + REC->size, REC->paddr, REC->size\n",
			       HOST_ID_MAP, host_common);
	snprintf(path, sizeof(path), "%s/events/iommu/unmap/format", hdir);
	if (!ret)
		ret = host_put(path,
			       "name: unmap\nID: %d\nformat:\n%s"
			       "\tfield:u64 iova;\toffset:8;\tsize:8;\tsigned:0;\n"
			       "\tfield:size_t size;\toffset:16;\tsize:8;\tsigned:0;\n"
			       "\tfield:size_t unmapped_size;\toffset:24;\tsize:8;\tsigned:0;\n\n"
			       "print fmt: \"IOMMU: iova=0x%%016llx - 0x%%016llx size=%%zu unmapped_size=%%zu\", "
			       "REC->iova, REC->iova + REC->size, REC->size, REC->unmapped_size\n",
			       HOST_ID_UNMAP, host_common);
	(void)nr_cpus;
	return ret ?: host_probes_create(hdir);
}

/* ftrace's default text output: task-pid [cpu] flags secs.usecs: event: fields */
static void host_text(FILE *f, unsigned int cpu, const struct model_host_rec *r)
{
	fprintf(f, "   dma_map_bench-%-6u [%03u] ..... %5llu.%06llu: ", 1000 + cpu, cpu,
		(unsigned long long)(r->ts / 1000000000ULL),
		(unsigned long long)(r->ts % 1000000000ULL / 1000));
	if (r->probe)
		fprintf(f, "%s: (0x0%s)\n", probe_names[2 * r->unmap + r->probe - 1],
			r->probe == 2 ? " <- 0x0" : "");
	else if (r->unmap)
		fprintf(f, "unmap: IOMMU: iova=0x%016llx - 0x%016llx size=%llu unmapped_size=%llu\n",
			(unsigned long long)r->iova, (unsigned long long)(r->iova + r->size),
			(unsigned long long)r->size, (unsigned long long)r->unmapped);
	else
		fprintf(f, "map: IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%llu\n",
			(unsigned long long)r->iova, (unsigned long long)(r->iova + r->size),
			(unsigned long long)r->pa, (unsigned long long)r->size);
}

/* One sub-buffer to F: 0, or -1 with write(2)'s errno kept (0 if it set none). */
static int host_page_write(const void *page, FILE *f)
{
	errno = 0;
	return fwrite(page, 1, HOST_SUBBUF, f) == HOST_SUBBUF ? 0 : -1;
}

/* One host record onto the ring in its event's layout: 0 or hypev_rb_write()'s error. */
static int host_rec_write(struct hypev_rb *rb, unsigned int cpu, const struct model_host_rec *r)
{
	int ret;

	if (r->probe) {
		struct host_probe_ev ev = {
			.common_type = HOST_ID_PROBE + 2 * r->unmap + r->probe - 1,
			.common_pid = 1000 + cpu,
		};

		ret = hypev_rb_write(rb, r->ts, &ev,
				     r->probe == 2 ? sizeof(ev) : sizeof(ev) - 8);
	} else if (r->unmap) {
		struct host_unmap_ev ev = {
			.common_type = HOST_ID_UNMAP, .common_pid = 1000 + cpu,
			.iova = r->iova, .size = r->size, .unmapped_size = r->unmapped,
		};

		ret = hypev_rb_write(rb, r->ts, &ev, sizeof(ev));
	} else {
		struct host_map_ev ev = {
			.common_type = HOST_ID_MAP, .common_pid = 1000 + cpu,
			.iova = r->iova, .paddr = r->pa, .size = r->size,
		};

		ret = hypev_rb_write(rb, r->ts, &ev, sizeof(ev));
	}
	return ret;
}

int model_host_cpu_write(const char *hdir, unsigned int cpu, const struct model_host_rec *recs,
			 size_t nr)
{
	/* every record fits: 36 bytes on the page each, plus a page of slack */
	u32 pages = (u32)((nr * 40) / (HOST_SUBBUF - 64) + 2);
	u64 sz = hypev_rb_mem_size(pages, HOST_SUBBUF);
	struct hypev_rb rb;
	void *mem = calloc(1, sz), *page = calloc(1, HOST_SUBBUF);
	char path[PATH_MAX];
	FILE *raw = NULL, *txt = NULL;
	size_t i;
	int ret;

	if (!mem || !page) {
		ret = -ENOMEM;
		goto out;
	}
	ret = hypev_rb_init(&rb, mem, sz, pages, HOST_SUBBUF);
	if (ret) {
		ret = -EINVAL;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u", hdir, cpu);
	ret = dir_make(path);
	if (ret)
		goto out;
	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", hdir, cpu);
	raw = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe", hdir, cpu);
	txt = fopen(path, "w");
	if (!raw || !txt) {
		ret = -errno;
		goto out;
	}
	for (i = 0; i < nr; i++) {
		const struct model_host_rec *r = &recs[i];

		ret = host_rec_write(&rb, cpu, r);
		if (ret) {
			ret = -EIO;
			goto out;
		}
		host_text(txt, cpu, r);
		/* a reader keeping up: write out every full page */
		while (rb.nr_unread && hypev_rb_read_page(&rb, page, false) >= 0)
			if (host_page_write(page, raw)) {
				ret = errno ? -errno : -EIO;
				goto out;
			}
	}
	while (hypev_rb_read_page(&rb, page, true) >= 0)
		if (host_page_write(page, raw)) {
			ret = errno ? -errno : -EIO;
			goto out;
		}
	ret = 0;
out:
	if (raw && fclose(raw) && !ret)
		ret = -errno;
	if (txt && fclose(txt) && !ret)
		ret = -errno;
	free(mem);
	free(page);
	return ret;
}
