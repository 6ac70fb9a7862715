#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A run is never rewritten (reports/README.md): report -o (and dashboard -o)
# naming a run directory, or a directory inside one, is refused and writes
# nothing there; a report beside the runs is still fine.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx_runs "$tmp"
d=$tmp/hw-native
before=$(cd "$d" && find . | sort | md5sum)

out=$("$SMMUBENCH" report -o "$d" "$d" 2>&1)
is "report -o RUNDIR exits 2" "$?" 2
like "and says why" "$out" "$d is a run directory .*never rewritten"
out=$("$SMMUBENCH" report -o "$d/rep" "$tmp/model-pv" 2>&1)
is "report -o RUNDIR/sub exits 2" "$?" 2
out=$(cd "$d/hist" && "$SMMUBENCH" report -o x "$tmp/model-pv" 2>&1)
is "report -o x from inside a run exits 2" "$?" 2
out=$("$SMMUBENCH" report -o "$d/./" "$d" 2>&1)
is "report -o RUNDIR/./ exits 2" "$?" 2
is "the run is unchanged" "$(cd "$d" && find . | sort | md5sum)" "$before"

"$SMMUBENCH" ingest --db "$tmp/r.db" "$tmp/model-pv" >/dev/null 2>&1
out=$("$SMMUBENCH" dashboard --db "$tmp/r.db" -o "$d" 2>&1)
is "dashboard -o RUNDIR exits 2" "$?" 2
like "and says why" "$out" "$d is a run directory .*never rewritten"
is "the run is still unchanged" "$(cd "$d" && find . | sort | md5sum)" "$before"

"$SMMUBENCH" report -o "$tmp/rep" "$d" >/dev/null 2>&1
is "report -o beside the runs exits 0" "$?" 0
done_testing
