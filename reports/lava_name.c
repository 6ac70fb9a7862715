// SPDX-License-Identifier: GPL-2.0
/*
 * LAVA test-case names: the reversible escape of one field. LAVA's
 * TESTCASE signal is split on blanks, each KEY=VALUE on '='
 * (lava_dispatcher/actions/test/shell.py, handle_testcase), and
 * lava-test-case makes a directory named after the case, so a name keeps
 * to [A-Za-z0-9_.-]: '.' joins fields, '_' starts an escape.
 */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "reports.h"

static int lava_esc(char *buf, size_t len, const char *s, const char *extra)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (!len)
		return -ENAMETOOLONG;
	for (s = s ? s : ""; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (str_isalnum(*s) || c == '-' || (c && strchr(extra, c))) {
			if (o + 1 >= len)
				goto cut;
			buf[o++] = *s;
			continue;
		}
		if (o + 3 >= len)
			goto cut;
		buf[o++] = '_';
		buf[o++] = hex[c >> 4];
		buf[o++] = hex[c & 15];
	}
	buf[o] = '\0';
	return 0;
cut:
	buf[o] = '\0';
	return -ENAMETOOLONG;
}

int report_lava_field_esc(char *buf, size_t len, const char *s)
{
	return lava_esc(buf, len, s, "");
}

int report_lava_units_esc(char *buf, size_t len, const char *s)
{
	return lava_esc(buf, len, s, "/%");
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int report_lava_unesc(char *buf, size_t len, const char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '_') {
			int hi, lo;

			hi = i + 1 < n ? hexval(s[i + 1]) : -1;
			lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -EINVAL;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (!(str_isalnum(c) || c == '-' || c == '/' || c == '%')) {
			return -EINVAL;
		}
		if (o + 1 >= len)
			return -ENAMETOOLONG;
		buf[o++] = c;
	}
	if (!len)
		return -ENAMETOOLONG;
	buf[o] = '\0';
	return 0;
}
