// SPDX-License-Identifier: GPL-2.0
/*
 * The discrete-event core. Every simulated CPU is a coroutine with its own
 * virtual clock. Private work just advances the clock; before touching
 * shared state (a lock, a shared cache line, the SMMU) a CPU calls
 * model_sim_sync(), which hands control to whichever CPU is furthest
 * behind, so shared state is touched in global time order (ties broken by
 * CPU id). Nothing depends on wall time or host scheduling: identical
 * inputs give identical runs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

#define MODEL_STACK_SIZE	(256 * 1024)

void model_sim_fail(struct model_sim *sim, int err, const char *fmt, ...)
{
	va_list ap;

	if (sim->error)
		return;
	sim->error = err;
	va_start(ap, fmt);
	vsnprintf(sim->err, sim->err_len, fmt, ap);
	va_end(ap);
}

void model_sim_delay(struct model_cpu *cpu, u64 ns)
{
	cpu->now += ns;
}

static bool cpu_before(const struct model_cpu *a, const struct model_cpu *b)
{
	return a->now < b->now || (a->now == b->now && a->id < b->id);
}

/* The runnable CPU furthest behind (ties: lowest id), or NULL. */
static struct model_cpu *sim_next(struct model_sim *sim)
{
	struct model_cpu *next = NULL;
	unsigned int i;

	for (i = 0; i < sim->nr_cpus; i++) {
		struct model_cpu *c = &sim->cpus[i];

		if (c->state == MODEL_CPU_RUNNABLE && (!next || cpu_before(c, next)))
			next = c;
	}
	return next;
}

/* Hand the host thread to the next CPU directly (one switch, not two). */
static void sim_yield(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	struct model_cpu *next = sim_next(sim);

	if (next == cpu)
		return;
	if (!next) {
		model_ctx_swap(&cpu->ctx, &sim->sched_ctx);
		return;
	}
	sim->cur = next;
	model_ctx_swap(&cpu->ctx, &next->ctx);
}

void model_sim_sync(struct model_cpu *cpu)
{
	struct model_sim *sim = cpu->sim;
	unsigned int i;

	for (i = 0; i < sim->nr_cpus; i++) {
		struct model_cpu *o = &sim->cpus[i];

		if (o != cpu && o->state == MODEL_CPU_RUNNABLE && cpu_before(o, cpu)) {
			sim_yield(cpu);
			return;
		}
	}
}

void model_sim_seed(struct model_sim *sim, u64 seed)
{
	u64 span = MODEL_P(sim, run_jitter) * 10000, ppm;	/* percent -> ppm */
	unsigned int i;

	sim->rng = seed;
	sim->jit_rng = model_sim_rand(sim);
	if (!span)
		return;
	/* uniform in [1 - run_jitter%, 1 + run_jitter%] */
	ppm = 1000000 - span + (u64)(((unsigned __int128)model_sim_rand(sim) *
				      (2 * span + 1)) >> 64);
	for (i = 0; i < MODEL_NR_FIGURES; i++) {
		struct model_figure_val *fv = &sim->prof.fig[i];

		/* rounded to the nearest ns: no bias from the scaling */
		if (!strcmp(model_figure_unit(i), "ns"))
			fv->value = (fv->value * ppm + 500000) / 1000000;
	}
}

void model_lock_init(struct model_lock *l, const char *name)
{
	memset(l, 0, sizeof(*l));
	l->name = name;
	l->owner = -1;
	l->last_cpu = -1;
	l->wait_head = l->wait_tail = -1;
}

void model_line_init(struct model_line *line)
{
	line->last_cpu = -1;
	line->busy_until = 0;
}

/* A ticket spinlock: FIFO; the lock word's cache line moves on hand-off. */
void model_sim_lock(struct model_cpu *cpu, struct model_lock *l)
{
	struct model_sim *sim = cpu->sim;

	model_sim_sync(cpu);
	l->acquisitions++;
	if (l->owner < 0) {
		if (cpu->now < l->free_at)
			cpu->now = l->free_at;
		if (l->last_cpu >= 0 && l->last_cpu != (int)cpu->id)
			cpu->now += MODEL_P(sim, line_handoff);
		cpu->now += MODEL_P(sim, atomic);
		l->owner = cpu->id;
		l->last_cpu = cpu->id;
		return;
	}
	l->contended++;
	cpu->wait_next = -1;
	if (l->wait_tail < 0)
		l->wait_head = cpu->id;
	else
		sim->cpus[l->wait_tail].wait_next = cpu->id;
	l->wait_tail = cpu->id;
	cpu->state = MODEL_CPU_BLOCKED;
	sim_yield(cpu);
	/* the releaser made us owner and set our clock */
}

void model_sim_unlock(struct model_cpu *cpu, struct model_lock *l)
{
	struct model_sim *sim = cpu->sim;
	struct model_cpu *w;

	model_sim_sync(cpu);
	cpu->now += MODEL_P(sim, atomic);
	l->free_at = cpu->now;
	if (l->wait_head < 0) {
		l->owner = -1;
		return;
	}
	w = &sim->cpus[l->wait_head];
	l->wait_head = w->wait_next;
	if (l->wait_head < 0)
		l->wait_tail = -1;
	/* the waiter spun until now, then pulls the line over */
	if (w->now < cpu->now)
		w->now = cpu->now;
	w->now += MODEL_P(sim, line_handoff) + MODEL_P(sim, atomic);
	l->owner = w->id;
	l->last_cpu = w->id;
	w->state = MODEL_CPU_RUNNABLE;
}

/* An atomic RMW on a shared line: serialised, hand-off when it moves. */
void model_sim_line_atomic(struct model_cpu *cpu, struct model_line *line, u64 op_ns)
{
	struct model_sim *sim = cpu->sim;

	model_sim_sync(cpu);
	if (cpu->now < line->busy_until)
		cpu->now = line->busy_until;
	if (line->last_cpu >= 0 && line->last_cpu != (int)cpu->id)
		cpu->now += MODEL_P(sim, line_handoff);
	cpu->now += op_ns;
	line->busy_until = cpu->now;
	line->last_cpu = cpu->id;
}

struct sim_thread_arg {
	struct model_cpu *cpu;
	void (*fn)(struct model_cpu *cpu);
};


static void sim_thread_entry(void *arg)
{
	struct sim_thread_arg *a = arg;
	struct model_cpu *cpu = a->cpu;

	a->fn(cpu);
	cpu->state = MODEL_CPU_DONE;
	sim_yield(cpu);
	abort();	/* never resumed */
}

int model_sim_run(struct model_sim *sim, void (*thread)(struct model_cpu *cpu),
		  unsigned int nr_threads)
{
	struct sim_thread_arg args[MODEL_MAX_CPUS];
	unsigned int i;
	int ret = 0;

	if (nr_threads > sim->nr_cpus)
		return -EINVAL;
	for (i = 0; i < nr_threads; i++) {
		struct model_cpu *cpu = &sim->cpus[i];

		cpu->stack = malloc(MODEL_STACK_SIZE);
		if (!cpu->stack) {
			ret = -ENOMEM;
			goto out;
		}
		args[i].cpu = cpu;
		args[i].fn = thread;
		cpu->state = MODEL_CPU_RUNNABLE;
		model_ctx_init(&cpu->ctx, cpu->stack, MODEL_STACK_SIZE, sim_thread_entry, &args[i]);
	}
	for (; i < sim->nr_cpus; i++)
		sim->cpus[i].state = MODEL_CPU_DONE;

	/*
	 * CPUs hand over to each other directly; control comes back here only
	 * when none is runnable: all done, or all blocked (a deadlock).
	 */
	for (;;) {
		struct model_cpu *next = sim_next(sim);

		if (!next) {
			for (i = 0; i < sim->nr_cpus; i++)
				if (sim->cpus[i].state == MODEL_CPU_BLOCKED) {
					model_sim_fail(sim, -EDEADLK,
						       "model: every CPU is blocked on a lock");
					ret = -EDEADLK;
				}
			break;
		}
		sim->cur = next;
		model_ctx_swap(&sim->sched_ctx, &next->ctx);
	}
out:
	for (i = 0; i < sim->nr_cpus; i++) {
		free(sim->cpus[i].stack);
		sim->cpus[i].stack = NULL;
	}
	return ret ? ret : sim->error;
}
