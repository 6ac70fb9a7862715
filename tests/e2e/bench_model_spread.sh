#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Repetitions on the model spread like runs on hardware: the shipped
# bench.conf with short runs (2 ms virtual, 3 repetitions, no warm-up) gives
# each repetition its own seed, so a cell's per-op means differ across
# repetitions; the same conf run again gives the same numbers; and
# 'smmubench compare' of a run against itself stars nothing.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)

if ! command -v jq >/dev/null; then
	skip "jq missing (make deps installs it)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed 's/^duration_ms = [0-9]*$/duration_ms = 2/' "$root/bench.conf" >"$tmp/bench.conf"
mkdir "$tmp/a" "$tmp/b"
run() {
	(cd "$1" && "$SMMUBENCH" run -q --repeat 3 --warmup 0 ../bench.conf 2>"$1/err") |
		sed -n 's/^results: \(.*\) (complete)$/\1/p'
}
a=$tmp/a/$(run "$tmp/a")
b=$tmp/b/$(run "$tmp/b")
check "first run complete" test -f "$a/results.jsonl"
check "second run complete" test -f "$b/results.jsonl"

# value of metric $3 of op $2 in cell $1, one line per repetition (rep order)
reps() {
	jq -r --arg c "$2" --arg o "$3" --arg m "$4" \
		'select(.cell == $c and .op == $o and .metric == $m) | "\(.rep) \(.value)"' \
		"$1/results.jsonl" | sort -n | cut -d' ' -f2
}
c=paravirt.dmabench.threads=1.granule=1
v=$(reps "$a" $c unmap mean)
is "$c: 3 repetitions of the unmap mean" "$(printf '%s\n' "$v" | wc -l)" 3
is "$c: 3 different unmap means (spread > 0)" "$(printf '%s\n' "$v" | sort -u | wc -l)" 3
# RFC v2: paravirt 4K unmap 1.3 us, untraced; runs trace, and each unmap
# writes 5 EL2 events (hyp_enter, smmu_tlbi, smmu_sync, smmu_unmap,
# hyp_exit) at the profile's hyp_event_ns = 40 ns: 1.3 + 0.2 = 1.5 us.
# Every repetition within 20% of that.
is "$c: each repetition within 20% of 1.3 us + 5 x 40 ns of tracing" \
	"$(printf '%s\n' "$v" | awk '$1 < 1200 || $1 > 1800' | wc -l)" 0
is "every dmabench cell spreads: no cell with equal unmap means" \
	"$(jq -r 'select(.workload == "dmabench" and .op == "unmap" and .metric == "mean") |
		"\(.cell) \(.value)"' "$a/results.jsonl" | sort -u | cut -d' ' -f1 | uniq -c |
		awk '$1 != 3' | wc -l)" 0
is "the same conf again: the same unmap means" "$(reps "$b" $c unmap mean)" "$v"
is "the same conf again: the same results, row for row" \
	"$(jq -c 'select(.metric == "mean")' "$b/results.jsonl" | md5sum)" \
	"$(jq -c 'select(.metric == "mean")' "$a/results.jsonl" | md5sum)"

out=$("$SMMUBENCH" compare "$a" "$a" 2>"$tmp/err")
is "compare of a run with itself: exit 0" "$?" 0
like "compare of a run with itself: nothing significant" "$out" \
	'^# [0-9]+ metrics, 0 significant changes, 0 regressions'
is "compare of a run with itself: no star" "$(printf '%s\n' "$out" | grep -v '^#' | grep -c '\*')" 0
like "compare of a run with itself: the paravirt 4K unmap mean is +0.00%" "$out" \
	'dmabench threads=1 granule=1 \| unmap mean \[paravirt\] .*\(\+0\.00%\)'
done_testing
