// SPDX-License-Identifier: GPL-2.0
/* Event descriptors, expanded from hypev_table.h for host-side consumers. */
#include <string.h>

#include "common.h"
#include "hypev.h"

#define HYPEV_IS_SIGNED(type) ((type)-1 < (type)1)

#define HYPEV_FIELD_DESC_ONE(ev, ftype, fname, funit, ffmt)			\
	{									\
		.type = #ftype,							\
		.name = #fname,							\
		.fmt = ffmt,							\
		.unit = HYPEV_UNIT_##funit,					\
		.offset = offsetof(struct hypev_##ev, fname),			\
		.size = sizeof(ftype),						\
		.is_signed = HYPEV_IS_SIGNED(ftype),				\
	},
#define HYPEV_FIELD_DESC(ev, design, summary)				\
	static const struct hypev_field_desc hypev_fields_##ev[] = {	\
		HYPEV_FIELDS_##ev(HYPEV_FIELD_DESC_ONE, ev)			\
	};
HYPEV_EVENTS(HYPEV_FIELD_DESC)
#undef HYPEV_FIELD_DESC

const struct hypev_event_desc hypev_event_descs[HYPEV_NR_EVENTS] = {
#define HYPEV_EVENT_DESC(evname, evdesign, evsummary)			\
	[HYPEV_ID_##evname - 1] = {						\
		.name = #evname,						\
		.summary = evsummary,						\
		.id = HYPEV_ID_##evname,					\
		.design = evdesign,						\
		.size = sizeof(struct hypev_##evname),				\
		.nr_fields = sizeof(hypev_fields_##evname) /			\
			     sizeof(hypev_fields_##evname[0]),			\
		.fields = hypev_fields_##evname,				\
	},
	HYPEV_EVENTS(HYPEV_EVENT_DESC)
#undef HYPEV_EVENT_DESC
};

static const char *const hypev_unit_names[] = {
	[HYPEV_UNIT_ns] = "ns",
	[HYPEV_UNIT_bytes] = "bytes",
	[HYPEV_UNIT_pages] = "pages",
	[HYPEV_UNIT_count] = "count",
	[HYPEV_UNIT_addr] = "addr",
	[HYPEV_UNIT_id] = "id",
	[HYPEV_UNIT_enum] = "enum",
	[HYPEV_UNIT_bool] = "bool",
	[HYPEV_UNIT_errno] = "errno",
	[HYPEV_UNIT_flags] = "flags",
	[HYPEV_UNIT_value] = "value",
};

const char *hypev_unit_name(enum hypev_unit unit)
{
	if ((unsigned int)unit >= ARRAY_SIZE(hypev_unit_names))
		return "?";
	return hypev_unit_names[unit];
}

const struct hypev_event_desc *hypev_event_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < HYPEV_NR_EVENTS; i++)
		if (!strcmp(hypev_event_descs[i].name, name))
			return &hypev_event_descs[i];
	return NULL;
}

const struct hypev_event_desc *hypev_event_by_id(enum hypev_id id)
{
	if (id <= HYPEV_ID_NONE || id >= HYPEV_NR_IDS)
		return NULL;
	return &hypev_event_descs[id - 1];
}

const struct hypev_field_desc *hypev_field_find(const struct hypev_event_desc *ev,
						const char *name)
{
	unsigned int i;

	for (i = 0; i < ev->nr_fields; i++)
		if (!strcmp(ev->fields[i].name, name))
			return &ev->fields[i];
	return NULL;
}

/*
 * The offset a trace remote prints for field idx: the running sum of the
 * sizes before it, after the 2-byte id (remote_event_format_show()).
 */
unsigned int hypev_field_remote_offset(const struct hypev_event_desc *ev,
				       unsigned int idx)
{
	unsigned int i, off = sizeof(u16);

	for (i = 0; i < idx && i < ev->nr_fields; i++)
		off += ev->fields[i].size;
	return off;
}
