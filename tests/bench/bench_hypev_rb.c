// SPDX-License-Identifier: GPL-2.0
/* Prints the writer's cost per event: ns/event, median of 7 runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hypev.h"
#include "bench_clock.h"

#define NR_EVENTS (4u << 20)
#define RUNS 7

int main(void)
{
	u32 nr_pages = 256, subbuf = 4096;
	unsigned char page[4096];
	struct hypev_smmu_map rec = { .common_type = HYPEV_ID_smmu_map, .pgsize = 4096 };
	double res[RUNS];
	struct hypev_rb rb;
	unsigned int r, i;
	void *mem;

	mem = malloc(hypev_rb_mem_size(nr_pages, subbuf));
	if (!mem || hypev_rb_init(&rb, mem, hypev_rb_mem_size(nr_pages, subbuf), nr_pages, subbuf)) {
		fprintf(stderr, "bench_hypev_rb: cannot set up the buffer\n");
		return 1;
	}
	for (r = 0; r < RUNS; r++) {
		double t0;

		hypev_rb_reset(&rb);
		t0 = now_ns();
		for (i = 0; i < NR_EVENTS; i++) {
			struct hypev_smmu_map *p = hypev_rb_reserve(&rb, 1000 + 300ull * i, sizeof(rec));

			rec.iova = (u64)i << 12;
			rec.dur_ns = i & 1023;
			memcpy(p, &rec, sizeof(rec));
			hypev_rb_commit(&rb);
			/* a reader keeps up, as the collector does */
			if (rb.nr_unread > nr_pages / 2)
				while (hypev_rb_read_page(&rb, page, false) >= 0)
					;
		}
		res[r] = (now_ns() - t0) / NR_EVENTS;
	}
	qsort(res, RUNS, sizeof(res[0]), cmp_double);
	printf("hypev_rb writer: %.1f ns/event (median of %d runs of %u smmu_map events, "
	       "60 bytes each, min %.1f, max %.1f ns/event; reader copying pages included)\n",
	       res[RUNS / 2], RUNS, NR_EVENTS, res[0], res[RUNS - 1]);
	free(mem);
	return 0;
}
