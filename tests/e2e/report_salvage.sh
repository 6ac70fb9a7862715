#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Damaged run directories (issue 13): a results.jsonl cut mid-line, rows
# with a field missing or of the wrong type, a corrupt hist/*.json. The good
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
# line n+1: no unit; n+2: rep not a number; n+3: cut mid-line
printf '{"cell":"dmabench.granule=1","design":"native","workload":"dmabench","rep":5,"op":"map","metric":"tool_mean","value":1,"n":1}\n' >>"$d/results.jsonl"
_fx_row dmabench.granule=1 native dmabench '"x"' map tool_mean ns 5 1000 >>"$d/results.jsonl"
printf '{"cell":"dmabench.granule=1","design":"nat' >>"$d/results.jsonl"
printf '{"unit":"ns","count":100,\n"buckets":[[1,' >"$d/hist/dmabench.granule=1/tlbi.json"

out=$("$SMMUBENCH" report -o "$tmp/rep" "$d" 2>"$tmp/err")
is "report of a damaged run exits 0 (the good rows are kept)" "$?" 0
err=$(cat "$tmp/err")
like "stderr names the line without a unit" "$err" "results\.jsonl:$((n + 1)): field 'unit'"
like "stderr names the line with a bad rep" "$err" "results\.jsonl:$((n + 2)): field 'rep'"
like "stderr names the cut line" "$err" "results\.jsonl:$((n + 3)): "
like "stderr counts the rows lost" "$err" "3 rows of results\.jsonl dropped"
like "stderr names the corrupt histogram" "$err" "hist/dmabench\.granule=1/tlbi\.json:2: "
md=$(cat "$tmp/rep/report.md" 2>/dev/null)
like "the report names the cut line" "$md" "results\.jsonl:$((n + 3)): "
like "the report names the corrupt histogram" "$md" "hist/dmabench\.granule=1/tlbi\.json:2: "
like "the report counts the rows lost" "$md" "3 rows of results\.jsonl dropped"
like "the good rows are still reported" "$md" '\| 4K, 1 thread \| native \| 0\.1 us \| 0\.7 us \|'
like "in red in the HTML" "$(cat "$tmp/rep/index.html" 2>/dev/null)" \
	'<p class="warn">[^<]*hist/dmabench\.granule=1/tlbi\.json:2: '

fx_pair "$tmp/a" a 0
fx_pair "$tmp/b" b 0
printf '{"cell":"fio4k","des' >>"$tmp/b/results.jsonl"
out=$("$SMMUBENCH" compare "$tmp/a" "$tmp/b" 2>"$tmp/err")
like "compare's header names the cut line" "$out" "^# WARNING: .*results\.jsonl:17: "
like "and stderr" "$(cat "$tmp/err")" "results\.jsonl:17: "

done_testing
