/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sections of `smmubench report`, one per file in reports/sections/, in
 * report order in report_sections[] (sections.c). The report builder walks
 * that table. Private to reports/.
 */
#ifndef REPORT_SECTIONS_H
#define REPORT_SECTIONS_H

#include <stddef.h>

struct report_ctx;

struct report_section {
	const char *name;
	/* adds its heading, text, tables and plots to ctx->doc; 0 or -errno */
	int (*build)(struct report_ctx *ctx);
	/*
	 * NULL, or the section this one must directly follow because it adds
	 * to that section's heading instead of opening its own.
	 */
	const char *follows;
};

extern const struct report_section report_sections[];
extern const size_t report_nr_sections;

/* 0 when every section's follows is the section before it, else -EINVAL. */
int report_sections_check(void);

int report_section_setup(struct report_ctx *ctx);
int report_section_lost(struct report_ctx *ctx);
int report_section_dmabench(struct report_ctx *ctx);
int report_section_latency(struct report_ctx *ctx);
int report_section_kpi(struct report_ctx *ctx);
int report_section_throughput(struct report_ctx *ctx);
int report_section_cost(struct report_ctx *ctx);
int report_section_sweep(struct report_ctx *ctx);

#endif
