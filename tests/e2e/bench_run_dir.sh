#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run directories: two runs of one label in one second both land, each in
# its own <date>-<label>[-N]; a full file system is named as one.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '[model]\ndesigns = native\n[workload a]\ntype = dmabench\nduration_ms = 1\n' >"$tmp/c.conf"

# Another run of label "same" is being written in this second: its hidden
# .<date>-same.tmp exists. Made for the next seconds too, so the run below
# meets one whatever second it starts in.
now=$(date -u +%s)
for s in 0 1 2 3 4 5 6 7 8 9; do
	mkdir -p "$tmp/res/.$(date -u -d @$((now + s)) +%Y%m%d-%H%M%S)-same.tmp"
done
out=$("$SMMUBENCH" run -q -r 1 -w 0 -o "$tmp/res" -l same "$tmp/c.conf" 2>"$tmp/err")
is "a run beside one of the same label and second exits 0" "$?" 0
like "and writes <date>-same-2 beside it" "$(cat "$tmp/err")" \
	"^smmubench run: .* -> $tmp/res/\\.[0-9]{8}-[0-9]{6}-same-2\\.tmp$"
like "it is <date>-same-2, as the finish step names a second run" "$out" \
	"^results: $tmp/res/[0-9]{8}-[0-9]{6}-same-2 \(complete\)$"
is "the other run's directory is left alone" "$(find "$tmp/res" -maxdepth 1 -name '.*-same.tmp' | wc -l)" 10

# Two runs at once: both complete, in two directories.
rm -rf "$tmp/res2"
"$SMMUBENCH" run -q -r 1 -w 0 -o "$tmp/res2" -l twin "$tmp/c.conf" >"$tmp/o1" 2>&1 &
p1=$!
"$SMMUBENCH" run -q -r 1 -w 0 -o "$tmp/res2" -l twin "$tmp/c.conf" >"$tmp/o2" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "two runs at once: both exit 0" "$r1 $r2" "0 0"
is "in two run directories" "$(find "$tmp/res2" -mindepth 1 -maxdepth 1 -name '*-twin*' | wc -l)" 2
done_testing
