/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the tests that replay the raw-page fuzz seeds
 * (test_trace_raw_corpus.c, test_trace_raw_map.c): a seed laid out as
 * tests/fuzz/fuzz_rawdir.inc lays it out (zero-padded to whole pages, the
 * first half cpu0's file, the rest cpu1's), and a walk over every seed in a
 * fresh two-CPU hypervisor dir. Include after <cmocka.h>.
 */
#ifndef TEST_TRACE_RAW_SEEDS_H
#define TEST_TRACE_RAW_SEEDS_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hypev.h"

#define RAW_SEEDS	"tests/fuzz/corpus/raw_fast"
#define RAW_SEED_SUBBUF	4096

static void raw_seed_file_put(const char *path, const unsigned char *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
}

/* Seed name into dir's per_cpu files; cpu1's file ends cut1 bytes early when cut1 != 0. */
static void raw_seed_lay_out(const char *dir, const char *name, size_t cut1)
{
	static unsigned char buf[64 * RAW_SEED_SUBBUF];
	char path[PATH_MAX];
	size_t len, np, half;
	char *data;

	snprintf(path, sizeof(path), RAW_SEEDS "/%s", name);
	assert_int_equal(file_read_all(path, &data, &len), 0);
	assert_true(len > 0 && len <= sizeof(buf));
	np = (len + RAW_SEED_SUBBUF - 1) / RAW_SEED_SUBBUF;
	memset(buf, 0, np * RAW_SEED_SUBBUF);
	memcpy(buf, data, len);
	free(data);
	half = np / 2;
	snprintf(path, sizeof(path), "%s/per_cpu/cpu0/trace_pipe_raw", dir);
	raw_seed_file_put(path, buf, half * RAW_SEED_SUBBUF);
	snprintf(path, sizeof(path), "%s/per_cpu/cpu1/trace_pipe_raw", dir);
	raw_seed_file_put(path, buf + half * RAW_SEED_SUBBUF,
			  (np - half) * RAW_SEED_SUBBUF - cut1);
}

/* one(dir, seed) for every seed, dir a fresh hypervisor dir of 2 CPUs under /tmp; a skip without them */
static void raw_seeds_each(void (*one)(const char *dir, const char *name))
{
	char dir[] = "/tmp/test_trace_raw_seeds-XXXXXX";
	unsigned int seeds = 0;
	struct dirent *de;
	DIR *d;

	d = opendir(RAW_SEEDS);
	if (!d) {
		printf("# %s: %s (run from the source tree)\n", RAW_SEEDS, strerror(errno));
		skip();
	}
	assert_non_null(mkdtemp(dir));
	assert_int_equal(hypev_remote_dir_create(dir, 2, RAW_SEED_SUBBUF), 0);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		one(dir, de->d_name);
		seeds++;
	}
	closedir(d);
	dir_remove_tree(dir);
	assert_true(seeds >= 1);
}

#endif
