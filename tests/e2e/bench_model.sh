#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The shipped bench.conf end to end on the model, with shorter runs (2 ms of
# virtual time, 2 repetitions, no warm-up): a complete run directory whose
# trace-derived numbers match the model's own counters.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)

if ! command -v jq >/dev/null; then
	skip "jq missing (make deps installs it)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed 's/^duration_ms = [0-9]*$/duration_ms = 2/' "$root/bench.conf" >"$tmp/bench.conf"
is "the reduced conf differs only in durations" \
	"$(diff "$root/bench.conf" "$tmp/bench.conf" | grep -c "^>")" 3

# 3 designs x (dmabench 2 granules x 2 thread counts + randread) + sweep 3 values x 2 designs
out=$("$SMMUBENCH" run -n "$tmp/bench.conf")
like "dry run counts the cells" "$out" "^# 21 cells x \(1 warm-up \+ 5 runs\) on target model"
like "the RFC v2 grid is there" "$out" "paravirt\.dmabench\.threads=4\.granule=256 +threads=4 granule=256"

out=$(cd "$tmp" && "$SMMUBENCH" run -q --repeat 2 --warmup 0 bench.conf 2>"$tmp/err")
rc=$?
is "run exits 0" "$rc" 0
like "it says where the results are" "$out" "^results: results/[0-9]{8}-[0-9]{6}-default \(complete\)$"
dir=$tmp/$(printf '%s\n' "$out" | sed -n 's/^results: \(.*\) (complete)$/\1/p')
check "the run directory exists" test -f "$dir/meta.json"
is "no temporary directory is left" "$(ls -a "$tmp/results" | grep -c 'tmp$')" 0
is "meta.json status" "$(jq -r .status "$dir/meta.json")" complete
is "meta.json target" "$(jq -r .target "$dir/meta.json")" model
is "meta.json designs" "$(jq -r '.designs | join(",")' "$dir/meta.json")" "native,paravirt,nested"
is "meta.json keeps bench.conf as run" "$(jq -r .conf_text "$dir/meta.json")" "$(cat "$tmp/bench.conf")"
is "21 cells in meta.json" "$(jq '.cells | length' "$dir/meta.json")" 21
is "no lost events" "$(jq .lost_events "$dir/meta.json")" 0
is "no errors" "$(jq .errors "$dir/meta.json")" 0
is "sweep cell params name the knob" \
	"$(jq -r '.cells[] | select(.name == "nested.unmap1m.tlbi_batch=8") | .params' "$dir/meta.json")" \
	"threads=1 granule=256 cmds_per_sync=8"

rows=$dir/results.jsonl
# per (cell, rep): the collector's counts next to the model's counters
jq -s -r 'group_by(.cell + " " + (.rep|tostring))[] |
	def v(op; m): (map(select(.op == op and .metric == m))[0].value // 0);
	[.[0].cell, .[0].rep, .[0].design,
	 v("trace"; "events"), v("model"; "ev_written") + v("model"; "host_events") +
	 v("model"; "host_probes"),
	 v("smmu_map"; "count"), v("model"; "map_calls"),
	 v("smmu_unmap"; "count"), v("model"; "unmap_calls"),
	 v("smmu_cmdq_trap"; "count"), v("model"; "cmdq_traps"),
	 v("model"; "ev_lost"), v("model"; "ev_written")] | @tsv' "$rows" >"$tmp/pairs"
is "every cell has 2 repetitions" "$(wc -l <"$tmp/pairs")" 42
is "events decoded == EL2 + host events the model wrote (all runs)" \
	"$(awk -F'\t' '$4 != $5' "$tmp/pairs" | wc -l)" 0
is "the model lost no event" "$(awk -F'\t' '$12 != 0' "$tmp/pairs" | wc -l)" 0
is "paravirt: smmu_map events == the model's map calls" \
	"$(awk -F'\t' '$3 == "paravirt" && ($6 != $7 || $6 == 0)' "$tmp/pairs" | wc -l)" 0
is "paravirt: smmu_unmap events == the model's unmap calls" \
	"$(awk -F'\t' '$3 == "paravirt" && ($8 != $9 || $8 == 0)' "$tmp/pairs" | wc -l)" 0
is "nested: smmu_cmdq_trap events == the model's trapped CMDQ_PROD writes" \
	"$(awk -F'\t' '$3 == "nested" && ($10 != $11 || $10 == 0)' "$tmp/pairs" | wc -l)" 0
is "native: no EL2 events" "$(awk -F'\t' '$3 == "native" && $13 != 0' "$tmp/pairs" | wc -l)" 0

# Attribution by nesting: the collector's split of every host map/unmap from
# the events (op "map.el1" ...) against the model's own accounting of where
# that time went as it ran ("model.attr"), within 1%, every cell.
jq -s -r 'group_by(.cell + " " + (.rep|tostring))[] |
	def v(op; m): (map(select(.op == op and .metric == m))[0].value // 0);
	. as $g | ["map", "unmap"][] as $o | ["el1", "transition", "el2", "smmu_wait"][] as $p |
	[$g[0].cell + "#" + ($g[0].rep | tostring), $g[0].design, $o + "." + $p, ($g | v($o + "." + $p; "sum")),
	 ($g | v("model.attr"; $o + "." + $p)),
	 ($g | v($o + ".total"; "sum"))] | @tsv' "$rows" >"$tmp/attr"
is "trace-derived parts == the model's accounting within 1% (native, paravirt, nested)" \
	"$(awk -F'\t' '{ d = $4 - $5; if (d < 0) d = -d; if (d > 0.01 * $5) print }' "$tmp/attr" | wc -l)" 0
for d in paravirt nested; do
	is "$d: the unmaps spend time at EL2 and waiting for the SMMU" \
		"$(awk -F'\t' -v d=$d '$2 == d && ($3 == "unmap.el2" || $3 == "unmap.smmu_wait") && $4 > 0' \
			"$tmp/attr" | sort -u | awk -F'\t' '{ print $3 }' | sort -u | wc -l)" 2
done
is "native: all EL1" "$(awk -F'\t' '$2 == "native" && $3 !~ /el1$/ && $4 != 0' "$tmp/attr" | wc -l)" 0
# the four parts add up to the host op's total (ns clocks: exactly)
is "parts add up to the total" "$(awk -F'\t' '{ k = $1 FS substr($3, 1, index($3, ".")); s[k] += $4; t[k] = $6 }
	END { for (k in s) if (s[k] != t[k]) print k }' "$tmp/attr" | wc -l)" 0
is "nothing failed to nest inside a host op" \
	"$(jq -s '[.[] | select(.op == "attr" and (.metric | startswith("excluded_"))) | .value] | add' "$rows")" 0

# the report's "Cost per IO" comes from those trace rows, for every design
"$SMMUBENCH" report -o "$tmp/rep" "$dir" >/dev/null 2>&1
sed -n '/^## Cost per IO/,/^## [A-Z]/p' "$tmp/rep/report.md" >"$tmp/cost.md"
like "the cost section splits by where the time goes" "$(cat "$tmp/cost.md")" \
	"\| design \| EL1 \| EL1-&gt;EL2 transition \| EL2 \| SMMU wait \| total \|"
for d in native paravirt nested; do
	is "$d: a trace-derived row per dmabench/fio group, agreeing with the model (+0.00 %)" \
		"$(grep -c "^| $d | .* | +0.00 % | 0 |$" "$tmp/cost.md")" 5
done
# the "where the time goes" bars: one per design and op, stacked EL1,
# transition, EL2, SMMU wait, from the trace rows: each bar's parts are the
# op's mean parts, whose sum is the table's map (unmap) column
c=dmabench.threads=1.granule=1
dat=$(ls "$tmp"/rep/plots/*-cost-dmabench_threads_1_granule_1.dat 2>/dev/null | head -1)
check "a cost plot's data for $c" test -s "$dat"
is "a bar per design and op" "$(grep -v '^#' "$dat" | awk '{ print $1, $2 }' | tr -d '"' | sort | tr '\n' '|')" \
	"native map|native unmap|nested map|nested unmap|paravirt map|paravirt unmap|"
for o in map unmap; do
	want=$(jq -s -r --arg c "paravirt.$c" --arg o "$o" '[.[] | select(.cell == $c and
		(.op | startswith($o + ".")) and .op != ($o + ".total") and .metric == "mean")] |
		group_by(.rep) | map(map(.value) | add) | sort | .[(length - 1) / 2 | floor]' "$rows")
	got=$(awk -v b="\"paravirt $o\"" 'index($0, b) == 1 { sub(/^"[^"]*" /, ""); print $1 + $2 + $3 + $4 }' "$dat")
	is "paravirt $o bar: its parts sum to the op's mean from the traces (repetition median)" \
		"$(awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; print (d <= 0.01 * b) }')" 1
done
is "native bars are all EL1" "$(awk '/^"native/ { sub(/^"[^"]*" /, ""); print $2 + $3 + $4 }' "$dat" | sort -u)" 0
like "the bars are in the HTML report" "$(cat "$tmp/rep/index.html")" "EL1 / transition / EL2 / SMMU wait of each map and unmap"


c=paravirt.dmabench.threads=1.granule=1
h=$dir/hist/$c/smmu_map.json
check "histogram of smmu_map for $c" test -f "$h"
sum=$(jq -s '[.[] | select(.cell == "'$c'" and .op == "smmu_map" and .metric == "count") | .value] | add' "$rows")
is "its count is the sum over repetitions" "$(jq .count "$h")" "$sum"
is "its unit" "$(jq -r .unit "$h")" ns
check "histogram of the model's map calls" test -f "$dir/hist/$c/map.json"
check "raw trace data of the first repetition" test -d "$dir/raw/$c/rep0"
is "fio-like cells carry IOPS" \
	"$(jq -s '[.[] | select(.cell == "nested.randread" and .op == "fio_read" and .metric == "iops")] | length' "$rows")" 2
is "dmabench cells carry the tool's own mean (100 ns units)" \
	"$(jq -s '[.[] | select(.op == "map" and .metric == "tool_mean") | .value % 100] | add' "$rows")" 0
done_testing
