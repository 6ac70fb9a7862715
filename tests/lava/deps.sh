#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh: lava-dispatcher (Debian bookworm 2023.01) for `make check-lava`,
# with python3-guestfs (its qemu device builds the test overlay disk with
# libguestfs). libguestfs0 depends on qemu-system-x86: when make deps-arm64
# took QEMU from bookworm-backports, qemu-system-x86 must come from there too
# (the same qemu-system-common), so apt is told to take it from that suite;
# and a host kernel in /boot for libguestfs's appliance.
# Says what it did; with everything present it only looks.
set -eu
pkgs="lava-dispatcher python3-guestfs"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
# libguestfs builds its appliance from the host's own kernel (supermin looks
# in /boot, "failed to find a suitable kernel" without one); a container has
# none, so libguestfs0's Recommends, which --no-install-recommends leaves out
if ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
	missing="$missing linux-image-$(dpkg --print-architecture)"
fi
if [ -z "$missing" ]; then
	echo "deps-lava: lava-dispatcher $(dpkg-query -W -f='${Version}' lava-dispatcher) present"
	exit 0
fi
command -v apt-get >/dev/null || { echo "deps-lava: missing$missing and no apt-get" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "deps-lava: missing$missing; run as root: make deps-lava" >&2; exit 1; }
extra=
common=$(dpkg-query -W -f='${Version}' qemu-system-common 2>/dev/null || true)
case $common in
*~bpo*)
	suite=$(. /etc/os-release && echo "${VERSION_CODENAME}-backports")
	extra="qemu-system-x86/$suite"
	echo "deps-lava: QEMU $common is from $suite: qemu-system-x86 from there too"
	;;
esac
echo "deps-lava: installing$missing $extra"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! apt-get install -y -q --no-install-recommends $missing $extra > /tmp/smmubench-deps-lava.log 2>&1; then
	apt-get update -q > /dev/null 2>&1 || true
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing $extra > /tmp/smmubench-deps-lava.log 2>&1 ||
		{ echo "deps-lava: apt-get install$missing $extra failed: $(grep -E '^E:|Depends' /tmp/smmubench-deps-lava.log | tail -1)" >&2; exit 1; }
fi
echo "deps-lava: installed$missing $extra"
