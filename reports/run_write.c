// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a run directory: hidden temporary name while it is written,
 * rows flushed as they come, meta.json replaced atomically, and a final
 * rename that says how the run ended. See reports.h for the layout.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "gitrev.h"
#include "common.h"
#include "hist.h"
#include "reports.h"
#include "units.h"
#include "trace.h"

#define RUN_FORMAT_VERSION 1

struct run_cell {
	char *name, *design, *workload;
};

struct report_run {
	char *root;
	char *name;		/* <date>-<label> */
	int seq;		/* 1, or N when <name>-N: another run had this name */
	char *dir;		/* current path */
	struct json_object *meta;
	FILE *results;
	FILE *errors;
	struct run_cell *cells;
	size_t nr_cells;
	uint64_t lost_total;
	size_t nr_errors;
	int finished;
};

const char *report_run_status_name(enum report_run_status st)
{
	switch (st) {
	case REPORT_RUN_RUNNING: return "running";
	case REPORT_RUN_COMPLETE: return "complete";
	case REPORT_RUN_FAILED: return "failed";
	case REPORT_RUN_INCOMPLETE: return "incomplete";
	}
	return "unknown";
}

static int name_ok(const char *s, const char *extra)
{
	if (!s || !*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (; *s; s++)
		if (!(str_isalnum(*s) || strchr("._-", *s) || strchr(extra, *s)))
			return 0;
	return 1;
}

static void meta_str(struct json_object *meta, const char *key, const char *val)
{
	json_object_object_add(meta, key, val ? json_object_new_string(val) : NULL);
}

/* meta.json via a temporary file and rename, so a reader never sees half of it. */
static int run_meta_write(struct report_run *run)
{
	char path[PATH_MAX], tmp[PATH_MAX];

	snprintf(path, sizeof(path), "%s/meta.json", run->dir);
	snprintf(tmp, sizeof(tmp), "%s/.meta.json.tmp", run->dir);
	if (json_object_to_file_ext(tmp, run->meta,
				    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE) < 0)
		return errno ? -errno : -EIO;
	if (rename(tmp, path) < 0)
		return -errno;
	return 0;
}

static struct json_object *designs_array(const char *designs)
{
	struct json_object *arr = json_object_new_array();
	char *copy, *tok, *save = NULL;

	if (!designs)
		return arr;
	copy = strdup(designs);
	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		json_object_array_add(arr, json_object_new_string(tok));
	free(copy);
	return arr;
}

static void run_meta_init(struct report_run *run, const struct report_run_info *info,
			  time_t now)
{
	struct json_object *m = run->meta, *k, *sw;
	struct utsname u;
	char host[256] = "unknown", buf[4096], id[512];
	char *cmdline;

	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	json_object_object_add(m, "format_version", json_object_new_int(RUN_FORMAT_VERSION));
	snprintf(id, sizeof(id), "%s@%s#%ld.%d", run->name, host, (long)now, (int)getpid());
	meta_str(m, "run_id", id);
	meta_str(m, "label", info->label);
	meta_str(m, "status", report_run_status_name(REPORT_RUN_RUNNING));
	meta_str(m, "target", info->target);
	json_object_object_add(m, "designs", designs_array(info->designs));
	meta_str(m, "profile", info->profile);
	meta_str(m, "host", host);
	meta_str(m, "board", info->board ? info->board : host);

	k = json_object_new_object();
	if (!uname(&u)) {
		meta_str(k, "release", u.release);
		meta_str(k, "version", u.version);
		meta_str(k, "machine", u.machine);
	}
	cmdline = file_read_text("/proc/cmdline", NULL);
	if (cmdline)
		cmdline[strcspn(cmdline, "\n")] = '\0';
	meta_str(k, "cmdline", cmdline);
	free(cmdline);
	json_object_object_add(m, "kernel", k);

	sw = json_object_new_object();
	meta_str(sw, "version", SMMUBENCH_VERSION);
	meta_str(sw, "gitrev", SMMUBENCH_GITREV);
	json_object_object_add(m, "smmubench", sw);

	meta_str(m, "conf_path", info->conf_path);
	meta_str(m, "conf_text", info->conf_text);
	json_object_object_add(m, "sources", json_object_new_array());
	json_object_object_add(m, "cells", json_object_new_array());
	fmt_time_iso(now, buf, sizeof(buf));
	meta_str(m, "start", buf);
	json_object_object_add(m, "start_epoch_s", json_object_new_int64(now));
	json_object_object_add(m, "end", NULL);
	json_object_object_add(m, "lost_events", json_object_new_int64(0));
	json_object_object_add(m, "errors", json_object_new_int64(0));
}

struct report_run *report_run_create(const char *root, const struct report_run_info *info)
{
	struct report_run *run;
	char path[PATH_MAX], date[32];
	const char *label = info && info->label ? info->label : "run";
	time_t now = time(NULL);
	struct tm tm;
	int err;

	if (!root || !name_ok(label, "")) {
		errno = EINVAL;
		return NULL;
	}
	run = calloc(1, sizeof(*run));
	if (!run)
		return NULL;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y%m%d-%H%M%S", &tm);
	if (asprintf(&run->name, "%s-%s", date, label) < 0) {
		run->name = NULL;
		err = ENOMEM;
		goto fail;
	}
	run->root = strdup(root);
	err = -dir_make_p(root);
	if (err)
		goto fail;
	/* two runs with one label in one second: the second is <name>-2, as finish names it */
	for (run->seq = 1; run->seq < 1000; run->seq++) {
		char seq[16] = "";

		if (run->seq > 1)
			snprintf(seq, sizeof(seq), "-%d", run->seq);
		if (asprintf(&run->dir, "%s/.%s%s.tmp", root, run->name, seq) < 0) {
			run->dir = NULL;
			err = ENOMEM;
			goto fail;
		}
		if (!mkdir(run->dir, 0755))
			break;
		err = errno;
		free(run->dir);
		run->dir = NULL;
		if (err != EEXIST)
			goto fail;
	}
	if (!run->dir)
		goto fail;	/* EEXIST 999 times */
	snprintf(path, sizeof(path), "%s/hist", run->dir);
	if (mkdir(path, 0755) < 0) {
		err = errno;
		goto fail;
	}
	run->meta = json_object_new_object();
	run_meta_init(run, info ? info : &(struct report_run_info){ 0 }, now);
	err = -run_meta_write(run);
	if (err)
		goto fail;
	snprintf(path, sizeof(path), "%s/results.jsonl", run->dir);
	run->results = fopen(path, "w");
	if (!run->results) {
		err = errno;
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/errors.jsonl", run->dir);
	run->errors = fopen(path, "w");
	if (!run->errors) {
		err = errno;
		goto fail;
	}
	return run;
fail:
	if (run->dir)
		dir_remove_tree(run->dir);
	run->finished = 1;
	report_run_free(run);
	errno = err;
	return NULL;
}

const char *report_run_dir(const struct report_run *run)
{
	return run->dir;
}

int report_run_meta_set(struct report_run *run, const char *key, const char *value)
{
	if (!key || run->finished)
		return -EINVAL;
	meta_str(run->meta, key, value);
	return run_meta_write(run);
}

int report_run_meta_sub_set(struct report_run *run, const char *obj, const char *key,
			    const char *value)
{
	struct json_object *o;

	if (!obj || !key || run->finished)
		return -EINVAL;
	if (!json_object_object_get_ex(run->meta, obj, &o) ||
	    !json_object_is_type(o, json_type_object)) {
		o = json_object_new_object();
		json_object_object_add(run->meta, obj, o);
	}
	meta_str(o, key, value);
	return run_meta_write(run);
}

int report_run_meta_int_set(struct report_run *run, const char *key, int64_t value)
{
	if (!key || run->finished)
		return -EINVAL;
	json_object_object_add(run->meta, key, json_object_new_int64(value));
	return run_meta_write(run);
}

int report_run_designs_set(struct report_run *run, const char *designs)
{
	if (!designs || run->finished)
		return -EINVAL;
	json_object_object_add(run->meta, "designs", designs_array(designs));
	return run_meta_write(run);
}

int report_run_source_add(struct report_run *run, const char *source)
{
	struct json_object *arr;

	if (!source || run->finished)
		return -EINVAL;
	json_object_object_get_ex(run->meta, "sources", &arr);
	json_object_array_add(arr, json_object_new_string(source));
	return run_meta_write(run);
}

static const struct run_cell *run_cell_find(const struct report_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < run->nr_cells; i++)
		if (!strcmp(run->cells[i].name, name))
			return &run->cells[i];
	return NULL;
}

int report_run_cell_add(struct report_run *run, const char *name, const char *design,
			const char *workload, const char *params)
{
	struct json_object *arr, *c;
	struct run_cell *cells;

	if (run->finished || !name_ok(name, "=,+") || run_cell_find(run, name))
		return -EINVAL;
	cells = realloc(run->cells, (run->nr_cells + 1) * sizeof(*cells));
	if (!cells)
		return -ENOMEM;
	run->cells = cells;
	cells[run->nr_cells].name = strdup(name);
	cells[run->nr_cells].design = strdup(design ? design : "");
	cells[run->nr_cells].workload = strdup(workload ? workload : "");
	run->nr_cells++;

	c = json_object_new_object();
	meta_str(c, "name", name);
	meta_str(c, "design", design);
	meta_str(c, "workload", workload);
	meta_str(c, "params", params);
	json_object_object_get_ex(run->meta, "cells", &arr);
	json_object_array_add(arr, c);
	return run_meta_write(run);
}

static int run_line_write(FILE *f, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE);
	int ret = 0;

	if (fputs(s, f) == EOF || fputc('\n', f) == EOF || fflush(f) == EOF)
		ret = errno ? -errno : -EIO;
	json_object_put(o);
	return ret;
}

int report_run_metric_add(struct report_run *run, const struct report_metric *m)
{
	const struct run_cell *c;
	struct json_object *o;

	if (run->finished || !m->cell || !m->op || !m->metric || !m->unit)
		return -EINVAL;
	c = run_cell_find(run, m->cell);
	if (!c)
		return -ENOENT;
	o = json_object_new_object();
	meta_str(o, "cell", c->name);
	meta_str(o, "design", c->design);
	meta_str(o, "workload", c->workload);
	json_object_object_add(o, "rep", json_object_new_int(m->rep));
	meta_str(o, "op", m->op);
	meta_str(o, "metric", m->metric);
	meta_str(o, "unit", m->unit);
	json_object_object_add(o, "value", json_object_new_double(m->value));
	json_object_object_add(o, "n", json_object_new_uint64(m->n));
	return run_line_write(run->results, o);
}

int report_run_hist_write_json(struct report_run *run, const char *cell, const char *op,
			       struct json_object *hist_json)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int ret;

	if (run->finished || !hist_json || !name_ok(op, "") || !run_cell_find(run, cell))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/hist/%s", run->dir, cell);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/hist/%s/%s.json", run->dir, cell, op);
	snprintf(tmp, sizeof(tmp), "%s/hist/%s/.%s.json.tmp", run->dir, cell, op);
	if (json_object_to_file_ext(tmp, hist_json, JSON_C_TO_STRING_PLAIN) < 0)
		return errno ? -errno : -EIO;
	ret = rename(tmp, path);
	return ret < 0 ? -errno : 0;
}

int report_run_hist_write(struct report_run *run, const char *cell, const char *op,
			  const struct trace_hist *h)
{
	struct json_object *o = NULL;
	int ret = trace_hist_to_json(h, &o);

	if (ret)
		return ret;
	ret = report_run_hist_write_json(run, cell, op, o);
	json_object_put(o);
	return ret;
}

int report_run_lost_add(struct report_run *run, const char *cell, int rep,
			const char *source, int cpu, uint64_t count)
{
	const struct run_cell *c;
	struct json_object *o;
	int ret;

	if (run->finished || !source)
		return -EINVAL;
	c = cell ? run_cell_find(run, cell) : NULL;
	if (cell && !c)
		return -ENOENT;
	o = json_object_new_object();
	meta_str(o, "cell", c ? c->name : "");	/* "": run-wide */
	meta_str(o, "design", c ? c->design : "");
	meta_str(o, "workload", c ? c->workload : "");
	json_object_object_add(o, "rep", json_object_new_int(rep));
	meta_str(o, "op", "lost");
	meta_str(o, "metric", "lost_events");
	meta_str(o, "unit", "events");
	json_object_object_add(o, "value", json_object_new_double((double)count));
	json_object_object_add(o, "n", json_object_new_uint64(1));
	meta_str(o, "source", source);
	json_object_object_add(o, "cpu", json_object_new_int(cpu));
	ret = run_line_write(run->results, o);
	if (!ret)
		run->lost_total += count;
	return ret;
}

int report_run_error_add(struct report_run *run, const char *cell, int rep,
			 const char *fmt, ...)
{
	struct json_object *o;
	char msg[1024];
	va_list ap;
	int ret;

	if (run->finished || !fmt)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o = json_object_new_object();
	meta_str(o, "cell", cell);
	json_object_object_add(o, "rep", json_object_new_int(rep));
	meta_str(o, "message", msg);
	ret = run_line_write(run->errors, o);
	if (!ret)
		run->nr_errors++;
	return ret;
}

/*
 * fsync every regular file and directory below dfd, each directory after
 * its contents: the runner's raw/ files as well as ours.
 */
static int tree_sync(int dfd)
{
	struct dirent *de;
	int ret = 0, fd;
	DIR *d;

	fd = dup(dfd);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		ret = -errno;
		close(fd);
		return ret;
	}
	while (!ret && (de = readdir(d))) {
		struct stat st;
		int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = -errno;
			break;
		}
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
			continue;	/* a symlink or fifo has no data of its own */
		if (S_ISDIR(st.st_mode))
			flags |= O_DIRECTORY;
		fd = openat(dfd, de->d_name, flags);
		if (fd < 0) {
			ret = -errno;
			break;
		}
		if (S_ISDIR(st.st_mode))
			ret = tree_sync(fd);
		if (!ret && fsync(fd) < 0)
			ret = -errno;
		close(fd);
	}
	closedir(d);
	return ret;
}

/* fsync a directory itself (its entries: a rename or a new file in it) */
static int dir_sync(const char *path, int recursive)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (recursive)
		ret = tree_sync(fd);
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int report_run_finish(struct report_run *run, enum report_run_status status)
{
	char final[PATH_MAX], buf[64];
	time_t now = time(NULL);
	struct stat st;
	int i, ret;

	if (run->finished)
		return -EALREADY;
	if (status == REPORT_RUN_RUNNING)
		return -EINVAL;
	run->finished = 1;
	if (run->results && fclose(run->results) == EOF)
		status = REPORT_RUN_INCOMPLETE;	/* rows may be missing */
	run->results = NULL;
	if (run->errors)
		fclose(run->errors);
	run->errors = NULL;

	fmt_time_iso(now, buf, sizeof(buf));
	meta_str(run->meta, "end", buf);
	json_object_object_add(run->meta, "end_epoch_s", json_object_new_int64(now));
	json_object_object_add(run->meta, "lost_events", json_object_new_int64(run->lost_total));
	json_object_object_add(run->meta, "errors", json_object_new_int64(run->nr_errors));
	meta_str(run->meta, "status", report_run_status_name(status));
	ret = run_meta_write(run);
	if (ret)
		return ret;	/* stays hidden as .tmp: never looks complete */
	/*
	 * Every byte on disk before the name says the run ended: else a power
	 * loss could leave a "complete" run of empty files (ext4, xfs order
	 * a rename before the data it names only with fsync).
	 */
	ret = dir_sync(run->dir, 1);
	if (ret)
		return ret;	/* stays hidden as .tmp: the loader calls it incomplete */

	for (i = run->seq; i < 1000; i++) {
		int n = snprintf(final, sizeof(final), "%s/%s", run->root, run->name);

		if (i > 1)
			n += snprintf(final + n, sizeof(final) - n, "-%d", i);
		if (status == REPORT_RUN_INCOMPLETE)
			snprintf(final + n, sizeof(final) - n, ".incomplete");
		if (lstat(final, &st) == 0 || errno != ENOENT)
			continue;
		if (!rename(run->dir, final))
			break;
		/* ENOTEMPTY, EEXIST: another run took the name since lstat(); try the next */
		if (errno != ENOTEMPTY && errno != EEXIST)
			return -errno;
	}
	if (i == 1000)
		return -EEXIST;
	free(run->dir);
	run->dir = strdup(final);
	if (!run->dir)
		return -ENOMEM;
	/* and the rename itself, in the results directory */
	return dir_sync(run->root, 0);
}

void report_run_free(struct report_run *run)
{
	size_t i;

	if (!run)
		return;
	if (!run->finished)
		report_run_finish(run, REPORT_RUN_INCOMPLETE);
	for (i = 0; i < run->nr_cells; i++) {
		free(run->cells[i].name);
		free(run->cells[i].design);
		free(run->cells[i].workload);
	}
	free(run->cells);
	if (run->meta)
		json_object_put(run->meta);
	free(run->root);
	free(run->name);
	free(run->dir);
	free(run);
}
