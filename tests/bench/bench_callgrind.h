/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench_rawdecode's callgrind runs: a child run with its output to a file,
 * and callgrind_annotate's table read back (the total and the functions
 * above 2 %, per event).
 */
#ifndef BENCH_CALLGRIND_H
#define BENCH_CALLGRIND_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "common.h"

/* argv run with stdout to out (NULL: /dev/null), stderr to /dev/null; its exit status */
static int run_argv(char *const *argv, const char *out)
{
	int st, fd;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			_exit(127);
		dup2(fd, 1);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -EINTR;
}

static uint64_t cg_num(const char *p)
{
	uint64_t v = 0;

	for (; (*p >= '0' && *p <= '9') || *p == ','; p++)
		if (*p != ',')
			v = v * 10 + (*p - '0');
	return v;
}

/*
 * callgrind_annotate's table: "N (P%)  file:function [object]" per line,
 * "PROGRAM TOTALS" first. Prints the total and the top functions per event.
 */
static double cg_print(const char *who, const char *annot, uint64_t events)
{
	char *text, *line, *save, *fn;
	unsigned int shown = 0;
	uint64_t total = 0, v;

	if (file_read_all(annot, &text, NULL)) {
		printf("callgrind %s: no callgrind_annotate output\n", who);
		return 0;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ')
			line++;
		if (*line < '0' || *line > '9')
			continue;
		v = cg_num(line);
		if (strstr(line, "PROGRAM TOTALS")) {
			total = v;
			printf("callgrind %s: %.1f instructions/event in total (%llu Ir, %llu events)\n",
			       who, (double)v / events, (unsigned long long)v,
			       (unsigned long long)events);
			continue;
		}
		fn = strstr(line, "  ");
		if (!total || !fn || shown == 8 || v * 50 < total)
			continue;
		while (*fn == ' ')
			fn++;
		if (strchr(fn, ' '))
			*strchr(fn, ' ') = '\0';
		printf("    %6.1f instr/event %5.1f %%  %s\n", (double)v / events,
		       100.0 * v / total, fn);
		shown++;
	}
	free(text);
	return (double)total / events;
}

#endif
