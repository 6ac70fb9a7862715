// SPDX-License-Identifier: GPL-2.0
/* smmubench report: HTML (self-contained) and Markdown report from run directories. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run_model.h"
#include "sections/sections.h"
#include "report_doc.h"
#include "report_plot.h"
#include "report_util.h"
#include "reports.h"
#include "trace.h"

static void report_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench report [-o DIR] RUNDIR...\n"
		"\n"
		"Write DIR/index.html (self-contained: plots embedded as SVG) and DIR/report.md\n"
		"(the same tables, plots linked) from one or more run directories, e.g. one\n"
		"per design. Plots are drawn by gnuplot; each DIR/plots/<name>.svg has its\n"
		"<name>.gp script and .dat data beside it (cd DIR/plots && gnuplot <name>.gp).\n"
		"\n"
		"Sections: setup (which numbers are hardware, which are model output),\n"
		"lost events and errors, per-op latency (count, rate, min, p50, p90, p99,\n"
		"p99.9, max; CDF and histogram plots), the dmabench grid, per-workload KPIs\n"
		"with IOPS bars (95%% intervals), cost per IO by component, batching sweeps.\n"
		"\n"
		"  -o, --output DIR  report directory (default: report); created if missing;\n"
		"                    never a run directory or inside one (runs are not rewritten)\n"
		"  -h, --help        this text\n");
}

/* Write via a temporary name so a reader never opens half a report. */
static int doc_write(const struct report_doc *doc, const char *dir, const char *file, int html)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, file);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	ret = html ? report_doc_write_html(doc, dir, f) : report_doc_write_md(doc, f);
	if (fclose(f) == EOF && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

static int report_build(struct report_ctx *ctx)
{
	size_t i;
	int ret;

	ret = report_sections_check();
	if (ret)
		return ret;
	if (!ctx->plots.have_gnuplot) {
		report_doc_section(ctx->doc, "");
		report_doc_text(ctx->doc, 1, "gnuplot not found: this report has tables only "
				"('make deps' installs gnuplot-nox)");
	}
	for (i = 0; i < report_nr_sections; i++) {
		ret = report_sections[i].build(ctx);
		if (ret)
			return ret;
	}
	report_plot_queue_draw(&ctx->plots);
	return 0;
}

int report_cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_rundata **runs = NULL;
	struct report_ctx ctx = { 0 };
	const char *out = "report";
	char err[1024], title[1024] = "smmubench report:";
	int c, i, nr = 0, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			report_usage(stdout);
			return 0;
		default:
			report_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "smmubench report: no run directory given\n");
		report_usage(stderr);
		return 2;
	}
	if (report_path_in_run(out, err, sizeof(err))) {
		fprintf(stderr, "smmubench report: -o %s: %s is a run directory and runs are never "
			"rewritten; write the report beside it (-o DIR outside any run)\n", out, err);
		return 2;
	}
	runs = calloc(argc - optind, sizeof(*runs));
	if (!runs)
		return 1;
	for (i = optind; i < argc; i++) {
		err[0] = '\0';
		runs[nr] = report_rundata_load(argv[i], err, sizeof(err));
		if (!runs[nr]) {
			fprintf(stderr, "smmubench report: %s\n", err[0] ? err : strerror(errno));
			goto out;
		}
		report_rundata_warnings_print(runs[nr], stderr, "smmubench report: warning: ");
		if (runs[nr]->status != REPORT_RUN_COMPLETE)
			fprintf(stderr, "smmubench report: warning: %s is %s; the report says so\n",
				argv[i], report_run_status_name(runs[nr]->status));
		snprintf(title + strlen(title), sizeof(title) - strlen(title), " %s",
			 runs[nr]->name);
		nr++;
	}
	snprintf(ctx.plots.dir, sizeof(ctx.plots.dir), "%s/plots", out);
	ret = trace_mkdir_p(ctx.plots.dir);
	if (ret) {
		fprintf(stderr, "smmubench report: %s: %s\n", ctx.plots.dir, strerror(-ret));
		ret = 1;
		goto out;
	}
	ret = 1;
	ctx.plots.have_gnuplot = report_plot_available();
	ctx.doc = report_doc_new(title);
	ctx.plots.doc = ctx.doc;
	if (!ctx.doc || report_ctx_init(&ctx, runs, nr) || report_build(&ctx)) {
		fprintf(stderr, "smmubench report: out of memory building the report\n");
		goto out;
	}
	c = doc_write(ctx.doc, out, "index.html", 1);
	if (!c)
		c = doc_write(ctx.doc, out, "report.md", 0);
	if (c) {
		fprintf(stderr, "smmubench report: writing %s: %s\n", out, strerror(-c));
		goto out;
	}
	if (!ctx.plots.have_gnuplot)
		fprintf(stderr, "smmubench report: warning: gnuplot not found: no plots\n");
	if (ctx.plots.nr_errors)
		fprintf(stderr, "smmubench report: warning: %u plots failed (see the report)\n",
			ctx.plots.nr_errors);
	printf("# smmubench report: %d run%s, %u plots\n%s/index.html\n%s/report.md\n", nr,
	       nr == 1 ? "" : "s", ctx.plots.nr_images, out, out);
	ret = 0;
out:
	report_ctx_release(&ctx);
	report_doc_free(ctx.doc);
	for (i = 0; i < nr; i++)
		report_rundata_free(runs[i]);
	free(runs);
	return ret;
}
