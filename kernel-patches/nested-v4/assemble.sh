#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# assemble.sh [-k] [-f] [-o OUT] BASE MAILS
#
# Assembles the trap-and-emulate pKVM SMMUv3 tree from its public sources:
# a kernel tree BASE (never modified) and the 28 mails of
# "[PATCH v4 NN/28] KVM: arm64: SMMUv3 driver for pKVM (trap and emulate)"
# (Mostafa Saleh, 19 Aug 2025) in the directory MAILS, which you supply: this
# script downloads nothing and carries no code of the series.
#
#   1. the mails: every file of MAILS, one message each or an mbox (`b4 am`
#      output, public-inbox messages, quoted-printable or not), split and
#      decoded by git mailsplit / git mailinfo; patches 01..28 must each be
#      there once (the cover letter and replies are left out);
#   2. the base: each file the series changes must have the git blob id that
#      the patches' "index <old>.." lines name (listed in BASE next to this
#      script), and each file it creates must be absent; the mails' own first
#      preimage ids must equal BASE too (else they are not the v4 series);
#   3. the tree: OUT/src, a hard-linked copy of BASE (the files the series
#      touches become private copies), with the series applied in order by
#      `git apply`; OUT/report.tsv has one line per patch.
#
# The first failure is reported with the file and line of the hunk that does
# not apply and why (the file is absent, exists already, or the context
# differs; with the function of the hunk header present in the base or not).
#
#   -k      keep going: apply what applies of a failing patch (per file,
#           --reject; rejected hunks in OUT/rej/NN/) and go on, to get the
#           whole table; the tree is then a diagnostic, not a kernel
#   -f      apply even when the base is not the recorded one (step 2 fails)
#   -o OUT  output directory (default ./nested-v4-tree)
#
# Exit status: 0 all 28 patches applied, 1 a patch did not apply,
# 2 usage, missing mails or a base that is not the recorded one (without -f).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
base_list=${NESTED_V4_BASE_LIST:-$here/BASE}
# the series: BASE's "series" line (prefix=PATCH v4<TAB>count=28)
npatches=$(sed -n 's/^series\t.*count=\([0-9]*\).*/\1/p' "$base_list" 2>/dev/null | head -1)
prefix=$(sed -n 's/^series\tprefix=\([^\t]*\).*/[\1 /p' "$base_list" 2>/dev/null | head -1)

say() { echo "nested-v4: $*"; }
die() { echo "nested-v4: $*" >&2; exit "${2:-2}"; }
usage() { sed -n '4,4s/^# //p' "$0" >&2; exit 2; }

keep=0 force=0 out=./nested-v4-tree
while getopts kfo:h opt; do
	case $opt in
	k) keep=1 ;;
	f) force=1 ;;
	o) out=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 2 ] || usage
base=$1 mails=$2
command -v git >/dev/null || die "git not found: run 'make deps'"
[ -d "$base" ] || die "$base: no such directory (BASE is a kernel tree)"
[ -d "$mails" ] || die "$mails: no such directory (MAILS holds the 28 v4 mails)"
[ -f "$base_list" ] || die "$base_list: no BASE list"
[ -n "$npatches" ] && [ -n "$prefix" ] || die "$base_list: no 'series<TAB>prefix=...<TAB>count=N' line"
base=$(cd "$base" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
case $out/ in "$base"/*) die "OUT ($out) must not be inside BASE ($base)" ;; esac
work=$out/mails
rm -rf "$work" "$out/rej"
mkdir -p "$work/split" "$work/patches"

# ---- 1. the mails -----------------------------------------------------------
files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$mails" -maxdepth 1 -type f -print0 | sort -z)
[ ${#files[@]} -gt 0 ] || die "$mails: no files (MAILS holds the 28 v4 mails)"
git mailsplit -b -o"$work/split" "${files[@]}" >/dev/null ||
	die "$mails: git mailsplit could not split the mails"
for m in "$work"/split/*; do
	# -k keeps "[PATCH v4 NN/28]" in the subject; mailinfo decodes QP
	git mailinfo -k "$m.msg" "$m.patch" < "$m" > "$m.info" 2>/dev/null || continue
	subj=$(sed -n 's/^Subject: //p' "$m.info")
	case $subj in "$prefix"[0-9]*/"$npatches"\]*) ;; *) continue ;; esac
	n=${subj#"$prefix"}
	n=${n%%/*}
	[[ $n =~ ^[0-9]+$ ]] || continue
	n=$(printf %02d $((10#$n)))
	[ "$n" != 00 ] && [ -s "$m.patch" ] || continue
	dst=$work/patches/00$n.patch
	if [ -e "$dst" ]; then
		cmp -s "$dst" "$m.patch" || die "two different mails for patch $n/$npatches: $(basename "$m") and an earlier one"
		continue
	fi
	cp "$m.patch" "$dst"
	printf '%s\n' "${subj#*\] }" > "$work/patches/00$n.subject"
done
missing=
for i in $(seq 1 "$npatches"); do
	i=$(printf %02d "$i")
	[ -e "$work/patches/00$i.patch" ] || missing="$missing $i"
done
[ -z "$missing" ] || die "$mails: no mail for patch(es)$missing of $npatches (subjects '$prefix""NN/$npatches] ...')"
say "$npatches patches from $mails"

# path<TAB>preimage id<TAB>patch: the first preimage of each file in the mails
first_preimages() {
	awk '
	FNR == 1 { p = FILENAME; sub(/.*\//, "", p); sub(/\.patch$/, "", p) }
	/^diff --git / { path = $4; sub(/^b\//, "", path) }
	/^index [0-9a-f]+\.\.[0-9a-f]+/ {
		split($2, id, /\.\./); if (!(path in seen)) { seen[path] = 1; print path "\t" id[1] "\t" p }
	}' "$work"/patches/0*.patch
}

# ---- 2. the base --------------------------------------------------------------
bad=0 nfiles=0
declare -A want
while IFS=$'\t' read -r kind path rest; do
	case $kind in ''|'#'*|series) continue ;; esac
	nfiles=$((nfiles + 1))
	if [ "$kind" = new ]; then
		want[$path]=0
		if [ -e "$base/$path" ]; then
			echo "BASE: $path: exists in the base; the series creates it (${rest#patch=})"
			bad=$((bad + 1))
		fi
		continue
	fi
	id=${rest%%$'\t'*}
	id=${id#blob=}
	want[$path]=$id
	if [ ! -f "$base/$path" ]; then
		echo "BASE: $path: absent from the base; BASE records blob $id"
		bad=$((bad + 1))
		continue
	fi
	got=$(git hash-object --no-filters "$base/$path")
	case $got in
	"$id"*) ;;
	*) echo "BASE: $path: blob ${got:0:${#id}}, BASE records $id"; bad=$((bad + 1)) ;;
	esac
done < "$base_list"
while IFS=$'\t' read -r path id p; do
	w=${want[$path]-}
	if [ -z "$w" ]; then
		die "the mails change $path (patch $p), which BASE does not list: not the v4 series?"
	fi
	[[ $id =~ ^0+$ ]] && id=0
	[ "$w" = "$id" ] || [ "${w:0:${#id}}" = "$id" ] ||
		die "patch $p: $path preimage $id, BASE records $w: not the v4 series?"
done < <(first_preimages)
if [ $bad -gt 0 ]; then
	say "$bad of $nfiles base files are not the recorded ones ($base_list)"
	[ $force = 1 ] || die "$base is not the series' base; -f applies anyway"
	say "-f: applying anyway"
else
	say "$nfiles base files are the recorded ones"
fi

# ---- 3. the tree --------------------------------------------------------------
src=$out/src
if [ -e "$src" ]; then
	[ -f "$src/.nested-v4-assembled" ] || die "$src exists and was not made by this script"
	rm -rf "$src"
fi
say "linking $base into $src"
cp -al "$base" "$src" 2>/dev/null || { rm -rf "$src"; cp -a "$base" "$src"; }
echo "$base" > "$src/.nested-v4-assembled"
# git apply rewrites files in place: give every touched file its own copy
for path in "${!want[@]}"; do
	if [ -f "$src/$path" ]; then
		cp "$src/$path" "$src/$path.nested-v4-tmp" && mv "$src/$path.nested-v4-tmp" "$src/$path"
	fi
done

# reason PATCHFILE PATH LINE: why the hunk of PATH at old line LINE fails
reason() {
	local fn
	fn=$(awk -v path="$2" -v line="$3" '
	/^diff --git / { p = $4; sub(/^b\//, "", p) }
	p == path && /^@@ / {
		split($2, a, ","); sub(/^-/, "", a[1])
		if (a[1] == line) { sub(/^@@ [^@]* @@ ?/, ""); print; exit }
	}' "$1")
	fn=$(printf '%s' "$fn" | sed -n 's/.*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p;t;s/^\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p')
	if [ -z "$fn" ]; then
		echo "context differs"
	elif grep -q "\\<$fn\\>" "$src/$2" 2>/dev/null; then
		echo "context differs in $fn() (present in the base)"
	else
		echo "$fn() is not in the base"
	fi
}

# classify LOG PATCHFILE: prints "status<TAB>detail" from git apply -v output
classify() {
	local log=$1 p=$2 l path line
	l=$(grep -m1 -E '^error: (patch failed: |.*: (already exists|No such file|does not exist))' "$log" || true)
	case $l in
	'error: patch failed: '*)
		l=${l#error: patch failed: }
		path=${l%:*} line=${l##*:}
		printf 'fails\t%s:%s: %s\n' "$path" "$line" "$(reason "$p" "$path" "$line")" ;;
	*'already exists'*)
		path=${l#error: } path=${path%%: *}
		printf 'fails\t%s: exists in the base (the patch creates it)\n' "$path" ;;
	error:*)
		path=${l#error: } path=${path%%: *}
		printf 'fails\t%s: absent from the base\n' "$path" ;;
	*)
		local off
		off=$(sed -n 's/^Hunk #[0-9]* succeeded at [0-9]* (offset \(-\{0,1\}[0-9]*\) lines\{0,1\}).*/\1/p' "$log" |
			awk '{ v = $1 < 0 ? -$1 : $1; if (v > m) m = v } END { if (m) print m }')
		if [ -n "$off" ]; then printf 'applies with offset\tup to %s lines\n' "$off"
		else printf 'applies\t\n'; fi ;;
	esac
}

report=$out/report.tsv
printf 'patch\tsubject\thunks\tstatus\tdetail\n' > "$report"
failed=0 first=
export GIT_CEILING_DIRECTORIES=$out
for p in "$work"/patches/0*.patch; do
	n=$(basename "$p" .patch)
	subj=$(cat "$work/patches/$n.subject")
	hunks=$(grep -c '^@@ ' "$p" || true)
	log=$work/patches/$n.log
	if (cd "$src" && git apply -v "$p") > "$log" 2>&1; then
		IFS=$'\t' read -r st detail < <(classify "$log" "$p")
	else
		IFS=$'\t' read -r st detail < <(classify "$log" "$p")
		[ "$st" = fails ] || { st=fails; detail=$(grep -m1 '^error:' "$log" || echo "git apply failed"); }
		failed=$((failed + 1))
		if [ $keep = 0 ]; then
			printf '%s\t%s\t%s\t%s\t%s\n' "${n#00}" "$subj" "$hunks" "$st" "$detail" >> "$report"
			say "FAIL ${n#00}/$npatches $subj: $detail"
			say "stopped at the first failure (-k goes on); log: $log"
			exit 1
		fi
		[ -n "$first" ] || first="${n#00}/$npatches $subj: $detail"
		# -k: each file on its own, applying the hunks that apply
		lost=0
		for path in $(sed -n 's|^diff --git a/[^ ]* b/||p' "$p" | sort -u); do
			fh=$(awk -v path="$path" '/^diff --git /{ f = ($4 == "b/" path) } f && /^@@ /{ n++ } END { print n + 0 }' "$p")
			if (cd "$src" && git apply -v --reject --include="$path" "$p") > "$log.k" 2>&1; then
				:
			elif grep -q '^Rejected hunk' "$log.k"; then
				lost=$((lost + $(grep -c '^Rejected hunk' "$log.k")))
			else
				lost=$((lost + fh))
			fi
			cat "$log.k" >> "$log"
		done
		detail="$detail; $lost of $hunks hunks not applied"
		# git apply --reject writes PATH.rej: keep each patch's apart
		(cd "$src" && find . -name '*.rej' -type f) | while IFS= read -r r; do
			mkdir -p "$(dirname "$out/rej/${n#00}/$r")"
			mv "$src/$r" "$out/rej/${n#00}/$r"
		done
		rm -f "$log.k"
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "${n#00}" "$subj" "$hunks" "$st" "$detail" >> "$report"
	printf '%s  %-20s %s\n' "${n#00}" "$st" "$detail"
done
if [ $failed -gt 0 ]; then
	say "$failed of $npatches patches did not apply; first: $first"
	say "the tree in $src is a diagnostic, not a kernel (rejected hunks: $out/rej/NN/); table: $report"
	exit 1
fi
say "all $npatches patches applied: $src (table: $report)"
