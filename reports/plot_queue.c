// SPDX-License-Identifier: GPL-2.0
/* The plot queue: names, scripts written as sections go, one gnuplot at the end. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "plot_queue.h"
#include "report_doc.h"
#include "report_plot.h"
#include "units.h"

void report_plot_queue_name(struct report_plot_queue *q, char *dst, size_t len,
			    const char *kind, const char *what)
{
	size_t i, n;

	n = (size_t)snprintf(dst, len, "p%02u-%s-", ++q->nr_names, kind);
	for (i = 0; what && what[i] && n + 1 < len && i < 48; i++)
		dst[n++] = str_isalnum(what[i]) || what[i] == '-' ? what[i] : '_';
	dst[n < len ? n : len - 1] = '\0';
}

void report_plot_queue_add(struct report_plot_queue *q, const char *name, const char *body,
			   const char *caption)
{
	char img[PATH_MAX], gp[PATH_MAX], **p;
	int ret;

	if (!q->have_gnuplot)
		return;
	ret = report_plot_script_write_style(q->dir, name, q->style, body);
	p = realloc(q->pending, (q->nr_pending + 1) * sizeof(*p));
	if (ret || !p) {
		if (p)
			q->pending = p;
		q->nr_errors++;
		report_doc_text(q->doc, 1, "plot '%s' missing: %s.gp: %s", caption, name,
				strerror(ret ? -ret : ENOMEM));
		return;
	}
	q->pending = p;
	p[q->nr_pending++] = strdup(name);
	snprintf(img, sizeof(img), "%s/%s.%s", q->style ? "figures" : "plots", name,
		 q->style ? q->style->ext : "svg");
	snprintf(gp, sizeof(gp), "%s/%s.gp", q->style ? "figures" : "plots", name);
	report_doc_plot(q->doc, img, gp, caption);
}

void report_plot_queue_draw(struct report_plot_queue *q)
{
	int *failed = calloc(q->nr_pending ? q->nr_pending : 1, sizeof(int));
	char err[512] = "", img[PATH_MAX];
	size_t i;

	if (!failed)
		return;
	report_plot_run_ext(q->dir, (const char *const *)q->pending, q->nr_pending,
			    q->style ? q->style->ext : "svg", failed, err, sizeof(err));
	for (i = 0; i < q->nr_pending; i++) {
		if (failed[i]) {
			q->nr_errors++;
			snprintf(img, sizeof(img), "%s/%s.%s", q->style ? "figures" : "plots",
				 q->pending[i], q->style ? q->style->ext : "svg");
			report_doc_plot_fail(q->doc, img, err);
		} else {
			q->nr_images++;
		}
		free(q->pending[i]);
	}
	free(q->pending);
	q->pending = NULL;
	q->nr_pending = 0;
	free(failed);
}

void report_plot_queue_release(struct report_plot_queue *q)
{
	size_t i;

	for (i = 0; i < q->nr_pending; i++)
		free(q->pending[i]);
	free(q->pending);
	q->pending = NULL;
	q->nr_pending = 0;
}
