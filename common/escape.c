// SPDX-License-Identifier: GPL-2.0
/*
 * The escaping functions of escape.h. One walker checks UTF-8 for every
 * language; a language is the text it writes for each ASCII byte it
 * changes, and the quote written around the whole string.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

/* U+FFFD REPLACEMENT CHARACTER, in UTF-8 */
#define ESC_FFFD "\xef\xbf\xbd"

/*
 * Well-formed UTF-8 sequences of 2 to 4 bytes (Unicode 15, table 3-7): the
 * lead byte's range, the second byte's range (narrowed after E0, ED, F0
 * and F4 to exclude overlong forms, surrogates and code points above
 * U+10FFFF) and the length. Every later byte is 80..BF.
 */
static const struct {
	unsigned char lead_lo, lead_hi, second_lo, second_hi, len;
} utf8_seqs[] = {
	{ 0xc2, 0xdf, 0x80, 0xbf, 2 },
	{ 0xe0, 0xe0, 0xa0, 0xbf, 3 },
	{ 0xe1, 0xec, 0x80, 0xbf, 3 },
	{ 0xed, 0xed, 0x80, 0x9f, 3 },
	{ 0xee, 0xef, 0x80, 0xbf, 3 },
	{ 0xf0, 0xf0, 0x90, 0xbf, 4 },
	{ 0xf1, 0xf3, 0x80, 0xbf, 4 },
	{ 0xf4, 0xf4, 0x80, 0x8f, 4 },
};

/* Length of the well-formed sequence at p (p[0] >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(utf8_seqs); i++) {
		if (p[0] < utf8_seqs[i].lead_lo || p[0] > utf8_seqs[i].lead_hi)
			continue;
		if (p[1] < utf8_seqs[i].second_lo || p[1] > utf8_seqs[i].second_hi)
			return 0;
		/* a NUL fails the range check: nothing past the end is read */
		for (k = 2; k < utf8_seqs[i].len; k++)
			if (p[k] < 0x80 || p[k] > 0xbf)
				return 0;
		return utf8_seqs[i].len;
	}
	return 0;
}

/* The text a language writes for an ASCII byte, or NULL to copy it. */
typedef const char *(*esc_ascii_fn)(unsigned char c);

/* C0 controls and DEL: TAB, LF and CR become ws (NULL: kept), the rest U+FFFD. */
static const char *esc_control(unsigned char c, const char *ws)
{
	if (c >= 0x20 && c != 0x7f)
		return NULL;
	return c == '\t' || c == '\n' || c == '\r' ? ws : ESC_FFFD;
}

/*
 * s to f: each ASCII byte as ascii() says, well-formed UTF-8 sequences as
 * keep() says (NULL: copied), other bytes as bad, one per byte.
 */
static int esc_walk(FILE *f, const char *s, const char *quote, esc_ascii_fn ascii,
		    int (*keep)(const unsigned char *p, size_t n), const char *bad)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const char *r;
	size_t n;

	if (quote)
		fputs(quote, f);
	while (*p) {
		if (*p < 0x80) {
			r = ascii(*p);
			if (r)
				fputs(r, f);
			else
				fputc(*p, f);
			p++;
		} else if ((n = utf8_len(p))) {
			if (!keep || keep(p, n))
				fwrite(p, 1, n, f);
			else
				fputs(bad, f);
			p += n;
		} else {
			fputs(bad, f);
			p++;
		}
	}
	if (quote)
		fputs(quote, f);
	return ferror(f) ? -EIO : 0;
}

static int esc_write(FILE *f, const char *s, const char *quote, esc_ascii_fn ascii)
{
	return esc_walk(f, s, quote, ascii, NULL, ESC_FFFD);
}

static const char *gp_ascii(unsigned char c)
{
	switch (c) {
	case '\'':
	case '`':
		return "''";
	}
	return esc_control(c, " ");
}

int esc_gnuplot_puts(FILE *f, const char *s)
{
	return esc_write(f, s, "'", gp_ascii);
}

static const char *gpdata_ascii(unsigned char c)
{
	switch (c) {
	case '"':
		return "'";
	case '\\':
		return "\\\\";
	}
	return esc_control(c, " ");
}

int esc_gnuplot_data_puts(FILE *f, const char *s)
{
	return esc_write(f, s, "\"", gpdata_ascii);
}

static const char *html_ascii(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	}
	return esc_control(c, NULL);
}

int esc_html_puts(FILE *f, const char *s)
{
	return esc_write(f, s, NULL, html_ascii);
}

static const char *md_ascii(unsigned char c)
{
	switch (c) {
	case '\\':
		return "\\\\";
	case '`':
		return "\\`";
	case '*':
		return "\\*";
	case '[':
		return "\\[";
	case ']':
		return "\\]";
	case '|':
		return "\\|";
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	}
	return esc_control(c, " ");
}

int esc_md_puts(FILE *f, const char *s)
{
	return esc_write(f, s, NULL, md_ascii);
}

static const char *csv_ascii(unsigned char c)
{
	return c == '"' ? "\"\"" : esc_control(c, NULL);
}

int esc_csv_puts(FILE *f, const char *s)
{
	/* RFC 4180 section 2, rules 6 and 7 */
	const char *quote = s && strpbrk(s, ",\"\r\n") ? "\"" : NULL;

	return esc_write(f, s, quote, csv_ascii);
}

/* LaTeX's own replacement mark: a bold question mark */
#define ESC_LATEX_BAD "\\textbf{?}"

static const char *latex_ascii(unsigned char c)
{
	/* LaTeX2e (2020+) kernel names for each special; [ ] braced against \\[ */
	switch (c) {
	case '\\':
		return "\\textbackslash{}";
	case '{':
		return "\\{";
	case '}':
		return "\\}";
	case '$':
		return "\\$";
	case '&':
		return "\\&";
	case '#':
		return "\\#";
	case '%':
		return "\\%";
	case '_':
		return "\\_";
	case '^':
		return "\\textasciicircum{}";
	case '~':
		return "\\textasciitilde{}";
	case '<':
		return "\\textless{}";
	case '>':
		return "\\textgreater{}";
	case '|':
		return "\\textbar{}";
	case '"':
		return "\\textquotedbl{}";
	case '\'':
		return "\\textquotesingle{}";
	case '`':
		return "\\textasciigrave{}";
	case '-':
		return "-{}";
	case '[':
		return "{[}";
	case ']':
		return "{]}";
	}
	if (c >= 0x20 && c != 0x7f)
		return NULL;
	return c == '\t' || c == '\n' || c == '\r' ? " " : ESC_LATEX_BAD;
}

/* U+00A0..U+00FF (Latin-1 Supplement): what LaTeX's utf8 + T1 typesets */
static int latex_keep(const unsigned char *p, size_t n)
{
	return n == 2 && (p[0] == 0xc2 || p[0] == 0xc3) && (p[0] == 0xc3 || p[1] >= 0xa0);
}

int esc_latex_puts(FILE *f, const char *s)
{
	return esc_walk(f, s, NULL, latex_ascii, latex_keep, ESC_LATEX_BAD);
}

/* JSON (RFC 8259 section 7): the two it requires, controls as \u00XX */
static const char *const json_controls[0x20] = {
	"\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
	"\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
	"\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
	"\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
};

static const char *json_ascii(unsigned char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '<':	/* no "</script" or "<!--" when the JSON sits in a script */
		return "\\u003c";
	case '>':
		return "\\u003e";
	case '&':
		return "\\u0026";
	case 0x7f:
		return "\\u007f";
	}
	return c < 0x20 ? json_controls[c] : NULL;
}

int esc_json_puts(FILE *f, const char *s)
{
	return esc_write(f, s, "\"", json_ascii);
}
