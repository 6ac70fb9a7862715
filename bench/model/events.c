// SPDX-License-Identifier: GPL-2.0
/*
 * The model's instrumentation: EL2 events go through the hyp-instrumentation
 * ring-buffer writer, one ring per simulated CPU, exactly as EL2 would write
 * them. A reader drains full pages as the run goes (like the host's reader
 * polling), so nothing is lost unless a ring overflows between drains.
 * Host events (iommu:map/iommu:unmap) are kept as ftrace text lines.
 *
 * Output directory:
 *   remotes/hypervisor/      laid out by hypev_remote_dir_create(), plus
 *     per_cpu/cpuN/trace_pipe_raw   concatenated sub-buffers (regular file)
 *     per_cpu/cpuN/trace_pipe       text, hypev_text_line_write()
 *     trace_pipe                    all CPUs' text merged by time
 *   host/                    a host instance (events_host.c): iommu:map/unmap
 *                            pages, format files and text
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "hypev.h"
#include "hypev_hist.h"
#include "model_int.h"

#define EV_SUBBUF	4096

struct model_ev_cpu {
	unsigned char *raw;		/* drained pages */
	size_t raw_len, raw_cap;
	struct model_host_rec *host;	/* host events, text made at write time */
	size_t host_nr, host_cap;
	u64 host_total, probe_total;
};

static struct model_ev_cpu *ev_cpu(struct model_cpu *cpu)
{
	return cpu->wl_ev;
}

int model_events_init(struct model_sim *sim)
{
	/* the reader drains every full page at once, so a few pages suffice */
	unsigned int i, pages = sim->cfg->rb_pages ? sim->cfg->rb_pages : 16;
	u64 sz = hypev_rb_mem_size(pages, EV_SUBBUF);

	sim->page_buf = calloc(1, EV_SUBBUF);
	if (!sim->page_buf)
		return -ENOMEM;
	for (i = 0; i < sim->nr_cpus; i++) {
		struct model_cpu *cpu = &sim->cpus[i];
		struct model_ev_cpu *ec = calloc(1, sizeof(*ec));
		int ret;

		cpu->rb = calloc(1, sizeof(*cpu->rb));
		cpu->rb_mem = calloc(1, sz);	/* zeroed: output bytes must not depend on the heap */
		if (!ec || !cpu->rb || !cpu->rb_mem) {
			free(ec);
			return -ENOMEM;
		}
		cpu->wl_ev = ec;
		if (sim->cfg->hyp_mode == HYPEV_MODE_HIST && model_hist_init(cpu))
			return -ENOMEM;
		ret = hypev_rb_init(cpu->rb, cpu->rb_mem, sz, pages, EV_SUBBUF);
		if (ret)
			return ret > 0 ? -ret : ret;
	}
	return 0;
}

static int ev_drain(struct model_cpu *cpu, bool flush)
{
	struct model_ev_cpu *ec = ev_cpu(cpu);
	void *page = cpu->sim->page_buf;

	while (hypev_rb_read_page(cpu->rb, page, flush) >= 0) {
		if (!cpu->sim->cfg->out_dir)
			continue;	/* nobody keeps the pages: read and drop them */
		if (ec->raw_len + EV_SUBBUF > ec->raw_cap) {
			size_t cap = ec->raw_cap ? ec->raw_cap * 2 : 64 * EV_SUBBUF;
			unsigned char *n = realloc(ec->raw, cap);

			if (!n)
				return -ENOMEM;
			ec->raw = n;
			ec->raw_cap = cap;
		}
		memcpy(ec->raw + ec->raw_len, page, EV_SUBBUF);
		ec->raw_len += EV_SUBBUF;
	}
	return 0;
}

/*
 * The observer effect: writing an EL2 event costs the CPU hyp_event_ns of
 * virtual time (the writer plus its counter reads), charged after the
 * event's own timestamp, as the real writer's cost lands after its read.
 */
void model_ev_write(struct model_cpu *cpu, u64 ts, const void *rec, u32 len)
{
	int ret = hypev_rb_write(cpu->rb, ts, rec, len);

	cpu->now += MODEL_P(cpu->sim, hyp_event_ns);
	if (ret)
		return;
	/* the reader keeps up: take every full page as soon as there is one */
	if (cpu->rb->nr_unread && ev_drain(cpu, false))
		model_sim_fail(cpu->sim, -ENOMEM, "model: out of memory draining events");
}

void model_ev_emit(struct model_cpu *cpu, u64 ts, const void *rec, u32 len)
{
	switch (cpu->sim->cfg->hyp_mode) {
	case HYPEV_MODE_HIST:
		model_hist_rec(cpu, rec);
		return;
	case HYPEV_MODE_OFF:
		return;
	default:
		model_ev_write(cpu, ts, rec, len);
	}
}

/* Keeps one host record (counted even with no directory to write). */
static void ev_host_keep(struct model_cpu *cpu, const struct model_host_rec *r)
{
	struct model_ev_cpu *ec = ev_cpu(cpu);

	ec->host_total += !r->probe;	/* host_events: the iommu tracepoints */
	ec->probe_total += !!r->probe;
	if (!cpu->sim->cfg->out_dir)
		return;		/* counted, not kept: no directory to write */
	if (ec->host_nr == ec->host_cap) {
		size_t cap = ec->host_cap ? ec->host_cap * 2 : 4096;
		struct model_host_rec *n = realloc(ec->host, cap * sizeof(*n));

		if (!n) {
			model_sim_fail(cpu->sim, -ENOMEM, "model: out of memory keeping host events");
			return;
		}
		ec->host = n;
		ec->host_cap = cap;
	}
	ec->host[ec->host_nr++] = *r;
}

void model_ev_host(struct model_cpu *cpu, u64 ts, int unmap, u64 iova, u64 pa, u64 size,
		   u64 unmapped)
{
	struct model_host_rec r = {
		.ts = ts, .iova = iova, .pa = pa, .size = size, .unmapped = unmapped, .unmap = unmap,
	};

	ev_host_keep(cpu, &r);
}

void model_ev_probe(struct model_cpu *cpu, bool unmap, bool ret)
{
	struct model_host_rec r = { .ts = cpu->now, .unmap = unmap, .probe = ret ? 2 : 1 };

	if (model_ev_enabled(cpu))
		ev_host_keep(cpu, &r);
}

void model_events_fini(struct model_sim *sim)
{
	unsigned int i;

	for (i = 0; i < MODEL_MAX_CPUS; i++) {
		struct model_cpu *cpu = &sim->cpus[i];
		struct model_ev_cpu *ec = cpu->wl_ev;

		if (cpu->rb) {
			sim->res->counts.ev_written += cpu->rb->entries;
			sim->res->counts.ev_lost += cpu->rb->overrun;
		}
		if (ec) {
			sim->res->counts.host_events += ec->host_total;
			sim->res->counts.host_probes += ec->probe_total;
			free(ec->host);
			free(ec->raw);
			free(ec);
		}
		model_hist_free(cpu);
		free(cpu->rb);
		free(cpu->rb_mem);
		cpu->rb = NULL;
		cpu->rb_mem = NULL;
		cpu->wl_ev = NULL;
	}
	free(sim->page_buf);
	sim->page_buf = NULL;
}

/* Walk one sub-buffer (ftrace page) and print each event as trace_pipe text. */
static int ev_page_text(FILE *f, int cpu, const unsigned char *page, unsigned long *lost)
{
	u64 ts, commit;
	u32 off = 0, len;

	memcpy(&ts, page, 8);
	memcpy(&commit, page + 8, 8);
	if (commit & HYPEV_RB_MISSED_EVENTS) {
		unsigned long missed = 0;

		if (commit & HYPEV_RB_MISSED_STORED) {
			u32 data_len = commit & 0x3fffffff;

			/* the count sits right after the data (ring_buffer.c rb_read_page) */
			memcpy(&missed, page + HYPEV_RB_PAGE_HDR_SIZE + data_len, sizeof(u64));
		}
		hypev_text_lost_write(f, cpu, missed);
		*lost += missed;
	}
	len = commit & 0x3fffffff;	/* data bytes; flags live in bits 31 and 30 */
	while (off + 4 <= len) {
		u32 hdr, type_len, delta, plen;
		const unsigned char *ev = page + HYPEV_RB_PAGE_HDR_SIZE + off;

		memcpy(&hdr, ev, 4);
		type_len = hdr & 31;
		delta = hdr >> 5;
		if (type_len == HYPEV_RB_TYPE_PADDING) {
			u32 plen2;

			if (!delta)
				break;	/* rest of the page is padding */
			memcpy(&plen2, ev + 4, 4);
			ts += delta;
			off += 4 + plen2;
			continue;
		}
		if (type_len == HYPEV_RB_TYPE_TIME_EXTEND) {
			u32 hi;

			memcpy(&hi, ev + 4, 4);
			ts += delta + ((u64)hi << HYPEV_RB_TS_SHIFT);
			off += 8;
			continue;
		}
		if (type_len == HYPEV_RB_TYPE_TIME_STAMP) {
			off += 8;
			continue;
		}
		ts += delta;
		if (type_len == 0) {
			memcpy(&plen, ev + 4, 4);
			plen -= 4;
			ev += 8;
			off += 8 + ((plen + 3) & ~3U);
		} else {
			plen = type_len * 4;
			ev += 4;
			off += 4 + plen;
		}
		{
			u16 id;
			const struct hypev_event_desc *d;

			memcpy(&id, ev, 2);
			d = hypev_event_by_id(id);
			if (d)
				hypev_text_line_write(f, cpu, ts, d, ev);
		}
	}
	return 0;
}

int model_events_write_dir(struct model_sim *sim, const char *dir)
{
	char path[PATH_MAX], rdir[PATH_MAX / 2], hdir[PATH_MAX / 2];
	unsigned int i;
	int ret;

	snprintf(rdir, sizeof(rdir), "%s", dir);
	ret = dir_make(dir);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/remotes", dir);
	ret = dir_make(path);
	if (ret)
		return ret;
	snprintf(rdir, sizeof(rdir), "%s/remotes/hypervisor", dir);
	ret = hypev_remote_dir_create(rdir, sim->nr_cpus, EV_SUBBUF);
	if (ret)
		return ret;
	snprintf(hdir, sizeof(hdir), "%s/host", dir);
	ret = model_host_dir_create(hdir, sim->nr_cpus);
	if (ret)
		return ret;
	for (i = 0; i < sim->nr_cpus; i++) {
		struct model_cpu *cpu = &sim->cpus[i];
		struct model_ev_cpu *ec = cpu->wl_ev;
		unsigned long lost = 0;
		size_t off;
		FILE *f;

		ret = ev_drain(cpu, true);
		if (ret)
			return ret;
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", rdir, i);
		ret = file_write_new(path, ec->raw, ec->raw_len);
		if (ret)
			return ret;
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe", rdir, i);
		f = fopen(path, "w");
		if (!f)
			return -errno;
		for (off = 0; off < ec->raw_len; off += EV_SUBBUF)
			ev_page_text(f, i, ec->raw + off, &lost);
		if (fclose(f))
			return -errno;
		ret = model_host_cpu_write(hdir, i, ec->host, ec->host_nr);
		if (ret)
			return ret;
	}
	return 0;
}
