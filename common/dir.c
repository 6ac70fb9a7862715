// SPDX-License-Identifier: GPL-2.0
/* Directories: make one, make a path, remove a tree. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

#include "common.h"

int dir_make(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int dir_make_p(const char *path)
{
	char tmp[PATH_MAX], *p;
	int ret;

	ret = fmt_buf(tmp, sizeof(tmp), "%s", path);
	if (ret)
		return ret;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ret = dir_make(tmp);
		if (ret)
			return ret;
		*p = '/';
	}
	return dir_make(tmp);
}

static int dir_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) ? -errno : 0;
}

int dir_remove_tree(const char *path)
{
	struct stat st;
	int ret;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	/* FTW_PHYS: a symlink in the tree is removed, what it points to is not */
	ret = nftw(path, dir_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (ret > 0 || (ret < 0 && !errno))
		return -EIO;
	return ret < 0 ? -errno : ret;
}
