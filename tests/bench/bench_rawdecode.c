// SPDX-License-Identifier: GPL-2.0
/*
 * Raw decode throughput, printed (never asserted), issue 18 goal 1: ftrace
 * pages -> per-op histograms (trace/ decode + aggregation) on ONE core, the
 * files mapped and walked in place (the default for regular files) and, in
 * the same run, read with pread() (read-ahead thread off), the files in the
 * page cache, beside
 *  - libtracefs' tracefs_iterate_raw_events() on the same pages (its
 *    callback reads dur_ns and fills the same histogram), also one core;
 *  - memcpy() over the same bytes, the limit of one pass over the data;
 *  - pread() and mmap(MAP_POPULATE) of the files alone, as the decoder
 *    loads them;
 *  - the pread() decode with the read-ahead thread (a second core: mapped
 *    files are not read ahead) and with the kbuffer walker.
 * Times are the median of REPS interleaved runs, so every contender sees the
 * same warm cache and the same neighbours; one-core figures use the thread's
 * CPU time (user + system: pread() and read() copies count), so time other
 * jobs take from us on a shared machine does not. Then, under valgrind's
 * callgrind (deterministic: no noise), the instructions per event of the
 * hot path and where they go, and what each goal leaves for them: the goal's
 * ns/event, less what loading the files alone costs (mmap() in the
 * decoder's windows: page tables, no copy), at the instructions
 * per ns the decode runs at here.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <tracefs.h>
#include <traceevent/event-parse.h>

#include "common.h"
#include "hypev.h"
#include "bench_callgrind.h"
#include "rawdir_int.h"
#include "trace_int.h"

#define NR_CPUS		2
#define EV_PER_CPU	500000
#define SUBBUF		4096
#define REPS		9

enum { T_ONE, T_READ, T_RA, T_TFS, T_KB, T_MEMCPY, T_PREAD, T_MMAP, T_NR };

/* one-core medians, ns per event: what the instruction budget is worked out from */
struct rates {
	double ours, tfs, memcpy, load;	/* load: the files' mmap() or pread(), as ours does */
	const char *load_name;
};

struct timing {
	double cpu[REPS], wall[REPS];
};

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void timing_start(double t[2])
{
	t[0] = clock_s(CLOCK_THREAD_CPUTIME_ID);
	t[1] = clock_s(CLOCK_MONOTONIC);
}

static void timing_stop(const double t[2], struct timing *tm, unsigned int rep)
{
	tm->cpu[rep] = clock_s(CLOCK_THREAD_CPUTIME_ID) - t[0];
	tm->wall[rep] = clock_s(CLOCK_MONOTONIC) - t[1];
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, unsigned int n)
{
	double s[REPS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), dbl_cmp);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* smmu_map events in hypev_rb pages, CPUs interleaved in time (the merge's worst case) */
static int write_raw(const char *dir, uint64_t *bytes)
{
	struct hypev_smmu_map map = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096,
				      .pgcount = 1 };
	u32 nr_pages = EV_PER_CPU / 60 + 16;	/* 68 60-byte records per page */
	unsigned char page[SUBBUF];
	struct hypev_rb rb;
	char path[PATH_MAX];
	unsigned int cpu, i;
	void *mem;
	FILE *f;

	mem = malloc(hypev_rb_mem_size(nr_pages, SUBBUF));
	if (!mem)
		return -ENOMEM;
	*bytes = 0;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (hypev_rb_init(&rb, mem, hypev_rb_mem_size(nr_pages, SUBBUF), nr_pages, SUBBUF))
			return -EINVAL;
		for (i = 0; i < EV_PER_CPU; i++) {
			map.iova = (u64)i << 12;
			map.dur_ns = 200 + (i * 7919u) % 5000;
			hypev_rb_write(&rb, 1000000000ULL + i * 1000ULL + cpu * 500, &map, sizeof(map));
		}
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
		f = fopen(path, "w");
		if (!f)
			return -errno;
		while (hypev_rb_read_page(&rb, page, true) >= 0) {
			fwrite(page, SUBBUF, 1, f);
			*bytes += SUBBUF;
		}
		fclose(f);
	}
	free(mem);
	return 0;
}

/* trace/'s decode of dir into histograms: the time of decode + finish, the events */
static int raw_ours(const char *dir, bool readahead, bool map, struct timing *tm,
		    unsigned int rep, uint64_t *n)
{
	struct trace_source *src = calloc(1, sizeof(*src));
	struct trace_opts o = { 0 };
	const struct trace_op_stats *op;
	struct trace_rawdir *rd = NULL;
	struct trace_agg *agg = NULL;
	char evdir[PATH_MAX];
	double t0[2];
	unsigned int i;
	int ret = -ENOMEM;

	snprintf(evdir, sizeof(evdir), "%s/events", dir);
	if (!src)
		goto out;
	src->spec = (char *)"raw:bench";
	src->nr_cpus = NR_CPUS;
	rd = trace_rawdir_open(dir, evdir, NR_CPUS);
	agg = trace_agg_new(&o);
	if (!rd || !agg || trace_agg_set_source(agg, src))
		goto out;
	trace_rawdir_set_readahead(rd, readahead);
	trace_rawdir_set_map(rd, map);
	/* as a session does: a dir without smmubench* events holds no host ops */
	trace_agg_host_ops_done(agg);
	timing_start(t0);
	ret = trace_rawdir_decode(rd, src, trace_agg_rec, trace_agg_lost, agg);
	if (!ret)
		ret = trace_agg_finish(agg);
	timing_stop(t0, tm, rep);
	*n = 0;
	for (i = 0; i < trace_agg_nr_ops(agg); i++) {
		op = trace_agg_op(agg, i);
		if (!strcmp(op->name, "smmu_map"))
			*n = op->count;
	}
out:
	trace_agg_free(agg);
	if (rd)
		trace_rawdir_close(rd);
	free(src);
	return ret;
}

struct iter_ctx {
	struct tep_format_field *dur;
	struct trace_hist *h;
	unsigned long long n;
};

static int iter_cb(struct tep_event *ev, struct tep_record *rec, int cpu, void *arg)
{
	struct iter_ctx *c = arg;
	unsigned long long v;

	(void)cpu;
	if (!c->dur)
		c->dur = tep_find_field(ev, "dur_ns");
	if (c->dur && !tep_read_number_field(c->dur, rec->data, &v))
		trace_hist_add(c->h, v);
	c->n++;
	return 0;
}

static struct tep_handle *bench_tep(const char *rawdir)
{
	struct tep_handle *tep = tep_alloc();
	char path[PATH_MAX], *text;
	unsigned int i;
	size_t len;

	if (!tep)
		return NULL;
	tep_set_long_size(tep, 8);
	snprintf(path, sizeof(path), "%s/events/header_page", rawdir);
	if (file_read_all(path, &text, &len)) {
		tep_free(tep);
		return NULL;
	}
	tep_parse_header_page(tep, text, len, 8);
	free(text);
	for (i = 0; i < HYPEV_NR_EVENTS; i++) {
		snprintf(path, sizeof(path), "%s/events/hypervisor/%s/format", rawdir,
			 hypev_event_descs[i].name);
		if (file_read_all(path, &text, &len))
			continue;
		tep_parse_event(tep, text, len, "hypervisor");
		free(text);
	}
	return tep;
}

/* libtracefs reads <tracing_dir>/instances/<name>/per_cpu/cpuN/trace_pipe_raw: links to ours */
static int tfs_tree(const char *tmp, const char *rawdir)
{
	char path[PATH_MAX], target[PATH_MAX];
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		snprintf(path, sizeof(path), "%s/tfs/instances/b/per_cpu/cpu%u", tmp, cpu);
		dir_make_p(path);
		snprintf(target, sizeof(target), "%s/per_cpu/cpu%u/trace_pipe_raw", rawdir, cpu);
		snprintf(path, sizeof(path), "%s/tfs/instances/b/per_cpu/cpu%u/trace_pipe_raw",
			 tmp, cpu);
		if (symlink(target, path)) {
			perror(path);
			return -errno;
		}
	}
	snprintf(path, sizeof(path), "%s/tfs/events", tmp);
	dir_make_p(path);
	snprintf(target, sizeof(target), "%s/events/header_page", rawdir);
	snprintf(path, sizeof(path), "%s/tfs/events/header_page", tmp);
	return trace_copy_file(target, path);
}

static int raw_tracefs(const char *tmp, const char *rawdir, struct timing *tm, unsigned int rep,
		       uint64_t *n)
{
	struct tep_handle *tep = bench_tep(rawdir);
	struct tracefs_instance *inst;
	struct iter_ctx c = { 0 };
	char path[PATH_MAX];
	double t0[2];
	int ret = 0;

	snprintf(path, sizeof(path), "%s/tfs", tmp);
	inst = tracefs_instance_alloc(path, "b");
	c.h = trace_hist_new();
	if (!tep || !inst || !c.h) {
		fprintf(stderr, "bench_rawdecode: libtracefs: %s\n", !tep ? "no tep" : "no instance");
		ret = -1;
		goto out;
	}
	timing_start(t0);
	if (tracefs_iterate_raw_events(tep, inst, NULL, 0, iter_cb, &c)) {
		fprintf(stderr, "bench_rawdecode: tracefs_iterate_raw_events: %s\n", strerror(errno));
		ret = -1;
	}
	timing_stop(t0, tm, rep);
	*n = c.n;
out:
	trace_hist_free(c.h);
	tracefs_instance_free(inst);
	if (tep)
		tep_free(tep);
	return ret;
}

/* one memcpy() of the files' bytes, both buffers touched before */
static void raw_memcpy(unsigned char *dst, const unsigned char *src, size_t len,
		       struct timing *tm, unsigned int rep)
{
	double t0[2];

	timing_start(t0);
	memcpy(dst, src, len);
	/* the copy must not be optimised away */
	__asm__ volatile("" : : "r"(dst) : "memory");
	timing_stop(t0, tm, rep);
}

/* the files read as the decoder reads them: pread() of 32 pages at a time into one buffer */
static int raw_pread(const char *dir, struct timing *tm, unsigned int rep)
{
	size_t len = (size_t)SUBBUF * RAWDIR_CHUNK;
	unsigned char *buf = malloc(len);
	char path[PATH_MAX];
	unsigned int cpu;
	double t0[2];
	off_t off;
	ssize_t r;
	int fd[NR_CPUS], ret = 0;

	if (!buf)
		return -ENOMEM;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
		fd[cpu] = open(path, O_RDONLY);
		if (fd[cpu] < 0)
			ret = -errno;
	}
	memset(buf, 0, len);
	timing_start(t0);
	for (cpu = 0; cpu < NR_CPUS && !ret; cpu++)
		for (off = 0; (r = pread(fd[cpu], buf, len, off)) > 0; off += r)
			;
	timing_stop(t0, tm, rep);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (fd[cpu] >= 0)
			close(fd[cpu]);
	free(buf);
	return ret;
}

/* the files mapped as the decoder maps them: RAWDIR_MAP_BYTES at a time, MAP_POPULATE */
static int raw_mmap(const char *dir, struct timing *tm, unsigned int rep)
{
	char path[PATH_MAX];
	unsigned int cpu;
	struct stat st;
	double t0[2];
	size_t off, len;
	void *m;
	int fd[NR_CPUS], ret = 0;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
		fd[cpu] = open(path, O_RDONLY);
		if (fd[cpu] < 0)
			ret = -errno;
	}
	timing_start(t0);
	for (cpu = 0; cpu < NR_CPUS && !ret; cpu++) {
		if (fstat(fd[cpu], &st))
			ret = -errno;
		for (off = 0; !ret && off < (size_t)st.st_size; off += len) {
			len = st.st_size - off < RAWDIR_MAP_BYTES ? st.st_size - off
								  : RAWDIR_MAP_BYTES;
			m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd[cpu], off);
			if (m == MAP_FAILED)
				ret = -errno;
			else
				munmap(m, len);
		}
	}
	timing_stop(t0, tm, rep);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (fd[cpu] >= 0)
			close(fd[cpu]);
	return ret;
}

static int files_load(const char *dir, unsigned char **buf, size_t *len)
{
	char path[PATH_MAX], *part;
	unsigned int cpu;
	size_t n, off = 0;

	*buf = NULL;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", dir, cpu);
		if (file_read_all(path, &part, &n))
			return -EIO;
		*buf = realloc(*buf, off + n);
		if (!*buf)
			return -ENOMEM;
		memcpy(*buf + off, part, n);
		free(part);
		off += n;
	}
	*len = off;
	return 0;
}

/* the child under callgrind: one decode, one core */
static int cg_decode_once(const char *who, const char *tmp)
{
	static struct timing tm;
	char raw[PATH_MAX];
	uint64_t n;

	snprintf(raw, sizeof(raw), "%s/raw", tmp);
	if (!strcmp(who, "ours"))
		return raw_ours(raw, false, true, &tm, 0, &n) ? 1 : 0;
	return raw_tracefs(tmp, raw, &tm, 0, &n) ? 1 : 0;
}

/*
 * What a goal of ns_goal per event leaves for the instructions of the decode
 * (loading the files as the decoder does, mmap() or pread(), takes r->load
 * of it) at the rate the decode runs here (instr_ev over the time it spends
 * beyond that load), beside what it spends: the wall a goal out of reach hits.
 */
static void budget_print(const char *goal, double ns_goal, const struct rates *r,
			 double instr_ev)
{
	double ipns = instr_ev / (r->ours - r->load), left = ns_goal - r->load;

	printf("%-26s %6.2f ns/event = %6.2f of %s + %6.2f left: %5.0f instructions at "
	       "%.1f instructions/ns; the hot path spends %.0f (%s)\n", goal, ns_goal, r->load,
	       r->load_name, left, left > 0 ? left * ipns : 0, ipns, instr_ev,
	       left > 0 && left * ipns >= instr_ev ? "within" : "over the budget");
}

/* Instructions per event inside the decode call only (--toggle-collect), ours and libtracefs'. */
static void cg_report(const char *self, const char *tmp, const struct rates *r)
{
	double instr_ev[2] = { 0, 0 };

	static const char *const who[] = { "ours", "tracefs" };
	static const char *const fn[] = { "--toggle-collect=trace_rawdir_decode",
					  "--toggle-collect=tracefs_iterate_raw_events" };
	char out[PATH_MAX], opt[PATH_MAX + 32], annot[PATH_MAX];
	unsigned int i;

	if (run_argv((char *const[]){ "valgrind", "--version", NULL }, NULL)) {
		printf("callgrind: skipped (no valgrind)\n");
		return;
	}
	printf("callgrind (valgrind --tool=callgrind, inside the decode call, read-ahead off; "
	       "functions above 2 %%):\n");
	for (i = 0; i < ARRAY_SIZE(who); i++) {
		snprintf(out, sizeof(out), "%s/cg.%s", tmp, who[i]);
		snprintf(opt, sizeof(opt), "--callgrind-out-file=%s", out);
		snprintf(annot, sizeof(annot), "%s/cg.%s.txt", tmp, who[i]);
		if (run_argv((char *const[]){ "valgrind", "--tool=callgrind", opt, (char *)fn[i],
					      "--toggle-collect=trace_agg_finish",
					      (char *)self, "--decode-once", (char *)who[i],
					      (char *)tmp, NULL }, NULL) ||
		    run_argv((char *const[]){ "callgrind_annotate", "--inclusive=no", "--auto=no",
					      out, NULL },
			     annot)) {
			printf("callgrind %s: valgrind or callgrind_annotate failed\n", who[i]);
			continue;
		}
		instr_ev[i] = cg_print(who[i], annot, (uint64_t)NR_CPUS * EV_PER_CPU);
	}
	if (!instr_ev[0] || r->ours <= r->load)
		return;
	printf("instruction budget (one core, ns/event from the medians above; instructions/ns "
	       "= callgrind's instructions/event / (decode - %s) ns/event):\n", r->load_name);
	budget_print("50 % of memcpy():", 2 * r->memcpy, r, instr_ev[0]);
	budget_print("5 x tracefs_iterate_raw:", r->tfs / 5, r, instr_ev[0]);
}

static void print_row(const char *what, const struct timing *tm, uint64_t events, uint64_t bytes)
{
	double c = median(tm->cpu, REPS), w = median(tm->wall, REPS);

	printf("%-44s %7.2f M events/s %7.0f MB/s   (CPU %.4f s, wall %.4f s, %llu events)\n",
	       what, events / c / 1e6, bytes / c / 1e6, c, w, (unsigned long long)events);
}

static double med_ns(const struct timing *tm, uint64_t events)
{
	return median(tm->cpu, REPS) * 1e9 / events;
}

/* what the read-ahead thread adds to one way of loading: wall rates, the main thread's CPU */
static void ra_print(const char *how, const struct timing *ra, uint64_t n_ra,
		     const struct timing *one, uint64_t n_one)
{
	double w = median(ra->wall, REPS), w1 = median(one->wall, REPS);

	printf("%s with the read-ahead thread (2 threads): %.2f M events/s by wall time, "
	       "%.2f x one core's (%.2f M events/s); main thread CPU %.4f s (one core %.4f s)\n",
	       how, n_ra / w / 1e6, w1 / w, n_one / w1 / 1e6, median(ra->cpu, REPS),
	       median(one->cpu, REPS));
}

static int bench_rates(const char *tmp, const char *raw, uint64_t bytes, struct rates *rt)
{
	static struct timing tm[T_NR];
	uint64_t n[T_NR] = { 0 }, ev;
	unsigned char *src, *dst;
	char what[64];
	unsigned int r;
	size_t len;

	if (files_load(raw, &src, &len) || !(dst = malloc(len)))
		return -ENOMEM;
	memset(dst, 1, len);
	for (r = 0; r < REPS; r++) {
		if (raw_ours(raw, false, true, &tm[T_ONE], r, &n[T_ONE]) ||
		    raw_ours(raw, false, false, &tm[T_READ], r, &n[T_READ]) ||
		    raw_ours(raw, true, false, &tm[T_RA], r, &n[T_RA]) ||
		    raw_tracefs(tmp, raw, &tm[T_TFS], r, &n[T_TFS]))
			return -EIO;
		setenv("SMMUBENCH_RAW_DECODE", "kbuffer", 1);
		if (raw_ours(raw, false, false, &tm[T_KB], r, &n[T_KB]))
			return -EIO;
		unsetenv("SMMUBENCH_RAW_DECODE");
		raw_memcpy(dst, src, len, &tm[T_MEMCPY], r);
		if (raw_pread(raw, &tm[T_PREAD], r) || raw_mmap(raw, &tm[T_MMAP], r))
			return -EIO;
	}
	free(src);
	free(dst);
	ev = n[T_ONE];
	printf("median of %d interleaved runs by thread CPU time; M = 10^6; one core unless said\n",
	       REPS);
	print_row("trace/ fast walker, files mapped", &tm[T_ONE], ev, bytes);
	print_row("trace/ fast walker, pread(), read-ahead off", &tm[T_READ], n[T_READ], bytes);
	print_row("tracefs_iterate_raw_events()", &tm[T_TFS], n[T_TFS], bytes);
	print_row("trace/ kbuffer + tep walker", &tm[T_KB], n[T_KB], bytes);
	print_row("memcpy() of the same bytes", &tm[T_MEMCPY], ev, bytes);
	print_row("pread() of the files, 32 pages at a time", &tm[T_PREAD], ev, bytes);
	snprintf(what, sizeof(what), "mmap(MAP_POPULATE) of the files, %u MiB each",
		 RAWDIR_MAP_BYTES >> 20);
	print_row(what, &tm[T_MMAP], ev, bytes);
	rt->ours = med_ns(&tm[T_ONE], ev);
	rt->tfs = med_ns(&tm[T_TFS], n[T_TFS]);
	rt->memcpy = med_ns(&tm[T_MEMCPY], ev);
	rt->load = med_ns(&tm[T_MMAP], ev);
	rt->load_name = "mmap()";
	printf("per event: fast walker %.2f ns (pread() path %.2f ns), tracefs_iterate_raw_events "
	       "%.2f ns, memcpy %.2f ns, pread %.2f ns, mmap %.2f ns (%.1f bytes/event)\n",
	       rt->ours, med_ns(&tm[T_READ], n[T_READ]), rt->tfs, rt->memcpy,
	       med_ns(&tm[T_PREAD], ev), rt->load, (double)bytes / ev);
	printf("ratio fast walker mapped : with pread()    = %.2f x   (> 1: mapping is faster)\n",
	       med_ns(&tm[T_READ], n[T_READ]) / rt->ours);
	printf("ratio fast walker : tracefs_iterate_raw_events = %.2f x   (goal >= 5 x)\n",
	       rt->tfs / rt->ours);
	printf("ratio fast walker bytes/s : memcpy bytes/s      = %.0f %%    (goal >= 50 %%)\n",
	       100.0 * rt->memcpy / rt->ours);
	/* the second core: wall time, since its CPU time is spread over two threads */
	ra_print("pread()", &tm[T_RA], n[T_RA], &tm[T_READ], n[T_READ]);
	return 0;
}

int main(int argc, char **argv)
{
	char tmp[256] = "/tmp/bench_rawdecode-XXXXXX", raw[300];
	struct rates rt;
	uint64_t bytes;
	int ret;

	/* --data DIR: the pages only, for profiling by hand (--decode-once ours DIR) */
	if (argc == 3 && !strcmp(argv[1], "--data")) {
		snprintf(tmp, sizeof(tmp), "%s", argv[2]);
		if (dir_make_p(tmp))
			return 1;
	}
	else if (argc == 4 && !strcmp(argv[1], "--decode-once"))
		return cg_decode_once(argv[2], argv[3]);
	else if (!mkdtemp(tmp))
		return 1;
	snprintf(raw, sizeof(raw), "%s/raw", tmp);
	if (hypev_remote_dir_create(raw, NR_CPUS, SUBBUF) || write_raw(raw, &bytes) ||
	    tfs_tree(tmp, raw)) {
		fprintf(stderr, "bench_rawdecode: cannot build the test data in %s\n", tmp);
		return 1;
	}
	if (argc == 3)
		return 0;
	printf("# bench_rawdecode: %u CPUs x %u smmu_map events, %llu bytes of %u-byte ftrace "
	       "pages (hypev_rb), files in the page cache\n", NR_CPUS, EV_PER_CPU,
	       (unsigned long long)bytes, SUBBUF);
	ret = bench_rates(tmp, raw, bytes, &rt);
	if (!ret)
		cg_report(argv[0], tmp, &rt);
	dir_remove_tree(tmp);
	return ret ? 1 : 0;
}
