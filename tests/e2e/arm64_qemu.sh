#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The arm64 end-to-end test (tests/arm64/check.sh) as part of `make check`:
# installs what it needs (make deps-arm64), builds the static aarch64
# smmubench (make arm64), then boots the guest. Skips, saying why, when
# qemu-system-aarch64 (QEMU_AARCH64) or the arm64 libraries cannot be
# installed.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
export O
mkdir -p "$O"
log=$O/arm64-deps.log

qemu=${QEMU_AARCH64:-qemu-system-aarch64}
if ! command -v "$qemu" >/dev/null && ! need_root; then
	skip "$qemu is not installed and installing it needs root (make deps-arm64)"
	done_testing
fi
if ! make -C "$top" --no-print-directory O="$O" deps-arm64 > "$log" 2>&1; then
	# deps.sh's own last word, not make's "*** Error 1"
	skip "cannot install the arm64 test's packages: $(grep -vE '^make(\[[0-9]+\])?: \*\*\*' "$log" | tail -1)"
	done_testing
fi
# a warning (e.g. QEMU older than 10 without root to upgrade it) goes on
sed -n 's/^deps-arm64: warning: /# deps-arm64: /p' "$log"
if ! make -C "$top" --no-print-directory -j"$(nproc)" O="$O" arm64 > "$O/arm64-build.log" 2>&1; then
	sed 's/^/# /' "$O/arm64-build.log" | tail -20
	fail "static aarch64 build (make arm64)"
	done_testing
fi
# Downloads need the Debian archive: without it, skip (check-arm64 fails instead)
mkdir -p "$O/arm64"
if ! "$top/tests/arm64/fetch.sh" "$O/arm64/cache" > "$O/arm64-fetch.log" 2>&1; then
	skip "cannot fetch Debian's arm64 kernel and busybox: $(tail -1 "$O/arm64-fetch.log")"
	done_testing
fi
exec bash "$top/tests/arm64/check.sh"
