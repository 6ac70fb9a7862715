#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The dashboard's change points: 10 hand-written nightly runs, unmap time
# 1000 ns (5 repetitions 990..1010) for nights 1-6 and 1100 ns from night 7
# on, each night booted with kernel 6.18.<night>. The change-point table
# names night 7 (kernel 6.18.7) as the first bad run and night 6 (6.18.6)
# as the last good one: +10% (median 1100 / 1000), a regression. map time
# stays at 300 ns: no change point.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
night() {	# night N UNMAP_NS
	local d=$tmp/n$1 r v
	mkdir -p "$d"
	FX_DAY=$1 _fx_meta "$d" hw '["paravirt"]' "nightly$1" '[
	  {"name":"dmabench.granule=1","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1"}]' \
		0 $((1700000000 + $1 * 86400))
	sed -i "s/6.18.0-fixture/6.18.$1/" "$d/meta.json"
	: >"$d/results.jsonl"
	: >"$d/errors.jsonl"
	for r in 0 1 2 3 4; do
		v=$(( $2 - 10 + r * 5 ))
		_fx_row dmabench.granule=1 paravirt dmabench $r unmap mean ns "$v" 1000 >>"$d/results.jsonl"
		_fx_row dmabench.granule=1 paravirt dmabench $r map mean ns $((295 + r * 2)) 1000 >>"$d/results.jsonl"
	done
}
for n in 1 2 3 4 5 6; do night $n 1000; done
for n in 7 8 9 10; do night $n 1100; done
db=$tmp/results.db
"$SMMUBENCH" ingest --db "$db" "$tmp"/n* >/dev/null
is "ten runs ingested" "$(sqlite3 "$db" 'SELECT count(*) FROM runs')" 10
out=$("$SMMUBENCH" dashboard --db "$db" -o "$tmp/dash")
like "one change point counted" "$out" ', 1 change points'
html=$(tr -d '\n' <"$tmp/dash/index.html")
# the change-point table alone: from its caption to the end of the table
row=$(printf '%s' "$html" | sed 's/.*<caption>Change points, newest first<\/caption>//; s/<\/table>.*//')
like "unmap is the change point" "$row" '<td>unmap</td><td>mean \(ns\)</td>'
like "+10.00%, red (a regression)" "$row" '<td class="n warn">\+10\.00% \['
like "first bad run: night 7, kernel 6.18.7" "$row" '<td>n7</td><td[^>]*>6\.18\.7, nightly7</td>'
like "last good run: night 6, kernel 6.18.6" "$row" '<td>n6</td><td[^>]*>6\.18\.6, nightly6</td>'
like "30 repetitions before (6 nights), 20 after (4)" "$row" '<td class="n">30 / 20</td>'
is "map has no change point" "$(printf '%s' "$row" | grep -c '<td>map</td>')" 0
done_testing
