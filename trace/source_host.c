// SPDX-License-Identifier: GPL-2.0
/*
 * Source "host": the host's tracefs through libtracefs. A private instance
 * smmubench-<pid> (kept off until every knob is set, trace_clock=boot so
 * host and EL2 timestamps share the boot-clock timeline), the asked
 * tracepoints, and entry/exit probe pairs built as dynamic events in the
 * "smmubench_<pid>" group (a pair the kernel refuses is listed as not
 * collected, with the kernel's reason, and the rest goes on). Pages are streamed per CPU during the window. The
 * instance and the probes are removed on close.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "trace_int.h"

#define HOST_MAX_PROBES		32

struct host_priv {
	struct tracefs_instance *inst;
	char *dir;			/* the instance's directory */
	struct trace_rawlive *rl;
	struct tracefs_dynevent *probes[HOST_MAX_PROBES];
	unsigned int nr_probes;
	bool on;
};

/* dma_map_page/dma_unmap_page became dma_map_phys/dma_unmap_phys in 6.17 */
static const char *const dma_renames[][2] = {
	{ "dma_map_page", "dma_map_phys" },
	{ "dma_unmap_page", "dma_unmap_phys" },
};

static int host_enable(struct host_priv *p, char *sys, char *ev, const char *spec)
{
	unsigned int i;

	if (!strcmp(ev, "*"))
		ev = NULL;
	/* ftrace:print (trace_marker) and friends are always on: nothing to enable */
	if (!strcmp(sys, "ftrace") && ev) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/events/ftrace/%s/format", p->dir, ev);
		if (!access(path, R_OK))
			return 0;
	}
	if (!tracefs_event_enable(p->inst, sys, ev))
		return 0;
	for (i = 0; ev && !strcmp(sys, "dma") && i < 2; i++) {
		const char *alt = !strcmp(ev, dma_renames[i][0]) ? dma_renames[i][1] :
				  !strcmp(ev, dma_renames[i][1]) ? dma_renames[i][0] : NULL;

		if (alt && !tracefs_event_enable(p->inst, sys, alt)) {
			trace_err("%s: this kernel calls it dma:%s; using that\n", spec, alt);
			return 0;
		}
	}
	trace_err("%s: no such event in %s/events (see available_events)\n", spec,
		  tracefs_tracing_dir());
	return -ENOENT;
}

/*
 * Creates one dynamic event; on failure the reason, the kernel's own from
 * error_log when it wrote one, goes in why.
 */
static int host_dynevent_create(struct tracefs_dynevent *ev, const char *grp,
				const char *name, char *why, size_t len)
{
	char path[PATH_MAX], klog[200];
	int ret;

	errno = 0;
	if (!tracefs_dynevent_create(ev))
		return 0;
	ret = errno ? -errno : -EINVAL;
	snprintf(path, sizeof(path), "%s/error_log", tracefs_tracing_dir());
	if (!trace_error_log_reason(path, grp, name, klog, sizeof(klog)))
		snprintf(why, len, "creating %s:%s failed: %s (kernel: %s)", grp, name,
			 strerror(-ret), klog);
	else
		snprintf(why, len, "creating %s:%s failed: %s", grp, name, strerror(-ret));
	return ret;
}

/*
 * u:NAME=PATH:SYMBOL: the uprobe/uretprobe pair at SYMBOL's offset in PATH.
 * 1 when allocated (*entry, *ret_ev; NULL without memory), else what
 * host_probe_add() returns: 0 recorded as not collected, or -errno.
 */
static int host_uprobe_alloc(struct trace_source *src, const char *spec, const char *grp,
			     const char *name, const char *ret_name,
			     struct tracefs_dynevent **entry, struct tracefs_dynevent **ret_ev)
{
	char why[PATH_MAX + 256], *file, *sym;
	uint64_t off;
	int ret;

	file = strdup(strchr(spec, '=') + 1);
	if (!file)
		return -ENOMEM;
	sym = strrchr(file, ':');
	if (!sym) {
		trace_err("probe '%s': expected u:NAME=PATH:SYMBOL\n", spec);
		free(file);
		return -EINVAL;
	}
	*sym++ = '\0';
	ret = trace_elf_sym_offset(file, sym, &off);
	if (ret) {
		snprintf(why, sizeof(why), "%s: %s: %s", file, sym,
			 ret == -ENOENT ? "no such function symbol" : strerror(-ret));
		free(file);
		return ret == -ENOMEM ? ret : trace_source_missing(src, spec, why, ret);
	}
	*entry = tracefs_uprobe_alloc(grp, name, file, off, NULL);
	*ret_ev = tracefs_uretprobe_alloc(grp, ret_name, file, off, NULL);
	free(file);
	return 1;
}

/*
 * One entry/exit pair. A pair the kernel refuses is recorded as not
 * collected (returns 0); only a malformed spec or no memory is an error.
 */
static int host_probe_add(struct trace_source *src, struct host_priv *p, const char *spec)
{
	struct tracefs_dynevent *entry = NULL, *ret_ev = NULL;
	char name[128], ret_name[140], grp[32], why[PATH_MAX + 256];
	const char *eq = strchr(spec, '=');
	int ret;

	if (!eq || (spec[0] != 'u' && spec[0] != 'k') || spec[1] != ':' || eq - spec < 3 ||
	    eq - spec - 2 >= (int)sizeof(name)) {
		trace_err("probe '%s': expected u:NAME=PATH:SYMBOL or k:NAME=SYMBOL\n", spec);
		return -EINVAL;
	}
	if (p->nr_probes + 2 > HOST_MAX_PROBES) {
		trace_err("probe '%s': at most %d probe pairs\n", spec, HOST_MAX_PROBES / 2);
		return -E2BIG;
	}
	trace_probe_group(grp, sizeof(grp));
	snprintf(name, sizeof(name), "%.*s", (int)(eq - spec - 2), spec + 2);
	snprintf(ret_name, sizeof(ret_name), "%s_ret", name);
	if (spec[0] == 'k') {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/kprobe_events", tracefs_tracing_dir());
		if (access(path, F_OK)) {
			snprintf(why, sizeof(why), "this kernel has no kprobes (no %s)", path);
			return trace_source_missing(src, spec, why, -EOPNOTSUPP);
		}
		entry = tracefs_kprobe_alloc(grp, name, eq + 1, NULL);
		ret_ev = tracefs_kretprobe_alloc(grp, ret_name, eq + 1, NULL, 0);
	} else {
		ret = host_uprobe_alloc(src, spec, grp, name, ret_name, &entry, &ret_ev);
		if (ret != 1)
			return ret;
	}
	if (!entry || !ret_ev) {
		ret = -ENOMEM;
		goto err;
	}
	ret = host_dynevent_create(entry, grp, name, why, sizeof(why));
	if (ret)
		goto missing;
	ret = host_dynevent_create(ret_ev, grp, ret_name, why, sizeof(why));
	if (ret) {
		/* half a pair measures nothing: the entry goes too */
		if (tracefs_dynevent_destroy(entry, true))
			trace_err("cannot remove probe %s:%s: run 'smmubench reset'\n", grp, name);
		goto missing;
	}
	p->probes[p->nr_probes++] = entry;
	p->probes[p->nr_probes++] = ret_ev;
	if (tracefs_event_enable(p->inst, grp, name) ||
	    tracefs_event_enable(p->inst, grp, ret_name)) {
		tracefs_event_disable(p->inst, grp, name);
		tracefs_event_disable(p->inst, grp, ret_name);
		snprintf(why, sizeof(why), "cannot enable %s:%s in %s", grp, name, p->dir);
		return trace_source_missing(src, spec, why, -EIO);
	}
	return 0;
missing:
	ret = trace_source_missing(src, spec, why, ret);
err:
	tracefs_dynevent_free(entry);
	tracefs_dynevent_free(ret_ev);
	return ret;
}

static int host_open(struct trace_source *src, const char *arg)
{
	struct host_priv *p = calloc(1, sizeof(*p));
	const char *const *pr;
	char name[64], kb[32], *sys, *c;
	unsigned int i;
	int n, ret;

	if (!p)
		return -ENOMEM;
	src->priv = p;
	if (!tracefs_tracing_dir()) {
		trace_err("tracefs is not mounted: mount -t tracefs nodev /sys/kernel/tracing\n");
		return -ENOENT;
	}
	snprintf(name, sizeof(name), TRACE_INSTANCE_PFX "%d", (int)getpid());
	p->inst = tracefs_instance_create(name);
	if (!p->inst) {
		ret = -errno;
		trace_err("cannot create tracefs instance %s: %s%s\n", name, strerror(errno),
			  errno == EACCES || errno == EPERM ? " (run as root)" : "");
		return ret ? ret : -EIO;
	}
	/* an instance starts with tracing on: off until the window opens */
	tracefs_trace_off(p->inst);
	p->dir = tracefs_instance_get_dir(p->inst);
	if (!p->dir)
		return -ENOMEM;
	/* the hypervisor's trace clock is CLOCK_BOOTTIME */
	if (tracefs_instance_file_write(p->inst, "trace_clock", "boot") < 0) {
		trace_err("%s/trace_clock: cannot select 'boot'\n", p->dir);
		return -EIO;
	}
	snprintf(kb, sizeof(kb), "%u",
		 src->opts->buf_kb ? src->opts->buf_kb : TRACE_DEFAULT_BUF_KB);
	if (tracefs_instance_file_write(p->inst, "buffer_size_kb", kb) < 0) {
		trace_err("%s/buffer_size_kb: cannot set %s KiB\n", p->dir, kb);
		return -EIO;
	}
	/* older kernels have no buffer_percent: they wake readers on any data */
	if (tracefs_file_exists(p->inst, "buffer_percent") &&
	    tracefs_instance_file_write(p->inst, "buffer_percent", TRACE_BUFFER_PERCENT) < 0) {
		trace_err("%s/buffer_percent: cannot set %s\n", p->dir, TRACE_BUFFER_PERCENT);
		return -EIO;
	}
	for (i = 0; i < src->nr_events; i++) {
		sys = strdup(src->events[i]);
		if (!sys)
			return -ENOMEM;
		c = strchr(sys, ':');
		*c = '\0';
		ret = host_enable(p, sys, c + 1, src->events[i]);
		free(sys);
		if (ret)
			return ret;
	}
	for (pr = src->opts->probes; pr && *pr; pr++) {
		ret = host_probe_add(src, p, *pr);
		if (ret)
			return ret;
	}
	n = trace_nr_cpus_dir(p->dir, &src->cpus_not_read);
	if (n <= 0) {
		trace_err("%s: no per_cpu/cpuN\n", p->dir);
		return -ENOENT;
	}
	src->nr_cpus = n;
	src->live = true;
	(void)arg;
	return 0;
}

static int host_start(struct trace_source *src)
{
	struct host_priv *p = src->priv;

	p->rl = trace_rawlive_start(src, p->dir);
	if (!p->rl)
		return -errno;
	if (tracefs_trace_on(p->inst)) {
		trace_err("%s/tracing_on: cannot turn tracing on\n", p->dir);
		return -EIO;
	}
	p->on = true;
	return 0;
}

static void host_off(struct trace_source *src)
{
	struct host_priv *p = src->priv;

	if (p->on) {
		tracefs_trace_off(p->inst);
		p->on = false;
	}
}

static int host_stop(struct trace_source *src)
{
	struct host_priv *p = src->priv;
	char evdir[PATH_MAX];
	int ret;

	host_off(src);
	if (!p->rl)
		return 0;
	ret = trace_rawlive_stop(p->rl, src);
	/* the formats of what we enabled go beside the pages */
	snprintf(evdir, sizeof(evdir), "%s/events", p->dir);
	if (!ret)
		ret = trace_events_save(src, evdir, src->spool, true);
	return ret;
}

static int host_decode(struct trace_source *src, trace_rec_fn fn, trace_lost_fn lost,
		       void *ctx)
{
	struct host_priv *p = src->priv;
	char evdir[PATH_MAX];
	int ret;

	snprintf(evdir, sizeof(evdir), "%s/events", src->spool);
	ret = trace_raw_decode_dir(src, src->spool, evdir, fn, lost, ctx);
	trace_rawlive_account(p->rl, src);
	return ret;
}

static int host_save(struct trace_source *src, const char *dst)
{
	char evdir[PATH_MAX];

	snprintf(evdir, sizeof(evdir), "%s/events", src->spool);
	return trace_dir_save(src, src->spool, "trace_pipe_raw", evdir, dst, false);
}

static void host_close(struct trace_source *src)
{
	struct host_priv *p = src->priv;
	unsigned int i;

	if (!p)
		return;
	if (p->inst) {
		tracefs_trace_off(p->inst);
		trace_rawlive_free(p->rl);
		p->rl = NULL;
		/* events must be off before their probes can go */
		tracefs_event_disable(p->inst, NULL, NULL);
		if (tracefs_instance_destroy(p->inst))
			trace_err("cannot remove instance %s: run 'smmubench reset'\n",
				  tracefs_instance_get_name(p->inst));
		tracefs_instance_free(p->inst);
	}
	for (i = p->nr_probes; i-- > 0;) {
		if (tracefs_dynevent_destroy(p->probes[i], true))
			trace_err("cannot remove a probe of group " TRACE_PROBE_PFX "%d: run "
				  "'smmubench reset'\n", (int)getpid());
		tracefs_dynevent_free(p->probes[i]);
	}
	free(p->dir);
	free(p);
	src->priv = NULL;
}

const struct trace_source_ops trace_source_host_ops = {
	.kind = "host",
	.open = host_open,
	.start = host_start,
	.off = host_off,
	.stop = host_stop,
	.decode = host_decode,
	.save = host_save,
	.close = host_close,
};

const char *trace_probe_group(char *buf, size_t len)
{
	snprintf(buf, len, TRACE_PROBE_PFX "%d", (int)getpid());
	return buf;
}
