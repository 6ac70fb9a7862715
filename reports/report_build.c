// SPDX-License-Identifier: GPL-2.0
/*
 * The report builder: HTML (lazily loaded plots) and Markdown from run
 * directories, section by section (reports/sections/). The command line
 * is bench/cmd_report.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "paper.h"
#include "run_model.h"
#include "sections/sections.h"
#include "report_doc.h"
#include "report_plot.h"
#include "units.h"
#include "reports.h"
#include "trace.h"

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

/* Every section of report_sections[] in order, then the queued plots. */
static int sections_build(struct report_ctx *ctx)
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

/* Load every run (warnings on stderr); 0 or 1 after a message. */
static int runs_load(const struct report_opts *o, struct report_rundata **runs, size_t *nr,
		     char *title, size_t title_len)
{
	char err[1024];
	size_t i;

	for (i = 0; i < o->nr_run_dirs; i++) {
		err[0] = '\0';
		runs[*nr] = report_rundata_load(o->run_dirs[i], err, sizeof(err));
		if (!runs[*nr]) {
			fprintf(stderr, "smmubench report: %s\n", err[0] ? err : strerror(errno));
			return 1;
		}
		report_rundata_warnings_print(runs[*nr], stderr, "smmubench report: warning: ");
		if (runs[*nr]->status != REPORT_RUN_COMPLETE)
			fprintf(stderr, "smmubench report: warning: %s is %s; the report says so\n",
				o->run_dirs[i], report_run_status_name(runs[*nr]->status));
		snprintf(title + strlen(title), title_len - strlen(title), " %s", runs[*nr]->name);
		(*nr)++;
	}
	return 0;
}

/* The paper instead of index.html and report.md (reports/paper.h). */
static int paper_write(struct report_ctx *ctx, const char *out, const struct report_opts *o)
{
	unsigned int nr_tables = 0, nr_figures = 0;
	int ret = report_paper_write(ctx, out, o->paper_select, o->nr_paper_select, &nr_tables,
				     &nr_figures);

	if (ret) {
		fprintf(stderr, "smmubench report: writing the paper into %s: %s\n", out,
			strerror(-ret));
		return 1;
	}
	printf("# smmubench report --paper: %u tables, %u figures\n%s/paper.tex\n", nr_tables,
	       nr_figures, out);
	return 0;
}

/* Build the doc of ctx's runs and write it into out; 0 or 1 after a message. */
static int report_write(struct report_ctx *ctx, struct report_rundata **runs, size_t nr,
			const char *out, const char *title, const struct report_opts *o)
{
	int ret;

	snprintf(ctx->plots.dir, sizeof(ctx->plots.dir), "%s/%s", out,
		 o->paper ? "figures" : "plots");
	if (o->paper)
		ctx->plots.style = report_paper_plot_style(o->paper_double);
	ret = dir_make_p(ctx->plots.dir);
	if (ret) {
		fprintf(stderr, "smmubench report: %s: %s\n", ctx->plots.dir, strerror(-ret));
		return 1;
	}
	ctx->plots.have_gnuplot = report_plot_available();
	ctx->doc = report_doc_new(title);
	ctx->plots.doc = ctx->doc;
	if (!ctx->doc || report_ctx_init(ctx, runs, nr) || sections_build(ctx)) {
		fprintf(stderr, "smmubench report: out of memory building the report\n");
		return 1;
	}
	if (o->paper)
		return paper_write(ctx, out, o);
	ret = doc_write(ctx->doc, out, "index.html", 1);
	if (!ret)
		ret = doc_write(ctx->doc, out, "report.md", 0);
	if (ret) {
		fprintf(stderr, "smmubench report: writing %s: %s\n", out, strerror(-ret));
		return 1;
	}
	return 0;
}

int report_build(const struct report_opts *o)
{
	const char *out = o->paper ? o->paper : o->output ? o->output : "report";
	struct report_rundata **runs;
	struct report_ctx ctx = { 0 };
	char err[1024], title[1024] = "smmubench report:";
	size_t i, nr = 0;
	int ret;

	if (report_path_in_run(out, err, sizeof(err))) {
		fprintf(stderr, "smmubench report: %s %s: %s is a run directory and runs are never "
			"rewritten; write the report beside it (-o DIR outside any run)\n",
			o->paper ? "--paper" : "-o", out, err);
		return 2;
	}
	runs = calloc(o->nr_run_dirs ? o->nr_run_dirs : 1, sizeof(*runs));
	if (!runs)
		return 1;
	ret = runs_load(o, runs, &nr, title, sizeof(title));
	if (!ret)
		ret = report_write(&ctx, runs, nr, out, title, o);
	if (!ret) {
		if (!ctx.plots.have_gnuplot)
			fprintf(stderr, "smmubench report: warning: gnuplot not found: no plots\n");
		if (ctx.plots.nr_errors)
			fprintf(stderr, "smmubench report: warning: %u plots failed (see the report)\n",
				ctx.plots.nr_errors);
		if (!o->paper)
			printf("# smmubench report: %zu run%s, %u plots\n%s/index.html\n"
			       "%s/report.md\n", nr, nr == 1 ? "" : "s", ctx.plots.nr_images, out, out);
	}
	report_ctx_release(&ctx);
	report_doc_free(ctx.doc);
	for (i = 0; i < nr; i++)
		report_rundata_free(runs[i]);
	free(runs);
	return ret;
}
