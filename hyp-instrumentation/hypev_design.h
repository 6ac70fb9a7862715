/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The designs smmubench measures, named in ONE table: their ids (the
 * model's enum model_design_id and bench.conf's choice lists follow this
 * order), their names, and the event-table bits (enum hypev_design) of the
 * events each fires. Freestanding: only the macros and the enum.
 */
#ifndef HYPEV_DESIGN_H
#define HYPEV_DESIGN_H

/* X(ID, name, event bits) */
#define HYPEV_DESIGNS(X)					\
	X(NATIVE, "native", 0)					\
	X(PARAVIRT, "paravirt", HYPEV_D_PARAVIRT)		\
	X(NESTED, "nested", HYPEV_D_NESTED)

enum hypev_design_id {
#define HYPEV_DESIGN_ENUM(id, name, bits) HYPEV_DESIGN_##id,
	HYPEV_DESIGNS(HYPEV_DESIGN_ENUM)
#undef HYPEV_DESIGN_ENUM
	HYPEV_NR_DESIGNS
};

/*
 * The names as a choice list, "native,paravirt,nested": a constant, the
 * string ",native,paravirt,nested" past its first comma.
 */
#define HYPEV_DESIGN_CHOICE_ITEM(id, name, bits) "," name
#define HYPEV_DESIGN_CHOICES (&(HYPEV_DESIGNS(HYPEV_DESIGN_CHOICE_ITEM))[1])

/* The name of design ID, "?" when there is none (hypev_design.c). */
const char *hypev_design_id_name(unsigned int id);
/* The id of the design called NAME, or -1. */
int hypev_design_id_find(const char *name);

#endif
