// SPDX-License-Identifier: GPL-2.0
/*
 * The data of a paper figure as CSV (RFC 4180) beside it: the gnuplot .dat
 * the figure reads, as the report's sections write it (reports/sections/):
 * a first comment line naming the columns, blocks separated by blank lines
 * with a "# <key> "<name>"" comment each (one block per design), quoted
 * string columns (esc_gnuplot_data_puts()) and "?" for a missing value.
 * The CSV has one row per data line: the block's name first (column <key>)
 * when the file has blocks, then the columns; "?" becomes an empty field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "paper.h"

#define CSV_MAX_COLS 64

/*
 * Split a data line into fields in place: "quoted" (the writer doubled
 * backslashes: undone) or blank-separated. Returns the number of fields.
 */
static unsigned int dat_split(char *line, char **fields, unsigned int max)
{
	unsigned int n = 0;
	char *p = line, *w;

	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n')
			break;
		if (*p == '"') {
			fields[n++] = w = ++p;
			for (; *p && *p != '"'; p++) {
				if (p[0] == '\\' && p[1] == '\\')
					p++;
				*w++ = *p;
			}
			if (*p == '"')
				p++;
			*w = '\0';	/* w <= the closing quote: p is past it */
			continue;
		}
		fields[n++] = p;
		p += strcspn(p, " \t\n");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/*
 * Column names from the first comment: the words after its last ": ", or
 * the whole comment, each word unquoted, "(...)" left out.
 */
static unsigned int dat_names(char *comment, char **names, unsigned int max)
{
	char *p = comment, *last = NULL, *q;
	unsigned int n = 0;

	while ((q = strstr(p, ": "))) {
		last = q + 2;
		p = last;
	}
	p = last ? last : comment;
	q = strchr(p, '(');
	if (q)
		*q = '\0';
	n = dat_split(p, names, max);
	return n;
}

struct csv_state {
	FILE *out;
	char *names[CSV_MAX_COLS];
	unsigned int nr_names;
	char block_key[64];
	char *block;		/* current block name */
	int have_blocks, header_done;
};

static void csv_header(struct csv_state *st, unsigned int nr_fields)
{
	unsigned int i;

	if (st->header_done)
		return;
	st->header_done = 1;
	if (st->have_blocks) {
		esc_csv_puts(st->out, st->block_key);
		fputc(',', st->out);
	}
	for (i = 0; i < nr_fields; i++) {
		char name[32];

		if (i)
			fputc(',', st->out);
		if (st->nr_names == nr_fields) {
			esc_csv_puts(st->out, st->names[i]);
		} else {
			snprintf(name, sizeof(name), "c%u", i + 1);
			esc_csv_puts(st->out, name);
		}
	}
	fputs("\r\n", st->out);
}

/* A "# key "name"" comment after the first: the name of the next block. */
static void csv_block(struct csv_state *st, char *comment)
{
	char *fields[2];
	unsigned int n = dat_split(comment, fields, 2);

	if (n < 2)
		return;
	if (!st->header_done) {
		snprintf(st->block_key, sizeof(st->block_key), "%s", fields[0]);
		st->have_blocks = 1;
	}
	free(st->block);
	st->block = strdup(fields[1]);
}

static void csv_row(struct csv_state *st, char *line)
{
	char *fields[CSV_MAX_COLS];
	unsigned int n = dat_split(line, fields, CSV_MAX_COLS), i;

	if (!n)
		return;
	csv_header(st, n);
	if (st->have_blocks) {
		esc_csv_puts(st->out, st->block ? st->block : "");
		fputc(',', st->out);
	}
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', st->out);
		esc_csv_puts(st->out, strcmp(fields[i], "?") ? fields[i] : "");
	}
	fputs("\r\n", st->out);
}

int report_paper_csv_write(const char *dat_path, const char *csv_path)
{
	struct csv_state st = { .block_key = "block" };
	char *text = file_read_text(dat_path, NULL), *line, *next, *first = NULL;
	int ret = 0;

	if (!text)
		return -errno;
	st.out = fopen(csv_path, "w");
	if (!st.out) {
		ret = -errno;
		free(text);
		return ret;
	}
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] != '#') {
			csv_row(&st, line);
			continue;
		}
		if (!first) {
			first = line + 1;
			st.nr_names = dat_names(first, st.names, CSV_MAX_COLS);
		} else {
			csv_block(&st, line + 1);
		}
	}
	if (ferror(st.out))
		ret = -EIO;
	if (fclose(st.out) == EOF && !ret)
		ret = -errno;
	free(st.block);
	free(text);
	return ret;
}
