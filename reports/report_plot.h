/* SPDX-License-Identifier: GPL-2.0 */
/* gnuplot driver: .dat + .gp written beside the image so users can restyle. */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* 1 when a gnuplot binary runs here. */
int report_plot_available(void);

/* Open <dir>/<name>.dat for writing. */
FILE *report_plot_dat_open(const char *dir, const char *name);

/*
 * Write <dir>/<name>.gp: "reset", an SVG terminal writing <name>.svg,
 * noenhanced text, then body. Data files are named relative to dir.
 */
int report_plot_script_write(const char *dir, const char *name, const char *body);

/*
 * Run gnuplot once in dir on the scripts of names[] (each starts with
 * "reset", so one process draws them all: gnuplot's start-up dominates).
 * Then every <name>.svg must be non-empty; a script that failed is rerun
 * alone to get its error into err. Returns the number of failed plots;
 * failed[i] is set for each.
 */
int report_plot_run(const char *dir, const char *const *names, size_t nr, int *failed,
		    char *err, size_t errlen);

/* A plot title/label safe inside gnuplot double quotes. */
void report_plot_quote(char *dst, size_t len, const char *src);

#endif
