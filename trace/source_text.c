// SPDX-License-Identifier: GPL-2.0
/*
 * Source "remote:DIR": a trace remote's text output, laid out like
 * <tracefs>/remotes/hypervisor/ (mainline 7.1+, kernel/trace/trace_remote.c).
 * Live: buffer_size_kb is set BEFORE the buffer loads, the asked events
 * are enabled, tracing_on is set and one thread per CPU streams
 * per_cpu/cpuN/trace_pipe. Outside tracefs, per-CPU FIFOs are streamed the
 * same way (nothing to switch on); regular files (a recorded run, the
 * model) and devices are read after the window, to EOF or EAGAIN. CPUs
 * are merged by timestamp.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "trace_int.h"

#define TEXT_READ_SIZE		65536
#define TEXT_MAX_ERRORS		10	/* printed; the rest are counted */
#define TEXT_CHUNK		(1 << 20)	/* bytes read at a time per CPU */

struct text_priv {
	char *dir;
	char *system;
	bool live;			/* in tracefs: knobs, tracing_on */
	bool pipes;			/* FIFOs outside tracefs: streamed only */
	bool streamed;			/* the data is in src->spool */
	struct trace_textfmt *tf;
	struct trace_knobs *knobs;	/* events/.../enable, buffer_size_kb */
	struct trace_knobs *on;		/* tracing_on, for the window only */
	struct trace_stream *st;
	char *in[TRACE_MAX_CPUS], *out[TRACE_MAX_CPUS];
};

struct text_cpu {
	char *buf, *pos, *end;
	const char *path;
	unsigned long lineno;
	struct trace_rec rec;
	bool has;
	int fd;
	uint64_t bytes;
};

/*
 * Refills c->buf with the unread tail plus the next chunk of the file
 * (read, not mapped: page faults cost more than copies in a VM).
 * Returns the bytes added, 0 at EOF, or -errno.
 */
static ssize_t text_fill(struct trace_source *src, struct text_cpu *c)
{
	size_t tail = c->end - c->pos;
	ssize_t r;

	memmove(c->buf, c->pos, tail);
	c->pos = c->buf;
	c->end = c->buf + tail;
	/* a device may block despite O_NONBLOCK: ^C gets us out */
	do
		r = read(c->fd, c->end, TEXT_CHUNK - tail);
	while (r < 0 && errno == EINTR && !trace_source_interrupted(src));
	if (r < 0 && errno == EINTR)
		return 0;
	/* a FIFO or device read after the fact: empty now is its end */
	if (r < 0 && errno == EAGAIN)
		return 0;
	if (r < 0)
		return -errno;
	c->end += r;
	c->bytes += r;
	return r;
}

static int text_open(struct trace_source *src, const char *arg)
{
	struct text_priv *p = calloc(1, sizeof(*p));
	char path[PATH_MAX];
	int n, ret;

	if (!p)
		return -ENOMEM;
	src->priv = p;
	p->dir = strdup(arg);
	p->system = strdup("hypervisor");
	p->knobs = trace_knobs_new();
	p->on = trace_knobs_new();
	if (!p->dir || !p->system || !p->knobs || !p->on)
		return -ENOMEM;
	n = trace_nr_cpus_dir(arg, &src->cpus_not_read);
	if (n <= 0) {
		trace_err("%s: no per_cpu/cpu0/: not a trace remote directory "
			  "(expected per_cpu/cpuN/trace_pipe and events/hypervisor/)\n", arg);
		return -ENOENT;
	}
	src->nr_cpus = n;
	snprintf(path, sizeof(path), "%s/events", arg);
	p->tf = trace_textfmt_load(path, p->system);
	if (!p->tf)
		return -errno;
	src->no_host_ops = true;	/* only p->system's events are parsed */
	p->live = trace_is_tracefs(arg);
	p->pipes = !p->live && trace_dir_has_pipes(arg, n, "trace_pipe");
	src->live = p->live || p->pipes;
	if (!p->live)
		return 0;
	/* the default is 7 KiB per CPU; only an unloaded buffer can be resized */
	ret = trace_knobs_buffer_kb(p->knobs, arg,
				    src->opts->buf_kb ? src->opts->buf_kb : TRACE_DEFAULT_BUF_KB);
	if (ret)
		return ret;
	return trace_knobs_events_enable(p->knobs, arg, p->system, src->events, src->nr_events);
}

static int text_start(struct trace_source *src)
{
	struct text_priv *p = src->priv;
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	if (!src->live)
		return 0;
	for (i = 0; i < src->nr_cpus; i++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u", src->spool, i);
		ret = dir_make_p(path);
		if (ret)
			return ret;
		if (asprintf(&p->in[i], "%s/per_cpu/cpu%u/trace_pipe", p->dir, i) < 0 ||
		    asprintf(&p->out[i], "%s/per_cpu/cpu%u/trace_pipe", src->spool, i) < 0)
			return -ENOMEM;
		/* a CPU may have no file (a recording without it, a hole in tracefs) */
		if (trace_file_kind(p->in[i]) == -ENOENT) {
			free(p->in[i]);
			p->in[i] = NULL;
		}
	}
	p->st = trace_stream_start(src->nr_cpus, p->in, p->out, TEXT_READ_SIZE);
	if (!p->st)
		return -errno;
	p->streamed = true;
	if (!p->live)
		return 0;
	snprintf(path, sizeof(path), "%s/tracing_on", p->dir);
	return trace_knob_set(p->on, path, "1");
}

static void text_off(struct trace_source *src)
{
	struct text_priv *p = src->priv;

	trace_knobs_restore(p->on);
}

static int text_stop(struct trace_source *src)
{
	struct text_priv *p = src->priv;
	int64_t r;

	if (!src->live)
		return 0;
	text_off(src);
	if (!p->st)
		return 0;
	/* the remote's reader polls every 100 ms: let the last lines out */
	if (p->live)
		usleep(200000);
	r = trace_stream_stop(p->st);
	p->st = NULL;
	return r < 0 ? r : 0;
}

static void text_bad(struct trace_source *src, struct text_cpu *c, const char *line,
		     size_t len, const char *why)
{
	if (src->bad_lines++ < TEXT_MAX_ERRORS)
		trace_err("%s:%lu: %s: '%.*s'\n", c->path, c->lineno, why,
			  (int)(len > 120 ? 120 : len), line);
	else if (src->bad_lines == TEXT_MAX_ERRORS + 1)
		trace_err("%s: more lines do not parse; counting them quietly\n", c->path);
}

/* Moves c to its next event line; LOST lines are reported on the way. */
static void text_next(struct trace_source *src, struct text_cpu *c, int cpu,
		      trace_lost_fn lost, void *ctx)
{
	struct text_priv *p = src->priv;
	const char *why = "";
	uint64_t n;
	char *nl;
	size_t len;
	int ret;

	c->has = false;
	for (;;) {
		/* a file that never ends (a device) must still let ^C report */
		if (trace_source_interrupted(src))
			return;
		nl = c->pos < c->end ? memchr(c->pos, '\n', c->end - c->pos) : NULL;
		/* no whole line left: read more, unless the line fills the buffer */
		if (!nl && c->fd >= 0 && (size_t)(c->end - c->pos) < TEXT_CHUNK) {
			ssize_t r = text_fill(src, c);

			if (r > 0)
				continue;
			if (r < 0)
				trace_err("%s: %s\n", c->path, strerror(-r));
			close(c->fd);
			c->fd = -1;
		}
		if (c->pos >= c->end)
			break;
		len = (nl ? nl : c->end) - c->pos;
		c->lineno++;
		ret = trace_text_line_parse(p->tf, c->pos, len, &c->rec, &n, &why);
		if (ret < 0)
			text_bad(src, c, c->pos, len, why);
		c->pos += len + (nl ? 1 : 0);
		if (ret == TRACE_LINE_LOST)
			lost(ctx, c->rec.cpu, n);
		if (ret == TRACE_LINE_EVENT) {
			(void)cpu;
			c->has = true;
			return;
		}
	}
}

/*
 * Opens c->path without blocking (a FIFO without a writer blocks open()).
 * A device may never end: say so, ^C ends the decode. 0 or -errno.
 */
static int text_cpu_open(struct text_cpu *c)
{
	enum trace_file_kind kind;

	c->fd = trace_file_open_nb(c->path, &kind);
	if (c->fd < 0) {
		if (c->fd != -ENOENT)
			trace_err("%s: %s\n", c->path, strerror(-c->fd));
		return c->fd;
	}
	if (kind == TRACE_FILE_DEVICE) {
		trace_err("%s: a character device: read until it ends or gives nothing "
			  "more; Ctrl-C stops the decoding and reports what was read\n", c->path);
	} else if (kind == TRACE_FILE_OTHER) {
		trace_err("%s: %s\n", c->path, trace_file_kind_name(kind));
		close(c->fd);
		c->fd = -1;
		return -EINVAL;
	}
	return 0;
}

static int text_decode(struct trace_source *src, trace_rec_fn fn, trace_lost_fn lost, void *ctx)
{
	struct text_priv *p = src->priv;
	struct text_cpu *cpus;
	char path[PATH_MAX];
	unsigned int i, best;
	int ret = 0;

	cpus = calloc(src->nr_cpus, sizeof(*cpus));
	if (!cpus)
		return -ENOMEM;
	for (i = 0; i < src->nr_cpus; i++)
		cpus[i].fd = -1;
	for (i = 0; i < src->nr_cpus; i++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe",
			 p->streamed ? src->spool : p->dir, i);
		cpus[i].path = strdup(path);
		if (!cpus[i].path) {
			ret = -ENOMEM;
			break;
		}
		ret = text_cpu_open(&cpus[i]);
		if (ret == -ENOENT) {
			ret = 0;
			continue;	/* nothing from this CPU */
		}
		if (ret)
			break;
		cpus[i].buf = malloc(TEXT_CHUNK);
		if (!cpus[i].buf) {
			ret = -ENOMEM;
			break;
		}
		cpus[i].pos = cpus[i].end = cpus[i].buf;
		text_next(src, &cpus[i], i, lost, ctx);
	}
	for (; !ret;) {
		best = src->nr_cpus;
		for (i = 0; i < src->nr_cpus; i++)
			if (cpus[i].has && (best == src->nr_cpus ||
					    cpus[i].rec.ts_ns < cpus[best].rec.ts_ns))
				best = i;
		if (best == src->nr_cpus)
			break;
		src->nr_recs++;
		ret = fn(ctx, &cpus[best].rec);
		if (ret)
			break;
		text_next(src, &cpus[best], best, lost, ctx);
	}
	for (i = 0; i < src->nr_cpus; i++) {
		if (cpus[i].fd >= 0)
			close(cpus[i].fd);
		src->bytes += cpus[i].bytes;
		free(cpus[i].buf);
		free((char *)cpus[i].path);
	}
	free(cpus);
	if (src->bad_lines)
		trace_err("%s: %llu lines did not parse (see above); they are not in the "
			  "results\n", src->spec, (unsigned long long)src->bad_lines);
	return ret;
}

static int text_save(struct trace_source *src, const char *dst)
{
	struct text_priv *p = src->priv;
	char evdir[PATH_MAX];

	snprintf(evdir, sizeof(evdir), "%s/events", p->dir);
	return trace_dir_save(src, p->streamed ? src->spool : p->dir, "trace_pipe", evdir, dst,
			      false);
}

static void text_close(struct trace_source *src)
{
	struct text_priv *p = src->priv;
	unsigned int i;

	if (!p)
		return;
	text_stop(src);
	trace_knobs_free(p->on);
	trace_knobs_free(p->knobs);
	trace_textfmt_free(p->tf);
	for (i = 0; i < TRACE_MAX_CPUS; i++) {
		free(p->in[i]);
		free(p->out[i]);
	}
	free(p->dir);
	free(p->system);
	free(p);
	src->priv = NULL;
}

const struct trace_source_ops trace_source_text_ops = {
	.kind = "remote",
	.open = text_open,
	.start = text_start,
	.off = text_off,
	.stop = text_stop,
	.decode = text_decode,
	.save = text_save,
	.close = text_close,
};
