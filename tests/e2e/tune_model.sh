#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smmubench tune on the model: 1 MiB unmaps (256 pages) with 1 and 4 threads.
# Expected by hand, from the kernel's rules, not from a run:
#   - without range invalidation an unmap sends 256 TLBI_NH_VA (256 pages is
#     under CMDQ_MAX_TLBI_OPS, 512), with RIL one range TLBI (NUM 0, SCALE 8):
#     the morello profile has no RIL, so every design's fastest safe policy
#     turns ril on, and stays strict: one CMD_SYNC per unmap, no window;
#   - native lazy sends no TLBI per unmap at all (an ASID-wide one per
#     flush): under a window bound it beats strict; its window is not 0;
#   - a safe policy exists for every cell: exit 0.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null; then
	skip "jq missing (make deps installs it)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/t.conf" <<CONF
[global]
results = $tmp/results
repeat = 3
[model]
designs = native, paravirt, nested
[workload unmap1m]
type = dmabench
granule = 256
threads = 1, 4
duration_ms = 2
CONF

out=$("$SMMUBENCH" tune -q -W 50000 unmap1m "$tmp/t.conf")
is "tune exits 0 (a safe policy for every cell)" "$?" 0
dir=$(ls -d "$tmp"/results/*-tune-unmap1m 2>/dev/null | head -1)
check "a run directory <date>-tune-unmap1m" test -d "$dir"
j="$dir/tune.json"
check "with tune.json" test -s "$j"
is "six cells: 3 designs x threads 1, 4" "$(jq '.groups | length' "$j")" 6
for d in native paravirt nested; do
	for t in 1 4; do
		g=".groups[] | select(.cell == \"$d.unmap1m.threads=$t\")"
		is "$d $t thread(s): the fastest safe policy turns RIL on" \
			"$(jq -r "$g | .fastest_safe.policy | test(\"ril=on\")" "$j")" true
		is "$d $t thread(s): ... strict, no window" \
			"$(jq -r "$g | .fastest_safe | \"\(.safe) \(.deferred) \(.window_max_ns)\"" "$j")" "true false 0"
		is "$d $t thread(s): ... one CMD_SYNC per unmap" \
			"$(jq -r "$g | .fastest_safe.syncs_per_unmap | . >= 1 and . < 1.2" "$j")" true
		# 255 of 256 TLBIs gone: well over 2x on a 1 MiB unmap
		is "$d $t thread(s): ... faster than bench.conf's policy by over 2x" \
			"$(jq -r "$g | .gain > 2 and .gain_ci_lo > 2" "$j")" true
	done
	like "$d: the table marks the Pareto front and the picks" "$out" "## $d.unmap1m.threads=1"
done
# without RIL (the morello board has none) paravirt's best is still one CMD_SYNC per unmap:
# more syncs only add waits (cmds_per_sync = 1: 256 of them)
is "paravirt 1 thread without RIL: no RIL, one CMD_SYNC per unmap" \
	"$(jq -r '.groups[] | select(.cell == "paravirt.unmap1m.threads=1") | .fastest_safe_without_ril | "\(.policy | test("ril=off")) \(.syncs_per_unmap < 1.2)"' "$j")" "true true"
is "native, window under 50 ms: lazy wins" \
	"$(jq -r '.groups[] | select(.cell == "native.unmap1m.threads=1") | .fastest_within_window | "\(.policy | test("lazy=1")) \(.deferred) \(.window_max_ns > 0)"' "$j")" "true true true"
like "the settings: bench.conf keys" "$out" "    ril = on"
like "the settings: the paravirt kernel command line" "$out" "hw kernel command line: arm_smmu_v3_kvm.tlbi_per_sync=0"
like "the settings: native lazy is iommu.strict=0" "$out" "hw kernel command line: iommu.strict=0"
like "the window bound in us" "$out" "fastest with window <= 50000 us:"
like "the gain carries its interval" "$out" "gain over bench.conf's policy \(bench.conf\): [0-9.]+x p50 \[[0-9.]+, [0-9.]+\] \(bootstrap 95%\)"
"$SMMUBENCH" report -o "$tmp/rep" "$dir" >/dev/null 2>&1
is "smmubench report reads the run directory" "$?" 0
"$SMMUBENCH" compare "$dir" "$dir" >/dev/null 2>&1
is "smmubench compare reads it" "$?" 0

md="$tmp/rep/report.md"
for c in native.unmap1m.threads=1 paravirt.unmap1m.threads=4 nested.unmap1m.threads=1; do
	check "the report has a Pareto plot of $c" grep -q "Pareto plot of $c (" "$md"
done

# a sweep's table carries the oracle's verdict: 16 pages, no RIL: 16 TLBIs per unmap,
# a CMD_SYNC every N of them: 16, 2 and 1 per unmap (plus attach's and detach's
# two over the whole run: 2.0x), each strict and safe
cat >"$tmp/s.conf" <<CONF
[global]
results = $tmp/sweep
repeat = 2
warmup = 0
[model]
designs = paravirt
[workload u]
type = dmabench
granule = 16
duration_ms = 1
matrix = 0
[sweep b]
knob = cmds_per_sync
values = 1, 8, 64
CONF
"$SMMUBENCH" sweep -q b "$tmp/s.conf" >/dev/null 2>&1
is "the sweep runs" "$?" 0
"$SMMUBENCH" report -o "$tmp/srep" "$tmp"/sweep/* >/dev/null 2>&1
srep=$(cat "$tmp/srep/report.md")
like "the sweep table has safety and window columns" "$srep" "\| knob value \| design \| unmap p50 \| CMD_SYNCs per unmap \| safety \(oracle\) \| exposure window max \|"
like "cmds_per_sync=1: 16 syncs per unmap, safe" "$srep" "\| cmds_per_sync=1 \| paravirt \| [^|]+ \| 16(\.[0-9]+)? syncs/unmap \| safe \(strict\) \| 0 ns \|"
like "cmds_per_sync=8: 2 syncs per unmap, safe" "$srep" "\| cmds_per_sync=8 \| paravirt \| [^|]+ \| 2(\.0[0-9])? syncs/unmap \| safe \(strict\) \| 0 ns \|"

# over a budget: coordinate descent still finds RIL on
out=$("$SMMUBENCH" tune -q --json -b 4 -l budget unmap1m "$tmp/t.conf")
is "--budget 4: exits 0" "$?" 0
is "--budget 4: coordinate descent" "$(printf '%s' "$out" | jq -r '.groups[0].search')" descent
is "--budget 4: paravirt 1 thread still picks RIL on" \
	"$(printf '%s' "$out" | jq -r '.groups[] | select(.cell == "paravirt.unmap1m.threads=1") | .fastest_safe.policy | test("ril=on")')" true

out=$("$SMMUBENCH" tune -q nope "$tmp/t.conf" 2>&1)
is "an unknown workload exits 2" "$?" 2
like "... and says so" "$out" "has no \[workload nope\]"
printf '[target]\ntype = hw\n[workload w]\ntype = dmabench\n' >"$tmp/hw.conf"
out=$("$SMMUBENCH" tune -q w "$tmp/hw.conf" 2>&1)
is "a hw target exits 2" "$?" 2
like "... one boot per knob value" "$out" "one boot per value"
out=$("$SMMUBENCH" tune --help)
like "--help" "$out" "usage: smmubench tune"
done_testing
