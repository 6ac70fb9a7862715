#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Regenerates the seed corpora of tests/fuzz/corpus/<harness>/ from our own
# tools: `smmubench model --events` pages and text, a `smmubench run` of the
# model (two labels) and its `smmubench ingest`ed results.db. Each corpus
# stays under 200 KiB. Usage: tests/fuzz/seeds.sh [build/smmubench]
# Needs jq and sqlite3 (make deps). The hand-made bench.conf seeds
# (corpus/conf/*.conf) are kept as they are.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-build/smmubench}")
corpus=$here/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

for h in raw_fast raw_kbuffer textparse rundir resultsdb lava row_scan; do
	rm -rf "${corpus:?}/$h"
	mkdir -p "$corpus/$h"
done

# raw pages and text lines of the model's EL2 events (remotes/hypervisor/)
for d in paravirt nested; do
	"$bin" model -d "$d" -e -o "m-$d" --duration-ms 1 -t 2 --cpus 2 -g 4 >/dev/null
	rd=m-$d/remotes/hypervisor/per_cpu
	# cpu0's page p then cpu1's page p: the harness gives each CPU one half
	for p in 0 1 5 10; do
		{ dd if="$rd/cpu0/trace_pipe_raw" bs=4096 skip=$p count=1 status=none
		  dd if="$rd/cpu1/trace_pipe_raw" bs=4096 skip=$p count=1 status=none; } \
			>"$corpus/raw_fast/$d-page$p"
	done
	# one page on its own (all on cpu1), cut to its first events
	head -c 700 "$rd/cpu0/trace_pipe_raw" >"$corpus/raw_fast/$d-short"
	for c in 0 1; do
		head -n 40 "$rd/cpu$c/trace_pipe" >"$corpus/textparse/$d-cpu$c"
		sed -n '1000,1040p' "$rd/cpu$c/trace_pipe" >"$corpus/textparse/$d-cpu$c-mid"
	done
done
cp "$corpus"/raw_fast/* "$corpus/raw_kbuffer/"
printf 'CPU:1 [LOST 42 EVENTS]\n[001]\t    7.000010: smmu_unmap domain=1 ret=0 iova=0x1000 size=4096 unmapped=4096 dur_ns=3500\n' \
	>"$corpus/textparse/lost"

# a results dir of the model, twice (labels base and new) for the dashboard
cat >tiny.conf <<'CONF'
[global]
results = results
repeat = 3
warmup = 0

[target]
type = model

[model]
designs = native, paravirt

[workload dmabench]
type = dmabench
granule = 1, 16
threads = 1
duration_ms = 1

[workload randread]
type = fio
rw = randread
bs = 4k
iodepth = 4
numjobs = 1
duration_ms = 1

[sweep batch]
knob = cmds_per_sync
values = 1, 8
workloads = dmabench
designs = paravirt
CONF
for l in base new; do
	"$bin" run -q -l "$l" tiny.conf >/dev/null 2>&1
done
# the host's name, kernel and command line stay out of the corpus
for r in results/*; do
	jq '.host = "fuzzhost" | .board = "fuzzboard" | .kernel.release = "6.12.0" |
	    .kernel.version = "#1" | .kernel.cmdline = "console=ttyAMA0" |
	    .conf_text = (.conf_text // "" | .[0:200])' "$r/meta.json" >"$r/meta.tmp"
	mv "$r/meta.tmp" "$r/meta.json"
done
run=$(ls -d results/*-new | head -1)
# one seed per cell: meta.json, its rows (first 40), errors, its histograms
for cell in native.dmabench.granule=1 paravirt.dmabench.granule=16.batch=8 paravirt.randread; do
	{
		cat "$run/meta.json"; printf '\0'
		grep -F "\"cell\":\"$cell\"" "$run/results.jsonl" | head -n 40; printf '\0'
		cat "$run/errors.jsonl"; printf '\0'
		for h in "$run/hist/$cell"/*.json; do
			printf '%s %s\n' "$cell" "$(basename "$h" .json)"; cat "$h"; printf '\0'
		done | head -c 12000
	} >"$corpus/rundir/$cell"
done

# results.jsonl lines, one a seed: a time, a count, a rate, a ratio
for m in p50 count iops ratio; do
	grep -m1 -F "\"metric\":\"$m\"" "$run/results.jsonl" >"$corpus/row_scan/$m" ||
		rm -f "$corpus/row_scan/$m"
done

# the new run as LAVA would give it back: lava-test-case lines, the console's
# TESTCASE signals and a results YAML (as tests/e2e/lava_ingest.sh writes them)
"$bin" lava-cases "$run" | head -n 60 >"$corpus/lava/cases.txt"
awk '{ s = "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=" $2 " RESULT=" $4;
       if ($5 == "--measurement") s = s " UNITS=" $8 " MEASUREMENT=" $6;
       print "[ 12.5] " s ">" }' "$corpus/lava/cases.txt" >"$corpus/lava/console.log"
awk 'BEGIN { print "- name: lava-test-shell\n  job: \"9001\"\n  result: pass" }
     { print "- name: " $2 "\n  job: \"9001\"\n  suite: 0_smmubench\n  result: " $4;
       if ($5 == "--measurement") print "  measurement: \"" $6 "\"\n  unit: \"" $8 "\"" }' \
	"$corpus/lava/cases.txt" >"$corpus/lava/results.yaml"

# results.db of both runs, as the harness's rows: TABLE \t values (\N = NULL)
for r in results/*-base results/*-new; do
	"$bin" ingest --db results.db "$r" >/dev/null
done
dump() {
	sqlite3 -separator $'\t' -nullvalue '\N' results.db "$2" | sed "s/^/$1\t/"
}
for w in dmabench randread; do
	{
		dump runs "SELECT id, run_id, name, path, label, status, target, designs, profile,
			board, host, kernel_release, kernel_cmdline, smmubench_version, gitrev, start,
			start_epoch_s, end, lost_events, errors, '{}', ingested_at FROM runs"
		dump metrics "SELECT * FROM metrics WHERE workload = '$w' AND metric != 'lost_events'
			AND op IN ('map', 'unmap', 'io', 'smmu_sync') LIMIT 48"
		dump hists "SELECT run, cell, op, unit, count, min, max, p50, p90, p99, p99_9, '{}'
			FROM hists WHERE cell LIKE '%$w%' LIMIT 4"
	} >"$corpus/resultsdb/$w"
done

du -sh "$corpus"/*
