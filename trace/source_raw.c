// SPDX-License-Identifier: GPL-2.0
/*
 * Source "raw:DIR": per_cpu/cpuN/trace_pipe_raw + events/. In tracefs
 * (Android's hypervisor/, a patched remote) the buffer is sized before it
 * loads and the pages are streamed while the window is open; outside
 * tracefs, per-CPU FIFOs are streamed the same way (nothing to switch on),
 * and regular files (the model, a recorded run) and devices are read after
 * the window, to EOF or EAGAIN.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include "common.h"
#include "trace_int.h"

struct trace_rawlive {
	struct trace_stream *st;
	unsigned int nr_cpus;
	char *in[TRACE_MAX_CPUS], *out[TRACE_MAX_CPUS];
	char *dir;
	uint64_t overrun0[TRACE_MAX_CPUS], overrun[TRACE_MAX_CPUS];
};

/* per_cpu/cpuN/stats: "overrun: N" (overwritten) + "dropped events: N" */
static uint64_t stats_lost(const char *dir, unsigned int cpu)
{
	char path[PATH_MAX], *text, *p;
	uint64_t n = 0;

	snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/stats", dir, cpu);
	if (file_read_all(path, &text, NULL))
		return 0;
	p = strstr(text, "overrun:");
	if (p)
		n += strtoull(p + 8, NULL, 10);
	p = strstr(text, "dropped events:");
	if (p)
		n += strtoull(p + 15, NULL, 10);
	free(text);
	return n;
}

void trace_rawlive_free(struct trace_rawlive *rl)
{
	unsigned int i;

	if (!rl)
		return;
	if (rl->st)
		trace_stream_stop(rl->st);
	for (i = 0; i < rl->nr_cpus; i++) {
		free(rl->in[i]);
		free(rl->out[i]);
	}
	free(rl->dir);
	free(rl);
}

struct trace_rawlive *trace_rawlive_start(struct trace_source *src, const char *dir)
{
	struct trace_rawlive *rl = calloc(1, sizeof(*rl));
	char path[PATH_MAX];
	unsigned int i;
	int ret = -ENOMEM, subbuf;

	if (!rl)
		return NULL;
	rl->nr_cpus = src->nr_cpus;
	rl->dir = strdup(dir);
	if (!rl->dir)
		goto err;
	snprintf(path, sizeof(path), "%s/events/header_page", dir);
	subbuf = trace_header_page_subbuf_size(path);
	if (subbuf < 0) {
		ret = subbuf;
		goto err;
	}
	for (i = 0; i < rl->nr_cpus; i++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u", src->spool, i);
		ret = dir_make_p(path);
		if (ret) {
			trace_err("%s: %s\n", path, strerror(-ret));
			goto err;
		}
		ret = -ENOMEM;
		if (asprintf(&rl->in[i], "%s/per_cpu/cpu%u/trace_pipe_raw", dir, i) < 0 ||
		    asprintf(&rl->out[i], "%s/per_cpu/cpu%u/trace_pipe_raw", src->spool, i) < 0)
			goto err;
		/* a CPU may have no file (a recording without it, a hole in tracefs) */
		if (trace_file_kind(rl->in[i]) == -ENOENT) {
			free(rl->in[i]);
			rl->in[i] = NULL;
		}
		rl->overrun0[i] = stats_lost(dir, i);
	}
	/*
	 * tracefs gives at most one sub-buffer per read()
	 * (tracing_buffers_read()); a FIFO gives what it holds, so a read of
	 * 16 pages takes 16 times fewer read() + write() pairs (bench_stream).
	 */
	rl->st = trace_stream_start(rl->nr_cpus, rl->in, rl->out, 16 * (size_t)subbuf);
	if (!rl->st) {
		ret = -errno;
		goto err;
	}
	return rl;
err:
	trace_rawlive_free(rl);
	errno = -ret;
	return NULL;
}

int trace_rawlive_stop(struct trace_rawlive *rl, struct trace_source *src)
{
	int64_t r;
	unsigned int i;

	if (!rl || !rl->st)
		return 0;
	r = trace_stream_stop(rl->st);
	rl->st = NULL;
	for (i = 0; i < rl->nr_cpus; i++) {
		uint64_t now = stats_lost(rl->dir, i);

		rl->overrun[i] = now > rl->overrun0[i] ? now - rl->overrun0[i] : 0;
	}
	if (r < 0)
		return r;
	return 0;
}

void trace_rawlive_account(struct trace_rawlive *rl, struct trace_source *src)
{
	unsigned int i;

	/* the same overwrites show up in pages and in stats: count them once */
	for (i = 0; rl && i < rl->nr_cpus; i++) {
		if (rl->overrun[i] > src->lost_cpu[i]) {
			src->lost += rl->overrun[i] - src->lost_cpu[i];
			src->lost_cpu[i] = rl->overrun[i];
		}
	}
}

static bool asked(struct trace_source *src, const char *sys, const char *ev)
{
	unsigned int i;
	size_t n = strlen(sys);

	if (!strncmp(sys, TRACE_PROBE_PFX, strlen(TRACE_PROBE_PFX)))
		return true;
	for (i = 0; i < src->nr_events; i++)
		if (!strncmp(src->events[i], sys, n) && src->events[i][n] == ':' &&
		    (!strcmp(src->events[i] + n + 1, ev) || !strcmp(src->events[i] + n + 1, "*")))
			return true;
	return false;
}

int trace_dir_save(struct trace_source *src, const char *datadir, const char *file,
		   const char *evdir, const char *dst, bool only_asked)
{
	char from[PATH_MAX], to[PATH_MAX];
	unsigned int i;
	int ret;

	for (i = 0; i < src->nr_cpus; i++) {
		snprintf(to, sizeof(to), "%s/per_cpu/cpu%u", dst, i);
		ret = dir_make_p(to);
		if (ret)
			goto err;
		snprintf(from, sizeof(from), "%s/per_cpu/cpu%u/%s", datadir, i, file);
		snprintf(to, sizeof(to), "%s/per_cpu/cpu%u/%s", dst, i, file);
		ret = trace_copy_file(from, to);
		if (ret == -ENOENT)
			ret = 0;
		if (ret)
			goto err;
	}
	return trace_events_save(src, evdir, dst, only_asked);
err:
	trace_err("%s: %s\n", to, strerror(-ret));
	return ret;
}

int trace_events_save(struct trace_source *src, const char *evdir, const char *dst,
		      bool only_asked)
{
	char from[PATH_MAX], to[PATH_MAX];
	struct dirent *sde, *ede;
	DIR *sd, *ed;
	int ret;

	snprintf(to, sizeof(to), "%s/events", dst);
	ret = dir_make_p(to);
	if (ret)
		goto err;
	snprintf(from, sizeof(from), "%s/header_page", evdir);
	snprintf(to, sizeof(to), "%s/events/header_page", dst);
	ret = trace_copy_file(from, to);
	if (ret && ret != -ENOENT)
		goto err;
	snprintf(from, sizeof(from), "%s/header_event", evdir);
	snprintf(to, sizeof(to), "%s/events/header_event", dst);
	trace_copy_file(from, to);
	sd = opendir(evdir);
	if (!sd) {
		ret = -errno;
		snprintf(to, sizeof(to), "%s", evdir);
		goto err;
	}
	while ((sde = readdir(sd))) {
		if (sde->d_name[0] == '.')
			continue;
		snprintf(from, sizeof(from), "%s/%s", evdir, sde->d_name);
		ed = opendir(from);
		if (!ed)
			continue;
		while ((ede = readdir(ed))) {
			if (ede->d_name[0] == '.' ||
			    (only_asked && !asked(src, sde->d_name, ede->d_name)))
				continue;
			snprintf(from, sizeof(from), "%s/%s/%s/format", evdir, sde->d_name,
				 ede->d_name);
			snprintf(to, sizeof(to), "%s/events/%s/%s", dst, sde->d_name, ede->d_name);
			if (access(from, R_OK) || dir_make_p(to))
				continue;
			snprintf(to, sizeof(to), "%s/events/%s/%s/format", dst, sde->d_name,
				 ede->d_name);
			trace_copy_file(from, to);
		}
		closedir(ed);
	}
	closedir(sd);
	return 0;
err:
	trace_err("%s: %s\n", to, strerror(-ret));
	return ret;
}

int trace_raw_decode_dir(struct trace_source *src, const char *datadir, const char *evdir,
			 trace_rec_fn fn, trace_lost_fn lost, void *ctx)
{
	struct trace_rawdir *rd = trace_rawdir_open(datadir, evdir, src->nr_cpus);
	int ret;

	if (!rd)
		return -errno;
	ret = trace_rawdir_decode(rd, src, fn, lost, ctx);
	trace_rawdir_close(rd);
	return ret;
}

/* "raw:DIR" */

struct raw_priv {
	char *dir;
	bool live;			/* in tracefs: knobs, tracing_on */
	bool pipes;			/* FIFOs outside tracefs: streamed only */
	bool streamed;			/* the pages are in src->spool */
	struct trace_rawlive *rl;
	struct trace_knobs *knobs;	/* events/.../enable */
	struct trace_knobs *on;		/* tracing_on, for the window only */
};

bool trace_evdir_no_host_ops(const char *evdir)
{
	struct dirent *de;
	bool none = true;
	DIR *d = opendir(evdir);

	if (!d)
		return false;
	/* nest_feed.c: host ops are the events of a smmubench* system */
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "smmubench", 9))
			none = false;
	closedir(d);
	return none;
}

static int raw_open(struct trace_source *src, const char *arg)
{
	struct raw_priv *p = calloc(1, sizeof(*p));
	char path[PATH_MAX];
	int n, ret;

	if (!p)
		return -ENOMEM;
	src->priv = p;
	p->dir = strdup(arg);
	if (!p->dir)
		return -ENOMEM;
	n = trace_nr_cpus_dir(arg, &src->cpus_not_read);
	if (n <= 0) {
		trace_err("%s: no per_cpu/cpu0: not a trace_pipe_raw directory "
			  "(expected per_cpu/cpuN/trace_pipe_raw and events/)\n", arg);
		return -ENOENT;
	}
	src->nr_cpus = n;
	snprintf(path, sizeof(path), "%s/events/header_page", arg);
	if (access(path, R_OK)) {
		trace_err("%s: %s: the sub-buffer size comes from it\n", path, strerror(errno));
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/events", arg);
	src->no_host_ops = trace_evdir_no_host_ops(path);
	p->live = trace_is_tracefs(arg);
	p->pipes = !p->live && trace_dir_has_pipes(arg, n, "trace_pipe_raw");
	src->live = p->live || p->pipes;
	p->knobs = trace_knobs_new();
	p->on = trace_knobs_new();
	if (!p->knobs || !p->on)
		return -ENOMEM;
	/*
	 * live (Android hypervisor/, a patched remote): size the buffer before
	 * our readers or tracing_on load it (Android's default is 7 KiB per
	 * CPU, which lost thousands of events), then enable what was asked
	 */
	if (!p->live)
		return 0;
	ret = trace_knobs_buffer_kb(p->knobs, arg,
				    src->opts->buf_kb ? src->opts->buf_kb : TRACE_DEFAULT_BUF_KB);
	if (ret)
		return ret;
	/* an instance has it; Android's hypervisor/ may not (readers then wake on any data) */
	snprintf(path, sizeof(path), "%s/buffer_percent", arg);
	if (!access(path, W_OK)) {
		ret = trace_knob_set(p->knobs, path, TRACE_BUFFER_PERCENT);
		if (ret)
			return ret;
	}
	return trace_knobs_events_enable(p->knobs, arg, NULL, src->events, src->nr_events);
}

static int raw_start(struct trace_source *src)
{
	struct raw_priv *p = src->priv;
	char path[PATH_MAX];

	if (!src->live)
		return 0;
	p->rl = trace_rawlive_start(src, p->dir);
	if (!p->rl)
		return -errno;
	p->streamed = true;
	if (!p->live)
		return 0;
	snprintf(path, sizeof(path), "%s/tracing_on", p->dir);
	return trace_knob_set(p->on, path, "1");
}

static void raw_off(struct trace_source *src)
{
	struct raw_priv *p = src->priv;

	trace_knobs_restore(p->on);
}

static int raw_stop(struct trace_source *src)
{
	struct raw_priv *p = src->priv;

	if (!p->rl)
		return 0;
	raw_off(src);
	return trace_rawlive_stop(p->rl, src);
}

static int raw_decode(struct trace_source *src, trace_rec_fn fn, trace_lost_fn lost, void *ctx)
{
	struct raw_priv *p = src->priv;
	char evdir[PATH_MAX];
	int ret;

	snprintf(evdir, sizeof(evdir), "%s/events", p->dir);
	ret = trace_raw_decode_dir(src, p->streamed ? src->spool : p->dir, evdir, fn, lost, ctx);
	trace_rawlive_account(p->rl, src);
	return ret;
}

static int raw_save(struct trace_source *src, const char *dst)
{
	struct raw_priv *p = src->priv;
	char evdir[PATH_MAX];

	snprintf(evdir, sizeof(evdir), "%s/events", p->dir);
	return trace_dir_save(src, p->streamed ? src->spool : p->dir, "trace_pipe_raw", evdir,
			      dst, false);
}

static void raw_close(struct trace_source *src)
{
	struct raw_priv *p = src->priv;

	if (!p)
		return;
	raw_stop(src);
	trace_rawlive_free(p->rl);
	trace_knobs_free(p->on);
	trace_knobs_free(p->knobs);
	free(p->dir);
	free(p);
	src->priv = NULL;
}

const struct trace_source_ops trace_source_raw_ops = {
	.kind = "raw",
	.open = raw_open,
	.start = raw_start,
	.off = raw_off,
	.stop = raw_stop,
	.decode = raw_decode,
	.save = raw_save,
	.close = raw_close,
};
