#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh PKG...: what `make deps-arm64` runs. Adds arm64 as a dpkg foreign
# architecture when missing (then apt-get update), makes sure qemu-system-arm
# is QEMU 10 or newer (from <codename>-backports when the configured suites
# only have an older one; the backports source is added, on the mirror the
# system already uses, when missing) and installs the missing packages (the
# arm64 static -dev libraries and tools). Says what it did; does nothing
# (and no apt-get update) when everything is present.
set -u
die() { echo "deps-arm64: $*" >&2; exit 1; }
command -v dpkg >/dev/null || die "not a Debian system (no dpkg): install qemu-system-aarch64 (10 or newer) and arm64 static libtracefs/libtraceevent/sqlite3/inih/json-c/zlib by hand"
apt_opts="-y -q --no-install-recommends -o DPkg::Lock::Timeout=300"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
is_root() { [ "$(id -u)" = 0 ]; }

# QEMU 10's SMMUv3 has stage 1 and stage 2 (7.2's: stage 1 only), which the
# pKVM SMMUv3 drivers need; Debian 12 ships 7.2, bookworm-backports 10.0.
qemu_min=10
backports_list=/etc/apt/sources.list.d/smmubench-backports.list

updated=0
apt_update() {
	apt-get update -q -o DPkg::Lock::Timeout=300 >/dev/null || die "apt-get update failed"
	updated=1
}

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	is_root || die "arm64 is not a dpkg architecture; as root: dpkg --add-architecture arm64; apt-get update"
	dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
	echo "deps-arm64: added arm64 to dpkg's architectures"
	apt_update
fi

# apt_install ARGS...: apt-get install, quiet unless it fails
apt_install() {
	local log rc
	# shellcheck disable=SC2086
	log=$(apt-get install $apt_opts "$@" 2>&1)
	rc=$?
	[ $rc = 0 ] || echo "$log" | tail -20 >&2
	return $rc
}
# installed PKG: the installed version of PKG, empty when not installed
installed() { dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | sed -n 's/^install ok installed //p'; }
# new_enough VERSION: VERSION is QEMU $qemu_min or newer (Debian's epoch 1)
new_enough() { [ -n "$1" ] && dpkg --compare-versions "$1" ge "1:$qemu_min~"; }
# candidate [APT-GET OPTIONS]: the version apt would install
candidate() { apt-cache policy "$@" qemu-system-arm 2>/dev/null | sed -n 's/^  Candidate: //p'; }
# apt_sources SUITE: "URI SIGNED-BY" of every configured deb source that
# serves SUITE, in both formats (one-line .list, deb822 .sources)
apt_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v suite="$1" '
			$1 != "deb" { next }
			{ i = 2; sb = "-"
			  if ($2 ~ /^\[/) { for (; i <= NF; i++) {
				if ($i ~ /^\[?signed-by=/) { sb = $i; sub(/^\[?signed-by=/, "", sb); sub(/\]$/, "", sb) }
				if ($i ~ /\]$/) break }
			    i++ }
			  if ($(i + 1) == suite) print $i, sb }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$1" '
			function flush(   n, u, s, i, hit) {
				hit = 0; n = split(suites, s, " ")
				for (i = 1; i <= n; i++) if (s[i] == suite) hit = 1
				if (hit && types ~ /(^| )deb( |$)/ && enabled != "no") {
					n = split(uris, u, " ")
					for (i = 1; i <= n; i++) print u[i], (sb == "" ? "-" : sb)
				}
				types = uris = suites = sb = enabled = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^#/ { next }
			{ key = tolower($1); sub(/:$/, "", key); v = $0; sub(/^[^:]*:[ \t]*/, "", v) }
			key == "types" { types = v } key == "uris" { uris = v } key == "suites" { suites = v }
			key == "signed-by" { sb = v } key == "enabled" { enabled = tolower(v) }
			END { flush() }' "$f"
	done
}

have=$(installed qemu-system-arm)
if new_enough "$have"; then
	:
elif ! is_root; then
	[ -n "$have" ] || die "qemu-system-arm is missing; as root: make deps-arm64 (installs QEMU $qemu_min from backports)"
	echo "deps-arm64: warning: qemu-system-arm $have is older than $qemu_min (its SMMUv3 has no stage 2); as root: make deps-arm64"
else
	target=
	if ! new_enough "$(candidate)"; then
		codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
		[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release: cannot name the backports suite"
		suite=$codename-backports
		if [ -z "$(apt_sources "$suite")" ]; then
			# the mirror (and key) of the configured main suite
			read -r uri sb < <(apt_sources "$codename")
			[ -n "${uri:-}" ] || die "no deb source for $codename in /etc/apt/sources.list{,.d/}: cannot add $suite"
			opt=
			[ "$sb" = - ] || opt="[signed-by=$sb] "
			echo "deb $opt$uri $suite main" > "$backports_list" || die "cannot write $backports_list"
			echo "deps-arm64: added $backports_list: deb $opt$uri $suite main"
			apt_update
		fi
		target="-t $suite"
	fi
	# shellcheck disable=SC2086
	cand=$(candidate $target)
	if ! new_enough "$cand" && [ $updated = 0 ]; then
		apt_update
		# shellcheck disable=SC2086
		cand=$(candidate $target)
	fi
	new_enough "$cand" || die "no qemu-system-arm $qemu_min or newer in apt's sources (candidate: ${cand:-none}${target:+ in ${target#-t }})"
	echo "deps-arm64: installing qemu-system-arm $cand${target:+ from ${target#-t }} (installed: ${have:-none})"
	# shellcheck disable=SC2086
	apt_install $target qemu-system-arm || die "apt-get install $target qemu-system-arm failed"
	have=$(installed qemu-system-arm)
	new_enough "$have" || die "qemu-system-arm is still $have after apt-get install"
	echo "deps-arm64: installed qemu-system-arm $have"
fi

missing=
for p in "$@"; do
	[ -n "$(installed "$p")" ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps-arm64: qemu-system-arm ${have:-none} and all $# other Debian packages present"
	exit 0
fi
is_root || die "missing$missing; as root: apt-get install$missing"
echo "deps-arm64: installing$missing"
# shellcheck disable=SC2086
if ! apt_install $missing 2>/dev/null; then
	[ $updated = 1 ] || apt_update
	apt_install $missing || die "apt-get install$missing failed"
fi
echo "deps-arm64: installed$missing"
