// SPDX-License-Identifier: GPL-2.0
/*
 * The events a record run stored under DIR/raw/, decoded, as text (one
 * line per event, like trace-cmd report) or CSV: `smmubench dump`'s work
 * (bench/cmd_dump.c parses its options). Lost events show up as LOST rows
 * where the source reported them.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "perfetto.h"
#include "trace_int.h"

struct dump_ctx {
	bool csv;
	struct trace_perfetto *pf;	/* --perfetto: the timeline instead of text */
	const char *src;
	FILE *f;
};

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
 * column goes out as one field through esc_csv_puts() (RFC 4180).
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
	esc_csv_puts(d->f, d->src);
	fprintf(d->f, ",%d,%llu,%d,", r->cpu, (unsigned long long)r->ts_ns, r->pid);
	esc_csv_puts(d->f, event);
	fputc(',', d->f);
	esc_csv_puts(d->f, fields);
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
		esc_csv_puts(d->f, d->src);
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
	if (!ret && d->pf)
		ret = ops->decode(&src, trace_perfetto_rec, trace_perfetto_lost, d->pf);
	else if (!ret)
		ret = ops->decode(&src, dump_rec, dump_lost, d);
	ops->close(&src);
	if (!d->csv)
		fprintf(d->f, "# %s: %llu events, %llu lost\n", label,
			(unsigned long long)src.nr_recs, (unsigned long long)src.lost);
	return ret;
}

/* Every N-host, N-raw and N-remote dir under dir/raw/, in name order. */
static int dump_recording(struct dump_ctx *d, const char *dir)
{
	char path[PATH_MAX];
	struct dirent **names;
	int n, i, ret = 0, found = 0;

	snprintf(path, sizeof(path), "%s/raw", dir);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		ret = -errno;
		fprintf(stderr, "smmubench dump: %s: %s (expected a 'smmubench record -o DIR' "
			"directory)\n", path, strerror(errno));
		return ret;
	}
	for (i = 0; i < n; i++) {
		const char *kind = strchr(names[i]->d_name, '-');
		int r = 0;

		snprintf(path, sizeof(path), "%s/raw/%s", dir, names[i]->d_name);
		if (kind && (!strcmp(kind, "-host") || !strcmp(kind, "-raw"))) {
			found++;
			r = dump_one(d, &trace_source_raw_ops, path, names[i]->d_name);
		} else if (kind && !strcmp(kind, "-remote")) {
			found++;
			r = dump_one(d, &trace_source_text_ops, path, names[i]->d_name);
		}
		if (r && !ret)
			ret = r < 0 ? r : -EIO;
		free(names[i]);
	}
	free(names);
	if (!found) {
		fprintf(stderr, "smmubench dump: %s/raw: no N-host, N-raw or N-remote directory\n",
			dir);
		return -ENOENT;
	}
	return ret;
}

int trace_dump(const struct trace_dump_opts *o)
{
	struct dump_ctx d = { .csv = o->csv, .f = o->out ? o->out : stdout };
	int ret, r;

	if (o->perfetto) {
		d.pf = trace_perfetto_open(o->perfetto);
		if (!d.pf) {
			ret = -errno;
			fprintf(stderr, "smmubench dump: %s: %s\n", o->perfetto, strerror(errno));
			return ret;
		}
	}
	if (d.csv && !d.pf)
		fprintf(d.f, "source,cpu,ts_ns,pid,event,fields\n");
	if (!strncmp(o->dir, "raw:", 4))
		ret = dump_one(&d, &trace_source_raw_ops, o->dir + 4, o->dir);
	else if (!strncmp(o->dir, "remote:", 7))
		ret = dump_one(&d, &trace_source_text_ops, o->dir + 7, o->dir);
	else
		ret = dump_recording(&d, o->dir);
	r = trace_perfetto_close(d.pf);
	if (r && !ret) {
		fprintf(stderr, "smmubench dump: %s: %s\n", o->perfetto, strerror(-r));
		ret = r;
	}
	return ret > 0 ? -EIO : ret;
}
