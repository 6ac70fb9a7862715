// SPDX-License-Identifier: GPL-2.0
/*
 * A collection session: every source opened together, ONE window (tracing
 * on for all, the workload, tracing off for all), then decode and
 * aggregation. See trace.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <tracefs.h>

#include "trace_int.h"

#define SESSION_MAX_SOURCES	8
#define SESSION_KILL_MS		5000	/* SIGTERM to SIGKILL for the workload */

struct trace_session {
	struct trace_opts opts;
	struct trace_source src[SESSION_MAX_SOURCES];
	struct trace_source_stats stats[SESSION_MAX_SOURCES];
	unsigned int nr_src;
	struct trace_agg *agg;
	char *spool;
	bool own_spool;
	bool started, stopped;
	bool window_from_events;	/* no live source: the events' time span */
	char **events;			/* opts->events + the events of the pairs */
	uint64_t t0, window_ns;
	volatile sig_atomic_t interrupted;	/* how many times; 0: never */
	int wake[2];			/* self-pipe for trace_session_interrupt() */
};

static const struct {
	const char *prefix;
	const struct trace_source_ops *ops;
} source_kinds[] = {
	{ "host", &trace_source_host_ops },
	{ "remote:", &trace_source_text_ops },
	{ "raw:", &trace_source_raw_ops },
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static bool is_el2_event(const char *ev)
{
	return !strncmp(ev, "hypervisor:", 11) || !strncmp(ev, "hyp:", 4);
}

static int session_add_source(struct trace_session *s, const char *spec)
{
	struct trace_source *src;
	const char *arg = NULL;
	unsigned int k, i;
	int ret;

	if (s->nr_src == SESSION_MAX_SOURCES)
		return -E2BIG;
	src = &s->src[s->nr_src];
	memset(src, 0, sizeof(*src));
	for (k = 0; k < sizeof(source_kinds) / sizeof(source_kinds[0]); k++) {
		size_t n = strlen(source_kinds[k].prefix);

		if (!strncmp(spec, source_kinds[k].prefix, n) &&
		    (source_kinds[k].prefix[n - 1] == ':' ? spec[n] != '\0' : spec[n] == '\0')) {
			src->ops = source_kinds[k].ops;
			arg = spec + n;
			break;
		}
	}
	if (!src->ops) {
		trace_err("source '%s': expected host, remote:DIR or raw:DIR\n", spec);
		return -EINVAL;
	}
	src->spec = strdup(spec);
	src->opts = &s->opts;
	src->intr = &s->interrupted;
	src->events = calloc(64, sizeof(char *));
	if (!src->spec || !src->events)
		return -ENOMEM;
	/* EL2 events go to remotes and raw dirs, the others to the host */
	for (i = 0; s->opts.events && s->opts.events[i] && src->nr_events < 64; i++) {
		bool el2 = is_el2_event(s->opts.events[i]);

		if (el2 == (src->ops != &trace_source_host_ops))
			src->events[src->nr_events++] = (char *)s->opts.events[i];
	}
	if (asprintf(&src->spool, "%s/%u-%s", s->spool, s->nr_src, src->ops->kind) < 0) {
		src->spool = NULL;
		return -ENOMEM;
	}
	ret = trace_mkdir_p(src->spool);
	if (ret)
		return ret;
	s->nr_src++;
	ret = src->ops->open(src, arg);
	if (ret && ret != -ENOMEM)
		trace_err("source '%s' cannot be used (see above)\n", spec);
	return ret;
}

static bool event_listed(const char *const *evs, const char *ev, size_t len)
{
	for (; evs && *evs; evs++)
		if (strlen(*evs) == len && !strncmp(*evs, ev, len))
			return true;
	return false;
}

#define BLOCK_REQUEUE	"block:block_rq_requeue"

/*
 * block_rq pairs issue -> complete; a requeued request is issued twice,
 * so without its requeue event the first issue stays open (unmatched).
 * Traced along when both ends are and the kernel has it.
 */
static bool block_requeue_wanted(const char *const *evs)
{
	char path[PATH_MAX];

	/* block:* has it already */
	if (event_listed(evs, BLOCK_REQUEUE, strlen(BLOCK_REQUEUE)) ||
	    event_listed(evs, "block:*", 7) ||
	    !event_listed(evs, "block:block_rq_issue", 20) ||
	    !event_listed(evs, "block:block_rq_complete", 23))
		return false;
	if (!tracefs_tracing_dir())
		return false;
	snprintf(path, sizeof(path), "%s/events/block/block_rq_requeue", tracefs_tracing_dir());
	return !access(path, F_OK);
}

/* s->events = opts->events + the START and END of every pair not listed */
static int session_pair_events(struct trace_session *s, const struct trace_opts *opts)
{
	const char *const *e, *const *p;
	unsigned int n = 0, k;

	for (e = opts->events; e && *e; e++)
		n++;
	for (p = opts->pairs; p && *p; p++)
		n += 2;
	s->events = calloc(n + 2, sizeof(char *));
	if (!s->events)
		return -ENOMEM;
	n = 0;
	for (e = opts->events; e && *e; e++)
		s->events[n++] = strdup(*e);
	for (p = opts->pairs; p && *p; p++) {
		const char *a = strchr(*p, '='), *b;

		for (k = 0; a && k < 2; k++, a = b) {
			a++;
			b = strchr(a, ',');
			if (!event_listed((const char *const *)s->events, a,
					  b ? (size_t)(b - a) : strlen(a)))
				s->events[n++] = b ? strndup(a, b - a) : strdup(a);
			if (!b)
				break;
		}
	}
	if (block_requeue_wanted((const char *const *)s->events))
		s->events[n++] = strdup(BLOCK_REQUEUE);
	for (k = 0; k < n; k++)
		if (!s->events[k])
			return -ENOMEM;
	s->opts.events = (const char *const *)s->events;
	return 0;
}

struct trace_session *trace_session_open(const struct trace_opts *opts)
{
	struct trace_session *s = calloc(1, sizeof(*s));
	const char *const *e;
	bool host = false, el2 = false;
	char path[PATH_MAX];
	int ret = -ENOMEM;

	if (!s)
		return NULL;
	s->opts = *opts;
	s->wake[0] = s->wake[1] = -1;
	/* the events of --pair specs are traced too */
	ret = session_pair_events(s, opts);
	if (ret)
		goto err;
	opts = &s->opts;
	for (e = opts->events; e && *e; e++) {
		if (!strchr(*e, ':') || (*e)[0] == ':' || !strchr(*e, ':')[1]) {
			trace_err("event '%s': expected SYSTEM:EVENT, e.g. block:block_rq_issue "
				  "or hypervisor:smmu_map\n", *e);
			ret = -EINVAL;
			goto err;
		}
		if (is_el2_event(*e))
			el2 = true;
		else
			host = true;
	}
	if (opts->probes && *opts->probes)
		host = true;
	if (pipe2(s->wake, O_CLOEXEC | O_NONBLOCK)) {
		ret = -errno;
		goto err;
	}
	if (opts->spool_dir) {
		s->spool = strdup(opts->spool_dir);
		if (!s->spool)
			goto err;
		ret = trace_mkdir_p(s->spool);
		if (ret) {
			trace_err("%s: %s\n", s->spool, strerror(-ret));
			goto err;
		}
	} else {
		/* the pid lets 'smmubench reset' remove the spool of a killed run */
		if (asprintf(&s->spool, TRACE_SPOOL_PFX "%d-XXXXXX", (int)getpid()) < 0) {
			s->spool = NULL;
			goto err;
		}
		if (!mkdtemp(s->spool)) {
			ret = -errno;
			trace_err("%s: %s\n", s->spool, strerror(errno));
			free(s->spool);
			s->spool = NULL;
			goto err;
		}
		s->own_spool = true;
	}
	s->agg = trace_agg_new(&s->opts);
	if (!s->agg) {
		ret = -errno;
		goto err;
	}
	ret = 0;
	if (opts->sources && *opts->sources) {
		for (e = opts->sources; !ret && *e; e++)
			ret = session_add_source(s, *e);
	} else {
		if (host)
			ret = session_add_source(s, "host");
		if (!ret && el2) {
			if (!tracefs_tracing_dir()) {
				trace_err("tracefs is not mounted: mount -t tracefs nodev "
					  "/sys/kernel/tracing\n");
				ret = -ENOENT;
				goto err;
			}
			snprintf(path, sizeof(path), "remote:%s/remotes/hypervisor",
				 tracefs_tracing_dir());
			if (access(path + 7, F_OK)) {
				trace_err("%s: no trace remote on this kernel (needs Linux 7.1+ "
					  "with CONFIG_NVHE_EL2_TRACING); give a source with "
					  "--source raw:DIR or remote:DIR\n", path + 7);
				ret = -ENOENT;
				goto err;
			}
			ret = session_add_source(s, path);
		}
		if (!ret && !s->nr_src) {
			trace_err("nothing to trace: give events (-e SYSTEM:EVENT) or sources\n");
			ret = -EINVAL;
		}
	}
	if (ret)
		goto err;
	/* a refused probe does not sink the session, unless nothing else was asked */
	if (opts->probes && *opts->probes && !(opts->events && *opts->events)) {
		unsigned int nr_probes = 0;
		const struct trace_missing *m = NULL;

		for (e = opts->probes; *e; e++)
			nr_probes++;
		if (trace_session_nr_missing(s) >= nr_probes) {
			m = trace_session_missing(s, 0, NULL);
			trace_err("no probe could be created and nothing else was asked: "
				  "nothing to collect (see above)\n");
			ret = m && m->error ? m->error : -ENOENT;
			goto err;
		}
	}
	/* with explicit sources, an event no source reads is a mistake: say so */
	for (e = opts->events; e && *e; e++) {
		unsigned int i, j;
		bool taken = false;

		for (i = 0; i < s->nr_src && !taken; i++)
			for (j = 0; j < s->src[i].nr_events && !taken; j++)
				taken = s->src[i].events[j] == *e;
		if (!taken && (opts->sources && *opts->sources)) {
			bool static_el2 = false;

			/* a raw or remote dir read to EOF decodes every event it has */
			for (i = 0; i < s->nr_src; i++)
				static_el2 |= s->src[i].ops != &trace_source_host_ops && is_el2_event(*e);
			if (static_el2)
				continue;
			trace_err("event '%s': no source reads it: %s\n", *e,
				  is_el2_event(*e) ? "add -s remote:DIR or -s raw:DIR"
						   : "add -s host");
			ret = -EINVAL;
			goto err;
		}
	}
	return s;
err:
	trace_session_free(s);
	errno = -ret;
	return NULL;
}

int trace_session_start(struct trace_session *s)
{
	unsigned int i;
	int ret;

	if (s->started)
		return -EALREADY;
	for (i = 0; i < s->nr_src; i++) {
		ret = s->src[i].ops->start(&s->src[i]);
		if (ret) {
			while (i-- > 0)
				s->src[i].ops->stop(&s->src[i]);
			return ret;
		}
	}
	s->started = true;
	s->t0 = now_ns();
	return 0;
}

int trace_session_stop(struct trace_session *s)
{
	unsigned int i;
	int ret = 0, r;

	if (!s->started || s->stopped)
		return s->stopped ? 0 : -EINVAL;
	/* ONE window: every source goes off before any is drained */
	for (i = 0; i < s->nr_src; i++)
		if (s->src[i].ops->off)
			s->src[i].ops->off(&s->src[i]);
	s->window_ns = now_ns() - s->t0;
	s->stopped = true;
	/* the interrupt that ended the window must not cut the decoding too */
	for (i = 0; i < s->nr_src; i++)
		s->src[i].intr_base = s->interrupted;
	for (i = 0; i < s->nr_src; i++) {
		r = s->src[i].ops->stop(&s->src[i]);
		if (r && !ret)
			ret = r;
	}
	for (i = 0; i < s->nr_src; i++) {
		struct trace_source *src = &s->src[i];

		trace_agg_set_source(s->agg, src);
		r = src->ops->decode(src, trace_agg_rec, trace_agg_lost, s->agg);
		if (r && !ret)
			ret = r;
		s->stats[i] = (struct trace_source_stats){
			.spec = src->spec, .nr_cpus = src->nr_cpus, .lost_cpu = src->lost_cpu,
			.lost = src->lost, .events = src->nr_recs, .bytes = src->bytes,
			.missing = src->missing, .nr_missing = src->nr_missing,
			.decode_interrupted = src->decode_cut,
			.cpus_not_read = src->cpus_not_read,
			.bad_lines = src->bad_lines, .bad_pages = src->bad_pages,
		};
	}
	trace_agg_finish(s->agg);
	/*
	 * Only files read after the fact (a recorded run, the model): the
	 * window is the span of their events, so rates mean something.
	 */
	for (i = 0; i < s->nr_src && !s->src[i].live; i++)
		;
	if (i == s->nr_src) {
		uint64_t first = UINT64_MAX, last = 0;

		for (i = 0; i < s->nr_src; i++) {
			if (!s->src[i].nr_recs)
				continue;
			if (s->src[i].ts_first < first)
				first = s->src[i].ts_first;
			if (s->src[i].ts_last > last)
				last = s->src[i].ts_last;
		}
		s->window_ns = last > first ? last - first : 0;
		s->window_from_events = true;
	}
	return ret;
}

void trace_session_interrupt(struct trace_session *s)
{
	ssize_t r;

	/* a second one, while decoding, stops the decoding */
	s->interrupted = s->interrupted + 1;
	r = write(s->wake[1], "x", 1);
	(void)r;
}

int trace_session_run_for(struct trace_session *s, uint64_t dur_ns)
{
	struct pollfd pfd = { .fd = s->wake[0], .events = POLLIN };
	uint64_t end;
	int ret;

	ret = trace_session_start(s);
	if (ret)
		return ret;
	end = now_ns() + dur_ns;
	while (!s->interrupted) {
		uint64_t now = now_ns();

		if (now >= end)
			break;
		poll(&pfd, 1, (end - now) / 1000000 + 1);
	}
	return trace_session_stop(s);
}

/*
 * Waits for the workload. An interrupt sends it SIGTERM, and SIGKILL
 * SESSION_KILL_MS later if it is still there: SIGINT must end the window
 * whatever the command does with SIGTERM. Returns 0 or -errno.
 */
static int session_wait(struct trace_session *s, pid_t pid, int *st)
{
	struct pollfd pfd[2] = {
		{ .fd = -1, .events = POLLIN },
		{ .fd = s->wake[0], .events = POLLIN },
	};
	uint64_t term_ns = 0;
	bool killed = false;
	int pidfd = -1, ret = 0;
	pid_t w;

#ifdef SYS_pidfd_open
	pidfd = syscall(SYS_pidfd_open, pid, 0);
#endif
	pfd[0].fd = pidfd;
	for (;;) {
		w = waitpid(pid, st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		if (s->interrupted && !term_ns) {
			kill(pid, SIGTERM);
			term_ns = now_ns();
		}
		if (term_ns && !killed && now_ns() - term_ns >= SESSION_KILL_MS * 1000000ULL) {
			trace_err("the command did not exit %u s after SIGTERM; killing it\n",
				  SESSION_KILL_MS / 1000);
			kill(pid, SIGKILL);
			killed = true;
		}
		/*
		 * The pidfd says when it exits; the wake pipe when we are
		 * interrupted (it stays readable after, so it is left out then).
		 * Without a pidfd (Linux < 5.3), look again every 10 ms.
		 */
		if (pidfd >= 0)
			poll(pfd, term_ns ? 1 : 2, term_ns ? 100 : -1);
		else
			poll(&pfd[1], term_ns ? 0 : 1, 10);
	}
	if (pidfd >= 0)
		close(pidfd);
	return ret;
}

int trace_session_run(struct trace_session *s, char *const argv[], int *status)
{
	int ret, wret, st = 0;
	pid_t pid;

	ret = trace_session_start(s);
	if (ret)
		return ret;
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		trace_session_stop(s);
		return ret;
	}
	if (!pid) {
		execvp(argv[0], argv);
		fprintf(stderr, TRACE_PFX "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	wret = session_wait(s, pid, &st);
	if (status)
		*status = st;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		trace_err("the command could not run; results cover an empty window\n");
	ret = trace_session_stop(s);
	return ret ? ret : wret;
}

uint64_t trace_session_window_ns(const struct trace_session *s)
{
	return s->window_ns;
}

bool trace_session_window_from_events(const struct trace_session *s)
{
	return s->window_from_events;
}

unsigned int trace_session_nr_ops(const struct trace_session *s)
{
	return s->stopped ? trace_agg_nr_ops(s->agg) : 0;
}

const struct trace_op_stats *trace_session_op(const struct trace_session *s, unsigned int idx)
{
	return s->stopped ? trace_agg_op(s->agg, idx) : NULL;
}

const struct trace_op_stats *trace_session_op_find(const struct trace_session *s,
						   const char *name)
{
	unsigned int i;

	for (i = 0; i < trace_session_nr_ops(s); i++)
		if (!strcmp(trace_agg_op(s->agg, i)->name, name))
			return trace_agg_op(s->agg, i);
	return NULL;
}

unsigned int trace_session_nr_sources(const struct trace_session *s)
{
	return s->nr_src;
}

const struct trace_source_stats *trace_session_source(const struct trace_session *s,
						      unsigned int idx)
{
	return idx < s->nr_src ? &s->stats[idx] : NULL;
}

uint64_t trace_session_lost(const struct trace_session *s)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < s->nr_src; i++)
		n += s->src[i].lost;
	return n;
}

unsigned int trace_session_nr_missing(const struct trace_session *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nr_src; i++)
		n += s->src[i].nr_missing;
	return n;
}

const struct trace_missing *trace_session_missing(const struct trace_session *s,
						  unsigned int idx, const char **source)
{
	unsigned int i;

	for (i = 0; i < s->nr_src; i++) {
		if (idx < s->src[i].nr_missing) {
			if (source)
				*source = s->src[i].spec;
			return &s->src[i].missing[idx];
		}
		idx -= s->src[i].nr_missing;
	}
	return NULL;
}

static struct json_object *u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static struct json_object *source_json(const struct trace_source *src)
{
	struct json_object *o = json_object_new_object(), *cpus = json_object_new_array();
	unsigned int i;

	json_object_object_add(o, "spec", json_object_new_string(src->spec));
	json_object_object_add(o, "kind", json_object_new_string(src->ops->kind));
	json_object_object_add(o, "nr_cpus", u64(src->nr_cpus));
	json_object_object_add(o, "events", u64(src->nr_recs));
	json_object_object_add(o, "bytes", u64(src->bytes));
	json_object_object_add(o, "lost_events", u64(src->lost));
	for (i = 0; i < src->nr_cpus; i++)
		json_object_array_add(cpus, u64(src->lost_cpu[i]));
	json_object_object_add(o, "lost_events_per_cpu", cpus);
	json_object_object_add(o, "bad_lines", u64(src->bad_lines));
	json_object_object_add(o, "decode_interrupted", json_object_new_boolean(src->decode_cut));
	json_object_object_add(o, "cpus_not_read", u64(src->cpus_not_read));
	json_object_object_add(o, "bad_pages", u64(src->bad_pages));
	return o;
}

static int op_json(const struct trace_session *s, const struct trace_op_stats *op,
		   struct json_object **out)
{
	struct json_object *o = json_object_new_object(), *h, *cpus;
	unsigned int c;
	char key[16];
	int ret;

	json_object_object_add(o, "name", json_object_new_string(op->name));
	json_object_object_add(o, "unit", json_object_new_string(op->unit));
	json_object_object_add(o, "source", json_object_new_string(op->source));
	json_object_object_add(o, "count", u64(op->count));
	json_object_object_add(o, "lost_events", u64(op->lost));
	json_object_object_add(o, "unmatched", u64(op->unmatched));
	json_object_object_add(o, "rate_per_s",
			       json_object_new_double(s->window_ns ? op->count * 1e9 / s->window_ns : 0));
	if (op->hist) {
		ret = trace_hist_to_json(op->hist, &h);
		if (ret) {
			json_object_put(o);
			return ret;
		}
		/* batch-size distributions carry their own unit */
		json_object_object_add(h, "unit", json_object_new_string(op->unit));
		json_object_object_add(o, "hist", h);
		cpus = json_object_new_object();
		for (c = 0; c < op->nr_cpus; c++) {
			if (!op->cpu_hist[c] || trace_hist_to_json(op->cpu_hist[c], &h))
				continue;
			json_object_object_add(h, "unit", json_object_new_string(op->unit));
			snprintf(key, sizeof(key), "%u", c);
			json_object_object_add(cpus, key, h);
		}
		json_object_object_add(o, "per_cpu", cpus);
	}
	*out = o;
	return 0;
}

int trace_session_summary_json(const struct trace_session *s, struct json_object **out)
{
	struct json_object *o = json_object_new_object(), *srcs, *ops, *op, *missing;
	const char *spec;
	unsigned int i;
	int ret;

	if (!o)
		return -ENOMEM;
	json_object_object_add(o, "tool", json_object_new_string("smmubench"));
	json_object_object_add(o, "version", json_object_new_string(SMMUBENCH_VERSION));
	json_object_object_add(o, "window_ns", u64(s->window_ns));
	json_object_object_add(o, "window_from",
			       json_object_new_string(s->window_from_events ? "event timestamps"
									     : "wall clock"));
	json_object_object_add(o, "lost_events", u64(trace_session_lost(s)));
	srcs = json_object_new_array();
	for (i = 0; i < s->nr_src; i++)
		json_object_array_add(srcs, source_json(&s->src[i]));
	json_object_object_add(o, "sources", srcs);
	/* asked for but refused by the kernel: never silent */
	missing = json_object_new_array();
	for (i = 0; i < trace_session_nr_missing(s); i++) {
		const struct trace_missing *m = trace_session_missing(s, i, &spec);
		struct json_object *mo = json_object_new_object();

		json_object_object_add(mo, "item", json_object_new_string(m->item));
		json_object_object_add(mo, "source", json_object_new_string(spec));
		json_object_object_add(mo, "reason", json_object_new_string(m->reason));
		json_object_array_add(missing, mo);
	}
	json_object_object_add(o, "not_collected", missing);
	ops = json_object_new_array();
	json_object_object_add(o, "ops", ops);
	for (i = 0; i < trace_session_nr_ops(s); i++) {
		ret = op_json(s, trace_session_op(s, i), &op);
		if (ret) {
			json_object_put(o);
			return ret;
		}
		json_object_array_add(ops, op);
	}
	*out = o;
	return 0;
}

/* not json_object_to_file_ext(): it turns ENOSPC into -1 and a message */
static int summary_write(const char *path, struct json_object *o)
{
	const char *text;
	int fd, ret;

	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ret = trace_write_all(fd, text, strlen(text));
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int trace_session_write(const struct trace_session *s, const char *dir)
{
	struct json_object *o;
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	ret = trace_mkdir_p(dir);
	if (ret) {
		trace_err("%s: %s\n", dir, strerror(-ret));
		return ret;
	}
	for (i = 0; i < s->nr_src; i++) {
		struct trace_source *src = (struct trace_source *)&s->src[i];

		snprintf(path, sizeof(path), "%s/raw/%u-%s", dir, i, src->ops->kind);
		ret = trace_mkdir_p(path);
		if (!ret)
			ret = src->ops->save(src, path);
		if (ret)
			return ret;
	}
	ret = trace_session_summary_json(s, &o);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	ret = summary_write(path, o);
	if (ret)
		trace_err("%s: %s\n", path, strerror(-ret));
	json_object_put(o);
	return ret;
}

void trace_session_free(struct trace_session *s)
{
	unsigned int i, j;

	if (!s)
		return;
	if (s->started && !s->stopped)
		for (i = 0; i < s->nr_src; i++)
			s->src[i].ops->stop(&s->src[i]);
	for (i = s->nr_src; i-- > 0;) {
		struct trace_source *src = &s->src[i];

		if (src->ops)
			src->ops->close(src);
		for (j = 0; j < src->nr_missing; j++) {
			free((char *)src->missing[j].item);
			free((char *)src->missing[j].reason);
		}
		free(src->spec);
		free(src->events);
		free(src->spool);
	}
	trace_agg_free(s->agg);
	for (i = 0; s->events && s->events[i]; i++)
		free(s->events[i]);
	free(s->events);
	if (s->own_spool && s->spool)
		trace_rm_rf(s->spool);
	free(s->spool);
	if (s->wake[0] >= 0)
		close(s->wake[0]);
	if (s->wake[1] >= 0)
		close(s->wake[1]);
	free(s);
}
