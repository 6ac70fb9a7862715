#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every per_cpu/cpuN is read, not the first run of them: a remote with
# cpu0, cpu2 and cpu3 (no cpu1) gives the maps of all three. CPU dirs past
# the 256 smmubench reads (cpu256, cpu300) are a warning on stderr, in
# stat's header and in summary.json's sources[].cpus_not_read.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/remote
"$SMMUBENCH" events --remote-dir "$d" --cpus 4 >/dev/null
rm -rf "$d/per_cpu/cpu1"
for c in 0 2 3 256 300; do
	mkdir -p "$d/per_cpu/cpu$c"
	printf '[%03d]\t  200.%06d: smmu_map domain=1 ret=0 iova=0x10000 paddr=0x80000000 pgsize=4096 pgcount=1 mapped=4096 dur_ns=300\n' \
		"$c" "$((c + 10))" >"$d/per_cpu/cpu$c/trace_pipe"
done

out=$("$SMMUBENCH" stat -s "remote:$d" -- true 2>"$tmp/err")
is "stat exits 0" "$?" 0
# cpu0, cpu2, cpu3: three maps; cpu256 and cpu300 not read
like "the maps of cpu0, cpu2 and cpu3 are all counted" "$out" "^smmu_map +3 "
like "the header warns of the CPU dirs not read" "$out" \
	"^# WARNING: remote:$d: 2 per_cpu/cpuN dir\(s\) past cpu255 were not read"
like "stderr names them" "$(cat "$tmp/err")" "2 CPU dir\(s\) cpu256..cpu300 are not read"
like "stderr says cpu1 is missing" "$(cat "$tmp/err")" "1 of cpu0..cpu3 are missing"

"$SMMUBENCH" stat --json -s "remote:$d" -- true >"$tmp/s.json" 2>/dev/null
like "summary.json has cpus_not_read 2" "$(tr -d ' \n' <"$tmp/s.json")" '"cpus_not_read":2'
done_testing
