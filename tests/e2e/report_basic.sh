#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# smmubench report on two hand-written run directories (tests/e2e/report_fixtures.bash):
# the expected tables, valid non-empty SVG plots with their .gp scripts, no
# broken links, plots loaded lazily from plots/ and nothing from outside.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx_runs "$tmp"

out=$("$SMMUBENCH" report -o "$tmp/rep" "$tmp/hw-native" "$tmp/model-pv" 2>&1)
is "report exits 0" "$?" 0
like "report prints the index path" "$out" "$tmp/rep/index.html"
check "index.html written" test -s "$tmp/rep/index.html"
check "report.md written" test -s "$tmp/rep/report.md"
md=$(cat "$tmp/rep/report.md")
html=$(cat "$tmp/rep/index.html")

# banner: hw run = native; model run = paravirt + nested
like "banner names the hardware numbers" "$md" 'Measured on hardware: native\.'
like "banner names the model output" "$md" 'Model output .*: paravirt, nested\.'
# native map: 90 x 100 ns + 10 x 120 ns: nearest rank 50, 90 -> 100 ns; 99, 99.9 -> 120 ns
like "native map latency row" "$md" \
	'\| map \| native \| 100 \| - \| 100 ns \| 100 ns \| 100 ns \| 120 ns \| 120 ns \| 120 ns \|'
# paravirt map: 90 in [300,303] -> midpoint 301 (hist.h rule), 10 in [400,403] -> 401; max 403
like "paravirt map latency row" "$md" \
	'\| map \| paravirt \| 100 \| - \| 300 ns \| 301 ns \| 301 ns \| 401 ns \| 401 ns \| 403 ns \|'
# batch-size op: its unit comes from its rows (pages), its table is not the latency one
like "batch op in pages" "$md" \
	'\| smmu_unmap\.pgcount \| paravirt \| 100 \| - \| 1 pages \| 1 pages \| 1 pages \| 2 pages \| 2 pages \| 2 pages \|'
like "batch op table" "$md" 'dmabench granule=1 threads=1: batch sizes per op'
# its per-repetition summary row is not repeated among the KPIs (the hist has it all)
is "hist summaries not repeated as KPIs" "$(grep -c '| smmu_unmap.pgcount | mean |' "$tmp/rep/report.md")" 0
# tool_mean rows 100/700 ns native, 300/1300 paravirt, 150/2500 nested, in us
like "dmabench grid native" "$md" '\| 4K, 1 thread \| native \| 0\.1 us \| 0\.7 us \|'
like "dmabench grid paravirt" "$md" '\| 4K, 1 thread \| paravirt \| 0\.3 us \| 1\.3 us \|'
like "dmabench grid nested" "$md" '\| 4K, 1 thread \| nested \| 0\.15 us \| 2\.5 us \|'
# lost events: 3 in one paravirt cell, shown as a warning; the native cell 0
like "lost events flagged" "$md" '\| model-pv \| paravirt\.dmabench\.granule=1 \| \*\*3 events\*\* \(!\) \|'
like "zero lost events not flagged" "$md" '\| hw-native \| dmabench\.granule=1 \| 0 events \|'
like "lost events red in HTML" "$html" '<td class="n warn">3 events</td>'
# IOPS: harmonic mean of 50000..50400 step 100, worked out independently with awk
hm=$(awk 'BEGIN { for (i = 0; i < 5; i++) s += 1 / (50000 + 100 * i); printf "%.0f", 5 / s }')
like "IOPS KPI is the harmonic mean" "$md" "\| fio_read \| iops \| native \| $hm iops \|"
# cost: paravirt 300 + 1300 + 200 = 1800 ns per IO
like "cost breakdown row" "$md" '\| paravirt \| 300 ns \| 1\.3 us \| 0 ns \| 0 ns \| 0 ns \| 200 ns \| 1\.8 us \|'
# sweep: batch 1/4/16 -> unmap p50 midpoints 2063 / 1303 / 707 ns; syncs 1, 0.25, 0.0625
like "sweep point batch=1" "$md" '\| cmds_per_sync=1 \| paravirt \| 2\.063 us \| 1 syncs/unmap \|'
like "sweep point batch=16" "$md" '\| cmds_per_sync=16 \| paravirt \| 707 ns \| 0\.0625 syncs/unmap \|'
like "title in HTML" "$html" '<title>smmubench report: hw-native model-pv</title>'

# plots: every image is a non-empty, well-formed SVG with its .gp beside it
nsvg=0 bad=
for f in "$tmp"/rep/plots/*.svg; do
	[ -e "$f" ] || continue
	nsvg=$((nsvg + 1))
	[ -s "$f" ] || bad="$bad $f(empty)"
	python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(0 if r.tag.endswith("svg") else 1)' "$f" || bad="$bad $f(xml)"
	[ -s "${f%.svg}.gp" ] || bad="$bad $f(no .gp)"
done
is "all plots valid SVG with scripts" "$bad" ""
# 2 grid (map, unmap) + 4 latency (CDF and histogram of map and unmap)
# + 1 IOPS + 1 cost + 2 sweep (latency, syncs)
is "plot count" "$nsvg" 10
# index.html loads the plots lazily from plots/ (issue 18): every SVG drawn is
# referenced once, every reference names a file that is there, nothing else
srcs=$(grep -o '<img [^>]*>' "$tmp/rep/index.html" | sed -n 's/.* src="\([^"]*\)".*/\1/p' | sort)
is "index.html references every plot file" "$srcs" "$(cd "$tmp/rep" && ls plots/*.svg | sort)"
missing=
for l in $srcs; do [ -s "$tmp/rep/$l" ] || missing="$missing $l"; done
is "every plot index.html references exists" "$missing" ""
is "every plot image is lazy, with its size" \
	"$(grep -o '<img class="plot" loading="lazy" width="900" height="480" src="plots/[^"]*\.svg"' "$tmp/rep/index.html" | wc -l)" "$nsvg"
is "no plot embedded" "$(grep -c 'data:image' "$tmp/rep/index.html")" 0
is "nothing loaded from outside the report directory" \
	"$(grep -Eo '(src|href)="[^"]*"' "$tmp/rep/index.html" | grep -Ev '^(src|href)="(plots/[A-Za-z0-9_.-]+|#[^"]*)"$' | wc -l)" 0
# no broken links in report.md
broken=
for l in $(grep -o '](plots/[^)]*)' "$tmp/rep/report.md" | sed 's/^](//; s/)$//'); do
	[ -s "$tmp/rep/$l" ] || broken="$broken $l"
done
is "no broken links in report.md" "$broken" ""
like "report.md links the scripts" "$md" '\(plots/p[0-9]+-grid-map\.gp\)'
# a user can redraw a plot from its script
gp=$(ls "$tmp"/rep/plots/*grid-map.gp | head -1)
rm -f "${gp%.gp}.svg"
(cd "$tmp/rep/plots" && gnuplot "$(basename "$gp")" 2>/dev/null)
check "a .gp script redraws its plot" test -s "${gp%.gp}.svg"

# a plot gnuplot cannot draw becomes a red warning; the others still come out
real_gnuplot=$(command -v gnuplot)
mkdir -p "$tmp/bin"
cat >"$tmp/bin/gnuplot" <<SH
#!/bin/sh
case "\$*" in *grid-map*) echo "p01-grid-map.gp, line 9: simulated failure" >&2; exit 1 ;; esac
exec "$real_gnuplot" "\$@"
SH
chmod +x "$tmp/bin/gnuplot"
out=$(PATH="$tmp/bin:$PATH" "$SMMUBENCH" report -o "$tmp/repf" "$tmp/hw-native" "$tmp/model-pv" 2>&1)
is "report with a failed plot exits 0" "$?" 0
like "failed plot counted on stderr" "$out" 'warning: 1 plots failed'
like "failed plot is a red warning with gnuplot's message" "$(cat "$tmp/repf/report.md")" \
	"WARNING: plot 'dmabench grid: map, grouped per design' missing: gnuplot p01-grid-map.gp failed: p01-grid-map.gp, line 9: simulated failure"
is "the other plots are drawn" "$(ls "$tmp"/repf/plots/*.svg | wc -l)" 9

# an incomplete run is reported as such, in red
mv "$tmp/model-pv" "$tmp/model-pv.incomplete"
sed -i 's/"status": "complete"/"status": "running"/' "$tmp/model-pv.incomplete/meta.json"
out=$("$SMMUBENCH" report -o "$tmp/rep2" "$tmp/hw-native" "$tmp/model-pv.incomplete" 2>&1)
is "report of an incomplete run exits 0" "$?" 0
like "incomplete run warned on stderr" "$out" 'is incomplete'
like "incomplete run warned in the report" "$(cat "$tmp/rep2/report.md")" \
	'WARNING: run model-pv.incomplete is incomplete'
# a malformed row is left out, not the run (issue 13); it is named by file, line and field
printf '{"cell": 1}\n' >>"$tmp/hw-native/results.jsonl"
out=$("$SMMUBENCH" report -o "$tmp/rep3" "$tmp/hw-native" 2>&1)
is "a malformed row: the rest is reported" "$?" 0
like "warning names file, line and field" "$out" 'results.jsonl:[0-9]+: field .cell.'
out=$("$SMMUBENCH" report --help)
like "report --help" "$out" 'usage: smmubench report'
done_testing
