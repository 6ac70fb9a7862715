#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# LAVA without LAVA (issue 16): a model run printed as lava-test-case lines
# (smmubench lava-cases), run through a stand-in lava-test-case (--exec),
# and read back by `smmubench ingest --lava` from the lines, from LAVA
# TESTCASE signals written here by awk and from a results YAML as the
# server exports it; the rows must come back as the run wrote them (jq
# compares), and bad input must be named by file and line.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/bench.conf" <<CONF
[global]
label = lava-e2e
results = $tmp/results
repeat = 2
warmup = 1
[target]
type = model
[model]
profile = $root/bench/model/profiles/morello.conf
designs = native, paravirt
[workload dmabench]
type = dmabench
granule = 1, 256
threads = 1
duration_ms = 5
CONF
"$SMMUBENCH" run -q "$tmp/bench.conf" >"$tmp/run.out" 2>&1
is "model run" "$?" 0
run=$(ls -d "$tmp"/results/2*)
rows() { jq -c '[.cell, .design, .workload, .rep, .op, .metric, .unit, .value]' "$1/results.jsonl" | sort; }
rows "$run" >"$tmp/want"

like "lava-cases --help" "$("$SMMUBENCH" lava-cases --help)" '^usage: smmubench lava-cases'
"$SMMUBENCH" lava-cases "$tmp/results" >"$tmp/cases.txt" 2>"$tmp/cases.err"
is "lava-cases on the results directory (its newest run): exit 0" "$?" 0
is "one KPI case per results.jsonl row" "$(grep -c '^lava-test-case smmubench\.kpi\.' "$tmp/cases.txt")" \
	"$(wc -l <"$run/results.jsonl")"
is "every name in LAVA's charset [A-Za-z0-9_.-]" \
	"$(awk '$2 !~ /^[A-Za-z0-9_.-]+$/' "$tmp/cases.txt" | wc -l)" 0
is "every word without blanks, quotes, = or shell characters" \
	"$(grep -c "[\"'=\$\`;&|<>()\\\\]" "$tmp/cases.txt")" 0
# the cell native.dmabench.granule... of bench/runner.c, by hand: '.' = _2e
like "a KPI line as LAVA wants it" "$(cat "$tmp/cases.txt")" \
	'lava-test-case smmubench\.kpi\.native_2edmabench[A-Za-z0-9_-]*\.0\.[A-Za-z0-9_-]+\.p50 --result pass --measurement [0-9.e+-]+ --units ns'

# --exec: one lava-test-case per case, argv as given (a stand-in records it)
mkdir "$tmp/bin"
printf '#!/bin/sh\necho "$#:$*" >> %s/exec.log\n' "$tmp" >"$tmp/bin/lava-test-case"
chmod +x "$tmp/bin/lava-test-case"
PATH=$tmp/bin:$PATH "$SMMUBENCH" lava-cases --exec lava-test-case "$run" >/dev/null 2>"$tmp/exec.err"
is "lava-cases --exec: exit 0" "$?" 0
is "one exec per case" "$(wc -l <"$tmp/exec.log")" "$(wc -l <"$tmp/cases.txt")"
is "the exec'd arguments are the printed words" "$(sed 's/^[0-9]*://' "$tmp/exec.log")" \
	"$(sed 's/^lava-test-case //' "$tmp/cases.txt")"
"$SMMUBENCH" lava-cases --exec /nonexistent/lava-test-case "$run" >/dev/null 2>"$tmp/exec.err"
is "lava-cases --exec with no such program: exit 1" "$?" 1

# back, from the command lines
"$SMMUBENCH" ingest --lava "$tmp/cases.txt" -o "$tmp/back" --db "$tmp/r.db" --device board-7 \
	--job-id 77 >"$tmp/ingest.out" 2>&1
is "ingest --lava the lines: exit 0" "$?" 0
back=$(sed -n 's/^run *\([^ ]*\) .*/\1/p' "$tmp/ingest.out")
rows "$back" >"$tmp/got"
check "the rows come back as the run wrote them ($(wc -l <"$tmp/want") rows)" cmp -s "$tmp/want" "$tmp/got"
meta() { jq -r "$2" "$1/meta.json"; }
is "the run's kernel comes back" "$(meta "$back" .kernel.release)" "$(meta "$run" .kernel.release)"
is "the run's cells come back" "$(meta "$back" '.cells | tostring')" "$(meta "$run" '.cells | tostring')"
is "its run_id is the run's (ingest stays idempotent)" "$(meta "$back" .run_id)" "$(meta "$run" .run_id)"
is "board: the LAVA device" "$(meta "$back" .board)" board-7
is "lava_job_id" "$(meta "$back" .lava_job_id)" 77
is "start_epoch_s comes back" "$(meta "$back" .start_epoch_s)" "$(meta "$run" .start_epoch_s)"
like "it is in results.db" "$(cat "$tmp/ingest.out")" '1 runs added'
"$SMMUBENCH" dashboard --db "$tmp/r.db" -o "$tmp/dash" >/dev/null 2>&1
is "the dashboard builds from it" "$?" 0
like "the dashboard lists the device" "$(cat "$tmp/dash/index.json")" '"board-7"'

# back, from TESTCASE signals (written by awk, as lava-test-case would)
awk '{ s = "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=" $2 " RESULT=" $4;
       if ($5 == "--measurement") s = s " UNITS=" $8 " MEASUREMENT=" $6;
       print "[ 12.5] " s ">" }' "$tmp/cases.txt" >"$tmp/console.log"
"$SMMUBENCH" ingest --lava "$tmp/console.log" -o "$tmp/back2" --db "$tmp/r2.db" >"$tmp/i2.out" 2>&1
is "ingest --lava signals: exit 0" "$?" 0
rows "$(sed -n 's/^run *\([^ ]*\) .*/\1/p' "$tmp/i2.out")" >"$tmp/got2"
check "signals: the rows come back as the run wrote them" cmp -s "$tmp/want" "$tmp/got2"

# back, from a results YAML as the server exports it (awk again), in a directory
mkdir "$tmp/job"
awk 'BEGIN { print "- name: lava-test-shell\n  job: \"9001\"\n  result: pass\n  measurement: None\n  unit: \"\"" }
     { print "- name: " $2 "\n  job: \"9001\"\n  suite: 0_smmubench\n  result: " $4;
       if ($5 == "--measurement") print "  measurement: \"" $6 "\"\n  unit: \"" $8 "\"" }' \
	"$tmp/cases.txt" >"$tmp/job/results.yaml"
"$SMMUBENCH" ingest --lava "$tmp/job" -o "$tmp/back3" --db "$tmp/r3.db" >"$tmp/i3.out" 2>&1
is "ingest --lava DIR (results.yaml): exit 0" "$?" 0
back3=$(sed -n 's/^run *\([^ ]*\) .*/\1/p' "$tmp/i3.out")
rows "$back3" >"$tmp/got3"
check "results YAML: the rows come back as the run wrote them" cmp -s "$tmp/want" "$tmp/got3"
is "results YAML: the job id from it" "$(meta "$back3" .lava_job_id)" 9001

# bad input: named by file and line, no run directory left behind
bad() { # name text expected-message-ERE
	printf '%s' "$2" >"$tmp/$1"
	"$SMMUBENCH" ingest --lava "$tmp/$1" -o "$tmp/bad" --db "$tmp/bad.db" >"$tmp/bad.out" 2>"$tmp/bad.err"
	is "$1: exit 1" "$?" 1
	like "$1: the error says where" "$(cat "$tmp/bad.err")" "$3"
}
head -30 "$tmp/cases.txt" >"$tmp/head.txt"
kpi=$(grep -n '^lava-test-case smmubench\.kpi\.' "$tmp/head.txt" | head -1 | cut -d: -f1)
bad nounits.txt "$(sed "${kpi}s/ --units .*//" "$tmp/head.txt")" "nounits\.txt:$kpi: test case .*: a KPI needs a measurement and its units"
bad kind.txt "$(cat "$tmp/head.txt"; echo 'lava-test-case smmubench.nope.x --result pass')" "kind\.txt:31: .*unknown kind smmubench\.nope"
bad cell.txt "$(grep -v 'smmubench\.cell\.' "$tmp/head.txt")" "cell\.txt:[0-9]+: test case .*no smmubench\.cell case declares its cell"
bad esc.txt "$(cat "$tmp/head.txt"; echo 'lava-test-case smmubench.kpi.a_zz.0.m.p --result pass --measurement 1 --units ns')" "esc\.txt:31: .*bad field"
bad meas.txt "$(sed "${kpi}s/--measurement [^ ]*/--measurement 12abc/" "$tmp/head.txt")" "meas\.txt:$kpi: .*measurement '12abc' is not a finite number"
bad none.txt 'lava-test-case other.case --result pass' 'no smmubench test cases'
bad yaml.yaml '- {"lvl": "results", "msg": {"case": "smmubench.meta.x.y", "result": pass' 'yaml\.yaml:[0-9]+: not YAML'
check "no run directory was left by bad input" [ -z "$(ls "$tmp/bad" 2>/dev/null)" ]

# a failed step: the run comes back failed, and stays out of results.db
(cat "$tmp/cases.txt"; echo 'lava-test-case smmubench.step.run --result fail') >"$tmp/failed.txt"
"$SMMUBENCH" ingest --lava "$tmp/failed.txt" -o "$tmp/back4" --db "$tmp/r4.db" >"$tmp/i4.out" 2>"$tmp/i4.err"
is "a failed step: exit 1" "$?" 1
like "a failed step: says so" "$(cat "$tmp/i4.err")" 'failed \(a smmubench\.step case is not pass\)'
is "a failed step: the run directory says failed" "$(jq -r .status "$tmp"/back4/*/meta.json)" failed
check "a failed step: not in results.db" [ ! -s "$tmp/r4.db" ]
done_testing
