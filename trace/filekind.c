// SPDX-License-Identifier: GPL-2.0
/*
 * What a per-CPU data file is, found without blocking. Outside tracefs a
 * source's per_cpu/cpuN/trace_pipe{,_raw} is normally a regular file (a
 * recorded run, the model), but it may be a FIFO (a board's trace piped in)
 * or a device: a plain open() of a FIFO with no writer never returns, and a
 * FIFO's writer that keeps it open never gives EOF.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_int.h"

static enum trace_file_kind kind_of(mode_t mode)
{
	if (S_ISREG(mode))
		return TRACE_FILE_REGULAR;
	if (S_ISFIFO(mode) || S_ISSOCK(mode))
		return TRACE_FILE_PIPE;
	if (S_ISCHR(mode))
		return TRACE_FILE_DEVICE;
	return TRACE_FILE_OTHER;
}

const char *trace_file_kind_name(enum trace_file_kind kind)
{
	switch (kind) {
	case TRACE_FILE_REGULAR:
		return "a regular file";
	case TRACE_FILE_PIPE:
		return "a FIFO";
	case TRACE_FILE_DEVICE:
		return "a character device";
	default:
		return "not a regular file, FIFO or character device";
	}
}

int trace_file_kind(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	return kind_of(st.st_mode);
}

int trace_file_open_nb(const char *path, enum trace_file_kind *kind)
{
	struct stat st;
	int fd, ret;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	*kind = kind_of(st.st_mode);
	return fd;
}

bool trace_dir_has_pipes(const char *dir, unsigned int nr_cpus, const char *name)
{
	char path[PATH_MAX];
	unsigned int i;

	for (i = 0; i < nr_cpus; i++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/%s", dir, i, name);
		if (trace_file_kind(path) == TRACE_FILE_PIPE)
			return true;
	}
	return false;
}
