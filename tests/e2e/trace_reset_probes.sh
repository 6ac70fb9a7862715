#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# reset after a killed run that left a uprobe/uretprobe pair: both are
# removed, each named once, and reset exits 0. libtracefs lists every
# uprobe_events line once per asked type (uprobe and uretprobe read the
# same file), so reset used to remove each probe, then fail on the copy.
. "$(dirname "$0")/lib.sh"

t=$(tracefs_dir)
if ! need_root || [ -z "$t" ]; then skip "needs root and tracefs"; done_testing; fi
[ -w "$t/uprobe_events" ] || { skip "kernel without uprobes (no uprobe_events)"; done_testing; }

tmp=$(mktemp -d)
# a pid that cannot exist (above pid_max): its group is a leftover
grp=smmubench_$(( $(cat /proc/sys/kernel/pid_max) + $$ ))
bin=$(readlink -f /bin/true)
cleanup() {
	# whatever reset left, so the test never leaves a probe behind
	grep -q "^[pr]:$grp/" "$t/uprobe_events" 2>/dev/null &&
		{ echo "-:$grp/rp_a" >>"$t/uprobe_events"; echo "-:$grp/rp_b" >>"$t/uprobe_events"; } 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
if ! { echo "p:$grp/rp_a $bin:0x1000" >>"$t/uprobe_events" &&
       echo "r:$grp/rp_b $bin:0x1000" >>"$t/uprobe_events"; } 2>"$tmp/werr"; then
	skip "the kernel refused a uprobe on $bin: $(cat "$tmp/werr")"
	done_testing
fi

"$SMMUBENCH" reset >"$tmp/out" 2>"$tmp/err"
is "reset exits 0 after removing a leftover probe pair" "$?" 0
is "no error on stderr" "$(grep -c "$grp" "$tmp/err")" 0
is "each probe removed once" "$(grep -c "removed probe $grp:" "$tmp/out")" 2
is "the probes are gone" "$(grep -c "^[pr]:$grp/" "$t/uprobe_events")" 0
[ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err"
done_testing
