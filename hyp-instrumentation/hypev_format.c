// SPDX-License-Identifier: GPL-2.0
/*
 * tracefs files for the event table, byte for byte as a trace remote prints
 * them: remote_event_format_show() and the REMOTE_EVENT() print function in
 * kernel/trace/trace_remote.c and include/trace/define_remote_events.h, and
 * ring_buffer_print_page_header() / ring_buffer_print_entry_header() in
 * kernel/trace/ring_buffer.c for header_page and header_event.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "hypev.h"

static int hypev_ferr(FILE *f)
{
	return ferror(f) ? -EIO : 0;
}

int hypev_print_fmt_write(FILE *f, const struct hypev_event_desc *ev)
{
	unsigned int i;

	/* RE_PRINTK(): "\"" fmt "\", " __stringify(args), __entry -> REC */
	fputc('"', f);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, "%s%s=%s", i ? " " : "", ev->fields[i].name, ev->fields[i].fmt);
	fputs("\", ", f);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, "%sREC->%s", i ? ", " : "", ev->fields[i].name);
	return hypev_ferr(f);
}

int hypev_format_write(FILE *f, const struct hypev_event_desc *ev, unsigned int id)
{
	unsigned int i;

	fprintf(f, "name: %s\n", ev->name);
	fprintf(f, "ID: %u\n", id);
	fputs("format:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n", f);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, "\tfield:%s %s;\toffset:%u;\tsize:%u;\tsigned:%d;\n",
			ev->fields[i].type, ev->fields[i].name,
			hypev_field_remote_offset(ev, i), ev->fields[i].size,
			ev->fields[i].is_signed);
	if (ev->nr_fields)
		fputc('\n', f);
	fputs("print fmt: ", f);
	hypev_print_fmt_write(f, ev);
	fputc('\n', f);
	return hypev_ferr(f);
}

int hypev_header_page_write(FILE *f, unsigned int subbuf_size)
{
	if (subbuf_size <= HYPEV_RB_PAGE_HDR_SIZE)
		return -EINVAL;
	fputs("\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n", f);
	fputs("\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n", f);
	fputs("\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n", f);
	fprintf(f, "\tfield: char data;\toffset:16;\tsize:%u;\tsigned:0;\n",
		subbuf_size - HYPEV_RB_PAGE_HDR_SIZE);
	return hypev_ferr(f);
}

int hypev_header_event_write(FILE *f)
{
	fputs("# compressed entry header\n"
	      "\ttype_len    :    5 bits\n"
	      "\ttime_delta  :   27 bits\n"
	      "\tarray       :   32 bits\n"
	      "\n"
	      "\tpadding     : type == 29\n"
	      "\ttime_extend : type == 30\n"
	      "\ttime_stamp : type == 31\n"
	      "\tdata max type_len  == 28\n", f);
	return hypev_ferr(f);
}

static unsigned long long hypev_field_get(const struct hypev_field_desc *fd,
					  const void *rec)
{
	const unsigned char *p = (const unsigned char *)rec + fd->offset;
	union {
		u8 u8;
		u16 u16;
		u32 u32;
		u64 u64;
	} v;

	memcpy(&v, p, fd->size);
	switch (fd->size) {
	case 1:
		return fd->is_signed ? (unsigned long long)(long long)(s8)v.u8 : v.u8;
	case 2:
		return fd->is_signed ? (unsigned long long)(long long)(s16)v.u16 : v.u16;
	case 4:
		return fd->is_signed ? (unsigned long long)(long long)(s32)v.u32 : v.u32;
	default:
		return v.u64;
	}
}

/* The text a remote's trace_pipe prints for one event, after the prefix. */
int hypev_text_event_write(FILE *f, const struct hypev_event_desc *ev, const void *rec)
{
	unsigned int i;

	fputs(ev->name, f);
	for (i = 0; i < ev->nr_fields; i++) {
		const struct hypev_field_desc *fd = &ev->fields[i];
		unsigned long long v = hypev_field_get(fd, rec);

		if (strchr(fd->fmt, 'x'))
			fprintf(f, " %s=0x%llx", fd->name, v);
		else if (fd->is_signed)
			fprintf(f, " %s=%lld", fd->name, (long long)v);
		else
			fprintf(f, " %s=%llu", fd->name, v);
	}
	fputc('\n', f);
	return hypev_ferr(f);
}

/* trace_remote_iter_print_event(): "[%03d]\t%5llu.%06lu: " then the event */
int hypev_text_line_write(FILE *f, int cpu, u64 ts_ns,
			  const struct hypev_event_desc *ev, const void *rec)
{
	u64 us = ts_ns / 1000;

	fprintf(f, "[%03d]\t%5llu.%06llu: ", cpu, (unsigned long long)(us / 1000000),
		(unsigned long long)(us % 1000000));
	return hypev_text_event_write(f, ev, rec);
}

int hypev_text_lost_write(FILE *f, int cpu, unsigned long lost)
{
	fprintf(f, "CPU:%d [LOST %lu EVENTS]\n", cpu, lost);
	return hypev_ferr(f);
}

/* DIR/REL (printf-style REL) into path; -ENAMETOOLONG when it does not fit. */
static int hypev_path(char *path, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int hypev_path(char *path, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(path, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* A file whose text one of this file's generators writes (a header, a format file). */
struct hypev_gen {
	int (*write)(FILE *f, const struct hypev_event_desc *ev, unsigned int subbuf_size);
	const struct hypev_event_desc *ev;
	unsigned int subbuf_size;
};

static int gen_header_page(FILE *f, const struct hypev_event_desc *ev, unsigned int subbuf_size)
{
	return hypev_header_page_write(f, subbuf_size);
}

static int gen_header_event(FILE *f, const struct hypev_event_desc *ev, unsigned int subbuf_size)
{
	return hypev_header_event_write(f);
}

static int gen_format(FILE *f, const struct hypev_event_desc *ev, unsigned int subbuf_size)
{
	return hypev_format_write(f, ev, ev->id);
}

static int hypev_gen_file(const char *path, const struct hypev_gen *g)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -errno;
	ret = g->write(f, g->ev, g->subbuf_size);
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/* tracing_on, buffer_size_kb and per_cpu/cpuN/ */
static int remote_dir_top(const char *dir, unsigned int nr_cpus)
{
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	ret = dir_make(dir);
	ret = ret ?: hypev_path(path, sizeof(path), "%s/tracing_on", dir);
	ret = ret ?: file_write_str(path, "0\n");
	ret = ret ?: hypev_path(path, sizeof(path), "%s/buffer_size_kb", dir);
	ret = ret ?: file_write_str(path, "7 (unloaded)\n");
	ret = ret ?: hypev_path(path, sizeof(path), "%s/per_cpu", dir);
	ret = ret ?: dir_make(path);
	for (i = 0; !ret && i < nr_cpus; i++) {
		ret = hypev_path(path, sizeof(path), "%s/per_cpu/cpu%u", dir, i);
		ret = ret ?: dir_make(path);
	}
	return ret;
}

/* events/ with its enable, header_page and header_event, and events/hypervisor/ */
static int remote_dir_headers(const char *dir, unsigned int subbuf_size)
{
	const struct hypev_gen page = { gen_header_page, NULL, subbuf_size };
	const struct hypev_gen event = { gen_header_event, NULL, subbuf_size };
	char path[PATH_MAX];
	int ret;

	ret = hypev_path(path, sizeof(path), "%s/events", dir);
	ret = ret ?: dir_make(path);
	ret = ret ?: hypev_path(path, sizeof(path), "%s/events/enable", dir);
	ret = ret ?: file_write_str(path, "0\n");
	ret = ret ?: hypev_path(path, sizeof(path), "%s/events/header_page", dir);
	ret = ret ?: hypev_gen_file(path, &page);
	ret = ret ?: hypev_path(path, sizeof(path), "%s/events/header_event", dir);
	ret = ret ?: hypev_gen_file(path, &event);
	ret = ret ?: hypev_path(path, sizeof(path), "%s/events/hypervisor", dir);
	return ret ?: dir_make(path);
}

/* events/hypervisor/<event>/{enable,id,format} */
static int remote_dir_event(const char *dir, const struct hypev_event_desc *ev)
{
	const struct hypev_gen format = { gen_format, ev, 0 };
	char path[PATH_MAX], id[16];
	int ret;

	snprintf(id, sizeof(id), "%d\n", ev->id);
	ret = hypev_path(path, sizeof(path), "%s/events/hypervisor/%s", dir, ev->name);
	ret = ret ?: dir_make(path);
	ret = ret ?: hypev_path(path, sizeof(path), "%s/events/hypervisor/%s/enable", dir, ev->name);
	ret = ret ?: file_write_str(path, "0\n");
	ret = ret ?: hypev_path(path, sizeof(path), "%s/events/hypervisor/%s/id", dir, ev->name);
	ret = ret ?: file_write_str(path, id);
	ret = ret ?: hypev_path(path, sizeof(path), "%s/events/hypervisor/%s/format", dir, ev->name);
	return ret ?: hypev_gen_file(path, &format);
}

/*
 * Lay out dir like <tracefs>/remotes/hypervisor/ (the tracing_on and
 * buffer_size_kb files, per_cpu/cpuN/, events/ with header_page,
 * header_event and hypervisor/<event>/{enable,id,format}), with the ids of
 * enum hypev_id. The trace files themselves are the writer's to fill.
 */
int hypev_remote_dir_create(const char *dir, unsigned int nr_cpus,
			    unsigned int subbuf_size)
{
	unsigned int i;
	int ret;

	ret = remote_dir_top(dir, nr_cpus);
	ret = ret ?: remote_dir_headers(dir, subbuf_size);
	for (i = 0; !ret && i < HYPEV_NR_EVENTS; i++)
		ret = remote_dir_event(dir, &hypev_event_descs[i]);
	return ret;
}
