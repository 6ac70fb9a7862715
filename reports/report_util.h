/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers private to reports/: files, directories, time, units. */
#ifndef REPORT_UTIL_H
#define REPORT_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

static inline int report_isalnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whole file, NUL-terminated; *len (may be NULL) gets its size. NULL + errno. */
char *report_file_read(const char *path, size_t *len);
int report_file_write(const char *path, const char *text);
/* "2026-11-23T23:16:54Z" */
void report_time_iso(time_t t, char *buf, size_t len);
/* "1.23 us" style with 3 significant digits, for a value in unit (ns auto-scaled). */
void report_fmt_value(char *buf, size_t len, double v, const char *unit);

/*
 * 1 when path (which need not exist yet) is a run directory or lies inside
 * one: a directory holding meta.json and results.jsonl. *run gets that
 * directory. Runs are never rewritten; report outputs must stay out.
 */
int report_path_in_run(const char *path, char *run, size_t len);

/* printf into a caller's error buffer (err may be NULL or len 0). */
void report_seterr(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
