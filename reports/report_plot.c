// SPDX-License-Identifier: GPL-2.0
/*
 * Runs gnuplot on a script kept beside its image. The script names its data
 * files relative to its own directory, so `cd plots && gnuplot x.gp`
 * redraws the plot after a user edits the style.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_plot.h"
#include "report_util.h"

int report_plot_available(void)
{
	return system("gnuplot --version >/dev/null 2>&1") == 0;
}

FILE *report_plot_dat_open(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	return fopen(path, "w");
}

void report_plot_quote(char *dst, size_t len, const char *src)
{
	size_t i = 0;

	for (; src && *src && i + 1 < len; src++)
		dst[i++] = (*src == '"' || *src == '\\') ? '\'' : *src;
	dst[i] = '\0';
}

int report_plot_render(const char *dir, const char *name, const char *body, char *err,
		       size_t errlen)
{
	char gp[PATH_MAX], svg[PATH_MAX], log[PATH_MAX];
	struct stat st;
	FILE *f;
	pid_t pid;
	int status, ret;

	snprintf(gp, sizeof(gp), "%s/%s.gp", dir, name);
	snprintf(svg, sizeof(svg), "%s/%s.svg", dir, name);
	snprintf(log, sizeof(log), "%s/.%s.log", dir, name);
	f = fopen(gp, "w");
	if (!f)
		return -errno;
	fprintf(f, "# smmubench report plot; edit and rerun with: gnuplot %s.gp\n"
		   "set terminal svg size 900,480 noenhanced font 'sans,12' background rgb 'white'\n"
		   "set output '%s.svg'\n"
		   "set termoption noenhanced\n"
		   "set datafile missing '?'\n"
		   "set grid\n"
		   "%s", name, name, body);
	if (fclose(f) == EOF)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd;

		if (chdir(dir) < 0)
			_exit(126);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 2);
			dup2(fd, 1);
		}
		snprintf(gp, sizeof(gp), "%s.gp", name);
		execlp("gnuplot", "gnuplot", gp, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	ret = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || stat(svg, &st) < 0 ||
	    st.st_size == 0) {
		char *text = report_file_read(log, NULL);
		char *line = text;

		/* gnuplot prints the offending line then the message: keep the message */
		if (text) {
			char *p = strstr(text, "line ");

			line = p ? p : text;
			line[strcspn(line, "\n")] = '\0';
		}
		snprintf(err, errlen, "gnuplot %s.gp failed (%s): %s", name,
			 WIFEXITED(status) ? "exit status" : "signal", line ? line : "no output");
		free(text);
		ret = -EIO;
	}
	unlink(log);
	return ret;
}
