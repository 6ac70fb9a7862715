// SPDX-License-Identifier: GPL-2.0
/* Report section "throughput": IOPS bars with 95% intervals per workload
 * and design, drawn under the KPI table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report_plot.h"
#include "run_model.h"
#include "sections.h"

/* Per-repetition IOPS of a cell, from whichever op carries them (fio_read, fio_write). */
static size_t iops_values(const struct report_ctx *ctx, const struct report_cref *c, double **v,
			  const char **unit)
{
	const struct report_rundata *rd = ctx->runs[c->run];
	size_t i;

	for (i = 0; i < rd->nr_rows; i++)
		if (!strcmp(rd->rows[i].cell, c->cell.name) && !strcmp(rd->rows[i].metric, "iops"))
			return report_ctx_values(ctx, c, rd->rows[i].op, "iops", v, unit);
	*v = NULL;
	*unit = NULL;
	return 0;
}

/* IOPS bars with 95% intervals, per workload group (x) and design (bars). */
int report_section_throughput(struct report_ctx *ctx)
{
	char name[128], *body = NULL, *line = NULL;
	size_t g, s, nr = 0, bl = 0, ll = 0;
	FILE *dat, *pf, *lf;

	report_plot_queue_name(&ctx->plots, name, sizeof(name), "iops", "per-design");
	dat = report_plot_dat_open(ctx->plots.dir, name);
	if (!dat)
		return -errno;
	fprintf(dat, "# workload, then per design: iops (harmonic mean) lo95 hi95 (? = none)\n");
	for (g = 0; g < ctx->nr_groups; g++) {
		int any = 0;

		lf = open_memstream(&line, &ll);
		if (!lf)
			break;
		esc_gnuplot_data_puts(lf, ctx->groups[g]);
		for (s = 0; s < ctx->nr_series; s++) {
			const struct report_cref *c = report_ctx_find(ctx, ctx->groups[g], s, 0);
			const char *unit = NULL;
			double *v = NULL, lo, hi;
			size_t n = c ? iops_values(ctx, c, &v, &unit) : 0;

			if (n && !report_stats_ci(v, n, report_unit_center(unit), &lo, &hi)) {
				fprintf(lf, " %.6g %.6g %.6g", report_stats_center(unit, v, n), lo, hi);
				any = 1;
			} else {
				fprintf(lf, " ? ? ?");
			}
			free(v);
		}
		fclose(lf);
		if (any) {
			fprintf(dat, "%s\n", line);
			nr++;
		}
		free(line);
		line = NULL;
	}
	fclose(dat);
	if (!nr)
		return 0;
	pf = open_memstream(&body, &bl);
	if (!pf)
		return -ENOMEM;
	fputs("set title 'IOPS per design and workload (bars: harmonic mean; whiskers: 95% interval)'\n"
	      "set style data histogram\nset style histogram errorbars gap 2 lw 1.5\n"
	      "set style fill solid 0.85 border -1\nset ylabel 'IOPS'\nset yrange [0:*]\n"
	      "set key top left\nset xtics nomirror\nplot ", pf);
	for (s = 0; s < ctx->nr_series; s++) {
		fprintf(pf, "%s'%s.dat' using %zu:%zu:%zu%s title ", s ? ", " : "", name,
			2 + 3 * s, 3 + 3 * s, 4 + 3 * s, s ? "" : ":xtic(1)");
		esc_gnuplot_puts(pf, ctx->series[s].name);
	}
	fputc('\n', pf);
	if (!fclose(pf))
		report_plot_queue_add(&ctx->plots, name, body, "IOPS per design and workload with 95% intervals");
	free(body);
	return 0;
}
