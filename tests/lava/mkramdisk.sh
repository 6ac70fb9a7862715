#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mkramdisk.sh OUT.cpio: the LAVA guest's initramfs (uncompressed newc
# cpio): busybox, the static aarch64 smmubench, Debian's arm64 fio and its
# libraries, the disk and ext4 modules of tests/arm64/fetch.sh's cache, the
# bench.conf of the run and tests/lava/guest-init.sh as /init.
# Environment: SMMUBENCH_ARM64, CACHE (tests/arm64/fetch.sh's directory),
# MODULES=0 leaves the modules out (a kernel with its drivers built in,
# such as the pKVM kernel of `make kernel`).
set -eu
out=${1:?usage: mkramdisk.sh OUT.cpio}
here=$(cd "$(dirname "$0")" && pwd)
: "${SMMUBENCH_ARM64:?SMMUBENCH_ARM64 unset}" "${CACHE:?CACHE unset}"
die() { echo "mkramdisk.sh: $*" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/modules" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/root"
cp "$CACHE/busybox" "$root/bin/busybox"
cp "$SMMUBENCH_ARM64" "$root/bin/smmubench"
if [ "${MODULES:-1}" = 1 ]; then
	cp "$CACHE"/modules/*.ko "$CACHE/modules/order" "$root/modules/"
fi
"$here/../arm64/fetch-fio.sh" "$CACHE" > /dev/null || die "no arm64 fio for the guest (tests/arm64/fetch-fio.sh)"
cp -a "$CACHE/fio-root/." "$root/"
cp "$here/bench-lava.conf" "$root/bench-lava.conf"
cp "$here/guest-init.sh" "$root/init"
chmod 0755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$out"
echo "mkramdisk.sh: $out ($(du -h "$out" | cut -f1))"
