#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# dashboard only reads results.db (issue 13): it works on a read-only db,
# never adds smmubench's tables to a db that lacks them, and says clearly
# when a db is not smmubench's.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

tmp=$(mktemp -d)
trap 'umount "$tmp/ro" 2>/dev/null; rm -rf "$tmp"' EXIT
FX_DAY=1 FX_EPOCH=1700000100 fx_pair "$tmp/r1" base 0
FX_DAY=2 FX_EPOCH=1700000200 fx_pair "$tmp/r2" nightly 1
mkdir "$tmp/ro"
"$SMMUBENCH" ingest --db "$tmp/ro/results.db" "$tmp/r1" "$tmp/r2" >/dev/null
is "ingest exits 0" "$?" 0
sum=$(md5sum <"$tmp/ro/results.db")

# a read-only db: a read-only bind mount as root (root ignores modes), else modes
if need_root; then
	mount --bind "$tmp/ro" "$tmp/ro" && mount -o remount,bind,ro "$tmp/ro" || skip "no read-only bind mount"
else
	chmod 0444 "$tmp/ro/results.db" && chmod 0555 "$tmp/ro"
fi
out=$("$SMMUBENCH" dashboard --db "$tmp/ro/results.db" -o "$tmp/dash" 2>&1)
is "dashboard of a read-only db exits 0" "$?" 0
like "and draws both runs" "$out" '2 runs, 2 metrics'
umount "$tmp/ro" 2>/dev/null
chmod 0755 "$tmp/ro"
is "the db is unchanged" "$(md5sum <"$tmp/ro/results.db")" "$sum"
"$SMMUBENCH" dashboard --db "$tmp/ro/results.db" -o "$tmp/dash2" >/dev/null 2>&1
is "a writable db is left byte for byte as it was" "$(md5sum <"$tmp/ro/results.db")" "$sum"

# someone else's SQLite database: not touched, and said so
sqlite3 "$tmp/other.db" 'CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ($$mine$$);'
schema=$(sqlite3 "$tmp/other.db" .schema)
out=$("$SMMUBENCH" dashboard --db "$tmp/other.db" -o "$tmp/dash3" 2>&1)
is "dashboard of a db without smmubench's schema exits 2" "$?" 2
like "and says what it is not" "$out" "other\.db: not a smmubench results\.db"
is "no table was added to it" "$(sqlite3 "$tmp/other.db" .schema)" "$schema"
: >"$tmp/empty.db"
out=$("$SMMUBENCH" dashboard --db "$tmp/empty.db" -o "$tmp/dash4" 2>&1)
is "an empty file exits 2" "$?" 2
is "and stays empty" "$(stat -c %s "$tmp/empty.db")" 0
done_testing
