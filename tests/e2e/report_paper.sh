#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# smmubench report --paper on the hand-written runs of report_fixtures.bash,
# one of them with a hostile board name: every table a booktabs tabular with
# its unit in the header, every figure a PDF with its data as CSV beside it,
# and paper.tex (which \input's every table and includes every figure)
# compiles with pdflatex, its pages render under pdftoppm, and nothing the
# strings asked for ran.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx_runs "$tmp"
# a board that is LaTeX code, shell, a control byte and a byte that is not UTF-8
hostile='\input{/etc/passwd} \write18{touch CANARY} $x$ & 100% #1 a_b ^~ [x] -- '$'\x01\xff'
jq --arg b "$hostile" '.board = $b' "$tmp/model-pv/meta.json" >"$tmp/m" && mv "$tmp/m" "$tmp/model-pv/meta.json"
# and as the hw run's target note, which the methods section quotes
jq --arg b "$hostile" '.note = $b' "$tmp/hw-native/meta.json" >"$tmp/m" && mv "$tmp/m" "$tmp/hw-native/meta.json"

if ! command -v gnuplot >/dev/null; then
	skip "report --paper: gnuplot not installed ('make deps' installs gnuplot-nox)"
	done_testing
fi
out=$(cd "$tmp" && "$SMMUBENCH" report --paper paper hw-native model-pv 2>&1)
is "report --paper exits 0" "$?" 0
like "it names paper.tex" "$out" 'paper/paper\.tex'
p=$tmp/paper
check "paper.tex written" test -s "$p/paper.tex"
check "no index.html in the paper directory" test ! -e "$p/index.html"

nt=$(ls "$p"/tables/t*.tex | wc -l)
nf=$(ls "$p"/figures/*.pdf | wc -l)
check "tables written" test "$nt" -ge 5
check "figures written" test "$nf" -ge 5
is "paper.tex inputs every table" "$(grep -c '^\\smmubenchtable{tables/t[0-9]*\.tex}$' "$p/paper.tex")" "$nt"
is "paper.tex includes every figure" "$(grep -c '\\includegraphics{figures/.*\.pdf}' "$p/paper.tex")" "$nf"
bad=0
for f in "$p"/figures/*.pdf; do head -c 5 "$f" | grep -q '%PDF-' || bad=$((bad + 1)); done
is "every figure is a PDF" "$bad" 0
bad=0
for f in "$p"/figures/*.dat; do test -s "${f%.dat}.csv" || bad=$((bad + 1)); done
is "every figure's data has its CSV" "$bad" 0

# booktabs, units in the header: native map 90 x 100 ns + 10 x 120 ns
# (fixture): min 100, p50 100, p90 100, p99 120, p99.9 120, max 120 ns
lat=$(grep -l 'latency per op' "$p"/tables/*.tex | head -1)
check "latency table is booktabs" grep -q '^\\toprule$' "$lat"
like "latency header carries the units" "$(cat "$lat")" 'min \(ns\) & p50 \(ns\) & p90 \(ns\) & p99 \(ns\) & p99\.9 \(ns\) & max \(ns\)'
like "native map row, numbers without units" "$(cat "$lat")" \
	'map & native & 100 & -- & 100 & 100 & 100 & 120 & 120 & 120 \\\\'
# the grid: tool_mean 100 ns = 0.1 us native, 300 ns = 0.3 us paravirt, 150 ns = 0.15 us nested
grid=$(ls "$p"/figures/*grid-map.csv)
like "grid CSV header" "$(head -1 "$grid")" '^case,native,paravirt,nested'
like "grid CSV row, RFC 4180 quoted" "$(cat "$grid")" '"4K, 1 thread",0\.1(0*),0\.3(0*),0\.15(0*)'
check "CSV lines end in CRLF (RFC 4180)" grep -q $'\r$' "$grid"

# the hostile board is text, never LaTeX
tex=$(cat "$p"/tables/*.tex)
like "board escaped" "$tex" 'textbackslash\{\}input\\\{/etc/passwd\\\} \\textbackslash\{\}write18'
like "specials escaped" "$tex" '\\\$x\\\$ \\& 100\\% \\#1 a\\_b \\textasciicircum\{\}\\textasciitilde\{\} \{\[\}x\{\]\} -\{\}-\{\}'
check "no raw \\input of the board" sh -c "! grep -q 'input{/etc/passwd}' '$p'/tables/*.tex"
like "the note escaped in methods.tex" "$(cat "$p/methods.tex")" 'Target note: \\textbackslash\{\}input\\\{/etc/passwd\\\}'
check "no raw \\input in methods.tex" sh -c "! grep -q 'input{/etc/passwd}' '$p/methods.tex'"

# plots for print: the fixed palette with dash patterns, patterns for bars, no titles
gp=$(cat "$p"/figures/*.gp)
like "pdfcairo, one column" "$gp" "set terminal pdfcairo size 3\.3in,2\.2in"
like "palette: Okabe-Ito black, orange with a dash" "$gp" "set linetype 2 lc rgb '#E69F00' dt 2"
check "no figure title (the caption has it)" sh -c "! grep -q '^set title' '$p'/figures/*.gp"
like "bars filled with patterns" "$gp" 'set style fill pattern'

# the paper's own set: tables and figures picked by id, in the order given
check "items.txt lists the figure ids" grep -qxF $'fig:grid-map\tdmabench grid: map, grouped per design' "$p/items.txt"
check "items.txt lists the table ids" grep -qxF $'tab:Runs\tRuns' "$p/items.txt"
out=$(cd "$tmp" && "$SMMUBENCH" report --paper sel --select fig:grid-unmap --select 'tab:*latency per op' \
	--select 'fig:grid-*' --select 'fig:nothing*' hw-native model-pv 2>&1)
is "--select exits 0" "$?" 0
like "a glob matching nothing is named" "$out" "warning: --select 'fig:nothing\*' matches no table or figure"
order=$(grep -o 'includegraphics{figures/p[0-9]*-[a-z-]*\|smmubenchtable{tables/t[0-9]*' "$tmp/sel/paper.tex" | tr '\n' ' ')
like "in the order of --select, each once" "$order" \
	'^includegraphics\{figures/p[0-9]+-grid-unmap smmubenchtable\{tables/t01 includegraphics\{figures/p[0-9]+-grid-map $'
like "the selected table is the latency one" "$(cat "$tmp/sel/tables/t01.tex")" 'latency per op'
is "the banner once" "$(grep -c 'Model output' "$tmp/sel/paper.tex")" 1

out=$(cd "$tmp" && "$SMMUBENCH" report --paper paper2 --paper-size double hw-native 2>&1)
is "--paper-size double exits 0" "$?" 0
like "double: the full text width" "$(cat "$tmp"/paper2/figures/*.gp)" "pdfcairo size 7in"
out=$("$SMMUBENCH" report --paper "$tmp/x" --paper-size wide "$tmp/hw-native" 2>&1)
is "--paper-size wide refused" "$?" 2
out=$("$SMMUBENCH" report --paper "$tmp/hw-native/paper" "$tmp/hw-native" 2>&1)
is "--paper inside a run refused" "$?" 2
check "nothing written into the run" test ! -e "$tmp/hw-native/paper"

if ! command -v pdflatex >/dev/null || ! command -v pdftoppm >/dev/null; then
	skip "pdflatex: texlive-latex-recommended, texlive-fonts-recommended, lmodern and poppler-utils not installed ('make deps')"
	done_testing
fi
log=$(cd "$p" && pdflatex -no-shell-escape -interaction=nonstopmode -halt-on-error paper.tex 2>&1)
is "pdflatex compiles paper.tex" "$?" 0
is "no LaTeX error in the log" "$(grep -c '^!' "$p/paper.log")" 0
check "nothing the strings asked for ran" test ! -e "$p/CANARY" -a ! -e "$tmp/CANARY"
pages=$(pdfinfo "$p/paper.pdf" | awk '/^Pages:/ {print $2}')
check "paper.pdf has pages" test "${pages:-0}" -ge 2
(cd "$p" && pdftoppm -r 50 -png paper.pdf page)
is "pdftoppm renders every page" "$(ls "$p"/page-*.png 2>/dev/null | wc -l)" "$pages"
log=$(cd "$tmp/sel" && pdflatex -no-shell-escape -interaction=nonstopmode -halt-on-error paper.tex 2>&1)
is "pdflatex compiles the selected paper" "$?" 0
done_testing
