#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The live readers splice() (the default) or read()+write()
# (SMMUBENCH_STREAM_COPY=read): both must spool exactly the bytes the file
# gave and report the same events and losses. FIFOs fed hand-made pages,
# one with 5 missed events stored (the expectation is the pages written:
# 7 maps, 5 + 5 lost); then, with root, a private instance's trace_pipe_raw
# fed trace_marker writes: a count that fits the buffer is counted exactly
# either way, and a burst that overruns a small buffer is reported as lost,
# written = counted + lost, never dropped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_state.inc"
. "$(dirname "$0")/trace_pages.inc"
. "$(dirname "$0")/trace_fifo.inc"

# the JSON without what depends on the wall clock or the run's paths
stable_json() { grep -vE '"(window_ns|rate_per_s|spec|source)"' "$1"; }

r=$tmp/raw
"$SMMUBENCH" events --remote-dir "$r" --cpus 2 >/dev/null
fmt=$r/events/hypervisor/smmu_map/format
smmu_map_page "$fmt" 100 >"$tmp/plain"
smmu_map_page_missed "$fmt" 5 300 600 >"$tmp/missed"
cat "$tmp/plain" "$tmp/missed" "$tmp/plain" >"$tmp/cpu0"
cat "$tmp/missed" "$tmp/plain" >"$tmp/cpu1"

for mode in splice read; do
	rm -f "$r"/per_cpu/cpu*/trace_pipe_raw
	mkfifo "$r/per_cpu/cpu0/trace_pipe_raw" "$r/per_cpu/cpu1/trace_pipe_raw"
	fifo_writer "$r/per_cpu/cpu0/trace_pipe_raw" "$tmp/cpu0"
	fifo_writer "$r/per_cpu/cpu1/trace_pipe_raw" "$tmp/cpu1"
	if [ $mode = read ]; then export SMMUBENCH_STREAM_COPY=read; else unset SMMUBENCH_STREAM_COPY; fi
	timeout -k 2 20 "$SMMUBENCH" record -s "raw:$r" -d 1s -o "$tmp/run-$mode" >/dev/null 2>"$tmp/err"
	is "FIFOs, $mode: record exits 0" "$?" 0
	unset SMMUBENCH_STREAM_COPY
	for c in 0 1; do
		check "FIFOs, $mode: cpu$c spooled exactly the bytes written" \
			cmp -s "$tmp/cpu$c" "$tmp/run-$mode/raw/0-raw/per_cpu/cpu$c/trace_pipe_raw"
	done
	s=$tmp/run-$mode/summary.json
	is "FIFOs, $mode: the 7 maps written are counted" "$(json_op_key "$s" smmu_map count)" 7
	is "FIFOs, $mode: the 5 + 5 missed events are lost" \
		"$(tr -d ' \n' <"$s" | grep -o '"lost_events_per_cpu":\[[0-9,]*\]' | head -1)" \
		'"lost_events_per_cpu":[5,5]'
	stable_json "$s" >"$tmp/json-$mode"
	fifo_writers_stop
done
check "FIFOs: splice and read give the same summary (ops, histograms, losses)" \
	cmp -s "$tmp/json-splice" "$tmp/json-read"

instance_prereq
inst=$t/instances/smmubench-$$
mkdir "$inst" || { fail "cannot create $inst"; done_testing; }
echo 0 >"$inst/tracing_on"
pct_before=$(cat "$inst/buffer_percent" 2>/dev/null)
wait_on() { local i; for i in $(seq 100); do [ "$(cat "$inst/tracing_on")" = 1 ] && return 0; sleep 0.1; done; return 1; }
# burst N: N trace_marker writes from one process on CPU 0, one write() each
burst() {
	taskset -c 0 perl -e 'open(my $f, ">", $ARGV[0]) or die; $f->autoflush(1);
		print $f "sb\n" for 1 .. $ARGV[1]' "$inst/trace_marker" "$1"
}
# total_lost FILE: the summary's lost_events (the first: the whole window's)
total_lost() { grep -m1 -o '"lost_events":[0-9]*' "$1" | cut -d: -f2; }

for mode in splice read; do
	if [ $mode = read ]; then export SMMUBENCH_STREAM_COPY=read; else unset SMMUBENCH_STREAM_COPY; fi
	# 3000 markers of 24 bytes are 72 KB: they fit 1 MiB per CPU
	"$SMMUBENCH" stat -s "raw:$inst" -d 2s -j >"$tmp/fit.json" 2>"$tmp/err" &
	pid=$!
	check "instance, $mode: the window opens" wait_on
	[ -n "$pct_before" ] && is "instance, $mode: buffer_percent 10 in the window (the reader \
wakes with 90% of the buffer left)" "$(cat "$inst/buffer_percent")" 10
	burst 3000
	wait $pid
	is "instance, $mode: exit status" "$?" 0
	is "instance, $mode: the 3000 markers are counted" \
		"$(json_op_key "$tmp/fit.json" ftrace:print count)" 3000
	is "instance, $mode: nothing lost" "$(total_lost "$tmp/fit.json")" 0

	# 200000 markers (4.8 MB) into 8 KiB per CPU while the reader sleeps in poll()
	"$SMMUBENCH" stat -s "raw:$inst" -b 8 -d 3s -j >"$tmp/over.json" \
		2>"$tmp/err" &
	pid=$!
	check "instance, $mode, overrun: the window opens" wait_on
	burst 200000
	wait $pid
	is "instance, $mode, overrun: exit status (a loss is no error)" "$?" 0
	n=$(json_op_key "$tmp/over.json" ftrace:print count)
	lost=$(total_lost "$tmp/over.json")
	if [ "${lost:-0}" -gt 0 ]; then
		is "instance, $mode, overrun: counted + lost = the 200000 written ($n + $lost)" \
			"$((n + lost))" 200000
	else
		skip "instance, $mode, overrun: the reader kept up with the burst ($n counted)"
	fi
	unset SMMUBENCH_STREAM_COPY
done
is "instance: tracing_on put back" "$(cat "$inst/tracing_on")" 0
is "instance: buffer_percent put back" "$(cat "$inst/buffer_percent" 2>/dev/null)" "$pct_before"
done_testing
