// SPDX-License-Identifier: GPL-2.0
/*
 * bench/conf.c over fuzzed bench.conf text, as `smmubench run`/`check`
 * read it: bench_conf_load_string() (NUL bytes refused first, as
 * bench_conf_load() does), then for a conf that loads the cell matrix
 * (bench_cells_expand()) and, on the model target, each cell's model
 * config (bench_model_config_fill()). Nothing runs; messages go to
 * /dev/null. A profile key may name any file: it is only read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "run.h"
#include "model.h"
#include "fuzz_harness.h"

#define FUZZ_MAX_CELLS	64	/* configs filled per input */

static FILE *devnull;

static void devnull_close(void)
{
	fclose(devnull);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	atexit(devnull_close);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bench_cells cells = { 0 };
	struct bench_conf *conf;
	char *text, err[1024];
	unsigned int i;

	if (memchr(data, '\0', size))
		return -1;	/* bench_conf_load() refuses them before parsing */
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	conf = bench_conf_load_string("fuzz.conf", text, devnull);
	free(text);
	if (!conf)
		return 0;
	if (!bench_cells_expand(conf, NULL, false, &cells)) {
		for (i = 0; i < cells.nr && i < FUZZ_MAX_CELLS; i++) {
			struct model_config cfg;

			if (bench_section_num(&conf->target, "type") == 0 && cells.cell[i].ops &&
			    cells.cell[i].ops->model_setup)
				bench_model_config_fill(conf, &cells.cell[i], &cfg, err, sizeof(err));
		}
		bench_cells_free(&cells);
	}
	bench_conf_free(conf);
	return 0;
}
