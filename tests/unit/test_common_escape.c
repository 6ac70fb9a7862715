// SPDX-License-Identifier: GPL-2.0
/*
 * The escaping functions (common/escape.h) on hostile strings: backquotes,
 * $(), quotes of both kinds, backslashes, line breaks, control bytes,
 * <script>, Markdown links and bytes that are not UTF-8. Every expected
 * output is worked out by hand from the rules in escape.h; the gnuplot
 * ones are also fed to gnuplot itself, which must read the text back
 * without running anything.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"

#define FFFD "\xef\xbf\xbd"

typedef int (*esc_fn)(FILE *f, const char *s);

struct esc_case {
	const char *in, *out;
};

static char *esc(esc_fn fn, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, s), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void check(esc_fn fn, const struct esc_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *got = esc(fn, c[i].in);

		if (strcmp(got, c[i].out))
			print_error("case %zu: in '%s': got '%s', want '%s'\n", i,
				    c[i].in ? c[i].in : "(null)", got, c[i].out);
		assert_string_equal(got, c[i].out);
		free(got);
	}
}

/* UTF-8 checks are shared: the same bytes give the same result everywhere */
static const struct esc_case utf8_cases[] = {
	{ "\xff\xfe", FFFD FFFD },
	{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ "\xc0\xaf", FFFD FFFD },			/* overlong '/' */
	{ "\xed\xa0\x80", FFFD FFFD FFFD },		/* surrogate U+D800 */
	{ "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD },	/* above U+10FFFF */
	{ "\xe2\x82", FFFD FFFD },			/* cut at the end */
	{ "\xe2\x82x", FFFD FFFD "x" },			/* cut by an ASCII byte */
	{ "\x80z", FFFD "z" },				/* a lone continuation byte */
};

static void check_utf8(esc_fn fn, const char *quote)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(utf8_cases); i++) {
		char want[64];
		struct esc_case c = { utf8_cases[i].in, want };

		snprintf(want, sizeof(want), "%s%s%s", quote, utf8_cases[i].out, quote);
		check(fn, &c, 1);
	}
}

static const struct esc_case gp_cases[] = {
	{ "paravirt@nightly", "'paravirt@nightly'" },
	{ "a`touch /tmp/x`b", "'a''touch /tmp/x''b'" },
	{ "$(touch /tmp/x)", "'$(touch /tmp/x)'" },
	{ "it's", "'it''s'" },
	{ "say \"hi\"", "'say \"hi\"'" },
	{ "a\\b\\", "'a\\b\\'" },
	{ "l1\nset output 'x'\r\tz", "'l1 set output ''x''  z'" },
	{ "\x01\x1b[31m\x7f", "'" FFFD FFFD "[31m" FFFD "'" },
	{ "<script>alert(1)</script>", "'<script>alert(1)</script>'" },
	{ "@x", "'@x'" },
	{ "", "''" },
	{ NULL, "''" },
};

static void test_gp(void **state)
{
	check(esc_gnuplot_puts, gp_cases, ARRAY_SIZE(gp_cases));
	check_utf8(esc_gnuplot_puts, "'");
}

static const struct esc_case gpdata_cases[] = {
	{ "4K, 1 thread", "\"4K, 1 thread\"" },
	{ "say \"hi\"", "\"say 'hi'\"" },
	{ "a`touch /tmp/x`b $(touch /tmp/x)", "\"a`touch /tmp/x`b $(touch /tmp/x)\"" },
	{ "a\\", "\"a\\\\\"" },
	{ "\\377 \\n", "\"\\\\377 \\\\n\"" },
	{ "l1\n0 1 \"x\"\r\t#", "\"l1 0 1 'x'  #\"" },
	{ "\x01", "\"" FFFD "\"" },
	{ NULL, "\"\"" },
};

static void test_gpdata(void **state)
{
	check(esc_gnuplot_data_puts, gpdata_cases, ARRAY_SIZE(gpdata_cases));
	check_utf8(esc_gnuplot_data_puts, "\"");
}

static const struct esc_case html_cases[] = {
	{ "<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
	{ "a & \"b\"", "a &amp; &quot;b&quot;" },
	{ "&amp;", "&amp;amp;" },
	{ "`touch /tmp/x` $(touch /tmp/x) \\", "`touch /tmp/x` $(touch /tmp/x) \\" },
	{ "a\nb\tc\r", "a\nb\tc\r" },
	{ "\x01\x7f", FFFD FFFD },
	{ NULL, "" },
};

static void test_html(void **state)
{
	check(esc_html_puts, html_cases, ARRAY_SIZE(html_cases));
	check_utf8(esc_html_puts, "");
}

static const struct esc_case md_cases[] = {
	{ "a|b", "a\\|b" },
	{ "`touch /tmp/x`", "\\`touch /tmp/x\\`" },
	{ "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))" },
	{ "![t](http://e/x.png)", "!\\[t\\](http://e/x.png)" },
	{ "**b** \\", "\\*\\*b\\*\\* \\\\" },
	{ "a & b", "a &amp; b" },
	{ "l1\n# h\r\tz", "l1 # h  z" },
	{ "$(touch /tmp/x) it's \"q\" smmu_map", "$(touch /tmp/x) it's \"q\" smmu_map" },
	{ "\x01", FFFD },
	{ NULL, "" },
};

static void test_md(void **state)
{
	check(esc_md_puts, md_cases, ARRAY_SIZE(md_cases));
	check_utf8(esc_md_puts, "");
}

static const struct esc_case csv_cases[] = {
	{ "plain", "plain" },
	{ "domain=2;ret=0", "domain=2;ret=0" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "\"", "\"\"\"\"" },
	{ "l1\nl2", "\"l1\nl2\"" },
	{ "cr\r\n", "\"cr\r\n\"" },
	{ "`x` $(touch /tmp/x) \\ 'z' <b>", "`x` $(touch /tmp/x) \\ 'z' <b>" },
	{ "tab\there", "tab\there" },
	{ "\x01", FFFD },
	{ "\xff,\xfe", "\"" FFFD "," FFFD "\"" },
	{ "", "" },
	{ NULL, "" },
};

static void test_csv(void **state)
{
	check(esc_csv_puts, csv_cases, ARRAY_SIZE(csv_cases));
	check_utf8(esc_csv_puts, "");
}

#define LBAD "\\textbf{?}"

static const struct esc_case latex_cases[] = {
	{ "plain text 42", "plain text 42" },
	{ "p99.9", "p99.9" },
	{ "smmu_map", "smmu\\_map" },
	{ "100% & $5 #1", "100\\% \\& \\$5 \\#1" },
	{ "{\\input{/etc/passwd}}", "\\{\\textbackslash{}input\\{/etc/passwd\\}\\}" },
	{ "\\write18{touch /tmp/x}", "\\textbackslash{}write18\\{touch /tmp/x\\}" },
	{ "a^b~c", "a\\textasciicircum{}b\\textasciitilde{}c" },
	{ "<b>|x|</b>", "\\textless{}b\\textgreater{}\\textbar{}x\\textbar{}\\textless{}/b\\textgreater{}" },
	{ "say \"hi\" it's `x`",
	  "say \\textquotedbl{}hi\\textquotedbl{} it\\textquotesingle{}s \\textasciigrave{}x\\textasciigrave{}" },
	{ "a--b", "a-{}-{}b" },
	{ "[1pt]", "{[}1pt{]}" },
	{ "l1\n\nl2\r\tz", "l1  l2  z" },
	{ "\x01\x1b[0m\x7f", LBAD LBAD "{[}0m" LBAD },
	{ "caf\xc3\xa9 5 \xc2\xb5s", "caf\xc3\xa9 5 \xc2\xb5s" },	/* Latin-1 kept */
	{ "\xc2\x85", LBAD },				/* U+0085 (C1 control) */
	{ "\xe2\x82\xac \xf0\x9f\x98\x80", LBAD " " LBAD },	/* euro, emoji: one each */
	{ "\xff\xfe", LBAD LBAD },			/* not UTF-8: one per byte */
	{ "\xe2\x82x", LBAD LBAD "x" },
	{ "", "" },
	{ NULL, "" },
};

static void test_latex(void **state)
{
	check(esc_latex_puts, latex_cases, ARRAY_SIZE(latex_cases));
}

/* RFC 8259 section 7 by hand: quotes, backslash, controls; < > & for <script> */
static const struct esc_case json_cases[] = {
	{ "plain", "\"plain\"" },
	{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
	{ "a\\b", "\"a\\\\b\"" },
	{ "l1\nl2\t\r", "\"l1\\nl2\\t\\r\"" },
	{ "\x01\x1f", "\"\\u0001\\u001f\"" },
	{ "</script><!--&", "\"\\u003c/script\\u003e\\u003c!--\\u0026\"" },
	{ "`x` $(touch /tmp/x) 'z'", "\"`x` $(touch /tmp/x) 'z'\"" },
	{ "\xff", "\"" FFFD "\"" },
	{ "", "\"\"" },
	{ NULL, "\"\"" },
};

static void test_json(void **state)
{
	check(esc_json_puts, json_cases, ARRAY_SIZE(json_cases));
	check_utf8(esc_json_puts, "\"");
}

/* A full stream is reported, not hidden. */
static void test_stream_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");

	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(esc_html_puts(f, "x"), -EIO);
	fclose(f);
}

/*
 * Runs gnuplot in a new directory on script (a printf format, %s = data
 * file) with data written beside it; returns gnuplot's output, and fails
 * if anything the strings asked for ran (a file named CANARY).
 */
static char *gnuplot_run(const char *script, const char *data)
{
	char dir[] = "/tmp/test_trace_escape-XXXXXX", cmd[512], path[256], *out;
	struct stat st;
	size_t len;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/d.dat", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(data, f);
	assert_int_equal(fclose(f), 0);
	snprintf(path, sizeof(path), "%s/t.gp", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(script, f);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "cd %s && gnuplot t.gp >out 2>&1", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/out", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	out = calloc(1, 4096);
	assert_non_null(out);
	len = fread(out, 1, 4095, f);
	out[len] = '\0';
	fclose(f);
	snprintf(path, sizeof(path), "%s/CANARY", dir);
	assert_int_not_equal(stat(path, &st), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return out;
}

static char *esc_join(esc_fn fn, const struct esc_case *c, size_t n, const char *before,
		      const char *after)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	for (i = 0; i < n; i++) {
		fprintf(f, before, i);
		fn(f, c[i].in);
		fputs(after, f);
	}
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* `print <constant>` shows the text, '' as ', and nothing in the text runs */
static void test_gp_by_gnuplot(void **state)
{
	static const struct esc_case cases[] = {
		{ "a`touch CANARY`b", "a'touch CANARY'b" },
		{ "$(touch CANARY) `touch CANARY`", "$(touch CANARY) 'touch CANARY'" },
		{ "it's \"q\" \\ \\377 @x", "it's \"q\" \\ \\377 @x" },
		{ "l1\nprint system('touch CANARY')", "l1 print system('touch CANARY')" },
	};
	size_t n = ARRAY_SIZE(cases), i;
	char *script, *out, *p;

	if (system("gnuplot --version >/dev/null 2>&1"))
		skip();
	script = esc_join(esc_gnuplot_puts, cases, n, "print ", "\n");
	out = gnuplot_run(script, "");
	for (i = 0, p = out; i < n; i++) {
		size_t l = strlen(cases[i].out);

		assert_memory_equal(p, cases[i].out, l);
		assert_int_equal(p[l], '\n');
		p += l + 1;
	}
	free(out);
	free(script);
}

/* gnuplot's table of a string column shows what gnuplot read from it */
static void test_gpdata_by_gnuplot(void **state)
{
	static const struct esc_case cases[] = {
		{ "a`touch CANARY`b $(touch CANARY)", "\"a`touch CANARY`b $(touch CANARY)\"" },
		{ "say \"hi\"", "\"say 'hi'\"" },
		{ "a\\b \\377", "\"a\\b \\377\"" },
		{ "l1\n9 9 \"x\"", "\"l1 9 9 'x'\"" },
	};
	size_t n = ARRAY_SIZE(cases), i;
	char *data, *out, *p;

	if (system("gnuplot --version >/dev/null 2>&1"))
		skip();
	data = esc_join(esc_gnuplot_data_puts, cases, n, "%zu 0 ", "\n");
	out = gnuplot_run("set table $t\nplot 'd.dat' using 1:2:3 with labels\nunset table\n"
			  "print $t\n", data);
	/* one row per case, in order, then nothing else */
	for (i = 0, p = out; i < n; i++) {
		p = strstr(p, cases[i].out);
		if (!p)
			print_error("case %zu: %s not in\n%s\n", i, cases[i].out, out);
		assert_non_null(p);
		p += strlen(cases[i].out);
	}
	assert_null(strstr(p, "\""));
	free(out);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gp),
		cmocka_unit_test(test_gpdata),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_latex),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_stream_error),
		cmocka_unit_test(test_gp_by_gnuplot),
		cmocka_unit_test(test_gpdata_by_gnuplot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
