// SPDX-License-Identifier: GPL-2.0
/* Helpers private to reports/: files, directories, time, units. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_util.h"

char *report_file_read(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0, r;
	char *buf, *nb;
	FILE *f = fopen(path, "r");
	int err;

	if (!f)
		return NULL;
	buf = malloc(cap);
	if (!buf)
		goto fail;
	while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0) {
			nb = realloc(buf, cap * 2);
			if (!nb)
				goto fail;
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
fail:
	err = errno ? errno : EIO;
	free(buf);
	fclose(f);
	errno = err;
	return NULL;
}

int report_file_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f)
		return -errno;
	if (fputs(text, f) == EOF)
		ret = -EIO;
	if (fclose(f) == EOF && !ret)
		ret = -errno;
	return ret;
}

void report_time_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void report_fmt_value(char *buf, size_t len, double v, const char *unit)
{
	static const struct { double div; const char *name; } ns_scale[] = {
		{ 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" }, { 1, "ns" },
	};
	size_t i;

	if (isnan(v)) {
		snprintf(buf, len, "-");
		return;
	}
	if (unit && !strcmp(unit, "ns")) {
		for (i = 0; i < 3 && fabs(v) < ns_scale[i].div; i++)
			;
		v /= ns_scale[i].div;
		unit = ns_scale[i].name;
	}
	if (fabs(v) >= 1000 || v == floor(v))
		snprintf(buf, len, "%.0f %s", v, unit ? unit : "");
	else
		snprintf(buf, len, "%.4g %s", v, unit ? unit : "");
	/* no trailing blank when the unit is empty */
	i = strlen(buf);
	if (i && buf[i - 1] == ' ')
		buf[i - 1] = '\0';
}

void report_seterr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static int dir_is_run(const char *dir)
{
	char p[PATH_MAX + 16];

	snprintf(p, sizeof(p), "%s/meta.json", dir);
	if (access(p, F_OK))
		return 0;
	snprintf(p, sizeof(p), "%s/results.jsonl", dir);
	return !access(p, F_OK);
}

int report_path_in_run(const char *path, char *run, size_t len)
{
	char buf[PATH_MAX], real[PATH_MAX], *s;

	snprintf(buf, sizeof(buf), "%s", path);
	/* the nearest ancestor that exists: -o may name a directory not made yet */
	while (!realpath(buf, real)) {
		if (errno != ENOENT && errno != ENOTDIR)
			return 0;
		s = strrchr(buf, '/');
		if (!s) {
			if (!getcwd(real, sizeof(real)))
				return 0;
			break;
		}
		if (s == buf) {
			strcpy(real, "/");
			break;
		}
		*s = '\0';
	}
	for (;;) {
		if (dir_is_run(real)) {
			snprintf(run, len, "%s", real);
			return 1;
		}
		s = strrchr(real, '/');
		if (!s || s == real)
			return 0;
		*s = '\0';
	}
}
