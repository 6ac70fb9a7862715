# SPDX-License-Identifier: GPL-2.0
# TAP helpers for end-to-end tests. Source it; call ok/fail/skip/is/like,
# then done_testing. Each check prints one TAP line; the script's exit
# status is 1 when any check failed.
set -u
SMMUBENCH=${SMMUBENCH:-build/smmubench}
case $SMMUBENCH in /*) ;; *) SMMUBENCH=$PWD/$SMMUBENCH ;; esac
_tap_n=0
_tap_failed=0

ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
fail() { _tap_n=$((_tap_n + 1)); _tap_failed=1; echo "not ok $_tap_n - $*"; }
# skip REASON: one skipped check (say why: no root, no tracefs, ...)
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $*"; }
# check NAME COMMAND...: passes when the command succeeds
check() { local n=$1; shift; if "$@"; then ok "$n"; else fail "$n"; fi; }
# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1"; echo "#   got:  '$2'"; echo "#   want: '$3'"; fi
}
# like NAME TEXT REGEX
like() {
	if printf '%s' "$2" | grep -qE -- "$3"; then ok "$1"; else
		fail "$1"; echo "#   text does not match /$3/:"; printf '%s\n' "$2" | head -20 | sed 's/^/#   /'; fi
}
need_root() { [ "$(id -u)" = 0 ]; }
# tracefs_dir: prints the tracefs mount point, mounting it if root can
tracefs_dir() {
	local d
	d=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
	if [ -z "$d" ] && need_root && [ -d /sys/kernel/tracing ]; then
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null && d=/sys/kernel/tracing
	fi
	[ -n "$d" ] && echo "$d"
}
done_testing() { echo "1..$_tap_n"; exit $_tap_failed; }
