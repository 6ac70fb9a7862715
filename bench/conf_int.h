/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.conf parsing, private to bench/conf*.c: what the INI reader
 * collected (every section, key, value and line) and the steps that turn
 * it into a struct bench_conf: values (conf_value.c), sections
 * (conf_section.c) and the cross-key checks (conf_validate.c).
 */
#ifndef BENCH_CONF_INT_H
#define BENCH_CONF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "conf.h"

/* A "[section]" line: inih does not say where sections start, the reader does. */
struct conf_header {
	char name[128];
	int line;
};

struct conf_reader {
	const char *text;	/* remaining input */
	int line;		/* number of the line last handed to inih */
	int long_line;		/* first line longer than inih's buffer */
	struct conf_header *hdr;
	size_t nr_hdr;
	int nomem;
};

struct conf_entry {
	char *section, *key, *value;
	int line;
	bool dup;		/* in a second section of one name: reported, not used */
};

struct conf_parse {
	const char *file;
	FILE *err;
	struct conf_reader rd;
	struct conf_entry *ent;
	size_t nr_ent;
	int nr_errors;
	int nomem;
};

/* One message per problem: "FILE:LINE: what"; counts the errors. */
void conf_error(struct conf_parse *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* S without leading and trailing blanks (in place). */
char *conf_trim(char *s);

/* conf_value.c */
int conf_name_check(const char *s, size_t max, char *why, size_t why_len);
int conf_val_set(struct conf_parse *p, const char *sec, struct bench_val *val,
		 const char *text, int line);

/* conf_section.c */
struct bench_val *conf_section_find(struct bench_section *s, const char *key);
void conf_section_free(struct bench_section *s);
int conf_build(struct conf_parse *p, struct bench_conf *conf);

/* conf_validate.c */
void conf_validate(struct conf_parse *p, struct bench_conf *conf);

#endif
