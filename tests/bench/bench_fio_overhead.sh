#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The collector's effect on the workload (issue 18, goal 3): fio 4K random
# reads on a loop device, IOPS with no tracing and under each collector of
# block:block_rq_issue + block:block_rq_complete, system-wide:
#   smmubench  smmubench stat -d W -e block:block_rq_issue -e block:block_rq_complete
#   perf-stat  perf stat -a -e block:block_rq_issue,block:block_rq_complete -- sleep W
#   perf-rec   perf record -a -e (the same) -o FILE -- sleep W
# Each round runs every mode once, the order rotated round to round
# (alternating runs); the collector starts 0.5 s before fio and its window
# outlasts fio's. Printed: the median IOPS ratio to no tracing with its
# bootstrap 95% interval (reports' report_stats_compare()), the event rate
# and the collector's own CPU time (user + sys, /usr/bin/time) per event.
# The loop device's file lives in /dev/shm: reads at memory speed, so the
# collector's cost is not hidden behind a disk. Figures, not assertions.
#
#   O=build SMMUBENCH=build/smmubench SELF_TOOLS=build/tests bash tests/bench/bench_fio_overhead.sh
# Knobs: FIO_ROUNDS (7), FIO_SECS (2), FIO_IODEPTH (16); FIO_KEEP=1 keeps the raw figures.
rounds=${FIO_ROUNDS:-7}
secs=${FIO_SECS:-2}
iodepth=${FIO_IODEPTH:-16}
SMMUBENCH=${SMMUBENCH:-build/smmubench}
ratio=${SELF_TOOLS:-build/tests}/self_ratio
T=/sys/kernel/tracing
[ -d "$T/events" ] || T=/sys/kernel/debug/tracing

echo "# bench_fio_overhead: fio randread 4k iodepth $iodepth, ${secs} s a run, $rounds rounds"
skip() { echo "skipped: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (tracefs, losetup)"
[ -d "$T/events/block/block_rq_issue" ] || skip "no block tracepoints in $T"
for c in fio losetup jq /usr/bin/time; do
	command -v "$c" >/dev/null || skip "$c missing (make deps)"
done
[ -x "$ratio" ] || skip "$ratio not built (make bench-self builds it)"
modes="none smmubench"
if perf stat -a -e block:block_rq_issue -- true >/dev/null 2>&1; then
	modes="$modes perf-stat perf-rec"
else
	echo "note: perf cannot open block tracepoints here: perf rows skipped"
fi

tmp=$(mktemp -d /dev/shm/bench_fio_overhead.XXXXXX)
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${FIO_KEEP:-}" ] && trap 'echo "kept $tmp"; losetup -d "$loop"' EXIT
trap 'exit 130' INT TERM
truncate -s 256M "$tmp/img"
loop=$(losetup -f --show "$tmp/img") || skip "losetup failed"
win=$((secs + 2))

fio_run() {
	fio --name=rr --filename="$loop" --rw=randread --bs=4k --direct=1 --ioengine=libaio \
		--iodepth="$iodepth" --size=256m --time_based --runtime="$secs" \
		--output-format=json >"$tmp/fio.json" 2>/dev/null || return 1
	jq -r '.jobs[0].read | "\(.iops) \(.runtime)"' "$tmp/fio.json"
}

# collector MODE: started in the background, its CPU time into $tmp/cpu,
# its event count into $tmp/events (and lost events into $tmp/lost) by collector_end
collector_start() {
	local t="/usr/bin/time -f %U+%S -o $tmp/cpu"

	case $1 in
	smmubench)
		$t "$SMMUBENCH" stat -j -b 4096 -d "${win}s" -e block:block_rq_issue \
			-e block:block_rq_complete >"$tmp/out" 2>"$tmp/err" & ;;
	perf-stat)
		$t perf stat -a -x, -e block:block_rq_issue,block:block_rq_complete \
			-o "$tmp/out" -- sleep "$win" 2>"$tmp/err" & ;;
	perf-rec)
		$t perf record -q -a -e block:block_rq_issue,block:block_rq_complete \
			-o "$tmp/perf.data" -- sleep "$win" >"$tmp/out" 2>"$tmp/err" & ;;
	esac
	cpid=$!
	sleep 0.5
}

collector_end() {
	wait "$cpid"
	case $1 in
	smmubench)
		jq '[.ops[] | select(.name | startswith("block:")) | .count] | add' "$tmp/out" >"$tmp/events"
		jq '.lost_events' "$tmp/out" >"$tmp/lost" ;;
	perf-stat)
		awk -F, '/block:block_rq/ { s += $1 } END { print s + 0 }' "$tmp/out" >"$tmp/events"
		echo 0 >"$tmp/lost" ;;
	perf-rec)
		perf report -i "$tmp/perf.data" --stats 2>/dev/null |
			awk '/SAMPLE events:/ && !s { s = $3 } END { print s + 0 }' >"$tmp/events"
		perf report -i "$tmp/perf.data" --stats 2>/dev/null |
			awk '/LOST events:/ && !s { s = $3 } END { print s + 0 }' >"$tmp/lost" ;;
	esac
}

set -- $modes
nmodes=$#
for ((r = 0; r < rounds; r++)); do
	set -- $modes
	# rotate the order: round r starts with mode r mod nmodes
	for ((k = 0; k < r % nmodes; k++)); do set -- "${@:2}" "$1"; done
	for m in "$@"; do
		[ "$m" = none ] || collector_start "$m"
		res=$(fio_run) || { echo "fio failed (mode $m)"; [ "$m" = none ] || wait; continue; }
		[ "$m" = none ] || collector_end "$m"
		set -- $res
		iops=$1 rt_ms=$2
		echo "$m $iops" >>"$tmp/iops"
		if [ "$m" != none ]; then
			cpu=$(tail -1 "$tmp/cpu" | awk -F+ '{ print $1 + $2 }')
			echo "$m $(cat "$tmp/events") $rt_ms $cpu $(cat "$tmp/lost")" >>"$tmp/cost"
		fi
	done
done

echo "IOPS, median of each mode's runs; ratio = median / median with no tracing:"
"$ratio" none IOPS <"$tmp/iops" | tee "$tmp/ratio"
echo "events (issue + complete, every block device) per second of fio, collector CPU per event:"
printf '%-12s %14s %16s %14s\n' mode "events/s" "CPU ns/event" "lost events"
for m in $modes; do
	[ "$m" = none ] && continue
	awk -v m="$m" 'BEGIN { n = 0 } $1 == m { r[n] = $2 / ($3 / 1000); c[n] = $4 * 1e9 / ($2 ? $2 : 1); l += $5; n++ }
		function med(a, n,   i, j, t) {
			for (i = 1; i < n; i++) for (j = i; j > 0 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
			return n % 2 ? a[int(n/2)] : (a[n/2-1] + a[n/2]) / 2 }
		END { if (n) printf "%-12s %14.0f %16.0f %14d\n", m, med(r, n), med(c, n), l }' "$tmp/cost"
done | tee "$tmp/rates"
r=$(awk '$1 == "smmubench" { print $5, $6, $8 }' "$tmp/ratio")
e=$(awk '$1 == "smmubench" { print $2 }' "$tmp/rates")
if [ -n "$r" ] && [ -n "$e" ]; then
	set -- $r
	met=$(awk -v r="$1" -v lo="$2" -v e="$e" 'BEGIN { print (r >= 0.95 && e >= 100000) ? "met" : "not met" }')
	echo "goal (smmubench IOPS ratio >= 0.95 at >= 100 k events/s): $met: ratio $1 (95% $2 .. $3) at $e events/s"
fi
echo "(medians over runs; CPU = the collector process's user + sys over its whole window, per event it counted)"
