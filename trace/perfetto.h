/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace/ internal: decoded events written as a Chrome JSON trace-event
 * timeline (perfetto.c). trace_dump() drives it (`dump|record --perfetto`).
 */
#ifndef TRACE_PERFETTO_H
#define TRACE_PERFETTO_H

#include <stdint.h>

struct trace_rec;
struct trace_perfetto;

/* Creates path and starts the JSON; NULL and errno on failure. */
struct trace_perfetto *trace_perfetto_open(const char *path);
/* trace_rec_fn / trace_lost_fn of the decoders; ctx is the trace_perfetto */
int trace_perfetto_rec(void *ctx, const struct trace_rec *r);
void trace_perfetto_lost(void *ctx, int cpu, uint64_t n);
/* Ends the JSON (track names) and closes; 0 or the first -errno met. */
int trace_perfetto_close(struct trace_perfetto *p);

#endif
