/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace/ session internals shared by its files: opening (session_open.c),
 * the window (session.c) and the summary and run directory
 * (session_summary.c).
 */
#ifndef TRACE_SESSION_INT_H
#define TRACE_SESSION_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "trace_int.h"

#define SESSION_MAX_SOURCES	8

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

#endif
