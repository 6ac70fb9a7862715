#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The text remote source end to end: a directory laid out like
# <tracefs>/remotes/hypervisor/ whose per-CPU trace_pipe lines follow the
# kernel's layout (kernel/trace/trace_remote.c), with [LOST n EVENTS]
# markers and garbage lines; stat, record, dump; --help everywhere.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_state.inc"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/remote

for c in record stat dump reset; do
	out=$("$SMMUBENCH" $c --help 2>&1)
	like "$c --help prints usage" "$out" "^usage: smmubench $c"
done

"$SMMUBENCH" events --remote-dir "$d" --cpus 2 >/dev/null
check "events --remote-dir lays the dir out" test -f "$d/events/hypervisor/smmu_map/format"

# Values worked out by hand below.
printf '[000]\t  200.000010: smmu_map domain=1 ret=0 iova=0x10000 paddr=0x80000000 pgsize=4096 pgcount=1 mapped=4096 dur_ns=300\n' >"$d/per_cpu/cpu0/trace_pipe"
printf 'CPU:0 [LOST 3 EVENTS]\n' >>"$d/per_cpu/cpu0/trace_pipe"
printf '[000]\t  200.000020: smmu_map domain=1 ret=0 iova=0x11000 paddr=0x80001000 pgsize=4096 pgcount=16 mapped=65536 dur_ns=900\n' >>"$d/per_cpu/cpu0/trace_pipe"
printf 'kernel says hello\n' >>"$d/per_cpu/cpu0/trace_pipe"
printf '[001]\t  200.000015: smmu_unmap domain=1 ntlbi=2 iova=0x10000 pgsize=4096 pgcount=1 unmapped=4096 dur_ns=1500\n' >"$d/per_cpu/cpu1/trace_pipe"
printf '[001]\t  200.000016: smmu_map domain=1 iova=oops\n' >>"$d/per_cpu/cpu1/trace_pipe"
printf '[001]\t  200.000030: smmu_map domain=2 ret=0 iova=0x20000 paddr=0x90000000 pgsize=4096 pgcount=2 mapped=8192 dur_ns=600\n' >>"$d/per_cpu/cpu1/trace_pipe"

out=$("$SMMUBENCH" stat -s "remote:$d" -- true 2>"$tmp/err")
rc=$?
is "stat over a recorded remote exits 0, 3 events lost and all (README: exit status)" "$rc" 0
err=$(cat "$tmp/err")
like "garbage line named with file and line number" "$err" "cpu0/trace_pipe:4: expected '\[CPU\]\\\\t' at the start: 'kernel says hello'"
like "bad value named with its line number" "$err" "cpu1/trace_pipe:2: field value is not a number"
like "the count of unparsed lines is said" "$err" "2 lines did not parse"
like "and in stat's header" "$out" "^# WARNING: remote:$d: 2 line\(s\) did not parse"
# smmu_map: 300, 900, 600 ns -> min 300, p50 600 (bucket [600, 607], midpoint 603), max 900
like "smmu_map row: count 3, min, p50, max with units" "$out" "^smmu_map +3 .* 300 ns +603 ns .* 900 ns +3 +0$"
like "smmu_unmap row (1500 ns = 1.5 us)" "$out" "^smmu_unmap +1 .* 1.5 us +1.5 us"
like "pages per map call: 1, 16, 2" "$out" "^smmu_map.pgcount +3 .* 1 pages +2 pages"
like "lost events in the header, per CPU" "$out" "3 lost events \(per CPU: 3 0\)"
like "a warning when events were lost" "$out" "WARNING: 3 events were lost"

out=$("$SMMUBENCH" record -s "remote:$d" -o "$tmp/run" -- true 2>/dev/null)
is "record exits 0 with lost events too" "$?" 0
check "record writes summary.json" test -s "$tmp/run/summary.json"
check "record keeps the raw text" test -s "$tmp/run/raw/0-remote/per_cpu/cpu1/trace_pipe"
is "summary: smmu_map p50" "$(json_op_key "$tmp/run/summary.json" smmu_map p50)" 603
is "summary: smmu_map lost events" "$(json_op_key "$tmp/run/summary.json" smmu_map lost_events)" 3

out=$("$SMMUBENCH" dump "$tmp/run" 2>/dev/null)
like "dump: events in timestamp order across CPUs" "$(echo "$out" | grep -o 'dur_ns=[0-9]*' | tr '\n' ' ')" "^dur_ns=300 dur_ns=1500 dur_ns=900 dur_ns=600 $"
like "dump: the LOST marker" "$out" "\[000\] LOST 3 EVENTS"
like "dump: ns timestamps" "$out" "\[001\] 200.000015000: hypervisor:smmu_unmap"
out=$("$SMMUBENCH" dump --csv "$tmp/run" 2>/dev/null)
like "dump --csv header" "$(echo "$out" | head -1)" "^source,cpu,ts_ns,pid,event,fields$"
like "dump --csv row" "$out" "0-remote,1,200000030000,-1,hypervisor:smmu_map,domain=2;ret=0;iova=131072;"

out=$("$SMMUBENCH" stat -s "remote:$tmp/nowhere" -- true 2>&1)
like "a missing source is a clear error" "$out" "nowhere: no per_cpu/cpu0/"
out=$("$SMMUBENCH" stat -e nosystem -- true 2>&1)
like "a bad event name is a clear error" "$out" "event 'nosystem': expected SYSTEM:EVENT"
out=$("$SMMUBENCH" stat -s "remote:$d" -e block:block_rq_issue -- true 2>&1)
like "an event no source reads is a clear error" "$out" "event 'block:block_rq_issue': no source reads it: add -s host"
done_testing
