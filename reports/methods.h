/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The methods section written from the runs (reports/methods*.c):
 * methods.md, methods.tex (a fragment paper.tex \input's) and methods.json,
 * the facts every sentence is made of, each with where it came from.
 * A fact absent from the run reads "not recorded", never a guess.
 * Private to reports/.
 */
#ifndef REPORT_METHODS_H
#define REPORT_METHODS_H

#include <stddef.h>

struct report_rundata;

#define METHODS_NOT_RECORDED "not recorded"

/* Where a fact comes from; methods.json names it, tests check it. */
enum methods_src {
	METHODS_SRC_META,	/* meta.json at path ("kernel.release"); arrays joined ", " */
	METHODS_SRC_CMDLINE,	/* a key=value word of meta.json kernel.cmdline (path = key) */
	METHODS_SRC_CONF,	/* "section.key" of meta.json conf_text (bench.conf as run) */
	METHODS_SRC_RESULTS,	/* counted from results.jsonl / meta.json cells */
	METHODS_SRC_REPORT,	/* a rule of this smmubench's report code (reports.h) */
};

struct methods_fact {
	size_t run;		/* index of the run; (size_t)-1 for report rules */
	const char *key;	/* "kernel.release", "repeat", ... */
	enum methods_src src;
	const char *path;	/* meta path, cmdline key or conf section.key; NULL otherwise */
	char *value;		/* METHODS_NOT_RECORDED when absent */
	int recorded;
};

struct methods_facts {
	struct methods_fact *v;
	size_t nr;
};

/* Collect the facts of runs[] (methods_facts.c); 0 or -ENOMEM. */
int methods_facts_collect(struct methods_facts *mf, struct report_rundata *const *runs,
			  size_t nr_runs);
/* The value of a run's fact (METHODS_NOT_RECORDED when absent or unknown). */
const char *methods_fact(const struct methods_facts *mf, size_t run, const char *key);
int methods_fact_recorded(const struct methods_facts *mf, size_t run, const char *key);
/* Where it came from (METHODS_SRC_RESULTS for an unknown key). */
enum methods_src methods_fact_src(const struct methods_facts *mf, size_t run, const char *key);
void methods_facts_release(struct methods_facts *mf);

/*
 * The value of key in [section] of an INI text (bench.conf as run), or
 * NULL: malloc'd, blanks and comments (# ;) stripped.
 */
char *methods_conf_get(const char *conf_text, const char *section, const char *key);

/* dir/methods.md, dir/methods.tex and dir/methods.json from runs; 0 or -errno. */
int report_methods_write(const char *dir, struct report_rundata *const *runs, size_t nr_runs);

#endif
