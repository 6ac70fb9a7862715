#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Live per-CPU files that block when empty (issue 11: Android's hypervisor
# trace_pipe_raw hung 'stat -d 3s' and ignored SIGINT; issue 13: a FIFO hung
# open()). A FIFO whose writer writes a few text lines or ftrace pages and
# then keeps it open, a FIFO nobody writes, and, with root and tracefs, a
# private instance's trace_pipe_raw: 'stat -d 1s' comes back in bounded
# time with what was written, and SIGINT mid-window ends it with a report.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_state.inc"
. "$(dirname "$0")/trace_pages.inc"
. "$(dirname "$0")/trace_fifo.inc"

# bounded NAME SECS OUT ERR CMD...: runs CMD with a time limit, its stdout
# and stderr in OUT and ERR; $rc after
bounded() {
	local name=$1 limit=$2 out=$3 err=$4 t0
	shift 4
	t0=$(date +%s.%N)
	timeout -k 2 "$limit" "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		fail "$name: returns within $limit s (hung; killed)"
	else
		ok "$name: returns within $limit s ($(echo "$(date +%s.%N) - $t0" | bc) s)"
	fi
}

# interrupt NAME OUT ERR CMD...: runs CMD in the background, SIGINT after
# 1 s, waits up to 10 s for it; $rc after
interrupt() {
	local name=$1 out=$2 err=$3 pid i
	shift 3
	"$@" >"$out" 2>"$err" &
	pid=$!
	sleep 1
	kill -INT $pid
	for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
	if kill -0 $pid 2>/dev/null; then
		fail "$name: SIGINT ends it within 10 s"
		kill -KILL $pid
	else
		ok "$name: SIGINT ends it within 10 s"
	fi
	wait $pid
	rc=$?
}

d=$tmp/remote
"$SMMUBENCH" events --remote-dir "$d" --cpus 2 >/dev/null
check "events --remote-dir lays the dir out" test -f "$d/events/hypervisor/smmu_map/format"

# Three maps of 300, 600 and 900 ns: p50 is the bucket [600, 607], midpoint 603.
L='[000]\t  200.%06d: smmu_map domain=1 ret=0 iova=0x10000 paddr=0x80000000 pgsize=4096 pgcount=1 mapped=4096 dur_ns=%d\n'
printf "$L$L$L" 10 300 20 600 30 900 >"$tmp/lines"

mkfifo "$d/per_cpu/cpu0/trace_pipe"
fifo_writer "$d/per_cpu/cpu0/trace_pipe" "$tmp/lines"
bounded "text FIFO kept open, stat -d 1s" 10 "$tmp/out" "$tmp/err" \
	"$SMMUBENCH" stat -s "remote:$d" -d 1s
is "text FIFO: exit status" "$rc" 0
out=$(cat "$tmp/out")
like "text FIFO: the 3 lines written are counted, p50 603 ns" "$out" "^smmu_map +3 .* 300 ns +603 ns .* 900 ns +0 +0$"
like "text FIFO: the window is the wall clock, not the events' span" "$out" "^# smmubench stat: window 1\.[0-9]+ s, 1 source"

fifo_writer "$d/per_cpu/cpu0/trace_pipe" "$tmp/lines"
interrupt "text FIFO, stat -d 60s" "$tmp/out" "$tmp/err" "$SMMUBENCH" stat -s "remote:$d" -d 60s
is "text FIFO, SIGINT: exit status 128 + 2" "$rc" 130
like "text FIFO, SIGINT: says it was interrupted" "$(cat "$tmp/err")" "interrupted; reporting the window so far"
like "text FIFO, SIGINT: the report has the 3 lines" "$(cat "$tmp/out")" "^smmu_map +3 "

# Nobody ever opens it for writing: a plain open() would wait forever.
rm -f "$d/per_cpu/cpu0/trace_pipe"
mkfifo "$d/per_cpu/cpu1/trace_pipe"
bounded "FIFO without a writer, stat -d 1s" 10 "$tmp/out" "$tmp/err" \
	"$SMMUBENCH" stat -s "remote:$d" -d 1s
is "FIFO without a writer: exit status" "$rc" 0
like "FIFO without a writer: reports an empty window" "$(cat "$tmp/out")" "no events were recorded in the window"
rm -f "$d/per_cpu/cpu1/trace_pipe"

# The same three maps as one hand-made ftrace page.
smmu_map_page "$d/events/hypervisor/smmu_map/format" 300 600 900 >"$tmp/page"
is "the hand-made page is one 4096-byte sub-buffer" "$(stat -c %s "$tmp/page")" 4096
r=$tmp/raw
mkdir -p "$r/per_cpu/cpu0" "$r/per_cpu/cpu1"
cp -r "$d/events" "$r/events"
cp "$tmp/page" "$r/per_cpu/cpu1/trace_pipe_raw"
out=$("$SMMUBENCH" stat -s "raw:$r" -d 1s 2>&1)
like "raw, regular file: the page decodes to the 3 maps" "$out" "^smmu_map +3 .* 300 ns +603 ns .* 900 ns +0 +0$"
rm "$r/per_cpu/cpu1/trace_pipe_raw"

mkfifo "$r/per_cpu/cpu0/trace_pipe_raw"
fifo_writer "$r/per_cpu/cpu0/trace_pipe_raw" "$tmp/page"
bounded "raw FIFO kept open, stat -d 1s" 10 "$tmp/out" "$tmp/err" \
	"$SMMUBENCH" stat -s "raw:$r" -d 1s
is "raw FIFO: exit status" "$rc" 0
like "raw FIFO: the 3 events written are counted, p50 603 ns" "$(cat "$tmp/out")" "^smmu_map +3 .* 300 ns +603 ns .* 900 ns +0 +0$"

fifo_writer "$r/per_cpu/cpu0/trace_pipe_raw" "$tmp/page"
interrupt "raw FIFO, record -d 60s" /dev/null "$tmp/err" \
	"$SMMUBENCH" record -s "raw:$r" -d 60s -o "$tmp/run"
is "raw FIFO, SIGINT: exit status 128 + 2" "$rc" 130
is "raw FIFO, SIGINT: summary.json has the 3 maps" "$(json_op_key "$tmp/run/summary.json" smmu_map count)" 3
is "raw FIFO, SIGINT: the page read is stored" "$(stat -c %s "$tmp/run/raw/0-raw/per_cpu/cpu0/trace_pipe_raw" 2>&1)" 4096

# A real trace_pipe_raw that blocks when empty: a private instance, named
# like ours so 'smmubench reset' (other runs) leaves it to this live shell.
instance_prereq
before=$(trace_state "$t")
inst=$t/instances/smmubench-$$
mkdir "$inst" || { fail "cannot create $inst"; done_testing; }
echo 0 >"$inst/tracing_on"
kb_before=$(cat "$inst/buffer_size_kb")

# wait_on: up to 10 s for the window to open (tracing_on set by smmubench)
wait_on() { local i; for i in $(seq 100); do [ "$(cat "$inst/tracing_on")" = 1 ] && return 0; sleep 0.1; done; return 1; }
markers() { local i; for i in $(seq "$1"); do echo "sb-pipe-$i" >"$inst/trace_marker"; done; }

"$SMMUBENCH" stat -s "raw:$inst" -d 3s -j >"$tmp/inst.json" 2>"$tmp/err" &
pid=$!
check "instance: the window opens (tracing_on 1)" wait_on
# 1024 KiB in pages of 4080 data bytes is 258 pages, which tracefs prints as 1027
kb=$(cat "$inst/buffer_size_kb")
check "instance: buffer_size_kb sized before the window (1024 asked, $kb read)" \
	test "$kb" -ge 1024 -a "$kb" -le 1030
markers 40
t0=$SECONDS
wait $pid
rc=$?
is "instance, stat -d 3s: exit status" "$rc" 0
check "instance, stat -d 3s: back within 10 s of the window's end" test $((SECONDS - t0)) -le 10
is "instance: the 40 markers written are counted" "$(json_op_key "$tmp/inst.json" ftrace:print count)" 40
is "instance: lost events per CPU in the JSON" \
	"$(grep -c '"lost_events_per_cpu"' "$tmp/inst.json")" 1
is "instance: tracing_on put back" "$(cat "$inst/tracing_on")" 0
is "instance: buffer_size_kb put back" "$(cat "$inst/buffer_size_kb")" "$kb_before"

"$SMMUBENCH" stat -s "raw:$inst" -d 60s -j >"$tmp/inst.json" 2>"$tmp/err" &
pid=$!
check "instance, SIGINT: the window opens" wait_on
markers 25
sleep 0.3
kill -INT $pid
for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
check "instance, SIGINT: ends within 10 s" bash -c "! kill -0 $pid 2>/dev/null"
kill -KILL $pid 2>/dev/null
wait $pid
is "instance, SIGINT: exit status 128 + 2" "$?" 130
is "instance, SIGINT: the 25 markers are in the report" "$(json_op_key "$tmp/inst.json" ftrace:print count)" 25
is "instance, SIGINT: tracing_on put back" "$(cat "$inst/tracing_on")" 0
rmdir "$inst" && inst=
state_is "tracefs state unchanged" "$(trace_state "$t")" "$before"
done_testing
