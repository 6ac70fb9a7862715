#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# dump/record --perfetto: the Chrome JSON trace-event format (the keys its
# spec requires: traceEvents[], name, ph, ts and dur in us, pid, tid, args),
# a process per CPU with a thread per exception level, complete events.
# 1. A hand-written text remote: the expected slices worked out by hand.
# 2. A paravirt model run: slice counts equal the model's own counters.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null; then
	skip "jq missing (make deps installs it)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

d=$tmp/remote
"$SMMUBENCH" events --remote-dir "$d" --cpus 2 >/dev/null
# cpu1: hyp_enter at 200.000010 s, a 300 ns smmu_map ending at 200.000011,
# hyp_exit at 200.000012; then a hyp_exit with no enter
cat >"$d/per_cpu/cpu1/trace_pipe" <<'TXT'
[001]	  200.000010: hyp_enter reason=1 vcpu=-1
[001]	  200.000011: smmu_map domain=3 ret=0 iova=0x10000 paddr=0x80000000 pgsize=4096 pgcount=1 mapped=4096 dur_ns=300
[001]	  200.000012: hyp_exit reason=1 vcpu=-1
[001]	  200.000020: hyp_exit reason=1 vcpu=-1
TXT
: >"$d/per_cpu/cpu0/trace_pipe"
"$SMMUBENCH" dump --perfetto "$tmp/a.json" "remote:$d" >/dev/null 2>"$tmp/err"
is "dump --perfetto exits 0" "$?" 0
is "top level: displayTimeUnit and a traceEvents array" \
	"$(jq -r '[.displayTimeUnit, (.traceEvents | type)] | join(" ")' "$tmp/a.json")" "ns array"
is "every event has name, ph, pid, tid; every X and i event a ts and args" \
	"$(jq '[.traceEvents[] | select(((has("name") and has("ph") and has("pid") and has("tid")) |
		not) or ((.ph == "X" or .ph == "i") and ((has("ts") and has("args")) | not)))] | length' \
		"$tmp/a.json")" 0
is "every X event has a dur" \
	"$(jq '[.traceEvents[] | select(.ph == "X" and (has("dur") | not))] | length' "$tmp/a.json")" 0
# 200.000010 s = 200000010 us; the op starts 300 ns before 200.000011 s
is "hyp_hvc: 200000010 us for 2 us on cpu1's EL2 track" \
	"$(jq -c '.traceEvents[] | select(.name == "hyp_hvc") | [.ph, .ts, .dur, .pid, .tid]' \
		"$tmp/a.json")" '["X",200000010,2,1,2]'
is "smmu_map: 200000010.7 us for 0.3 us, its fields as args" \
	"$(jq -c '.traceEvents[] | select(.name == "smmu_map") |
		[.ph, .ts, .dur, .pid, .tid, .args.domain, .args.dur_ns, .args.pgcount]' \
		"$tmp/a.json")" '["X",200000010.7,0.3,1,2,3,300,1]'
is "the unpaired exit is an instant" \
	"$(jq -c '.traceEvents[] | select(.name == "hyp_exit without hyp_enter") | [.ph, .ts]' \
		"$tmp/a.json")" '["i",200000020]'
is "cpu1's tracks are named" \
	"$(jq -r '[.traceEvents[] | select(.ph == "M" and .pid == 1) | .args.name] | join(",")' \
		"$tmp/a.json")" "cpu1,EL1 (host),EL2 (hypervisor)"

# the model: paravirt, 2 threads on 2 CPUs
m=$tmp/model
out=$("$SMMUBENCH" model -d paravirt -t 2 --duration-ms 1 --events -o "$m")
maps=$(printf '%s\n' "$out" | sed -n 's/^op map  *count \([0-9]*\) .*/\1/p')
hvcs=$(printf '%s\n' "$out" | sed -n 's/.*hypercalls \([0-9]*\);.*/\1/p')
"$SMMUBENCH" record -s "raw:$m/remotes/hypervisor" -s "raw:$m/host" -o "$tmp/rec" \
	--perfetto "$tmp/b.json" -- true >/dev/null 2>"$tmp/err"
is "record --perfetto exits 0" "$?" 0
is "one process per CPU, each with an EL1 and an EL2 thread" \
	"$(jq -r '[.traceEvents[] | select(.ph == "M") | "\(.pid)/\(.tid)"] | sort | join(" ")' \
		"$tmp/b.json")" "0/0 0/1 0/2 1/0 1/1 1/2"
is "hyp_hvc slices == the model's hypercalls ($hvcs)" \
	"$(jq '[.traceEvents[] | select(.ph == "X" and .name == "hyp_hvc" and .tid == 2)] | length' \
		"$tmp/b.json")" "$hvcs"
is "smmu_map slices on EL2 == the model's maps ($maps)" \
	"$(jq '[.traceEvents[] | select(.ph == "X" and .name == "smmu_map" and .tid == 2)] | length' \
		"$tmp/b.json")" "$maps"
is "dma_map probe-pair slices on EL1 == the model's maps ($maps)" \
	"$(jq '[.traceEvents[] | select(.ph == "X" and .name == "dma_map" and .tid == 1)] | length' \
		"$tmp/b.json")" "$maps"
is "no slice has a negative duration" \
	"$(jq '[.traceEvents[] | select(.ph == "X" and .dur < 0)] | length' "$tmp/b.json")" 0
done_testing
