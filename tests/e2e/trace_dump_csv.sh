#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# dump --csv is RFC 4180 CSV when names hold a comma or a double quote: a
# remote directory named re,mo"te and a format file whose field is named
# do,m"ain. Expected rows worked out by hand from RFC 4180 section 2
# (quote a field holding , " CR or LF; double each ").
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/re,mo\"te
"$SMMUBENCH" events --remote-dir "$d" --cpus 1 >/dev/null
sed -i 's/u16 domain;/u16 do,m"ain;/' "$d/events/hypervisor/smmu_map/format"
printf '[000]\t  200.000010: smmu_map do,m"ain=1 ret=0 iova=0x10000 paddr=0x80000000 pgsize=4096 pgcount=1 mapped=4096 dur_ns=300\n' >"$d/per_cpu/cpu0/trace_pipe"
printf 'CPU:0 [LOST 2 EVENTS]\n' >>"$d/per_cpu/cpu0/trace_pipe"

out=$("$SMMUBENCH" dump --csv "remote:$d" 2>"$tmp/err")
is "dump --csv exits 0" "$?" 0
src="\"remote:$tmp/re,mo\"\"te\""
is "dump --csv: header, quoted source and fields, LOST row" "$out" \
"source,cpu,ts_ns,pid,event,fields
$src,0,200000010000,-1,hypervisor:smmu_map,\"do,m\"\"ain=1;ret=0;iova=65536;paddr=2147483648;pgsize=4096;pgcount=1;mapped=4096;dur_ns=300\"
$src,0,,,LOST,n=2"
if command -v python3 >/dev/null; then
	# an independent reader: Python's csv module gets 6 fields a row back
	got=$(printf '%s\n' "$out" | python3 -c '
import csv, sys
for r in csv.reader(sys.stdin):
    print(len(r), r[0].rsplit("/", 1)[-1], r[5].split(";")[0])')
	is "dump --csv: csv.reader reads 6 fields a row, as written" "$got" \
"6 source fields
6 re,mo\"te do,m\"ain=1
6 re,mo\"te n=2"
else
	skip "python3 missing"
fi
done_testing
