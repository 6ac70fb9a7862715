#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Real kernel: a uprobe/uretprobe pair on a test binary's function that
# sleeps 20 ms gives one duration per call, each at least 20 ms; every
# probe is gone afterwards and the tracefs state is unchanged. A kprobe
# pair on a kernel without kprobes is reported and skipped, not fatal; so
# are probes the kernel or the binary refuses (named, with the kernel's
# reason from error_log), in stderr, stat and summary.json.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_state.inc"

t=$(tracefs_dir)
if ! need_root || [ -z "$t" ]; then skip "needs root and tracefs"; done_testing; fi
[ -e "$t/uprobe_events" ] || { skip "kernel without uprobes (no uprobe_events)"; done_testing; }
command -v cc >/dev/null || { skip "needs a C compiler"; done_testing; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/sleeper.c" <<'C'
#include <time.h>
__attribute__((noinline)) void sb_sleep_20ms(void)
{
	struct timespec ts = { 0, 20000000 };

	nanosleep(&ts, NULL);
}
int main(void)
{
	for (int i = 0; i < 5; i++)
		sb_sleep_20ms();
	return 0;
}
C
cc -O0 -o "$tmp/sleeper" "$tmp/sleeper.c" || { fail "cannot build the test binary"; done_testing; }

probe=sbsleep$$
before=$(trace_state "$t")
"$SMMUBENCH" stat --json -u "$probe=$tmp/sleeper:sb_sleep_20ms" -- "$tmp/sleeper" >"$tmp/sb.json" 2>"$tmp/err"
is "stat with a uprobe pair exits 0" "$?" 0
n=$(json_op_key "$tmp/sb.json" "$probe" count)
min=$(json_op_key "$tmp/sb.json" "$probe" min)
p50=$(json_op_key "$tmp/sb.json" "$probe" p50)
echo "# $probe: count $n, min $min ns, p50 $p50 ns"
is "one duration per call (5 calls)" "$n" 5
check "every call lasted at least the 20 ms slept" test "${min:-0}" -ge 20000000
check "median under 40 ms (20 ms + scheduling slack)" test "${p50:-0}" -lt 40000000
is "no unmatched entry/return" "$(json_op_key "$tmp/sb.json" "$probe" unmatched)" 0
check "the probes are gone" bash -c "! grep -q '$probe' '$t/uprobe_events'"
state_is "tracefs state unchanged" "$(trace_state "$t")" "$before"
is "no smmubench instance left" "$(trace_leftovers "$t")" ""

out=$("$SMMUBENCH" stat -p "wk=sched:sched_waking,sched:sched_switch,cpu" -- "$tmp/sleeper" 2>&1)
like "--pair traces its own events and gives a latency op" "$out" "^wk +[1-9][0-9]* .* (ns|us|ms) "

# A probe the kernel or the binary refuses is reported, with the kernel's
# reason from error_log, and the rest is collected (issue 8). A name with a
# '-' is refused by the kernel: "Event name must follow the same rules as C
# identifiers" (BAD_EVENT_NAME, kernel/trace/trace_probe.h).
bad="$probe-x"
"$SMMUBENCH" record -u "$probe=$tmp/sleeper:sb_sleep_20ms" -u "nosym$$=$tmp/sleeper:sb_no_such_fn" \
	-u "$bad=$tmp/sleeper:sb_sleep_20ms" -o "$tmp/rec" -- "$tmp/sleeper" >"$tmp/rec.out" 2>"$tmp/rec.err"
is "one refused probe does not sink the record: exit 0" "$?" 0
is "the working pair still measured every call" "$(json_op_key "$tmp/rec/summary.json" "$probe" count)" 5
err=$(cat "$tmp/rec.err")
like "a missing symbol is named, with why" "$err" \
	"u:nosym$$=$tmp/sleeper:sb_no_such_fn: not collected: $tmp/sleeper: sb_no_such_fn: no such function symbol"
like "a kernel refusal names the probe and gives the kernel's words" "$err" \
	"u:$bad=$tmp/sleeper:sb_sleep_20ms: not collected: .*Invalid argument \\(kernel: Event name must follow the same rules as C identifiers\\)"
nc=$(awk '/"not_collected"/,/\]/' "$tmp/rec/summary.json" | grep -c '"item"')
is "summary.json lists the 2 refused probes as not collected" "$nc" 2
like "summary.json gives the kernel's reason" "$(cat "$tmp/rec/summary.json")" \
	'"reason":"creating smmubench_[0-9]+:'"$bad"' failed: Invalid argument \(kernel: Event name must follow'
like "error_log was read, not cleared" "$(cat "$t/error_log")" "Command: p:smmubench_[0-9]+/$bad "
out=$("$SMMUBENCH" stat -u "$probe=$tmp/sleeper:sb_sleep_20ms" -u "nosym$$=$tmp/sleeper:sb_no_such_fn" \
	-- "$tmp/sleeper" 2>/dev/null)
like "stat lists the refused probe in its header" "$out" \
	"# NOT COLLECTED \\(host\\): u:nosym$$=$tmp/sleeper:sb_no_such_fn: $tmp/sleeper: sb_no_such_fn: no such function symbol"
out=$("$SMMUBENCH" stat -u "nosym$$=$tmp/sleeper:sb_no_such_fn" -- "$tmp/sleeper" 2>&1)
is "only refused probes asked: non-zero exit" "$?" 1
like "... saying there is nothing to collect" "$out" "no probe could be created and nothing else was asked"
check "no probe of the refused runs left" bash -c "! grep -qE '/($probe|${probe}_ret|nosym$$) ' '$t/uprobe_events'"
state_is "tracefs state unchanged after the refused probes" "$(trace_state "$t")" "$before"

if [ ! -e "$t/kprobe_events" ]; then
	out=$("$SMMUBENCH" stat -k "kp$$=do_sys_openat2" -u "$probe=$tmp/sleeper:sb_sleep_20ms" -- "$tmp/sleeper" 2>&1)
	like "no kprobes: said clearly, the uprobe pair still measured" "$out" "this kernel has no kprobes"
	like "the uprobe op is still there" "$out" "^$probe +5 "
else
	skip "this kernel has kprobes"
fi
state_is "tracefs state unchanged after the kprobe attempt" "$(trace_state "$t")" "$before"
done_testing
