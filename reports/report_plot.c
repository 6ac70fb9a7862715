// SPDX-License-Identifier: GPL-2.0
/*
 * Runs gnuplot on scripts kept beside their images. A script names its data
 * files relative to its own directory, so `cd plots && gnuplot x.gp`
 * redraws the plot after a user edits the style.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "report_plot.h"
#include "units.h"

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

void report_plot_set(FILE *f, const char *what, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	fprintf(f, "set %s ", what);
	esc_gnuplot_puts(f, n < 0 ? "" : text);
	fputc('\n', f);
	if (n >= 0)
		free(text);
}

/*
 * gnuplot 5 has no "unset macros": @name is always expanded, but never
 * inside quotes (gnuplot 5.4 help: macros), and no string is unquoted here.
 */
static const struct report_plot_style svg_style = {
	.terminal = "set terminal svg size " REPORT_PLOT_STR(REPORT_PLOT_SVG_W) ","
		    REPORT_PLOT_STR(REPORT_PLOT_SVG_H) " noenhanced font 'sans,12' background rgb 'white'",
	.ext = "svg",
};

/* body to f; for print, without its title lines and with patterns for solid fills */
static void body_write(FILE *f, const char *body, int print)
{
	const char *line = body, *end;

	if (!print) {
		fputs(body, f);
		return;
	}
	for (; *line; line = end) {
		end = strchr(line, '\n');
		end = end ? end + 1 : line + strlen(line);
		if (!strncmp(line, "set title ", 10))
			continue;
		if (!strncmp(line, "set style fill solid", 20)) {
			fputs("set style fill pattern border -1\n", f);
			continue;
		}
		fwrite(line, 1, end - line, f);
	}
}

int report_plot_script_write_style(const char *dir, const char *name,
				   const struct report_plot_style *style, const char *body)
{
	char gp[PATH_MAX];
	FILE *f;

	if (!style)
		style = &svg_style;
	snprintf(gp, sizeof(gp), "%s/%s.gp", dir, name);
	f = fopen(gp, "w");
	if (!f)
		return -errno;
	fprintf(f, "# smmubench report plot; edit and rerun with: gnuplot %s.gp\n"
		   "reset\n"
		   "%s\n"
		   "set output '%s.%s'\n"
		   "set termoption noenhanced\n"
		   "%s"
		   "set datafile missing '?'\n"
		   "set grid\n", name, style->terminal, name, style->ext,
		style->preamble ? style->preamble : "");
	body_write(f, body, style->print);
	fputs("unset output\n", f);
	return fclose(f) == EOF ? -errno : 0;
}

int report_plot_script_write(const char *dir, const char *name, const char *body)
{
	return report_plot_script_write_style(dir, name, NULL, body);
}

/* gnuplot [scripts...] in dir, stdout+stderr to log; returns the wait status or -errno */
static int gnuplot_exec(const char *dir, const char *const *names, size_t nr, const char *log)
{
	char **argv = calloc(nr + 2, sizeof(char *));
	pid_t pid;
	size_t i;
	int status;

	if (!argv)
		return -ENOMEM;
	argv[0] = "gnuplot";
	for (i = 0; i < nr; i++)
		if (asprintf(&argv[i + 1], "%s.gp", names[i]) < 0)
			argv[i + 1] = NULL;
	pid = fork();
	if (pid == 0) {
		/*
		 * The child only execs gnuplot: it leaves by _exit() (126 like a
		 * shell's "cannot enter", 127 "not found"), never back into the
		 * caller or its atexit handlers. The library itself never exits.
		 */
		int fd;

		if (chdir(dir) < 0)
			_exit(126);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 2);
			dup2(fd, 1);
		}
		execvp("gnuplot", argv);
		_exit(127);
	}
	for (i = 0; i < nr; i++)
		free(argv[i + 1]);
	free(argv);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -errno;
	return status;
}

static int svg_ok(const char *dir, const char *name, const char *ext)
{
	char svg[PATH_MAX];
	struct stat st;

	snprintf(svg, sizeof(svg), "%s/%s.%s", dir, name, ext);
	return !stat(svg, &st) && st.st_size > 0;
}

int report_plot_run(const char *dir, const char *const *names, size_t nr, int *failed,
		    char *err, size_t errlen)
{
	return report_plot_run_ext(dir, names, nr, "svg", failed, err, errlen);
}

int report_plot_run_ext(const char *dir, const char *const *names, size_t nr, const char *ext,
			int *failed, char *err, size_t errlen)
{
	char log[2 * PATH_MAX + 32];
	size_t i;
	int nr_failed = 0;

	if (!nr)
		return 0;
	snprintf(log, sizeof(log), "%s/.gnuplot.log", dir);
	/* absolute log path: the child changes directory first */
	if (log[0] != '/') {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)) && strlen(dir) < PATH_MAX)
			snprintf(log, sizeof(log), "%s/%s/.gnuplot.log", cwd, dir);
	}
	for (i = 0; i < nr; i++) {
		char svg[PATH_MAX];

		snprintf(svg, sizeof(svg), "%s/%s.%s", dir, names[i], ext);
		unlink(svg);
	}
	gnuplot_exec(dir, names, nr, log);
	for (i = 0; i < nr; i++) {
		int st;

		failed[i] = 0;
		if (svg_ok(dir, names[i], ext))
			continue;
		/* gnuplot stops at the first failing script: redo the rest one by one */
		st = gnuplot_exec(dir, &names[i], 1, log);
		if (st == 0 && svg_ok(dir, names[i], ext))
			continue;
		failed[i] = 1;
		if (!nr_failed++) {
			char *text = file_read_text(log, NULL), *line = text;

			/* gnuplot prints the offending line, then "<file>, line N: message" */
			if (text) {
				char *p = strstr(text, ", line ");

				if (p)
					while (p > text && p[-1] != '\n')
						p--;
				line = p ? p : text;
				line[strcspn(line, "\n")] = '\0';
			}
			snprintf(err, errlen, "gnuplot %s.gp failed: %s", names[i],
				 line && *line ? line : "no output");
			free(text);
		}
	}
	unlink(log);
	return nr_failed;
}
