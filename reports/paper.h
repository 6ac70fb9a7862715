/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The paper output of `smmubench report --paper DIR` (reports/paper*.c):
 * every plot of the report again as PDF (pdfcairo, the paper's size, a
 * palette kept apart by dash patterns in greyscale and for colour-blind
 * readers), every table as a booktabs tabular, each figure's data as CSV,
 * and paper.tex, a document that \input's every table and includes every
 * figure. Private to reports/.
 */
#ifndef REPORT_PAPER_H
#define REPORT_PAPER_H

#include <stddef.h>
#include <stdio.h>

struct report_ctx;
struct report_table;
struct report_plot_style;

/* The plot style of a figure one column wide (dbl 0) or the full text width (1). */
const struct report_plot_style *report_paper_plot_style(int dbl);

/* t as a booktabs tabular (units in the header, marks as notes); 0 or -errno. */
int report_paper_table_write(const struct report_table *t, FILE *f);

/* The figure data dat_path (a report .dat) as CSV into csv_path; 0 or -errno. */
int report_paper_csv_write(const char *dat_path, const char *csv_path);

/*
 * After the sections and their plots (into dir/figures): dir/tables/tNN.tex,
 * dir/figures/<data>.csv, dir/methods.{md,tex,json}, dir/items.txt (the id
 * and caption of every table and figure: "tab:<caption>", "fig:<plot name
 * without its number>") and dir/paper.tex from ctx->doc: everything in the
 * report's order, or (nr_select > 0) only the tables and figures whose id
 * matches a glob of select[] (fnmatch), in the order of select[], each
 * once. *nr_tables and *nr_figures get the counts. 0 or -errno.
 */
int report_paper_write(struct report_ctx *ctx, const char *dir, const char *const *select,
		       size_t nr_select, unsigned int *nr_tables, unsigned int *nr_figures);

#endif
