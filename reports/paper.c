// SPDX-License-Identifier: GPL-2.0
/*
 * `smmubench report --paper DIR`: the report's doc written for a paper.
 * The sections drew their plots as PDF into DIR/figures (the paper style,
 * paper_style.c); this walks the doc and writes each table as
 * DIR/tables/tNN.tex (paper_table.c), each figure's data as CSV beside it
 * (paper_csv.c) and DIR/paper.tex, a document that \input's every table
 * and includes every figure in the report's order, with its text: the
 * banner saying which numbers are model output stays in.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "methods.h"
#include "paper.h"
#include "report_doc.h"
#include "run_model.h"

struct paper_walk {
	const char *dir;
	FILE *tex;
	unsigned int nr_tables, nr_figures;
	int err;
};

static const char paper_preamble[] =
	"% smmubench paper: every table and figure of the report, in its order\n"
	"% (smmubench report --paper). Tables: tables/tNN.tex (booktabs tabulars);\n"
	"% figures: figures/*.pdf with their gnuplot scripts and data (.csv) beside.\n"
	"\\documentclass[10pt]{article}\n"
	"\\usepackage[T1]{fontenc}\n"
	"\\usepackage[utf8]{inputenc}\n"
	"\\usepackage{lmodern}\n"
	"\\usepackage{graphicx}\n"
	"\\usepackage{booktabs}\n"
	"\\setlength{\\textwidth}{7in}\n"
	"\\setlength{\\oddsidemargin}{-0.25in}\n"
	"\\setlength{\\evensidemargin}{-0.25in}\n"
	"\\setlength{\\textheight}{9in}\n"
	"\\setlength{\\topmargin}{-0.5in}\n"
	"\\setlength{\\parindent}{0pt}\n"
	"\\setlength{\\parskip}{4pt}\n"
	"% a table wider than the text is scaled to its width\n"
	"\\newsavebox{\\smmubenchbox}\n"
	"\\newcommand{\\smmubenchtable}[1]{\\sbox{\\smmubenchbox}{\\small\\input{#1}}%\n"
	"  \\ifdim\\wd\\smmubenchbox>\\linewidth\\resizebox{\\linewidth}{!}"
	"{\\usebox{\\smmubenchbox}}%\n"
	"  \\else\\usebox{\\smmubenchbox}\\fi}\n"
	"\\begin{document}\n";

static int walk_section(void *arg, const char *title)
{
	struct paper_walk *w = arg;

	if (!title[0])
		return 0;
	fputs("\n\\section*{", w->tex);
	esc_latex_puts(w->tex, title);
	fputs("}\n", w->tex);
	return 0;
}

static int walk_text(void *arg, const char *text, int warn, int banner)
{
	struct paper_walk *w = arg;

	if (banner)
		fputs("\\noindent\\fbox{\\parbox{\\dimexpr\\linewidth-2\\fboxsep-2\\fboxrule}{", w->tex);
	else if (warn)
		fputs("\\textbf{Warning: ", w->tex);
	esc_latex_puts(w->tex, text);
	fputs(banner ? "}}\\par\n" : warn ? "}\\par\n" : "\\par\n", w->tex);
	return 0;
}

static int walk_table(void *arg, const struct report_table *t)
{
	struct paper_walk *w = arg;
	char path[PATH_MAX], name[32];
	FILE *f;
	int ret;

	snprintf(name, sizeof(name), "t%02u.tex", ++w->nr_tables);
	snprintf(path, sizeof(path), "%s/tables/%s", w->dir, name);
	f = fopen(path, "w");
	if (!f)
		return w->err = -errno;
	ret = report_paper_table_write(t, f);
	if (fclose(f) == EOF && !ret)
		ret = -errno;
	if (ret)
		return w->err = ret;
	fprintf(w->tex, "\n\\begin{center}\n\\textbf{Table %u.} ", w->nr_tables);
	esc_latex_puts(w->tex, report_table_caption(t));
	fprintf(w->tex, "\\\\[3pt]\n\\smmubenchtable{tables/%s}\n\\end{center}\n", name);
	return 0;
}

/*
 * The .dat files a figure's script reads ('<name>.dat'), each as
 * <name>.csv beside it; their names listed into tex. The scripts are the
 * report's own: a data file name is a plot name, [A-Za-z0-9_-] only.
 */
static int figure_csv(struct paper_walk *w, const char *script)
{
	char gp[PATH_MAX], dat[PATH_MAX], csv[PATH_MAX], seen[1024] = "", *text, *p, *q;
	int ret = 0, n = 0;
	struct stat st;

	snprintf(gp, sizeof(gp), "%s/%s", w->dir, script);
	text = file_read_text(gp, NULL);
	if (!text)
		return -errno;
	for (p = text; !ret && (q = strstr(p, ".dat'")); p = q + 5) {
		char *s = q;

		/* a plot name: anything else (a quoted title) is not a data file */
		while (s > p && (str_isalnum(s[-1]) || s[-1] == '-' || s[-1] == '_'))
			s--;
		if (s == q || s == text || s[-1] != '\'' || (s - 1 > text && s[-2] == '\''))
			continue;
		snprintf(dat, sizeof(dat), "%s/figures/%.*s.dat", w->dir, (int)(q - s), s);
		snprintf(csv, sizeof(csv), "%s/figures/%.*s.csv", w->dir, (int)(q - s), s);
		if (strstr(seen, strrchr(csv, '/')))
			continue;	/* one series of a figure reads a .dat another read */
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s", strrchr(csv, '/'));
		if (stat(csv, &st))
			ret = report_paper_csv_write(dat, csv);
		fprintf(w->tex, "%s\\texttt{", n++ ? ", " : " (data: ");
		esc_latex_puts(w->tex, strrchr(csv, '/') + 1);
		fputs("}", w->tex);
	}
	if (n)
		fputs(")", w->tex);
	free(text);
	return ret;
}

static int walk_plot(void *arg, const char *img, const char *script, const char *caption)
{
	struct paper_walk *w = arg;
	int ret;

	w->nr_figures++;
	/* a file name, not text: figures/<plot name>.pdf, [A-Za-z0-9_-] (plot_queue.h) */
	fprintf(w->tex, "\n\\begin{center}\n\\includegraphics{%s}\\\\[2pt]\n"
		"{\\small \\textbf{Figure %u.} ", img, w->nr_figures);
	esc_latex_puts(w->tex, caption);
	ret = figure_csv(w, script);
	fputs("}\n\\end{center}\n", w->tex);
	if (ret)
		w->err = ret;
	return ret;
}

int report_paper_write(struct report_ctx *ctx, const char *dir, unsigned int *nr_tables, unsigned int *nr_figures)
{
	static const struct report_doc_walker walker = {
		.section = walk_section,
		.text = walk_text,
		.table = walk_table,
		.plot = walk_plot,
	};
	struct paper_walk w = { .dir = dir };
	char path[PATH_MAX], tmp[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/tables", dir);
	ret = dir_make_p(path);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/paper.tex", dir);
	snprintf(tmp, sizeof(tmp), "%s/.paper.tex.tmp", dir);
	w.tex = fopen(tmp, "w");
	if (!w.tex)
		return -errno;
	fputs(paper_preamble, w.tex);
	fputs("\\section*{Methods}\n\\input{methods.tex}\n", w.tex);
	ret = report_methods_write(dir, ctx->runs, ctx->nr_runs);
	if (!ret)
		ret = report_doc_walk(ctx->doc, &walker, &w);
	fputs("\n\\end{document}\n", w.tex);
	if (!ret && ferror(w.tex))
		ret = -EIO;
	if (fclose(w.tex) == EOF && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		remove(tmp);
	*nr_tables = w.nr_tables;
	*nr_figures = w.nr_figures;
	return ret;
}
