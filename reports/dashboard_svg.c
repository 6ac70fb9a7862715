// SPDX-License-Identifier: GPL-2.0
/*
 * The dashboard's plots, written as SVG directly: a year of nights times the
 * default grid is thousands of plots, more than one gnuplot draws in the
 * time a nightly rebuild may take (reports/README.md). One time series per
 * series (centre per run, whisker = min..max of its repetitions, change
 * points as dashed lines) and a sparkline per KPI. Text goes through
 * esc_html_puts(), which is XML-safe.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "dashboard.h"

#define W 640
#define H 250
#define ML 72
#define MR 14
#define MT 26
#define MB 64
#define MAX_XTICKS 8
#define MAX_DOTS 60

struct svg_axes {
	size_t i0, i1;		/* first and last run index with values */
	double lo, hi;		/* y range, in the series' unit */
};

static double minv(const double *v, size_t n)
{
	double m = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static double maxv(const double *v, size_t n)
{
	double m = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

/* 0 and the axes, or -ENOENT when the series has no value. */
static int svg_axes_get(const struct dash *d, const struct dash_series *s, struct svg_axes *a)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_runs; i++) {
		double lo, hi;

		if (!s->nvals[i])
			continue;
		lo = minv(s->vals[i], s->nvals[i]);
		hi = maxv(s->vals[i], s->nvals[i]);
		if (!n++) {
			a->i0 = i;
			a->lo = lo;
			a->hi = hi;
		}
		a->i1 = i;
		a->lo = lo < a->lo ? lo : a->lo;
		a->hi = hi > a->hi ? hi : a->hi;
	}
	if (!n)
		return -ENOENT;
	if (a->hi - a->lo < 1e-12 * (fabs(a->hi) + 1)) {	/* flat: give it some room */
		a->lo -= fabs(a->lo) * 0.05 + 1e-9;
		a->hi += fabs(a->hi) * 0.05 + 1e-9;
	}
	return 0;
}

static double sx(const struct svg_axes *a, size_t i, int left, int width)
{
	if (a->i1 == a->i0)
		return left + width / 2.0;
	return left + (double)(i - a->i0) / (double)(a->i1 - a->i0) * width;
}

static double sy(const struct svg_axes *a, double v, int top, int height)
{
	return top + (1 - (v - a->lo) / (a->hi - a->lo)) * height;
}

static FILE *svg_open(const char *out, const char *dir, size_t si, char *path, size_t len)
{
	snprintf(path, len, "%s/%s/s%zu.svg", out, dir, si);
	return fopen(path, "w");
}

static void svg_frame(FILE *f, const struct dash_series *s, const struct svg_axes *a)
{
	int k;

	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n<title>",
		W, H, W, H);
	esc_html_puts(f, s->wl);
	fputc(' ', f);
	esc_html_puts(f, s->op);
	fputc(' ', f);
	esc_html_puts(f, s->metric);
	fputs("</title>\n<text x=\"8\" y=\"16\" font-size=\"12\">", f);
	esc_html_puts(f, s->metric);
	fputs(" (", f);
	esc_html_puts(f, s->unit);
	fputs(")</text>\n", f);
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
		"stroke=\"#999\"/>\n", ML, MT, W - ML - MR, H - MT - MB);
	for (k = 0; k <= 4; k++) {
		double v = a->lo + (a->hi - a->lo) * k / 4;
		double y = sy(a, v, MT, H - MT - MB);

		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.4g</text>"
			"<path d=\"M%d %.1fh%d\" stroke=\"#eee\"/>\n", ML - 4, y + 4, v, ML + 1, y,
			W - ML - MR - 2);
	}
}

/* x tick labels: at most MAX_XTICKS runs with values, the newest always */
static void svg_xticks(FILE *f, const struct dash *d, const struct dash_series *s,
		       const struct svg_axes *a)
{
	size_t i, nv = 0, step, k = 0;

	for (i = a->i0; i <= a->i1; i++)
		nv += s->nvals[i] != 0;
	step = (nv + MAX_XTICKS - 1) / MAX_XTICKS;
	for (i = a->i0; i <= a->i1; i++) {
		if (!s->nvals[i])
			continue;
		if (k++ % step && i != a->i1)
			continue;
		fprintf(f, "<text transform=\"translate(%.1f,%d) rotate(25)\">",
			sx(a, i, ML, W - ML - MR), H - MB + 12);
		esc_html_puts(f, d->runs[i].xlabel);
		fputs("</text>\n", f);
	}
}

static void svg_changepoints(FILE *f, const struct dash *d, size_t si, const struct svg_axes *a)
{
	size_t k;

	for (k = 0; k < d->nr_cps; k++) {
		const struct dash_cp *c = &d->cps[k];
		double x;

		if (c->series != si)
			continue;
		x = (sx(a, c->last_good, ML, W - ML - MR) + sx(a, c->first_bad, ML, W - ML - MR)) / 2;
		fprintf(f, "<path d=\"M%.1f %dV%d\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>"
			"<text x=\"%.1f\" y=\"%d\" fill=\"%s\" text-anchor=\"middle\">%+.1f%%</text>\n",
			x, MT, H - MB, c->cp.v.regression ? "#c00" : "#080", x, MT - 3,
			c->cp.v.regression ? "#c00" : "#080", c->cp.v.change_pct);
	}
}

int dash_svg_series(const struct dash *d, size_t si, const char *out)
{
	const struct dash_series *s = &d->series[si];
	int pw = W - ML - MR, ph = H - MT - MB;
	struct svg_axes a;
	char path[PATH_MAX];
	size_t i, nv = 0;
	FILE *f;

	if (svg_axes_get(d, s, &a))
		return 0;	/* nothing measured: no plot, the page says so */
	f = svg_open(out, "plots", si, path, sizeof(path));
	if (!f)
		return -errno;
	svg_frame(f, s, &a);
	svg_xticks(f, d, s, &a);
	svg_changepoints(f, d, si, &a);
	fputs("<path stroke=\"#8ab\" d=\"", f);
	for (i = a.i0; i <= a.i1; i++) {
		if (!s->nvals[i])
			continue;
		nv++;
		fprintf(f, "M%.1f %.1fV%.1f", sx(&a, i, ML, pw),
			sy(&a, minv(s->vals[i], s->nvals[i]), MT, ph),
			sy(&a, maxv(s->vals[i], s->nvals[i]), MT, ph));
	}
	fputs("\"/>\n<polyline fill=\"none\" stroke=\"#236\" stroke-width=\"1.5\" points=\"", f);
	for (i = a.i0; i <= a.i1; i++)
		if (s->nvals[i])
			fprintf(f, "%.1f,%.1f ", sx(&a, i, ML, pw), sy(&a, dash_center(s, i), MT, ph));
	fputs("\"/>\n", f);
	for (i = a.i0; nv <= MAX_DOTS && i <= a.i1; i++)
		if (s->nvals[i])
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#236\"/>",
				sx(&a, i, ML, pw), sy(&a, dash_center(s, i), MT, ph));
	fputs("\n</svg>\n", f);
	return fclose(f) ? -errno : 0;
}

int dash_svg_spark(const struct dash *d, size_t si, const char *out)
{
	const struct dash_series *s = &d->series[si];
	struct svg_axes a;
	char path[PATH_MAX];
	size_t i;
	FILE *f;

	if (svg_axes_get(d, s, &a))
		return 0;
	/* the sparkline's range is the centres', not the repetitions' */
	a.lo = a.hi = dash_center(s, a.i0);
	for (i = a.i0; i <= a.i1; i++)
		if (s->nvals[i]) {
			double c = dash_center(s, i);

			a.lo = c < a.lo ? c : a.lo;
			a.hi = c > a.hi ? c : a.hi;
		}
	if (a.hi - a.lo < 1e-12 * (fabs(a.hi) + 1)) {
		a.lo -= 1;
		a.hi += 1;
	}
	f = svg_open(out, "spark", si, path, sizeof(path));
	if (!f)
		return -errno;
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"22\" "
	      "viewBox=\"0 0 120 22\"><polyline fill=\"none\" stroke=\"#236\" points=\"", f);
	for (i = a.i0; i <= a.i1; i++)
		if (s->nvals[i])
			fprintf(f, "%.1f,%.1f ", sx(&a, i, 2, 112), sy(&a, dash_center(s, i), 2, 18));
	fprintf(f, "\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/></svg>\n",
		sx(&a, a.i1, 2, 112), sy(&a, dash_center(s, a.i1), 2, 18),
		s->nr_open ? "#c00" : "#236");
	return fclose(f) ? -errno : 0;
}
