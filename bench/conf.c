// SPDX-License-Identifier: GPL-2.0
/*
 * bench.conf loading. inih does the INI syntax; the reader here collects
 * every (section, key, value, line), then conf_build() checks each against
 * the key tables and fills in defaults, and conf_validate() does the checks
 * across keys. inih's handler does not get the line number, so the reader
 * below counts lines itself and refuses lines inih would split.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ini.h>

#include "conf_int.h"

void conf_error(struct conf_parse *p, int line, const char *fmt, ...)
{
	va_list ap;

	p->nr_errors++;
	if (!p->err)
		return;
	if (line > 0)
		fprintf(p->err, "%s:%d: ", p->file, line);
	else
		fprintf(p->err, "%s: ", p->file);
	va_start(ap, fmt);
	vfprintf(p->err, fmt, ap);
	va_end(ap);
	fputc('\n', p->err);
}

/* Note LINE if it opens a section, as inih reads it: "[" after blanks, up to "]". */
static void conf_header_note(struct conf_reader *rd, const char *line)
{
	struct conf_header *h;
	const char *end;

	while (isspace((unsigned char)*line))
		line++;
	if (*line != '[' || !(end = strchr(line + 1, ']')))
		return;
	h = realloc(rd->hdr, (rd->nr_hdr + 1) * sizeof(*h));
	if (!h) {
		rd->nomem = 1;
		return;
	}
	rd->hdr = h;
	h = &h[rd->nr_hdr++];
	snprintf(h->name, sizeof(h->name), "%.*s", (int)(end - line - 1), line + 1);
	h->line = rd->line;
}

/* ini_reader: one line per call, so the call count is the line number. */
static char *conf_read_line(char *str, int num, void *stream)
{
	struct conf_reader *rd = stream;
	const char *nl;
	size_t len;

	if (!*rd->text)
		return NULL;
	nl = strchr(rd->text, '\n');
	len = nl ? (size_t)(nl - rd->text) + 1 : strlen(rd->text);
	rd->line++;
	if (len >= (size_t)num) {
		/* inih would read the rest as a new line: refuse instead. */
		if (!rd->long_line)
			rd->long_line = rd->line;
		memcpy(str, "\n", 2);
	} else {
		memcpy(str, rd->text, len);
		str[len] = '\0';
		conf_header_note(rd, str);
	}
	rd->text += len;
	return str;
}

char *conf_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int conf_handler(void *user, const char *section, const char *name, const char *value)
{
	struct conf_parse *p = user;
	struct conf_entry *e;
	char *v, *hash;

	e = realloc(p->ent, (p->nr_ent + 1) * sizeof(*e));
	if (!e) {
		p->nomem = 1;
		return 0;
	}
	p->ent = e;
	e = &p->ent[p->nr_ent];
	v = strdup(value);
	if (!v) {
		p->nomem = 1;
		return 0;
	}
	/* inih strips inline ';' comments; strip ' #' ones as well. */
	for (hash = v; (hash = strchr(hash, '#')); hash++)
		if (hash == v || isspace((unsigned char)hash[-1])) {
			*hash = '\0';
			break;
		}
	e->section = strdup(section);
	e->key = strdup(name);
	e->value = v;
	e->line = p->rd.line;
	e->dup = false;
	if (!e->section || !e->key) {
		free(e->section);
		free(e->key);
		free(v);
		p->nomem = 1;
		return 0;
	}
	p->nr_ent++;
	return 1;
}

struct bench_conf *bench_conf_load_string(const char *name, const char *text, FILE *err)
{
	struct conf_parse p = { .file = name, .err = err, .rd = { .text = text } };
	struct bench_conf *conf;
	int ret, err_no = EINVAL;
	size_t i;

	conf = calloc(1, sizeof(*conf));
	if (!conf)
		return NULL;
	conf->path = strdup(name);
	conf->text = strdup(text);
	if (!conf->path || !conf->text)
		goto nomem;

	ret = ini_parse_stream(conf_read_line, &p.rd, conf_handler, &p);
	if (p.nomem || p.rd.nomem)
		goto nomem;
	if (p.rd.long_line)
		conf_error(&p, p.rd.long_line, "line longer than %d characters", INI_MAX_LINE - 2);
	else if (ret > 0)
		conf_error(&p, ret, "syntax error: expected [section], key = value, or a comment (# or ;)");
	if (conf_build(&p, conf) == -ENOMEM)
		goto nomem;
	conf_validate(&p, conf);
	if (!conf->nr_workloads)
		conf_error(&p, 0, "no [workload NAME] section: nothing to run");

	for (i = 0; i < p.nr_ent; i++) {
		free(p.ent[i].section);
		free(p.ent[i].key);
		free(p.ent[i].value);
	}
	free(p.ent);
	free(p.rd.hdr);
	if (p.nr_errors) {
		bench_conf_free(conf);
		errno = err_no;
		return NULL;
	}
	return conf;
nomem:
	for (i = 0; i < p.nr_ent; i++) {
		free(p.ent[i].section);
		free(p.ent[i].key);
		free(p.ent[i].value);
	}
	free(p.ent);
	free(p.rd.hdr);
	bench_conf_free(conf);
	errno = ENOMEM;
	return NULL;
}

/* PATH is a directory: say so, and name the bench.conf in it if there is one. */
static void conf_load_dir_error(const char *path, FILE *err)
{
	char inside[4096];
	struct stat st;

	if (!err)
		return;
	if (snprintf(inside, sizeof(inside), "%s/bench.conf", path) < (int)sizeof(inside) &&
	    !stat(inside, &st) && S_ISREG(st.st_mode))
		fprintf(err, "%s: %s; did you mean %s?\n", path, strerror(EISDIR), inside);
	else
		fprintf(err, "%s: %s; give a bench.conf file\n", path, strerror(EISDIR));
}

struct bench_conf *bench_conf_load(const char *path, FILE *err)
{
	struct bench_conf *conf;
	char *text = NULL;
	size_t len = 0;
	FILE *f, *mem;
	char buf[4096];
	struct stat st;
	size_t n;
	int e;

	f = fopen(path, "r");
	if (!f) {
		e = errno;
		if (err)
			fprintf(err, "%s: %s\n", path, strerror(e));
		errno = e;
		return NULL;
	}
	/* fopen() takes a directory; its reads fail, and it looked like an empty file */
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		conf_load_dir_error(path, err);
		errno = EISDIR;
		return NULL;
	}
	mem = open_memstream(&text, &len);
	if (!mem) {
		fclose(f);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, mem);
	e = ferror(f) ? errno : 0;
	fclose(f);
	if (fclose(mem)) {
		free(text);
		return NULL;
	}
	if (e) {
		if (err)
			fprintf(err, "%s: %s\n", path, strerror(e));
		free(text);
		errno = e;
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		if (err)
			fprintf(err, "%s: not a text file (contains NUL bytes)\n", path);
		free(text);
		errno = EINVAL;
		return NULL;
	}
	conf = bench_conf_load_string(path, text, err);
	free(text);
	return conf;
}
