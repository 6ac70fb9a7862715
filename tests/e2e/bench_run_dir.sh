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

# A full file system: every failed run says "No space left on device" on
# stderr, never "Input/output error" (write errors used to be turned into
# EIO) and never nothing (a full results.jsonl used to fail the run without
# a word). Needs a tiny tmpfs, so root; the sizes and the two files make
# the runs fail at different writes: the model's event pages, the rows.
# keep_raw = none: raw copies are trace/'s (trace_copy_file), not tested here.
if need_root && mkdir "$tmp/mnt" && mount -t tmpfs -o size=64k tmpfs "$tmp/mnt" 2>/dev/null; then
	trap 'umount "$tmp/mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
	umount "$tmp/mnt"
	printf '[model]\ndesigns = native\n[workload a]\ntype = dmabench\nthreads = 1, 2, 4\ngranule = 1, 16\nduration_ms = 2\n[target]\nkeep_raw = none\n' >"$tmp/wide.conf"
	printf '[model]\ndesigns = native\n[workload a]\ntype = dmabench\nduration_ms = 1\n[target]\nkeep_raw = none\n' >"$tmp/long.conf"
	eio=0 silent=0 failed=0
	for run in "wide.conf 2" "long.conf 1000"; do
		set -- $run
		for size in 64k 256k 600k 800k 1m 2m; do
			mount -t tmpfs -o size=$size tmpfs "$tmp/mnt" || break
			"$SMMUBENCH" run -q -r $2 -w 0 -o "$tmp/mnt/res" "$tmp/$1" >/dev/null 2>"$tmp/err"
			rc=$?
			umount "$tmp/mnt"
			[ $rc = 0 ] && continue
			failed=$((failed + 1))
			if grep -q 'Input/output error' "$tmp/err"; then
				eio=$((eio + 1))
				echo "# $1, tmpfs size=$size: $(grep -m1 'Input/output error' "$tmp/err")"
			fi
			if ! grep -q 'No space left on device' "$tmp/err"; then
				silent=$((silent + 1))
				echo "# $1, tmpfs size=$size: exit $rc, and stderr does not say why:"
				sed 's/^/#   /' "$tmp/err"
			fi
		done
	done
	check "runs on a full tmpfs fail" test "$failed" -gt 0
	is "a full file system is never called an I/O error" "$eio" 0
	is "every failed run says the file system is full" "$silent" 0
else
	skip "ENOSPC: needs root to mount a tiny tmpfs"
fi
done_testing
