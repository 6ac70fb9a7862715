#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# SIGINT during a run: the run directory is marked incomplete (never looks
# complete), fio is stopped, and the tracefs state is what it was before.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v jq >/dev/null || { skip "jq missing (make deps)"; done_testing; }

tmp=$(mktemp -d)
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# --- model target: many runs, interrupted after the first few
cat >"$tmp/model.conf" <<'CONF'
[global]
label = intr
repeat = 50
[workload d]
type = dmabench
threads = 1, 4
duration_ms = 2
CONF
(cd "$tmp" && exec "$SMMUBENCH" run -q model.conf >"$tmp/model.out" 2>"$tmp/model.err") &
pid=$!
sleep 2
kill -INT $pid
wait $pid
is "model: exit status 130 after SIGINT" "$?" 130
like "model: it says the run is incomplete" "$(cat "$tmp/model.out")" \
	'^results: results/[0-9]{8}-[0-9]{6}-intr\.incomplete \(incomplete\)$'
is "model: one run directory, marked incomplete" "$(ls "$tmp/results")" \
	"$(ls "$tmp/results" | grep '^[0-9]\{8\}-[0-9]\{6\}-intr\.incomplete$')"
d=$(ls -d "$tmp"/results/*.incomplete 2>/dev/null | head -1)
is "model: meta.json status" "$(jq -r .status "$d/meta.json" 2>/dev/null)" incomplete
is "model: no hidden temporary directory left" "$(ls -A "$tmp/results" | grep -c '^\.')" 0
check "model: results.jsonl kept what was measured" test -s "$d/results.jsonl"

# --- hw target: fio on a loop device, interrupted in the middle of fio
if ! need_root; then skip "hw: needs root"; done_testing; fi
T=$(tracefs_dir)
if [ -z "$T" ] || ! command -v fio >/dev/null || ! command -v losetup >/dev/null; then
	skip "hw: needs tracefs, fio and losetup"
	done_testing
fi
truncate -s 64M "$tmp/img"
loop=$(losetup --direct-io=on -f --show "$tmp/img") || { skip "losetup failed"; done_testing; }
cat >"$tmp/hw.conf" <<CONF
[global]
label = hwintr
repeat = 3
warmup = 0
[target]
type = hw
[workload rr]
type = fio
bs = 4k
size = 32m
duration_ms = 30000
filename = $loop
CONF
on_before=$(cat "$T/tracing_on")
kb_before=$(cat "$T/buffer_size_kb")
clock_before=$(cat "$T/trace_clock")
events_before=$(cat "$T/set_event" | sort | md5sum)
inst_before=$(ls "$T/instances" | grep -c '^smmubench')
start=$(date +%s)
(cd "$tmp" && exec "$SMMUBENCH" run -q hw.conf >"$tmp/hw.out" 2>"$tmp/hw.err") &
pid=$!
sleep 3
kill -INT $pid
wait $pid
rc=$?
took=$(( $(date +%s) - start ))
is "hw: exit status 130 after SIGINT" "$rc" 130
check "hw: stopped well before fio's 30 s ($took s)" test "$took" -lt 20
like "hw: it says the run is incomplete" "$(cat "$tmp/hw.out")" 'hwintr\.incomplete \(incomplete\)$'
d=$(ls -d "$tmp"/results/*hwintr.incomplete 2>/dev/null | head -1)
is "hw: meta.json status" "$(jq -r .status "$d/meta.json" 2>/dev/null)" incomplete
is "hw: no fio left running" "$(pgrep -f "filename=$loop|$tmp/results" | wc -l)" 0
is "hw: tracing_on restored" "$(cat "$T/tracing_on")" "$on_before"
is "hw: buffer_size_kb restored" "$(cat "$T/buffer_size_kb")" "$kb_before"
is "hw: trace_clock restored" "$(cat "$T/trace_clock")" "$clock_before"
is "hw: set_event restored" "$(cat "$T/set_event" | sort | md5sum)" "$events_before"
is "hw: no smmubench instance left" "$(ls "$T/instances" | grep -c '^smmubench')" "$inst_before"
check "hw: the loop device is free (detach works)" losetup -d "$loop"
loop=
done_testing
