#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The libFuzzer harnesses of tests/fuzz (issue 13): `make fuzz` (incremental,
# quiet), every committed crash reproducer (tests/fuzz/crashes/<harness>/*),
# then each harness for FUZZ_SECS (20) seconds from its seed corpus under
# ASan+UBSan. One TAP line per reproducer and per harness, with libFuzzer's
# final coverage and exec/s. Skips when clang cannot link -fsanitize=fuzzer.
#
# A reproducer runs 10 times (a bug may depend on the read-ahead thread's
# timing). One listed in tests/fuzz/crashes/KNOWN (a bug open in someone
# else's branch) that still crashes is a skip naming the owner; one that no
# longer crashes passes. A fuzz run that crashes is a failure, unless the
# report's first FILE:LINE in our libraries is named in a KNOWN line of the
# same harness (a skip).
# New crash inputs are kept in $FUZZ_O/crashes/<harness>/ to be committed.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1
# make check fuzzes each harness for 20 s, as issue 13 asks: a crash found
# at random is a failure with its input kept, to be committed as a
# reproducer. FUZZ_SECS=0 replays the seed corpora once (deterministic).
secs=${FUZZ_SECS:-20}
O=${O:-build}
FUZZ_O=${FUZZ_O:-$O-fuzz}
crashes=tests/fuzz/crashes

# the parent make's jobserver is not ours: build with our own -j
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make --no-print-directory "$@"; }

if ! why=$(mk -s fuzz-probe 2>&1); then
	skip "fuzz: ${why:-clang cannot link -fsanitize=fuzzer}"
	done_testing
fi
tmp=$(mktemp -d -p /dev/shm smmubench-fuzz.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS
if ! mk -j"$(nproc)" O="$O" FUZZ_O="$FUZZ_O" fuzz >"$tmp/build.log" 2>&1; then
	fail "make fuzz builds the harnesses"
	tail -20 "$tmp/build.log" | sed 's/^/#   /'
	done_testing
fi
echo "# make fuzz: $((SECONDS - t0)) s"

harnesses=()
for f in tests/fuzz/fuzz_*.c; do
	h=${f#tests/fuzz/fuzz_}
	harnesses+=("${h%.c}")
done

# the sanitizer's one-line report, paths from the tree: "heap-buffer-overflow trace/rawdir.c:719:4 in f"
report_of() {
	sed -n 's/^SUMMARY: [A-Za-z]*Sanitizer: //p; s/^SUMMARY: libFuzzer: //p' "$1" | head -1 |
		sed "s|$root/||g"
}
# the first frames in our own code, as comments
stack_of() {
	grep -E '^ *#[0-9]+ .* in ' "$1" | grep -vE 'fuzzer::|libc|__sanitizer|__interceptor|_start' |
		head -4 | sed "s|$root/||g; s/^ */#   /"
}
# the first FILE:LINE of our libraries in the report, "trace/rawdir.c:719"
# (a crash inside libtraceevent is placed by its caller); the report only,
# not libFuzzer's NEW_FUNC lines before it
line_of() {
	sed -n '/ERROR: \|runtime error:/,$p' "$1" |
		grep -oE "($root/)?(trace|reports|bench|hyp-instrumentation)/[^ :]+\.c:[0-9]+" | head -1 |
		sed "s|^$root/||"
}
known_reason() { awk -v f="$1" '$1 == f { $1 = ""; sub(/^ /, ""); print; exit }' "$crashes/KNOWN" 2>/dev/null; }

for h in "${harnesses[@]}"; do
	for r in "$crashes/$h"/*; do
		[ -f "$r" ] || continue
		name=$h/$(basename "$r")
		TMPDIR=$tmp timeout 120 "$FUZZ_O/fuzz/fuzz_$h" -runs=10 "$r" >"$tmp/repro.log" 2>&1
		rc=$?
		reason=$(known_reason "$name")
		if [ "$rc" -eq 0 ]; then
			ok "reproducer $name no longer crashes${reason:+ (still listed in $crashes/KNOWN: remove it)}"
		elif [ -n "$reason" ]; then
			skip "reproducer $name still crashes, known: $reason: $(report_of "$tmp/repro.log")"
		else
			fail "reproducer $name crashes again: $(report_of "$tmp/repro.log")"
			stack_of "$tmp/repro.log"
		fi
	done
done

for h in "${harnesses[@]}"; do
	bin=$FUZZ_O/fuzz/fuzz_$h
	mkdir -p "$tmp/$h/corpus" "$tmp/$h/out"
	# new inputs go to the first dir (ours), the committed seeds are only read
	TMPDIR=$tmp/$h/out UBSAN_OPTIONS=suppressions=$root/tests/fuzz/ubsan.supp \
		timeout $((secs + 120)) "$bin" $([ "$secs" -gt 0 ] && echo "-max_total_time=$secs" || echo "-runs=0") -timeout=10 \
		-rss_limit_mb=1536 -close_fd_mask=3 -print_final_stats=1 \
		-artifact_prefix="$tmp/$h/" "$tmp/$h/corpus" "tests/fuzz/corpus/$h" \
		>"$tmp/$h.log" 2>&1
	rc=$?
	# libFuzzer's last status line: "#N DONE cov: C ft: F corp: K/SIZE ... exec/s: E ..."
	last=$(grep -E '^#[0-9]+' "$tmp/$h.log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$h.log")
	# a run cut by a crash has no final stats: the last status line's count
	execs=${execs:-$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")}
	stats="cov $(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last"), ft $(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last"), corpus $(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last") inputs, $(sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p' <<<"$last") exec/s"
	# run.sh shows only comments and failures: the figures go in a comment too
	printf '# %-18s %8s execs  %s\n' "fuzz_$h" "${execs:-?}" "$stats"
	if [ "$rc" -eq 0 ]; then
		ok "fuzz_$h: $([ "$secs" -gt 0 ] && echo "$secs s" || echo "seed corpus replayed"), ${execs:-?} execs, $stats"
		continue
	fi
	rep=$(report_of "$tmp/$h.log")
	at=$(line_of "$tmp/$h.log")
	art=$(ls "$tmp/$h"/crash-* "$tmp/$h"/leak-* "$tmp/$h"/timeout-* "$tmp/$h"/oom-* 2>/dev/null | head -1)
	if [ -n "$art" ]; then
		mkdir -p "$FUZZ_O/crashes/$h"
		cp "$art" "$FUZZ_O/crashes/$h/"
		cp "$tmp/$h.log" "$FUZZ_O/crashes/$h/$(basename "$art").log"
		art=$FUZZ_O/crashes/$h/$(basename "$art")
	fi
	if [ -n "$at" ] && grep -E "^$h/" "$crashes/KNOWN" 2>/dev/null | grep -qF -- "$at"; then
		skip "fuzz_$h found its known crash again ($rep) after ${execs:-?} execs, $stats; input: ${art:-none}"
	else
		fail "fuzz_$h crashed (exit $rc): ${rep:-no sanitizer report}; input kept: ${art:-none} (commit it under $crashes/$h/)"
		stack_of "$tmp/$h.log"
	fi
done
done_testing
