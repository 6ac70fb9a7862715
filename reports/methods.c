// SPDX-License-Identifier: GPL-2.0
/*
 * The methods section: methods.md, methods.tex (a fragment: paper.tex
 * \input's it) and methods.json. Every sentence is fixed prose around the
 * facts of methods_facts.c, one run after the other, then the statistics
 * as this smmubench's report computes them (reports.h constants, the
 * centre rule of report_unit_center() for each unit the runs have). The
 * prose never states a fact of its own: what the runs lack reads
 * "not recorded". methods.json lists each fact with where it came from.
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "methods.h"
#include "reports.h"

/* The two documents written side by side, each escaped in its language. */
struct mout {
	FILE *md, *tex;
	const struct methods_facts *mf;
	size_t run;
};

static void say(struct mout *o, const char *text)
{
	esc_md_puts(o->md, text);
	esc_latex_puts(o->tex, text);
}

static void fact(struct mout *o, const char *key)
{
	say(o, methods_fact(o->mf, o->run, key));
}

static void end_par(struct mout *o)
{
	fputs("\n\n", o->md);
	fputs("\n\n", o->tex);
}

static void heading(struct mout *o, const char *text)
{
	fputs("### ", o->md);
	esc_md_puts(o->md, text);
	fputs("\n\n", o->md);
	fputs("\\subsection*{", o->tex);
	esc_latex_puts(o->tex, text);
	fputs("}\n", o->tex);
}

static int recorded(struct mout *o, const char *key)
{
	return methods_fact_recorded(o->mf, o->run, key);
}

/* The target: model output or hardware, and emulation when the note says QEMU TCG. */
static void target_says(struct mout *o)
{
	const char *target = methods_fact(o->mf, o->run, "target");
	const char *note = methods_fact(o->mf, o->run, "note");
	int tcg = recorded(o, "note") && strcasestr(note, "qemu") && strcasestr(note, "tcg");

	if (!strcmp(target, "model")) {
		say(o, "Target: model output. The figures come from bench/model, smmubench's "
		       "simulation of the designs, with platform profile ");
		fact(o, "profile");
		say(o, "; they are not measurements. The simulation ran on host ");
		fact(o, "host");
		say(o, " (Linux ");
		fact(o, "kernel.release");
		say(o, ", ");
		fact(o, "kernel.machine");
		say(o, "), whose kernel is not the one simulated. pKVM mode: not applicable "
		       "(model output).");
	} else {
		say(o, "Target: ");
		say(o, strcmp(target, "hw") ? target : "hardware");
		say(o, ", board ");
		fact(o, "board");
		say(o, " (host ");
		fact(o, "host");
		say(o, "). Kernel ");
		fact(o, "kernel.release");
		say(o, " (");
		fact(o, "kernel.version");
		say(o, ", ");
		fact(o, "kernel.machine");
		say(o, "), command line: ");
		fact(o, "kernel.cmdline");
		say(o, ". pKVM mode (kvm-arm.mode on that command line): ");
		fact(o, "pkvm_mode");
		say(o, ".");
	}
	if (tcg)
		say(o, " These are QEMU TCG emulation timings, not hardware figures (target "
		       "note: ");
	else
		say(o, " Target note: ");
	fact(o, "note");
	say(o, tcg ? ")." : ".");
	say(o, " SMMU features: ");
	fact(o, "smmu_features");
	say(o, ".");
	end_par(o);
}

static void workloads_say(struct mout *o)
{
	size_t i, n = 0;

	say(o, "Designs: ");
	fact(o, "designs");
	say(o, ". Workloads and their parameters, as the cells were declared: ");
	for (i = 0; i < o->mf->nr; i++) {
		const struct methods_fact *f = &o->mf->v[i];

		if (f->run != o->run || strcmp(f->key, "workload"))
			continue;
		say(o, n++ ? "; " : "");
		say(o, f->value);
	}
	say(o, n ? "." : "none recorded.");
	say(o, " Repetitions: repeat = ");
	fact(o, "repeat");
	say(o, ", warm-up = ");
	fact(o, "warmup");
	say(o, methods_fact_src(o->mf, o->run, "repeat") == METHODS_SRC_CONF ?
	       " (bench.conf as run; warm-ups are not stored); the results hold " :
	       " (as run; warm-ups are not stored); the results hold ");
	fact(o, "repetitions");
	say(o, " repetitions per cell.");
	end_par(o);
}

static void run_says(struct mout *o)
{
	char head[256];

	snprintf(head, sizeof(head), "Run %s", methods_fact(o->mf, o->run, "label"));
	heading(o, head);
	say(o, "Run ");
	fact(o, "label");
	say(o, " (status ");
	fact(o, "status");
	say(o, "), from ");
	fact(o, "start");
	say(o, " to ");
	fact(o, "end");
	say(o, ".");
	end_par(o);
	target_says(o);
	workloads_say(o);
	say(o, "Trace sources: ");
	fact(o, "sources");
	say(o, ". Lost events: ");
	fact(o, "lost_events");
	say(o, " events; workload errors: ");
	fact(o, "errors");
	say(o, ". smmubench ");
	fact(o, "smmubench.version");
	say(o, ", git revision ");
	fact(o, "smmubench.gitrev");
	say(o, "; kernel patches: ");
	fact(o, "kernel_patches");
	say(o, ".");
	end_par(o);
}

/* The centre each unit of the runs takes, "ns: median, iops: harmonic mean". */
static void centres_say(struct mout *o, struct report_rundata *const *runs, size_t nr_runs)
{
	char seen[2048] = "", item[160];
	size_t r, i;

	for (r = 0; r < nr_runs; r++) {
		for (i = 0; i < runs[r]->nr_rows; i++) {
			const char *u = runs[r]->rows[i].unit;

			snprintf(item, sizeof(item), "|%s|", u);
			if (strstr(seen, item) || strlen(seen) + strlen(item) + 1 >= sizeof(seen))
				continue;
			snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s", item);
			say(o, seen[strlen(item)] ? ", " : "");
			say(o, u);
			say(o, ": ");
			say(o, report_stats_center_name(report_unit_center(u)));
		}
	}
	if (!seen[0])
		say(o, "no values recorded");
}

static void stats_say(struct mout *o, struct report_rundata *const *runs, size_t nr_runs)
{
	char buf[640];

	heading(o, "Statistics");
	say(o, "As computed by smmubench report " SMMUBENCH_VERSION ": over the repetitions "
	       "of a cell, rates (iops and any unit per second) take the harmonic mean, every "
	       "other unit the median (in these runs: ");
	centres_say(o, runs, nr_runs);
	snprintf(buf, sizeof(buf),
		 "). A comparison gives the ratio of the two centres with a bootstrap 95%% "
		 "percentile interval (for medians computed exactly from the binomial law of "
		 "a resample's median; for harmonic means and larger samples %d resamples, "
		 "fixed seed 0x%x) and a two-sided "
		 "Mann-Whitney U p-value (exact up to %d values a side without ties, else the "
		 "normal approximation with tie and continuity correction). A change is "
		 "significant when the interval excludes 1 and each side has at least %d "
		 "repetitions. Latency percentiles are nearest-rank on log-linear histograms of "
		 "every repetition.", REPORT_STATS_BOOT_RESAMPLES, REPORT_STATS_BOOT_SEED,
		 REPORT_STATS_MWU_EXACT_MAX, REPORT_VERDICT_MIN_REPS);
	say(o, buf);
	end_par(o);
}

static const char *const src_names[] = {
	[METHODS_SRC_META] = "meta.json",
	[METHODS_SRC_CMDLINE] = "meta.json kernel.cmdline",
	[METHODS_SRC_CONF] = "meta.json conf_text",
	[METHODS_SRC_RESULTS] = "results.jsonl and meta.json cells",
	[METHODS_SRC_REPORT] = "smmubench report",
};

/* methods.json: [{run, key, source, path, value, recorded}] */
static int facts_json(const struct methods_facts *mf, struct report_rundata *const *runs,
		      const char *path)
{
	struct json_object *a = json_object_new_array();
	size_t i;
	int ret;

	for (i = 0; a && i < mf->nr; i++) {
		const struct methods_fact *f = &mf->v[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "run", json_object_new_string(runs[f->run]->dir));
		json_object_object_add(o, "key", json_object_new_string(f->key));
		json_object_object_add(o, "source", json_object_new_string(src_names[f->src]));
		json_object_object_add(o, "path", f->path ? json_object_new_string(f->path) : NULL);
		json_object_object_add(o, "value", json_object_new_string(f->value));
		json_object_object_add(o, "recorded", json_object_new_boolean(f->recorded));
		json_object_array_add(a, o);
	}
	if (!a)
		return -ENOMEM;
	ret = file_write_str(path, json_object_to_json_string_ext(a, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(a);
	return ret;
}

int report_methods_write(const char *dir, struct report_rundata *const *runs, size_t nr_runs)
{
	struct methods_facts mf = { 0 };
	char md[PATH_MAX], tex[PATH_MAX], js[PATH_MAX];
	struct mout o = { .mf = &mf };
	int ret;

	snprintf(md, sizeof(md), "%s/methods.md", dir);
	snprintf(tex, sizeof(tex), "%s/methods.tex", dir);
	snprintf(js, sizeof(js), "%s/methods.json", dir);
	ret = methods_facts_collect(&mf, runs, nr_runs);
	if (ret)
		goto out;
	o.md = fopen(md, "w");
	o.tex = fopen(tex, "w");
	if (!o.md || !o.tex) {
		ret = -errno;
		goto out;
	}
	fputs("## Methods\n\n", o.md);
	fputs("% smmubench methods, written from the runs' meta.json (methods.json: each fact "
	      "and its source)\n", o.tex);
	for (o.run = 0; o.run < nr_runs; o.run++)
		run_says(&o);
	stats_say(&o, runs, nr_runs);
	ret = facts_json(&mf, runs, js);
out:
	if (o.md && fclose(o.md) == EOF && !ret)
		ret = -errno;
	if (o.tex && fclose(o.tex) == EOF && !ret)
		ret = -errno;
	methods_facts_release(&mf);
	return ret;
}
