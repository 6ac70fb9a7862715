/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace/: the collector. Opens every event source of a run together, runs
 * ONE collection window (tracing on for all sources, the workload, tracing
 * off for all), decodes events into op records and aggregates them into
 * per-op and per-CPU latency histograms (hist.h), batch-size distributions
 * and lost-event counts.
 *
 * Typical use (the runner, `smmubench record/stat`):
 *
 *	const char *srcs[] = { "host", "raw:/tmp/model", NULL };
 *	const char *evs[] = { "block:block_rq_issue", "block:block_rq_complete",
 *			      "hypervisor:smmu_map", NULL };
 *	struct trace_opts o = { .sources = srcs, .events = evs };
 *	struct trace_session *s = trace_session_open(&o);
 *	trace_session_run(s, argv, &status);	// start, fork+exec, wait, stop
 *	for (i = 0; i < trace_session_nr_ops(s); i++)
 *		use(trace_session_op(s, i));
 *	trace_session_write(s, "results/run1");	// raw data + summary.json
 *	trace_session_free(s);			// restores the system
 *
 * Sources (spec strings):
 *   "host"        the host's tracefs: a private instance smmubench-<pid>
 *                 with trace_clock=boot, tracepoints (SYSTEM:EVENT), probe
 *                 pairs; streamed per CPU while the window is open.
 *   "remote:DIR"  a trace remote's text output, laid out like
 *                 <tracefs>/remotes/hypervisor/ (per_cpu/cpuN/trace_pipe,
 *                 events/<sys>/<ev>/format). Live when DIR is in tracefs,
 *                 else the files are read to EOF at stop (recorded runs).
 *   "raw:DIR"     per_cpu/cpuN/trace_pipe_raw (ftrace pages) + events/:
 *                 Android's hypervisor/, a patched remote, the model's
 *                 directory, a host instance, or a run recorded by us.
 * Without sources, "host" is used when an event outside "hypervisor:" is
 * asked for, and "remote:<tracefs>/remotes/hypervisor" for hypervisor ones.
 *
 * Ops: every EL2 event with a duration field (dur_ns, wait_ns) is an op of
 * the same name ("smmu_map"), its batch fields (pages, commands) are ops
 * named "<event>.<field>" with unit "pages" or "count". Pairs give ops too:
 * built in are block_rq_issue -> block_rq_complete by dev+sector ("block_rq"),
 * iommu:map -> iommu:unmap by IOVA range ("iommu_map_life"), dma map ->
 * unmap by address ("dma_map_life"), hyp_enter -> hyp_exit per CPU
 * ("hyp_<reason>"; block_rq also per device: "block_rq.<major>:<minor>");
 * more come from trace_opts.pairs and .probes. Events with no duration
 * are counted under their full name ("block:block_rq_issue", unit
 * "events", no histogram).
 *
 * Errors: functions return 0 or a negative errno, constructors NULL with
 * errno set; every failure is also explained on stderr, prefixed
 * "smmubench: ", naming the file, line or field at fault.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "hist.h"

/* CPUs a source reads: per_cpu/cpuN dirs past cpu255 are counted, not read */
#define TRACE_MAX_CPUS		256
/*
 * What a run leaves on the system, named so that `smmubench reset` finds
 * a killed run's leftovers: tracefs instances TRACE_INSTANCE_PFX<pid>,
 * probe groups TRACE_PROBE_PFX<pid>, spool dirs TRACE_SPOOL_PFX<pid>-XXXXXX.
 */
#define TRACE_INSTANCE_PFX	"smmubench-"
#define TRACE_PROBE_PFX		"smmubench_"
#define TRACE_SPOOL_PFX		"/tmp/smmubench-spool-"

struct json_object;
struct trace_session;

struct trace_opts {
	const char *const *sources;	/* NULL-terminated specs, or NULL: see above */
	const char *const *events;	/* NULL-terminated "SYSTEM:EVENT" */
	/*
	 * NULL-terminated "NAME=SYS:START,SYS:END[,MATCH]": a duration op NAME
	 * from START to the next END with the same MATCH: "cpu" (default),
	 * "pid", or field names joined by '+' ("dev+sector").
	 */
	const char *const *pairs;
	/*
	 * NULL-terminated entry/exit probe pairs on the host, each an op:
	 * "u:NAME=PATH:SYMBOL" (uprobe + uretprobe) or "k:NAME=SYMBOL"
	 * (kprobe + kretprobe). Matched per task. A pair the kernel refuses
	 * (no such symbol, a symbol not unique in kallsyms, no kprobes) is
	 * reported with the kernel's reason and listed as not collected
	 * (trace_session_missing(), summary.json "not_collected"); the rest
	 * goes on. When nothing else was asked and every pair fails,
	 * trace_session_open() fails.
	 */
	const char *const *probes;
	unsigned int buf_kb;		/* per-CPU buffer for live sources; 0: 1024 */
	/* where live sources spool raw data; NULL: a temporary dir */
	const char *spool_dir;
};

/* One aggregated op; owned by the session. */
struct trace_op_stats {
	const char *name;		/* "smmu_map", "block_rq", "smmu_map.pgcount" */
	const char *unit;		/* of the values: "ns", "pages", "count", "events" */
	const char *source;		/* spec of the source that fed it */
	const struct trace_hist *hist;	/* all CPUs; NULL for unit "events" */
	unsigned int nr_cpus;
	const struct trace_hist *const *cpu_hist; /* [nr_cpus]; entries NULL if none */
	uint64_t count;			/* records (events for unit "events") */
	uint64_t lost;			/* events the feeding source lost, all CPUs */
	uint64_t unmatched;		/* pair ends with no start, or starts left open */
};

/*
 * An asked-for item a source could not collect (a probe the kernel
 * refused, a kernel without kprobes); the rest of the session goes on.
 */
struct trace_missing {
	const char *item;		/* as asked: "k:iotlb_sync=arm_smmu_iotlb_sync" */
	const char *reason;		/* the kernel's error_log text when it has one */
	int error;			/* negative errno */
};

/* Lost events of one source; owned by the session. */
struct trace_source_stats {
	const char *spec;
	unsigned int nr_cpus;
	const uint64_t *lost_cpu;	/* [nr_cpus]: in-band, page and stats overruns */
	uint64_t lost;
	uint64_t events;		/* events decoded */
	uint64_t bytes;			/* raw bytes read */
	const struct trace_missing *missing;	/* [nr_missing]: not collected */
	unsigned int nr_missing;
	/* an interrupt stopped the decoding: events and figures miss the rest */
	bool decode_interrupted;
	/* per_cpu/cpuN dirs past the CPUs smmubench reads: their events are missing */
	unsigned int cpus_not_read;
	uint64_t bad_lines;		/* text lines that did not parse, left out */
	uint64_t bad_pages;		/* raw pages read only up to a bad entry */
};

/* Checks and sets up every source (nothing traced yet). */
struct trace_session *trace_session_open(const struct trace_opts *opts);
/* Opens the window: tracing on for every source, readers started. */
int trace_session_start(struct trace_session *s);
/* Closes the window, drains the readers, decodes and aggregates. */
int trace_session_stop(struct trace_session *s);
/*
 * start, fork+exec argv (PATH searched), wait, stop. *status gets the
 * wait() status. An interrupt kills the command with SIGTERM first.
 */
int trace_session_run(struct trace_session *s, char *const argv[], int *status);
/* start, sleep dur_ns (or until interrupted), stop. */
int trace_session_run_for(struct trace_session *s, uint64_t dur_ns);
/*
 * Async-signal-safe: ends a run/run_for early (SIGINT/SIGTERM handlers);
 * one that comes while stop decodes ends the decoding, which reports what
 * it had (trace_source_stats.decode_interrupted).
 */
void trace_session_interrupt(struct trace_session *s);

/* The window's length; with only files read after the fact, their events' span. */
uint64_t trace_session_window_ns(const struct trace_session *s);
bool trace_session_window_from_events(const struct trace_session *s);
unsigned int trace_session_nr_ops(const struct trace_session *s);
const struct trace_op_stats *trace_session_op(const struct trace_session *s, unsigned int idx);
const struct trace_op_stats *trace_session_op_find(const struct trace_session *s,
						   const char *name);
unsigned int trace_session_nr_sources(const struct trace_session *s);
const struct trace_source_stats *trace_session_source(const struct trace_session *s,
						      unsigned int idx);
uint64_t trace_session_lost(const struct trace_session *s);	/* all sources */
/* Items asked for but not collected, all sources (idx < nr) */
unsigned int trace_session_nr_missing(const struct trace_session *s);
const struct trace_missing *trace_session_missing(const struct trace_session *s,
						  unsigned int idx, const char **source);

/*
 * The attribution of host ops by nesting (nest.h: EL1 work, transition, EL2
 * work, SMMU wait per map/unmap, what did not nest); NULL before stop.
 */
struct trace_nest;
const struct trace_nest *trace_session_nest(const struct trace_session *s);

/* summary.json's object: window_ns, sources[], ops[] (each with "hist"), breakdown. */
int trace_session_summary_json(const struct trace_session *s, struct json_object **out);
/*
 * Writes dir/summary.json and dir/raw/<n>-<kind>/ (the raw data read, laid
 * out so "raw:" or "remote:" can read it again; `smmubench dump dir`).
 */
int trace_session_write(const struct trace_session *s, const char *dir);
/* Stops if needed, removes instances/probes, restores every knob. */
void trace_session_free(struct trace_session *s);

/* `smmubench reset`'s work: remove instances smmubench-* and our probes. */
int trace_reset_leftovers(bool verbose);

/* `smmubench dump`: the events a recording (or a raw:/remote: dir) holds. */
struct trace_dump_opts {
	/* a 'smmubench record -o DIR' directory, or "raw:DIR" / "remote:DIR" */
	const char *dir;
	bool csv;			/* CSV (RFC 4180) instead of text lines */
	/*
	 * Not NULL: write this Chrome JSON trace-event file (a track per CPU
	 * and exception level, complete events) instead of text.
	 */
	const char *perfetto;
	FILE *out;			/* where the events go; NULL: stdout */
};
/* Decodes and prints every source of o->dir; 0 or -errno (said on stderr). */
int trace_dump(const struct trace_dump_opts *o);

#endif
