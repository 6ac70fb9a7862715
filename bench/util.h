/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers of the runner. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* snprintf that reports truncation: 0, or -ENAMETOOLONG (buf still terminated). */
int bench_fmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Write S to PATH (no newline added). 0 or -errno. */
int bench_file_write(const char *path, const char *s);
/* First line of PATH without its newline. 0 or -errno. */
int bench_file_read_line(const char *path, char *buf, size_t len);
/* Whole file, NUL-terminated, malloc'd; NULL with errno. */
char *bench_file_slurp(const char *path);
/* "1m23s" style text for a duration. */
void bench_fmt_duration(char *buf, size_t len, uint64_t ns);

#endif
