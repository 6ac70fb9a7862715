// SPDX-License-Identifier: GPL-2.0
/*
 * The report document writers: HTML escapes what it prints (a cell name
 * with '<' cannot inject markup), warnings become red cells, Markdown
 * escapes '|' in cells and markup everywhere (titles, text, banners,
 * captions), numbers are right-aligned, and a value's unit is scaled the
 * way the tables print it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "report_doc.h"
#include "units.h"

static char *render(const struct report_doc *doc, int html)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(html ? report_doc_write_html(doc, "/nonexistent", f) :
			 report_doc_write_md(doc, f), 0);
	fclose(f);
	return buf;
}

static void test_tables(void **state)
{
	static const char *const hdr[] = { "cell", "lost events" };
	struct report_doc *doc = report_doc_new("t <1> & \"2\"");
	struct report_table *t;
	char *html, *md;

	report_doc_section(doc, "Lost");
	t = report_doc_table(doc, "per cell", 2, hdr);
	report_table_row(t);
	report_table_cell(t, 0, 0, "a<b>|c");
	report_table_cell(t, 1, 1, "%d events", 3);
	report_table_row(t);
	report_table_cell(t, 0, 0, "d");
	report_table_cell(t, 1, 0, "0 events");
	assert_int_equal(report_table_nr_rows(t), 2);
	report_doc_text(doc, 1, "lost %d", 3);

	html = render(doc, 1);
	assert_non_null(strstr(html, "<title>t &lt;1&gt; &amp; &quot;2&quot;</title>"));
	assert_non_null(strstr(html, "<td>a&lt;b&gt;|c</td><td class=\"n warn\">3 events</td>"));
	assert_non_null(strstr(html, "<td>d</td><td class=\"n\">0 events</td>"));
	assert_non_null(strstr(html, "<p class=\"warn\">lost 3</p>"));
	assert_null(strstr(html, "<b>"));
	md = render(doc, 0);
	assert_non_null(strstr(md, "| a&lt;b&gt;\\|c | **3 events** (!) |\n| d | 0 events |\n"));
	assert_non_null(strstr(md, "**WARNING: lost 3**"));
	free(html);
	free(md);
	report_doc_free(doc);
}

/* Every string of a document reaches Markdown and HTML escaped, not only cells. */
static void test_escaped_everywhere(void **state)
{
	struct report_doc *doc = report_doc_new("r `x` <script>alert(1)</script>");
	char *html, *md;

	report_doc_section(doc, "s [l](javascript:x)\n# h");
	report_doc_text(doc, 0, "t *a* <b>");
	report_doc_text(doc, 1, "w `$(touch /tmp/x)`");
	report_doc_banner(doc, "b <img src=x onerror=alert(1)> \xff");

	md = render(doc, 0);
	assert_string_equal(md,
		"# r \\`x\\` &lt;script&gt;alert(1)&lt;/script&gt;\n\n"
		"## s \\[l\\](javascript:x) # h\n\n"
		"t \\*a\\* &lt;b&gt;\n\n"
		"**WARNING: w \\`$(touch /tmp/x)\\`**\n\n"
		"> b &lt;img src=x onerror=alert(1)&gt; \xef\xbf\xbd\n\n");
	html = render(doc, 1);
	assert_non_null(strstr(html, "<h1>r `x` &lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
	assert_non_null(strstr(html, "<h2>s [l](javascript:x)\n# h</h2>"));
	assert_non_null(strstr(html, "<p>t *a* &lt;b&gt;</p>"));
	assert_non_null(strstr(html, "<div class=\"banner\">b &lt;img src=x onerror=alert(1)&gt; "
				     "\xef\xbf\xbd</div>"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	free(html);
	free(md);
	report_doc_free(doc);
}

static void test_fmt_value(void **state)
{
	char b[64];

	report_fmt_value(b, sizeof(b), 705, "ns");
	assert_string_equal(b, "705 ns");
	report_fmt_value(b, sizeof(b), 1383, "ns");
	assert_string_equal(b, "1.383 us");
	report_fmt_value(b, sizeof(b), 126000, "ns");
	assert_string_equal(b, "126 us");
	report_fmt_value(b, sizeof(b), 2.5e9, "ns");
	assert_string_equal(b, "2.5 s");
	report_fmt_value(b, sizeof(b), 50199.6, "iops");
	assert_string_equal(b, "50200 iops");
	report_fmt_value(b, sizeof(b), 0.0625, "count");
	assert_string_equal(b, "0.0625 count");
	report_fmt_value(b, sizeof(b), NAN, "ns");
	assert_string_equal(b, "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_escaped_everywhere),
		cmocka_unit_test(test_fmt_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
