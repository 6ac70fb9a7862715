// SPDX-License-Identifier: GPL-2.0
/*
 * Memory of `smmubench record`, printed (never asserted), issue 18 goal 5:
 * the peak RSS of `record -s raw:DIR -o OUT -d 60s` (and, beside it, of a
 * 6 s window) while one writer feeds DIR's per-CPU FIFOs 1 M events/s of
 * smmu_sync in whole ftrace pages (hypev_rb), by `/usr/bin/time -v`'s
 * "Maximum resident set size". smmu_sync takes part in the nesting (a wait
 * outside any hyp interval is one of its points), so this is the path that
 * used to keep something per event. Bounded means the 60 s figure is about
 * the 6 s one. The FIFOs hold 1 MiB each (record's default buffer_kb); a
 * page they have no room for is dropped and said.
 *
 * Then the model runner's source order: the model's output of 100 and
 * 400 ms (virtual) decoded by `stat` with the host dir first (the runner's
 * order: the nesting matches EL2 events as they come) and with the EL2 dir
 * first (every hyp interval kept to the end), peak RSS of each.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "hypev.h"

#define NR_CPUS		2
#define SUBBUF		4096
#define RATE		1e6		/* events/s, all CPUs */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* dir with FIFOs for its per-CPU files; one full page of smmu_sync, its event count */
static int fifo_dir(char *dir, unsigned char *page, unsigned int *per_page)
{
	struct hypev_smmu_sync ev = { .common_type = HYPEV_ID_smmu_sync, .batch = 4,
				      .wait_ns = 250 };
	static uint64_t mem[8 * SUBBUF / 8];
	unsigned int i, rec = 4 + ((sizeof(ev) + 3) & ~3u);
	char path[PATH_MAX];
	struct hypev_rb rb;
	uint64_t commit;

	if (!mkdtemp(dir) || hypev_remote_dir_create(dir, NR_CPUS, SUBBUF))
		return -EIO;
	for (i = 0; i < NR_CPUS; i++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, i);
		if (mkfifo(path, 0600))
			return -errno;
	}
	if (hypev_rb_init(&rb, mem, sizeof(mem), 4, SUBBUF))
		return -EINVAL;
	for (i = 0; i < 2 * SUBBUF / rec; i++)
		hypev_rb_write(&rb, 1000000000ULL + i * 1000ULL, &ev, sizeof(ev));
	if (hypev_rb_read_page(&rb, page, false) < 0)
		return -EIO;
	memcpy(&commit, page + 8, sizeof(commit));
	*per_page = (commit & HYPEV_RB_COMMIT_MASK) / rec;
	return *per_page ? 0 : -EIO;
}

/* RATE events/s into the FIFOs for secs; returns the events dropped (FIFO full) */
static long long feed(const char *dir, const unsigned char *page, unsigned int per_page,
		      double secs, unsigned long long *made)
{
	unsigned char pg[SUBBUF];
	char path[PATH_MAX];
	int fd[NR_CPUS];
	long long dropped = 0;
	double t0, t;
	uint64_t n = 0, ts;
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, i);
		/* ENXIO until record's reader has the FIFO open */
		for (t0 = now_s(); (fd[i] = open(path, O_WRONLY | O_NONBLOCK)) < 0;
		     usleep(10000))
			if (errno != ENXIO || now_s() - t0 > 20)
				return -errno;
		/* 1 MiB per CPU, record's default buffer_kb */
		fcntl(fd[i], F_SETPIPE_SZ, 1 << 20);
	}
	memcpy(pg, page, SUBBUF);
	for (t0 = now_s(); (t = now_s() - t0) < secs; ) {
		if (n >= t * RATE) {
			usleep(200);
			continue;
		}
		ts = 1000000000ULL + n / NR_CPUS * 1000ULL;
		memcpy(pg, &ts, sizeof(ts));
		if (write(fd[(n / per_page) % NR_CPUS], pg, SUBBUF) != SUBBUF)
			dropped += per_page;
		n += per_page;
	}
	for (i = 0; i < NR_CPUS; i++)
		close(fd[i]);
	*made = n;
	return dropped;
}

/* "Maximum resident set size (kbytes): N" of /usr/bin/time -v, or -1 */
static long maxrss_kb(const char *log)
{
	char *text, *p;
	long kb = -1;

	if (file_read_all(log, &text, NULL))
		return -1;
	p = strstr(text, "Maximum resident set size (kbytes):");
	if (p)
		kb = strtol(p + strlen("Maximum resident set size (kbytes):"), NULL, 10);
	free(text);
	return kb;
}

/* argv started under /usr/bin/time -v, stdout and stderr to log; its pid or -1 */
static pid_t timed_spawn(const char *log, char *const argv[])
{
	char *targv[32] = { "time", "-v" };
	unsigned int i;
	pid_t pid;
	int fd;

	for (i = 0; argv[i] && i + 3 < ARRAY_SIZE(targv); i++)
		targv[i + 2] = argv[i];
	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		_exit(127);
	dup2(fd, 2);
	dup2(fd, 1);
	execv("/usr/bin/time", targv);
	_exit(127);
}

static void window(const char *bin, const char *dir, const unsigned char *page,
		   unsigned int per_page, unsigned int secs)
{
	char out[PATH_MAX], log[PATH_MAX + 8], spec[PATH_MAX + 8], dur[32];
	unsigned long long made = 0;
	long long dropped;
	double t0 = now_s();
	int st;
	pid_t pid;

	snprintf(out, sizeof(out), "%s-out%u", dir, secs);
	snprintf(log, sizeof(log), "%s.log", out);
	snprintf(spec, sizeof(spec), "raw:%s", dir);
	snprintf(dur, sizeof(dur), "%us", secs);
	pid = timed_spawn(log, (char *const[]){ (char *)bin, "record", "-s", spec, "-o", out,
						 "-d", dur, NULL });
	if (pid < 0)
		return;
	/* stop feeding before the window ends: the FIFOs' EOF ends the readers */
	dropped = feed(dir, page, per_page, secs - 0.5, &made);
	if (dropped < 0) {
		printf("record %2u s: cannot feed the FIFOs: %s\n", secs, strerror(-dropped));
		kill(pid, SIGTERM);
	}
	waitpid(pid, &st, 0);
	printf("record %2u s window: peak RSS %6ld KiB  (%llu events offered at %.1f M/s, "
	       "%lld dropped by the writer, exit %d, %.0f s in all)\n", secs, maxrss_kb(log),
	       made, RATE / 1e6, dropped < 0 ? 0 : dropped,
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1, now_s() - t0);
	dir_remove_tree(out);
	unlink(log);
}

/* argv under /usr/bin/time -v, its output in log; its exit status or -1 */
static int run_timed(const char *log, char *const argv[])
{
	pid_t pid = timed_spawn(log, argv);
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* peak RSS of stat over the model's host and EL2 dirs, in both orders */
static void model_order(const char *bin, unsigned int ms)
{
	char dir[] = "/tmp/bench_record_model-XXXXXX", log[PATH_MAX], dur[16];
	char host[PATH_MAX + 8], el2[PATH_MAX + 8];
	long kb[2];
	int i, st[2];

	if (!mkdtemp(dir))
		return;
	snprintf(log, sizeof(log), "%s.log", dir);
	snprintf(dur, sizeof(dur), "%u", ms);
	snprintf(host, sizeof(host), "raw:%s/host", dir);
	snprintf(el2, sizeof(el2), "raw:%s/remotes/hypervisor", dir);
	{
		char *const model[] = { (char *)bin, "model", "-d", "paravirt", "-t", "2",
					"--duration-ms", dur, "--events", "-o", dir, NULL };

		if (run_timed(log, model)) {
			printf("model order: the model run failed (%s)\n", log);
			return;
		}
	}
	for (i = 0; i < 2; i++) {
		char *const stat[] = { (char *)bin, "stat", "-s", i ? el2 : host, "-s",
				       i ? host : el2, "--", "true", NULL };

		st[i] = run_timed(log, stat);
		kb[i] = maxrss_kb(log);
	}
	printf("model %3u ms, stat peak RSS: host dir first (the runner's order) %6ld KiB, "
	       "EL2 dir first %6ld KiB; ratio %.2f (exit %d, %d)\n", ms, kb[0], kb[1],
	       kb[1] > 0 ? (double)kb[0] / kb[1] : 0, st[0], st[1]);
	dir_remove_tree(dir);
	unlink(log);
}

int main(int argc, char **argv)
{
	static unsigned char page[SUBBUF];
	char dir[] = "/tmp/bench_record-XXXXXX", self[PATH_MAX], bin[PATH_MAX + 16];
	unsigned int per_page = 0;

	(void)argc;
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(bin, sizeof(bin), "%s/../smmubench", dirname(self));
	if (access("/usr/bin/time", X_OK) || access(bin, X_OK)) {
		printf("record memory: skipped (needs /usr/bin/time and %s)\n", bin);
		return 0;
	}
	if (fifo_dir(dir, page, &per_page)) {
		printf("record memory: cannot make the FIFO dir %s\n", dir);
		return 1;
	}
	printf("# bench_record: smmubench record -s raw:FIFOS -o OUT -d T under /usr/bin/time -v; "
	       "%u smmu_sync events a page, %u CPUs\n", per_page, NR_CPUS);
	window(bin, dir, page, per_page, 6);
	window(bin, dir, page, per_page, 60);
	dir_remove_tree(dir);
	printf("# the model's events decoded by smmubench stat -s raw:DIR/host -s "
	       "raw:DIR/remotes/hypervisor -- true (and the other order), /usr/bin/time -v\n");
	model_order(bin, 100);
	model_order(bin, 400);
	return 0;
}
