#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rep is an int in 0..INT_MAX (reports/README.md): a run whose last
# repetition is 2147483647 is reported, not an undefined signed overflow
# (counting repetitions as rep + 1 overflowed; the UBSan build, make SAN=1,
# aborts on it). Run with SMMUBENCH=build-san/smmubench to see it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/big
mkdir -p "$d"
_fx_meta "$d" hw '["native"]' big '[
  {"name":"dmabench.granule=1","design":"native","workload":"dmabench","params":"granule=1 threads=1"}]'
: >"$d/errors.jsonl"
for r in 0 2147483646 2147483647; do
	_fx_row dmabench.granule=1 native dmabench $r map tool_mean ns 100 1000 >>"$d/results.jsonl"
done

"$SMMUBENCH" report -o "$tmp/rep" "$d" >"$tmp/out" 2>&1
is "report of rep 2147483647 exits 0" "$?" 0
if grep -q 'runtime error' "$tmp/out"; then
	fail "no undefined behaviour"; sed 's/^/#   /' "$tmp/out" | head -5
else
	ok "no undefined behaviour"
fi
# repetitions = last rep + 1 = 2^31, worked out by hand
like "the setup table counts 2147483648 repetitions" "$(cat "$tmp/rep/report.md" 2>/dev/null)" \
	'\| dmabench granule=1 threads=1 \| native \| 1 \| 2147483648 \|'
"$SMMUBENCH" compare "$d" "$d" >"$tmp/out" 2>&1
if grep -q 'runtime error' "$tmp/out"; then
	fail "compare: no undefined behaviour"; sed 's/^/#   /' "$tmp/out" | head -5
else
	ok "compare: no undefined behaviour"
fi
done_testing
