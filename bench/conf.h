/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.conf: an INI file (parsed with inih), fio-like. Sections [global],
 * [target], [model], [workload NAME], [sweep NAME]. Every key is declared in
 * a table (struct bench_key) with its type, unit and default; the parser
 * checks each value against it and names file, line and key on any error.
 * A key declared as a list may hold several comma-separated values; lists
 * expand into a matrix of cells (bench_cells_expand()).
 */
#ifndef BENCH_CONF_H
#define BENCH_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum bench_key_type {
	BENCH_KEY_INT,		/* decimal integer within [min, max] */
	BENCH_KEY_SIZE,		/* bytes; suffixes k, m, g (powers of 1024) */
	BENCH_KEY_STR,		/* free text */
	BENCH_KEY_ENUM,		/* one of choices (comma-separated in the table) */
	BENCH_KEY_BOOL,		/* 0/1, yes/no, true/false, on/off */
	BENCH_KEY_NAME,		/* part of a file name: [A-Za-z0-9._-], up to max characters */
};

struct bench_key {
	const char *name;
	enum bench_key_type type;
	const char *unit;	/* "pages", "bytes", "s", ... or "" */
	const char *def;	/* default as written in bench.conf; NULL = required/none */
	bool list;		/* may hold a comma-separated list (one cell per value) */
	int64_t min, max;	/* for INT and SIZE; NAME: max = longest */
	const char *choices;	/* for ENUM: "a,b,c" */
	const char *help;
};

#define BENCH_MAX_VALUES 32
#define BENCH_NAME_MAX 64

/* One key as set in a section: its values (one unless a list) and the line. */
struct bench_val {
	const struct bench_key *key;
	int line;				/* 0 = default */
	unsigned int nr;
	char *str[BENCH_MAX_VALUES];		/* as written (trimmed) */
	int64_t num[BENCH_MAX_VALUES];		/* INT, SIZE, BOOL; ENUM: index */
};

struct bench_workload_ops;

/* A section: its key table and one bench_val per key (defaults filled in). */
struct bench_section {
	char name[BENCH_NAME_MAX];		/* "" for [global], [target], [model] */
	int line;
	const struct bench_workload_ops *ops;	/* [workload]: its type's; NULL if bad */
	const struct bench_key *keys;
	unsigned int nr_keys;
	struct bench_val *vals;			/* nr_keys entries */
};

struct bench_conf {
	char *path;			/* as given */
	char *text;			/* the whole file, as run (for meta.json) */
	struct bench_section global, target, model;
	struct bench_section *workloads;
	unsigned int nr_workloads;
	struct bench_section *sweeps;
	unsigned int nr_sweeps;
};

/* Key tables of the fixed sections (bench/conf_keys.c). */
extern const struct bench_key bench_global_keys[];
extern const unsigned int bench_nr_global_keys;
extern const struct bench_key bench_target_keys[];
extern const unsigned int bench_nr_target_keys;
extern const struct bench_key bench_model_keys[];
extern const unsigned int bench_nr_model_keys;
extern const struct bench_key bench_sweep_keys[];
extern const unsigned int bench_nr_sweep_keys;

/*
 * Parse PATH into a new conf. On error returns NULL, sets errno and writes
 * one message per problem to ERR ("FILE:LINE: [section] key: what").
 */
struct bench_conf *bench_conf_load(const char *path, FILE *err);
/* Same from a string; NAME is used in messages. */
struct bench_conf *bench_conf_load_string(const char *name, const char *text, FILE *err);
void bench_conf_free(struct bench_conf *conf);

/* Lookups: the value of KEY in a section (never NULL for a declared key). */
const struct bench_val *bench_section_val(const struct bench_section *s, const char *key);
int64_t bench_section_num(const struct bench_section *s, const char *key);
const char *bench_section_str(const struct bench_section *s, const char *key);
const struct bench_section *bench_conf_workload(const struct bench_conf *conf, const char *name);
const struct bench_section *bench_conf_sweep(const struct bench_conf *conf, const char *name);

/*
 * Parse one value of KEY. Returns 0 and fills *num, or -EINVAL with a reason
 * in WHY (WHY_LEN bytes).
 */
int bench_key_parse(const struct bench_key *key, const char *s, int64_t *num,
		    char *why, size_t why_len);
const char *bench_key_type_name(enum bench_key_type t);

#endif
