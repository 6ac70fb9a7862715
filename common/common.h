/* SPDX-License-Identifier: GPL-2.0 */
/*
 * common/: the bottom layer. Helpers that belong to no domain (arrays,
 * files, directories, formatting, escaping); every other folder may use
 * them and they use nothing of smmubench's. Return 0 or a negative errno.
 */
#ifndef COMMON_H
#define COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "escape.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* file.c: whole files */

/*
 * All of PATH, NUL-terminated, into a malloc'd *buf; *len (may be NULL) gets
 * its size. Opened O_NONBLOCK so that a FIFO or an empty pipe where a file
 * was expected gives what is there instead of hanging the caller.
 */
int file_read_all(const char *path, char **buf, size_t *len);
/* file_read_all() as a constructor: the text, or NULL with errno set. */
char *file_read_text(const char *path, size_t *len);
/* First line of PATH without its newline ("" for an empty file). */
int file_read_line(const char *path, char *buf, size_t len);
/*
 * Write S to an existing PATH (O_TRUNC, never O_CREAT): sysfs and tracefs
 * knobs, where creating a file would hide a typo in the path.
 */
int file_write_knob(const char *path, const char *s);
/* Create or truncate PATH (0644) with LEN bytes of DATA. */
int file_write_new(const char *path, const void *data, size_t len);
/* file_write_new() of a string. */
int file_write_str(const char *path, const char *s);
/* write(2) until LEN bytes went out, retrying EINTR and short writes. */
int fd_write_all(int fd, const void *buf, size_t len);

/* dir.c: directories */

/* mkdir PATH 0755; an existing one is fine. */
int dir_make(const char *path);
/* mkdir -p PATH. */
int dir_make_p(const char *path);
/* rm -rf PATH; symlinks are removed, never followed; ENOENT is fine. */
int dir_remove_tree(const char *path);

/* proc.c: child processes */

/*
 * Run argv[0] (looked up in PATH) with argv, never through a shell, in cwd
 * (NULL: this one), stdin /dev/null, stdout and stderr into out_path
 * (NULL: /dev/null); wait for it. Its exit status (127: not found), 128 +
 * the signal that killed it, or -errno when it could not be started.
 * out_path PROC_OUT_INHERIT: the caller's stdout and stderr (a console).
 */
#define PROC_OUT_INHERIT ((const char *)1)
int proc_run(const char *const *argv, const char *cwd, const char *out_path);

/* fmt.c: text */

/* snprintf that reports truncation: -ENAMETOOLONG (BUF still terminated). */
int fmt_buf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "2.5s", "1m23s", "2h03m09s" for NS. */
void fmt_duration(char *buf, size_t len, uint64_t ns);
/* "2026-11-23T23:16:54Z" for T. */
void fmt_time_iso(time_t t, char *buf, size_t len);
/* printf into a caller's error buffer; ERR may be NULL or LEN 0. */
void fmt_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* rng.c: splitmix64, the one seedable generator (reproducible resampling) */

/* The next 64-bit output; advances *state. */
uint64_t rng_splitmix64_next(uint64_t *state);
/* An index in [0, n) (n > 0) from the next output. */
size_t rng_splitmix64_below(uint64_t *state, size_t n);

/*
 * A string pool: str_pool_intern() returns the pool's one copy of s
 * (equal strings, equal pointers), valid until str_pool_free(); NULL and
 * errno ENOMEM when out of memory.
 */
struct str_pool;
struct str_pool *str_pool_new(void);
const char *str_pool_intern(struct str_pool *p, const char *s);
/* The number of s in first-seen order (0, 1, ...: a new string gets the next), or -ENOMEM. */
long str_pool_index(struct str_pool *p, const char *s);
void str_pool_free(struct str_pool *p);

/* [A-Za-z0-9], whatever the locale */
static inline bool str_isalnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

#endif
