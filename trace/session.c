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

#include <tracefs.h>

#include "common.h"
#include "session_int.h"

#define SESSION_KILL_MS		5000	/* SIGTERM to SIGKILL for the workload */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
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

/* true when sources from..nr_src - 1 cannot hold host ops (the nesting's) */
static bool sources_no_host_ops(const struct trace_session *s, unsigned int from)
{
	for (; from < s->nr_src; from++)
		if (!s->src[from].no_host_ops)
			return false;
	return true;
}

int trace_session_stop(struct trace_session *s)
{
	bool host_done = false;
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

		r = trace_agg_set_source(s->agg, src);
		if (r && !ret)
			ret = r;
		/* no host op to come: the nesting keeps nothing more per event */
		if (!host_done && sources_no_host_ops(s, i)) {
			trace_agg_host_ops_done(s->agg);
			host_done = true;
		}
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
	r = trace_agg_finish(s->agg);
	if (r && !ret)
		ret = r;
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
		/* the forked child, not the library's caller: 127 as a shell says "not run" */
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

const struct trace_nest *trace_session_nest(const struct trace_session *s)
{
	return s->stopped ? trace_agg_nest(s->agg) : NULL;
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
		dir_remove_tree(s->spool);
	free(s->spool);
	if (s->wake[0] >= 0)
		close(s->wake[0]);
	if (s->wake[1] >= 0)
		close(s->wake[1]);
	free(s);
}
