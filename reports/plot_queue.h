/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plot queue of a report or dashboard: plot names handed out in order,
 * scripts written and added to the doc at once, then every queued plot
 * drawn by one gnuplot; a plot that fails becomes a red warning in the doc.
 * Private to reports/.
 */
#ifndef REPORT_PLOT_QUEUE_H
#define REPORT_PLOT_QUEUE_H

#include <limits.h>
#include <stddef.h>

struct report_doc;
struct report_plot_style;

struct report_plot_queue {
	char dir[PATH_MAX];		/* <output>/plots: scripts, data and images */
	int have_gnuplot;		/* 0: no script is written, the doc has tables only */
	const struct report_plot_style *style;	/* NULL: SVG (report_plot.h) */
	struct report_doc *doc;		/* where plots and their failures go */
	unsigned int nr_names;		/* names handed out */
	unsigned int nr_images;		/* plots drawn */
	unsigned int nr_errors;		/* plots that failed */
	char **pending;			/* plot names written, not yet drawn */
	size_t nr_pending;
};

/* A file-name-safe stem for plot files: "p07-cdf-dmabench_granule_1". */
void report_plot_queue_name(struct report_plot_queue *q, char *dst, size_t len,
			    const char *kind, const char *what);
/* Write the plot's script and add it to the doc; drawn by report_plot_queue_draw(). */
void report_plot_queue_add(struct report_plot_queue *q, const char *name, const char *body,
			   const char *caption);
/* Draw every pending plot with one gnuplot; failed ones become red warnings. */
void report_plot_queue_draw(struct report_plot_queue *q);
/* Frees what is still pending (the doc is the caller's). */
void report_plot_queue_release(struct report_plot_queue *q);

#endif
