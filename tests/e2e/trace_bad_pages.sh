#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A raw page whose commit is past its end (a crafted or torn page) is
# read up to its first bad entry by both walkers, never past it: the maps
# before it are in the results, stderr names the file and offset, and the
# loss is in stat's header and summary.json's sources[].bad_pages.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_pages.inc"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=$tmp/raw
"$SMMUBENCH" events --remote-dir "$r" --cpus 1 >/dev/null
# 3 maps of 60 bytes, then commit 0x7ffffff: 128 MiB past a 4 KiB page
smmu_map_page "$r/events/hypervisor/smmu_map/format" 300 600 900 |
	perl -e 'local $/; my $p = <STDIN>; substr($p, 8, 8) = pack("Q<", 0x7ffffff); print $p' \
	>"$r/per_cpu/cpu0/trace_pipe_raw"

for walker in fast kbuffer; do
	if [ $walker = kbuffer ]; then export SMMUBENCH_RAW_DECODE=kbuffer; else unset SMMUBENCH_RAW_DECODE; fi
	out=$("$SMMUBENCH" stat -s "raw:$r" -- true 2>"$tmp/err")
	is "$walker: stat exits 0" "$?" 0
	like "$walker: the 3 maps before the bad spot are counted" "$out" "^smmu_map +3 .* 300 ns .* 900 ns"
	like "$walker: stderr names the file and page" "$(cat "$tmp/err")" \
		"cpu0/trace_pipe_raw: page at byte 0.*commit"
	like "$walker: stat's header warns" "$out" "^# WARNING: raw:$r: 1 page\(s\) were read only up to a bad entry"
	"$SMMUBENCH" stat --json -s "raw:$r" -- true >"$tmp/s.json" 2>/dev/null
	like "$walker: summary.json has bad_pages 1" "$(tr -d ' \n' <"$tmp/s.json")" '"bad_pages":1'
done
unset SMMUBENCH_RAW_DECODE
done_testing
