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
#include <fnmatch.h>
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

/*
 * One walk over the doc. Listing (list set): every table and figure's id
 * and caption into items.txt. Writing: everything in order (spec NULL), or
 * only the tables and figures whose id matches spec and were not written
 * by an earlier spec (emitted[], by their index in the doc).
 */
struct paper_walk {
	const char *dir;
	FILE *tex, *list;
	const char *spec;
	unsigned char *emitted;
	size_t idx, nr_items;
	int banners;		/* this walk writes the banners (the first) */
	unsigned int nr_tables, nr_figures;
	int err;
};

/* "tab:<caption>" or "fig:<plot name without its pNN- number>" */
static void item_id(char *buf, size_t len, const char *img, const char *caption)
{
	const char *base;

	if (!img) {
		fmt_buf(buf, len, "tab:%s", caption);
		return;
	}
	base = strrchr(img, '/') ? strrchr(img, '/') + 1 : img;
	if (base[0] == 'p' && strchr(base, '-'))
		base = strchr(base, '-') + 1;
	fmt_buf(buf, len, "fig:%.*s", (int)strcspn(base, "."), base);
}

/* s on one line of items.txt: control bytes (TAB, LF) as blanks */
static void line_put(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
}

/*
 * Whether this table or figure is written now (and marks it written);
 * while listing, lists it and says no.
 */
static int item_take(struct paper_walk *w, const char *img, const char *caption)
{
	char id[1024];
	size_t i = w->idx++;

	item_id(id, sizeof(id), img, caption);
	if (w->list) {
		line_put(w->list, id);
		fputc('\t', w->list);
		line_put(w->list, caption);
		fputc('\n', w->list);
		w->nr_items++;
		return 0;
	}
	if (!w->spec)
		return 1;
	if (i >= w->nr_items || w->emitted[i] || fnmatch(w->spec, id, 0))
		return 0;
	w->emitted[i] = 1;
	return 1;
}

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

	if (!title[0] || w->list || w->spec)
		return 0;
	fputs("\n\\section*{", w->tex);
	esc_latex_puts(w->tex, title);
	fputs("}\n", w->tex);
	return 0;
}

static int walk_text(void *arg, const char *text, int warn, int banner)
{
	struct paper_walk *w = arg;

	if (w->list || (w->spec && !banner))
		return 0;
	if (w->spec && (w->idx || !w->banners))
		return 0;	/* a selection keeps the banners before the first item, once */
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

	if (!item_take(w, NULL, report_table_caption(t)))
		return 0;
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

	if (!item_take(w, img, caption))
		return 0;
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

static const struct report_doc_walker paper_walker = {
	.section = walk_section,
	.text = walk_text,
	.table = walk_table,
	.plot = walk_plot,
};

/* items.txt (every id and caption), then the body: all, or spec by spec. */
static int paper_body(struct report_ctx *ctx, struct paper_walk *w,
		      const char *const *select, size_t nr_select)
{
	char path[PATH_MAX];
	size_t i;
	int ret;

	snprintf(path, sizeof(path), "%s/items.txt", w->dir);
	w->list = fopen(path, "w");
	if (!w->list)
		return -errno;
	ret = report_doc_walk(ctx->doc, &paper_walker, w);
	if (fclose(w->list) == EOF && !ret)
		ret = -errno;
	w->list = NULL;
	w->emitted = calloc(w->nr_items + 1, 1);
	if (ret || !w->emitted)
		return ret ? ret : -ENOMEM;
	for (i = 0; !ret && i < (nr_select ? nr_select : 1); i++) {
		unsigned int before = w->nr_tables + w->nr_figures;

		w->spec = nr_select ? select[i] : NULL;
		w->idx = 0;
		w->banners = !i;
		ret = report_doc_walk(ctx->doc, &paper_walker, w);
		if (!ret && w->spec && before == w->nr_tables + w->nr_figures)
			fprintf(stderr, "smmubench report: warning: --select '%s' matches no table "
				"or figure (their ids: %s/items.txt)\n", w->spec, w->dir);
	}
	free(w->emitted);
	return ret;
}

int report_paper_write(struct report_ctx *ctx, const char *dir, const char *const *select,
		       size_t nr_select, unsigned int *nr_tables, unsigned int *nr_figures)
{
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
		ret = paper_body(ctx, &w, select, nr_select);
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
