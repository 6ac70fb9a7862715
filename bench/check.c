// SPDX-License-Identifier: GPL-2.0
/*
 * `smmubench check`: what this machine offers for a hw run, one verdict per
 * line and what to do when something is missing. Only looks, never changes
 * anything (no mount, no probe, no instance).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "bench.h"
#include "check.h"
#include "hypev_design.h"

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static bool existsf(const char *fmt, const char *a, const char *b)
{
	char p[1024];

	if (fmt_buf(p, sizeof(p), fmt, a, b))
		return false;
	return exists(p);
}

static void tracefs_find(struct bench_check *c)
{
	char dev[256], dir[256], type[64];
	FILE *f = fopen("/proc/mounts", "re");

	if (!f)
		return;
	while (fscanf(f, "%255s %255s %63s %*[^\n]", dev, dir, type) == 3) {
		if (!strcmp(type, "tracefs") && !c->tracefs[0])
			snprintf(c->tracefs, sizeof(c->tracefs), "%s", dir);
		if (!strcmp(type, "debugfs"))
			c->debugfs = true;
	}
	fclose(f);
}

static void hv_probe(struct bench_check *c)
{
	static const struct { const char *sub; enum bench_hv_kind kind; } places[] = {
		{ "remotes/hypervisor", BENCH_HV_REMOTE },
		{ "hypervisor", BENCH_HV_ANDROID },
		{ "hyp", BENCH_HV_ANDROID_OLD },
	};
	char evdir[600];
	struct dirent *de;
	unsigned int i;
	DIR *d;

	for (i = 0; i < ARRAY_SIZE(places); i++) {
		char p[512];

		if (fmt_buf(p, sizeof(p), "%s/%s", c->tracefs, places[i].sub) || !exists(p))
			continue;
		c->hv = places[i].kind;
		snprintf(c->hv_dir, sizeof(c->hv_dir), "%s", p);
		break;
	}
	if (c->hv == BENCH_HV_NONE)
		return;
	c->hv_raw = existsf("%s/per_cpu/cpu0/trace_pipe_raw%s", c->hv_dir, "");
	if (fmt_buf(evdir, sizeof(evdir), "%s/events/hypervisor", c->hv_dir))
		return;
	d = opendir(evdir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "smmu_", 5))
			continue;
		c->nr_smmu_events++;
		if (!strcmp(de->d_name, "smmu_map") || !strcmp(de->d_name, "smmu_unmap"))
			c->ev_paravirt = true;
		if (!strcmp(de->d_name, "smmu_cmdq_trap") || !strcmp(de->d_name, "smmu_mmio_trap"))
			c->ev_nested = true;
	}
	closedir(d);
}

/* A driver directory holds one symlink per bound device besides its files. */
static bool driver_has_device(const char *dir)
{
	struct dirent *de;
	bool found = false;
	DIR *d = opendir(dir);

	if (!d)
		return false;
	while (!found && (de = readdir(d)))
		found = de->d_type == DT_LNK && strcmp(de->d_name, "module");
	closedir(d);
	return found;
}

int bench_check_smmu_driver(const char *sysfs, char *drv, size_t len)
{
	/*
	 * Platform driver names: "kvm-arm-smmu-v3" (Android's pKVM host driver,
	 * arm-smmu-v3-kvm.c) and "arm-smmu-v3" (arm-smmu-v3.c). The pKVM one
	 * is tried first: with pKVM, arm_smmu_v3.ko may be loaded but idle.
	 */
	static const char *const names[] = { "kvm-arm-smmu-v3", "arm-smmu-v3" };
	unsigned int i;

	drv[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		char dir[512];

		if (fmt_buf(dir, sizeof(dir), "%s/bus/platform/drivers/%s", sysfs, names[i]))
			return -ENAMETOOLONG;
		if (driver_has_device(dir))
			return fmt_buf(drv, len, "%s", names[i]);
	}
	return 0;
}

static void groups_probe(struct bench_check *c)
{
	struct dirent *de;
	DIR *d = opendir("/sys/kernel/iommu_groups");

	if (!d)
		return;
	while ((de = readdir(d))) {
		char p[512], type[64];

		if (de->d_name[0] == '.')
			continue;
		c->nr_groups++;
		if (fmt_buf(p, sizeof(p), "/sys/kernel/iommu_groups/%s/type", de->d_name) ||
		    file_read_line(p, type, sizeof(type))) {
			c->groups_other++;
			continue;
		}
		/* drivers/iommu/iommu.c iommu_group_show_type(): DMA, DMA-FQ, identity, blocked */
		if (!strcmp(type, "DMA"))
			c->groups_dma++;
		else if (!strcmp(type, "DMA-FQ"))
			c->groups_dma_fq++;
		else if (!strcmp(type, "identity"))
			c->groups_identity++;
		else
			c->groups_other++;
	}
	closedir(d);
}

static void strict_probe(struct bench_check *c)
{
	char line[4096], *p;

	c->strict = -1;
	if (file_read_line("/proc/cmdline", line, sizeof(line)))
		return;
	p = strstr(line, "iommu.strict=");
	if (p)
		c->strict = p[13] == '1' ? 1 : 0;
	else if (c->groups_dma_fq)
		c->strict = 0;
	else if (c->groups_dma)
		c->strict = 1;
}

/* Run ARGV with stdout to BUF (first line), stderr discarded; exit status or -1. */
static int run_capture(char *const argv[], char *buf, size_t len)
{
	int pfd[2], status;
	ssize_t n = 0;
	pid_t pid;

	if (buf && len)
		buf[0] = '\0';
	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDWR);

		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		if (null >= 0)
			dup2(null, 0);
		close(pfd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	if (buf && len) {
		size_t got = 0;

		while (got + 1 < len && (n = read(pfd[0], buf + got, len - 1 - got)) > 0)
			got += n;
		buf[got] = '\0';
	}
	while (read(pfd[0], &status, sizeof(status)) > 0)
		;
	close(pfd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int bench_check_probe(struct bench_check *c, const char *tracefs)
{
	char out[4096];
	struct dirent *de;
	DIR *d;

	memset(c, 0, sizeof(*c));
	c->root = geteuid() == 0;
	tracefs_find(c);
	if (tracefs) {
		snprintf(c->tracefs, sizeof(c->tracefs), "%s", tracefs);
		c->tracefs_given = true;
	}
	if (c->tracefs[0]) {
		hv_probe(c);
		c->kprobes = existsf("%s/kprobe_events%s", c->tracefs, "");
		c->uprobes = existsf("%s/uprobe_events%s", c->tracefs, "");
		c->block_events = existsf("%s/events/block/block_rq_issue%s", c->tracefs, "") &&
				  existsf("%s/events/block/block_rq_complete%s", c->tracefs, "");
	}
	bench_check_smmu_driver("/sys", c->smmu_driver, sizeof(c->smmu_driver));
	c->design_from = "from the smmu events";
	if (c->ev_paravirt && c->ev_nested && !strcmp(c->smmu_driver, "kvm-arm-smmu-v3")) {
		/*
		 * A kernel built with the whole event table has both sets; the
		 * driver that owns the SMMU says which one fires.
		 */
		c->design = hypev_design_id_name(HYPEV_DESIGN_PARAVIRT);
		c->design_from = "the kvm-arm-smmu-v3 driver owns the SMMU; its kernel defines every smmu event";
	} else if (c->ev_paravirt && c->ev_nested)
		c->design = "ambiguous";
	else if (c->ev_paravirt)
		c->design = hypev_design_id_name(HYPEV_DESIGN_PARAVIRT);
	else if (c->ev_nested)
		c->design = hypev_design_id_name(HYPEV_DESIGN_NESTED);
	else if (!strcmp(c->smmu_driver, "kvm-arm-smmu-v3")) {
		/* Android's production pKVM driver is the paravirtual design */
		c->design = hypev_design_id_name(HYPEV_DESIGN_PARAVIRT);
		c->design_from = "from the kvm-arm-smmu-v3 driver; no smmu events: apply kernel-patches/android16-6.12";
	} else {
		c->design = hypev_design_id_name(HYPEV_DESIGN_NATIVE);
		c->design_from = c->smmu_driver[0] ? "the plain arm-smmu-v3 driver, no smmu events" :
				 "no smmu events and no SMMUv3 driver bound: no IOMMU, or another one";
	}
	groups_probe(c);
	strict_probe(c);
	c->dmabench_file = exists("/sys/kernel/debug/dma_map_benchmark");
	d = opendir("/sys/bus");
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    existsf("/sys/bus/%s/drivers/dma_map_benchmark%s", de->d_name, ""))
			c->dmabench_driver = true;
	if (d)
		closedir(d);
	{
		char *fio_argv[] = { "fio", "--version", NULL };

		if (!run_capture(fio_argv, out, sizeof(out))) {
			out[strcspn(out, "\n")] = '\0';
			fmt_buf(c->fio_version, sizeof(c->fio_version), "%s", out);
		}
	}
	{
		char *perf_argv[] = { "perf", "stat", "-x,", "-e", "task-clock,cycles", "true", NULL };

		if (!run_capture(perf_argv, out, sizeof(out))) {
			c->perf = strstr(out, "task-clock") != NULL;
			/* CSV (-x,): an unsupported counter reads "<not supported>,,cycles" */
			c->perf_cycles = c->perf && strstr(out, "cycles") &&
					 !strstr(out, "<not supported>");
		}
	}
	return 0;
}

static void line(FILE *f, const char *what, bool good, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void line(FILE *f, const char *what, bool good, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "%-18s %-4s ", what, good ? "ok" : "--");
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* tracefs, the hypervisor's trace and its smmu events, the design; the missing essentials. */
static int check_print_trace(const struct bench_check *c, FILE *f)
{
	static const char *const hv_names[] = { "none", "mainline trace remote",
						"Android hypervisor tracing",
						"Android hypervisor tracing (old hyp/)" };
	int missing = 0;

	if (c->tracefs[0])
		line(f, "tracefs", true, "%s%s", c->tracefs,
		     c->tracefs_given ? " (given)" : " (mounted)");
	else {
		missing++;
		line(f, "tracefs", false, "not mounted -> mount -t tracefs nodev /sys/kernel/tracing");
	}
	if (c->hv != BENCH_HV_NONE)
		line(f, "hypervisor trace", true, "%s at %s, %s", hv_names[c->hv], c->hv_dir,
		     c->hv_raw ? "raw pages (trace_pipe_raw)" : "text only (trace_pipe)");
	else
		line(f, "hypervisor trace", false,
		     "no remotes/hypervisor/, hypervisor/ or hyp/ -> EL2 events need a pKVM kernel with CONFIG_NVHE_EL2_TRACING (7.1+) or Android's hyp tracing; native runs still work");
	if (c->nr_smmu_events)
		line(f, "smmu events", true, "%u (%s%s%s)", c->nr_smmu_events,
		     c->ev_paravirt ? hypev_design_id_name(HYPEV_DESIGN_PARAVIRT) : "",
		     c->ev_paravirt && c->ev_nested ? " + " : "",
		     c->ev_nested ? hypev_design_id_name(HYPEV_DESIGN_NESTED) : "");
	else
		line(f, "smmu events", false,
		     "none -> apply kernel-patches/ (paravirt or nested) to fire hypervisor:smmu_*");
	if (!strcmp(c->design, "ambiguous"))
		line(f, "design", false,
		     "both paravirt and nested events exist -> set [target] design = paravirt or nested");
	else
		line(f, "design", true, "%s (%s)", c->design, c->design_from);
	return missing;
}

/* The SMMU driver, IOMMU groups and the invalidation mode. */
static void check_print_iommu(const struct bench_check *c, FILE *f)
{
	if (c->smmu_driver[0])
		line(f, "smmu driver", true, "%s%s", c->smmu_driver,
		     strcmp(c->smmu_driver, "arm-smmu-v3") ? " (pKVM owns the SMMU)" :
		     " (the host owns the SMMU)");
	else
		line(f, "smmu driver", false,
		     "no SMMUv3 driver bound (arm-smmu-v3 or kvm-arm-smmu-v3) -> no SMMUv3 here, or its module is not loaded");
	if (c->nr_groups)
		line(f, "iommu groups", true, "%u: %u DMA, %u DMA-FQ, %u identity, %u other",
		     c->nr_groups, c->groups_dma, c->groups_dma_fq, c->groups_identity,
		     c->groups_other);
	else
		line(f, "iommu groups", false,
		     "none -> no IOMMU translates DMA here; dma:* and iommu:* will not fire (the model target still works)");
	if (c->strict >= 0)
		line(f, "invalidation", true, "%s", c->strict ? "strict" : "lazy (flush queue)");
	else
		line(f, "invalidation", false,
		     "unknown (no iommu.strict= and no DMA domain) -> arm64 defaults to strict");
}

/* Probes, block events, debugfs, dma_map_benchmark, fio, perf, root; the missing essentials. */
static int check_print_tools(const struct bench_check *c, FILE *f)
{
	int missing = 0;

	line(f, "kprobes", c->kprobes, "%s", c->kprobes ? "kprobe_events present" :
	     "no kprobe_events -> probe pairs on kernel functions unavailable (CONFIG_KPROBE_EVENTS)");
	line(f, "uprobes", c->uprobes, "%s", c->uprobes ? "uprobe_events present" :
	     "no uprobe_events -> CONFIG_UPROBE_EVENTS for user-space probe pairs");
	line(f, "block events", c->block_events, "%s", c->block_events ?
	     "block:block_rq_issue/complete (fio runs can collect them)" :
	     "missing -> CONFIG_BLK_DEV_IO_TRACE / block tracepoints");
	line(f, "debugfs", c->debugfs, "%s", c->debugfs ? "mounted" :
	     "not mounted -> mount -t debugfs none /sys/kernel/debug (dmabench needs it)");
	if (c->dmabench_file)
		line(f, "dma_map_benchmark", true, "/sys/kernel/debug/dma_map_benchmark ready");
	else if (c->dmabench_driver)
		line(f, "dma_map_benchmark", true,
		     "driver present; smmubench binds [workload] device to it for dmabench");
	else
		line(f, "dma_map_benchmark", false,
		     "missing -> CONFIG_DMA_MAP_BENCHMARK=y (dmabench workload on hw)");
	if (c->fio_version[0])
		line(f, "fio", true, "%s", c->fio_version);
	else {
		missing++;
		line(f, "fio", false, "not found -> apt-get install fio (or make deps)");
	}
	if (c->perf)
		line(f, "perf", true, "perf stat works%s", c->perf_cycles ? ", cycles counted" :
		     "; cycles/instructions not supported (no PMU): software events only");
	else
		line(f, "perf", false, "perf stat unusable -> apt-get install linux-perf; [global] perf_events stays empty");
	line(f, "root", c->root, "%s", c->root ? "yes" :
	     "no -> tracing, driver binding and sysfs sweeps need root");
	if (!c->root)
		missing++;
	return missing;
}

int bench_check_print(const struct bench_check *c, FILE *f)
{
	int missing;

	fprintf(f, "# smmubench check: what this machine offers for a hw run\n");
	missing = check_print_trace(c, f);
	check_print_iommu(c, f);
	missing += check_print_tools(c, f);
	return missing;
}

static void check_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench check [options]\n"
		"\n"
		"Print what this machine offers for a hw run: tracefs, the hypervisor\n"
		"trace remote and its smmu events (-> the design), IOMMU groups and their\n"
		"domain types, strict/lazy invalidation, kprobes/uprobes, block events,\n"
		"dma_map_benchmark, fio and perf. One line each: ok or -- and what to do.\n"
		"Only looks; changes nothing.\n"
		"\n"
		"  -t, --tracefs DIR   look at DIR instead of the mounted tracefs\n"
		"  -h, --help          this text\n"
		"\n"
		"Exit status: 0 when the essentials (tracefs, fio, root) are there, 1 otherwise.\n");
}

int bench_cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tracefs", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tracefs = NULL;
	struct bench_check c;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "t:h", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
			tracefs = optarg;
			break;
		case 'h':
			check_usage(stdout);
			return 0;
		default:
			check_usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "smmubench check: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (tracefs && access(tracefs, F_OK)) {
		fprintf(stderr, "smmubench check: --tracefs %s: %s\n", tracefs, strerror(errno));
		return 2;
	}
	bench_check_probe(&c, tracefs);
	return bench_check_print(&c, stdout) ? 1 : 0;
}
