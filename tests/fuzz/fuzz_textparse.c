// SPDX-License-Identifier: GPL-2.0
/*
 * trace/textparse.c over fuzzed trace_pipe text, as the remote text source
 * reads it (source_text.c): the input split at '\n', each line handed to
 * trace_text_line_parse() in a buffer of exactly its length (the parser
 * takes a length, not a NUL), events and LOST lines fed to the aggregator.
 * The event types are the hypervisor/ ones hypev_remote_dir_create() writes,
 * loaded again for every input: an aggregator keeps its rules in the types
 * (trace_evtype.agg), and a source's types live as long as one session.
 */
#include <stdint.h>
#include <stdlib.h>

#include "hypev.h"
#include "trace_int.h"
#include "fuzz_harness.h"

static char evdir[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_tmpdir("textparse");

	if (hypev_remote_dir_create(dir, 2, 4096))
		abort();
	snprintf(evdir, sizeof(evdir), "%s/events", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_source src = { .spec = "remote:fuzz", .nr_cpus = 2 };
	const char *p = (const char *)data, *end = p + size, *nl, *why;
	struct trace_opts opts = { 0 };
	struct trace_textfmt *tf;
	struct trace_agg *agg;
	struct trace_rec rec = { 0 };	/* source_text.c callocs its own */
	uint64_t lost;
	size_t len;
	int ret;

	tf = trace_textfmt_load(evdir, "hypervisor");
	agg = trace_agg_new(&opts);
	if (!tf || !agg)
		abort();
	trace_agg_set_source(agg, &src);
	while (p < end) {
		char *line;

		nl = memchr(p, '\n', end - p);
		len = (nl ? nl : end) - p;
		line = malloc(len ? len : 1);
		if (!line)
			abort();
		memcpy(line, p, len);
		why = NULL;
		ret = trace_text_line_parse(tf, line, len, &rec, &lost, &why);
		if (ret < 0 && !why)
			abort();	/* an error always says why */
		if (ret == TRACE_LINE_LOST)
			trace_agg_lost(agg, rec.cpu, lost);
		else if (ret == TRACE_LINE_EVENT)
			trace_agg_rec(agg, &rec);
		free(line);
		p += len + (nl ? 1 : 0);
	}
	trace_agg_finish(agg);
	trace_agg_free(agg);
	trace_textfmt_free(tf);
	return 0;
}
