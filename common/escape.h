/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Escaping at the boundary: one function per output language. Every string
 * that comes from outside (a run directory, results.db, a format file, a
 * trace record) and goes into a gnuplot script, a gnuplot data file, HTML,
 * Markdown or CSV passes through the function of that language, and
 * nothing else does the job.
 *
 * Each writes s to f like fputs() and returns 0, or -EIO when f has an
 * error. Bytes that are not well-formed UTF-8 (Unicode 15, table 3-7) are
 * written as U+FFFD, one per byte, in every language: all of these files
 * are read as UTF-8 (<meta charset="utf-8">, gnuplot's SVG, CSV readers).
 * A NULL s writes what "" writes.
 *
 * Part of common/ (common.h includes it): dump --csv in trace/ and the
 * reports in reports/ write through the same functions.
 */
#ifndef COMMON_ESCAPE_H
#define COMMON_ESCAPE_H

#include <stdio.h>

/*
 * A whole gnuplot string constant, quotes included: 'it''s'. gnuplot does
 * no backquote substitution and no @macro expansion inside single quotes
 * (gnuplot 5.4 help: substitution backquotes, macros), and no backslash
 * processing either. Backquotes still become ' so that the text stays
 * inert if someone moves it into double quotes; TAB, CR and LF become a
 * space (a line break would end the command), other control bytes U+FFFD.
 */
int esc_gnuplot_puts(FILE *f, const char *s);

/*
 * A string column of a gnuplot data file (for xtic() or a "# comment"
 * line), quotes included: "a b". gnuplot 5.4 ends a quoted column at the
 * next " whatever precedes it, so " becomes '; it then reads backslash
 * escapes in the column as in a double-quoted string ("\377" is a byte),
 * so \ is doubled. TAB, CR and LF become a space (a line break starts a
 * new record), other control bytes U+FFFD.
 */
int esc_gnuplot_data_puts(FILE *f, const char *s);

/*
 * HTML text or a quoted attribute value: & < > " ' as character
 * references (HTML Living Standard, "Character references"); control
 * characters other than TAB, LF and CR become U+FFFD (a parse error,
 * "Preprocessing the input stream", and not allowed in XML either).
 */
int esc_html_puts(FILE *f, const char *s);

/*
 * Markdown inline text (a paragraph, a heading, a table cell): \ ` * [ ]
 * and | are backslash-escaped (CommonMark 0.30, 2.4 "Backslash escapes";
 * GFM tables for |), & < > become character references so that no raw
 * HTML or autolink gets through (CommonMark 6.5, 6.6); TAB, CR and LF
 * become a space (a line break could start a new block), other control
 * bytes U+FFFD.
 */
int esc_md_puts(FILE *f, const char *s);

/*
 * One CSV field (RFC 4180 section 2): quoted when it holds a comma, a
 * double quote, CR or LF, with every " doubled; as it is otherwise.
 * Control bytes other than TAB, CR and LF become U+FFFD.
 */
int esc_csv_puts(FILE *f, const char *s);

/*
 * LaTeX text (a table cell, a caption, a sentence of methods.tex): the ten
 * specials \ { } $ & # % _ ^ ~ and < > | " ' ` by their LaTeX2e names
 * (\textbackslash{}, \{, \textasciicircum{}, \textless{}, ...; kernel
 * 2020+, textcomp built in), - as -{} (no -- or --- ligature), [ ] braced
 * (a cell after \\ must not read as its optional argument); TAB, CR and LF
 * become a space (a blank line would end the paragraph). pdflatex
 * typesets only the characters its fonts have: well-formed U+00A0..U+00FF
 * are kept (utf8 + T1), every other code point and every byte that is not
 * UTF-8 becomes \textbf{?}, LaTeX's stand-in for U+FFFD, one per code
 * point or byte, as do the other control bytes.
 */
int esc_latex_puts(FILE *f, const char *s);

/*
 * A JSON string, quotes included (RFC 8259 section 7): " and \ backslash-
 * escaped, control bytes as \b \t \n \f \r or \u00XX, and < > & as
 * \u003c \u003e \u0026 so that the text can sit inside an HTML <script>.
 */
int esc_json_puts(FILE *f, const char *s);

#endif
