// SPDX-License-Identifier: GPL-2.0
/*
 * ingest --lava: the smmubench.* test cases of a LAVA job (lava_read.c)
 * back into a run directory, written through the run writer like any run,
 * so that ingest, report and the dashboard take it as it is.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "reports.h"

#define LAVA_FIELDS 4
#define LAVA_FIELD_MAX 1024

/* one case's name, split and unescaped */
struct lava_name {
	char kind[16];
	char f[LAVA_FIELDS][LAVA_FIELD_MAX];
	size_t nr;
};

struct lava_meta {
	char key[64];
	char *val;
};

struct lava_in {
	const struct report_lava_results *res;
	struct lava_meta *meta;
	size_t nr_meta;
	int run_failed;		/* a step case failed */
	char *err;
	size_t errlen;
};

/* "smmubench.KIND.F1.F2...": 1 when ours, 0 when another test's, -EINVAL */
static int name_split(const struct report_lava_case *c, struct lava_name *n, char *err,
		      size_t errlen)
{
	const char *s = c->name, *dot;
	size_t len;

	if (strncmp(s, "smmubench.", 10))
		return 0;
	s += 10;
	dot = strchr(s, '.');
	len = dot ? (size_t)(dot - s) : strlen(s);
	if (len >= sizeof(n->kind)) {
		fmt_err(err, errlen, "%s: test case '%s': unknown kind", c->where, c->name);
		return -EINVAL;
	}
	memcpy(n->kind, s, len);
	n->kind[len] = '\0';
	for (n->nr = 0; dot; n->nr++) {
		s = dot + 1;
		dot = strchr(s, '.');
		len = dot ? (size_t)(dot - s) : strlen(s);
		if (n->nr == LAVA_FIELDS ||
		    report_lava_unesc(n->f[n->nr], LAVA_FIELD_MAX, s, len)) {
			fmt_err(err, errlen, "%s: test case '%s': %s", c->where, c->name,
				n->nr == LAVA_FIELDS ? "too many fields" :
				"bad field (escapes are _ and two lowercase hex digits)");
			return -EINVAL;
		}
	}
	return 1;
}

static const char *meta_get(const struct lava_in *in, const char *key)
{
	size_t i;

	for (i = 0; i < in->nr_meta; i++)
		if (!strcmp(in->meta[i].key, key))
			return in->meta[i].val;
	return NULL;
}

static int want_fields(const struct report_lava_case *c, const struct lava_name *n, size_t nr,
		       char *err, size_t errlen)
{
	if (n->nr == nr)
		return 0;
	fmt_err(err, errlen, "%s: test case '%s': smmubench.%s takes %zu fields, not %zu",
		c->where, c->name, n->kind, nr, n->nr);
	return -EINVAL;
}

/* first pass: the meta cases and the steps */
static int lava_meta_read(struct lava_in *in)
{
	const struct report_lava_results *res = in->res;
	struct lava_name n;
	size_t i, nr_ours = 0;
	int ret;

	for (i = 0; i < res->nr_cases; i++) {
		const struct report_lava_case *c = &res->cases[i];
		struct lava_meta *m;

		ret = name_split(c, &n, in->err, in->errlen);
		if (ret <= 0) {
			if (ret)
				return ret;
			continue;
		}
		nr_ours++;
		if (!strcmp(n.kind, "step")) {
			ret = want_fields(c, &n, 1, in->err, in->errlen);
			if (ret)
				return ret;
			if (strcmp(c->result, "pass"))
				in->run_failed = 1;
			continue;
		}
		if (strcmp(n.kind, "meta"))
			continue;
		ret = want_fields(c, &n, 2, in->err, in->errlen);
		if (ret)
			return ret;
		m = realloc(in->meta, (in->nr_meta + 1) * sizeof(*m));
		if (!m)
			return -ENOMEM;
		in->meta = m;
		if (strlen(n.f[0]) >= sizeof(m->key)) {
			fmt_err(in->err, in->errlen, "%s: test case '%s': meta key too long",
				c->where, c->name);
			return -EINVAL;
		}
		memcpy(m[in->nr_meta].key, n.f[0], strlen(n.f[0]) + 1);
		m[in->nr_meta].val = strdup(n.f[1]);
		if (!m[in->nr_meta].val)
			return -ENOMEM;
		in->nr_meta++;
	}
	if (!nr_ours) {
		fmt_err(in->err, in->errlen,
			"no smmubench test cases (smmubench.*) in the LAVA results: did the job run lava/smmubench.yaml?");
		return -ENOENT;
	}
	if (!meta_get(in, "run_id")) {
		fmt_err(in->err, in->errlen,
			"no smmubench.meta.run_id test case: the run's test cases are missing (see the job log)");
		return -ENOENT;
	}
	return 0;
}

/* a label as a run directory name part: [A-Za-z0-9._-], else "lava" */
static const char *label_of(const char *l)
{
	const char *s;

	if (!l || !*l || !strcmp(l, ".") || !strcmp(l, ".."))
		return "lava";
	for (s = l; *s; s++)
		if (!str_isalnum(*s) && !strchr("._-", *s))
			return "lava";
	return l;
}

/* the run's meta from its meta cases and the job's */
static int lava_run_meta(struct report_run *run, const struct lava_in *in,
			 const struct report_lava_ingest_opts *o, const char *board)
{
	static const char *const keys[] = { "run_id", "host", "start" };
	static const char *const sub[][3] = {
		{ "kernel_release", "kernel", "release" }, { "kernel_version", "kernel", "version" },
		{ "kernel_machine", "kernel", "machine" }, { "kernel_cmdline", "kernel", "cmdline" },
		{ "smmubench_version", "smmubench", "version" },
		{ "smmubench_gitrev", "smmubench", "gitrev" },
	};
	const char *v, *job = o->job_id ? o->job_id : in->res->job_id;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(keys); i++)
		if ((v = meta_get(in, keys[i])))
			ret = report_run_meta_set(run, keys[i], v);
	for (i = 0; !ret && i < ARRAY_SIZE(sub); i++)
		if ((v = meta_get(in, sub[i][0])))
			ret = report_run_meta_sub_set(run, sub[i][1], sub[i][2], v);
	if (!ret && (v = meta_get(in, "start_epoch_s")))
		ret = report_run_meta_int_set(run, "start_epoch_s", strtoll(v, NULL, 10));
	if (!ret)
		ret = report_run_meta_set(run, "lava_job_id", job);
	if (!ret)
		ret = report_run_meta_set(run, "lava_device", board);
	if (!ret)
		ret = report_run_meta_set(run, "source_format", "lava");
	return ret;
}

static int lava_kpi(struct report_run *run, const struct report_lava_case *c,
		    const struct lava_name *n, char *err, size_t errlen)
{
	char units[LAVA_FIELD_MAX], *end;
	struct report_metric m = { 0 };
	long rep;
	int ret;

	ret = want_fields(c, n, 4, err, errlen);
	if (ret)
		return ret;
	rep = strtol(n->f[1], &end, 10);
	if (*end || end == n->f[1] || rep < 0 || rep > 1000000) {
		fmt_err(err, errlen, "%s: test case '%s': repetition '%s' is not a number",
			c->where, c->name, n->f[1]);
		return -EINVAL;
	}
	if (!c->measurement || !c->units ||
	    report_lava_unesc(units, sizeof(units), c->units, strlen(c->units))) {
		fmt_err(err, errlen, "%s: test case '%s': a KPI needs a measurement and its units",
			c->where, c->name);
		return -EINVAL;
	}
	m.value = strtod(c->measurement, &end);
	if (*end || end == c->measurement || !isfinite(m.value)) {
		fmt_err(err, errlen, "%s: test case '%s': measurement '%s' is not a finite number",
			c->where, c->name, c->measurement);
		return -EINVAL;
	}
	m.cell = n->f[0];
	m.rep = (int)rep;
	m.op = n->f[2];
	m.metric = n->f[3];
	m.unit = units;
	/* lost-event rows go back through the lost-event counter (source unknown) */
	if (!strcmp(m.op, "lost") && !strcmp(m.metric, "lost_events"))
		ret = report_run_lost_add(run, *m.cell ? m.cell : NULL, m.rep, "lava", -1,
					  (uint64_t)m.value);
	else
		ret = report_run_metric_add(run, &m);
	if (ret)
		fmt_err(err, errlen, "%s: test case '%s': %s%s", c->where, c->name, strerror(-ret),
			ret == -ENOENT ? " (no smmubench.cell case declares its cell)" : "");
	return ret;
}

/* second pass: cells, KPIs and errors, in the order of the job */
static int lava_rows(struct report_run *run, const struct lava_in *in)
{
	const struct report_lava_results *res = in->res;
	struct lava_name n;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < res->nr_cases; i++) {
		const struct report_lava_case *c = &res->cases[i];

		ret = name_split(c, &n, in->err, in->errlen);
		if (ret <= 0)
			continue;
		ret = 0;
		if (!strcmp(n.kind, "cell")) {
			ret = want_fields(c, &n, 4, in->err, in->errlen);
			if (!ret)
				ret = report_run_cell_add(run, n.f[0], n.f[1], n.f[2],
							  *n.f[3] ? n.f[3] : NULL);
			if (ret && !in->err[0])
				fmt_err(in->err, in->errlen, "%s: test case '%s': cell: %s",
					c->where, c->name, strerror(-ret));
		} else if (!strcmp(n.kind, "kpi")) {
			ret = lava_kpi(run, c, &n, in->err, in->errlen);
		} else if (!strcmp(n.kind, "error")) {
			ret = want_fields(c, &n, 2, in->err, in->errlen);
			if (!ret)
				ret = report_run_error_add(run, strcmp(n.f[0], "run") ? n.f[0] : NULL,
							   atoi(n.f[1]),
							   "LAVA: the run reported an error here (%s)",
							   c->where);
		} else if (strcmp(n.kind, "meta") && strcmp(n.kind, "step")) {
			fmt_err(in->err, in->errlen, "%s: test case '%s': unknown kind smmubench.%s",
				c->where, c->name, n.kind);
			ret = -EINVAL;
		}
	}
	return ret;
}

int report_lava_ingest(const struct report_lava_ingest_opts *o, char *run_dir, size_t dirlen,
		       char *err, size_t errlen)
{
	struct report_lava_results res;
	struct lava_in in = { .res = &res, .err = err, .errlen = errlen };
	struct report_run_info info = { 0 };
	struct report_run *run = NULL;
	enum report_run_status st;
	const char *board, *status;
	size_t i;
	int ret;

	if (errlen)
		err[0] = '\0';
	ret = report_lava_read(o->input, &res, err, errlen);
	if (ret)
		return ret;
	ret = lava_meta_read(&in);
	if (ret)
		goto out;
	board = o->device ? o->device : res.device ? res.device : meta_get(&in, "board");
	info.label = label_of(meta_get(&in, "label"));
	info.target = meta_get(&in, "target");
	info.designs = meta_get(&in, "designs");
	info.profile = meta_get(&in, "profile");
	info.board = board;
	run = report_run_create(o->root, &info);
	if (!run) {
		ret = -errno;
		fmt_err(err, errlen, "%s: cannot create a run directory: %s", o->root, strerror(errno));
		goto out;
	}
	ret = lava_run_meta(run, &in, o, board);
	if (!ret)
		ret = lava_rows(run, &in);
	if (ret)
		goto out;
	status = meta_get(&in, "status");
	st = in.run_failed || (status && strcmp(status, "complete")) ? REPORT_RUN_FAILED :
		REPORT_RUN_COMPLETE;
	ret = report_run_finish(run, st);
	if (!ret)
		snprintf(run_dir, dirlen, "%s", report_run_dir(run));
	if (!ret && st != REPORT_RUN_COMPLETE) {
		fmt_err(err, errlen, "%s: the run on the device %s", report_run_dir(run),
			in.run_failed ? "failed (a smmubench.step case is not pass)" :
			"did not complete");
		ret = 1;
	}
out:
	if (ret < 0 && run && !err[0])
		fmt_err(err, errlen, "%s", strerror(-ret));
	if (run && ret < 0) {
		/* nothing half-written stays: the run never was */
		char dir[4096];

		report_run_finish(run, REPORT_RUN_INCOMPLETE);
		snprintf(dir, sizeof(dir), "%s", report_run_dir(run));
		report_run_free(run);
		dir_remove_tree(dir);
		run = NULL;
	}
	report_run_free(run);
	for (i = 0; i < in.nr_meta; i++)
		free(in.meta[i].val);
	free(in.meta);
	report_lava_results_release(&res);
	return ret;
}
