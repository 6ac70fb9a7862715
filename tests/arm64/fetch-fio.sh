#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch-fio.sh CACHE: Debian's arm64 fio for the guest (the runner's fio
# workload execs "fio"). Debian ships it dynamically linked against ~60
# libraries (ceph, glusterfs, rdma, pmem...), so this downloads fio:arm64 and
# the arm64 library packages it depends on (apt-get download, into
# CACHE/fio-debs, re-used), then copies fio and exactly the shared objects
# its ELF DT_NEEDED closure names into CACHE/fio-root/ (usr/bin/fio,
# lib/ld-linux-aarch64.so.1, lib/aarch64-linux-gnu/*.so.*).
set -eu
cache=${1:?usage: fetch-fio.sh CACHE}
die() { echo "fetch-fio.sh: $*" >&2; exit 1; }
root=$cache/fio-root
[ -x "$root/usr/bin/fio" ] && [ -s "$root/.complete" ] && { echo "fetch-fio.sh: cached $(cat "$root/.complete")"; exit 0; }

mkdir -p "$cache/fio-debs"
cd "$cache/fio-debs"
if [ ! -s .downloaded ]; then
	# runtime library packages only; tools (perl, python, dpkg...) are not needed
	pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances fio:arm64 2>/dev/null |
		grep -v '^ ' | grep -E '^(fio|lib[^ ]*|zlib1g):arm64$' |
		grep -vE '^lib(perl|python|debian-installer|pam|semanage|sepol|newt|slang|textwrap|gdbm|db5|readline|ncursesw|tinfo)' |
		sort -u)
	[ -n "$pkgs" ] || die "apt-cache knows no fio:arm64: run 'make deps-arm64' (arm64 apt lists)"
	echo "fetch-fio.sh: apt-get download fio:arm64 and $(($(echo "$pkgs" | wc -l) - 1)) library packages"
	# shellcheck disable=SC2086
	apt-get download -q $pkgs 2>&1 | grep -E '^(E|Err):' && die "apt-get download failed"
	ls ./*.deb > .downloaded
fi
cd - > /dev/null

x=$cache/fio-x
rm -rf "$x" "$root"
mkdir -p "$x" "$root/usr/bin" "$root/lib/aarch64-linux-gnu"
for d in "$cache"/fio-debs/*.deb; do dpkg-deb -x "$d" "$x"; done
[ -x "$x/usr/bin/fio" ] || die "fio:arm64 has no usr/bin/fio"
cp "$x/usr/bin/fio" "$root/usr/bin/fio"

needed() { aarch64-linux-gnu-readelf -d "$1" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'; }
find_so() {
	local d
	for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu/ceph lib; do
		[ -e "$x/$d/$1" ] && { echo "$x/$d/$1"; return 0; }
	done
	return 1
}
# ELF files whose DT_NEEDED libraries are still to be copied (a work list)
pending=$x/usr/bin/fio
seen=" "
while [ -n "$pending" ]; do
	set -- $pending
	f=$1
	shift
	pending="$*"
	for n in $(needed "$f"); do
		case $seen in *" $n "*) continue ;; esac
		seen="$seen$n "
		p=$(find_so "$n") || die "no package of fio's closure provides $n"
		cp -L "$p" "$root/lib/aarch64-linux-gnu/$n"
		pending="$pending $p"
	done
done
mv "$root/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" "$root/lib/ld-linux-aarch64.so.1"
rm -rf "$x"
v=$(ls "$cache"/fio-debs/fio_*_arm64.deb | sed 's/.*fio_\(.*\)_arm64.deb/\1/')
echo "fio $v with $(echo $seen | wc -w) shared objects ($(du -sm "$root" | cut -f1) MiB)" > "$root/.complete"
echo "fetch-fio.sh: $(cat "$root/.complete") in $root"
