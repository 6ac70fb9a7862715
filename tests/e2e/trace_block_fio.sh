#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Real kernel: block_rq_issue -> block_rq_complete latency on a loop device
# while fio does O_DIRECT random reads, checked against fio's own
# completion-latency median (clat_ns percentile 50 in fio's JSON). The
# tracefs state is the same before and after.
#
# fio runs libaio at iodepth 1, at SCHED_FIFO so that its wakeups are not
# delayed by the other jobs of this shared 2-core machine, and on the CPU
# that takes the backing disk's completion interrupts: measured here, from
# the other CPU fio's clat median was 20-35% above the block median (the
# hop between CPUs is in fio's figure), from this one within 2-9%. Load
# from elsewhere can still disturb one attempt, so up to 3 attempts of 2 s
# are made; the first within 15% passes (each attempt's figures are printed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace_state.inc"

t=$(tracefs_dir)
if ! need_root || [ -z "$t" ]; then skip "needs root and tracefs"; done_testing; fi
for c in fio losetup chrt; do
	command -v $c >/dev/null || { skip "needs $c"; done_testing; }
done
[ -d "$t/events/block/block_rq_issue" ] || { skip "no block:block_rq_issue tracepoint"; done_testing; }

tmp=$(mktemp -d)
loop=
cleanup() { [ -n "$loop" ] && losetup -d "$loop"; rm -rf "$tmp"; }
trap cleanup EXIT
# real data (not a sparse file): reads go to the backing disk
dd if=/dev/urandom of="$tmp/img" bs=1M count=64 status=none
loop=$(losetup --find --show --direct-io=on "$tmp/img") || { skip "losetup failed"; done_testing; }
dev=$(basename "$loop")
majmin=$(cat /sys/block/$dev/dev)

# the CPU with the most completion interrupts of the disk under $tmp (virtio)
irq_cpu() {
	local src disk virt
	src=$(df --output=source "$1" | tail -1)
	disk=$(lsblk -no pkname "$src" 2>/dev/null)
	[ -n "$disk" ] || disk=$(basename "$src")
	virt=$(basename "$(readlink -f "/sys/block/$disk/device" 2>/dev/null)")
	[ -n "$virt" ] || return
	awk -v q="$virt-req" 'index($0, q) { best = -1
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) if ($i + 0 > best) { best = $i + 0; c = i - 2 }
		print c; exit }' /proc/interrupts
}
cpu=$(irq_cpu "$tmp")
pin=()
[ -n "$cpu" ] && command -v taskset >/dev/null && pin=(taskset -c "$cpu")
echo "# fio on CPU ${cpu:-any} (the backing disk's completion interrupts)"

before=$(trace_state "$t")
pass=
for attempt in 1 2 3; do
	"$SMMUBENCH" stat --json -e block:block_rq_issue -e block:block_rq_complete -- \
		"${pin[@]}" chrt -f 10 fio --name=sbread --filename="$loop" --direct=1 --rw=randread --bs=4k \
		--ioengine=libaio --iodepth=1 --runtime=2 --time_based --output-format=json \
		--output="$tmp/fio.json" >"$tmp/sb.json" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 0 ] || { cat "$tmp/err"; break; }
	# the read section comes first; its clat_ns holds the only percentile table
	fio_p50=$(awk '/"clat_ns"/ { c = 1 } c && /"50.000000"/ { gsub(/[^0-9]/, "", $3); print $3; exit }' "$tmp/fio.json")
	sb_p50=$(json_op_key "$tmp/sb.json" "block_rq.$majmin" p50)
	sb_n=$(json_op_key "$tmp/sb.json" "block_rq.$majmin" count)
	lost=$(awk -F: '/"lost_events"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$tmp/sb.json")
	echo "# attempt $attempt: block_rq on $majmin: p50 ${sb_p50:-?} ns over ${sb_n:-?} requests; fio clat p50 ${fio_p50:-?} ns; lost $lost"
	if [ -n "$sb_p50" ] && [ -n "$fio_p50" ] &&
	   awk -v a="$sb_p50" -v b="$fio_p50" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.15 * b) }'; then
		pass=1
		break
	fi
done
is "stat ran fio inside the window" "$rc" 0
like "block_rq op for the loop device" "$(cat "$tmp/sb.json")" "\"name\":\"block_rq.$majmin\""
check "nothing lost" test "$lost" = 0
check "block_rq median within 15% of fio's clat median" test -n "$pass"

# Load (issue 13): iodepth 64 x 2 jobs read the same sectors at once and
# the backing disk requeues; every IO fio made must be one block_rq pair on
# the loop device, with nothing unmatched there. Pairing by dev+sector
# alone used to pair a completion with a later issue of its sector and
# lose the other (1,528 short of fio's 167,864 with 'unmatched 0' per
# device, 5,239 on the aggregate row).
"$SMMUBENCH" stat --json -e block:block_rq_issue -e block:block_rq_complete -- \
	fio --name=sbload --filename="$loop" --direct=1 --rw=randread --bs=4k --ioengine=libaio \
	--iodepth=64 --numjobs=2 --runtime=2 --time_based --output-format=json \
	--output="$tmp/fio2.json" >"$tmp/sb2.json" 2>"$tmp/err2"
is "stat ran fio at iodepth 64 x 2 jobs" "$?" 0
# reads of both jobs (their write and trim total_ios are 0)
fio_n=$(awk -F: '/"total_ios"/ { gsub(/[^0-9]/, "", $2); n += $2 } END { print n + 0 }' "$tmp/fio2.json")
sb_n=$(json_op_key "$tmp/sb2.json" "block_rq.$majmin" count)
sb_u=$(json_op_key "$tmp/sb2.json" "block_rq.$majmin" unmatched)
echo "# load: block_rq.$majmin $sb_n pairs, $sb_u unmatched; fio $fio_n reads"
is "one block_rq.$majmin pair per fio read" "$sb_n" "$fio_n"
is "nothing unmatched on $majmin" "$sb_u" 0
state_is "tracefs state unchanged" "$(trace_state "$t")" "$before"
is "no smmubench instance left" "$(trace_leftovers "$t")" ""
done_testing
