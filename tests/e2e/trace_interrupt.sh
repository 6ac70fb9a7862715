#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# SIGINT and SIGTERM always end what smmubench is doing and it still
# reports: a workload that ignores SIGTERM (the window must end anyway).
# No root or tracefs needed: the source is a directory of regular files.
. "$(dirname "$0")/lib.sh"

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
done_testing
