// SPDX-License-Identifier: GPL-2.0
/* Small file helpers for the collector. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "trace_int.h"

/* include/uapi/linux/magic.h */
#define TRACEFS_MAGIC	0x74726163

int trace_file_read(const char *path, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b = malloc(cap + 1), *nb;
	ssize_t r;
	int fd, ret = 0;

	if (!b)
		return -ENOMEM;
	/* a FIFO in a dir that looks like tracefs must not hang us */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		free(b);
		return -errno;
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

int trace_file_write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t r;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write(fd, s, len);
	if (r < 0)
		ret = -errno;
	else if ((size_t)r != len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int trace_mkdir_p(const char *path)
{
	char tmp[PATH_MAX], *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int trace_copy_file(const char *from, const char *to)
{
	enum trace_file_kind kind;
	char buf[65536];
	int in, out, ret = 0;
	ssize_t r, w;

	in = trace_file_open_nb(from, &kind);
	if (in < 0)
		return in;
	/* a FIFO or device was read once, while decoding; a copy would differ or never end */
	if (kind != TRACE_FILE_REGULAR) {
		trace_err("%s: %s: not copied\n", from, trace_file_kind_name(kind));
		close(in);
		return 0;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	while ((r = read(in, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		w = write(out, buf, r);
		if (w != r) {
			ret = w < 0 ? -errno : -EIO;
			break;
		}
	}
	close(in);
	if (close(out) && !ret)
		ret = -errno;
	return ret;
}

int trace_rm_rf(const char *path)
{
	struct dirent *de;
	char sub[PATH_MAX];
	struct stat st;
	DIR *d;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) ? -errno : 0;
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) < (int)sizeof(sub))
			trace_rm_rf(sub);
	}
	closedir(d);
	return rmdir(path) ? -errno : 0;
}

bool trace_is_tracefs(const char *path)
{
	struct statfs sf;

	return !statfs(path, &sf) && sf.f_type == TRACEFS_MAGIC;
}

int trace_nr_cpus_dir(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	int n;

	for (n = 0; n < TRACE_MAX_CPUS; n++) {
		if (snprintf(path, sizeof(path), "%s/per_cpu/cpu%d", dir, n) >= (int)sizeof(path))
			return -ENAMETOOLONG;
		if (stat(path, &st))
			break;
	}
	return n;
}

int trace_evtype_field(const struct trace_evtype *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nr_fields; i++)
		if (!strcmp(t->field[i], name))
			return i;
	return -1;
}

const char *trace_probe_group(char *buf, size_t len)
{
	snprintf(buf, len, TRACE_PROBE_PFX "%d", (int)getpid());
	return buf;
}
