#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh PKG...: what `make deps-arm64` runs. Adds arm64 as a dpkg foreign
# architecture when missing (then apt-get update) and installs the missing
# packages (qemu-system-arm, the arm64 static -dev libraries). Says what it did.
set -u
die() { echo "deps-arm64: $*" >&2; exit 1; }
command -v dpkg >/dev/null || die "not a Debian system (no dpkg): install qemu-system-aarch64 and arm64 static libtracefs/libtraceevent/sqlite3/inih/json-c/zlib by hand"
apt_opts="-y -q --no-install-recommends -o DPkg::Lock::Timeout=300"
export DEBIAN_FRONTEND=noninteractive

updated=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	[ "$(id -u)" = 0 ] || die "arm64 is not a dpkg architecture; as root: dpkg --add-architecture arm64; apt-get update"
	dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
	echo "deps-arm64: added arm64 to dpkg's architectures"
	apt-get update -q -o DPkg::Lock::Timeout=300 >/dev/null || die "apt-get update failed"
	updated=1
fi
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps-arm64: all $# Debian packages present"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing$missing; as root: apt-get install$missing"
echo "deps-arm64: installing$missing"
# shellcheck disable=SC2086
if ! apt-get install $apt_opts $missing >/dev/null 2>&1; then
	[ $updated = 1 ] || apt-get update -q -o DPkg::Lock::Timeout=300 >/dev/null
	apt-get install $apt_opts $missing >/dev/null || die "apt-get install$missing failed"
fi
echo "deps-arm64: installed$missing"
