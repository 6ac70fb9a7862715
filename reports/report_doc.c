// SPDX-License-Identifier: GPL-2.0
/* The report document model and its HTML and Markdown writers. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "html_style.h"
#include "report_doc.h"
#include "report_plot.h"
#include "units.h"

enum item_kind { ITEM_TEXT, ITEM_BANNER, ITEM_TABLE, ITEM_PLOT };

struct report_table {
	char *caption;
	unsigned int nr_cols, nr_rows;
	char **headers;
	char **cells;		/* nr_rows * nr_cols */
	unsigned char *warn;
};

struct item {
	enum item_kind kind;
	int warn;
	char *text;		/* text, banner, plot caption */
	char *img, *script;
	struct report_table *table;
};

struct section {
	char *title;
	struct item *items;
	size_t nr_items;
};

struct report_doc {
	char *title;
	struct section *sections;
	size_t nr_sections;
};

struct report_doc *report_doc_new(const char *title)
{
	struct report_doc *doc = calloc(1, sizeof(*doc));

	if (doc)
		doc->title = strdup(title);
	return doc;
}

static void table_free(struct report_table *t)
{
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < t->nr_cols; i++)
		free(t->headers[i]);
	for (i = 0; i < t->nr_rows * t->nr_cols; i++)
		free(t->cells[i]);
	free(t->headers);
	free(t->cells);
	free(t->warn);
	free(t->caption);
	free(t);
}

void report_doc_free(struct report_doc *doc)
{
	size_t s, i;

	if (!doc)
		return;
	for (s = 0; s < doc->nr_sections; s++) {
		struct section *sec = &doc->sections[s];

		for (i = 0; i < sec->nr_items; i++) {
			free(sec->items[i].text);
			free(sec->items[i].img);
			free(sec->items[i].script);
			table_free(sec->items[i].table);
		}
		free(sec->items);
		free(sec->title);
	}
	free(doc->sections);
	free(doc->title);
	free(doc);
}

int report_doc_section(struct report_doc *doc, const char *title)
{
	struct section *s = realloc(doc->sections, (doc->nr_sections + 1) * sizeof(*s));

	if (!s)
		return -ENOMEM;
	doc->sections = s;
	s = &doc->sections[doc->nr_sections++];
	memset(s, 0, sizeof(*s));
	s->title = strdup(title);
	return 0;
}

static struct item *item_add(struct report_doc *doc, enum item_kind kind)
{
	struct section *sec;
	struct item *it;

	if (!doc->nr_sections && report_doc_section(doc, ""))
		return NULL;
	sec = &doc->sections[doc->nr_sections - 1];
	it = realloc(sec->items, (sec->nr_items + 1) * sizeof(*it));
	if (!it)
		return NULL;
	sec->items = it;
	it = &sec->items[sec->nr_items++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	return it;
}

static int item_vtext(struct report_doc *doc, enum item_kind kind, int warn, const char *fmt,
		      va_list ap)
{
	struct item *it = item_add(doc, kind);

	if (!it)
		return -ENOMEM;
	it->warn = warn;
	if (vasprintf(&it->text, fmt, ap) < 0) {
		it->text = NULL;
		return -ENOMEM;
	}
	return 0;
}

int report_doc_text(struct report_doc *doc, int warn, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = item_vtext(doc, ITEM_TEXT, warn, fmt, ap);
	va_end(ap);
	return ret;
}

int report_doc_banner(struct report_doc *doc, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = item_vtext(doc, ITEM_BANNER, 0, fmt, ap);
	va_end(ap);
	return ret;
}

int report_doc_plot(struct report_doc *doc, const char *img, const char *script,
		    const char *caption)
{
	struct item *it = item_add(doc, ITEM_PLOT);

	if (!it)
		return -ENOMEM;
	it->img = strdup(img);
	it->script = strdup(script);
	it->text = strdup(caption);
	return 0;
}

int report_doc_plot_fail(struct report_doc *doc, const char *img, const char *msg)
{
	size_t s, i;

	for (s = 0; s < doc->nr_sections; s++) {
		for (i = 0; i < doc->sections[s].nr_items; i++) {
			struct item *it = &doc->sections[s].items[i];
			char *text;

			if (it->kind != ITEM_PLOT || strcmp(it->img, img))
				continue;
			if (asprintf(&text, "plot '%s' missing: %s", it->text, msg) < 0)
				return -ENOMEM;
			free(it->text);
			it->text = text;
			it->kind = ITEM_TEXT;
			it->warn = 1;
			return 0;
		}
	}
	return -ENOENT;
}

struct report_table *report_doc_table(struct report_doc *doc, const char *caption,
				      unsigned int nr_cols, const char *const *headers)
{
	struct item *it = item_add(doc, ITEM_TABLE);
	struct report_table *t;
	unsigned int i;

	if (!it)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	it->table = t;
	t->caption = strdup(caption ? caption : "");
	t->nr_cols = nr_cols;
	t->headers = calloc(nr_cols, sizeof(char *));
	for (i = 0; i < nr_cols; i++)
		t->headers[i] = strdup(headers[i]);
	return t;
}

int report_table_row(struct report_table *t)
{
	size_t n = (size_t)(t->nr_rows + 1) * t->nr_cols;
	char **cells = realloc(t->cells, n * sizeof(*cells));
	unsigned char *warn;

	if (!cells)
		return -ENOMEM;
	t->cells = cells;
	warn = realloc(t->warn, n);
	if (!warn)
		return -ENOMEM;
	t->warn = warn;
	memset(&cells[t->nr_rows * t->nr_cols], 0, t->nr_cols * sizeof(*cells));
	memset(&warn[t->nr_rows * t->nr_cols], 0, t->nr_cols);
	t->nr_rows++;
	return 0;
}

int report_table_cell(struct report_table *t, unsigned int col, int warn, const char *fmt, ...)
{
	size_t idx;
	va_list ap;
	char *s;
	int r;

	if (!t->nr_rows || col >= t->nr_cols)
		return -EINVAL;
	idx = (size_t)(t->nr_rows - 1) * t->nr_cols + col;
	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	free(t->cells[idx]);
	t->cells[idx] = s;
	t->warn[idx] = !!warn;
	return 0;
}

unsigned int report_table_nr_rows(const struct report_table *t)
{
	return t->nr_rows;
}

const char *report_table_caption(const struct report_table *t)
{
	return t->caption;
}

unsigned int report_table_nr_cols(const struct report_table *t)
{
	return t->nr_cols;
}

const char *report_table_header(const struct report_table *t, unsigned int col)
{
	return col < t->nr_cols ? t->headers[col] : "";
}

const char *report_table_text(const struct report_table *t, unsigned int row, unsigned int col,
			      int *warn)
{
	size_t i = (size_t)row * t->nr_cols + col;

	if (row >= t->nr_rows || col >= t->nr_cols) {
		if (warn)
			*warn = 0;
		return "";
	}
	if (warn)
		*warn = t->warn[i];
	return t->cells[i] ? t->cells[i] : "";
}

static int walk_item(const struct item *it, const struct report_doc_walker *w, void *arg)
{
	switch (it->kind) {
	case ITEM_TEXT:
	case ITEM_BANNER:
		return w->text ? w->text(arg, it->text, it->warn, it->kind == ITEM_BANNER) : 0;
	case ITEM_TABLE:
		return w->table ? w->table(arg, it->table) : 0;
	case ITEM_PLOT:
		return w->plot ? w->plot(arg, it->img, it->script, it->text) : 0;
	}
	return 0;
}

int report_doc_walk(const struct report_doc *doc, const struct report_doc_walker *w, void *arg)
{
	size_t s, i;
	int ret;

	for (s = 0; s < doc->nr_sections; s++) {
		const struct section *sec = &doc->sections[s];

		if (w->section && (ret = w->section(arg, sec->title)))
			return ret;
		for (i = 0; i < sec->nr_items; i++)
			if ((ret = walk_item(&sec->items[i], w, arg)))
				return ret;
	}
	return 0;
}

/* A cell that starts with a digit or sign is numeric: right-aligned. */
static int is_num(const char *s)
{
	return s && ((*s >= '0' && *s <= '9') || ((*s == '-' || *s == '+') && s[1] >= '0' &&
						   s[1] <= '9'));
}

static void html_table(const struct report_table *t, FILE *f)
{
	unsigned int r, c;

	fputs("<table>\n<caption>", f);
	esc_html_puts(f, t->caption);
	fputs("</caption>\n<tr>", f);
	for (c = 0; c < t->nr_cols; c++) {
		fputs("<th>", f);
		esc_html_puts(f, t->headers[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (r = 0; r < t->nr_rows; r++) {
		fputs("<tr>", f);
		for (c = 0; c < t->nr_cols; c++) {
			size_t i = (size_t)r * t->nr_cols + c;
			const char *cls = t->warn[i] ? (is_num(t->cells[i]) ? "n warn" : "warn") :
					  (is_num(t->cells[i]) ? "n" : NULL);

			if (cls)
				fprintf(f, "<td class=\"%s\">", cls);
			else
				fputs("<td>", f);
			esc_html_puts(f, t->cells[i] ? t->cells[i] : "");
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/*
 * The plot as a lazily loaded image beside the page (plots/x.svg), as the
 * dashboard does: the browser fetches only the plots scrolled into view,
 * so the index stays small at any number of cells. width and height are
 * those of the SVG terminal (report_plot.c): the page does not reflow as
 * the images arrive. The file must exist: a failed plot is a warning by
 * now (report_doc_plot_fail()), never a broken image.
 */
static int html_plot(const struct item *it, const char *dir, FILE *f)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, it->img);
	if (stat(path, &st) < 0)
		return -errno;
	fprintf(f, "<figure><img class=\"plot\" loading=\"lazy\" width=\"%d\" height=\"%d\" src=\"",
		REPORT_PLOT_SVG_W, REPORT_PLOT_SVG_H);
	esc_html_puts(f, it->img);
	fputs("\" alt=\"", f);
	esc_html_puts(f, it->text);
	fputs("\"><figcaption>", f);
	esc_html_puts(f, it->text);
	fputs(" (gnuplot script: <code>", f);
	esc_html_puts(f, it->script);
	fputs("</code>)</figcaption></figure>\n", f);
	return 0;
}

int report_doc_write_html(const struct report_doc *doc, const char *dir, FILE *f)
{
	size_t s, i;
	int ret;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", f);
	esc_html_puts(f, doc->title);
	fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n<h1>", report_html_style);
	esc_html_puts(f, doc->title);
	fputs("</h1>\n", f);
	for (s = 0; s < doc->nr_sections; s++) {
		const struct section *sec = &doc->sections[s];

		if (sec->title[0]) {
			fputs("<h2>", f);
			esc_html_puts(f, sec->title);
			fputs("</h2>\n", f);
		}
		for (i = 0; i < sec->nr_items; i++) {
			const struct item *it = &sec->items[i];

			switch (it->kind) {
			case ITEM_TEXT:
				fputs(it->warn ? "<p class=\"warn\">" : "<p>", f);
				esc_html_puts(f, it->text);
				fputs("</p>\n", f);
				break;
			case ITEM_BANNER:
				fputs("<div class=\"banner\">", f);
				esc_html_puts(f, it->text);
				fputs("</div>\n", f);
				break;
			case ITEM_TABLE:
				html_table(it->table, f);
				break;
			case ITEM_PLOT:
				ret = html_plot(it, dir, f);
				if (ret)
					return ret;
				break;
			}
		}
	}
	fputs("</body></html>\n", f);
	return ferror(f) ? -EIO : 0;
}

static void md_table(const struct report_table *t, FILE *f)
{
	unsigned int r, c;

	fputs("**", f);
	esc_md_puts(f, t->caption);
	fputs("**\n\n|", f);
	for (c = 0; c < t->nr_cols; c++) {
		fputc(' ', f);
		esc_md_puts(f, t->headers[c]);
		fputs(" |", f);
	}
	fputs("\n|", f);
	for (c = 0; c < t->nr_cols; c++)
		fputs("---|", f);
	fputc('\n', f);
	for (r = 0; r < t->nr_rows; r++) {
		fputc('|', f);
		for (c = 0; c < t->nr_cols; c++) {
			size_t i = (size_t)r * t->nr_cols + c;

			fputc(' ', f);
			if (t->warn[i])
				fputs("**", f);
			esc_md_puts(f, t->cells[i] ? t->cells[i] : "");
			if (t->warn[i])
				fputs("** (!)", f);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* ![caption](img) then the caption with a link to the script */
static void md_plot(const struct item *it, FILE *f)
{
	fputs("![", f);
	esc_md_puts(f, it->text);
	fputs("](", f);
	esc_md_puts(f, it->img);
	fputs(")\n\n*", f);
	esc_md_puts(f, it->text);
	fputs("* (gnuplot script: [", f);
	esc_md_puts(f, it->script);
	fputs("](", f);
	esc_md_puts(f, it->script);
	fputs("))\n\n", f);
}

int report_doc_write_md(const struct report_doc *doc, FILE *f)
{
	size_t s, i;

	fputs("# ", f);
	esc_md_puts(f, doc->title);
	fputs("\n\n", f);
	for (s = 0; s < doc->nr_sections; s++) {
		const struct section *sec = &doc->sections[s];

		if (sec->title[0]) {
			fputs("## ", f);
			esc_md_puts(f, sec->title);
			fputs("\n\n", f);
		}
		for (i = 0; i < sec->nr_items; i++) {
			const struct item *it = &sec->items[i];

			switch (it->kind) {
			case ITEM_TEXT:
				fputs(it->warn ? "**WARNING: " : "", f);
				esc_md_puts(f, it->text);
				fputs(it->warn ? "**\n\n" : "\n\n", f);
				break;
			case ITEM_BANNER:
				fputs("> ", f);
				esc_md_puts(f, it->text);
				fputs("\n\n", f);
				break;
			case ITEM_TABLE:
				md_table(it->table, f);
				break;
			case ITEM_PLOT:
				md_plot(it, f);
				break;
			}
		}
	}
	return ferror(f) ? -EIO : 0;
}
