// SPDX-License-Identifier: GPL-2.0
/*
 * Opening a session: the events asked for (plus those of the pairs), the
 * spool directory, every source checked and set up (nothing traced yet),
 * and the mistakes that would make the window worthless refused up front.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "common.h"
#include "session_int.h"

static const struct {
	const char *prefix;
	const struct trace_source_ops *ops;
} source_kinds[] = {
	{ "host", &trace_source_host_ops },
	{ "remote:", &trace_source_text_ops },
	{ "raw:", &trace_source_raw_ops },
};

static bool is_el2_event(const char *ev)
{
	return !strncmp(ev, "hypervisor:", 11) || !strncmp(ev, "hyp:", 4);
}

/* the host source makes host ops of probe pairs and smmubench* events (nest_feed.c) */
static bool host_no_host_ops(const struct trace_source *src)
{
	const char *const *pr;
	unsigned int i;

	if (src->opts->probes && src->opts->probes[0])
		return false;
	for (i = 0; i < src->nr_events; i++)
		if (!strncmp(src->events[i], "smmubench", 9))
			return false;
	for (pr = src->opts->pairs; pr && *pr; pr++)
		if (strstr(*pr, "smmubench"))
			return false;
	return true;
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
	for (k = 0; k < ARRAY_SIZE(source_kinds); k++) {
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
	ret = dir_make_p(src->spool);
	if (ret)
		return ret;
	s->nr_src++;
	ret = src->ops->open(src, arg);
	if (src->ops == &trace_source_host_ops)
		src->no_host_ops = host_no_host_ops(src);
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

/* Checks SYSTEM:EVENT syntax; *host / *el2: whether host or EL2 events are asked. */
static int session_check_events(const struct trace_opts *opts, bool *host, bool *el2)
{
	const char *const *e;

	for (e = opts->events; e && *e; e++) {
		if (!strchr(*e, ':') || (*e)[0] == ':' || !strchr(*e, ':')[1]) {
			trace_err("event '%s': expected SYSTEM:EVENT, e.g. block:block_rq_issue "
				  "or hypervisor:smmu_map\n", *e);
			return -EINVAL;
		}
		if (is_el2_event(*e))
			*el2 = true;
		else
			*host = true;
	}
	if (opts->probes && *opts->probes)
		*host = true;
	return 0;
}

/* opts->spool_dir, or a temporary dir of ours removed by trace_session_free() */
static int session_spool_open(struct trace_session *s)
{
	int ret;

	if (s->opts.spool_dir) {
		s->spool = strdup(s->opts.spool_dir);
		if (!s->spool)
			return -ENOMEM;
		ret = dir_make_p(s->spool);
		if (ret)
			trace_err("%s: %s\n", s->spool, strerror(-ret));
		return ret;
	}
	/* the pid lets 'smmubench reset' remove the spool of a killed run */
	if (asprintf(&s->spool, TRACE_SPOOL_PFX "%d-XXXXXX", (int)getpid()) < 0) {
		s->spool = NULL;
		return -ENOMEM;
	}
	if (!mkdtemp(s->spool)) {
		ret = -errno;
		trace_err("%s: %s\n", s->spool, strerror(errno));
		free(s->spool);
		s->spool = NULL;
		return ret;
	}
	s->own_spool = true;
	return 0;
}

/* Without sources: the host for host events, the trace remote for EL2 ones. */
static int session_default_sources(struct trace_session *s, bool host, bool el2)
{
	char path[PATH_MAX];
	int ret = 0;

	if (host)
		ret = session_add_source(s, "host");
	if (!ret && el2) {
		if (!tracefs_tracing_dir()) {
			trace_err("tracefs is not mounted: mount -t tracefs nodev "
				  "/sys/kernel/tracing\n");
			return -ENOENT;
		}
		snprintf(path, sizeof(path), "remote:%s/remotes/hypervisor",
			 tracefs_tracing_dir());
		if (access(path + 7, F_OK)) {
			trace_err("%s: no trace remote on this kernel (needs Linux 7.1+ "
				  "with CONFIG_NVHE_EL2_TRACING); give a source with "
				  "--source raw:DIR or remote:DIR\n", path + 7);
			return -ENOENT;
		}
		ret = session_add_source(s, path);
	}
	if (!ret && !s->nr_src) {
		trace_err("nothing to trace: give events (-e SYSTEM:EVENT) or sources\n");
		ret = -EINVAL;
	}
	return ret;
}

/* A refused probe does not sink the session, unless nothing else was asked. */
static int session_check_probes(struct trace_session *s)
{
	const struct trace_opts *opts = &s->opts;
	const struct trace_missing *m;
	unsigned int nr_probes = 0;
	const char *const *e;

	if (!opts->probes || !*opts->probes || (opts->events && *opts->events))
		return 0;
	for (e = opts->probes; *e; e++)
		nr_probes++;
	if (trace_session_nr_missing(s) < nr_probes)
		return 0;
	m = trace_session_missing(s, 0, NULL);
	trace_err("no probe could be created and nothing else was asked: "
		  "nothing to collect (see above)\n");
	return m && m->error ? m->error : -ENOENT;
}

/* With explicit sources, an event no source reads is a mistake: say so. */
static int session_check_unread(struct trace_session *s)
{
	const struct trace_opts *opts = &s->opts;
	const char *const *e;
	unsigned int i, j;

	if (!opts->sources || !*opts->sources)
		return 0;
	for (e = opts->events; e && *e; e++) {
		bool taken = false, static_el2 = false;

		for (i = 0; i < s->nr_src && !taken; i++)
			for (j = 0; j < s->src[i].nr_events && !taken; j++)
				taken = s->src[i].events[j] == *e;
		if (taken)
			continue;
		/* a raw or remote dir read to EOF decodes every event it has */
		for (i = 0; i < s->nr_src; i++)
			static_el2 |= s->src[i].ops != &trace_source_host_ops && is_el2_event(*e);
		if (static_el2)
			continue;
		trace_err("event '%s': no source reads it: %s\n", *e,
			  is_el2_event(*e) ? "add -s remote:DIR or -s raw:DIR" : "add -s host");
		return -EINVAL;
	}
	return 0;
}

struct trace_session *trace_session_open(const struct trace_opts *opts)
{
	struct trace_session *s = calloc(1, sizeof(*s));
	const char *const *e;
	bool host = false, el2 = false;
	int ret;

	if (!s)
		return NULL;
	s->opts = *opts;
	s->wake[0] = s->wake[1] = -1;
	/* the events of --pair specs are traced too */
	ret = session_pair_events(s, opts);
	if (!ret)
		ret = session_check_events(&s->opts, &host, &el2);
	if (ret)
		goto err;
	if (pipe2(s->wake, O_CLOEXEC | O_NONBLOCK)) {
		ret = -errno;
		goto err;
	}
	ret = session_spool_open(s);
	if (ret)
		goto err;
	s->agg = trace_agg_new(&s->opts);
	if (!s->agg) {
		ret = -errno;
		goto err;
	}
	if (s->opts.sources && *s->opts.sources) {
		for (e = s->opts.sources; !ret && *e; e++)
			ret = session_add_source(s, *e);
	} else {
		ret = session_default_sources(s, host, el2);
	}
	if (!ret)
		ret = session_check_probes(s);
	if (!ret)
		ret = session_check_unread(s);
	if (ret)
		goto err;
	return s;
err:
	trace_session_free(s);
	errno = -ret;
	return NULL;
}
