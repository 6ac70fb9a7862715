#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# regen-header.sh PATCH HEADER PATH: replaces the new file PATH that PATCH
# adds (a git format-patch file) with the contents of HEADER, fixing the
# hunk length, the blob index and the diffstat, so that check.sh's "is the
# generated hook header" check passes again after the event table grew:
#   smmubench events --hook-header >/tmp/h
#   bash kernel-patches/regen-header.sh kernel-patches/hyp-events/0001-*.patch \
#        /tmp/h arch/arm64/include/asm/kvm_smmu_hypevents.h
set -eu
patch=$1 header=$2 path=$3
n=$(wc -l <"$header")
blob=$(git hash-object "$header" | cut -c1-7)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk -v path="$path" -v n="$n" -v blob="$blob" -v hdr="$header" '
function flush_body() {
	while ((getline line < hdr) > 0)
		print "+" line
	close(hdr)
}
/^diff --git / {
	if (on && body) { on = 0 }
	on = ($0 == "diff --git a/" path " b/" path); body = 0
	print; next
}
on && /^index 0000000\.\./ { print "index 0000000.." blob; next }
on && /^@@ -0,0 / { print "@@ -0,0 +1," n " @@"; flush_body(); body = 1; next }
on && body && /^\+/ { next }
on && body { on = 0 }
{ print }
' "$patch" >"$tmp"
# the diffstat line of PATH and the totals, from what the patch now holds
old=$(awk -v path="$path" '$1 == path && $2 == "|" { print $3 }' "$tmp")
if [ -n "$old" ]; then
	delta=$((n - old))
	awk -v path="$path" -v n="$n" -v delta="$delta" '
	$1 == path && $2 == "|" && !done { sub(/\| *[0-9]+ \++/, "| " sprintf("%3d", n) " " substr("++++++++++++++++++++++++++++++++++++++++", 1, 20)); done = 1 }
	/^ [0-9]+ files? changed, [0-9]+ insertions?\(\+\)/ && !tot {
		match($0, /[0-9]+ insertions?/); ins = substr($0, RSTART, RLENGTH) + 0
		sub(/[0-9]+ insertions?/, (ins + delta) " insertions"); tot = 1
	}
	{ print }' "$tmp" >"$patch"
else
	cp "$tmp" "$patch"
fi
