// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench bundle RUN... -o FILE.tar.gz: the runs, their bench.conf as
 * run, the source of their revision and reproduce.sh, staged in a fresh
 * directory under $TMPDIR (runs linked, not copied) and packed by tar(1)
 * with -h, so that the archive holds the files themselves.
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitrev.h"
#include "bundle.h"
#include "common.h"
#include "reports.h"

/* No string of a run or a path is written into it: it walks runs/. */
static const char reproduce_sh[] =
	"#!/bin/sh\n"
	"# SPDX-License-Identifier: GPL-2.0\n"
	"# smmubench bundle: rebuild the smmubench revision of these runs from\n"
	"# source/<rev>.tar and rerun them.\n"
	"#   ./reproduce.sh [WORKDIR]      model runs: rebuild, rerun, compare byte for byte\n"
	"#   ./reproduce.sh hw [WORKDIR]   hw runs: rerun bench.conf as run on this board (root)\n"
	"# Needs what the build needs (make deps in the source); see MANIFEST.json.\n"
	"set -eu\n"
	"here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
	"mode=model\n"
	"if [ \"${1:-}\" = hw ]; then mode=hw; shift; fi\n"
	"work=${1:-$here/reproduce}\n"
	"set -- \"$here\"/source/*.tar\n"
	"if [ ! -f \"$1\" ]; then\n"
	"\techo \"reproduce.sh: no source/<rev>.tar in this bundle: MANIFEST.json says why\" >&2\n"
	"\texit 1\n"
	"fi\n"
	"if [ $# -gt 1 ]; then\n"
	"\techo \"reproduce.sh: runs of several revisions: building $1 only\" >&2\n"
	"fi\n"
	"mkdir -p \"$work/src\"\n"
	"tar -xf \"$1\" -C \"$work/src\"\n"
	"echo \"reproduce.sh: building $(basename \"$1\" .tar) in $work/src (log: $work/build.log)\"\n"
	"make -C \"$work/src\" -j\"$(nproc 2>/dev/null || echo 2)\" >\"$work/build.log\" 2>&1 ||\n"
	"\t{ echo \"reproduce.sh: the build failed: $work/build.log\" >&2; exit 1; }\n"
	"sb=$work/src/build/smmubench\n"
	"if [ \"$mode\" = model ] && \"$sb\" bundle --help >/dev/null 2>&1; then\n"
	"\texec \"$sb\" bundle --verify \"$here\"\n"
	"fi\n"
	"if [ \"$mode\" = model ]; then\n"
	"\t# a revision older than `bundle`: rerun with the repeat and warm-up the\n"
	"\t# run recorded (else bench.conf's), compare with cmp (raw summaries name\n"
	"\t# their run directory)\n"
	"\tsame() {\n"
	"\t\tcmp -s \"$1\" \"$2\" && return 0\n"
	"\t\tcase $1 in */summary.json) ;; *) return 1 ;; esac\n"
	"\t\tnorm='s#[^\"]*/[.][^/\"]*[.]tmp/#<run>/#g'\n"
	"\t\t[ \"$(sed \"$norm\" \"$1\")\" = \"$(sed \"$norm\" \"$2\")\" ]\n"
	"\t}\n"
	"\tbad=0\n"
	"\tfor run in \"$here\"/runs/*/; do\n"
	"\t\tname=$(basename \"$run\")\n"
	"\t\tgrep -q '\"target\": *\"model\"' \"$run/meta.json\" || { echo \"$name: not a model run\"; continue; }\n"
	"\t\tout=$work/rerun-$name\n"
	"\t\tset --\n"
	"\t\tfor k in repeat warmup; do\n"
	"\t\t\tv=$(sed -n \"s/.*\\\"$k\\\": *\\\"\\([0-9][0-9]*\\)\\\".*/\\1/p\" \"$run/meta.json\")\n"
	"\t\t\t[ -n \"$v\" ] && set -- \"$@\" --$k \"$v\"\n"
	"\t\tdone\n"
	"\t\t\"$sb\" run -q -o \"$out\" \"$@\" \"$here/conf/$name/bench.conf\" >/dev/null\n"
	"\t\tnew=$(ls -d \"$out\"/*/ | head -1)\n"
	"\t\t(cd \"$run\" && find . -type f ! -name meta.json) | while read -r f; do\n"
	"\t\t\tsame \"$run/$f\" \"$new/$f\" || echo \"DIFFERS $name/$f\"\n"
	"\t\tdone | tee \"$work/diff-$name.txt\"\n"
	"\t\tif [ -s \"$work/diff-$name.txt\" ]; then bad=1; else echo \"$name: reproduced\"; fi\n"
	"\tdone\n"
	"\texit $bad\n"
	"fi\n"
	"for conf in \"$here\"/conf/*/bench.conf; do\n"
	"\t\"$sb\" run -o \"$work/results\" \"$conf\"\n"
	"done\n";

/* A run name is a directory name the results store made: [A-Za-z0-9._=,+-]. */
static int name_ok(const char *s)
{
	if (!*s || s[0] == '.')
		return 0;
	for (; *s; s++)
		if (!str_isalnum(*s) && !strchr("._=,+-", *s))
			return 0;
	return 1;
}

/* git -C src archive / ls-tree of rev into root/source/; 0, or -ENOENT when git cannot. */
static int source_add(const char *src, const char *rev, const char *root, char *why,
		      size_t why_len)
{
	char tar[PATH_MAX], list[PATH_MAX], log[PATH_MAX];
	const char *archive[] = { "git", "-C", src, "archive", "--format=tar", "-o", tar, rev,
				  NULL };
	const char *ls[] = { "git", "-C", src, "ls-tree", "-r", rev, "--", "kernel-patches",
			     NULL };
	int st;

	if (!name_ok(rev) || fmt_buf(tar, sizeof(tar), "%s/source/%s.tar", root, rev) ||
	    fmt_buf(list, sizeof(list), "%s/source/%s.kernel-patches.txt", root, rev) ||
	    fmt_buf(log, sizeof(log), "%s/source/.git.log", root)) {
		fmt_err(why, why_len, "revision '%s' is not a git revision", rev);
		return -ENOENT;
	}
	st = proc_run(archive, NULL, log);
	if (st) {
		char *text = file_read_text(log, NULL);

		fmt_err(why, why_len, "git archive %s in %s: %s", rev, src,
			st < 0 ? strerror(-st) : text && *text ? strtok(text, "\n") :
			"failed");
		free(text);
		unlink(tar);
		unlink(log);
		return -ENOENT;
	}
	st = proc_run(ls, NULL, list);
	unlink(log);
	if (st) {
		fmt_err(why, why_len, "git ls-tree %s kernel-patches failed", rev);
		return -ENOENT;
	}
	return 0;
}

struct bundle_stage {
	char dir[PATH_MAX];	/* the staging directory */
	char root[PATH_MAX];	/* dir/smmubench-bundle */
	struct json_object *manifest, *runs, *sources;
};

/* The run: checked, linked into runs/, its bench.conf into conf/; its revision into revs. */
static int run_add(struct bundle_stage *s, const char *dir, FILE *msg)
{
	char err[1024] = "", path[PATH_MAX], real[PATH_MAX];
	struct report_rundata *rd = report_rundata_load(dir, err, sizeof(err));
	const char *conf, *target;
	struct json_object *o, *sb, *rev = NULL;
	int ret = 0;

	if (!rd) {
		fprintf(msg, "smmubench bundle: %s\n", err[0] ? err : strerror(errno));
		return -EINVAL;
	}
	conf = report_rundata_meta(rd, "conf_text");
	target = report_rundata_meta(rd, "target");
	if (rd->status != REPORT_RUN_COMPLETE || !name_ok(rd->name) || !conf || !realpath(dir, real)) {
		fprintf(msg, "smmubench bundle: %s: %s; only complete runs with their bench.conf "
			"(meta.json conf_text) reproduce\n", dir,
			rd->status != REPORT_RUN_COMPLETE ? report_run_status_name(rd->status) :
			!conf ? "no conf_text" : "not a run directory name");
		ret = -EINVAL;
		goto out;
	}
	if (!fmt_buf(path, sizeof(path), "%s/runs/%s", s->root, rd->name) && symlink(real, path)) {
		ret = -errno;
		fprintf(msg, "smmubench bundle: %s: %s (the same run twice?)\n", path, strerror(-ret));
		goto out;
	}
	if (fmt_buf(path, sizeof(path), "%s/conf/%s", s->root, rd->name) || dir_make_p(path) ||
	    fmt_buf(path, sizeof(path), "%s/conf/%s/bench.conf", s->root, rd->name) ||
	    (ret = file_write_str(path, conf))) {
		ret = ret ? ret : -ENAMETOOLONG;
		goto out;
	}
	if (json_object_object_get_ex(rd->meta, "smmubench", &sb))
		json_object_object_get_ex(sb, "gitrev", &rev);
	o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(rd->name));
	json_object_object_add(o, "target", target ? json_object_new_string(target) : NULL);
	json_object_object_add(o, "gitrev", rev ? json_object_get(rev) : NULL);
	json_object_array_add(s->runs, o);
	fprintf(msg, "  run %s (%s, revision %s)\n", rd->name, target ? target : "?",
		rev ? json_object_get_string(rev) : "not recorded");
out:
	report_rundata_free(rd);
	return ret;
}

/* The source of every revision the runs name, once each. */
static void sources_add(struct bundle_stage *s, const char *src, FILE *msg)
{
	size_t i, k;

	for (i = 0; i < json_object_array_length(s->runs); i++) {
		struct json_object *r = json_object_array_get_idx(s->runs, i), *rev, *o;
		char why[512] = "", file[PATH_MAX];
		const char *rs;
		int seen = 0;

		if (!json_object_object_get_ex(r, "gitrev", &rev) || !rev)
			continue;
		rs = json_object_get_string(rev);
		for (k = 0; k < i; k++) {
			struct json_object *r2 = json_object_array_get_idx(s->runs, k), *rev2;

			if (json_object_object_get_ex(r2, "gitrev", &rev2) && rev2 &&
			    !strcmp(json_object_get_string(rev2), rs))
				seen = 1;
		}
		if (seen)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "gitrev", json_object_new_string(rs));
		if (!source_add(src, rs, s->root, why, sizeof(why))) {
			fmt_buf(file, sizeof(file), "source/%s.tar", rs);
			json_object_object_add(o, "tar", json_object_new_string(file));
			fmt_buf(file, sizeof(file), "source/%s.kernel-patches.txt", rs);
			json_object_object_add(o, "kernel_patches", json_object_new_string(file));
			json_object_object_add(o, "note", json_object_new_string(
				"the committed tree at this revision: changes not committed when "
				"the binary was built are not in it"));
			fprintf(msg, "  source %s: source/%s.tar\n", rs, rs);
		} else {
			json_object_object_add(o, "tar", NULL);
			json_object_object_add(o, "missing", json_object_new_string(why));
			fprintf(msg, "smmubench bundle: warning: no source for revision %s: %s\n", rs,
				why);
		}
		json_object_array_add(s->sources, o);
	}
}

static int stage_init(struct bundle_stage *s)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];

	if (fmt_buf(s->dir, sizeof(s->dir), "%s/smmubench-bundle-XXXXXX", tmp && *tmp ? tmp : "/tmp"))
		return -ENAMETOOLONG;
	if (!mkdtemp(s->dir))
		return -errno;
	fmt_buf(s->root, sizeof(s->root), "%s/smmubench-bundle", s->dir);
	fmt_buf(path, sizeof(path), "%s/runs", s->root);
	if (dir_make_p(path))
		return -errno;
	fmt_buf(path, sizeof(path), "%s/source", s->root);
	if (dir_make_p(path))
		return -errno;
	s->manifest = json_object_new_object();
	s->runs = json_object_new_array();
	s->sources = json_object_new_array();
	return s->manifest && s->runs && s->sources ? 0 : -ENOMEM;
}

/* MANIFEST.json and reproduce.sh */
static int stage_finish(struct bundle_stage *s)
{
	char path[PATH_MAX], when[32];
	struct json_object *by = json_object_new_object();
	int ret;

	fmt_time_iso(time(NULL), when, sizeof(when));
	json_object_object_add(s->manifest, "format_version", json_object_new_int(1));
	json_object_object_add(s->manifest, "created", json_object_new_string(when));
	json_object_object_add(by, "version", json_object_new_string(SMMUBENCH_VERSION));
	json_object_object_add(by, "gitrev", json_object_new_string(SMMUBENCH_GITREV));
	json_object_object_add(s->manifest, "created_by", by);
	json_object_object_add(s->manifest, "runs", json_object_get(s->runs));
	json_object_object_add(s->manifest, "sources", json_object_get(s->sources));
	fmt_buf(path, sizeof(path), "%s/MANIFEST.json", s->root);
	ret = file_write_str(path, json_object_to_json_string_ext(s->manifest,
								   JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	if (ret)
		return ret;
	fmt_buf(path, sizeof(path), "%s/reproduce.sh", s->root);
	ret = file_write_str(path, reproduce_sh);
	return ret ? ret : chmod(path, 0755) ? -errno : 0;
}

int bench_bundle_create(const struct bench_bundle_opts *o, FILE *msg)
{
	struct bundle_stage s = { 0 };
	char log[PATH_MAX + 16];
	const char *tar[] = { "tar", "--owner=0", "--group=0", "-czhf", o->output, "-C", s.dir,
			      "smmubench-bundle", NULL };
	size_t i;
	int ret, st;

	ret = stage_init(&s);
	tar[6] = s.dir;
	fprintf(msg, "# smmubench bundle -> %s\n", o->output);
	for (i = 0; !ret && i < o->nr_run_dirs; i++)
		ret = run_add(&s, o->run_dirs[i], msg);
	if (!ret) {
		sources_add(&s, o->source_dir ? o->source_dir : ".", msg);
		ret = stage_finish(&s);
	}
	if (!ret) {
		fmt_buf(log, sizeof(log), "%s/tar.log", s.dir);
		st = proc_run(tar, NULL, log);
		if (st) {
			char *text = file_read_text(log, NULL);

			fprintf(msg, "smmubench bundle: tar -czhf %s: %s\n", o->output,
				st < 0 ? strerror(-st) : text && *text ? text : "failed");
			free(text);
			ret = -EIO;
		}
	}
	json_object_put(s.runs);
	json_object_put(s.sources);
	json_object_put(s.manifest);
	if (s.dir[0])
		dir_remove_tree(s.dir);
	return ret;
}
