#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Real kernel: SIGINT and SIGTERM in the middle of a record stop it cleanly
# (summary written, everything put back); after SIGKILL, 'smmubench reset'
# removes the instance and probes the killed run left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_state.inc"

t=$(tracefs_dir)
if ! need_root || [ -z "$t" ]; then skip "needs root and tracefs"; done_testing; fi
[ -e "$t/uprobe_events" ] || { skip "kernel without uprobes"; done_testing; }

command -v cc >/dev/null || { skip "needs a C compiler"; done_testing; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int sb_probe_me(int x) { return x + 1; }\nint main(void) { return sb_probe_me(-1); }\n' >"$tmp/p.c"
cc -O0 -o "$tmp/p" "$tmp/p.c" || { fail "cannot build the test binary"; done_testing; }
probe=sbint$$
before=$(trace_state "$t")

# wait_for COND_CMD...: up to 10 s
wait_for() { local i; for i in $(seq 100); do "$@" && return 0; sleep 0.1; done; return 1; }

for sig in INT TERM; do
	"$SMMUBENCH" record -e block:block_rq_issue -e sched:sched_switch \
		-u "$probe=$tmp/p:sb_probe_me" -o "$tmp/run$sig" -d 60s 2>"$tmp/err$sig" &
	pid=$!
	check "SIG$sig: the run's instance appears" wait_for test -d "$t/instances/smmubench-$pid"
	sleep 1
	kill -$sig $pid
	wait $pid
	rc=$?
	is "SIG$sig: exit status 128 + signal" "$rc" $((128 + $(kill -l $sig)))
	like "SIG$sig: says it was interrupted" "$(cat "$tmp/err$sig")" "interrupted; reporting the window so far"
	check "SIG$sig: summary.json still written" test -s "$tmp/run$sig/summary.json"
	like "SIG$sig: events were recorded" "$(cat "$tmp/run$sig/summary.json")" '"name":"sched:sched_switch"'
	like "SIG$sig: dump decodes the stored pages, strings included" \
		"$("$SMMUBENCH" dump "$tmp/run$sig" 2>&1 | head -50)" 'sched:sched_switch pid=[0-9]+ prev_comm=[^ 0-9]'
	check "SIG$sig: instance removed" test ! -e "$t/instances/smmubench-$pid"
	check "SIG$sig: probes removed" bash -c "! grep -q '$probe' '$t/uprobe_events'"
	state_is "SIG$sig: tracefs state unchanged" "$(trace_state "$t")" "$before"
done

"$SMMUBENCH" record -e sched:sched_switch -u "$probe=$tmp/p:sb_probe_me" -o "$tmp/runKILL" -d 60s 2>/dev/null &
pid=$!
check "SIGKILL: the run's instance appears" wait_for test -d "$t/instances/smmubench-$pid"
check "SIGKILL: its probe appears" wait_for grep -q "$probe" "$t/uprobe_events"
sleep 0.5
kill -KILL $pid
wait $pid 2>/dev/null
check "SIGKILL leaves the instance behind" test -d "$t/instances/smmubench-$pid"
check "SIGKILL leaves its spool behind" bash -c "ls -d /tmp/smmubench-spool-$pid-* >/dev/null 2>&1"
out=$("$SMMUBENCH" reset 2>&1)
like "reset names what it removed" "$out" "removed instance smmubench-$pid"
check "reset removed the instance" test ! -e "$t/instances/smmubench-$pid"
check "reset removed the killed run's spool" bash -c "! ls -d /tmp/smmubench-spool-$pid-* 2>/dev/null | grep -q ."
like "reset names the probes it removed" "$out" "removed probe smmubench_$pid:$probe"
check "reset removed the probes" bash -c "! grep -q '$probe' '$t/uprobe_events'"
is "no smmubench instance left" "$(trace_leftovers "$t")" ""
done_testing
