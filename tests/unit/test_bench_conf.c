// SPDX-License-Identifier: GPL-2.0
/* bench.conf parsing: valid files, each kind of error, the cell matrix. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "conf.h"
#include "run.h"

/* Parse TEXT; return the conf (or NULL) and the error text in *msg (caller frees). */
static struct bench_conf *parse(const char *text, char **msg)
{
	size_t len = 0;
	FILE *err = open_memstream(msg, &len);
	struct bench_conf *c;

	assert_non_null(err);
	c = bench_conf_load_string("t.conf", text, err);
	fclose(err);
	return c;
}

/* The error message must contain WANT (worked out from the file by hand). */
static void expect_error(const char *text, const char *want)
{
	char *msg = NULL;
	struct bench_conf *c = parse(text, &msg);

	if (c || !strstr(msg, want))
		print_error("want error containing '%s', got '%s'\n", want, msg ? msg : "(none)");
	assert_null(c);
	assert_non_null(strstr(msg, want));
	free(msg);
}

static const char *valid =
	"# a comment\n"
	"; another comment\n"
	"[global]\n"
	"label = grid\n"
	"repeat = 3\n"
	"\n"
	"[model]\n"
	"designs = native, paravirt   # inline comment\n"
	"\n"
	"[workload dma]\n"
	"type = dmabench\n"
	"threads = 1,4\n"
	"granule = 1, 256\n"
	"duration_ms = 20\n"
	"\n"
	"[workload blk]\n"
	"type = fio\n"
	"bs = 4k\n"
	"size = 1m\n";

static void test_valid(void **state)
{
	const struct bench_section *dma, *blk;
	const struct bench_val *v;
	char *msg = NULL;
	struct bench_conf *c = parse(valid, &msg);

	if (!c)
		print_error("%s", msg);
	assert_non_null(c);
	assert_string_equal(bench_section_str(&c->global, "label"), "grid");
	assert_int_equal(bench_section_num(&c->global, "repeat"), 3);
	assert_int_equal(bench_section_num(&c->global, "warmup"), 1);	/* default */
	v = bench_section_val(&c->model, "designs");
	assert_int_equal(v->nr, 2);
	assert_string_equal(v->str[1], "paravirt");
	assert_int_equal(v->num[1], 1);
	assert_int_equal(v->line, 8);
	dma = bench_conf_workload(c, "dma");
	assert_non_null(dma);
	v = bench_section_val(dma, "granule");
	assert_int_equal(v->nr, 2);
	assert_int_equal(v->num[0], 1);
	assert_int_equal(v->num[1], 256);
	assert_int_equal(v->line, 13);
	assert_int_equal(bench_section_num(dma, "dma_bits"), 32);	/* default */
	blk = bench_conf_workload(c, "blk");
	assert_non_null(blk);
	assert_int_equal(bench_section_num(blk, "bs"), 4096);
	assert_int_equal(bench_section_num(blk, "size"), 1048576);
	assert_int_equal(bench_section_num(blk, "iodepth"), 1);
	assert_string_equal(bench_section_str(&c->target, "type"), "model");
	bench_conf_free(c);
	free(msg);
}

static void test_cells(void **state)
{
	struct bench_cells cells;
	char *msg = NULL;
	struct bench_conf *c = parse(valid, &msg);
	unsigned int i;

	assert_non_null(c);
	assert_int_equal(bench_cells_expand(c, NULL, false, &cells), 0);
	/* designs 2 x (dma: threads 2 x granule 2 + blk: 1) = 10 */
	assert_int_equal(cells.nr, 10);
	assert_string_equal(cells.cell[0].name, "native.dma.threads=1.granule=1");
	assert_string_equal(cells.cell[1].name, "native.dma.threads=4.granule=1");
	assert_string_equal(cells.cell[2].name, "native.dma.threads=1.granule=256");
	assert_string_equal(cells.cell[3].name, "native.dma.threads=4.granule=256");
	assert_string_equal(cells.cell[4].name, "native.blk");
	assert_string_equal(cells.cell[5].name, "paravirt.dma.threads=1.granule=1");
	assert_int_equal(cells.cell[3].design, 0);
	assert_int_equal(cells.cell[9].design, 1);
	assert_int_equal(bench_cell_num(&cells.cell[3], "threads"), 4);
	assert_int_equal(bench_cell_num(&cells.cell[3], "granule"), 256);
	assert_int_equal(bench_cell_num(&cells.cell[3], "duration_ms"), 20);
	assert_string_equal(cells.cell[3].params, "threads=4 granule=256");
	for (i = 0; i < cells.nr; i++)
		assert_non_null(cells.cell[i].ops);
	bench_cells_free(&cells);
	bench_conf_free(c);
	free(msg);
}

static void test_sweep_cells(void **state)
{
	const char *text =
		"[model]\ndesigns = paravirt\n"
		"[workload d]\ntype = dmabench\n"
		"[workload f]\ntype = fio\n"
		"[sweep batch]\nknob = cmds_per_sync\nvalues = 1, 8, 64\nworkloads = d\n";
	struct bench_cells cells;
	char *msg = NULL;
	struct bench_conf *c = parse(text, &msg);

	if (!c)
		print_error("%s", msg);
	assert_non_null(c);
	assert_int_equal(bench_cells_expand(c, NULL, false, &cells), 0);
	/* d, f, then d at 3 points */
	assert_int_equal(cells.nr, 5);
	assert_string_equal(cells.cell[2].name, "paravirt.d.batch=1");
	assert_string_equal(cells.cell[4].name, "paravirt.d.batch=64");
	assert_int_equal(bench_cell_model_num(c, &cells.cell[4], "cmds_per_sync"), 64);
	assert_int_equal(bench_cell_model_num(c, &cells.cell[0], "cmds_per_sync"), -1);
	bench_cells_free(&cells);
	/* only the sweep */
	assert_int_equal(bench_cells_expand(c, "batch", false, &cells), 0);
	assert_int_equal(cells.nr, 3);
	bench_cells_free(&cells);
	assert_int_equal(bench_cells_expand(c, "nosuch", false, &cells), -ENOENT);
	bench_conf_free(c);
	free(msg);
}

static void test_err_unknown_key(void **state)
{
	expect_error("[workload a]\ntype = dmabench\nthreds = 4\n",
		     "t.conf:3: [workload a] threds: unknown key");
}

static void test_err_not_int(void **state)
{
	expect_error("[workload a]\ntype = dmabench\n\nthreads = four\n",
		     "t.conf:4: [workload a] threads: 'four' is not an integer");
}

static void test_err_range(void **state)
{
	expect_error("[workload a]\ntype = dmabench\ngranule = 1,2048\n",
		     "t.conf:3: [workload a] granule: 2048 is out of range [1, 1024] pages");
}

static void test_err_enum(void **state)
{
	expect_error("[target]\ntype = board\n[workload a]\ntype = fio\n",
		     "t.conf:2: [target] type: 'board' is not one of model,hw");
}

static void test_err_bool(void **state)
{
	expect_error("[global]\nprogress = maybe\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] progress: 'maybe' is not a boolean");
}

static void test_err_size(void **state)
{
	expect_error("[workload a]\ntype = fio\nbs = 4x\n",
		     "t.conf:3: [workload a] bs: '4x' is not a size");
}

static void test_err_list_not_allowed(void **state)
{
	/* repeat is not a list: "3,4" is not an integer */
	expect_error("[global]\nrepeat = 3,4\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] repeat: '3,4' is not an integer");
}

static void test_err_empty_item(void **state)
{
	expect_error("[workload a]\ntype = dmabench\nthreads = 1,,4\n",
		     "t.conf:3: [workload a] threads: empty item in the list");
}

static void test_err_empty_list(void **state)
{
	/* "threads =" used to leave no value at all: threads 0, a failed run */
	expect_error("[workload a]\ntype = dmabench\nthreads =\n",
		     "t.conf:3: [workload a] threads: empty list; give one or more integers, or drop the key for the default (1)");
	expect_error("[workload a]\ntype = fio\nbs = \n",
		     "t.conf:3: [workload a] bs: empty list; give one or more sizes");
	expect_error("[model]\ndesigns =\n[workload a]\ntype = fio\n",
		     "t.conf:2: [model] designs: empty list; give one or more choices");
	expect_error("[workload a]\ntype = fio\n[sweep s]\nknob = lazy\nvalues =\n",
		     "t.conf:5: [sweep s] values: empty list; give one or more strings\n");
}

static void test_empty_list_where_empty_means_something(void **state)
{
	/* perf_events: empty = none; a sweep's workloads: empty = all */
	char *msg = NULL;
	struct bench_conf *c = parse("[global]\nperf_events =\n[workload a]\ntype = fio\n"
				     "[sweep s]\nknob = lazy\nvalues = 0,1\nworkloads =\n", &msg);

	if (!c)
		print_error("%s", msg);
	assert_non_null(c);
	assert_int_equal(bench_section_val(&c->global, "perf_events")->nr, 0);
	bench_conf_free(c);
	free(msg);
}

/*
 * The model's limits, checked at parse time (they used to fail each run):
 * morello is the 4-core Morello board, qemu-virt has 2 CPUs; at most 256
 * IOs in flight per job; bs whole 4 KiB pages up to 4 MiB.
 */
static void test_err_model_threads(void **state)
{
	expect_error("[workload a]\ntype = dmabench\nthreads = 1,8\n",
		     "t.conf:3: [workload a] threads: 8 is more than the 4 simulated CPUs (profile morello); the model runs one thread per CPU\n");
	expect_error("[model]\nprofile = qemu-virt\n[workload a]\ntype = dmabench\nthreads = 4\n",
		     "t.conf:5: [workload a] threads: 4 is more than the 2 simulated CPUs (profile qemu-virt)");
	expect_error("[model]\ncpus = 2\n[workload a]\ntype = dmabench\nthreads = 4\n",
		     "t.conf:5: [workload a] threads: 4 is more than the 2 simulated CPUs ([model] cpus = 2, line 2)");
	/* a sweep of cpus runs every listed workload at each point */
	expect_error("[workload a]\ntype = dmabench\nthreads = 2\n[sweep s]\nknob = cpus\nvalues = 4, 1\n",
		     "t.conf:3: [workload a] threads: 2 is more than the 1 simulated CPU ([sweep s] cpus = 1, line 6)");
}

static void test_err_model_block(void **state)
{
	expect_error("[workload f]\ntype = fio\nnumjobs = 8\n",
		     "t.conf:3: [workload f] numjobs: 8 is more than the 4 simulated CPUs (profile morello); the model runs one job per CPU\n");
	expect_error("[workload f]\ntype = fio\niodepth = 16, 512\n",
		     "t.conf:3: [workload f] iodepth: 512 is more than 256, the deepest queue the model keeps per job\n");
	expect_error("[workload f]\ntype = fio\nbs = 4k, 8m\n",
		     "t.conf:3: [workload f] bs: 8m is more than 4194304 bytes (4 MiB), the largest IO the model maps\n");
	expect_error("[workload f]\ntype = fio\nbs = 6000\n",
		     "t.conf:3: [workload f] bs: 6000 is not a multiple of 4096 bytes; the model maps whole 4 KiB pages\n");
	expect_error("[model]\nprofile = nosuch\n[workload f]\ntype = fio\n",
		     "t.conf:2: [model] profile: profile 'nosuch': ");
}

static void test_model_limits_fit(void **state)
{
	/* at the limits, and beyond them on hw (fio and the kernel decide there) */
	static const char *const ok[] = {
		"[model]\ncpus = 8\n[workload a]\ntype = dmabench\nthreads = 8\n"
		"[workload f]\ntype = fio\nnumjobs = 8\niodepth = 256\nbs = 4m\n",
		"[workload a]\ntype = dmabench\nthreads = 4\n",
		"[target]\ntype = hw\n[workload a]\ntype = dmabench\nthreads = 8\n"
		"[workload f]\ntype = fio\nnumjobs = 8\niodepth = 512\nbs = 6000\n",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		char *msg = NULL;
		struct bench_conf *c = parse(ok[i], &msg);

		if (!c)
			print_error("conf %u: %s", i, msg);
		assert_non_null(c);
		bench_conf_free(c);
		free(msg);
	}
}

static void test_err_label(void **state)
{
	/* the label ends up in the run directory's name */
	expect_error("[global]\nlabel = a/b\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] label: 'a/b': '/' cannot be in a name; use letters, digits, '.', '_' or '-'\n");
	expect_error("[global]\nlabel = \"nightly\"\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] label: '\"nightly\"': '\"' cannot be in a name;");
	expect_error("[global]\nlabel = my run\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] label: 'my run': ' ' cannot be in a name;");
	expect_error("[global]\nlabel = caf\xc3\xa9\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] label: 'caf\\xc3\\xa9': '\\xc3' cannot be in a name;");
	expect_error("[global]\nlabel = ..\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] label: '..' is not a name; use letters, digits, '.', '_' or '-'\n");
	expect_error("[global]\nlabel =\n[workload a]\ntype = fio\n",
		     "t.conf:2: [global] label: empty value; expected a name\n");
}

static void test_label_ok(void **state)
{
	char *msg = NULL;
	struct bench_conf *c = parse("[global]\nlabel = v6.12-rc3_board.2\n[workload a]\ntype = fio\n",
				     &msg);

	if (!c)
		print_error("%s", msg);
	assert_non_null(c);
	assert_string_equal(bench_section_str(&c->global, "label"), "v6.12-rc3_board.2");
	bench_conf_free(c);
	free(msg);
}

/* A [model] knob no cell reads used to be dropped without a word. */
static void test_err_knob_ignored(void **state)
{
	expect_error("[model]\ndesigns = paravirt, nested\nlazy = 1\n[workload a]\ntype = dmabench\n",
		     "t.conf:3: [model] lazy: read only by the native design, and no cell runs it: the value would be ignored\n");
	expect_error("[model]\ndesigns = native\ncons_polls = 3\n[workload a]\ntype = dmabench\n",
		     "t.conf:3: [model] cons_polls: read only by the nested design, and no cell runs it:");
	/* map_sg is the paravirt hypercall for a scatterlist: dmabench maps single buffers */
	expect_error("[model]\ndesigns = paravirt\nmap_sg = 1\n[workload a]\ntype = dmabench\n",
		     "t.conf:3: [model] map_sg: read only by the paravirt design on scatter-gather lists, and no cell runs it:");
	expect_error("[model]\ndesigns = native\nfq_size = 64\n[workload a]\ntype = dmabench\n",
		     "t.conf:3: [model] fq_size: read only by the native design with lazy on, and no cell runs it:");
	expect_error("[model]\ndesigns = paravirt\n[workload a]\ntype = dmabench\n"
		     "[sweep s]\nknob = lazy\nvalues = 0, 1\n",
		     "t.conf:6: [sweep s] knob: lazy: read only by the native design, and no cell of the sweep runs it: every point would be the same\n");
	/* read by some designs of the run: the others would ignore it, silently */
	expect_error("[model]\ndesigns = native, paravirt\nlazy = 1\nfq_size = 64\n[workload a]\ntype = dmabench\n",
		     "t.conf:3: [model] lazy: read only by the native design; the paravirt cells would ignore it:");
	expect_error("[model]\ndesigns = native, nested\nel2_wait = wfe\n[workload a]\ntype = dmabench\n",
		     "t.conf:3: [model] el2_wait: read only by the paravirt and nested designs (EL2 waits); the native cells would ignore it:");
	expect_error("[model]\ndesigns = paravirt\nnested_drain = sync\n[workload a]\ntype = dmabench\n",
		     "t.conf:3: [model] nested_drain: read only by the nested design, and no cell runs it:");
}

static void test_knob_read_by_some_cell(void **state)
{
	static const char *const ok[] = {
		/* every design of the run reads it */
		"[model]\ndesigns = native\nlazy = 1\nfq_size = 64\n[workload a]\ntype = dmabench\n",
		"[model]\ndesigns = paravirt, nested\nel2_wait = wfe\n[workload a]\ntype = dmabench\n",
		"[model]\ndesigns = nested\nnested_drain = sync\n[workload a]\ntype = dmabench\n",
		/* the default value is what every design does anyway */
		"[model]\ndesigns = paravirt\nlazy = 0\n[workload a]\ntype = dmabench\n",
		"[model]\ndesigns = paravirt\nmap_sg = 1\n[workload a]\ntype = dmabench\nmap_mode = sg\n",
		"[model]\ndesigns = paravirt\nmap_sg = 1\n[workload f]\ntype = fio\n",
		/* fq_size at the points where a sweep turns lazy on */
		"[model]\ndesigns = native\nfq_size = 64\n[workload a]\ntype = dmabench\n"
		"[sweep s]\nknob = lazy\nvalues = 0, 1\n",
		"[model]\ndesigns = paravirt\n[workload a]\ntype = dmabench\n"
		"[sweep s]\nknob = lazy\nvalues = 0, 1\ndesigns = native\n",
		/* on hw the kernel decides; [model] is not read at all */
		"[target]\ntype = hw\n[model]\ndesigns = paravirt\nlazy = 1\n[workload a]\ntype = dmabench\n",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		char *msg = NULL;
		struct bench_conf *c = parse(ok[i], &msg);

		if (!c)
			print_error("conf %u: %s", i, msg);
		assert_non_null(c);
		bench_conf_free(c);
		free(msg);
	}
}

static void test_err_duplicate_workload(void **state)
{
	/* the second type used to win silently, and the first section's keys with it */
	char *msg = NULL;
	struct bench_conf *c = parse("[workload w]\ntype = dmabench\nthreads = 2\n\n"
				     "[workload w]\ntype = fio\nbs = 8k\n", &msg);

	assert_null(c);
	assert_string_equal(msg, "t.conf:5: [workload w]: defined again (first on line 1, type dmabench; here type fio): give each workload its own name\n");
	free(msg);
	/* no key in common: this one ran as fio, exit 0 */
	expect_error("[workload w]\ntype = dmabench\n[workload w]\ntype = fio\n",
		     "t.conf:3: [workload w]: defined again (first on line 1, type dmabench; here type fio)");
	expect_error("[workload w]\ntype = fio\n[workload x]\ntype = fio\n[workload w]\ntype = fio\nbs = 8k\n",
		     "t.conf:5: [workload w]: defined again (first on line 1): give each workload its own name\n");
	expect_error("[workload w]\ntype = fio\n[sweep s]\nknob = ril\nvalues = on\n[sweep s]\nknob = lazy\nvalues = 1\n",
		     "t.conf:6: [sweep s]: defined again (first on line 3): give each sweep its own name\n");
	expect_error("[workload w]\ntype = fio\ntype = dmabench\n",
		     "t.conf:3: [workload w] type: set twice (first on line 2)\n");
}

static void test_err_section(void **state)
{
	expect_error("[globals]\nrepeat = 3\n[workload a]\ntype = fio\n",
		     "t.conf:2: [globals]: unknown section");
}

static void test_err_syntax(void **state)
{
	expect_error("[global]\nrepeat 3\n[workload a]\ntype = fio\n",
		     "t.conf:2: syntax error");
}

static void test_err_no_type(void **state)
{
	expect_error("[workload a]\nthreads = 4\n", "t.conf:2: [workload a]: no 'type' key");
}

static void test_err_bad_type(void **state)
{
	expect_error("[workload a]\ntype = iperf\n",
		     "t.conf:2: [workload a] type: 'iperf' is not a workload");
}

static void test_err_twice(void **state)
{
	expect_error("[workload a]\ntype = fio\nbs = 4k\nbs = 8k\n",
		     "t.conf:4: [workload a] bs: set twice (first on line 3)");
}

static void test_err_no_workload(void **state)
{
	expect_error("[global]\nrepeat = 2\n", "t.conf: no [workload NAME] section");
}

static void test_err_sweep_knob(void **state)
{
	expect_error("[workload a]\ntype = fio\n[sweep s]\nknob = speed\nvalues = 1,2\n",
		     "t.conf:4: [sweep s] knob: 'speed' is not a model knob");
}

static void test_err_sweep_value(void **state)
{
	expect_error("[workload a]\ntype = fio\n[sweep s]\nknob = cmds_per_sync\nvalues = 1,lots\n",
		     "t.conf:5: [sweep s] values: cmds_per_sync: 'lots' is not an integer");
}

static void test_err_sweep_workload(void **state)
{
	expect_error("[workload a]\ntype = fio\n[sweep s]\nknob = lazy\nvalues = 0,1\nworkloads = b\n",
		     "t.conf:6: [sweep s] workloads: no [workload b]");
}

static void test_err_long_line(void **state)
{
	char text[600];

	snprintf(text, sizeof(text), "[workload a]\ntype = fio\nfilename = /%0300d\n", 0);
	expect_error(text, "t.conf:3: line longer than");
}

static void test_err_several(void **state)
{
	/* every error is reported, not only the first */
	char *msg = NULL;
	struct bench_conf *c = parse("[global]\nrepeat = 0\nwarmup = x\n[workload a]\ntype = fio\n",
				     &msg);

	assert_null(c);
	assert_non_null(strstr(msg, "t.conf:2: [global] repeat: 0 is out of range [1, 1000] runs"));
	assert_non_null(strstr(msg, "t.conf:3: [global] warmup: 'x' is not an integer"));
	free(msg);
}

static void test_key_parse(void **state)
{
	const struct bench_key k = { "bs", BENCH_KEY_SIZE, "bytes", NULL, true, 0, INT64_MAX,
				     NULL, "" };
	char why[128];
	int64_t v;

	assert_int_equal(bench_key_parse(&k, "64k", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(bench_key_parse(&k, "1M", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 1048576);
	assert_int_equal(bench_key_parse(&k, "2g", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 2147483648LL);
	assert_int_equal(bench_key_parse(&k, "512", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 512);
	assert_int_equal(bench_key_parse(&k, "1KiB", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 1024);
	assert_int_not_equal(bench_key_parse(&k, "k", &v, why, sizeof(why)), 0);
}

static void test_load_missing_file(void **state)
{
	char *msg = NULL;
	size_t len;
	FILE *err = open_memstream(&msg, &len);
	struct bench_conf *c = bench_conf_load("/nonexistent/bench.conf", err);

	fclose(err);
	assert_null(c);
	assert_string_equal(msg, "/nonexistent/bench.conf: No such file or directory\n");
	free(msg);
}

static void test_load_directory(void **state)
{
	char dir[] = "/tmp/test_bench_conf.XXXXXX", path[64], want[256];
	char *msg = NULL;
	size_t len;
	FILE *err, *f;
	struct bench_conf *c;

	assert_non_null(mkdtemp(dir));
	/* it used to read as an empty file: "no [workload NAME] section" */
	err = open_memstream(&msg, &len);
	c = bench_conf_load(dir, err);
	fclose(err);
	assert_null(c);
	snprintf(want, sizeof(want), "%s: Is a directory; give a bench.conf file\n", dir);
	assert_string_equal(msg, want);
	free(msg);

	snprintf(path, sizeof(path), "%s/bench.conf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	err = open_memstream(&msg, &len);
	c = bench_conf_load(dir, err);
	fclose(err);
	assert_null(c);
	assert_int_equal(errno, EISDIR);
	snprintf(want, sizeof(want), "%s: Is a directory; did you mean %s?\n", dir, path);
	assert_string_equal(msg, want);
	free(msg);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_sweep_cells),
		cmocka_unit_test(test_err_unknown_key),
		cmocka_unit_test(test_err_not_int),
		cmocka_unit_test(test_err_range),
		cmocka_unit_test(test_err_enum),
		cmocka_unit_test(test_err_bool),
		cmocka_unit_test(test_err_size),
		cmocka_unit_test(test_err_list_not_allowed),
		cmocka_unit_test(test_err_empty_item),
		cmocka_unit_test(test_err_empty_list),
		cmocka_unit_test(test_empty_list_where_empty_means_something),
		cmocka_unit_test(test_err_model_threads),
		cmocka_unit_test(test_err_model_block),
		cmocka_unit_test(test_model_limits_fit),
		cmocka_unit_test(test_err_label),
		cmocka_unit_test(test_label_ok),
		cmocka_unit_test(test_err_knob_ignored),
		cmocka_unit_test(test_knob_read_by_some_cell),
		cmocka_unit_test(test_err_duplicate_workload),
		cmocka_unit_test(test_err_section),
		cmocka_unit_test(test_err_syntax),
		cmocka_unit_test(test_err_no_type),
		cmocka_unit_test(test_err_bad_type),
		cmocka_unit_test(test_err_twice),
		cmocka_unit_test(test_err_no_workload),
		cmocka_unit_test(test_err_sweep_knob),
		cmocka_unit_test(test_err_sweep_value),
		cmocka_unit_test(test_err_sweep_workload),
		cmocka_unit_test(test_err_long_line),
		cmocka_unit_test(test_err_several),
		cmocka_unit_test(test_key_parse),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_load_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
