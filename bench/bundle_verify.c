// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench bundle --verify FILE: unpack the bundle, rerun each model run
 * from its bench.conf as run with the repetitions and warm-ups it ran,
 * then compare every file of the original run (meta.json aside: it holds
 * times, host and run id) with the rerun's, byte for byte. The model is
 * deterministic in virtual time, so any difference is a change: of the
 * code, the profile, or the bundle. The one normalisation: raw summaries
 * name their source by the run directory's own path, which differs.
 */
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitrev.h"
#include "bundle.h"
#include "common.h"
#include "conf.h"
#include "reports.h"
#include "runner.h"

size_t bench_bundle_path_normalise(char *text, size_t len, const char *name)
{
	char needle[PATH_MAX];
	size_t n;
	char *p, *start;

	if (fmt_buf(needle, sizeof(needle), "/.%s.tmp", name))
		return len;
	n = strlen(needle);
	while ((p = memmem(text, len, needle, n))) {
		/* back to the start of the path: a quote, a colon or a blank */
		for (start = p; start > text && !strchr("\"': \n", start[-1]); start--)
			;
		memcpy(start, "<run>", 5);
		memmove(start + 5, p + n, len - (p + n - text));
		len -= (p + n - start) - 5;
		text[len] = '\0';
	}
	return len;
}

struct verify_cmp {
	const char *orig, *rerun;	/* the two run directories */
	const char *orig_name, *rerun_name;
	size_t nr_files, nr_bytes, nr_diff;
	FILE *out;
};

/* Compare one file (rel to both runs); a difference is named on out. */
static void file_cmp(struct verify_cmp *c, const char *rel)
{
	char a[PATH_MAX], b[PATH_MAX], *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0;

	fmt_buf(a, sizeof(a), "%s/%s", c->orig, rel);
	fmt_buf(b, sizeof(b), "%s/%s", c->rerun, rel);
	if (file_read_all(a, &ta, &la) || file_read_all(b, &tb, &lb)) {
		fprintf(c->out, "  DIFFERS %s: %s\n", rel, tb || !ta ? "not in the original" :
			"missing from the rerun");
		c->nr_diff++;
		goto out;
	}
	c->nr_files++;
	c->nr_bytes += la;
	if (la == lb && !memcmp(ta, tb, la))
		goto out;
	la = bench_bundle_path_normalise(ta, la, c->orig_name);
	lb = bench_bundle_path_normalise(tb, lb, c->rerun_name);
	if (la == lb && !memcmp(ta, tb, la))
		goto out;
	fprintf(c->out, "  DIFFERS %s (%zu bytes, rerun %zu)\n", rel, la, lb);
	c->nr_diff++;
out:
	free(ta);
	free(tb);
}

/* Every file under base/rel of one tree; other = 1 when walking the rerun for extra files. */
static void tree_walk(struct verify_cmp *c, const char *base, const char *rel, int other)
{
	char path[PATH_MAX], sub[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	fmt_buf(path, sizeof(path), "%s%s%s", base, rel[0] ? "/" : "", rel);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!rel[0] && !strcmp(de->d_name, "meta.json"))
			continue;
		fmt_buf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		fmt_buf(path, sizeof(path), "%s/%s", base, sub);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			tree_walk(c, base, sub, other);
		} else if (!other) {
			file_cmp(c, sub);
		} else {
			fmt_buf(path, sizeof(path), "%s/%s", c->orig, sub);
			if (access(path, F_OK)) {
				fprintf(c->out, "  DIFFERS %s: only in the rerun\n", sub);
				c->nr_diff++;
			}
		}
	}
	closedir(d);
}

/* repeat/warmup the run ran with (meta.json), else -1: bench.conf's */
static int meta_int(const struct report_rundata *rd, const char *key)
{
	const char *v = report_rundata_meta(rd, key);

	return v && *v ? atoi(v) : -1;
}

/* Rerun runs/<name> of the bundle at root into work; 0 reproduced, 1 not, -errno. */
static int run_verify(const char *root, const char *name, const char *work, FILE *out)
{
	char dir[PATH_MAX], conf_path[PATH_MAX], err[1024] = "";
	struct report_rundata *rd;
	struct bench_runner_opts o;
	struct bench_runner_result res;
	struct bench_conf *conf = NULL;
	struct verify_cmp c = { .out = out, .orig_name = name };
	const char *target;
	int ret;

	fmt_buf(dir, sizeof(dir), "%s/runs/%s", root, name);
	fmt_buf(conf_path, sizeof(conf_path), "%s/conf/%s/bench.conf", root, name);
	rd = report_rundata_load(dir, err, sizeof(err));
	if (!rd) {
		fprintf(out, "run %s: %s\n", name, err);
		return 1;
	}
	target = report_rundata_meta(rd, "target");
	if (!target || strcmp(target, "model")) {
		fprintf(out, "run %s: target %s: not rerun here (reproduce.sh hw, on its board)\n",
			name, target ? target : "not recorded");
		report_rundata_free(rd);
		return 2;
	}
	conf = bench_conf_load(conf_path, stderr);
	bench_runner_opts_init(&o);
	o.results = work;
	o.label = report_rundata_meta(rd, "label");
	o.repeat = meta_int(rd, "repeat");
	o.warmup = meta_int(rd, "warmup");
	o.quiet = true;
	ret = conf ? bench_runner_run(conf, &o, &res) : -EINVAL;
	if (ret || res.status != REPORT_RUN_COMPLETE) {
		fprintf(out, "run %s: the rerun did not complete%s%s\n", name, ret ? ": " : "",
			ret ? strerror(-ret) : "");
		ret = 1;
		goto out;
	}
	c.orig = dir;
	c.rerun = res.run_dir;
	c.rerun_name = strrchr(res.run_dir, '/') ? strrchr(res.run_dir, '/') + 1 : res.run_dir;
	tree_walk(&c, dir, "", 0);
	tree_walk(&c, res.run_dir, "", 1);
	fprintf(out, "run %s: %s: %zu files, %zu bytes compared, %zu differ\n", name,
		c.nr_diff ? "DIFFERS" : "reproduced byte-identically", c.nr_files, c.nr_bytes,
		c.nr_diff);
	ret = c.nr_diff ? 1 : 0;
out:
	bench_conf_free(conf);
	report_rundata_free(rd);
	return ret;
}

/* tar -xzf path into work; the bundle root, or -errno after a message. */
static int bundle_unpack(const char *path, const char *work, char *root, size_t len, FILE *out)
{
	const char *tar[] = { "tar", "--no-same-owner", "--no-same-permissions", "-xzf", path,
			      "-C", work, NULL };
	char log[PATH_MAX];
	struct stat st;
	int s;

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return fmt_buf(root, len, "%s", path);
	fmt_buf(log, sizeof(log), "%s/tar.log", work);
	s = proc_run(tar, NULL, log);
	if (s) {
		char *text = file_read_text(log, NULL);

		fprintf(out, "smmubench bundle --verify: tar -xzf %s: %s\n", path,
			s < 0 ? strerror(-s) : text && *text ? text : "failed");
		free(text);
		return -EINVAL;
	}
	return fmt_buf(root, len, "%s/smmubench-bundle", work);
}

int bench_bundle_verify(const char *path, FILE *out)
{
	char work[PATH_MAX], root[PATH_MAX], runs[PATH_MAX], rerun[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	unsigned int nr_ok = 0, nr_bad = 0, nr_hw = 0;
	struct dirent *de;
	DIR *d;
	int ret;

	if (fmt_buf(work, sizeof(work), "%s/smmubench-verify-XXXXXX", tmp && *tmp ? tmp : "/tmp") ||
	    !mkdtemp(work))
		return -errno;
	ret = bundle_unpack(path, work, root, sizeof(root), out);
	if (ret)
		goto out;
	fmt_buf(runs, sizeof(runs), "%s/runs", root);
	fmt_buf(rerun, sizeof(rerun), "%s/rerun", work);
	fprintf(out, "# smmubench bundle --verify %s with smmubench %s (%s)\n", path,
		SMMUBENCH_VERSION, SMMUBENCH_GITREV);
	d = opendir(runs);
	if (!d) {
		ret = -errno;
		fprintf(out, "smmubench bundle --verify: %s: %s: not a bundle\n", path,
			strerror(-ret));
		goto out;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		switch (run_verify(root, de->d_name, rerun, out)) {
		case 0:
			nr_ok++;
			break;
		case 2:
			nr_hw++;
			break;
		default:
			nr_bad++;
		}
	}
	closedir(d);
	fprintf(out, "# %u model runs reproduced, %u differ, %u hw runs not rerun\n", nr_ok, nr_bad,
		nr_hw);
	if (!nr_ok && !nr_bad)
		fprintf(out, "# nothing verified: the bundle has no model run\n");
	ret = nr_bad || !nr_ok ? 1 : 0;
out:
	dir_remove_tree(work);
	return ret;
}
