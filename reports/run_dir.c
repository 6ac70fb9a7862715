// SPDX-License-Identifier: GPL-2.0
/* What a run directory is, and whether a path lies inside one. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports.h"

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
