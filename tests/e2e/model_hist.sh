#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Aggregated mode (hyp-instrumentation/README.md): the model's EL2 keeps a
# histogram per op and CPU and reads it out as smmu_hist records; the
# collector merges them into the ops the per-event path builds. With the
# observer cost of both modes set to 0 ns (a profile copy), the two modes
# run the same virtual timeline, so every aggregated op must come out with
# the very same buckets, count, min, max, sum and percentiles, per CPU.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v jq >/dev/null || { skip "jq not installed (make deps)"; done_testing; }

# morello with hyp_event_ns = hyp_hist_ns = 0
awk '/^\[/ { sec = $0 } { if ((sec == "[hyp_event_ns]" || sec == "[hyp_hist_ns]") && /^value/) print "value = 0"; else if ((sec == "[hyp_event_ns]" || sec == "[hyp_hist_ns]") && /^range/) print "range = 0..0"; else print }' \
	bench/model/profiles/morello.conf >"$tmp/zero.conf"

# the ops aggregated at EL2, as the per-event path names them
aggr='["smmu_map","smmu_unmap","smmu_map_sg","smmu_tlbi.range_pages","smmu_sync","smmu_cmdq_trap","smmu_cmdq_trap.wait_ns","smmu_mmio_trap","smmu_ste","smmu_s2_idmap"]'

# run NAME MODE ARGS...: the model in MODE, then stat --json on its pages
run() {
	local name=$1 mode=$2
	shift 2
	"$SMMUBENCH" model -p "$tmp/zero.conf" --events --hyp-events "$mode" -o "$tmp/$name.$mode" \
		"$@" >"$tmp/$name.$mode.txt" || return 1
	"$SMMUBENCH" stat --json -s "raw:$tmp/$name.$mode/remotes/hypervisor" -- true \
		>"$tmp/$name.$mode.json" 2>"$tmp/$name.$mode.err"
}

# ops NAME MODE: the aggregated ops' histograms (all CPUs and per CPU), sorted
ops() {
	jq -S --argjson aggr "$aggr" '[.ops[] | select(.name as $n | $aggr | index($n)) |
		{name, unit, count, hist, per_cpu}] | sort_by(.name)' "$tmp/$1.$2.json"
}

for c in "paravirt4k:-d paravirt -t 2 --duration-ms 4" \
	 "paravirt1m:-d paravirt -t 4 -g 256 --duration-ms 4" \
	 "paravirt_sg:-d paravirt -w block --bs 65536 --iodepth 4 --map-sg --duration-ms 4" \
	 "nested:-d nested -t 2 --duration-ms 4"; do
	name=${c%%:*}
	# shellcheck disable=SC2086
	if ! run "$name" per-event ${c#*:} || ! run "$name" hist ${c#*:}; then
		fail "$name: model or stat failed: $(cat "$tmp/$name".*.err 2>/dev/null | head -3)"
		continue
	fi
	pe=$(ops "$name" per-event)
	hi=$(ops "$name" hist)
	n=$(jq length <<<"$hi")
	check "$name: hist mode has every aggregated op the per-event run has ($n)" \
		[ "$(jq -c 'map(.name)' <<<"$pe")" = "$(jq -c 'map(.name)' <<<"$hi")" -a "$n" -ge 3 ]
	if [ "$pe" = "$hi" ]; then
		ok "$name: buckets, count, min, max, sum and percentiles equal per-event's, per CPU"
	else
		fail "$name: hist mode's histograms differ from per-event's"
		diff <(echo "$pe") <(echo "$hi") | head -10 | sed 's/^/# /'
	fi
	is "$name: no loss in hist mode" "$(jq '.lost_events' "$tmp/$name.hist.json")" 0
	# the readout holds one record per non-empty bucket: per-event's bucket count, every CPU
	want=$(jq '[.[] | .per_cpu[] | .buckets | length] | add' <<<"$pe")
	got=$(grep -o 'read out as [0-9]* smmu_hist' "$tmp/$name.hist.txt" | grep -o '[0-9]*')
	is "$name: smmu_hist records = non-empty per-CPU buckets of the per-event run" "$got" "$want"
done

# the remote's text pipe (trace_pipe lines "smmu_hist op=0 cpu=0 bucket=...")
# decodes to the same histograms as its raw pages
"$SMMUBENCH" stat --json -s "remote:$tmp/nested.hist/remotes/hypervisor" -- true \
	>"$tmp/nested.text.json" 2>/dev/null
is "nested: smmu_hist from the text pipe = from the raw pages" \
	"$(ops nested text | md5sum)" "$(ops nested hist | md5sum)"

# the counts read out equal the workload's own (dma_map_benchmark's map and unmap calls)
for op in map unmap; do
	want=$(grep -o "^op $op *count [0-9]*" "$tmp/paravirt4k.hist.txt" | grep -o '[0-9]*$')
	got=$(jq --arg n "smmu_$op" '.ops[] | select(.name == $n) | .count' "$tmp/paravirt4k.hist.json")
	is "paravirt4k: smmu_$op count from smmu_hist = the workload's $op calls" "$got" "$want"
done

# with the real profile, an op pays hyp_hist_ns (15 ns) per value instead of
# hyp_event_ns (40 ns) per event: a 4K paravirt map writes hyp_enter, smmu_map,
# hyp_exit (3 x 40 = 120 ns) but bins one value (15 ns)
p50() { grep -o '^dist map .*p50=[0-9]*' | grep -o '[0-9]*$'; }
off=$("$SMMUBENCH" model -d paravirt --events --hyp-events off --duration-ms 4 | p50)
pe=$("$SMMUBENCH" model -d paravirt --events --hyp-events per-event --duration-ms 4 | p50)
hi=$("$SMMUBENCH" model -d paravirt --events --hyp-events hist --duration-ms 4 | p50)
is "paravirt 4K map p50: per-event = off + 120 ns" "$pe" "$((off + 120))"
is "paravirt 4K map p50: hist = off + 15 ns" "$hi" "$((off + 15))"

# smmubench run with [model] hyp_events = hist: the measured runs aggregate at
# EL2, every repetition also runs off and per-event, and the report's
# observer-effect table shows the three with their ratios to off
cat >"$tmp/hist.conf" <<'CONF'
[global]
label = hist
results = results
repeat = 2
warmup = 0
[target]
type = model
[model]
designs = paravirt, native
hyp_events = hist
[workload dmabench]
type = dmabench
granule = 1
threads = 1
duration_ms = 2
CONF
out=$(cd "$tmp" && "$SMMUBENCH" run -q hist.conf 2>"$tmp/run.err")
is "run with hyp_events = hist exits 0" "$?" 0
dir=$tmp/$(printf '%s\n' "$out" | sed -n 's/^results: \(.*\) (complete)$/\1/p')
rows=$dir/results.jsonl
for m in p50_events_off p50_hyp_per_event p50_hyp_hist; do
	is "every repetition of each cell has $m for map and unmap" \
		"$(jq -s --arg m "$m" '[.[] | select(.metric == $m and (.op == "map" or .op == "unmap"))] | length' "$rows")" 8
done
# the measured runs were aggregated: their smmu_map count is the workload's map calls
is "paravirt: smmu_map from smmu_hist == the model's map calls, every repetition" \
	"$(jq -s -r 'group_by(.rep)[] | map(select(.cell | startswith("paravirt"))) |
		(map(select(.op == "smmu_map" and .metric == "count"))[0].value) ==
		(map(select(.op == "model" and .metric == "map_calls"))[0].value)' "$rows" | sort -u)" true
# paravirt 4K map: per-event pays 3 x 40 ns, hist 1 x 15 ns, on the same seed
is "paravirt map: p50 per-event - off = 120 ns, every repetition" \
	"$(jq -s -r 'map(select(.cell | startswith("paravirt")) | select(.op == "map")) | group_by(.rep)[] |
		(map(select(.metric == "p50_hyp_per_event"))[0].value) -
		(map(select(.metric == "p50_events_off"))[0].value)' "$rows" | sort -u)" 120
# (p50 rows are bucket midpoints: 4 ns wide between 256 and 511 ns, so 15 +- 4)
is "paravirt map: p50 hist - off = 15 ns within a bucket, every repetition" \
	"$(jq -s -r 'map(select(.cell | startswith("paravirt")) | select(.op == "map")) | group_by(.rep)[] |
		(map(select(.metric == "p50_hyp_hist"))[0].value) -
		(map(select(.metric == "p50_events_off"))[0].value) | . >= 11 and . <= 19' "$rows" | sort -u)" true
"$SMMUBENCH" report -o "$tmp/rep" "$dir" >/dev/null 2>&1
obs=$(sed -n '/Observer effect/,/^The model charges/p' "$tmp/rep/report.md")
like "the report's observer-effect table has the aggregated mode" "$obs" "p50 aggregated \(hist\).*hist / off"
like "... a paravirt map row with both ratios" "$obs" "\| *paravirt *\| *map *\|.*\| *1\.[0-9]{3}x *\| *1\.0[0-9]{2}x *\|"
like "... native unchanged by either" "$obs" "\| *native *\| *map *\|.*\| *1\.000x *\| *1\.000x *\|"

out=$("$SMMUBENCH" model -d native --events --hyp-events bogus 2>&1)
is "--hyp-events with an unknown mode exits 2" "$?" 2
like "... naming the modes" "$out" "per-event,hist,off"
done_testing
