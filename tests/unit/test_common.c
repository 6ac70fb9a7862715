// SPDX-License-Identifier: GPL-2.0
/*
 * common/: the promises every caller relies on. A FIFO read as a file does
 * not hang; a knob write never creates the knob; a full disk gives EFBIG or
 * ENOSPC, not EIO; removing a tree never follows a symlink out of it;
 * formatting says when it cut. Expectations are POSIX's and worked by hand.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"

static char dir[] = "/tmp/test_common-XXXXXX";

static int setup(void **state)
{
	signal(SIGXFSZ, SIG_IGN);
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	return dir_remove_tree(dir);
}

static void path_of(char *buf, size_t len, const char *rel)
{
	assert_int_equal(fmt_buf(buf, len, "%s/%s", dir, rel), 0);
}

static void test_array_size(void **state)
{
	static const int three[3];
	static const char word[] = "abc";	/* with its NUL */

	assert_int_equal(ARRAY_SIZE(three), 3);
	assert_int_equal(ARRAY_SIZE(word), 4);
}

static void test_read_all(void **state)
{
	char p[4096], *buf, big[10000];
	size_t len;
	int fd;

	path_of(p, sizeof(p), "big");
	memset(big, 'x', sizeof(big));	/* more than the first 4 KiB buffer */
	assert_int_equal(file_write_new(p, big, sizeof(big)), 0);
	assert_int_equal(file_read_all(p, &buf, &len), 0);
	assert_int_equal(len, sizeof(big));
	assert_memory_equal(buf, big, sizeof(big));
	assert_int_equal(buf[len], '\0');
	free(buf);

	/* a FIFO with a writer that says nothing: what is there (nothing), now */
	path_of(p, sizeof(p), "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	fd = open(p, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(file_read_all(p, &buf, &len), 0);
	assert_int_equal(len, 0);
	free(buf);
	close(fd);

	path_of(p, sizeof(p), "absent");
	assert_int_equal(file_read_all(p, &buf, NULL), -ENOENT);
}

static void test_read_line(void **state)
{
	char p[4096], line[8];

	path_of(p, sizeof(p), "knob");
	assert_int_equal(file_write_str(p, "[boot] mono\nsecond\n"), 0);
	assert_int_equal(file_read_line(p, line, sizeof(line)), 0);
	assert_string_equal(line, "[boot] ");	/* 7 bytes fit in 8 */
	assert_int_equal(file_write_str(p, "1\n"), 0);
	assert_int_equal(file_read_line(p, line, sizeof(line)), 0);
	assert_string_equal(line, "1");
	assert_int_equal(file_write_str(p, ""), 0);
	assert_int_equal(file_read_line(p, line, sizeof(line)), 0);
	assert_string_equal(line, "");
	/* /dev/zero is endless: the read stops at the buffer */
	assert_int_equal(file_read_line("/dev/zero", line, sizeof(line)), 0);
	assert_int_equal(line[0], '\0');
}

static void test_write_knob(void **state)
{
	char p[4096], *buf;

	path_of(p, sizeof(p), "no_such_knob");
	assert_int_equal(file_write_knob(p, "1"), -ENOENT);
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(file_write_str(p, "1024\n"), 0);
	assert_int_equal(file_write_knob(p, "8"), 0);	/* truncates, as > does */
	assert_int_equal(file_read_all(p, &buf, NULL), 0);
	assert_string_equal(buf, "8");
	free(buf);
}

static void test_write_full_disk(void **state)
{
	struct rlimit rl, old;
	char p[4096], data[8192] = { 0 };

	path_of(p, sizeof(p), "cut");
	getrlimit(RLIMIT_FSIZE, &old);
	rl = old;
	rl.rlim_cur = 4096;	/* half of the data fits */
	setrlimit(RLIMIT_FSIZE, &rl);
	assert_int_equal(file_write_new(p, data, sizeof(data)), -EFBIG);
	setrlimit(RLIMIT_FSIZE, &old);
}

static void test_tree(void **state)
{
	char p[4096], outside[4096], link[4096];
	struct stat st;

	path_of(p, sizeof(p), "t/a/b/c");
	assert_int_equal(dir_make_p(p), 0);
	assert_int_equal(dir_make_p(p), 0);	/* twice is fine */
	path_of(outside, sizeof(outside), "keep");
	assert_int_equal(dir_make(outside), 0);
	path_of(p, sizeof(p), "keep/file");
	assert_int_equal(file_write_str(p, "x"), 0);
	path_of(link, sizeof(link), "t/a/out");
	assert_int_equal(symlink(outside, link), 0);

	path_of(p, sizeof(p), "t");
	assert_int_equal(dir_remove_tree(p), 0);
	assert_int_equal(lstat(p, &st), -1);
	path_of(p, sizeof(p), "keep/file");
	assert_int_equal(stat(p, &st), 0);	/* the link went, not its target */
	path_of(p, sizeof(p), "t");
	assert_int_equal(dir_remove_tree(p), 0);	/* absent is fine */

	path_of(p, sizeof(p), "keep/file/sub");
	assert_int_equal(dir_make_p(p), -ENOTDIR);
}

static void test_fmt(void **state)
{
	char b[8];

	assert_int_equal(fmt_buf(b, sizeof(b), "%s", "1234567"), 0);
	assert_int_equal(fmt_buf(b, sizeof(b), "%s", "12345678"), -ENAMETOOLONG);
	assert_string_equal(b, "1234567");

	char d[32];

	fmt_duration(d, sizeof(d), 2500000000ull);
	assert_string_equal(d, "2.5s");
	fmt_duration(d, sizeof(d), 83ull * 1000000000ull);
	assert_string_equal(d, "1m23s");
	fmt_duration(d, sizeof(d), (2 * 3600 + 3 * 60 + 9) * 1000000000ull);
	assert_string_equal(d, "2h03m09s");
	fmt_time_iso(0, d, sizeof(d));
	assert_string_equal(d, "1970-01-01T00:00:00Z");
	fmt_time_iso(1795475814, d, sizeof(d));	/* date -u -d @1795475814 */
	assert_string_equal(d, "2026-11-23T23:16:54Z");
}

/*
 * splitmix64 against published outputs: Rosetta Code's "Pseudo-random
 * numbers/Splitmix64" task (seed 1234567, the first five) and Vigna's
 * splitmix64.c from seed 0 (first output 0xe220a8397b1dcdaf).
 */
static void test_rng_splitmix64(void **state)
{
	static const uint64_t want[] = {
		6457827717110365317ull, 3203168211198807973ull, 9817491932198370423ull,
		4593380528125082431ull, 16408922859458223821ull,
	};
	uint64_t s = 1234567, z = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++)
		assert_true(rng_splitmix64_next(&s) == want[i]);
	assert_true(rng_splitmix64_next(&z) == 0xe220a8397b1dcdafull);
	/* below(n): the next output modulo n */
	s = 1234567;
	assert_int_equal(rng_splitmix64_below(&s, 10), 6457827717110365317ull % 10);
}

/* One copy per distinct string, through the table's growth (1024 slots at first). */
static void test_str_pool(void **state)
{
	struct str_pool *p = str_pool_new();
	const char *first[5000];
	char buf[32];
	int i;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "cell.%d", i);
		first[i] = str_pool_intern(p, buf);
		assert_non_null(first[i]);
		assert_string_equal(first[i], buf);
		assert_ptr_not_equal(first[i], buf);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "cell.%d", i);
		assert_ptr_equal(str_pool_intern(p, buf), first[i]);
	}
	assert_ptr_not_equal(first[1], first[10]);
	/* ordinals in first-seen order */
	assert_int_equal(str_pool_index(p, "cell.0"), 0);
	assert_int_equal(str_pool_index(p, "cell.4999"), 4999);
	assert_int_equal(str_pool_index(p, "new"), 5000);
	assert_int_equal(str_pool_index(p, "new"), 5000);
	assert_string_equal(str_pool_intern(p, ""), "");
	assert_int_equal(str_pool_index(p, ""), 5001);
	str_pool_free(p);
	str_pool_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_size),
		cmocka_unit_test(test_read_all),
		cmocka_unit_test(test_read_line),
		cmocka_unit_test(test_write_knob),
		cmocka_unit_test(test_write_full_disk),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_rng_splitmix64),
		cmocka_unit_test(test_str_pool),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
