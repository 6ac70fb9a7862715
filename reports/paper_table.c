// SPDX-License-Identifier: GPL-2.0
/*
 * A report table as a LaTeX booktabs tabular for the paper: the unit of a
 * column moves from its cells into its header ("p50 (ns)"), times of mixed
 * scale (850 ns, 21.5 us) are brought to the column's most frequent unit,
 * significance marks ("*", "*!") and flagged cells become footnote marks
 * with their notes under the table. Every string goes through
 * esc_latex_puts().
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "paper.h"
#include "report_doc.h"
#include "reports.h"
#include "units.h"

#define PAPER_UNIT_MAX 32

/* One cell read as "<number>[ <unit>][ *| *!]"; text cells have numeric 0. */
struct paper_cell {
	int numeric;		/* a number (with or without unit) */
	int blank;		/* "", "-": no value */
	double v;
	char num[64];		/* the number as written */
	char unit[PAPER_UNIT_MAX];
	int mark;		/* 0, 1 "*" significant, 2 "*!" degenerate */
};

static const struct {
	const char *name;
	double ns;
} time_units[] = { { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };

static double time_unit_ns(const char *unit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(time_units); i++)
		if (!strcmp(unit, time_units[i].name))
			return time_units[i].ns;
	return 0;
}

static void cell_parse(const char *s, struct paper_cell *c)
{
	char buf[128], *end, *sp;
	size_t n;

	memset(c, 0, sizeof(*c));
	if (!*s || !strcmp(s, "-")) {
		c->blank = 1;
		return;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	n = strlen(buf);
	if (n > 3 && !strcmp(buf + n - 3, " *!")) {
		c->mark = 2;
		buf[n - 3] = '\0';
	} else if (n > 2 && !strcmp(buf + n - 2, " *")) {
		c->mark = 1;
		buf[n - 2] = '\0';
	}
	c->v = strtod(buf, &end);
	if (end == buf || !isfinite(c->v) || (*end && *end != ' ') || strlen(s) >= sizeof(buf))
		return;
	if (*end == ' ') {
		sp = end + 1;
		/* one word of unit, nothing after it */
		if (!*sp || strchr(sp, ' ') || strlen(sp) >= PAPER_UNIT_MAX)
			return;
		snprintf(c->unit, sizeof(c->unit), "%s", sp);
	}
	snprintf(c->num, sizeof(c->num), "%.*s", (int)(end - buf), buf);
	c->numeric = 1;
}

/*
 * The unit a column's header gets, or "" to leave the cells as they are:
 * every value cell numeric with one unit, or times brought to the most
 * frequent of their units.
 */
static void col_unit(struct paper_cell *cells, unsigned int nr_rows, unsigned int nr_cols,
		     unsigned int col, char *unit, int *rescale)
{
	unsigned int r, counts[ARRAY_SIZE(time_units)] = { 0 }, best = 0, nr = 0;
	int same = 1, times = 1;
	size_t i;

	unit[0] = '\0';
	*rescale = 0;
	for (r = 0; r < nr_rows; r++) {
		const struct paper_cell *c = &cells[r * nr_cols + col];

		if (c->blank)
			continue;
		if (!c->numeric || !c->unit[0])
			return;
		if (!nr++)
			snprintf(unit, PAPER_UNIT_MAX, "%s", c->unit);
		else if (strcmp(unit, c->unit))
			same = 0;
		if (!time_unit_ns(c->unit))
			times = 0;
		for (i = 0; i < ARRAY_SIZE(time_units); i++)
			if (!strcmp(c->unit, time_units[i].name))
				counts[i]++;
	}
	if (!nr || same)
		return;
	if (!times) {
		unit[0] = '\0';
		return;
	}
	for (i = 1; i < ARRAY_SIZE(time_units); i++)
		if (counts[i] > counts[best])
			best = i;
	snprintf(unit, PAPER_UNIT_MAX, "%s", time_units[best].name);
	*rescale = 1;
}

/* A number as LaTeX: 1.5e+06 as $1.5\times10^{6}$, the rest escaped. */
static void num_write(FILE *f, const char *num)
{
	const char *e = strpbrk(num, "eE");

	if (!e) {
		esc_latex_puts(f, num);
		return;
	}
	fprintf(f, "$%.*s\\times10^{%d}$", (int)(e - num), num, atoi(e + 1));
}

/* A rescaled time: 3 significant digits, never in e-notation. */
static void time_write(FILE *f, double v)
{
	char buf[64];

	if (fabs(v) >= 100 || v == floor(v))
		snprintf(buf, sizeof(buf), "%.0f", v);
	else if (fabs(v) >= 10)
		snprintf(buf, sizeof(buf), "%.1f", v);
	else
		snprintf(buf, sizeof(buf), "%.3g", v);
	esc_latex_puts(f, buf);
}

struct paper_cols {
	char unit[PAPER_UNIT_MAX];
	int rescale;
	int numeric;		/* right-aligned */
};

/* The header already says the unit: "map (us per call)", "lost events". */
static int header_names_unit(const char *h, const char *unit)
{
	size_t n = strlen(unit);
	const char *p;

	for (p = strstr(h, unit); p; p = strstr(p + 1, unit))
		if ((p == h || !str_isalnum(p[-1])) && !str_isalnum(p[n]))
			return 1;
	return 0;
}

static void header_write(FILE *f, const struct report_table *t, const struct paper_cols *pc)
{
	unsigned int c, nr_cols = report_table_nr_cols(t);

	for (c = 0; c < nr_cols; c++) {
		fputs(c ? " & " : "", f);
		esc_latex_puts(f, report_table_header(t, c));
		if (pc[c].unit[0] && !header_names_unit(report_table_header(t, c), pc[c].unit)) {
			fputs(" (", f);
			esc_latex_puts(f, pc[c].unit);
			fputc(')', f);
		}
	}
	fputs(" \\\\\n\\midrule\n", f);
}

/* One cell; *marks collects which notes the table needs (bit 0 *, 1 *!, 2 dagger). */
static void cell_write(FILE *f, const char *text, const struct paper_cell *c,
		       const struct paper_cols *pc, int warn, unsigned int *marks)
{
	if (warn)
		fputs("\\textbf{", f);
	if (c->blank && text[0]) {
		fputs("--", f);		/* no value: an en dash */
	} else if (!c->numeric) {
		esc_latex_puts(f, text);
	} else {
		if (pc->rescale)
			time_write(f, c->v * time_unit_ns(c->unit) / time_unit_ns(pc->unit));
		else
			num_write(f, c->num);
		if (!pc->unit[0] && c->unit[0]) {
			fputc(' ', f);
			esc_latex_puts(f, c->unit);
		}
	}
	if (warn)
		fputc('}', f);
	if (c->mark && c->numeric) {
		fputs(c->mark == 2 ? "$^{*!}$" : "$^{*}$", f);
		*marks |= c->mark;
	}
	if (warn) {
		fputs("$^{\\dagger}$", f);
		*marks |= 4;
	}
}

/*
 * The notes of the marks used, under the tabular. Table and notes are one
 * outer tabular so that the whole is one box (a caller may \sbox and
 * scale it).
 */
static void notes_write(FILE *f, unsigned int marks)
{
	if (!marks)
		return;
	fputs("\\[2pt]\n", f);
	if (marks & 1)
		fprintf(f, "\\footnotesize $^{*}$ significant: the bootstrap 95\\%% interval of the "
			"ratio of centres excludes 1, with at least %d repetitions a side.\\\\\n",
			REPORT_VERDICT_MIN_REPS);
	if (marks & 2)
		fputs("\\footnotesize $^{*!}$ significant on a degenerate interval: no spread on "
		      "either side, the mark rests on the two centres alone.\\\\\n", f);
	if (marks & 4)
		fputs("\\footnotesize $^{\\dagger}$ flagged by the report (lost events, errors or "
		      "a missing value).\\\\\n", f);
}

int report_paper_table_write(const struct report_table *t, FILE *f)
{
	unsigned int nr_rows = report_table_nr_rows(t), nr_cols = report_table_nr_cols(t);
	unsigned int r, c, marks = 0;
	struct paper_cell *cells = calloc((size_t)nr_rows * nr_cols + 1, sizeof(*cells));
	struct paper_cols *pc = calloc(nr_cols + 1, sizeof(*pc));
	char *text = NULL;
	size_t len = 0;
	FILE *body;
	int ret = 0;

	if (!cells || !pc) {
		ret = -ENOMEM;
		goto out;
	}
	for (r = 0; r < nr_rows; r++)
		for (c = 0; c < nr_cols; c++)
			cell_parse(report_table_text(t, r, c, NULL), &cells[r * nr_cols + c]);
	for (c = 0; c < nr_cols; c++) {
		col_unit(cells, nr_rows, nr_cols, c, pc[c].unit, &pc[c].rescale);
		pc[c].numeric = 1;
		for (r = 0; r < nr_rows; r++)
			if (!cells[r * nr_cols + c].numeric && !cells[r * nr_cols + c].blank)
				pc[c].numeric = 0;
	}
	/* the marks are known after the rows: the rows go to a buffer first */
	body = open_memstream(&text, &len);
	if (!body) {
		ret = -ENOMEM;
		goto out;
	}
	for (r = 0; r < nr_rows; r++) {
		for (c = 0; c < nr_cols; c++) {
			int warn;
			const char *cell = report_table_text(t, r, c, &warn);

			fputs(c ? " & " : "", body);
			cell_write(body, cell, &cells[r * nr_cols + c], &pc[c], warn, &marks);
		}
		fputs(" \\\\\n", body);
	}
	if (fclose(body)) {
		ret = -ENOMEM;
		goto out;
	}
	fputs("% smmubench paper table: ", f);
	esc_latex_puts(f, report_table_caption(t));
	fputs("\n% needs \\usepackage{booktabs}\n", f);
	if (marks)
		fputs("\\begin{tabular}{@{}l@{}}\n", f);
	fputs("\\begin{tabular}{@{}", f);
	for (c = 0; c < nr_cols; c++)
		fputc(pc[c].numeric ? 'r' : 'l', f);
	fputs("@{}}\n\\toprule\n", f);
	header_write(f, t, pc);
	fputs(text, f);
	fputs("\\bottomrule\n\\end{tabular}", f);
	notes_write(f, marks);
	fputs(marks ? "\\end{tabular}\n" : "\n", f);
	ret = ferror(f) ? -EIO : 0;
out:
	free(text);
	free(cells);
	free(pc);
	return ret;
}
