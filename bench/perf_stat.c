// SPDX-License-Identifier: GPL-2.0
/* perf stat as a counter source: start before the workload, SIGINT after. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "perf_stat.h"

int bench_perf_csv_parse(const char *text, struct bench_perf_count *out, int max)
{
	const char *line = text;
	int n = 0;

	while (line && *line && n < max) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[512], *f[4], *save = buf;
		int i;

		if (len && line[0] != '#' && len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			for (i = 0; i < 4; i++)
				f[i] = strsep(&save, ",");
			if (f[2] && *f[2]) {
				struct bench_perf_count *c = &out[n++];
				char *end;

				memset(c, 0, sizeof(*c));
				snprintf(c->event, sizeof(c->event), "%s", f[2]);
				snprintf(c->unit, sizeof(c->unit), "%s",
					 !strcmp(f[1], "msec") ? "ms" : *f[1] ? f[1] : "count");
				c->value = strtod(f[0], &end);
				c->supported = f[0][0] != '<' && end != f[0];
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return n;
}

pid_t bench_perf_start(const char *events, const char *out)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (!pid) {
		int null = open("/dev/null", O_RDWR);

		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		/* its own process group: a terminal ^C reaches smmubench, which stops perf */
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		execlp("perf", "perf", "stat", "-a", "-x,", "-o", out, "-e", events, (char *)NULL);
		fprintf(stderr, "smmubench: perf: %s (apt-get install linux-perf)\n", strerror(errno));
		_exit(127);
	}
	/* perf needs a moment to open its counters before the workload starts */
	{
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	return pid;
}

int bench_perf_stop(pid_t pid)
{
	int status;

	if (pid <= 0)
		return 0;
	kill(pid, SIGINT);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -ENOENT;
	return 0;
}
