#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# smmubench compare: a synthetic pair with a known 10% shift is starred and
# gates (exit 1); an identical pair is not (exit 0); --threshold above the
# shift lets it pass; the direction of "worse" follows the unit; zero spread
# on both sides: equal medians are never starred, different ones are starred
# with the interval marked degenerate.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx_pair "$tmp/base" base 0
fx_pair "$tmp/same" same 0
fx_pair "$tmp/slow" slow 10
fx_pair "$tmp/fast" fast -10

out=$("$SMMUBENCH" compare "$tmp/base" "$tmp/same" 2>&1)
is "identical pair: exit 0" "$?" 0
like "identical pair: +0.00% without a star" "$out" 'unmap mean +1\.001 us +1\.001 us \(\+0\.00%\) '
like "identical pair: no significant change" "$out" '0 significant changes, 0 regressions'

out=$("$SMMUBENCH" compare "$tmp/base" "$tmp/slow" 2>"$tmp/err")
is "10% slower: exit 1 (regression)" "$?" 1
# median 1001 ns x 1.1 = 1101.1 ns -> 1.101 us, ratio exactly 1.1
like "10% slower unmap starred" "$out" 'unmap mean +1\.001 us +1\.101 us \(\+10\.00%\)\*'
# IOPS: harmonic mean / 1.1: ratio 1/1.1 - 1 = -9.09%
like "IOPS drop starred" "$out" 'fio_read iops .*\(-9\.09%\)\*'
like "both regressions listed" "$(cat "$tmp/err")" 'REGRESSION slow: dmabench granule=1 threads=1 \| unmap mean: \+10\.00%'
is "two regressions" "$(grep -c '^REGRESSION' "$tmp/err")" 2

out=$("$SMMUBENCH" compare --threshold 15 "$tmp/base" "$tmp/slow" 2>&1)
is "10% slower within --threshold 15: exit 0" "$?" 0
like "still starred under the threshold" "$out" '\(\+10\.00%\)\*'

out=$("$SMMUBENCH" compare "$tmp/base" "$tmp/fast" 2>&1)
is "10% faster: exit 0 (an improvement is no regression)" "$?" 0
like "improvement starred" "$out" 'unmap mean .*\(-10\.00%\)\*'

out=$("$SMMUBENCH" compare -v "$tmp/base" "$tmp/same" "$tmp/slow" 2>/dev/null)
is "several NEW runs: exit 1" "$?" 1
like "verbose prints interval and p-value" "$out" '\[1\.0[0-9]+ \.\. 1\.1[0-9]+ p=[0-9.e-]+ n=8/8\]'

# fx_flat DIR LABEL NS: 5 repetitions of a paravirt unmap mean, every one NS
# (zero spread, as a deterministic source gives)
fx_flat() {
	local r
	mkdir -p "$1"
	_fx_meta "$1" hw '["paravirt"]' "$2" '[
	  {"name":"dmabench.granule=1","design":"paravirt","workload":"dmabench","params":"granule=1 threads=1"}]' \
		0 1700000000
	: >"$1/results.jsonl"
	: >"$1/errors.jsonl"
	for r in 0 1 2 3 4; do
		_fx_row dmabench.granule=1 paravirt dmabench $r unmap mean ns "$3" 1000 >>"$1/results.jsonl"
	done
}
fx_flat "$tmp/flat" flat 1000
fx_flat "$tmp/flat2" flat2 1000
fx_flat "$tmp/flat10" flat10 1100

out=$("$SMMUBENCH" compare "$tmp/flat" "$tmp/flat2" 2>&1)
is "zero spread, equal medians: exit 0" "$?" 0
like "zero spread, equal medians: no star" "$out" 'unmap mean +1 us +1 us \(\+0\.00%\) *$'
like "zero spread, equal medians: nothing significant" "$out" '0 significant changes, 0 regressions'
is "zero spread, equal medians: no degenerate note" "$(printf '%s\n' "$out" | grep -c degenerate)" 0

out=$("$SMMUBENCH" compare "$tmp/flat" "$tmp/flat10" 2>"$tmp/err")
is "zero spread, 1000 -> 1100 ns: exit 1 (regression)" "$?" 1
like "zero spread, +10%: starred as degenerate" "$out" 'unmap mean +1 us +1\.1 us \(\+10\.00%\)\*!'
like "the footer says the interval is degenerate" "$out" \
	'^# \*! = degenerate interval \(1 metrics\): no spread over the repetitions on either side'
like "the regression line says so too" "$(cat "$tmp/err")" \
	'REGRESSION flat10: .*interval of the ratio 1\.1000 \.\. 1\.1000, degenerate: no spread'
is "a shift with spread is not degenerate" \
	"$("$SMMUBENCH" compare "$tmp/base" "$tmp/slow" 2>/dev/null | grep -c '\*!')" 0

"$SMMUBENCH" compare "$tmp/base" >/dev/null 2>&1
is "one run only: usage error 2" "$?" 2
"$SMMUBENCH" compare --threshold x "$tmp/base" "$tmp/slow" >/dev/null 2>&1
is "bad threshold: usage error 2" "$?" 2
out=$("$SMMUBENCH" compare --help)
like "compare --help documents the direction" "$out" 'higher is worse'
done_testing
