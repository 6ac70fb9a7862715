#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The smmubench binary's front door and the event contract's build checks.
cd "$(dirname "$0")/../.." || exit 1
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$SMMUBENCH" --help)
like "--help lists the events command" "$out" '^  events '
like "--version prints a version" "$("$SMMUBENCH" --version)" '^smmubench [0-9]+\.[0-9]+\.[0-9]+ '
# runs and bundles record this revision: it must be the checkout's, not a stale one
if rev=$(git rev-parse --short HEAD 2>/dev/null); then
	like "--version names the checkout's revision" "$("$SMMUBENCH" --version)" "\\($rev(-dirty)?\\)\$"
else
	skip "not a git checkout: no revision to compare"
fi
"$SMMUBENCH" nosuchcmd >/dev/null 2>"$tmp/err"
is "an unknown command exits 2" "$?" 2
like "an unknown command is named in the error" "$(cat "$tmp/err")" "'nosuchcmd' is not a command"
like "events --help" "$("$SMMUBENCH" events --help)" '^usage: smmubench events'
like "help events = events --help" "$("$SMMUBENCH" help events)" '^usage: smmubench events'

"$SMMUBENCH" events --format hypervisor:nosuch >/dev/null 2>"$tmp/err"
is "an unknown event is an error" "$?" 1
like "the unknown event is named" "$(cat "$tmp/err")" "no event 'hypervisor:nosuch'"
"$SMMUBENCH" events --cpus 0 >/dev/null 2>&1
is "--cpus 0 is refused" "$?" 2

like "events lists every SMMU event (DESIGN.md's 8, smmu_map_sg, smmu_hist)" "$("$SMMUBENCH" events | grep -c '^hypervisor:smmu_')" '^10$'
"$SMMUBENCH" events --json >"$tmp/ev.json"
is "events --json is a JSON array of 12 events" "$(jq length "$tmp/ev.json")" 12
is "events --json gives units" "$(jq -r '.[0].fields[-1] | "\(.name) \(.unit)"' "$tmp/ev.json")" "dur_ns ns"

# The committed hook header is what the table generates now.
"$SMMUBENCH" events --hook-header >"$tmp/hook.h"
if cmp -s "$tmp/hook.h" hyp-instrumentation/smmu_hypevents.h; then
	ok "hyp-instrumentation/smmu_hypevents.h is up to date"
else
	fail "hyp-instrumentation/smmu_hypevents.h is stale: run 'make hook-header'"
	diff -u hyp-instrumentation/smmu_hypevents.h "$tmp/hook.h" | head -20 | sed 's/^/# /'
fi

# The hook header as a kernel build would read it: stand-in HYP_EVENT macros.
cat >"$tmp/hook.c" <<'C'
typedef unsigned char u8; typedef unsigned short u16; typedef unsigned int u32;
typedef unsigned long long u64; typedef int s32;
#define HE_PROTO(args...) args
#define HE_STRUCT(args...) args
#define he_field(type, name) type name;
#define HE_ASSIGN(args...) args
#define HE_PRINTK(fmt, args...) { static const char f[] __attribute__((unused)) = fmt; }
#define HYP_EVENT(name, proto, strct, assign, printk) \
	struct ev_##name { u16 id; strct }; \
	static inline void trace_##name(proto) { struct ev_##name e, *__entry = &e; assign; (void)e; }
#include "smmu_hypevents.h"
#define HYP_EVENT_MULTI_READ
#undef HYP_EVENT
#define HYP_EVENT(name, proto, strct, assign, printk) void *name##_seen_twice;
#include "smmu_hypevents.h"
_Static_assert(sizeof(struct ev_smmu_map) == 56, "smmu_map layout");
_Static_assert(sizeof(struct ev_smmu_cmdq_trap) == 40, "smmu_cmdq_trap layout");
C
CC=${AARCH64_CC:-aarch64-linux-gnu-gcc}
if command -v "$CC" >/dev/null; then
	check "the hook header compiles for aarch64, and twice with HYP_EVENT_MULTI_READ" \
		"$CC" -std=gnu11 -Wall -Werror -fsyntax-only -Ihyp-instrumentation "$tmp/hook.c"
	check "the writer builds for aarch64 -ffreestanding -nostdlib -mgeneral-regs-only" \
		"$CC" -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib \
		-mgeneral-regs-only -fno-stack-protector -c hyp-instrumentation/hypev_rb.c -o "$tmp/rb.o"
	undef=$(${CC%gcc}nm -u "$tmp/rb.o" 2>&1)
	is "the aarch64 writer calls nothing outside itself" "$undef" ""
else
	skip "no $CC: run 'make deps' (gcc-aarch64-linux-gnu)"
	skip "no $CC"
	skip "no $CC"
fi

# A remote-like directory, as the model and tests use it.
"$SMMUBENCH" events --remote-dir "$tmp/remote" --cpus 2 >/dev/null
check "--remote-dir lays out per_cpu/cpu1" test -d "$tmp/remote/per_cpu/cpu1"
is "--remote-dir id file" "$(cat "$tmp/remote/events/hypervisor/smmu_unmap/id")" 2
like "--remote-dir format file" "$(cat "$tmp/remote/events/hypervisor/smmu_unmap/format")" \
	'field:u32 ntlbi;	offset:4;	size:4;	signed:0;'
"$SMMUBENCH" events --remote-dir /proc/nonexistent/x >/dev/null 2>"$tmp/err"
is "an unwritable --remote-dir fails" "$?" 1
like "and names the directory" "$(cat "$tmp/err")" '/proc/nonexistent/x: No such file or directory'

done_testing
