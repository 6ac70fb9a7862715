/* SPDX-License-Identifier: GPL-2.0 */
/* gnuplot driver: .dat + .gp written beside the image so users can restyle. */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stdio.h>

/* 1 when a gnuplot binary runs here. */
int report_plot_available(void);

/* Open <dir>/<name>.dat for writing. */
FILE *report_plot_dat_open(const char *dir, const char *name);

/*
 * Write <dir>/<name>.gp (an SVG terminal preamble, noenhanced text, then
 * body) and run gnuplot in dir; <dir>/<name>.svg must come out non-empty.
 * On failure err gets gnuplot's first error line.
 */
int report_plot_render(const char *dir, const char *name, const char *body, char *err,
		       size_t errlen);

/* A plot title/label safe inside gnuplot double quotes. */
void report_plot_quote(char *dst, size_t len, const char *src);

#endif
