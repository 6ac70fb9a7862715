#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh OUT: what `make kernel` runs. Applies a patch series of this
# folder to a kernel tree and cross-builds an arm64 Image (+ modules) into
# OUT, incrementally:
#   OUT/base-<commit>/   KGIT only: `git archive` of KCOMMIT, blobs the
#                        repository lacks left out (made once)
#   OUT/src/             the base, hard-linked (copied where links fail),
#                        with the series applied; only the files the series
#                        touches are private copies
#   OUT/build/           kbuild's O= directory
#   OUT/Image, OUT/modules/*.ko, OUT/release, OUT/config
#
# Environment:
#   KSRC=DIR                 a kernel tree (never modified), or
#   KGIT=GITDIR KCOMMIT=SHA  a git directory (bare or not) and a commit
#   SERIES=android16-6.12    the series folder (series, BASE, *.config)
#   CROSS_COMPILE=aarch64-linux-gnu-   JOBS=$(nproc)
# A changed series or config fragment re-applies / reconfigures; the build
# itself is kbuild's own incremental make.
set -euo pipefail

out=${1:?usage: kbuild.sh OUT}
here=$(cd "$(dirname "$0")" && pwd)
SERIES=${SERIES:-android16-6.12}
KSRC=${KSRC:-}
KGIT=${KGIT:-}
KCOMMIT=${KCOMMIT:-}
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
JOBS=${JOBS:-$(nproc)}
sdir=$here/$SERIES

say() { echo "kernel: $*"; }
die() { echo "kernel: $*" >&2; exit 1; }

[ -f "$sdir/series" ] || die "$sdir/series: no such series (SERIES=$SERIES)"
command -v "${CROSS_COMPILE}gcc" >/dev/null ||
	die "${CROSS_COMPILE}gcc not found: run 'make deps-kernel'"
for t in flex bison bc patch; do
	command -v $t >/dev/null || die "$t not found: run 'make deps-kernel'"
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---- 1. the base tree -------------------------------------------------
if [ -n "$KGIT" ]; then
	[ -n "$KCOMMIT" ] || die "KGIT=$KGIT needs KCOMMIT=<commit>"
	git --git-dir="$KGIT" cat-file -e "$KCOMMIT^{commit}" 2>/dev/null ||
		die "KGIT=$KGIT: no commit $KCOMMIT"
	full=$(git --git-dir="$KGIT" rev-parse "$KCOMMIT^{commit}")
	base=$out/base-${full:0:12}
	if [ ! -f "$base/.smmubench-base" ]; then
		say "git archive $full of $KGIT into $base"
		rm -rf "$base.tmp"
		mkdir -p "$base.tmp"
		# A partial snapshot may lack some large blobs (GPU register
		# headers, ABI symbol lists): leave out what is absent.
		git --git-dir="$KGIT" ls-tree -r "$full" |
			awk '$2 == "blob" { print $3 "\t" $4 }' > "$base.tmp/.tree"
		cut -f1 "$base.tmp/.tree" |
			git --git-dir="$KGIT" cat-file --batch-check='%(objectname) %(objecttype)' |
			awk '$2 == "missing" { print $1 }' > "$base.tmp/.missing"
		excl=()
		while IFS=$'\t' read -r sha path; do
			excl+=(":(exclude)$path")
		done < <(grep -Ff "$base.tmp/.missing" "$base.tmp/.tree" || true)
		[ ${#excl[@]} = 0 ] || say "left out ${#excl[@]} files the repository lacks"
		# git 2.39 still reports an excluded absent blob ("invalid
		# object ... for '<path>'") and exits 0: show any other message
		grep -Ff "$base.tmp/.missing" "$base.tmp/.tree" | cut -f2 > "$base.tmp/.excluded"
		git --git-dir="$KGIT" archive --format=tar "$full" -- . "${excl[@]}" \
			2> "$base.tmp/.archive.err" | tar -x -C "$base.tmp"
		sed -n "s/^error: invalid object [0-9]* [0-9a-f]* for '\(.*\)'$/\1/p" "$base.tmp/.archive.err" |
			grep -vxFf "$base.tmp/.excluded" >&2 || true
		grep -v '^error: invalid object ' "$base.tmp/.archive.err" >&2 || true
		rm -f "$base.tmp/.tree" "$base.tmp/.missing" "$base.tmp/.excluded" "$base.tmp/.archive.err"
		echo "$full" > "$base.tmp/.smmubench-base"
		rm -rf "$base"
		mv "$base.tmp" "$base"
	fi
elif [ -n "$KSRC" ]; then
	base=$(cd "$KSRC" 2>/dev/null && pwd) || die "KSRC=$KSRC: no such directory"
elif [ -f "$out/src/.smmubench-tree" ] && [ -d "$(cat "$out/src/.smmubench-tree")" ]; then
	# the tree of the last build (make check re-uses it)
	base=$(cat "$out/src/.smmubench-tree")
	say "re-using the tree of the last build: $base"
else
	die "no kernel tree: give KSRC=DIR or KGIT=GITDIR KCOMMIT=SHA (see kernel-patches/$SERIES/BASE)"
fi
[ -f "$base/Makefile" ] && [ -d "$base/arch/arm64" ] || die "$base: not a kernel tree"
if [ -f "$sdir/REQUIRES" ]; then
	while read -r f; do
		case $f in ''|'#'*) continue ;; esac
		[ -e "$base/$f" ] || die "$base: no $f: not a $SERIES tree (see kernel-patches/$SERIES/BASE)"
	done < "$sdir/REQUIRES"
fi

# ---- 2. the patched tree ------------------------------------------------
src=$out/src
state=$src/.smmubench-applied
series_id=$( (echo "$base"; cd "$sdir" && cat series $(sed 's/#.*//' series)) | sha256sum | cut -c1-16)
if [ ! -f "$src/.smmubench-tree" ] || [ "$(cat "$src/.smmubench-tree")" != "$base" ]; then
	say "linking $base into $src"
	rm -rf "$src"
	cp -al "$base" "$src" 2>/dev/null || { rm -rf "$src"; cp -a "$base" "$src"; }
	echo "$base" > "$src/.smmubench-tree"
fi
if [ ! -f "$state" ] || [ "$(head -1 "$state")" != "$series_id" ]; then
	# back to the base: the files an earlier series touched
	if [ -f "$state" ]; then
		tail -n +2 "$state" | while read -r f; do
			rm -f "$src/$f"
			[ -e "$base/$f" ] && cp "$base/$f" "$src/$f"
			touch "$src/$f" 2>/dev/null || true
		done
	fi
	: > "$state.files"
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$sdir/series" | grep -v '^$' | while read -r p; do
		say "apply $SERIES/$p"
		# patch(1) writes a new file and renames it: the hard links to the
		# base stay untouched
		lsdiff_files=$(sed -n 's|^+++ b/||p' "$sdir/$p")
		for f in $lsdiff_files; do
			echo "$f" >> "$state.files"
			if [ -e "$src/$f" ]; then
				cp "$src/$f" "$src/$f.smmubench-tmp" && mv "$src/$f.smmubench-tmp" "$src/$f"
			fi
		done
		patch -s -p1 -N --no-backup-if-mismatch -d "$src" < "$sdir/$p" ||
			die "$SERIES/$p does not apply to $base (see kernel-patches/$SERIES/BASE)"
	done
	{ echo "$series_id"; sort -u "$state.files"; } > "$state"
	rm -f "$state.files"
fi

# ---- 3. configure -------------------------------------------------------
build=$out/build
frag=$sdir/pkvm-qemu.config
kmake() { make -C "$src" O="$build" ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" "$@"; }
cfg_id=$(sha256sum < "$frag" | cut -c1-16)
mkdir -p "$build"
if [ ! -f "$build/.config" ] || [ "$(cat "$build/.smmubench-config" 2>/dev/null)" != "$cfg_id" ]; then
	say "configure: tinyconfig + $SERIES/$(basename "$frag") + olddefconfig"
	kmake -s tinyconfig > "$out/config.log" 2>&1 || die "tinyconfig failed: $out/config.log"
	(cd "$src" && ARCH=arm64 scripts/kconfig/merge_config.sh -m -O "$build" "$build/.config" "$frag") \
		>> "$out/config.log" 2>&1 || die "merge_config.sh failed: $out/config.log"
	kmake -s olddefconfig >> "$out/config.log" 2>&1 || die "olddefconfig failed: $out/config.log"
	# every =y/=m the fragment asks for must have survived olddefconfig
	bad=
	while IFS= read -r l; do
		case $l in CONFIG_*=y|CONFIG_*=m) grep -qx "$l" "$build/.config" || bad="$bad ${l}" ;; esac
	done < "$frag"
	[ -z "$bad" ] || die "the config lost:$bad (their dependencies are missing; $out/config.log)"
	echo "$cfg_id" > "$build/.smmubench-config"
fi

# ---- 4. build -----------------------------------------------------------
say "make -j$JOBS Image modules (log: $out/build.log)"
t0=$(date +%s)
if ! kmake -j"$JOBS" Image modules > "$out/build.log" 2>&1; then
	grep -E 'error|Error' "$out/build.log" | head -20 >&2
	die "build failed: $out/build.log"
fi
cp "$build/arch/arm64/boot/Image" "$out/Image"
cp "$build/.config" "$out/config"
kmake -s kernelrelease > "$out/release"
rm -rf "$out/modules"
mkdir -p "$out/modules"
find "$build" -name '*.ko' -exec cp {} "$out/modules/" \;
say "built $(cat "$out/release") in $(( $(date +%s) - t0 )) s: $out/Image ($(du -k "$out/Image" | cut -f1) KiB), $(ls "$out/modules" | wc -l) modules"
