#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Layering check (`make layers`): no include and no symbol runs up the layers.
#
#   check.sh SRCROOT LIBDIR LAYER:LIB:SEES... ...
#
# Each LAYER (a folder under SRCROOT, its archive LIBDIR/LIB) may include
# headers of, and call symbols defined in, the folders in its SEES list
# (comma-separated, its own included) only. An include is resolved the way
# the compiler would: next to the file, then in the SEES folders. Prints one
# line per violation (file:line or archive member) and exits 1 if any.
set -u
export LC_ALL=C
root=$1 libdir=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tmpbad=$tmp/bad tmpdefs=$tmp/defs
: >"$tmpbad"
declare -A sees lib

for spec in "$@"; do
	IFS=: read -r layer a s <<<"$spec"
	lib[$layer]=$a
	sees[$layer]=${s//,/ }
done

# the layer of a path relative to root: the longest layer folder it lies in
layer_of() {
	local best= l
	for l in "${!lib[@]}"; do
		case $1 in "$l"/*) [ ${#l} -gt ${#best} ] && best=$l ;; esac
	done
	echo "$best"
}

allowed() {	# allowed LAYER TARGET_LAYER
	local s
	for s in ${sees[$1]}; do [ "$s" = "$2" ] && return 0; done
	return 1
}

# 1. includes: every "quoted" include of every .c/.h in a layer folder
for layer in "${!lib[@]}"; do
	while IFS= read -r f; do
		rel=${f#"$root"/}
		# files of a deeper layer folder (bench/model inside bench) are theirs
		[ "$(layer_of "$rel")" = "$layer" ] || continue
		dir=$(dirname "$f")
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		while IFS= read -r hit; do
			line=${hit%%:*}
			hdr=$(sed -E 's/^[^"]*"([^"]+)".*/\1/' <<<"${hit#*:}")
			found=
			for cand in "$dir/$hdr" $(for s in ${sees[$layer]}; do echo "$root/$s/$hdr"; done) \
				$(for l in "${!lib[@]}"; do echo "$root/$l/$hdr"; done); do
				if [ -f "$cand" ]; then found=$(realpath -m "$cand"); break; fi
			done
			[ -n "$found" ] || continue	# a system or generated header
			target=$(layer_of "${found#"$(realpath "$root")"/}")
			[ -n "$target" ] || continue
			if ! allowed "$layer" "$target"; then
				echo "layers: $rel:$line: includes \"$hdr\" of $target/, above $layer/ (sees: ${sees[$layer]})"
				echo x >>"$tmpbad"
			fi
		done
	done < <(find "$root/$layer" -name '*.[ch]' | sort)
done

# 2. symbols: what each archive needs must be defined in its own or a lower layer
if [ -n "$libdir" ]; then
	for layer in "${!lib[@]}"; do
		a=$libdir/${lib[$layer]}
		[ -f "$a" ] || { echo "layers: $a: missing; build first" >&2; echo x >>"$tmpbad"; continue; }
		nm -g --defined-only "$a" 2>/dev/null | awk -v l="$layer" 'NF == 3 { print $3, l }'
	done | sort -u >"$tmpdefs"
	for layer in "${!lib[@]}"; do
		a=$libdir/${lib[$layer]}
		[ -f "$a" ] || continue
		# "member.o:" headers, then "U sym" lines
		nm -u "$a" 2>/dev/null |
			awk -v l="$layer" '/:$/ { m = $1; sub(/:$/, "", m); next } $1 == "U" { print $2, l, m }'
	done | sort -k1,1 >"$tmp/undef"
	sort -k1,1 "$tmpdefs" -o "$tmpdefs"
	# sym user member definer
	join -j 1 "$tmp/undef" "$tmpdefs" |
	while read -r sym layer member def; do
		if ! allowed "$layer" "$def"; then
			echo "layers: ${lib[$layer]}($member): calls $sym of $def/, above $layer/"
			echo x >>"$tmpbad"
		fi
	done
fi

n=$(wc -l <"$tmpbad")
if [ "$n" -gt 0 ]; then
	echo "layers: $n violation(s) of the layering (Makefile LAYERS, README)" >&2
	exit 1
fi
echo "layers: ${#lib[@]} layers, no include or symbol runs up"
