// SPDX-License-Identifier: GPL-2.0
/*
 * The paper's figure style: gnuplot's pdfcairo at a column's width or the
 * full text width, in Latin Modern (the font of LaTeX's default; fontconfig
 * falls back to a serif font where it is missing), and a fixed palette:
 * the Okabe-Ito colours (Okabe & Ito, "Color Universal Design", 2008),
 * which colour-blind readers tell apart, each with its own dash pattern
 * and point type so that lines stay apart in greyscale too; bars get fill
 * patterns (report_plot.h: print).
 */
#include "paper.h"
#include "report_plot.h"

#define PAPER_PALETTE \
	"set linetype 1 lc rgb '#000000' dt 1 lw 1.5 pt 7 ps 0.5\n" \
	"set linetype 2 lc rgb '#E69F00' dt 2 lw 1.5 pt 5 ps 0.5\n" \
	"set linetype 3 lc rgb '#0072B2' dt 3 lw 1.5 pt 9 ps 0.5\n" \
	"set linetype 4 lc rgb '#D55E00' dt 4 lw 1.5 pt 11 ps 0.5\n" \
	"set linetype 5 lc rgb '#009E73' dt 5 lw 1.5 pt 13 ps 0.5\n" \
	"set linetype 6 lc rgb '#CC79A7' dt (12,4,2,4,2,4) lw 1.5 pt 4 ps 0.5\n" \
	"set linetype 7 lc rgb '#56B4E9' dt (2,3,8,3) lw 1.5 pt 6 ps 0.5\n" \
	"set linetype 8 lc rgb '#F0E442' dt (16,4) lw 1.5 pt 8 ps 0.5\n" \
	"set linetype cycle 8\n" \
	"set key samplen 3 spacing 1.1\n" \
	"set border lw 0.8\n"

/* 3.3 in: the column of two-column ACM and IEEE layouts; 7 in: their text width */
static const struct report_plot_style paper_styles[2] = {
	{
		.terminal = "set terminal pdfcairo size 3.3in,2.2in noenhanced "
			    "font 'Latin Modern Roman,8' linewidth 1 dashlength 1",
		.ext = "pdf",
		.preamble = PAPER_PALETTE,
		.print = 1,
	},
	{
		.terminal = "set terminal pdfcairo size 7in,2.8in noenhanced "
			    "font 'Latin Modern Roman,9' linewidth 1 dashlength 1",
		.ext = "pdf",
		.preamble = PAPER_PALETTE,
		.print = 1,
	},
};

const struct report_plot_style *report_paper_plot_style(int dbl)
{
	return &paper_styles[!!dbl];
}
