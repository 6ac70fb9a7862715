#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# SIGINT and SIGTERM always end what smmubench is doing and it still
# reports: a workload that ignores SIGTERM (the window must end anyway),
# and decoding a source that never ends (issue 13: a trace_pipe that is
# /dev/zero decoded forever and ignored both signals), text and raw, a
# device and a 200 GB sparse file. No root or tracefs needed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_state.inc"
. "$(dirname "$0")/trace_pages.inc"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

d=$tmp/remote
"$SMMUBENCH" events --remote-dir "$d" --cpus 1 >/dev/null
printf '[000]\t  200.000010: smmu_map domain=1 ret=0 iova=0x10000 paddr=0x80000000 pgsize=4096 pgcount=1 mapped=4096 dur_ns=300\n' \
	>"$d/per_cpu/cpu0/trace_pipe"

# signal_after SIG SECS LIMIT OUT ERR CMD...: CMD in the background, SIG
# after SECS, waits up to LIMIT s; $rc, $ended (1 if it ended in time)
signal_after() {
	local sig=$1 after=$2 limit=$3 out=$4 err=$5 pid i
	shift 5
	"$@" >"$out" 2>"$err" &
	pid=$!
	sleep "$after"
	kill -"$sig" $pid
	ended=0
	for i in $(seq $((limit * 10))); do
		kill -0 $pid 2>/dev/null || { ended=1; break; }
		sleep 0.1
	done
	[ $ended = 1 ] || kill -KILL $pid
	wait $pid
	rc=$?
}

for sig in INT TERM; do
	signal_after $sig 1 12 "$tmp/out" "$tmp/err" \
		"$SMMUBENCH" stat -s "remote:$d" -- bash -c 'trap "" TERM; exec sleep 60'
	is "SIG$sig, a workload ignoring SIGTERM: the window still ends (within 12 s)" "$ended" 1
	is "SIG$sig, a workload ignoring SIGTERM: exit status 128 + signal" "$rc" \
		$((128 + $(kill -l $sig)))
	like "SIG$sig, a workload ignoring SIGTERM: it is killed, and said" "$(cat "$tmp/err")" \
		"did not exit 5 s after SIGTERM; killing it"
	like "SIG$sig, a workload ignoring SIGTERM: still reports" "$(cat "$tmp/out")" "^smmu_map +1 "
done

# One real line on cpu0; cpu1 never ends. The merge by timestamp keeps
# reading cpu1 until SIGINT, then reports what it had: cpu0's map.
"$SMMUBENCH" events --remote-dir "$tmp/zero" --cpus 2 >/dev/null
cp "$d/per_cpu/cpu0/trace_pipe" "$tmp/zero/per_cpu/cpu0/trace_pipe"
ln -s /dev/zero "$tmp/zero/per_cpu/cpu1/trace_pipe"
for sig in INT TERM; do
	signal_after $sig 3 10 "$tmp/out" "$tmp/err" "$SMMUBENCH" stat -s "remote:$tmp/zero" -d 1s
	is "text from /dev/zero, SIG$sig while decoding: ends within 10 s" "$ended" 1
	is "text from /dev/zero, SIG$sig: exit status 128 + signal" "$rc" $((128 + $(kill -l $sig)))
	like "text from /dev/zero: the device is named up front" "$(cat "$tmp/err")" \
		"cpu1/trace_pipe: a character device: read until it ends"
	like "text from /dev/zero, SIG$sig: the report says decoding was cut" "$(cat "$tmp/out")" \
		"WARNING: decoding remote:$tmp/zero was interrupted after 1 events"
	like "text from /dev/zero, SIG$sig: the map read so far is reported" "$(cat "$tmp/out")" \
		"^smmu_map +1 "
done

r=$tmp/raw
mkdir -p "$r/per_cpu/cpu0" "$r/per_cpu/cpu1"
cp -r "$tmp/zero/events" "$r/events"
smmu_map_page "$r/events/hypervisor/smmu_map/format" 300 600 900 >"$r/per_cpu/cpu0/trace_pipe_raw"
ln -s /dev/zero "$r/per_cpu/cpu1/trace_pipe_raw"
signal_after INT 3 10 "$tmp/out" "$tmp/err" "$SMMUBENCH" stat -s "raw:$r" -d 1s
is "raw from /dev/zero, SIGINT while decoding: ends within 10 s" "$ended" 1
is "raw from /dev/zero, SIGINT: exit status 130" "$rc" 130
like "raw from /dev/zero, SIGINT: the 3 maps read so far are reported" "$(cat "$tmp/out")" \
	"^smmu_map +3 .* 300 ns +603 ns .* 900 ns"
rm "$r/per_cpu/cpu1/trace_pipe_raw"
# empty pages, 200 GB of them: longer than any test
truncate -s 200G "$r/per_cpu/cpu1/trace_pipe_raw"
for walker in fast kbuffer; do
	signal_after INT 3 10 "$tmp/out" "$tmp/err" \
		env SMMUBENCH_RAW_DECODE=$walker "$SMMUBENCH" stat -s "raw:$r" -d 1s -j
	is "raw, 200 GB file, $walker walker, SIGINT while decoding: ends within 10 s" "$ended" 1
	is "raw, 200 GB file, $walker walker, SIGINT: exit status 130" "$rc" 130
	like "raw, 200 GB file, $walker walker: the JSON says decoding was cut" "$(cat "$tmp/out")" \
		'"decode_interrupted":true'
	is "raw, 200 GB file, $walker walker: the 3 maps are in the JSON" \
		"$(json_op_key "$tmp/out" smmu_map count)" 3
done
done_testing
