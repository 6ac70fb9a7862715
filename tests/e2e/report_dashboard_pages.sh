#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The dashboard's structure on a small synthetic history: 12 nights on 2
# boards, designs native and paravirt, ops map and unmap, metrics p50 and
# mean (ns). By construction: 2 boards x 2 designs x 1 workload x 2 ops = 8
# group pages of 2 plots each, 16 plots, 8 KPI lines (the p50s), nothing
# embedded, every page under 1 MB, the filter script over index.js.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
night() {	# night BOARD N
	local d=$tmp/$1-n$2 r des op m
	mkdir -p "$d"
	FX_BOARD=$1 FX_DAY=$2 _fx_meta "$d" hw '["native","paravirt"]' "nightly$2-$1" '[
	  {"name":"n.dmabench","design":"native","workload":"dmabench","params":"granule=1"},
	  {"name":"p.dmabench","design":"paravirt","workload":"dmabench","params":"granule=1"}]' \
		0 $((1700000000 + $2 * 86400))
	: >"$d/results.jsonl"
	: >"$d/errors.jsonl"
	for r in 0 1 2 3 4; do
		for des in native paravirt; do
			for op in map unmap; do
				for m in p50 mean; do
					_fx_row "${des:0:1}.dmabench" $des dmabench $r $op $m ns $((1000 + r)) 100 >>"$d/results.jsonl"
				done
			done
		done
	done
}
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do night b1 $n; night b2 $n; done
db=$tmp/results.db
"$SMMUBENCH" ingest --db "$db" "$tmp"/b* >/dev/null
out=$("$SMMUBENCH" dashboard --db "$db" -o "$tmp/dash")
is "dashboard exits 0" "$?" 0
like "24 runs, 16 series, 9 pages" "$out" '24 runs, 16 metrics, 16 plots, 0 regressions, 0 change points, 9 pages'
dash=$tmp/dash
check "index.html" test -s "$dash/index.html"
is "8 group pages" "$(ls "$dash"/g/*.html | wc -l)" 8
is "16 plot files" "$(ls "$dash"/plots/*.svg | wc -l)" 16
is "8 sparklines" "$(ls "$dash"/spark/*.svg | wc -l)" 8
is "no plot embedded anywhere" "$(cat "$dash"/index.html "$dash"/g/*.html | grep -c 'data:')" 0
is "no inline <svg> in a page" "$(cat "$dash"/index.html "$dash"/g/*.html | grep -c '<svg')" 0
bad=
for g in "$dash"/g/*.html; do
	n=$(grep -o '<img class="plot" loading="lazy" src="\.\./plots/s[0-9]*\.svg"' "$g" | wc -l)
	[ "$n" = 2 ] || bad="$bad ${g##*/}:$n"
	for p in $(grep -o 'src="\.\./plots/s[0-9]*\.svg"' "$g" | sed 's/src="\.\.\///; s/"$//'); do
		python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$dash/$p" ||
			bad="$bad $p(xml)"
	done
done
is "every group page: 2 lazy plots, each a file that parses as SVG" "$bad" ""
is "index: 8 KPI lines, each with a lazy sparkline" \
	"$(grep -c '<img loading="lazy" src="spark/s[0-9]*\.svg"' "$dash/index.html")" 8
big=$(find "$dash" -name '*.html' -size +1024k)
is "every page <= 1 MB" "$big" ""
for k in board design workload; do
	like "filter by $k" "$(cat "$dash/index.html")" "<select id=\"f-$k\">"
done
like "the filter script and its index, by src" "$(tr -d '\n' <"$dash/index.html")" \
	'<script src="index.js"></script><script src="dash.js"></script>'
is "index.json: 8 groups, 24 runs" "$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(len(j["groups"]), len(j["runs"]), sorted({g["board"] for g in j["groups"]}))' "$dash/index.json")" \
	"8 24 ['b1', 'b2']"
if command -v node >/dev/null; then
	# dash.js on a stand-in DOM: choosing board b2 hides the b1 rows
	res=$(node -e '
const fs = require("fs");
const rows = [["b1"], ["b2"], ["b1"]].map(([b]) => ({ attrs: { "data-board": b, "data-design": "native",
  "data-workload": "dmabench granule=1" }, style: {}, getAttribute(k) { return this.attrs[k]; } }));
const sels = {};
for (const k of ["board", "design", "workload"])
  sels["f-" + k] = { value: "", opts: [], appendChild(o) { this.opts.push(o.value); },
                     addEventListener(e, f) { this.fire = f; } };
global.document = { getElementById: (id) => sels[id], querySelectorAll: () => rows,
                    createElement: () => ({}) };
global.window = {};
eval(fs.readFileSync(process.argv[1] + "/index.js", "utf8"));
global.window.SMMU_INDEX = window.SMMU_INDEX;
eval(fs.readFileSync(process.argv[1] + "/dash.js", "utf8"));
sels["f-board"].value = "b2";
sels["f-board"].fire();
console.log(sels["f-board"].opts.join(","), rows.map((r) => r.style.display || "shown").join(","));
' "$dash")
	is "dash.js: board options from index.js, b1 rows hidden" "$res" "b1,b2 none,shown,none"
else
	skip "node not installed: dash.js not run"
fi
done_testing
