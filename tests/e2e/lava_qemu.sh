#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The LAVA check (tests/lava/check.sh, issue 16) as part of `make check`: a
# heavy check that runs when its inputs are there and skips, saying why,
# otherwise: lava-dispatcher (make deps-lava installs it), QEMU and the
# arm64 guest's cache ($O/arm64/cache from make check-arm64) with the
# static aarch64 smmubench. LAVA_CHECK=0 skips it.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
export O

if [ "${LAVA_CHECK:-1}" = 0 ]; then
	skip "LAVA_CHECK=0"
	done_testing
fi
# the guest cache first: without it, installing lava-dispatcher is for nothing
cache=$O/arm64/cache
if [ ! -s "$cache/vmlinuz" ] || [ ! -x "$cache/busybox" ] || [ ! -x "$cache/fio-root/usr/bin/fio" ]; then
	skip "no arm64 guest cache in $cache (make check-arm64 makes it)"
	done_testing
fi
# deps-lava only looks when all is there; it also brings what lava-run
# alone does not show missing (a host kernel for libguestfs)
if ! { need_root && make -C "$top" --no-print-directory deps-lava > "$O/lava-deps.log" 2>&1; } &&
   ! command -v lava-run >/dev/null; then
	skip "lava-dispatcher is not installed and cannot be: $(tail -1 "$O/lava-deps.log" 2>/dev/null || echo 'needs root (make deps-lava)')"
	done_testing
fi
if ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
	skip "no host kernel in /boot for libguestfs's appliance (make deps-lava installs one): $(tail -1 "$O/lava-deps.log" 2>/dev/null)"
	done_testing
fi
if ! command -v qemu-system-aarch64 >/dev/null; then
	skip "qemu-system-aarch64 is not installed (make deps-arm64)"
	done_testing
fi
# the modules (ext4 for LAVA's overlay disk) and the static build, both quick when present
if ! "$top/tests/arm64/fetch.sh" "$cache" > "$O/lava-fetch.log" 2>&1; then
	skip "cannot complete the arm64 guest cache: $(tail -1 "$O/lava-fetch.log")"
	done_testing
fi
if ! make -C "$top" --no-print-directory -j"$(nproc)" O="$O" arm64 > "$O/lava-build.log" 2>&1; then
	sed 's/^/# /' "$O/lava-build.log" | tail -20
	fail "static aarch64 build (make arm64)"
	done_testing
fi
exec bash "$top/tests/lava/check.sh"
