// SPDX-License-Identifier: GPL-2.0
/* The table of workloads; a new workload adds a file and a line here. */
#include <string.h>

#include "common.h"
#include "workload.h"

static const struct bench_workload_ops *const bench_workloads[] = {
	&bench_workload_dmabench,
	&bench_workload_fio,
};

#define NR_WORKLOADS ARRAY_SIZE(bench_workloads)

const struct bench_workload_ops *bench_workload_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < NR_WORKLOADS; i++)
		if (!strcmp(bench_workloads[i]->name, name))
			return bench_workloads[i];
	return NULL;
}

const char *bench_workload_names(void)
{
	return "dmabench, fio";
}

unsigned int bench_nr_workload_ops(void)
{
	return NR_WORKLOADS;
}

const struct bench_workload_ops *bench_workload_ops_at(unsigned int i)
{
	return i < NR_WORKLOADS ? bench_workloads[i] : NULL;
}
