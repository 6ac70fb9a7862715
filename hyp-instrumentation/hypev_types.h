/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel-style integer types for code that must also build freestanding. */
#ifndef HYPEV_TYPES_H
#define HYPEV_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifndef __KERNEL__
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#endif

#endif
