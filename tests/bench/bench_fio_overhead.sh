#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The collector's effect on the workload (issue 18, goal 3): fio 4K random
# reads on a loop device, IOPS with no tracing and under each collector of
# block:block_rq_issue + block:block_rq_complete, system-wide:
#   none       no tracing
#   noreader   the two events on in a tracefs instance of ours that nobody
#              reads (same clock and buffer as smmubench's): the kernel's
#              cost of writing the events, alone
#   smmubench  smmubench stat -b 4096 -e block:block_rq_issue -e block:block_rq_complete
#   perf-stat  perf stat -a -e block:block_rq_issue,block:block_rq_complete
#   perf-rec   perf record -a -e (the same) -o FILE (FILE in /tmp, the file
#              system of smmubench's spool)
# Each round runs every mode once, the order rotated round to round
# (alternating runs); a collector starts 0.5 s before fio and is stopped by
# SIGINT (a user's Ctrl-C) when fio has ended. Printed: the median IOPS ratio to no tracing with its
# bootstrap 95% interval, unpaired (reports' report_stats_compare()) and
# paired (each round's ratio: a neighbour's load that drifts between rounds
# cancels), the event rate, the kernel's count of issues against fio's own IO
# count, fio's CPU per IO (the tracepoints' cost lands on the IO path) and the
# collector's CPU (user + sys, /proc/PID/stat while fio ran, /usr/bin/time for
# the whole run with its decode) per event. The loop device reads its file in
# /dev/shm with direct I/O: memory speed, no page cache of the loop device
# in between, so nothing hides the collector's cost. Figures, not assertions.
#
#   O=build SMMUBENCH=build/smmubench SELF_TOOLS=build/tests bash tests/bench/bench_fio_overhead.sh
# Knobs: FIO_ROUNDS (15), FIO_SECS (1), FIO_IODEPTH (16), FIO_ENGINE (libaio),
# FIO_MODES (all five), FIO_TOGGLE_SECS (20; 0: no toggled run); FIO_KEEP=1
# keeps the raw figures.
rounds=${FIO_ROUNDS:-15}
secs=${FIO_SECS:-1}
iodepth=${FIO_IODEPTH:-16}
engine=${FIO_ENGINE:-libaio}
buf_kb=4096
SMMUBENCH=${SMMUBENCH:-build/smmubench}
ratio=${SELF_TOOLS:-build/tests}/self_ratio
T=/sys/kernel/tracing
[ -d "$T/events" ] || T=/sys/kernel/debug/tracing
hz=$(getconf CLK_TCK)

echo "# bench_fio_overhead: fio randread 4k $engine iodepth $iodepth, ${secs} s a run, $rounds rounds"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
skip() { echo "skipped: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (tracefs, losetup)"
[ -d "$T/events/block/block_rq_issue" ] || skip "no block tracepoints in $T"
for c in fio losetup jq pgrep /usr/bin/time; do
	command -v "$c" >/dev/null || skip "$c missing (make deps)"
done
[ -x "$ratio" ] || skip "$ratio not built (make bench-self builds it)"
modes=${FIO_MODES:-none noreader smmubench perf-stat perf-rec}
if ! perf stat -a -e block:block_rq_issue -- true >/dev/null 2>&1; then
	echo "note: perf cannot open block tracepoints here: perf rows skipped"
	modes=$(echo "$modes" | sed 's/perf-[a-z]*//g')
fi

tmp=$(mktemp -d /dev/shm/bench_fio_overhead.XXXXXX)
pdir=$(mktemp -d /tmp/bench_fio_overhead.XXXXXX)
inst=$T/instances/bench_fio_noreader_$$
loop=
tpid=
fpid=
# noreader_off: the events off and the instance removed; its event count
# (kept + overwritten, every CPU) into $tmp/nr_events
noreader_off() {
	[ -d "$inst" ] || return 0
	echo 0 >"$inst/tracing_on"
	echo 0 >"$inst/events/block/block_rq_issue/enable"
	echo 0 >"$inst/events/block/block_rq_complete/enable"
	cat "$inst"/per_cpu/cpu*/stats |
		awk '$1 == "entries:" || $1 == "overrun:" { s += $2 } END { print s + 0 }' >"$tmp/nr_events"
	rmdir "$inst"
}
noreader_on() {
	mkdir "$inst" && echo 0 >"$inst/tracing_on" && echo boot >"$inst/trace_clock" &&
		echo "$buf_kb" >"$inst/buffer_size_kb" &&
		echo 1 >"$inst/events/block/block_rq_issue/enable" &&
		echo 1 >"$inst/events/block/block_rq_complete/enable" &&
		echo 1 >"$inst/tracing_on"
}
cleanup() {
	# a collector without a window of its own (perf) runs until it is told
	[ -n "$tpid" ] && { kill -INT "$cpid" 2>/dev/null; wait "$tpid"; }
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null && wait "$fpid"
	noreader_off
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	if [ -n "${FIO_KEEP:-}" ]; then
		echo "kept $tmp (runs: round mode iops ios runtime_ms fio_cpu% issue complete lost loop_pairs cpu_fio_s cpu_all_s)"
	else
		rm -rf "$tmp"
	fi
	rm -rf "$pdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# real pages, not holes: a read copies data as it would from a disk's cache
head -c 256M /dev/zero >"$tmp/img"
loop=$(losetup -f --show --direct-io=on "$tmp/img") || skip "losetup failed"
dio=$(cat "/sys/block/${loop#/dev/}/loop/dio" 2>/dev/null)
[ "$dio" = 1 ] || echo "note: $loop does not do direct I/O on $tmp (dio=$dio): reads go through its page cache"
# the collectors' bound: SIGINT ends them when fio has
win=$((secs + 30))
loopdev=$(cat "/sys/block/${loop#/dev/}/dev")

# "iops ios runtime_ms cpu%" of one fio run of ${1:-$secs} s (cpu%: fio's job, usr + sys, of its runtime)
fio_run() {
	fio --name=rr --filename="$loop" --rw=randread --bs=4k --direct=1 --ioengine="$engine" \
		--iodepth="$iodepth" --size=256m --time_based --runtime="${1:-$secs}" \
		--output-format=json >"$tmp/fio.json" 2>"$tmp/fio.err" || return 1
	jq -r '.jobs[0] | "\(.read.iops) \(.read.total_ios) \(.read.runtime) \(.usr_cpu + .sys_cpu)"' \
		"$tmp/fio.json"
}

# user + sys of process $1 so far, in clock ticks (its own threads, no children)
proc_ticks() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}

# collector MODE started in the background under /usr/bin/time
collector_start() {
	local t="/usr/bin/time -f %U+%S -o $tmp/cpu"

	case $1 in
	noreader)
		noreader_on || { echo "cannot set up $inst"; return 1; }
		return 0 ;;
	smmubench)
		$t "$SMMUBENCH" stat -j -b "$buf_kb" -d "${win}s" -e block:block_rq_issue \
			-e block:block_rq_complete >"$tmp/out" 2>"$tmp/err" & ;;
	perf-stat)
		$t perf stat -a -x, -e block:block_rq_issue,block:block_rq_complete \
			-o "$tmp/out" 2>"$tmp/err" & ;;
	perf-rec)
		$t perf record -q -a -e block:block_rq_issue,block:block_rq_complete \
			-o "$pdir/perf.data" >"$tmp/out" 2>"$tmp/err" & ;;
	esac
	tpid=$!
	sleep 0.5
	cpid=$(pgrep -P "$tpid")
}

# "issue complete lost loop_pairs" events of MODE's run into $tmp/ev (in this shell: it waits for the collector)
collector_end() {
	case $1 in
	noreader)
		noreader_off
		# the instance counts both events together; lost: nobody reads
		echo "$(cat "$tmp/nr_events") - - -" >"$tmp/ev"
		return ;;
	esac
	kill -INT "$cpid"
	wait "$tpid"
	tpid=
	case $1 in
	smmubench)
		# the third: issue-complete pairs on our loop device
		jq -r --arg d "block_rq.$loopdev" '[(.ops[] | select(.name == "block:block_rq_issue") | .count) // 0,
			(.ops[] | select(.name == "block:block_rq_complete") | .count) // 0,
			.lost_events, (.ops[] | select(.name == $d) | .count) // 0] |
			"\(.[0]) \(.[1]) \(.[2]) \(.[3])"' "$tmp/out" ;;
	perf-stat)
		awk -F, '$3 == "block:block_rq_issue" { i = $1 } $3 == "block:block_rq_complete" { c = $1 }
			END { print i + 0, c + 0, 0, "-" }' "$tmp/out" ;;
	perf-rec)
		perf report -i "$pdir/perf.data" --stats 2>/dev/null |
			awk '/^ *LOST(_SAMPLES)? events:/ && !agg[$1]++ { l += $3 }
				/block_rq_issue stats:/ { e = "i" } /block_rq_complete stats:/ { e = "c" }
				/SAMPLE events:/ && e { n[e] = $3; e = "" }
				END { print n["i"] + 0, n["c"] + 0, l + 0, "-" }'
		rm -f "$pdir/perf.data" ;;
	esac >"$tmp/ev"
}

set -- $modes
nmodes=$#
for ((r = 0; r < rounds; r++)); do
	set -- $modes
	# rotate the order: round r starts with mode r mod nmodes
	for ((k = 0; k < r % nmodes; k++)); do set -- "${@:2}" "$1"; done
	for m in "$@"; do
		cpid=
		if [ "$m" != none ]; then
			collector_start "$m" || continue
		fi
		t0=$([ -n "$cpid" ] && proc_ticks "$cpid")
		res=$(fio_run)
		t1=$([ -n "$cpid" ] && proc_ticks "$cpid")
		[ -n "$res" ] || { echo "fio failed (mode $m): $(tail -1 "$tmp/fio.err")"; }
		ev="- - - -"
		if [ "$m" != none ]; then
			collector_end "$m"
			ev=$(cat "$tmp/ev")
		fi
		[ -n "$res" ] || continue
		cfio=- call=-
		if [ -n "$cpid" ]; then
			cfio=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { print (b - a) / hz }')
			call=$(tail -1 "$tmp/cpu" | awk -F+ '{ print $1 + $2 }')
		fi
		echo "$r $m $res $ev $cfio $call" >>"$tmp/runs"
	done
done
[ -s "$tmp/runs" ] || { echo "no fio run succeeded"; exit 1; }

# The writing cost alone, at a finer grain than whole runs: during one fio
# run, the events of the no-reader instance go off and on every half second
# and each half second's IOPS comes from the loop device's own count of
# completed reads (/sys/block/loopN/stat); each on slice pairs with the off
# slice just before it, so a neighbour's load cancels within a second.
toggle_run() {
	local i on r0 r1 t0 t1 stat=/sys/block/${loop#/dev/}/stat

	noreader_on || return 1
	echo 0 >"$inst/events/block/block_rq_issue/enable"
	echo 0 >"$inst/events/block/block_rq_complete/enable"
	fio_run $((toggle_secs + 2)) >/dev/null &
	fpid=$!
	sleep 1
	for ((i = 0; i < 2 * toggle_secs; i++)); do
		on=$((i % 2))
		echo $on >"$inst/events/block/block_rq_issue/enable"
		echo $on >"$inst/events/block/block_rq_complete/enable"
		read -r r0 _ <"$stat"
		t0=$(date +%s%N)
		sleep 0.5
		read -r r1 _ <"$stat"
		t1=$(date +%s%N)
		echo "$([ $on = 1 ] && echo on || echo off) $(((r1 - r0) * 1000000000 / (t1 - t0))) $((i / 2))" \
			>>"$tmp/toggle"
	done
	wait "$fpid"
	fpid=
	noreader_off
}
toggle_secs=${FIO_TOGGLE_SECS:-20}
[ "$toggle_secs" -gt 0 ] && [[ " $modes " == *" noreader "* ]] && toggle_run
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "IOPS, median of each mode's runs; ratio = median / median with no tracing; paired ="
echo "median of each round's IOPS / the same round's IOPS with no tracing:"
awk '{ print $2, $3, $1 }' "$tmp/runs" | "$ratio" none IOPS | tee "$tmp/ratio"

# the median of a[0..n-1], for the awk programs below
med='function med(a, n,   i, j, t) {
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[int(n / 2)] : (a[n / 2 - 1] + a[n / 2]) / 2
}'
echo "per mode, medians over its runs: events: issue + complete on every block device (neighbours'"
echo "too) per second of fio and per fio IO; loop - fio: smmubench's issue-complete pairs on $loop"
echo "less fio's own IO count; fio CPU: its job's user + sys per IO; collector CPU: user + sys per"
echo "event it counted, while fio ran / whole run (setup, window, decode, output); coll %CPU: the"
echo "collector's CPU while fio ran, % of one CPU (of $(nproc)): what it takes from the workload at most:"
printf '%-10s %8s %9s %6s %7s %8s %11s %10s %9s %6s\n' mode "IOPS" "events/s" "ev/IO" "loop-fio" \
	"fio ns/IO" "coll ns/ev" "ns/ev all" "coll %CPU" "lost"
for m in $modes; do
	# runs: round mode iops ios runtime_ms fio_cpu% issue complete lost loop_pairs cpu_fio_s cpu_all_s
	awk -v m="$m" "$med"'
		BEGIN { n = ne = nd = nc = nl = 0 }
		$2 == m {
			iops[n] = $3; cpuio[n] = $6 / 100 * $5 * 1e6 / $4
			if ($7 != "-") {
				ev = $7 + ($8 == "-" ? 0 : $8)
				rate[ne] = ev / ($5 / 1000); per[ne++] = ev / $4
				if ($11 != "-" && ev) {
					cf[nc] = $11 * 1e9 / ev; ca[nc] = $12 * 1e9 / ev
					share[nc++] = 100 * $11 / ($5 / 1000)
				}
			}
			if ($10 != "-") diff[nd++] = $10 - $4
			if ($9 != "-") { lost += $9; nl++ }
			n++
		}
		function f(a, k, fmt) { return k ? sprintf(fmt, med(a, k)) : "-" }
		END {
			if (n)
				printf "%-10s %8.0f %9s %6s %7s %8.0f %11s %10s %9s %6s\n", m, med(iops, n),
					f(rate, ne, "%.0f"), f(per, ne, "%.2f"), f(diff, nd, "%+.0f"), med(cpuio, n),
					f(cf, nc, "%.0f"), f(ca, nc, "%.0f"), f(share, nc, "%.1f"), nl ? lost : "-"
		}' "$tmp/runs"
done | tee "$tmp/rates"
echo "(lost: smmubench's lost events; perf-rec's PERF_RECORD_LOST records, each one or more events)"
awk '$2 == "none" { v = $3; if (!n++ || v < lo) lo = v; if (v > hi) hi = v }
	END { if (n > 1) printf "noise: IOPS with no tracing from %.0f to %.0f over its %d runs (%.2fx)\n", lo, hi, n, hi / lo }' "$tmp/runs"

# fio's own CPU per IO: what the events cost on the workload's thread (the
# issue event fires in fio's submission, completions in whatever the softirq interrupts)
echo "fio's own CPU per IO (its job's user + sys), ratio to no tracing:"
awk '{ print $2, $6 / 100 * $5 * 1e6 / $4, $1 }' "$tmp/runs" | "$ratio" none ns/IO
# where the cost goes: writing the events (noreader vs none) and reading them (smmubench vs noreader)
if grep -q ' noreader ' "$tmp/runs" && grep -q ' smmubench ' "$tmp/runs"; then
	echo "smmubench and perf-rec against the events on with no reader (the readers' own share):"
	awk '$2 == "noreader" || $2 == "smmubench" || $2 == "perf-rec" { print $2, $3, $1 }' "$tmp/runs" |
		"$ratio" noreader IOPS | tee "$tmp/ratio_nr"
fi

# the goal, on the paired ratio (fields: label runs median unit ratio lo .. hi p paired lo .. hi n);
# decided only when the interval is on one side of 0.95
p=$(awk '$1 == "smmubench" && NF >= 14 { print $10, $11, $13 }' "$tmp/ratio")
u=$(awk '$1 == "smmubench" { print $5, $6, $8 }' "$tmp/ratio")
w=$(awk '$1 == "noreader" && NF >= 14 { print $10 }' "$tmp/ratio")
e=$(awk '$1 == "smmubench" { print $3 }' "$tmp/rates")
if [ -n "$p" ] && [ -n "$e" ]; then
	set -- $p
	met=$(awk -v r="$1" -v lo="$2" -v hi="$3" -v e="$e" 'BEGIN {
		if (e < 100000) print "not tested (under 100 k events/s)"
		else if (lo >= 0.95) print "met"
		else if (hi < 0.95) print "not met"
		else print "not decided (the interval spans 0.95)" }')
	echo "goal (smmubench IOPS ratio >= 0.95 at >= 100 k events/s): $met: paired ratio $1 (95% $2 .. $3)," \
		"unpaired $(echo $u | awk '{ printf "%s (95%% %s .. %s)", $1, $2, $3 }') at $e events/s"
	if [ -n "$w" ]; then
		awk -v s="$1" -v w="$w" 'BEGIN {
			printf "IOPS lost to writing the events (noreader / none, paired): %.1f%%; to reading them (smmubench / noreader): %.1f%%\n",
				100 * (1 - w), 100 * (1 - s / w) }'
	fi
fi
echo "(CPU: the collector process's user + sys; ticks of 1/$hz s while fio ran, /usr/bin/time for the whole run)"
if [ -s "$tmp/toggle" ]; then
	echo "the events written with no reader, toggled every 0.5 s in one fio run of $toggle_secs s" \
		"(IOPS: $loop's completed reads; $(cat "$tmp/nr_events") events written while on):"
	"$ratio" off IOPS <"$tmp/toggle"
fi
