/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event structs and ids, expanded from hypev_table.h. Freestanding: the
 * model and the EL2 writer use these; nothing here needs libc.
 */
#ifndef HYPEV_EVENTS_H
#define HYPEV_EVENTS_H

#include "hypev_types.h"
#include "hypev_table.h"

enum hypev_design {
	HYPEV_D_PARAVIRT = 1 << 0,
	HYPEV_D_NESTED = 1 << 1,
	HYPEV_D_BOTH = HYPEV_D_PARAVIRT | HYPEV_D_NESTED,
	HYPEV_D_UPSTREAM = 1 << 2,
};

/* Ids as the model registers them; a real remote assigns its own. */
enum hypev_id {
	HYPEV_ID_NONE = 0,
#define HYPEV_ID_ENUM(name, design, summary) HYPEV_ID_##name,
	HYPEV_EVENTS(HYPEV_ID_ENUM)
#undef HYPEV_ID_ENUM
	HYPEV_NR_IDS
};

#define HYPEV_NR_EVENTS (HYPEV_NR_IDS - 1)

/* The record as EL2 writes it: the 2-byte id, then the fields. */
#define HYPEV_STRUCT_FIELD(ev, type, name, unit, fmt) type name;
#define HYPEV_STRUCT(name, design, summary)				\
	struct hypev_##name {						\
		u16 common_type;					\
		HYPEV_FIELDS_##name(HYPEV_STRUCT_FIELD, name)			\
	};
HYPEV_EVENTS(HYPEV_STRUCT)
#undef HYPEV_STRUCT
#undef HYPEV_STRUCT_FIELD

#endif
