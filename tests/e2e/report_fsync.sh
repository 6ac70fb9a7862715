#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A run is durable before it looks complete (issue 13): every file and
# directory of the run is fsynced before the rename of .<name>.tmp to its
# final name, and the results directory (the parent) after it, so a power
# loss cannot leave a "complete" run with empty files. Seen with strace.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v strace >/dev/null; then
	skip "strace not installed"
	done_testing
fi
printf '[model]\ndesigns = native\n[workload a]\ntype = dmabench\nduration_ms = 1\n' >"$tmp/c.conf"
mkdir "$tmp/res"
res=$(cd "$tmp/res" && pwd -P)
# LeakSanitizer (make SAN=1) cannot run under ptrace; the rest of ASan can
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -y -qq -o "$tmp/trace" -e trace=fsync,fdatasync,rename,renameat,renameat2 \
	"$SMMUBENCH" run -q -r 1 -w 0 -o "$res" -l dur "$tmp/c.conf" >"$tmp/out" 2>&1
rc=$?
if [ $rc != 0 ] && grep -q 'PTRACE\|ptrace' "$tmp/out"; then
	skip "strace cannot trace here"
	done_testing
fi
is "the traced run exits 0" "$rc" 0
final=$(find "$res" -mindepth 1 -maxdepth 1 -name '*-dur' | head -1)
check "it has its final name" test -d "$final"
name=$(basename "$final")
tmpdir=$res/.$name.tmp
# the line of the run directory's final rename
rline=$(grep -nE "rename(at2?)?\(.*\"$tmpdir\", .*\"$final\"" "$tmp/trace" | head -1 | cut -d: -f1)
check "the .tmp directory is renamed to its final name" test -n "$rline"
rline=${rline:-0}
missing=
while IFS= read -r rel; do
	l=$(grep -nF "<$tmpdir/$rel>)" "$tmp/trace" | grep -E 'f(data)?sync\(' | head -1 | cut -d: -f1)
	if [ -z "$l" ] || [ "$l" -gt "$rline" ]; then missing="$missing $rel"; fi
done < <(cd "$final" && find . -mindepth 1 \( -type f -o -type d \) | sed 's|^\./||')
is "every file and directory is fsynced before the rename" "${missing:-none}" none
l=$(grep -nF "<$tmpdir>)" "$tmp/trace" | grep -E 'fsync\(' | head -1 | cut -d: -f1)
if [ -n "$l" ] && [ "$l" -lt "$rline" ]; then ok "the run directory itself before the rename"; else
	fail "the run directory itself before the rename"; fi
l=$(grep -nF "<$res>)" "$tmp/trace" | grep -E 'fsync\(' | tail -1 | cut -d: -f1)
if [ -n "$l" ] && [ "$l" -gt "$rline" ]; then ok "the results directory after the rename"; else
	fail "the results directory after the rename"; fi
done_testing
