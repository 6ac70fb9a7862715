#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# report and dashboard on a shared results directory written by someone
# else (issue 13): labels, board, notes, workloads, ops, metrics, units,
# sweep knobs and directory names hold backquotes, $(), quotes,
# backslashes, line breaks, <script> and bytes that are not UTF-8. Nothing
# may run: no canary file appears. The HTML and Markdown show the text
# escaped, the SVG plots are still drawn and still parse as XML.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

if ! command -v gnuplot >/dev/null || ! command -v python3 >/dev/null; then
	skip "gnuplot or python3 missing ('make deps' installs them)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
canary=$tmp/canary
# gnuplot runs in the plots directory: relative canaries land there
adir='A`touch canary-dir`$(touch canary-dir2)'
FX_EPOCH=1700000100 fx_pair "$tmp/$adir" base 0
FX_DAY=1 FX_EPOCH=1700000200 fx_pair "$tmp/B" nightly 0

# hostile strings into meta.json, results.jsonl and the hist file names
CANARY=$canary python3 - "$tmp/$adir" "$tmp/B" <<'PY'
import json, os, sys
c = os.environ["CANARY"]
bt, ds, sc = "`touch %s`" % c, "$(touch %s)" % c, "<script>alert(1)</script>"
# "\udcff" is written as the single byte 0xff (not UTF-8)
hostile = "q'\"%s%s%s\\ l1\nl2 \udcff" % (bt, ds, sc)
for n, d in enumerate(sys.argv[1:]):
    with open(d + "/meta.json") as f:
        m = json.load(f)
    m["label"] = "L%d %s" % (n, hostile)
    m["board"] = "board " + hostile
    m["note"] = "note " + hostile
    m["kernel_label"] = "k%d %s" % (n, hostile)
    m["kernel"]["release"] = ds
    m["profile"] = bt
    for cell in m["cells"]:
        if cell["workload"] == "fio":
            cell["workload"] = "fio" + bt + sc
    sweep = []
    for v in (1, 4, 16):
        # a knob name cannot hold a space: ${IFS} stands for one
        sweep.append({"name": "sw%d" % v, "design": "paravirt", "workload": "dmabench",
                      "params": "granule=1 k`touch${IFS}canary-knob`=%d" % v})
    m["cells"] += sweep
    with open(d + "/meta.json", "wb") as f:
        f.write(json.dumps(m, ensure_ascii=False).encode("utf-8", "surrogateescape"))
    rows = [json.loads(l) for l in open(d + "/results.jsonl")]
    for r in rows:
        if r["workload"] == "fio":
            r["workload"] = "fio" + bt + sc
    for rep in range(8):
        # fx_pair has unmap times only: the grid's map plot needs its own
        rows.append({"cell": "dmabench.granule=1", "design": "paravirt",
                     "workload": "dmabench", "rep": rep, "op": "map", "metric": "mean",
                     "unit": "ns", "value": 300 + rep, "n": 1000})
    for rep in range(5):
        for op in ("map", "unmap"):
            rows.append({"cell": "fio4k", "design": "paravirt", "workload": "fio" + bt + sc,
                         "rep": rep, "op": op, "metric": "cost_per_io", "unit": "ns",
                         "value": 100 + rep, "n": 1})
        rows.append({"cell": "dmabench.granule=1", "design": "paravirt",
                     "workload": "dmabench", "rep": rep, "op": "op" + bt,
                     "metric": "m" + ds + sc, "unit": "u" + bt + "\udcfe",
                     "value": 10 + rep, "n": 1})
    for v in (1, 4, 16):
        rows.append({"cell": "sw%d" % v, "design": "paravirt", "workload": "dmabench",
                     "rep": 0, "op": "unmap", "metric": "syncs_per_unmap", "unit": "count",
                     "value": 1 / v, "n": 1000})
    with open(d + "/results.jsonl", "wb") as f:
        for r in rows:
            f.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8", "surrogateescape"))
PY
for d in "$tmp/$adir" "$tmp/B"; do
	# an op named by its file: hist/<cell>/<op>.json
	_fx_hist "$d" dmabench.granule=1 'unmap`touch canary-op`$(touch canary-op2)<script>' "$FX_H_PV_UNMAP"
	for v in 1 4 16; do
		_fx_hist "$d" sw$v unmap '{"unit":"ns","count":10,"min":704,"max":711,"sum":7070,"buckets":[[704,711,10]]}'
	done
done

# no_canary NAME: no file named canary* anywhere under $tmp
no_canary() {
	is "$1" "$(find "$tmp" -name 'canary*' | sed "s|^$tmp/||" | tr '\n' ' ')" ""
}
# svg_ok DIR: every plot in DIR parses as XML and has a .gp without a backquote
svg_ok() {
	local f bad=
	for f in "$1"/*.svg; do
		[ -s "$f" ] || { bad="$bad $f(missing)"; continue; }
		python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$f" 2>/dev/null ||
			bad="$bad ${f##*/}(xml)"
		grep -q '`' "${f%.svg}.gp" && bad="$bad ${f##*/}(backquote in .gp)"
	done
	echo "$bad"
}
# utf8_ok FILE: FILE is UTF-8 and shows the 0xff byte as U+FFFD after "l2 "
utf8_ok() {
	python3 -c 'import sys; t = open(sys.argv[1], "rb").read().decode("utf-8"); sys.exit(0 if "l2 \ufffd" in t else 1)' "$1" 2>&1
}

out=$("$SMMUBENCH" report -o "$tmp/rep" "$tmp/$adir" "$tmp/B" 2>&1)
is "report exits 0" "$?" 0
no_canary "report: nothing ran (no canary file)"
# 2 grid + 2 latency (the hostile op) + 1 IOPS + 1 cost + 2 sweep
like "report: every plot drawn" "$out" '# smmubench report: 2 runs, 8 plots'
is "report: no plot failed" "$(printf '%s\n' "$out" | grep -c 'plots failed')" 0
is "report: plots are valid SVG, scripts have no backquote" "$(svg_ok "$tmp/rep/plots")" ""
html=$(cat "$tmp/rep/index.html")
md=$(cat "$tmp/rep/report.md")
is "report: no raw <script> in index.html" "$(grep -c '<script' "$tmp/rep/index.html")" 0
is "report: no raw <script> in report.md" "$(grep -c '<script' "$tmp/rep/report.md")" 0
like "report: label escaped in HTML" "$html" \
	"paravirt@L0 q&#39;&quot;\`touch $canary\`\\\$\(touch $canary\)&lt;script&gt;alert\(1\)&lt;/script&gt;\\\\ l1"
like "report: note banner escaped in HTML" "$html" 'note q&#39;&quot;`touch'
like "report: board escaped in HTML" "$html" '<td>board q&#39;&quot;`touch'
like "report: directory name escaped in HTML" "$html" '<td>A`touch canary-dir`\$\(touch canary-dir2\)</td>'
like "report: label escaped in Markdown" "$md" \
	"paravirt@L0 q'\"\\\\\`touch $canary\\\\\`\\\$\(touch $canary\)&lt;script&gt;alert\(1\)&lt;/script&gt;\\\\\\\\ l1 l2"
check "report: index.html is UTF-8, U+FFFD for a non-UTF-8 byte" utf8_ok "$tmp/rep/index.html"
check "report: report.md is UTF-8, U+FFFD for a non-UTF-8 byte" utf8_ok "$tmp/rep/report.md"

db=$tmp/results.db
"$SMMUBENCH" ingest --db "$db" "$tmp/$adir" "$tmp/B" >/dev/null
is "ingest exits 0" "$?" 0
is "ingest keeps the label as written (bound, not spliced)" \
	"$(sqlite3 "$db" "SELECT count(*) FROM runs WHERE label LIKE 'L0 q''\"%<script>%'")" 1
out=$("$SMMUBENCH" dashboard --db "$db" -o "$tmp/dash" 2>&1)
is "dashboard exits 0 (no regression)" "$?" 0
no_canary "dashboard: nothing ran (no canary file)"
# unmap and map mean, IOPS, 2 costs, the hostile op, 3 sweep points
like "dashboard: every series plotted" "$out" '2 runs, 9 metrics, 9 plots'
is "dashboard: plots are valid SVG, scripts have no backquote" "$(svg_ok "$tmp/dash/plots")" ""
dash=$(cat "$tmp/dash/index.html")
# the only scripts are the dashboard's own two files, loaded by src
is "dashboard: no raw <script> in index.html, only dash.js and index.js" \
	"$(grep -o '<script[^>]*>' "$tmp/dash/index.html" | sort | tr '\n' ' ')" \
	'<script src="dash.js"> <script src="index.js"> '
is "dashboard: no <script> in a group page" "$(cat "$tmp"/dash/g/*.html | grep -c '<script')" 0
gpages=$(cat "$tmp"/dash/g/*.html)
like "dashboard: board escaped in a page title" "$gpages" '<h1>board q&#39;&quot;`touch'
like "dashboard: metric escaped in a table" "$gpages" \
	"<td>m\\\$\(touch $canary\)&lt;script&gt;alert\(1\)&lt;/script&gt;</td>"
like "dashboard: board escaped in a filter attribute" "$dash" 'data-board="board q&#39;&quot;`touch'
check "dashboard: index.html is UTF-8, U+FFFD for a non-UTF-8 byte" utf8_ok "$tmp/dash/index.html"
check "dashboard: index.json is JSON" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
	"$tmp/dash/index.json"
is "dashboard: index.js cannot close a script element" "$(grep -ci '</script' "$tmp/dash/index.js")" 0
# the x tick labels (kernel_label) reach the SVG as escaped text
like "dashboard: x tick label drawn as text" "$(cat "$tmp"/dash/plots/*.svg)" \
	"rotate\(25\)\">k1 q&#39;&quot;\`touch $canary\`\\\$\(touch $canary\)&lt;script&gt;alert\(1\)&lt;/script&gt;"
done_testing
