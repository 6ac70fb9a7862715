/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A report document: sections of text, tables and plots, written once as
 * HTML (plots beside it in plots/, loaded lazily) and once as Markdown
 * (the same tables, plots linked). Private to reports/.
 */
#ifndef REPORT_DOC_H
#define REPORT_DOC_H

#include <stdio.h>

struct report_table;
struct report_doc;

struct report_doc *report_doc_new(const char *title);
void report_doc_free(struct report_doc *doc);

/* Starts a new section; later items go into it. */
int report_doc_section(struct report_doc *doc, const char *title);
/* A paragraph; warn != 0 renders it as a red warning. */
int report_doc_text(struct report_doc *doc, int warn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A framed notice (the hardware/model banner). */
int report_doc_banner(struct report_doc *doc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A plot: image path relative to the report dir (plots/x.svg), its .gp script. */
int report_doc_plot(struct report_doc *doc, const char *img, const char *script,
		    const char *caption);

/* The plot drawn into img failed: it becomes a red warning carrying msg. */
int report_doc_plot_fail(struct report_doc *doc, const char *img, const char *msg);

/* A table with a caption and column headers; the doc owns it. */
struct report_table *report_doc_table(struct report_doc *doc, const char *caption,
				      unsigned int nr_cols, const char *const *headers);
/* Appends a row; then fill its cells. */
int report_table_row(struct report_table *t);
/* Sets cell col of the last row; warn != 0 = red. */
int report_table_cell(struct report_table *t, unsigned int col, int warn, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
unsigned int report_table_nr_rows(const struct report_table *t);

/* A table's parts, for writers outside this file (the paper's LaTeX). */
const char *report_table_caption(const struct report_table *t);
unsigned int report_table_nr_cols(const struct report_table *t);
const char *report_table_header(const struct report_table *t, unsigned int col);
/* The text of a cell ("" when unset) and its warn flag. */
const char *report_table_text(const struct report_table *t, unsigned int row, unsigned int col,
			      int *warn);

/*
 * Walks the doc in order: each callback (any may be NULL) gets arg; a
 * non-zero return stops the walk and is returned. text covers paragraphs
 * (warn set for red ones) and banners (banner set).
 */
struct report_doc_walker {
	int (*section)(void *arg, const char *title);
	int (*text)(void *arg, const char *text, int warn, int banner);
	int (*table)(void *arg, const struct report_table *t);
	int (*plot)(void *arg, const char *img, const char *script, const char *caption);
};
int report_doc_walk(const struct report_doc *doc, const struct report_doc_walker *w, void *arg);

/* index.html (each plot, which must exist under dir, as a lazy <img>) and report.md. */
int report_doc_write_html(const struct report_doc *doc, const char *dir, FILE *f);
int report_doc_write_md(const struct report_doc *doc, FILE *f);

#endif
