#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# hw dmabench where the kernel has no dma_map_benchmark (this machine): the
# run fails cleanly, the error is recorded in the run, nothing is left bound.
# And a hw sweep of a sysfs file: each value written, the original restored.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v jq >/dev/null || { skip "jq missing (make deps)"; done_testing; }
if ! need_root; then skip "needs root"; done_testing; fi
T=$(tracefs_dir)
[ -n "$T" ] || { skip "no tracefs"; done_testing; }

tmp=$(mktemp -d)
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ -e /sys/kernel/debug/dma_map_benchmark ]; then
	skip "this kernel has dma_map_benchmark: the missing-driver path cannot be shown"
else
	cat >"$tmp/d.conf" <<'CONF'
[global]
label = dmahw
repeat = 1
warmup = 0
[target]
type = hw
[workload d]
type = dmabench
threads = 1
CONF
	out=$(cd "$tmp" && timeout -k 5 60 "$SMMUBENCH" run -q d.conf 2>"$tmp/err")
	is "exit status 1 (failed)" "$?" 1
	like "the run directory is marked failed" "$out" '^results: results/[0-9]{8}-[0-9]{6}-dmahw \(failed\)$'
	like "stderr says what to do" "$(cat "$tmp/err")" \
		"\[workload d\] device: not set and /sys/kernel/debug/dma_map_benchmark does not exist; set device = <PCI address>"
	d=$(ls -d "$tmp"/results/*-dmahw)
	is "meta.json status" "$(jq -r .status "$d/meta.json")" failed
	like "the failure is in errors.jsonl" "$(cat "$d/errors.jsonl")" '"cell":"d"'
	cat >>"$tmp/d.conf" <<'CONF'
device = 0000:ff:1f.7
CONF
	out=$(cd "$tmp" && timeout -k 5 60 "$SMMUBENCH" run -q -l dmahw2 d.conf 2>"$tmp/err")
	is "a device that does not exist: exit status 1" "$?" 1
	like "and the message names its sysfs path" "$(cat "$tmp/err")" \
		'/sys/bus/pci/devices/0000:ff:1f.7: No such file or directory: check the device address \(lspci -D\)'
fi

if ! command -v fio >/dev/null || ! command -v losetup >/dev/null; then
	skip "sweep: needs fio and losetup"
	done_testing
fi
truncate -s 16M "$tmp/img"
loop=$(losetup --direct-io=on -f --show "$tmp/img") || { skip "losetup failed"; done_testing; }
knob=/sys/block/$(basename "$loop")/queue/read_ahead_kb
orig=$(cat "$knob")
cat >"$tmp/s.conf" <<CONF
[global]
label = hwsweep
repeat = 1
warmup = 0
[target]
type = hw
events = block:block_rq_issue
[workload r]
type = fio
rw = read
bs = 4k
direct = 0
size = 8m
duration_ms = 100
filename = $loop
matrix = 0
[sweep ra]
path = $knob
values = 0, 16
CONF
out=$("$SMMUBENCH" sweep -n ra "$tmp/s.conf")
like "two sweep cells" "$out" '^# 2 cells x \(0 warm-up \+ 1 runs\) on target hw'
out=$(cd "$tmp" && timeout -k 5 120 "$SMMUBENCH" sweep -q ra s.conf 2>"$tmp/err")
is "sweep exits 0" "$?" 0
d=$(ls -d "$tmp"/results/*-hwsweep 2>/dev/null)
is "cells and their params" "$(jq -r '.cells[] | .name + " " + .params' "$d/meta.json" 2>/dev/null)" \
"r.ra=0 bs=4k iodepth=1 numjobs=1 $knob=0
r.ra=16 bs=4k iodepth=1 numjobs=1 $knob=16"
is "the knob is written back ($knob)" "$(cat "$knob")" "$orig"
is "block_rq_issue counted in both cells" \
	"$(jq -s '[.[] | select(.op == "block:block_rq_issue" and .metric == "count" and .value > 0)] | length' "$d/results.jsonl")" 2
done_testing
