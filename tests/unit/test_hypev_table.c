// SPDX-License-Identifier: GPL-2.0
/*
 * The event contract: every consumer's view of the table agrees with
 * DESIGN.md ("Events") and with what a trace remote prints.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <tracefs.h>

#include "common.h"
#include "hypev.h"

static char *capture(int (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, arg), 0);
	fclose(f);
	return buf;
}

/* DESIGN.md "Events": the fields each event must carry, by name. */
static const struct {
	const char *event;
	const char *fields[9];
} contract[] = {
	{ "smmu_map", { "domain", "iova", "paddr", "pgsize", "pgcount", "mapped", "ret", "dur_ns" } },
	{ "smmu_map_sg", { "domain", "nent", "iova", "mapped", "dur_ns" } },
	{ "smmu_unmap", { "domain", "iova", "pgsize", "pgcount", "unmapped", "dur_ns" } },
	{ "smmu_tlbi", { "smmu", "opcode", "asid_vmid", "iova", "range_pages", "leaf" } },
	{ "smmu_sync", { "smmu", "batch", "wait_ns" } },
	{ "smmu_cmdq_trap", { "smmu", "ncmds", "n_tlbi", "n_cfgi", "n_sync", "n_dropped",
			      "dur_ns", "wait_ns" } },
	{ "smmu_mmio_trap", { "smmu", "offset", "write", "dur_ns" } },
	{ "smmu_ste", { "smmu", "sid", "dur_ns" } },
	{ "smmu_s2_idmap", { "start", "end", "prot", "dur_ns" } },
};

static void test_contract_fields(void **state)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(contract); i++) {
		const struct hypev_event_desc *ev = hypev_event_find(contract[i].event);

		assert_non_null(ev);
		for (j = 0; contract[i].fields[j]; j++) {
			const struct hypev_field_desc *fd = hypev_field_find(ev, contract[i].fields[j]);

			if (!fd)
				fail_msg("%s has no field %s", ev->name, contract[i].fields[j]);
			/* DESIGN.md: durations are in ns, at EL2 */
			if (strstr(fd->name, "_ns"))
				assert_int_equal(fd->unit, HYPEV_UNIT_ns);
		}
	}
	/* the mainline events the collector pairs */
	assert_non_null(hypev_event_find("hyp_enter"));
	assert_non_null(hypev_event_find("hyp_exit"));
	assert_null(hypev_event_find("smmu_nonexistent"));
}

/*
 * remote_event_format_show() prints offsets as running sums; the struct is
 * naturally aligned. They must agree for every event we define.
 */
static void test_layout_padding_free(void **state)
{
	unsigned int i, j;

	for (i = 0; i < HYPEV_NR_EVENTS; i++) {
		const struct hypev_event_desc *ev = &hypev_event_descs[i];

		if (ev->design & HYPEV_D_UPSTREAM)
			continue;
		for (j = 0; j < ev->nr_fields; j++) {
			if (ev->fields[j].offset != hypev_field_remote_offset(ev, j))
				fail_msg("%s.%s: struct offset %u, remote prints %u",
					 ev->name, ev->fields[j].name, ev->fields[j].offset,
					 hypev_field_remote_offset(ev, j));
		}
	}
}

/* The mainline quirk, so the collector knows not to read vcpu from raw pages. */
static void test_upstream_hyp_enter_quirk(void **state)
{
	const struct hypev_event_desc *ev = hypev_event_find("hyp_enter");

	assert_string_equal(ev->fields[1].name, "vcpu");
	assert_int_equal(ev->fields[1].offset, 4);		/* u8 at 2, pid_t aligned to 4 */
	assert_int_equal(hypev_field_remote_offset(ev, 1), 3);	/* 2 + sizeof(u8) */
}

static void test_struct_sizes(void **state)
{
	/* worked out by hand from the table: 2+2+4 then 6 u64 */
	assert_int_equal(hypev_event_find("smmu_map")->size, 56);
	assert_int_equal(hypev_event_find("smmu_map_sg")->size, 32);
	assert_int_equal(hypev_event_find("smmu_unmap")->size, 48);
	assert_int_equal(hypev_event_find("smmu_sync")->size, 16);
	assert_int_equal(hypev_event_find("smmu_tlbi")->size, 24);
	assert_int_equal(hypev_event_find("smmu_cmdq_trap")->size, 40);
	assert_int_equal(hypev_event_find("smmu_mmio_trap")->size, 24);
	assert_int_equal(hypev_event_find("smmu_ste")->size, 16);
	assert_int_equal(hypev_event_find("smmu_s2_idmap")->size, 32);
}

static int fmt_sync(FILE *f, const void *arg)
{
	(void)arg;
	return hypev_format_write(f, hypev_event_find("smmu_sync"), 7);
}

static void test_format_file_text(void **state)
{
	/* Laid out by hand from remote_event_format_show() in trace_remote.c */
	const char *want =
		"name: smmu_sync\n"
		"ID: 7\n"
		"format:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\n"
		"\tfield:u16 smmu;\toffset:2;\tsize:2;\tsigned:0;\n"
		"\tfield:u32 batch;\toffset:4;\tsize:4;\tsigned:0;\n"
		"\tfield:u64 wait_ns;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\n"
		"print fmt: \"smmu=%u batch=%u wait_ns=%llu\", REC->smmu, REC->batch, REC->wait_ns\n";
	char *got = capture(fmt_sync, NULL);

	assert_string_equal(got, want);
	free(got);
}

static int hpage(FILE *f, const void *arg)
{
	return hypev_header_page_write(f, *(const unsigned int *)arg);
}

static int hevent(FILE *f, const void *arg)
{
	(void)arg;
	return hypev_header_event_write(f);
}

/* Read from this machine's tracefs (kernel 6.18, 4 KiB sub-buffers). */
static void test_header_files_text(void **state)
{
	unsigned int sz = 4096;
	char *page = capture(hpage, &sz);
	char *event = capture(hevent, NULL);

	assert_string_equal(page,
		"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
		"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
		"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
		"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n");
	assert_string_equal(event,
		"# compressed entry header\n"
		"\ttype_len    :    5 bits\n"
		"\ttime_delta  :   27 bits\n"
		"\tarray       :   32 bits\n"
		"\n"
		"\tpadding     : type == 29\n"
		"\ttime_extend : type == 30\n"
		"\ttime_stamp : type == 31\n"
		"\tdata max type_len  == 28\n");
	free(page);
	free(event);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* The live kernel is the independent source: compare when it is there. */
static void test_header_files_match_live_tracefs(void **state)
{
	/* tracefs_tracing_dir() mounts tracefs where it is not (a fresh boot), as root */
	const char *dirs[] = { tracefs_tracing_dir(), "/sys/kernel/tracing" };
	char path[256], *live_page = NULL, *live_event = NULL, *mine;
	unsigned int sz = 4096;
	size_t i;

	for (i = 0; i < 2 && !live_page; i++) {
		if (!dirs[i])
			continue;
		snprintf(path, sizeof(path), "%s/events/header_page", dirs[i]);
		live_page = slurp(path);
		snprintf(path, sizeof(path), "%s/events/header_event", dirs[i]);
		live_event = slurp(path);
	}
	if (!live_page || !live_event) {
		fprintf(stderr, "skip: no readable tracefs events/header_page (needs root and tracefs)\n");
		free(live_page);
		free(live_event);
		skip();
	}
	/* the live sub-buffer size is in the data field; use it */
	{
		const char *p = strstr(live_page, "char data;\toffset:16;\tsize:");

		assert_non_null(p);
		sz = (unsigned int)strtoul(p + strlen("char data;\toffset:16;\tsize:"), NULL, 10) + 16;
	}
	mine = capture(hpage, &sz);
	assert_string_equal(mine, live_page);
	free(mine);
	mine = capture(hevent, NULL);
	assert_string_equal(mine, live_event);
	free(mine);
	free(live_page);
	free(live_event);
}

static int text_line(FILE *f, const void *arg)
{
	struct hypev_smmu_map rec = {
		.common_type = HYPEV_ID_smmu_map,
		.domain = 3, .ret = -22, .iova = 0x1000, .paddr = 0x80002000,
		.pgsize = 4096, .pgcount = 2, .mapped = 0, .dur_ns = 412,
	};

	(void)arg;
	if (hypev_text_lost_write(f, 1, 17))
		return -1;
	/* 12.345678901 s prints as 12.345678 (truncated to us) */
	return hypev_text_line_write(f, 1, 12345678901ULL, hypev_event_find("smmu_map"), &rec);
}

static void test_text_line(void **state)
{
	char *got = capture(text_line, NULL);

	assert_string_equal(got,
		"CPU:1 [LOST 17 EVENTS]\n"
		"[001]\t   12.345678: smmu_map domain=3 ret=-22 iova=0x1000 paddr=0x80002000 "
		"pgsize=4096 pgcount=2 mapped=0 dur_ns=412\n");
	free(got);
}

static int hook(FILE *f, const void *arg)
{
	(void)arg;
	return hypev_hook_header_write(f);
}

static void test_hook_header(void **state)
{
	char *h = capture(hook, NULL);

	/* every SMMU event, none of the upstream ones */
	assert_non_null(strstr(h, "HYP_EVENT(smmu_map,\n"));
	assert_non_null(strstr(h, "HYP_EVENT(smmu_s2_idmap,\n"));
	assert_null(strstr(h, "HYP_EVENT(hyp_enter"));
	assert_non_null(strstr(h, "\t\the_field(u32, batch)\n"));
	assert_non_null(strstr(h, "HE_PRINTK(\"smmu=%u batch=%u wait_ns=%llu\",\n"
				  "\t\t  __entry->smmu,\n\t\t  __entry->batch,\n\t\t  __entry->wait_ns)"));
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contract_fields),
		cmocka_unit_test(test_layout_padding_free),
		cmocka_unit_test(test_upstream_hyp_enter_quirk),
		cmocka_unit_test(test_struct_sizes),
		cmocka_unit_test(test_format_file_text),
		cmocka_unit_test(test_header_files_text),
		cmocka_unit_test(test_header_files_match_live_tracefs),
		cmocka_unit_test(test_text_line),
		cmocka_unit_test(test_hook_header),
	};

	return cmocka_run_group_tests_name("hypev_table", tests, NULL, NULL);
}
