#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch.sh CACHE: downloads Debian's arm64 6.12 kernel and busybox-static
# (apt-get download, needs `dpkg --add-architecture arm64`) into CACHE and
# extracts what the guest needs:
#   CACHE/vmlinuz, CACHE/config, CACHE/release,
#   CACHE/busybox            static aarch64 busybox,
#   CACHE/modules/*.ko       nvme + virtio_blk and their dependencies,
#                            decompressed, with CACHE/modules/order (load order).
# Everything is re-used when present; delete CACHE to start over.
set -eu
cache=${1:?usage: fetch.sh CACHE}
mkdir -p "$cache"
cd "$cache"

# Guest drivers we load; their `depends=` lists are followed. ext4 (and the
# crc32c it asks for) mounts the ext2 disk of LAVA's test overlay (tests/lava).
want_mods="nvme virtio_blk ext4 crc32c_generic"

die() { echo "fetch.sh: $*" >&2; exit 1; }

if [ -s release ] && [ -s vmlinuz ] && [ -x busybox ] && [ -s modules/order ] &&
	[ "$(for m in $want_mods; do grep -qx "$m" modules/order || echo "$m"; done)" = "" ]; then
	echo "fetch.sh: cached $(cat release) in $cache"
	exit 0
fi

dpkg --print-foreign-architectures | grep -qx arm64 ||
	die "arm64 is not a dpkg architecture: run 'make deps-arm64' (dpkg --add-architecture arm64; apt-get update)"

# The newest 6.12 generic arm64 kernel the archive offers.
kpkg=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-arm64-unsigned$' |
	awk '{ print $1 }' | sort -V | tail -1)
[ -n "$kpkg" ] || die "no linux-image-6.12.*+deb12-arm64-unsigned in the apt lists: run apt-get update"

kdeb=$(ls "${kpkg}"_*_arm64.deb 2>/dev/null | head -1 || true)
bdeb=$(ls busybox-static_*_arm64.deb 2>/dev/null | head -1 || true)
if [ -z "$kdeb" ] || [ -z "$bdeb" ]; then
	echo "fetch.sh: apt-get download $kpkg:arm64 busybox-static:arm64"
	# _apt cannot write into a root-owned build dir; apt then downloads as root.
	apt-get download -q "$kpkg:arm64" busybox-static:arm64 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
	kdeb=$(ls "${kpkg}"_*_arm64.deb 2>/dev/null | head -1 || true)
	bdeb=$(ls busybox-static_*_arm64.deb 2>/dev/null | head -1 || true)
	[ -n "$kdeb" ] && [ -n "$bdeb" ] || die "apt-get download $kpkg:arm64 busybox-static:arm64 failed"
fi

rm -rf x modules
mkdir -p x modules
dpkg-deb --fsys-tarfile "$bdeb" | tar -x -C x ./bin/busybox
cp x/bin/busybox busybox
file busybox | grep -q 'ARM aarch64.*statically linked' || die "$bdeb: bin/busybox is not a static aarch64 binary"

# one pass over the 90 MiB .deb: the kernel, its config and the drivers we
# load with their usual dependencies (others are fetched one by one below)
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C x --wildcards './boot/vmlinuz-*' './boot/config-*' \
	'./lib/modules/*/kernel/drivers/nvme/*' './lib/modules/*/kernel/drivers/block/virtio_blk.ko.xz' \
	'./lib/modules/*/kernel/fs/ext4/*' './lib/modules/*/kernel/fs/jbd2/*' './lib/modules/*/kernel/fs/mbcache.ko.xz' \
	'./lib/modules/*/kernel/crypto/crc32c_generic.ko.xz'
rel=$(ls x/boot/ | sed -n 's/^vmlinuz-//p' | head -1)
[ -n "$rel" ] || die "$kdeb has no boot/vmlinuz-*"
cp "x/boot/vmlinuz-$rel" vmlinuz
cp "x/boot/config-$rel" config

# Debian ships no modules.dep in the .deb (depmod runs at install), so
# follow each module's modinfo `depends=` field ourselves.
: > modules/order
load() {
	local name=$1 path dep f re
	f=$(echo "$name" | tr - _)
	grep -qx "$f" modules/order && return 0
	re="/$(echo "$name" | sed 's/[-_]/[-_]/g')\.ko\.xz$"
	path=$(cd x && find . -name '*.ko.xz' | grep -E "$re" | head -1)
	if [ -z "$path" ]; then
		# not in the first pass: list the package once, extract just that file
		[ -s x/ko-list ] || dpkg-deb -c "$kdeb" | awk '{ print $NF }' | grep '\.ko\.xz$' > x/ko-list
		path=$(grep -E "$re" x/ko-list | head -1)
		[ -n "$path" ] || die "module $name not found in $kdeb"
		dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C x "$path"
	fi
	xz -dc "x/$path" > "modules/$f.ko"
	for dep in $(strings "modules/$f.ko" | sed -n 's/^depends=//p' | tr , ' '); do
		load "$dep"
	done
	echo "$f" >> modules/order
}
for m in $want_mods; do load "$m"; done

echo "$rel" > release
rm -rf x
echo "fetch.sh: $rel kernel, busybox and modules ($(tr '\n' ' ' < modules/order)) in $cache"
