#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Damaged run directories (issue 13): a results.jsonl cut mid-line, rows
# with a field missing or of the wrong type, a NaN value, a row of an
# undeclared cell, a corrupt hist/*.json, an unknown format. The good
# rows are reported; every dropped row or file is named by file and line on
# stderr, in the report (red) and in compare's header, never silently.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx_runs "$tmp"
d=$tmp/hw-native
n=$(wc -l <"$d/results.jsonl")
# line n+1: no unit; n+2: rep not a number; n+3: NaN; n+4: a cell meta.json
# does not declare; n+5: cut mid-line
printf '{"cell":"dmabench.granule=1","design":"native","workload":"dmabench","rep":5,"op":"map","metric":"tool_mean","value":1,"n":1}\n' >>"$d/results.jsonl"
_fx_row dmabench.granule=1 native dmabench '"x"' map tool_mean ns 5 1000 >>"$d/results.jsonl"
_fx_row dmabench.granule=1 native dmabench 5 map tool_mean ns NaN 1000 >>"$d/results.jsonl"
_fx_row ghost native dmabench 0 map tool_mean ns 5 1000 >>"$d/results.jsonl"
printf '{"cell":"dmabench.granule=1","design":"nat' >>"$d/results.jsonl"
printf '{"unit":"ns","count":100,\n"buckets":[[1,' >"$d/hist/dmabench.granule=1/tlbi.json"

out=$("$SMMUBENCH" report -o "$tmp/rep" "$d" 2>"$tmp/err")
is "report of a damaged run exits 0 (the good rows are kept)" "$?" 0
err=$(cat "$tmp/err")
like "stderr names the line without a unit" "$err" "results\.jsonl:$((n + 1)): field 'unit'"
like "stderr names the line with a bad rep" "$err" "results\.jsonl:$((n + 2)): field 'rep'"
like "stderr names the NaN line" "$err" "results\.jsonl:$((n + 3)): field 'value'"
like "stderr names the undeclared cell's line" "$err" "results\.jsonl:$((n + 4)): cell 'ghost' is not declared"
like "stderr names the cut line" "$err" "results\.jsonl:$((n + 5)): "
like "stderr counts the rows lost" "$err" "5 rows of results\.jsonl dropped"
like "stderr names the corrupt histogram" "$err" "hist/dmabench\.granule=1/tlbi\.json:2: "
md=$(cat "$tmp/rep/report.md" 2>/dev/null)
like "the report names the cut line" "$md" "results\.jsonl:$((n + 5)): "
like "the report names the corrupt histogram" "$md" "hist/dmabench\.granule=1/tlbi\.json:2: "
like "the report counts the rows lost" "$md" "5 rows of results\.jsonl dropped"
like "the good rows are still reported" "$md" '\| 4K, 1 thread \| native \| 0\.1 us \| 0\.7 us \|'
like "in red in the HTML" "$(cat "$tmp/rep/index.html" 2>/dev/null)" \
	'<p class="warn">[^<]*hist/dmabench\.granule=1/tlbi\.json:2: '

fx_pair "$tmp/a" a 0
fx_pair "$tmp/b" b 0
printf '{"cell":"fio4k","des' >>"$tmp/b/results.jsonl"
out=$("$SMMUBENCH" compare "$tmp/a" "$tmp/b" 2>"$tmp/err")
like "compare's header names the cut line" "$out" "^# WARNING: .*results\.jsonl:17: "
like "and stderr" "$(cat "$tmp/err")" "results\.jsonl:17: "

# NaN lost events used to be summed as 2^63 events
fx_pair "$tmp/c" c 0
_fx_row "" "" "" 0 lost lost_events events NaN 1 >>"$tmp/c/results.jsonl"
out=$("$SMMUBENCH" compare "$tmp/a" "$tmp/c" 2>&1)
if printf '%s' "$out" | grep -q 9223372036854775808; then
	fail "a NaN lost count is not summed as 2^63 events"
else
	ok "a NaN lost count is not summed as 2^63 events"
fi
like "and it is named" "$out" "results\.jsonl:17: field 'value'"

# a format this reader does not know is refused, naming meta.json's line
fx_pair "$tmp/v" v 0
sed -i 's/"format_version": 1/"format_version": 2/' "$tmp/v/meta.json"
out=$("$SMMUBENCH" report -o "$tmp/rep2" "$tmp/v" 2>&1)
is "unknown format_version: report exits 1" "$?" 1
like "naming meta.json and its line" "$out" "meta\.json:1: format_version 2"
done_testing
