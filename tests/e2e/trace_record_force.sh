#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# record -o DIR over an existing recording is refused (nothing traced,
# the old recording untouched) unless --force, which replaces it whole:
# no raw/ dir of the old run is left beside the new one.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/remote
"$SMMUBENCH" events --remote-dir "$d" --cpus 1 >/dev/null
printf '[000]\t  200.000010: smmu_map domain=1 ret=0 iova=0x10000 paddr=0x80000000 pgsize=4096 pgcount=1 mapped=4096 dur_ns=300\n' >"$d/per_cpu/cpu0/trace_pipe"

like "--help lists --force" "$("$SMMUBENCH" record --help)" "--force"

"$SMMUBENCH" record -s "remote:$d" -s "remote:$d" -o "$tmp/run" -- true 2>/dev/null
is "first record exits 0" "$?" 0
check "it wrote two sources" test -d "$tmp/run/raw/1-remote"
sum=$(md5sum <"$tmp/run/summary.json")

"$SMMUBENCH" record -s "remote:$d" -o "$tmp/run" -- true 2>"$tmp/err"
rc=$?
check "record over a recording fails" test "$rc" -ne 0
like "the error names the dir and --force" "$(cat "$tmp/err")" "$tmp/run: .*--force"
is "the old summary.json is untouched" "$(md5sum <"$tmp/run/summary.json")" "$sum"
check "the old raw data is untouched" test -d "$tmp/run/raw/1-remote"

"$SMMUBENCH" record --force -s "remote:$d" -o "$tmp/run" -- true 2>/dev/null
is "record --force exits 0" "$?" 0
check "--force wrote a new summary.json" test "$(md5sum <"$tmp/run/summary.json")" != "$sum"
check "no raw dir of the old run is left" test ! -e "$tmp/run/raw/1-remote"
check "the new raw data is there" test -s "$tmp/run/raw/0-remote/per_cpu/cpu0/trace_pipe"

mkdir "$tmp/empty"
"$SMMUBENCH" record -s "remote:$d" -o "$tmp/empty" -- true 2>/dev/null
is "an empty existing dir is fine" "$?" 0
done_testing
