#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench/README.md documents every bench.conf key (type, unit, default):
# each row `smmubench run --keys` prints must be in it, verbatim.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
readme=$here/../../bench/README.md

keys=$("$SMMUBENCH" run --keys)
like "the key table has a header" "$keys" '^\| section \| key \| type \| unit \| default \| meaning \|$'
n=0 missing=0
while IFS= read -r row; do
	n=$((n + 1))
	if ! grep -qxF -- "$row" "$readme"; then
		missing=$((missing + 1))
		echo "# not in bench/README.md: $row"
	fi
done <<<"$keys"
check "the table has rows for the five sections and both workloads" test "$n" -gt 40
is "every key row is in bench/README.md" "$missing" 0
for k in repeat warmup perf_events type designs cmds_per_sync threads granule bs iodepth knob path values; do
	like "key $k is documented" "$keys" "\`$k\`"
done
done_testing
