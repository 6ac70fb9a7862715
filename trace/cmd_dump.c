// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench dump DIR: the events a record run stored under DIR/raw/,
 * decoded, as text (one line per event, like trace-cmd report) or CSV.
 * Lost events show up as LOST rows where the source reported them.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "trace_int.h"

struct dump_ctx {
	bool csv;
	const char *src;
	FILE *f;
};

static void dump_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench dump [options] DIR\n"
		"\n"
		"Print the events stored by 'smmubench record -o DIR' (DIR/raw/*), decoded,\n"
		"in timestamp order per source. Also reads a directory laid out like a trace\n"
		"remote or a tracefs instance given as raw:DIR or remote:DIR.\n"
		"\n"
		"  -c, --csv     CSV (RFC 4180): source,cpu,ts_ns,pid,event,fields (k=v;k=v)\n"
		"  -h, --help    this text\n");
}

/* A string field of a raw record (char array or __data_loc), else NULL. */
static const char *dump_str(const struct trace_rec *r, unsigned int i, int *len)
{
	const struct trace_evtype *t = r->type;
	unsigned int off = t->offset[i], n = t->size[i];
	uint32_t loc;

	if (!r->raw || t->kind[i] == TRACE_FIELD_INT || t->kind[i] == TRACE_FIELD_OTHER)
		return NULL;
	if (t->kind[i] == TRACE_FIELD_DYNSTR) {
		/* __data_loc: u32 (length << 16 | offset), include/trace/stages */
		if (off + 4 > r->raw_size)
			return NULL;
		memcpy(&loc, r->raw + off, 4);
		off = loc & 0xffff;
		n = loc >> 16;
	}
	if (off + n > r->raw_size)
		return NULL;
	*len = strnlen((const char *)r->raw + off, n);
	return (const char *)r->raw + off;
}

/*
 * One CSV row: source,cpu,ts_ns,pid,event,fields. Names and string values
 * come from the trace (directory names, format files, records): each text
 * column goes out as one field through trace_csv_puts() (RFC 4180).
 */
static int dump_rec_csv(struct dump_ctx *d, const struct trace_rec *r)
{
	char *event = NULL, *fields = NULL;
	size_t flen = 0;
	const char *str;
	unsigned int i;
	int len, ret = -ENOMEM;
	FILE *t;

	if (asprintf(&event, "%s:%s", r->type->system, r->type->name) < 0) {
		event = NULL;
		goto out;
	}
	t = open_memstream(&fields, &flen);
	if (!t)
		goto out;
	for (i = 0; i < r->type->nr_fields; i++) {
		str = dump_str(r, i, &len);
		if (str)
			fprintf(t, "%s%s=%.*s", i ? ";" : "", r->type->field[i], len, str);
		else
			fprintf(t, "%s%s=%llu", i ? ";" : "", r->type->field[i],
				(unsigned long long)r->val[i]);
	}
	if (fclose(t))
		goto out;
	trace_csv_puts(d->f, d->src);
	fprintf(d->f, ",%d,%llu,%d,", r->cpu, (unsigned long long)r->ts_ns, r->pid);
	trace_csv_puts(d->f, event);
	fputc(',', d->f);
	trace_csv_puts(d->f, fields);
	fputc('\n', d->f);
	ret = 0;
out:
	free(event);
	free(fields);
	return ret;
}

static int dump_rec(void *arg, const struct trace_rec *r)
{
	const char *str;
	int len;
	struct dump_ctx *d = arg;
	unsigned int i;

	if (d->csv)
		return dump_rec_csv(d, r);
	fprintf(d->f, "[%03d] %llu.%09llu: %s:%s", r->cpu,
		(unsigned long long)(r->ts_ns / 1000000000ULL),
		(unsigned long long)(r->ts_ns % 1000000000ULL), r->type->system, r->type->name);
	if (r->pid >= 0)
		fprintf(d->f, " pid=%d", r->pid);
	for (i = 0; i < r->type->nr_fields; i++) {
		str = dump_str(r, i, &len);
		if (str)
			fprintf(d->f, " %s=%.*s", r->type->field[i], len, str);
		else
			fprintf(d->f, " %s=%llu", r->type->field[i], (unsigned long long)r->val[i]);
	}
	fputc('\n', d->f);
	return 0;
}

static void dump_lost(void *arg, int cpu, uint64_t n)
{
	struct dump_ctx *d = arg;

	if (d->csv) {
		trace_csv_puts(d->f, d->src);
		fprintf(d->f, ",%d,,,LOST,n=%llu\n", cpu, (unsigned long long)n);
	} else {
		fprintf(d->f, "[%03d] LOST %llu EVENTS\n", cpu, (unsigned long long)n);
	}
}

static int dump_one(struct dump_ctx *d, const struct trace_source_ops *ops, const char *dir,
		    const char *label)
{
	struct trace_opts o = { 0 };
	struct trace_source src = { 0 };
	int ret;

	src.ops = ops;
	src.opts = &o;
	src.spec = (char *)label;
	d->src = label;
	ret = ops->open(&src, dir);
	if (!ret)
		ret = ops->decode(&src, dump_rec, dump_lost, d);
	ops->close(&src);
	if (!d->csv)
		fprintf(d->f, "# %s: %llu events, %llu lost\n", label,
			(unsigned long long)src.nr_recs, (unsigned long long)src.lost);
	return ret;
}

int trace_cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dump_ctx d = { .f = stdout };
	char path[PATH_MAX];
	struct dirent **names;
	const char *dir;
	int c, n, i, ret = 0, found = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ch", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			d.csv = true;
			break;
		case 'h':
			dump_usage(stdout);
			return 0;
		default:
			dump_usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		dump_usage(stderr);
		return 2;
	}
	dir = argv[optind];
	if (d.csv)
		printf("source,cpu,ts_ns,pid,event,fields\n");
	if (!strncmp(dir, "raw:", 4))
		return dump_one(&d, &trace_source_raw_ops, dir + 4, dir) ? 1 : 0;
	if (!strncmp(dir, "remote:", 7))
		return dump_one(&d, &trace_source_text_ops, dir + 7, dir) ? 1 : 0;
	snprintf(path, sizeof(path), "%s/raw", dir);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "smmubench dump: %s: %s (expected a 'smmubench record -o DIR' "
			"directory)\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		const char *kind = strchr(names[i]->d_name, '-');

		snprintf(path, sizeof(path), "%s/raw/%s", dir, names[i]->d_name);
		if (kind && (!strcmp(kind, "-host") || !strcmp(kind, "-raw"))) {
			found++;
			if (dump_one(&d, &trace_source_raw_ops, path, names[i]->d_name))
				ret = 1;
		} else if (kind && !strcmp(kind, "-remote")) {
			found++;
			if (dump_one(&d, &trace_source_text_ops, path, names[i]->d_name))
				ret = 1;
		}
		free(names[i]);
	}
	free(names);
	if (!found) {
		fprintf(stderr, "smmubench dump: %s/raw: no N-host, N-raw or N-remote directory\n",
			dir);
		return 1;
	}
	return ret;
}
