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

int trace_write_all(int fd, const void *buf, size_t len)
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

int trace_copy_file(const char *from, const char *to)
{
	enum trace_file_kind kind;
	char buf[65536];
	int in, out, ret = 0;
	ssize_t r;

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
		ret = trace_write_all(out, buf, r);
		if (ret)
			break;
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

/*
 * Every per_cpu/cpuN, not the first run of them: a CPU missing in the
 * middle (a hole in the possible mask, a recording without it) must not
 * hide the ones after it. CPUs from TRACE_MAX_CPUS on are counted in
 * *not_read and said here; the callers put them in the report.
 */
int trace_nr_cpus_dir(const char *dir, unsigned int *not_read)
{
	unsigned int n = 0, beyond = 0, first_beyond = UINT_MAX, last_beyond = 0, present = 0;
	char path[PATH_MAX], *end;
	struct dirent *de;
	unsigned long id;
	DIR *d;

	*not_read = 0;
	if (snprintf(path, sizeof(path), "%s/per_cpu", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "cpu", 3) || de->d_name[3] < '0' || de->d_name[3] > '9')
			continue;
		errno = 0;
		id = strtoul(de->d_name + 3, &end, 10);
		if (*end || errno || id > UINT_MAX - 1)
			continue;
		if (id >= TRACE_MAX_CPUS) {
			beyond++;
			first_beyond = id < first_beyond ? id : first_beyond;
			last_beyond = id > last_beyond ? id : last_beyond;
			continue;
		}
		present++;
		if (id + 1 > n)
			n = id + 1;
	}
	closedir(d);
	if (present && present < n)
		trace_err("%s/per_cpu: %u of cpu0..cpu%u are missing; nothing is read for them, "
			  "every CPU present is\n", dir, n - present, n - 1);
	if (beyond)
		trace_err("%s/per_cpu: WARNING: %u CPU dir(s) cpu%u..cpu%u are not read: smmubench "
			  "reads at most %d CPUs; their events are missing from the results\n",
			  dir, beyond, first_beyond, last_beyond, TRACE_MAX_CPUS);
	*not_read = beyond;
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
