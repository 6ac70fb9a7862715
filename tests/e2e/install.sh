#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make install: the binary, the model's profiles and an example bench.conf
# land under DESTDIR/prefix, and the installed binary runs the model from
# anywhere (it finds ../share/smmubench/profiles).
cd "$(dirname "$0")/../.." || exit 1
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s --no-print-directory O="${O:-build}" install DESTDIR="$tmp/root" prefix=/usr \
	>"$tmp/out" 2>&1
is "make install DESTDIR= prefix= succeeds" "$?" 0
check "the binary is installed executable" test -x "$tmp/root/usr/bin/smmubench"
check "the default profile is installed" test -r "$tmp/root/usr/share/smmubench/profiles/morello.conf"
check "an example bench.conf is installed" test -r "$tmp/root/usr/share/smmubench/bench.conf"
out=$(cd / && "$tmp/root/usr/bin/smmubench" model -d native -t 1 -g 1 2>&1)
like "the installed binary finds its profile from /" "$out" \
	'profile .*/usr/bin/\.\./share/smmubench/profiles/morello\.conf'
make -s --no-print-directory O="${O:-build}" uninstall DESTDIR="$tmp/root" prefix=/usr >/dev/null 2>&1
check "make uninstall removes the binary" test ! -e "$tmp/root/usr/bin/smmubench"
check "and the data" test ! -e "$tmp/root/usr/share/smmubench"
done_testing
