// SPDX-License-Identifier: GPL-2.0
/*
 * The collector's helper threads (per-CPU readers, read-ahead) start with
 * every signal blocked: SIGINT and SIGTERM must reach the thread that waits
 * for the window or the workload, never a helper sitting in read().
 */
#include <signal.h>

#include "trace_int.h"

int trace_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int ret;

	/* glibc keeps its own cancellation signal deliverable */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -ret;
}
