/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hyp-instrumentation: the EL2 event contract (hypev_table.h), the
 * freestanding ftrace-page writer (hypev_rb.h) and, for the host, the event
 * descriptors and the generators of tracefs format files and of the EL2
 * hook header.
 */
#ifndef HYPEV_H
#define HYPEV_H

#include <stdio.h>

#include "hypev_design.h"
#include "hypev_events.h"
#include "hypev_rb.h"

enum hypev_unit {
	HYPEV_UNIT_ns,
	HYPEV_UNIT_bytes,
	HYPEV_UNIT_pages,
	HYPEV_UNIT_count,
	HYPEV_UNIT_addr,
	HYPEV_UNIT_id,
	HYPEV_UNIT_enum,
	HYPEV_UNIT_bool,
	HYPEV_UNIT_errno,
	HYPEV_UNIT_flags,
	HYPEV_UNIT_value,	/* in the unit of the field it summarises (smmu_hist) */
};

struct hypev_field_desc {
	const char *type;	/* C type as the kernel stringifies it: "u64" */
	const char *name;
	const char *fmt;	/* printk conversion, e.g. "%llu" */
	enum hypev_unit unit;
	unsigned int offset;	/* offsetof() in the EL2 struct */
	unsigned int size;
	bool is_signed;
};

struct hypev_event_desc {
	const char *name;
	const char *summary;
	enum hypev_id id;
	unsigned int design;	/* enum hypev_design bits */
	unsigned int size;	/* sizeof() of the EL2 struct */
	unsigned int nr_fields;
	const struct hypev_field_desc *fields;
};

extern const struct hypev_event_desc hypev_event_descs[HYPEV_NR_EVENTS];

const char *hypev_unit_name(enum hypev_unit unit);
const struct hypev_event_desc *hypev_event_find(const char *name);
const struct hypev_event_desc *hypev_event_by_id(enum hypev_id id);
const struct hypev_field_desc *hypev_field_find(const struct hypev_event_desc *ev,
						const char *name);
unsigned int hypev_field_remote_offset(const struct hypev_event_desc *ev,
				       unsigned int idx);
/* the name of an event's design bits: "paravirt", "both", ... (hypev_design.c) */
const char *hypev_design_name(unsigned int design);

/* hypev_format.c: files laid out exactly as tracefs prints them */
int hypev_format_write(FILE *f, const struct hypev_event_desc *ev, unsigned int id);
int hypev_print_fmt_write(FILE *f, const struct hypev_event_desc *ev);
int hypev_header_page_write(FILE *f, unsigned int subbuf_size);
int hypev_header_event_write(FILE *f);
int hypev_text_event_write(FILE *f, const struct hypev_event_desc *ev,
			   const void *rec);
int hypev_text_line_write(FILE *f, int cpu, u64 ts_ns,
			  const struct hypev_event_desc *ev, const void *rec);
int hypev_text_lost_write(FILE *f, int cpu, unsigned long lost);
int hypev_remote_dir_create(const char *dir, unsigned int nr_cpus,
			    unsigned int subbuf_size);

/* hypev_hook.c: the EL2 hook header kernel patches include */
int hypev_hook_header_write(FILE *f);

#endif
