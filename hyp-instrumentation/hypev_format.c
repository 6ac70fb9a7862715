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

/*
 * Lay out dir like <tracefs>/remotes/hypervisor/ (the tracing_on and
 * buffer_size_kb files, per_cpu/cpuN/, events/ with header_page,
 * header_event and hypervisor/<event>/{enable,id,format}), with the ids of
 * enum hypev_id. The trace files themselves are the writer's to fill.
 */
int hypev_remote_dir_create(const char *dir, unsigned int nr_cpus,
			    unsigned int subbuf_size)
{
	char path[PATH_MAX];
	unsigned int i;
	FILE *f;
	int ret;

#define HYPEV_PATH(...)							\
	do {								\
		if (snprintf(path, sizeof(path), __VA_ARGS__) >= (int)sizeof(path)) \
			return -ENAMETOOLONG;				\
	} while (0)

	ret = dir_make(dir);
	if (ret)
		return ret;
	HYPEV_PATH("%s/tracing_on", dir);
	ret = file_write_str(path, "0\n");
	if (ret)
		return ret;
	HYPEV_PATH("%s/buffer_size_kb", dir);
	ret = file_write_str(path, "7 (unloaded)\n");
	if (ret)
		return ret;
	HYPEV_PATH("%s/per_cpu", dir);
	ret = dir_make(path);
	for (i = 0; !ret && i < nr_cpus; i++) {
		HYPEV_PATH("%s/per_cpu/cpu%u", dir, i);
		ret = dir_make(path);
	}
	if (ret)
		return ret;

	HYPEV_PATH("%s/events", dir);
	ret = dir_make(path);
	if (ret)
		return ret;
	HYPEV_PATH("%s/events/enable", dir);
	ret = file_write_str(path, "0\n");
	if (ret)
		return ret;
	HYPEV_PATH("%s/events/header_page", dir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	ret = hypev_header_page_write(f, subbuf_size);
	fclose(f);
	if (ret)
		return ret;
	HYPEV_PATH("%s/events/header_event", dir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	ret = hypev_header_event_write(f);
	fclose(f);
	if (ret)
		return ret;
	HYPEV_PATH("%s/events/hypervisor", dir);
	ret = dir_make(path);
	if (ret)
		return ret;

	for (i = 0; i < HYPEV_NR_EVENTS; i++) {
		const struct hypev_event_desc *ev = &hypev_event_descs[i];
		char id[16];

		HYPEV_PATH("%s/events/hypervisor/%s", dir, ev->name);
		ret = dir_make(path);
		if (ret)
			return ret;
		HYPEV_PATH("%s/events/hypervisor/%s/enable", dir, ev->name);
		ret = file_write_str(path, "0\n");
		if (ret)
			return ret;
		HYPEV_PATH("%s/events/hypervisor/%s/id", dir, ev->name);
		snprintf(id, sizeof(id), "%d\n", ev->id);
		ret = file_write_str(path, id);
		if (ret)
			return ret;
		HYPEV_PATH("%s/events/hypervisor/%s/format", dir, ev->name);
		f = fopen(path, "w");
		if (!f)
			return -errno;
		ret = hypev_format_write(f, ev, ev->id);
		if (fclose(f) && !ret)
			ret = -errno;
		if (ret)
			return ret;
	}
#undef HYPEV_PATH
	return 0;
}
