#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# hw target on this machine: real fio on a loop device, block:block_rq_issue
# and block_rq_complete collected in the same window; fio's own JSON is the
# independent source the run's rows are checked against.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if ! need_root; then skip "needs root (tracefs, losetup)"; done_testing; fi
T=$(tracefs_dir)
if [ -z "$T" ]; then skip "no tracefs"; done_testing; fi
for c in fio losetup jq; do
	if ! command -v $c >/dev/null; then skip "$c missing (make deps)"; done_testing; fi
done
if [ ! -d "$T/events/block/block_rq_issue" ]; then skip "no block tracepoints"; done_testing; fi

tmp=$(mktemp -d)
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
truncate -s 64M "$tmp/img"
loop=$(losetup --direct-io=on -f --show "$tmp/img") || { skip "losetup failed"; done_testing; }
minor=$(( 0x$(stat -c %T "$loop") ))
major=$(( 0x$(stat -c %t "$loop") ))
perf_ev=
perf stat -e task-clock,context-switches true >/dev/null 2>&1 && perf_ev=task-clock,context-switches
cat >"$tmp/hw.conf" <<CONF
[global]
label = fioloop
repeat = 2
warmup = 1
perf_events = $perf_ev
[target]
type = hw
# other tests' I/O hits the same block tracepoints: room for bursts
buffer_kb = 4096
[workload rr]
type = fio
rw = randread
bs = 4k
iodepth = 1
size = 32m
duration_ms = 300
filename = $loop
CONF
on_before=$(cat "$T/tracing_on")
inst_before=$(ls "$T/instances" | grep -c '^smmubench')

out=$(cd "$tmp" && timeout -k 10 -s INT 120 "$SMMUBENCH" run -q hw.conf 2>"$tmp/err")
is "run exits 0" "$?" 0
like "it says where the results are" "$out" "^results: results/[0-9]{8}-[0-9]{6}-fioloop \(complete\)$"
dir=$tmp/$(printf '%s\n' "$out" | sed -n 's/^results: \(.*\) (complete)$/\1/p')
is "meta.json status" "$(jq -r .status "$dir/meta.json" 2>/dev/null)" complete
is "meta.json target" "$(jq -r .target "$dir/meta.json" 2>/dev/null)" hw
is "meta.json sources" "$(jq -r '.sources | join(",")' "$dir/meta.json" 2>/dev/null)" host
# design = auto on a host with no hypervisor: the detected design, as 'smmubench check' says
is "meta.json designs: the detected design" "$(jq -c .designs "$dir/meta.json" 2>/dev/null)" '["native"]'
is "errors" "$(jq -r .errors "$dir/meta.json" 2>/dev/null)" 0
is "lost events" "$(jq -r .lost_events "$dir/meta.json" 2>/dev/null)" 0
rows=$dir/results.jsonl
for rep in 0 1; do
	f=$dir/raw/rr/rep$rep.fio.json
	check "fio's JSON of rep $rep is kept" test -s "$f"
	v() { jq -s -r '.[] | select(.cell == "rr" and .rep == '$rep' and .op == "'$1'" and .metric == "'$2'") | .value' "$rows"; }
	is "rep $rep: iops is fio's" "$(v fio_read iops)" "$(jq '.jobs[0].read.iops' "$f")"
	is "rep $rep: clat p50 is fio's" "$(v fio_read clat_p50)" "$(jq '.jobs[0].read.clat_ns.percentile["50.000000"]' "$f")"
	is "rep $rep: IOs are fio's" "$(v fio_read ios)" "$(jq '.jobs[0].read.total_ios' "$f")"
	is "rep $rep: sys CPU is fio's" "$(v fio sys_cpu)" "$(jq '.jobs[0].sys_cpu' "$f")"
	ios=$(jq '.jobs[0].read.total_ios' "$f")
	rq=$(v "block_rq.$major:$minor" count)
	# the window covers fio's whole life: every IO fio counted, and at most
	# the few it issued but did not count (time_based cut-off), were traced
	check "rep $rep: block_rq on $loop ($rq) covers fio's $ios IOs" \
		test "${rq:-0}" -ge "$ios" -a "${rq:-0}" -le $((ios + ios / 50 + 64))
	if [ -n "$perf_ev" ]; then
		like "rep $rep: perf task-clock recorded" "$(v perf task-clock)" '^[0-9.]+$'
	else
		skip "perf stat does not work here"
	fi
done
check "the generated job file is kept" grep -qx "filename=$loop" "$dir/raw/rr/job.fio"
check "block_rq histogram of the cell" test -s "$dir/hist/rr/block_rq.json"
check "raw trace data of rep 0" test -d "$dir/raw/rr/rep0"
is "tracing_on restored" "$(cat "$T/tracing_on")" "$on_before"
is "no smmubench instance left" "$(ls "$T/instances" | grep -c '^smmubench')" "$inst_before"
check "the loop device is free (detach works)" losetup -d "$loop"
loop=
done_testing
