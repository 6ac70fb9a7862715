/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace/ internals shared by the sources, the decoder and the aggregator.
 * Not part of the public API (trace.h).
 */
#ifndef TRACE_INT_H
#define TRACE_INT_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "trace.h"

#define TRACE_MAX_FIELDS	24
#define TRACE_MAX_MISSING	32	/* items one source may fail to collect */
#define TRACE_PFX		"smmubench: "
/* per-CPU buffer of live sources unless trace_opts.buf_kb says otherwise */
#define TRACE_DEFAULT_BUF_KB	1024
/*
 * buffer_percent of live tracefs buffers: poll() on trace_pipe_raw wakes
 * the reader once the buffer is this full. The kernel's 50 leaves half the
 * buffer for the reader's wake-up latency: trace_marker into 1 MiB per CPU
 * on a loaded 2-core machine lost events at 4 M events/s in both of two
 * runs (bench_stream, splice), where 10 lost none up to the writers' limit
 * (3.3 and 4.8 M/s). 10 leaves 90%, a wake-up every 100 KiB of 1 MiB.
 */
#define TRACE_BUFFER_PERCENT	"10"
/* TRACE_MAX_CPUS and the TRACE_*_PFX names of our leftovers: trace.h */
/* "smmubench_<pid>" of this process, in buf */
const char *trace_probe_group(char *buf, size_t len);

#define trace_err(...)	fprintf(stderr, TRACE_PFX __VA_ARGS__)

/* One event type as a source describes it (from its format file). */
struct trace_evtype {
	char *system;
	char *name;
	int id;
	unsigned int nr_fields;
	char *field[TRACE_MAX_FIELDS];
	unsigned int offset[TRACE_MAX_FIELDS];	/* raw records only */
	unsigned int size[TRACE_MAX_FIELDS];
	bool is_signed[TRACE_MAX_FIELDS];
	/* raw records: TRACE_FIELD_INT (in val[]), or a string read from raw */
	unsigned char kind[TRACE_MAX_FIELDS];
	int pid_offset;				/* common_pid, or -1 */
	unsigned short name_len;		/* text parser: strlen(name), */
	unsigned short field_len[TRACE_MAX_FIELDS];	/* strlen(field[i]) */
	void *agg;				/* the aggregator's rules for this type */
	/* fields a consumer reads (bit i = field[i]); with need_set clear, all; final once set */
	uint32_t need;
	bool need_set;
};

enum trace_field_kind { TRACE_FIELD_INT, TRACE_FIELD_CHARS, TRACE_FIELD_DYNSTR,
			TRACE_FIELD_OTHER };

/* One decoded event. val[i] is the value of type->field[i]. */
struct trace_rec {
	const struct trace_evtype *type;
	uint64_t ts_ns;
	int cpu;
	int pid;				/* -1 when the source has none */
	uint64_t val[TRACE_MAX_FIELDS];
	const unsigned char *raw;		/* raw sources: the record, for strings */
	unsigned int raw_size;			/* its payload: no ring-buffer event header */
};

/* index of field NAME in t->field[], or -1 */
static inline int trace_evtype_field(const struct trace_evtype *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nr_fields; i++)
		if (!strcmp(t->field[i], name))
			return i;
	return -1;
}

/* Called for every record, in timestamp order within one source. */
typedef int (*trace_rec_fn)(void *ctx, const struct trace_rec *rec);
/* Called once per CPU and page/line run with events lost just before. */
typedef void (*trace_lost_fn)(void *ctx, int cpu, uint64_t n);

struct trace_source;

struct trace_source_ops {
	const char *kind;			/* "host", "remote", "raw" */
	int (*open)(struct trace_source *src, const char *arg);
	int (*start)(struct trace_source *src);	/* tracing on, readers running */
	/* tracing off only, async-safe enough to call for every source first */
	void (*off)(struct trace_source *src);
	int (*stop)(struct trace_source *src);	/* tracing off, readers drained */
	/* every record since start, in order; lost events reported through lost */
	int (*decode)(struct trace_source *src, trace_rec_fn fn, trace_lost_fn lost, void *ctx);
	int (*save)(struct trace_source *src, const char *dir);
	void (*close)(struct trace_source *src);	/* restore the system */
};

extern const struct trace_source_ops trace_source_text_ops;
extern const struct trace_source_ops trace_source_raw_ops;
extern const struct trace_source_ops trace_source_host_ops;

struct trace_source {
	const struct trace_source_ops *ops;
	char *spec;
	const struct trace_opts *opts;
	char **events;				/* "sys:name" the session asked this source for */
	unsigned int nr_events;
	char *spool;				/* spool dir of live sources */
	unsigned int nr_cpus;
	uint64_t lost_cpu[TRACE_MAX_CPUS];
	uint64_t lost;
	uint64_t nr_recs;
	uint64_t bytes;
	uint64_t bad_lines;			/* text lines that did not parse */
	unsigned int cpus_not_read;		/* per_cpu/cpuN past TRACE_MAX_CPUS */
	uint64_t bad_pages;			/* raw pages read only up to a bad entry */
	bool live;				/* streams in the window (tracefs, FIFOs) */
	/* its events cannot hold host ops (no smmubench* event): see nest.h */
	bool no_host_ops;
	uint64_t ts_first, ts_last;		/* event time span, for static sources */
	bool ts_seen;				/* ts_first holds an event's time */
	/*
	 * The session's interrupt count; decode stops when it moves past
	 * intr_base (an interrupt that came after decoding began) and says so
	 * in decode_cut.
	 */
	const volatile sig_atomic_t *intr;
	sig_atomic_t intr_base;
	bool decode_cut;
	struct trace_missing missing[TRACE_MAX_MISSING];	/* strings owned */
	unsigned int nr_missing;
	void *priv;
};

/* True once the session was interrupted again while src decodes. */
static inline bool trace_source_interrupted(struct trace_source *src)
{
	if (!src->intr || *src->intr == src->intr_base)
		return false;
	src->decode_cut = true;
	return true;
}

/*
 * Records item as not collected by src for reason (error: negative errno)
 * and says so on stderr. Returns 0, or -ENOMEM/-E2BIG.
 */
int trace_source_missing(struct trace_source *src, const char *item, const char *reason,
			 int error);
/*
 * The reason the kernel gave in <tracefs>/error_log for the last command
 * that defined GROUP/EVENT ("The symbol is not unique"), in buf; read
 * only, the log is left as it is. Returns 0, or -ENOENT when none.
 */
int trace_error_log_reason(const char *error_log, const char *group, const char *event,
			   char *buf, size_t len);

/* hyp_enter/hyp_exit reason as mainline names it ("hvc"), NULL if unknown (pair_match.c) */
const char *trace_hyp_reason_name(uint64_t reason);
/* the reason of a hyp_enter without one (Android's carry no field) */
#define TRACE_HYP_NO_REASON	UINT64_MAX
/* "hyp_<reason>", "hyp_reasonN", or "hyp" for TRACE_HYP_NO_REASON */
void trace_hyp_interval_name(char *buf, size_t size, uint64_t reason);

/* Starts a helper thread with every signal blocked (thread.c). 0 or -errno. */
int trace_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

/*
 * What a per-CPU data file is (filekind.c), found without blocking: a
 * FIFO without a writer blocks a plain open(), a device may never end.
 */
enum trace_file_kind {
	TRACE_FILE_REGULAR,	/* ends at EOF: read after the window */
	TRACE_FILE_PIPE,	/* FIFO or socket: live, streamed in the window */
	TRACE_FILE_DEVICE,	/* character device: read after the window to EOF or EAGAIN */
	TRACE_FILE_OTHER,	/* a directory, a block device: refused */
};
/* stat()s path (never opens it: opening a FIFO wakes its writer). -errno if absent. */
int trace_file_kind(const char *path);
/* open(O_RDONLY | O_NONBLOCK) + fstat: fd and *kind, or -errno */
int trace_file_open_nb(const char *path, enum trace_file_kind *kind);
const char *trace_file_kind_name(enum trace_file_kind kind);
/* true when any per_cpu/cpuN/name of dir is a FIFO or socket: stream it */
bool trace_dir_has_pipes(const char *dir, unsigned int nr_cpus, const char *name);

/* Per-CPU file copiers for live sources (stream.c). */
struct trace_stream;
/* paths[cpu] -> spool_paths[cpu] (paths[cpu] NULL: none); read_size bytes per read() */
struct trace_stream *trace_stream_start(unsigned int nr_cpus, char *const *paths,
					char *const *spool_paths, size_t read_size);
/* Stop, drain what is left, join. Returns bytes copied or negative errno. */
int64_t trace_stream_stop(struct trace_stream *st);

/* rawdir.c: decoding a directory of ftrace pages + format files */
struct trace_rawdir;
struct trace_rawdir *trace_rawdir_open(const char *dir, const char *evdir,
				       unsigned int nr_cpus);
int trace_rawdir_decode(struct trace_rawdir *rd, struct trace_source *src,
			trace_rec_fn fn, trace_lost_fn lost, void *ctx);
unsigned int trace_rawdir_subbuf_size(const struct trace_rawdir *rd);
/* true: our own page walker; false: kbuffer (SMMUBENCH_RAW_DECODE=kbuffer forces it) */
bool trace_rawdir_is_fast(const struct trace_rawdir *rd);
/* the fast walker's read-ahead thread (on by default); off: one thread, pages read in line */
void trace_rawdir_set_readahead(struct trace_rawdir *rd, bool on);
/* the fast walker's regular files mapped and walked in place (on by default); off: pread() */
void trace_rawdir_set_map(struct trace_rawdir *rd, bool on);
void trace_rawdir_close(struct trace_rawdir *rd);
/* events/header_page's sub-buffer size in bytes, or negative errno */
int trace_header_page_subbuf_size(const char *path);

/* source_raw.c: true when evdir has no smmubench* system (no host op events) */
bool trace_evdir_no_host_ops(const char *evdir);

/* textparse.c: one trace_pipe line of a remote */
enum trace_line_kind { TRACE_LINE_EVENT, TRACE_LINE_LOST, TRACE_LINE_BLANK };
struct trace_textfmt;			/* the event types of one remote dir */
struct trace_textfmt *trace_textfmt_load(const char *evdir, const char *system);
void trace_textfmt_free(struct trace_textfmt *tf);
/*
 * Parses line (no newline needed). Returns a trace_line_kind or -EINVAL
 * with a reason in *why. Fills rec (EVENT) or *lost (LOST).
 */
int trace_text_line_parse(const struct trace_textfmt *tf, const char *line, size_t len,
			  struct trace_rec *rec, uint64_t *lost, const char **why);

/*
 * source_raw.c helpers shared with the host source: streaming the per-CPU
 * trace_pipe_raw files of a live tracefs dir (an instance, Android's
 * hypervisor/) into src->spool, with per_cpu/cpuN/stats overruns.
 */
struct trace_rawlive;
struct trace_rawlive *trace_rawlive_start(struct trace_source *src, const char *dir);
int trace_rawlive_stop(struct trace_rawlive *rl, struct trace_source *src);
/* after decode: stats overruns not already seen in pages become lost */
void trace_rawlive_account(struct trace_rawlive *rl, struct trace_source *src);
void trace_rawlive_free(struct trace_rawlive *rl);
/* Copies per_cpu/cpuN/<file> of datadir and events/ of evdir to dst. */
int trace_dir_save(struct trace_source *src, const char *datadir, const char *file,
		   const char *evdir, const char *dst, bool only_asked);
/* Copies evdir's header_page/header_event and format files to dst/events. */
int trace_events_save(struct trace_source *src, const char *evdir, const char *dst,
		      bool only_asked);
/* Decodes a raw dir with evdir through the aggregator callbacks. */
int trace_raw_decode_dir(struct trace_source *src, const char *datadir, const char *evdir,
			 trace_rec_fn fn, trace_lost_fn lost, void *ctx);

/* knobs.c: tracefs files changed and put back (a saved-value list) */
struct trace_knobs;
struct trace_knobs *trace_knobs_new(void);
/* Saves path's value then writes val; errors are explained. */
int trace_knob_set(struct trace_knobs *k, const char *path, const char *val);
/*
 * Sets dir/buffer_size_kb (per CPU) to kb, saved in k, BEFORE anything
 * loads the buffer (a reader opening trace_pipe*, tracing_on). A mainline
 * remote refuses a loaded buffer (EBUSY); Android's hypervisor/ takes the
 * number but keeps a loaded buffer ("N (loaded)") at its old size: both
 * are explained errors. A dir without the file keeps its buffer (said).
 */
int trace_knobs_buffer_kb(struct trace_knobs *k, const char *dir, unsigned int kb);
/* Writes every saved value back, newest first. */
void trace_knobs_restore(struct trace_knobs *k);
/*
 * Writes 1 to <dir>/events/<sys>/<ev>/enable for each "sys:ev" (the system
 * is forced to system when not NULL: a remote names its own), recording
 * the old value in k. -ENOENT, with the path named, for a missing event.
 */
int trace_knobs_events_enable(struct trace_knobs *k, const char *dir, const char *system,
			      char *const *events, unsigned int nr);
void trace_knobs_free(struct trace_knobs *k);

/* elfsym.c: file offset of a function symbol, for uprobes */
int trace_elf_sym_offset(const char *path, const char *sym, uint64_t *off);

/* tracefs_dir.c: a tracefs, or a directory laid out like one */
/* copy of a recorded file; a FIFO or device is said and skipped */
int trace_copy_file(const char *from, const char *to);
bool trace_is_tracefs(const char *path);
/* 1 + the highest per_cpu/cpuN below TRACE_MAX_CPUS; *not_read: cpuN dirs past it */
int trace_nr_cpus_dir(const char *dir, unsigned int *not_read);

/* agg.c: op records -> histograms */
struct trace_agg;
struct trace_agg *trace_agg_new(const struct trace_opts *opts);
/* 0, or -ENOMEM placing the last source's losses in the nesting */
int trace_agg_set_source(struct trace_agg *a, struct trace_source *src);
int trace_agg_rec(void *agg, const struct trace_rec *rec);
void trace_agg_lost(void *agg, int cpu, uint64_t n);
/* the sources still to decode hold no host ops (trace_nest_host_done()) */
void trace_agg_host_ops_done(struct trace_agg *a);
/* open pairs -> unmatched; lost per op; the nesting done. 0 or -ENOMEM */
int trace_agg_finish(struct trace_agg *a);
const struct trace_nest *trace_agg_nest(const struct trace_agg *a);
unsigned int trace_agg_nr_ops(const struct trace_agg *a);
const struct trace_op_stats *trace_agg_op(const struct trace_agg *a, unsigned int idx);
void trace_agg_free(struct trace_agg *a);

#endif
