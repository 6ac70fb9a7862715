#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ingest + dashboard: three hand-written nightly runs (0%, +1%, +10% on unmap
# time), ingested twice (idempotent); the dashboard lists the +10% run's
# regressions first, against the previous run and the baseline label; a
# change with no spread on either side is marked degenerate ('*!').
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
FX_DAY=1 FX_EPOCH=1700000100 fx_pair "$tmp/r1" base 0
FX_DAY=2 FX_EPOCH=1700000200 fx_pair "$tmp/r2" nightly 1
FX_DAY=3 FX_EPOCH=1700000300 fx_pair "$tmp/r3" nightly 10
db=$tmp/results.db

out=$("$SMMUBENCH" ingest --db "$db" "$tmp/r1" "$tmp/r2" "$tmp/r3")
is "ingest exits 0" "$?" 0
like "three runs added" "$out" '3 runs added, 0 already present, 0 refused'
out=$("$SMMUBENCH" ingest --db "$db" "$tmp/r1" "$tmp/r2" "$tmp/r3")
like "second ingest adds nothing" "$out" '0 runs added, 3 already present, 0 refused'
is "runs in the db" "$(sqlite3 "$db" 'SELECT count(*) FROM runs')" 3
# 8 repetitions x 2 metrics per run
is "metric rows in the db" "$(sqlite3 "$db" 'SELECT count(*) FROM metrics')" 48
mkdir "$tmp/cut" && cp "$tmp/r1/"* "$tmp/cut/" && sed -i 's/"complete"/"running"/' "$tmp/cut/meta.json"
"$SMMUBENCH" ingest --db "$db" "$tmp/cut" >/dev/null 2>"$tmp/err"
is "an incomplete run is refused" "$?" 1
like "refusal says why" "$(cat "$tmp/err")" 'run is incomplete, not complete: not ingested'

out=$("$SMMUBENCH" dashboard --db "$db" -o "$tmp/dash" --baseline base)
is "dashboard exits 1 on a regression of the newest run" "$?" 1
like "dashboard summary" "$out" '3 runs, 2 metrics, 2 plots, 2 regressions'
html=$(cat "$tmp/dash/index.html")
like "title" "$html" '<title>smmubench dashboard</title>'
# the first table of the page is the regressions table
first=$(grep -o '<caption>[^<]*</caption>' "$tmp/dash/index.html" | head -1)
is "regressions come first" "$first" '<caption>Regressions of the newest run</caption>'
# unmap: median 1001 -> 1011.01 (r2) -> 1101.1 (r3): +8.91% vs previous, +10.00% vs base
like "unmap vs previous, red and starred" "$html" '<td class="n warn">\+8\.91% \*</td>'
like "unmap vs baseline, red and starred" "$html" '<td class="n warn">\+10\.00% \*</td>'
for f in "$tmp"/dash/plots/*.svg; do
	python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$f" || fail "$f is not SVG"
done
is "no plot embedded in a page" "$(cat "$tmp"/dash/*.html "$tmp"/dash/g/*.html | grep -c 'src="data:')" 0
is "two plots, loaded lazily from the group pages" \
	"$(cat "$tmp"/dash/g/*.html | grep -o '<img class="plot" loading="lazy" src="../plots/s[0-9]*.svg"' | wc -l)" 2

# without the regressing run: nothing to report, exit 0
"$SMMUBENCH" ingest --db "$tmp/db2" "$tmp/r1" "$tmp/r2" >/dev/null
out=$("$SMMUBENCH" dashboard --db "$tmp/db2" -o "$tmp/dash2")
is "no regression: exit 0" "$?" 0
like "no regression said" "$(cat "$tmp/dash2/index.html")" 'No regression in the newest run\.'
"$SMMUBENCH" dashboard --db "$tmp/none.db" -o "$tmp/dash3" 2>"$tmp/err"
is "missing db: exit 2" "$?" 2
like "missing db: says how to create it" "$(cat "$tmp/err")" "smmubench ingest --db"
like "dashboard --help" "$("$SMMUBENCH" dashboard --help)" 'usage: smmubench dashboard'

# zero spread on both sides (5 x 1000 ns, then 5 x 1100 ns): the one verdict
# (report_verdict) marks it as compare does, degenerate: '*!'
fx_flat_run() {
	local r
	mkdir -p "$1"
	_fx_meta "$1" hw '["paravirt"]' "$2" '[
	  {"name":"dmabench.granule=1","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1"}]' \
		0 "$4"
	: >"$1/results.jsonl"
	: >"$1/errors.jsonl"
	for r in 0 1 2 3 4; do
		_fx_row dmabench.granule=1 paravirt dmabench $r unmap mean ns "$3" 1000 >>"$1/results.jsonl"
	done
}
FX_DAY=1 fx_flat_run "$tmp/f1" flat 1000 1700000100
FX_DAY=2 fx_flat_run "$tmp/f2" flat10 1100 1700000200
"$SMMUBENCH" ingest --db "$tmp/flat.db" "$tmp/f1" "$tmp/f2" >/dev/null
"$SMMUBENCH" dashboard --db "$tmp/flat.db" -o "$tmp/dashf" >/dev/null
is "zero spread, +10%: a regression, exit 1" "$?" 1
like "zero spread, +10%: starred as degenerate, as compare does" "$(cat "$tmp/dashf/index.html")" \
	'<td class="n warn">\+10\.00% \*!</td>'
done_testing
