#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs every test and prints one summary line: "N passed, N failed, N skipped".
#
# Unit tests are cmocka binaries (given as arguments) run with TAP output;
# end-to-end tests are tests/e2e/*.sh scripts that print TAP through
# tests/e2e/lib.sh. A program that dies without reporting a failure counts
# as one failure. Environment: SMMUBENCH (the binary), O (build dir).
set -u
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 skip=0
failed_names=()

# count TAP lines of one program's output; $1 = label, $2 = exit status, $3 = file,
# $4 = seconds it took
tally() {
	local label=$1 rc=$2 out=$3 secs=$4 p f s
	p=$(grep -cE '^ok ' "$out")
	s=$(grep -cE '^(not )?ok .*# SKIP' "$out")
	f=$(grep -E '^not ok ' "$out" | grep -cv '# SKIP')
	p=$((p - $(grep -cE '^ok .*# SKIP' "$out")))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $label exited with status $rc without a TAP failure"
	fi
	[ "$f" -gt 0 ] && failed_names+=("$label")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	printf '# %-32s %3d passed, %d failed, %d skipped  (%d s)\n' "$label" "$p" "$f" "$s" "$secs"
}

start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in "$@"; do
	name=$(basename "$t")
	echo "# --- $name"
	t0=$SECONDS
	CMOCKA_MESSAGE_OUTPUT=TAP timeout 600 "$t" >"$tmp/out" 2>&1
	rc=$?
	grep -vE '^ok ' "$tmp/out" | sed 's/^/  /'
	tally "$name" "$rc" "$tmp/out" $((SECONDS - t0))
done

for t in "$here"/e2e/*.sh; do
	[ -e "$t" ] || continue
	case $(basename "$t") in lib.sh) continue ;; esac
	name=e2e/$(basename "$t" .sh)
	echo "# --- $name"
	t0=$SECONDS
	timeout 900 bash "$t" >"$tmp/out" 2>&1
	rc=$?
	grep -vE '^ok ' "$tmp/out" | sed 's/^/  /'
	tally "$name" "$rc" "$tmp/out" $((SECONDS - t0))
done

if [ "$fail" -gt 0 ]; then
	echo "# failed: ${failed_names[*]}"
fi
echo "# all tests: $((SECONDS - start)) s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
