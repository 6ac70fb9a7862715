/* SPDX-License-Identifier: GPL-2.0 */
/* gnuplot driver: .dat + .gp written beside the image so users can restyle. */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* The report's SVG size in px: the terminal's, and the HTML <img>'s (no reflow). */
#define REPORT_PLOT_SVG_W 900
#define REPORT_PLOT_SVG_H 480
#define REPORT_PLOT_STR_(x) #x
#define REPORT_PLOT_STR(x) REPORT_PLOT_STR_(x)

/* 1 when a gnuplot binary runs here. */
int report_plot_available(void);

/* Open <dir>/<name>.dat for writing. */
FILE *report_plot_dat_open(const char *dir, const char *name);

/*
 * Write <dir>/<name>.gp: "reset", an SVG terminal writing <name>.svg,
 * noenhanced text, then body. Data files are named relative to dir. name
 * is a plot name from report_ctx_plot_name() ([A-Za-z0-9_-] only); every
 * other string in body is a gnuplot string from esc_gnuplot_puts() or
 * report_plot_set().
 */
int report_plot_script_write(const char *dir, const char *name, const char *body);

/*
 * Another terminal for the same scripts (the paper's PDF): the terminal
 * line, the image extension, lines set after the terminal (the palette),
 * and whether the body is adapted for print: its "set title" lines are
 * dropped (the caption carries the title) and solid fills become patterns
 * (bars stay apart in greyscale). NULL everywhere means the report's SVG.
 */
struct report_plot_style {
	const char *terminal;	/* "set terminal pdfcairo ..." */
	const char *ext;	/* "pdf" */
	const char *preamble;	/* NULL or lines ending in '\n' */
	int print;
};

/* report_plot_script_write() with style (NULL: the SVG one). */
int report_plot_script_write_style(const char *dir, const char *name,
				   const struct report_plot_style *style, const char *body);

/*
 * Run gnuplot once in dir on the scripts of names[] (each starts with
 * "reset", so one process draws them all: gnuplot's start-up dominates).
 * Then every <name>.svg must be non-empty; a script that failed is rerun
 * alone to get its error into err. Returns the number of failed plots;
 * failed[i] is set for each.
 */
int report_plot_run(const char *dir, const char *const *names, size_t nr, int *failed,
		    char *err, size_t errlen);
/* The same for images <name>.<ext> ("svg", "pdf"). */
int report_plot_run_ext(const char *dir, const char *const *names, size_t nr, const char *ext,
			int *failed, char *err, size_t errlen);

/*
 * "set <what> '<text>'\n": text from fmt, written as one gnuplot string
 * by esc_gnuplot_puts() (escape.h), so that whatever the text holds stays
 * text. what is a constant of the caller ("title", "xlabel").
 */
void report_plot_set(FILE *f, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
