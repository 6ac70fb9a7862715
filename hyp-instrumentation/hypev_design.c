// SPDX-License-Identifier: GPL-2.0
/* The design-name table (hypev_design.h): lookups by id, by name and by event bits. */
#include <string.h>

#include "hypev.h"

static const struct {
	const char *name;
	unsigned int bits;	/* enum hypev_design of its events; 0: fires none */
} hypev_designs[HYPEV_NR_DESIGNS] = {
#define HYPEV_DESIGN_ENTRY(id, n, b) [HYPEV_DESIGN_##id] = { .name = n, .bits = b },
	HYPEV_DESIGNS(HYPEV_DESIGN_ENTRY)
#undef HYPEV_DESIGN_ENTRY
};

const char *hypev_design_id_name(unsigned int id)
{
	return id < HYPEV_NR_DESIGNS ? hypev_designs[id].name : "?";
}

int hypev_design_id_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < HYPEV_NR_DESIGNS; i++)
		if (!strcmp(hypev_designs[i].name, name))
			return i;
	return -1;
}

/* An event's design bits: one design's name, or "both" / "upstream". */
const char *hypev_design_name(unsigned int design)
{
	unsigned int i;

	for (i = 0; i < HYPEV_NR_DESIGNS; i++)
		if (design && hypev_designs[i].bits == design)
			return hypev_designs[i].name;
	switch (design) {
	case HYPEV_D_BOTH:
		return "both";
	case HYPEV_D_UPSTREAM:
		return "upstream";
	}
	return "?";
}
