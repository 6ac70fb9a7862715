// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench record | stat: one collection window over the chosen sources,
 * around a command or for a duration. record writes the raw data and
 * summary.json to a directory; stat prints the per-op table (rtla-like).
 * One file for both: they share their options and their run; the window
 * itself is the trace library's (trace_session_*).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "common.h"
#include "bench.h"
#include "hist.h"
#include "nest.h"
#include "trace.h"

#define CMD_MAX_ARGS	64

/*
 * CLI state, for the signal handlers only: the session they interrupt
 * (trace_session_interrupt() is async-signal-safe) and the signal seen.
 */
static struct trace_session *cmd_session;
static volatile sig_atomic_t cmd_signalled;

static void cmd_on_signal(int sig)
{
	cmd_signalled = sig;
	if (cmd_session)
		trace_session_interrupt(cmd_session);
}

struct cmd_args {
	const char *events[CMD_MAX_ARGS + 1];
	const char *sources[CMD_MAX_ARGS + 1];
	const char *pairs[CMD_MAX_ARGS + 1];
	const char *probes[CMD_MAX_ARGS + 1];
	unsigned int nr_events, nr_sources, nr_pairs, nr_probes;
	unsigned int buf_kb;
	const char *out;
	const char *perfetto;		/* record --perfetto FILE */
	uint64_t dur_ns;
	bool json, per_cpu, force;
	char **argv;
};

static void cmd_usage(FILE *f, bool stat)
{
	fprintf(f,
		"usage: smmubench %s [options] [-d DURATION | -- COMMAND [ARGS...]]\n"
		"\n"
		"%s\n"
		"\n"
		"  -e, --event SYSTEM:EVENT  trace an event (repeatable): block:block_rq_issue,\n"
		"                            block:*, iommu:map, dma:dma_map_phys, hypervisor:smmu_map\n"
		"  -s, --source SPEC         host | remote:DIR | raw:DIR (repeatable; default: host for\n"
		"                            host events, <tracefs>/remotes/hypervisor for hypervisor:*)\n"
		"  -p, --pair NAME=SYS:START,SYS:END[,cpu|pid|FIELD+FIELD]\n"
		"                            a latency op from START to END (built in: block_rq,\n"
		"                            iommu_map_life, dma_map_life, hyp_<reason>)\n"
		"  -u, --uprobe NAME=PATH:SYMBOL  uprobe/uretprobe pair: call duration per task\n"
		"  -k, --kprobe NAME=SYMBOL  kprobe/kretprobe pair (skipped without kprobes)\n"
		"  -b, --buffer-kb KB        per-CPU buffer of live sources (default 1024)\n"
		"  -d, --duration TIME       trace for TIME (10s, 500ms, 2m; plain = seconds)\n"
		"  -o, --output DIR          %s\n"
		"  -f, --force               replace a recording already in DIR (refused without)\n"
		"  -P, --perfetto FILE       also write the events as a Chrome JSON trace-event\n"
		"                            timeline (ui.perfetto.dev): a track per CPU and EL\n"
		"%s"
		"  -h, --help                this text\n"
		"\n"
		"Ctrl-C stops the window early and still reports; every instance, probe and\n"
		"knob is put back on exit ('smmubench reset' cleans up after a killed run).\n",
		stat ? "stat" : "record",
		stat ? "Trace, then print per-op latency (count, rate, min, p50, p90, p99, p99.9,\n"
		       "max) and lost events."
		     : "Trace in one window and write the raw data read and summary.json to DIR.",
		stat ? "also write raw data + summary.json there"
		     : "output directory (default smmubench.data)",
		stat ? "  -j, --json                print summary.json to stdout\n"
		       "  -c, --per-cpu             one row per CPU under each op\n" : "");
}

static int parse_duration(const char *s, uint64_t *ns)
{
	char *end;
	double v = strtod(s, &end);
	double mult = 1e9;

	if (end == s || v < 0)
		return -EINVAL;
	if (!strcmp(end, "ms"))
		mult = 1e6;
	else if (!strcmp(end, "us"))
		mult = 1e3;
	else if (!strcmp(end, "m"))
		mult = 60e9;
	else if (*end && strcmp(end, "s"))
		return -EINVAL;
	*ns = (uint64_t)(v * mult);
	return 0;
}

static int add_arg(const char **arr, unsigned int *nr, const char *v, const char *what)
{
	if (*nr == CMD_MAX_ARGS) {
		fprintf(stderr, "smmubench: at most %d %s\n", CMD_MAX_ARGS, what);
		return -E2BIG;
	}
	arr[(*nr)++] = v;
	return 0;
}

/* One option of cmd_parse(): 0, 1 after --help, negative on a usage error. */
static int cmd_opt(struct cmd_args *a, int c, char *arg, bool stat)
{
	const char *cmd = stat ? "stat" : "record";
	char *probe, *end;

	switch (c) {
	case 'e':
		return add_arg(a->events, &a->nr_events, arg, "events");
	case 's':
		return add_arg(a->sources, &a->nr_sources, arg, "sources");
	case 'p':
		return add_arg(a->pairs, &a->nr_pairs, arg, "pairs");
	case 'u':
	case 'k':
		if (asprintf(&probe, "%c:%s", c, arg) < 0)
			return -ENOMEM;
		return add_arg(a->probes, &a->nr_probes, probe, "probes");
	case 'b':
		a->buf_kb = strtoul(arg, &end, 10);
		if (*end || !a->buf_kb) {
			fprintf(stderr, "smmubench %s: --buffer-kb '%s': expected KiB > 0\n",
				cmd, arg);
			return -EINVAL;
		}
		return 0;
	case 'd':
		if (parse_duration(arg, &a->dur_ns)) {
			fprintf(stderr, "smmubench %s: --duration '%s': expected e.g. 10s, "
				"500ms, 2m\n", cmd, arg);
			return -EINVAL;
		}
		return 0;
	case 'o':
		a->out = arg;
		return 0;
	case 'f':
		a->force = true;
		return 0;
	case 'P':
		a->perfetto = arg;
		return 0;
	case 'j':
		a->json = true;
		return 0;
	case 'c':
		a->per_cpu = true;
		return 0;
	case 'h':
		cmd_usage(stdout, stat);
		return 1;
	default:
		cmd_usage(stderr, stat);
		return -EINVAL;
	}
}

/* Returns 0 to go on, 1 after --help, negative on a usage error. */
static int cmd_parse(int argc, char **argv, struct cmd_args *a, bool stat)
{
	static const struct option opts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "source", required_argument, NULL, 's' },
		{ "pair", required_argument, NULL, 'p' },
		{ "uprobe", required_argument, NULL, 'u' },
		{ "kprobe", required_argument, NULL, 'k' },
		{ "buffer-kb", required_argument, NULL, 'b' },
		{ "duration", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "perfetto", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "per-cpu", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = stat ? "stat" : "record";
	int c, ret;

	memset(a, 0, sizeof(*a));
	optind = 1;
	while ((c = getopt_long(argc, argv, "+e:s:p:u:k:b:d:o:fP:jch", opts, NULL)) != -1) {
		ret = cmd_opt(a, c, optarg, stat);
		if (ret)
			return ret;
	}
	if (optind < argc)
		a->argv = argv + optind;
	if (!a->argv && !a->dur_ns) {
		fprintf(stderr, "smmubench %s: give -d DURATION or -- COMMAND\n", cmd);
		return -EINVAL;
	}
	if (a->argv && a->dur_ns) {
		fprintf(stderr, "smmubench %s: -d and a COMMAND exclude each other\n", cmd);
		return -EINVAL;
	}
	if (!a->nr_events && !a->nr_sources && !a->nr_probes && !a->nr_pairs) {
		fprintf(stderr, "smmubench %s: nothing to trace: give -e SYSTEM:EVENT, "
			"-s SOURCE, -p PAIR or -u/-k probes\n", cmd);
		return -EINVAL;
	}
	return 0;
}

/* "812 ns", "12.3 us", "4.56 ms", "1.23 s" */
static const char *fmt_ns(char *buf, size_t len, uint64_t v)
{
	if (v < 1000)
		snprintf(buf, len, "%llu ns", (unsigned long long)v);
	else if (v < 1000000)
		snprintf(buf, len, "%.3g us", v / 1e3);
	else if (v < 1000000000)
		snprintf(buf, len, "%.3g ms", v / 1e6);
	else
		snprintf(buf, len, "%.3g s", v / 1e9);
	return buf;
}

static const char *fmt_val(char *buf, size_t len, uint64_t v, const char *unit)
{
	if (!strcmp(unit, "ns"))
		return fmt_ns(buf, len, v);
	snprintf(buf, len, "%llu %s", (unsigned long long)v, unit);
	return buf;
}

static void print_row(const char *name, const char *unit, const struct trace_hist *h,
		      uint64_t count, double secs, uint64_t lost, uint64_t unmatched)
{
	static const double pcts[] = { 50, 90, 99, 99.9 };
	char b[32];
	unsigned int i;

	printf("%-22s %9llu %10.1f/s", name, (unsigned long long)count,
	       secs > 0 ? count / secs : 0.0);
	if (h && trace_hist_count(h)) {
		printf(" %10s", fmt_val(b, sizeof(b), trace_hist_min(h), unit));
		for (i = 0; i < 4; i++)
			printf(" %10s", fmt_val(b, sizeof(b), trace_hist_percentile(h, pcts[i]), unit));
		printf(" %10s", fmt_val(b, sizeof(b), trace_hist_max(h), unit));
	} else {
		for (i = 0; i < 6; i++)
			printf(" %10s", "-");
	}
	printf(" %8llu %9llu\n", (unsigned long long)lost, (unsigned long long)unmatched);
}

/* The iommu:/dma: points inside one op's host ops, when any were traced. */
static void breakdown_marks_print(const struct trace_nest *n, enum trace_nest_op o)
{
	uint64_t io = trace_nest_marks(n, o, TRACE_NEST_MARK_IOMMU);
	uint64_t dma = trace_nest_marks(n, o, TRACE_NEST_MARK_DMA);

	if (!trace_nest_host_ops(n, o) || (!io && !dma))
		return;
	printf("# %s: %llu host op(s) hold %llu iommu point(s) (%llu bytes) and %llu dma "
	       "point(s); %llu without an iommu point, %llu without a dma point\n",
	       trace_nest_op_name(o), (unsigned long long)trace_nest_host_ops(n, o),
	       (unsigned long long)io, (unsigned long long)trace_nest_mark_bytes(n, o),
	       (unsigned long long)dma,
	       (unsigned long long)trace_nest_unmarked(n, o, TRACE_NEST_MARK_IOMMU),
	       (unsigned long long)trace_nest_unmarked(n, o, TRACE_NEST_MARK_DMA));
}

/* Where the host ops' time went (trace/nest.h), and what did not nest. */
static void breakdown_print(const struct trace_nest *n)
{
	char b[4][32];
	unsigned int o, p, r;
	uint64_t any = 0;

	for (o = 0; n && o < TRACE_NEST_NR_OPS; o++)
		any += trace_hist_count(trace_nest_hist(n, o, TRACE_NEST_TOTAL)) +
		       trace_nest_excluded(n, o);
	if (!any)
		return;
	printf("\n# host ops by nesting (EL1 / EL1->EL2 transition / EL2 / SMMU wait); clock "
	       "resolution %u ns; parts add up to the total within %llu ns\n",
	       trace_nest_res_ns(n), (unsigned long long)trace_nest_residual_ns(n));
	printf("%-8s %-11s %9s %10s %10s %14s %7s\n", "op", "part", "count", "p50", "p99", "sum",
	       "share");
	for (o = 0; o < TRACE_NEST_NR_OPS; o++) {
		uint64_t tot = trace_hist_sum(trace_nest_hist(n, o, TRACE_NEST_TOTAL));

		for (p = 0; p < TRACE_NEST_NR_PARTS; p++) {
			const struct trace_hist *h = trace_nest_hist(n, o, p);

			if (!trace_hist_count(h))
				continue;
			printf("%-8s %-11s %9llu %10s %10s %14s %6.1f%%\n", trace_nest_op_name(o),
			       trace_nest_part_name(p), (unsigned long long)trace_hist_count(h),
			       fmt_ns(b[0], sizeof(b[0]), trace_hist_percentile(h, 50)),
			       fmt_ns(b[1], sizeof(b[1]), trace_hist_percentile(h, 99)),
			       fmt_ns(b[2], sizeof(b[2]), trace_hist_sum(h)),
			       tot ? 100.0 * trace_hist_sum(h) / tot : 0.0);
		}
		if (trace_nest_excluded(n, o))
			printf("# WARNING: %llu %s op(s) left out: something in them did not nest\n",
			       (unsigned long long)trace_nest_excluded(n, o), trace_nest_op_name(o));
		breakdown_marks_print(n, o);
	}
	for (r = 0; r < TRACE_NEST_NR_REASONS; r++)
		if (trace_nest_unnested(n, r))
			printf("# did not nest: %s: %llu\n", trace_nest_reason_name(r),
			       (unsigned long long)trace_nest_unnested(n, r));
}

static void stat_print(struct trace_session *s, const struct cmd_args *a)
{
	double secs = trace_session_window_ns(s) / 1e9;
	const struct trace_op_stats *op;
	unsigned int i, c;
	char name[64];

	printf("# smmubench stat: window %.6f s%s, %u source(s)\n", secs,
	       trace_session_window_from_events(s) ? " (span of the events read)" : "",
	       trace_session_nr_sources(s));
	for (i = 0; i < trace_session_nr_sources(s); i++) {
		const struct trace_source_stats *ss = trace_session_source(s, i);

		printf("#   %-40s %u CPUs, %llu events, %llu bytes, %llu lost events",
		       ss->spec, ss->nr_cpus, (unsigned long long)ss->events,
		       (unsigned long long)ss->bytes, (unsigned long long)ss->lost);
		if (ss->lost) {
			printf(" (per CPU:");
			for (c = 0; c < ss->nr_cpus; c++)
				printf(" %llu", (unsigned long long)ss->lost_cpu[c]);
			printf(")");
		}
		printf("\n");
	}
	for (i = 0; i < trace_session_nr_missing(s); i++) {
		const char *spec;
		const struct trace_missing *m = trace_session_missing(s, i, &spec);

		printf("# NOT COLLECTED (%s): %s: %s\n", spec, m->item, m->reason);
	}
	if (trace_session_lost(s))
		printf("# WARNING: %llu events were lost; the figures below miss them\n",
		       (unsigned long long)trace_session_lost(s));
	for (i = 0; i < trace_session_nr_sources(s); i++) {
		const struct trace_source_stats *ss = trace_session_source(s, i);

		if (ss->bad_lines)
			printf("# WARNING: %s: %llu line(s) did not parse and are left out\n",
			       ss->spec, (unsigned long long)ss->bad_lines);
		if (ss->bad_pages)
			printf("# WARNING: %s: %llu page(s) were read only up to a bad entry (see "
			       "stderr); the events after it are missing\n", ss->spec,
			       (unsigned long long)ss->bad_pages);
		if (ss->cpus_not_read)
			printf("# WARNING: %s: %u per_cpu/cpuN dir(s) past cpu%d were not read; the "
			       "figures below miss their events\n", ss->spec, ss->cpus_not_read,
			       TRACE_MAX_CPUS - 1);
		if (ss->decode_interrupted)
			printf("# WARNING: decoding %s was interrupted after %llu events; the "
			       "figures below miss the rest of its data\n", ss->spec,
			       (unsigned long long)ss->events);
	}
	printf("# values: ns ops are latencies; pages/count ops are batch sizes; "
	       "events ops are counts only\n");
	printf("%-22s %9s %12s %10s %10s %10s %10s %10s %10s %8s %9s\n", "op", "count", "rate",
	       "min", "p50", "p90", "p99", "p99.9", "max", "lost", "unmatched");
	for (i = 0; i < trace_session_nr_ops(s); i++) {
		op = trace_session_op(s, i);
		print_row(op->name, op->unit, op->hist, op->count, secs, op->lost, op->unmatched);
		for (c = 0; a->per_cpu && op->hist && c < op->nr_cpus; c++) {
			if (!op->cpu_hist[c])
				continue;
			snprintf(name, sizeof(name), "  cpu%u", c);
			print_row(name, op->unit, op->cpu_hist[c], trace_hist_count(op->cpu_hist[c]),
				  secs, 0, 0);
		}
	}
	if (!trace_session_nr_ops(s))
		printf("# no events were recorded in the window\n");
	breakdown_print(trace_session_nest(s));
}

/*
 * A DIR that holds a recording (summary.json or raw/) is never written over
 * without --force: the run it holds would be lost, or its raw/ mixed with
 * ours. Checked before tracing, so a refusal costs nothing.
 */
static int out_dir_check(const char *out, bool force, const char *cmd)
{
	char path[PATH_MAX];
	bool summary, raw;

	snprintf(path, sizeof(path), "%s/summary.json", out);
	summary = !access(path, F_OK);
	snprintf(path, sizeof(path), "%s/raw", out);
	raw = !access(path, F_OK);
	if (!summary && !raw)
		return 0;
	if (!force) {
		fprintf(stderr, "smmubench %s: %s: holds a recording (%s); give --force to "
			"replace it, or another -o DIR\n", cmd, out,
			summary && raw ? "summary.json, raw/" : summary ? "summary.json" : "raw/");
		return -EEXIST;
	}
	return 0;
}

/* --force: the old recording goes whole, so none of its raw/ stays beside ours */
static int out_dir_clear(const char *out, const char *cmd)
{
	static const char *const parts[] = { "raw", "summary.json" };
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", out, parts[i]);
		ret = dir_remove_tree(path);
		if (ret) {
			fprintf(stderr, "smmubench %s: %s: %s\n", cmd, path, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* stat's output: summary.json with --json, else the table */
static void stat_output(struct trace_session *s, const struct cmd_args *a)
{
	struct json_object *j;

	if (!a->json) {
		stat_print(s, a);
		return;
	}
	if (!trace_session_summary_json(s, &j)) {
		printf("%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(j);
	}
}

/* --perfetto: the timeline from the recording just written, decoded as dump does */
static int cmd_perfetto(const char *out, const char *path, bool stat)
{
	struct trace_dump_opts d = { .dir = out, .perfetto = path, .out = stderr };

	if (trace_dump(&d))
		return 1;
	fprintf(stderr, "smmubench %s: %s written\n", stat ? "stat" : "record", path);
	return 0;
}

static int cmd_run(int argc, char **argv, bool stat)
{
	struct sigaction sa = { .sa_handler = cmd_on_signal }, old_int, old_term;
	struct cmd_args a;
	struct trace_opts o = { 0 };
	const char *out;
	int ret, status = 0, rc = 0;
	unsigned int i;

	ret = cmd_parse(argc, argv, &a, stat);
	if (ret)
		return ret > 0 ? 0 : 2;
	o.events = a.events;
	o.sources = a.nr_sources ? a.sources : NULL;
	o.pairs = a.pairs;
	o.probes = a.probes;
	o.buf_kb = a.buf_kb;
	out = a.out ? a.out : (stat ? NULL : "smmubench.data");
	if (out && out_dir_check(out, a.force, stat ? "stat" : "record"))
		return 1;

	/* no SA_RESTART: waitpid() and poll() must see the signal */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	cmd_session = trace_session_open(&o);
	if (!cmd_session) {
		rc = 1;
		goto out;
	}
	if (cmd_signalled) {
		rc = 130;
		goto out;
	}
	if (a.argv)
		ret = trace_session_run(cmd_session, a.argv, &status);
	else
		ret = trace_session_run_for(cmd_session, a.dur_ns);
	if (ret) {
		fprintf(stderr, "smmubench %s: collection failed: %s\n", stat ? "stat" : "record",
			strerror(-ret));
		rc = 1;
		goto out;
	}
	if (cmd_signalled)
		fprintf(stderr, "smmubench: interrupted; reporting the window so far\n");
	if (out) {
		ret = a.force ? out_dir_clear(out, stat ? "stat" : "record") : 0;
		if (!ret)
			ret = trace_session_write(cmd_session, out);
		if (ret)
			rc = 1;
		else if (!stat)
			fprintf(stderr, "smmubench record: %s/summary.json and %s/raw/ written "
				"(%llu lost events, %u asked item(s) not collected)\n", out, out,
				(unsigned long long)trace_session_lost(cmd_session),
				trace_session_nr_missing(cmd_session));
	}
	if (out && !rc && a.perfetto)
		rc = cmd_perfetto(out, a.perfetto, stat);
	if (stat)
		stat_output(cmd_session, &a);
	if (!rc && a.argv && WIFEXITED(status) && WEXITSTATUS(status))
		rc = WEXITSTATUS(status);
out:
	trace_session_free(cmd_session);
	cmd_session = NULL;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	for (i = 0; i < a.nr_probes; i++)
		free((char *)a.probes[i]);
	if (cmd_signalled && !rc)
		rc = 128 + cmd_signalled;
	return rc;
}

int bench_cmd_record(int argc, char **argv)
{
	return cmd_run(argc, argv, false);
}

int bench_cmd_stat(int argc, char **argv)
{
	return cmd_run(argc, argv, true);
}
