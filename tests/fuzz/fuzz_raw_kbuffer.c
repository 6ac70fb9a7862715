// SPDX-License-Identifier: GPL-2.0
/* trace/rawdir.c's kbuffer walker over fuzzed ftrace pages (fuzz_rawdir.inc). */
#define FUZZ_RAW_KBUFFER 1
#include "fuzz_rawdir.inc"
