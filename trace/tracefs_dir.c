// SPDX-License-Identifier: GPL-2.0
/* A tracefs, or a directory laid out like one: its per_cpu dirs, copies of its files. */
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
		ret = fd_write_all(out, buf, r);
		if (ret)
			break;
	}
	close(in);
	if (close(out) && !ret)
		ret = -errno;
	return ret;
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
