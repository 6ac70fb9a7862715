#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The size rules of issue 17, kept true: no source file over 600 lines, and
# no function over 80 lines (kernel style: "^{" to "^}") without a comment
# right above it that says why. Files of kernel-patches/ are the kernel's.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

if ! git rev-parse --git-dir >/dev/null 2>&1; then
	skip "not a git checkout: no list of sources"
	done_testing
fi
mapfile -t srcs < <(git ls-files -- '*.c' '*.h' | grep -v '^kernel-patches/')

long=$(for f in "${srcs[@]}"; do n=$(wc -l <"$f"); [ "$n" -gt 600 ] && echo "$f: $n lines"; done)
is "no source file over 600 lines" "$long" ""

# a function: its signature line, then "{" in column 0; the line above the
# signature (or above a multi-line signature's first line) must end a comment
bad=$(awk '
FNR == 1 { sig = 0; start = 0 }
/^[A-Za-z_].*\(/ && !/;[ \t]*$/ { sig = FNR; above = prev }
/^\{/ { start = FNR; s = sig; a = above }
/^\}/ && start {
	if (FNR - start + 1 > 80 && a !~ /\*\/[ \t]*$/)
		printf "%s:%d: %d lines and no comment above saying why\n", FILENAME, s, FNR - start + 1
	start = 0
}
{ prev = $0 }
' "${srcs[@]}")
is "no function over 80 lines without a comment saying why" "$bad" ""
done_testing
