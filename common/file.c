// SPDX-License-Identifier: GPL-2.0
/* Whole-file reads and writes, with errno kept exact (ENOSPC is not EIO). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int file_read_all(const char *path, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b, *nb;
	ssize_t r;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	b = malloc(cap + 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (n == cap) {
			cap *= 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				ret = -ENOMEM;
				break;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			ret = -errno;
			break;
		}
		if (!r)
			break;
		n += r;
	}
	close(fd);
	if (ret) {
		free(b);
		return ret;
	}
	b[n] = '\0';
	*buf = b;
	if (len)
		*len = n;
	return 0;
}

char *file_read_text(const char *path, size_t *len)
{
	char *buf;
	int ret = file_read_all(path, &buf, len);

	if (ret) {
		errno = -ret;
		return NULL;
	}
	return buf;
}

int file_read_line(const char *path, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t r;
	int fd, ret = 0;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* no more than BUF holds: a line longer than it is cut, as fgets() does */
	while (n < len - 1 && !memchr(buf, '\n', n)) {
		r = read(fd, buf + n, len - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno != EAGAIN)
			ret = -errno;
		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return ret;
}

int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t w;

	/* a short write is not an error: the next one says why (ENOSPC, EFBIG) */
	while (len) {
		w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!w)
			return -EIO;	/* no progress and no reason */
		p += w;
		len -= w;
	}
	return 0;
}

static int file_write_flags(const char *path, int flags, const void *data, size_t len)
{
	int fd, ret;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | flags, 0644);
	if (fd < 0)
		return -errno;
	ret = fd_write_all(fd, data, len);
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int file_write_knob(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t w;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* one write(2): a knob takes its value whole, and a partial one is an error */
	w = write(fd, s, len);
	if (w < 0)
		ret = -errno;
	else if ((size_t)w != len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int file_write_new(const char *path, const void *data, size_t len)
{
	return file_write_flags(path, O_CREAT, data, len);
}

int file_write_str(const char *path, const char *s)
{
	return file_write_new(path, s, strlen(s));
}
