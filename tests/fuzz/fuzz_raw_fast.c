// SPDX-License-Identifier: GPL-2.0
/* trace/rawdir.c's fast walker over fuzzed ftrace pages (fuzz_rawdir.inc). */
#define FUZZ_RAW_KBUFFER 0
#include "fuzz_rawdir.inc"
