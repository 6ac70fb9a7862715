// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated CPUs are coroutines. swapcontext() makes a system call per
 * switch (signal mask); the model switches several times per simulated
 * DMA op, so it saves only the callee-saved registers, as the ABI allows.
 */
#include <stdint.h>
#include <string.h>

#include "model_int.h"

void model_ctx_tramp(void);

#if defined(__x86_64__)
/* SysV x86-64: rbx, rbp, r12-r15 are callee-saved. */
__asm__(".text\n"
	".globl model_ctx_swap\n"
	".type model_ctx_swap, @function\n"
	"model_ctx_swap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq (%rsi), %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size model_ctx_swap, .-model_ctx_swap\n"
	".globl model_ctx_tramp\n"
	".type model_ctx_tramp, @function\n"
	"model_ctx_tramp:\n"
	"	movq %r12, %rdi\n"
	"	callq *%r13\n"
	"	ud2\n"
	".size model_ctx_tramp, .-model_ctx_tramp\n");

void model_ctx_init(struct model_ctx *ctx, void *stack, size_t size,
		    void (*fn)(void *), void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)top;

	/* ret slot at top-8: the trampoline starts with rsp 16-byte aligned */
	*--sp = (uint64_t)(uintptr_t)model_ctx_tramp;
	*--sp = 0;			/* rbp */
	*--sp = 0;			/* rbx */
	*--sp = (uint64_t)(uintptr_t)arg;	/* r12 */
	*--sp = (uint64_t)(uintptr_t)fn;	/* r13 */
	*--sp = 0;			/* r14 */
	*--sp = 0;			/* r15 */
	ctx->sp = sp;
}
#elif defined(__aarch64__)
/* AAPCS64: x19-x29, x30 (lr), d8-d15 are callee-saved. */
__asm__(".text\n"
	".globl model_ctx_swap\n"
	".type model_ctx_swap, %function\n"
	"model_ctx_swap:\n"
	"	sub sp, sp, #160\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x9, sp\n"
	"	str x9, [x0]\n"
	"	ldr x9, [x1]\n"
	"	mov sp, x9\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #160\n"
	"	ret\n"
	".globl model_ctx_tramp\n"
	".type model_ctx_tramp, %function\n"
	"model_ctx_tramp:\n"
	"	mov x0, x19\n"
	"	blr x20\n"
	"	brk #0\n");

void model_ctx_init(struct model_ctx *ctx, void *stack, size_t size,
		    void (*fn)(void *), void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)(top - 160);

	memset(sp, 0, 160);
	sp[0] = (uint64_t)(uintptr_t)arg;	/* x19 */
	sp[1] = (uint64_t)(uintptr_t)fn;	/* x20 */
	sp[11] = (uint64_t)(uintptr_t)model_ctx_tramp;	/* x30 */
	ctx->sp = sp;
}
#else
#error "bench/model: context switch for this architecture is missing (sim_ctx.c)"
#endif
