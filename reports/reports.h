/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reports/: the results store (run directories, results.db), statistics,
 * plots and the report, compare and dashboard commands.
 *
 * A run directory (format documented in reports/README.md):
 *
 *   <root>/<YYYYmmdd-HHMMSS>-<label>/      final name, status "complete"
 *       meta.json                          who/what/when, written at create
 *                                          and rewritten (atomically) at finish
 *       results.jsonl                      one metric row per line, flushed
 *       errors.jsonl                       workload errors, one per line
 *       hist/<cell>/<op>.json              trace_hist JSON (trace/hist.h)
 *       raw/                               raw trace data, fio JSON, ... (runner)
 *
 * While a run is being written it lives under <root>/.<name>.tmp (hidden,
 * meta status "running"). report_run_finish() renames it to <name>
 * (complete or failed) or <name>.incomplete (interrupted). A process killed
 * with SIGKILL leaves the hidden .tmp directory with status "running": the
 * loader reports such a run as incomplete, never as complete.
 *
 * Writer functions return 0 or a negative errno; constructors return NULL
 * and set errno. Not thread-safe: one writer per run, from one thread.
 */
#ifndef REPORTS_H
#define REPORTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;
struct trace_hist;
struct str_pool;

/* ---- writing a run ---------------------------------------------------- */

enum report_run_status {
	REPORT_RUN_RUNNING = 0,	/* being written (only ever seen in .tmp dirs) */
	REPORT_RUN_COMPLETE,	/* every cell ran; numbers are whole */
	REPORT_RUN_FAILED,	/* the runner gave up (error recorded) */
	REPORT_RUN_INCOMPLETE,	/* interrupted (SIGINT/SIGTERM) or killed */
};

const char *report_run_status_name(enum report_run_status st);

/* What the runner knows when it starts; every string may be NULL. */
struct report_run_info {
	const char *label;	/* part of the directory name: [A-Za-z0-9._-]+ */
	const char *target;	/* "model" or "hw" */
	const char *designs;	/* comma list, e.g. "native,paravirt,nested" */
	const char *profile;	/* model profile name/path (target model) */
	const char *board;	/* dashboard grouping; NULL = host name */
	const char *conf_path;	/* bench.conf path as given */
	const char *conf_text;	/* bench.conf contents as run (stored verbatim) */
};

struct report_run;

/*
 * Create <root>/.<date>-<label>.tmp (root is created if missing) with
 * meta.json (status running, start time, kernel release and cmdline, host,
 * smmubench version and git revision) and an empty results.jsonl.
 */
struct report_run *report_run_create(const char *root, const struct report_run_info *info);

/* The directory being written (the .tmp path until finish, then the final one). */
const char *report_run_dir(const struct report_run *run);

/* Extra string key in meta.json (e.g. "kernel_label", "baseline"); replaces. */
int report_run_meta_set(struct report_run *run, const char *key, const char *value);

/*
 * A string key of a meta.json object ("kernel", "release"), the object
 * made if missing; replaces. For a run written from another machine's
 * record (ingest --lava): its kernel, not this one's.
 */
int report_run_meta_sub_set(struct report_run *run, const char *obj, const char *key,
			    const char *value);
/* An integer key in meta.json ("start_epoch_s"); replaces. */
int report_run_meta_int_set(struct report_run *run, const char *key, int64_t value);

/*
 * meta.json "designs" from a comma list ("native", "native,nested"): the
 * designs the run measured, e.g. what the hw target detected; replaces.
 */
int report_run_designs_set(struct report_run *run, const char *designs);

/* Record a trace source used ("remote-text:/sys/kernel/tracing/remotes/hypervisor"). */
int report_run_source_add(struct report_run *run, const char *source);

/*
 * Declare a cell (design x workload x parameters) before writing rows for it.
 * name: [A-Za-z0-9._=,+-]+, unique in the run (it is a directory name under hist/).
 * params: human-readable "bs=4k threads=1" (may be NULL). Stored in meta.json.
 */
int report_run_cell_add(struct report_run *run, const char *name, const char *design,
			const char *workload, const char *params);

/*
 * Cell parameters (reports/params.c): the (key, value) list a cell was run
 * with. meta.json stores it as one text, "k=v k2=v2" (space-separated,
 * first '=' splits): report_params_format() writes it, report_params_parse()
 * is the one parser. A word without '=' has value NULL and is kept as is.
 */
struct report_param {
	char *key;
	char *value;
};

struct report_params {
	struct report_param *v;
	size_t nr;
};

/* Append one param (copies); 0 or -ENOMEM. */
int report_params_add(struct report_params *p, const char *key, const char *value);
/* Append the params of a "k=v k2=v2" text (NULL = none); 0 or -ENOMEM. */
int report_params_parse(struct report_params *p, const char *text);
/* The value of the first param named key, or NULL. */
const char *report_params_get(const struct report_params *p, const char *key);
/* The text ("k=v k2=v2"), without the params named skip_key (NULL: all); malloc'd. */
char *report_params_format(const struct report_params *p, const char *skip_key);
/* The text into buf; -ENOSPC when it did not fit (buf holds the cut text). */
int report_params_format_buf(const struct report_params *p, char *buf, size_t len);
void report_params_release(struct report_params *p);
/*
 * 1 when value is a number, with *v set: a decimal, optionally with a size
 * suffix as bench.conf writes sizes (k, m, g; any case; then optional i,
 * then optional b: 4k, 1M, 4KiB = 4096); else 0.
 */
int report_param_num(const char *value, double *v);

/* One metric row of results.jsonl. rep: repetition index from 0 (warm-ups are
 * not recorded). unit: "ns", "us", "iops", "MiB/s", "count", "events", ... */
struct report_metric {
	const char *cell;
	int rep;
	const char *op;		/* "map", "unmap", "tlbi", "io", ... */
	const char *metric;	/* "p50", "mean", "iops", "calls", "syncs_per_unmap" ... */
	const char *unit;
	double value;
	uint64_t n;		/* samples behind the value (0 when not meaningful) */
};

/* Append one row (design and workload are taken from the cell) and flush it. */
int report_run_metric_add(struct report_run *run, const struct report_metric *m);

/* Write hist/<cell>/<op>.json from a trace_hist JSON object (trace_hist_to_json()). */
int report_run_hist_write_json(struct report_run *run, const char *cell, const char *op,
			       struct json_object *hist_json);

/* The same from a trace_hist (trace/hist.h). */
int report_run_hist_write(struct report_run *run, const char *cell, const char *op,
			  const struct trace_hist *h);

/*
 * Lost events of one source/CPU during one repetition of a cell: appended as
 * a metric row (op "lost", metric "lost_events", unit "events", plus
 * "source" and "cpu") and summed into meta.json "lost_events" at finish.
 * cell NULL = run-wide. Record zero counts too: the report then shows
 * "0 events" per cell instead of "no lost-event rows recorded".
 */
int report_run_lost_add(struct report_run *run, const char *cell, int rep,
			const char *source, int cpu, uint64_t count);

/* A workload error (cell may be NULL for run-wide errors): errors.jsonl, flushed. */
int report_run_error_add(struct report_run *run, const char *cell, int rep,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Write the final meta.json (end time, status, lost and error totals) and
 * rename the directory: COMPLETE/FAILED -> <root>/<name>, INCOMPLETE ->
 * <root>/<name>.incomplete (a numeric suffix is added if the name exists).
 * The run stays valid for report_run_dir(); call report_run_free() after.
 */
int report_run_finish(struct report_run *run, enum report_run_status status);

/* Frees the writer; a run not finished is finished as INCOMPLETE first. */
void report_run_free(struct report_run *run);

/* ---- reading runs ----------------------------------------------------- */

struct report_row {
	/* interned in the run's string pool: equal names, equal pointers */
	const char *cell, *design, *workload, *op, *metric, *unit;
	int rep;
	double value;
	uint64_t n;
};

struct report_cell {
	char *name, *design, *workload, *params;
};

struct report_hist_ref {
	char *cell, *op;
	char *path;		/* hist/<cell>/<op>.json relative to the run dir */
};

struct report_rundata {
	char *dir;
	char *name;		/* basename of dir */
	struct json_object *meta;	/* the parsed meta.json */
	enum report_run_status status;	/* "running" on disk is reported INCOMPLETE */
	struct report_row *rows;
	size_t nr_rows;
	struct str_pool *strings;	/* the rows' strings, one copy each */
	struct report_cell *cells;
	size_t nr_cells;
	size_t *cells_by_name;	/* indexes of cells sorted by name (report_rundata_cell()) */
	struct report_hist_ref *hists;
	size_t nr_hists;
	uint64_t lost_events;	/* sum of lost rows */
	size_t nr_errors;	/* lines of errors.jsonl */
	char **errors;		/* their messages, "cell rep: message" */
	/*
	 * What could not be read and was left out: "<file>:<line>: why", one
	 * per bad results.jsonl line or hist file. Every reader must show them.
	 */
	char **warnings;
	size_t nr_warnings;
	size_t nr_rows_dropped;	/* results.jsonl lines among the warnings */
};

/*
 * Load a run directory. A results.jsonl line that is not a valid row (cut
 * mid-line, a field missing or of the wrong type, a value that is NaN or
 * infinite, a rep outside 0..INT_MAX, a cell meta.json does not declare)
 * and a hist/ file that is not a histogram are left out and named in
 * rd->warnings; the rest is read. On error (no meta.json, a format_version
 * other than 1) returns NULL, sets errno and writes a message naming the
 * file, line and field into err.
 */
struct report_rundata *report_rundata_load(const char *dir, char *err, size_t errlen);
void report_rundata_free(struct report_rundata *rd);

/*
 * What the load left out (rd->warnings), one line each after prefix, then
 * "<run>: N rows of results.jsonl dropped". Every reader prints them.
 */
void report_rundata_warnings_print(const struct report_rundata *rd, FILE *f, const char *prefix);

/* meta.json string field, or NULL. */
const char *report_rundata_meta(const struct report_rundata *rd, const char *key);

/* The cell by name, or NULL. */
const struct report_cell *report_rundata_cell(const struct report_rundata *rd, const char *name);

/* Load hist/<cell>/<op>.json as a json-c object (caller puts it), or NULL. */
struct json_object *report_rundata_hist_json(const struct report_rundata *rd, const char *cell,
					     const char *op);

/* ---- LAVA (lava_name.c, lava_cases.c, lava_read.c, lava_ingest.c) ----- */

/*
 * A run as LAVA test cases (`lava-test-case NAME --result R [--measurement
 * V --units U]`), and back. LAVA splits its TESTCASE signal on blanks and
 * '=' and makes a directory per name, so a name is [A-Za-z0-9_.-]+: every
 * field is escaped reversibly (A-Z a-z 0-9 '-' verbatim, any other byte
 * "_xx", two lowercase hex digits) and fields are joined by '.':
 *
 *   smmubench.meta.KEY.VALUE                        pass
 *   smmubench.cell.CELL.DESIGN.WORKLOAD.PARAMS      pass
 *   smmubench.kpi.CELL.REP.OP.METRIC                pass, measurement, units
 *   smmubench.error.CELL.REP                        fail
 *   smmubench.step.STEP                             pass or fail (check, run)
 *
 * Units keep '/' and '%' too ("MiB/s"). Format: reports/README.md.
 */
struct report_lava_case {
	const char *name;
	const char *result;		/* pass, fail, skip, unknown */
	const char *measurement;	/* NULL: none; "%.17g" when written */
	const char *units;		/* NULL: none */
	const char *where;		/* "file:line" it was read from (reading only) */
};

/* s as one name field (A-Za-z0-9- verbatim, else _xx); -ENAMETOOLONG if cut. */
int report_lava_field_esc(char *buf, size_t len, const char *s);
/* s as units (A-Za-z0-9-/% verbatim, else _xx); -ENAMETOOLONG if cut. */
int report_lava_units_esc(char *buf, size_t len, const char *s);
/* The n bytes of an escaped field back; -EINVAL on a bad escape or a NUL. */
int report_lava_unesc(char *buf, size_t len, const char *s, size_t n);

typedef int (*report_lava_case_fn)(const struct report_lava_case *c, void *ctx);

/*
 * Every case of a loaded run, in order: meta, cells, KPI rows (lost-event
 * rows included), errors. Stops at the first non-zero return of fn.
 */
int report_lava_cases(const struct report_rundata *rd, report_lava_case_fn fn, void *ctx);

/* The cases read from LAVA's output (lava_read.c). */
struct report_lava_results {
	struct report_lava_case *cases;	/* strings owned */
	size_t nr_cases;
	char *job_id;			/* from the results, or NULL */
	char *device;			/* from the results, or NULL */
};

/*
 * Read PATH: a results YAML (the job log lava-run writes, entries of lvl
 * "results"; or the server's results export, entries with name/result/
 * measurement/unit), or text with `lava-test-case` lines or
 * <LAVA_SIGNAL_TESTCASE ...> signals. A directory: its output.yaml, else
 * results.yaml. On error: -errno and "file:line: why" in err.
 */
int report_lava_read(const char *path, struct report_lava_results *res, char *err, size_t errlen);
void report_lava_results_release(struct report_lava_results *res);

struct report_lava_ingest_opts {
	const char *input;		/* report_lava_read()'s PATH */
	const char *root;		/* where the run directory goes */
	const char *device;		/* NULL: from the results, else the run's board */
	const char *job_id;		/* NULL: from the results */
};

/*
 * LAVA's results back into a run directory under root (the run's own
 * meta: kernel, host, cells, start time; plus lava_job_id and
 * lava_device), finished complete, or failed when a step or an error case
 * failed. The directory into run_dir. -errno with the reason in err (the
 * case's file:line, or the field) on input that is not a smmubench run.
 */
int report_lava_ingest(const struct report_lava_ingest_opts *o, char *run_dir, size_t dirlen,
		       char *err, size_t errlen);

/* ---- results.db ------------------------------------------------------- */

/*
 * Add a run directory to the SQLite database at db_path (created with the
 * schema of reports/README.md if missing). Idempotent: a run already present
 * (same meta.json run_id) is left untouched and *added is set to 0.
 * Incomplete runs are refused with -EINVAL and a message in err.
 */
int report_db_ingest(const char *db_path, const char *run_dir, int *added, char *err,
		     size_t errlen);

/*
 * Add run directories to results.db, one line each on stdout ("added",
 * "present") or a message on stderr (refused), then a summary line.
 * Returns the exit status of `smmubench ingest`: 0, or 1 when any was refused.
 */
struct report_ingest_opts {
	const char *db_path;		/* NULL: "results.db" */
	const char *const *run_dirs;
	size_t nr_run_dirs;
};
int report_ingest(const struct report_ingest_opts *o);

/* ---- report, compare, dashboard (the CLI is bench/cmd_<name>.c) --------- */

/*
 * Write <output>/index.html and <output>/report.md from run directories
 * (bench/cmd_report.c documents the sections). Messages on stderr, the
 * paths written on stdout. Returns the exit status of `smmubench report`:
 * 0 written; 1 a run could not be read or the report not written; 2 the
 * output is a run directory or inside one (runs are never rewritten).
 */
struct report_opts {
	const char *output;		/* NULL: "report" */
	const char *const *run_dirs;	/* >= 1 */
	size_t nr_run_dirs;
	/*
	 * Non-NULL: write the paper into this directory instead (reports/paper.h):
	 * figures/ (PDF, .gp, .dat, .csv), tables/tNN.tex, paper.tex. Same
	 * rules as output (never inside a run).
	 */
	const char *paper;
	int paper_double;		/* figures the full text width, not one column */
	const char *const *paper_select;	/* globs of table/figure ids, in paper order */
	size_t nr_paper_select;		/* 0: every table and figure */
};
int report_build(const struct report_opts *o);

#define REPORT_COMPARE_DEFAULT_THRESHOLD_PCT 5.0

/*
 * compare's table of NEW runs against BASE on stdout, REGRESSION lines on
 * stderr. Returns the exit status of `smmubench compare`: 0 no regression,
 * 1 at least one, 2 an input error (fewer than 2 runs, a run unreadable).
 */
struct report_compare_opts {
	const char *const *run_dirs;	/* BASE, then NEW... */
	size_t nr_run_dirs;
	double threshold_pct;		/* a significant change worse than this regresses */
	int verbose;			/* print each interval and p-value */
};
int report_compare(const struct report_compare_opts *o);

#define REPORT_DASHBOARD_DEFAULT_THRESHOLD_PCT 5.0

/*
 * The dashboard (<output>/index.html, plots embedded) from results.db.
 * Returns the exit status of `smmubench dashboard`: 0, 1 when the newest run
 * has a regression, 2 on errors (messages on stderr).
 */
struct report_dashboard_opts {
	const char *db_path;		/* NULL: "results.db" */
	const char *output;		/* NULL: "dashboard" */
	const char *baseline;		/* label of the baseline run, or NULL */
	double threshold_pct;
	/*
	 * When set: the change points that are regressions and were not in the
	 * output's previous index.json (same series, same first bad run), each
	 * listed on stderr as "REGRESSION (new change point)"; every one is new
	 * when there was no previous index.json.
	 */
	int *nr_new_regressions;
};
int report_dashboard(const struct report_dashboard_opts *o);

/* ---- statistics (reports/stats.c) -------------------------------------- */

/* All take the values unsorted; none modifies its input. n == 0 gives NAN. */
double report_stats_median(const double *v, size_t n);
/* Linear interpolation between closest ranks (Hyndman & Fan type 7), p in [0,100]. */
double report_stats_percentile(const double *v, size_t n, double p);
/* n / sum(1/v); NAN when any value is <= 0. */
double report_stats_hmean(const double *v, size_t n);
double report_stats_mean(const double *v, size_t n);

enum report_stats_center { REPORT_STATS_MEDIAN, REPORT_STATS_HMEAN };

struct report_stats_cmp {
	double base, new;	/* centre of each sample (median or harmonic mean) */
	double ratio;		/* new / base */
	double ci_lo, ci_hi;	/* bootstrap 95% percentile interval of the ratio */
	double p_mwu;		/* two-sided Mann-Whitney U p-value */
	int significant;	/* the interval excludes 1.0 */
};

/* Fixed-seed resampling so reports are reproducible. */
#define REPORT_STATS_BOOT_RESAMPLES 4000
#define REPORT_STATS_BOOT_SEED 0x5eed2026u
/* Mann-Whitney U is exact up to this many values a side without ties (C(40,20) fits a double). */
#define REPORT_STATS_MWU_EXACT_MAX 20

/*
 * Compare two samples: ratio of centres, bootstrap 95% interval (exact for
 * medians, reports/boot_exact.h; else resamples with a fixed seed),
 * Mann-Whitney U two-sided p-value. 0, -EINVAL or -ENOMEM; out->base and
 * out->new are set whenever both samples have values, but on -ENOMEM.
 */
int report_stats_compare(const double *base, size_t nb, const double *new, size_t nn,
			 enum report_stats_center center, struct report_stats_cmp *out);

/* Bootstrap 95% percentile interval of one sample's centre (same seed/resamples). */
int report_stats_ci(const double *v, size_t n, enum report_stats_center center, double *lo,
		    double *hi);

/* Mann-Whitney U of sample a (U_a = R_a - na(na+1)/2) and its two-sided
 * p-value: exact for small samples without ties, else normal approximation
 * with tie correction and continuity correction. */
int report_stats_mwu(const double *a, size_t na, const double *b, size_t nb, double *u_a,
		     double *p_two_sided);

/* ---- the centre and the verdict (reports/verdict.c) ------------------- */

/*
 * The one rule every reader of numbers follows (compare, dashboard, report,
 * the runner's summary): over repetitions, rates (iops, IOPS, anything per
 * second) take the harmonic mean, every other unit the median.
 */
enum report_stats_center report_unit_center(const char *unit);
/* "harmonic mean" or "median", as reports name the centre. */
const char *report_stats_center_name(enum report_stats_center c);
/* The centre of n values in unit (report_unit_center()); NAN when n == 0. */
double report_stats_center(const char *unit, const double *v, size_t n);

/* Fewer repetitions than this on a side: never significant. */
#define REPORT_VERDICT_MIN_REPS 3

struct report_verdict {
	double base, new;	/* centres (report_stats_center()); NAN without values */
	double ratio;		/* new / base */
	double change_pct;	/* (ratio - 1) * 100 */
	double ci_lo, ci_hi;	/* bootstrap 95% interval of the ratio */
	double p_mwu;		/* two-sided Mann-Whitney U p-value */
	int significant;	/* the interval excludes 1, >= REPORT_VERDICT_MIN_REPS a side */
	int degenerate;		/* significant with ci_lo == ci_hi: no spread on either side,
				 * the star rests on the two centres alone ("*!") */
	int regression;		/* significant and worse than the threshold: higher for
				 * times, %, cycles and events, lower for rates; other
				 * units never regress */
};

/*
 * Compare NEW against BASE in unit: centres, ratio, interval, p-value and the
 * verdict. 0, -EINVAL when there is no ratio (a side without values, a
 * zero centre) or -ENOMEM; out->base and out->new are set either way.
 */
int report_verdict(const char *unit, const double *base, size_t nb, const double *new,
		   size_t nn, double threshold_pct, struct report_verdict *out);

/*
 * How compare and dashboard show one verdict of NEW against BASE: both call
 * report_verdict() and only format it. compare: "<NEW centre> (+x.xx%)"
 * then "*!" (degenerate), "*" (significant) or " "; without a ratio, the NEW
 * centre alone. dashboard: "+x.xx%" then " *!", " *" or nothing; without a
 * ratio "-". Return report_verdict()'s value.
 */
int report_compare_cell(const char *unit, const double *base, size_t nb, const double *new,
			size_t nn, double threshold_pct, struct report_verdict *v, char *text,
			size_t len);
int report_dashboard_cell(const char *unit, const double *base, size_t nb, const double *new,
			  size_t nn, double threshold_pct, struct report_verdict *v, char *text,
			  size_t len);

/* ---- change points of a nightly series (reports/changepoint.c) --------- */

/* One night (one run) of a series: its repetitions, in any order, n >= 1. */
struct report_cp_night {
	const double *v;
	size_t n;
};

#define REPORT_CP_DEFAULT_ALPHA 0.002		/* permutation p-value at most this */
#define REPORT_CP_DEFAULT_PERMUTATIONS 999
#define REPORT_CP_DEFAULT_MIN_NIGHTS 3		/* nights a side of a split */
#define REPORT_CP_DEFAULT_MIN_CHANGE_PCT 3.0	/* smaller steps are not change points */
#define REPORT_CP_SEED 0xc4a96e5eedull
/* report_verdict() of a change point takes at most this many nights a side */
#define REPORT_CP_WINDOW_NIGHTS 30

struct report_cp_opts {
	const char *unit;		/* the series' unit: centre and direction */
	double alpha;
	unsigned int permutations;
	size_t min_nights;
	double min_change_pct;		/* |ratio - 1| at least this, in % */
	double threshold_pct;		/* report_verdict(): a regression beyond this */
	uint64_t seed;
};

/* The defaults above, REPORT_DASHBOARD_DEFAULT_THRESHOLD_PCT, for unit. */
void report_cp_opts_default(struct report_cp_opts *o, const char *unit);

struct report_cp {
	size_t night;		/* index of the first night of the new level (first bad) */
	size_t seg_first;	/* the segment split: nights [seg_first, seg_end) */
	size_t seg_end;
	size_t n_before;	/* repetitions in the verdict, before and from night */
	size_t n_after;
	double p_value;		/* permutation test of the split */
	double q;		/* the E-divisive statistic, in the series' unit */
	struct report_verdict v;	/* from night on against before: ratio, interval, regression */
};

/*
 * E-divisive means (Matteson & James 2014) over every repetition of every
 * night: change points, sorted by night, into *out (malloc'd, caller
 * frees; *nr_out may be 0). A change point needs a permutation p-value <=
 * alpha, a significant report_verdict() and a step >= min_change_pct.
 * Deterministic (fixed seed). 0, -EINVAL or -ENOMEM.
 */
int report_changepoints_find(const struct report_cp_night *nights, size_t nr_nights,
			     const struct report_cp_opts *o, struct report_cp **out,
			     size_t *nr_out);

/*
 * 1 when path (which need not exist yet) is a run directory or lies inside
 * one: a directory holding meta.json and results.jsonl. *run gets that
 * directory. Runs are never rewritten; report outputs must stay out.
 */
int report_path_in_run(const char *path, char *run, size_t len);

#endif
