#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The session's raw path has a copy of the merge loop with the fast walker
# and the aggregator's common record inline (trace/README.md); kbuffer
# (SMMUBENCH_RAW_DECODE=kbuffer) walks the same pages through libtraceevent
# and hands each record to the aggregator through its function pointer.
# On the model's pages of every design, host probes included, with either
# source first and with events lost mid-stream, both must give the very
# same ops (counts, histograms per CPU, losses) and the same breakdown.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v jq >/dev/null || { skip "jq not installed (make deps)"; done_testing; }

# stat DIR WALKER SPEC...: the parts of summary.json that come from the events
stat_json() {
	local walker=$1
	shift
	env SMMUBENCH_RAW_DECODE="$walker" "$SMMUBENCH" stat --json "$@" -- true 2>/dev/null |
		jq -S '{ops, breakdown, lost_events, lost: [.sources[].lost_events_per_cpu]}'
}

# lose PAGE_FILE N: page N's commit word says events were lost before it
# (RB_MISSED_EVENTS, bit 31, kernel/trace/ring_buffer.c), count unknown
lose() {
	local off=$(($2 * 4096 + 11)) b
	b=$(od -An -tu1 -j "$off" -N1 "$1" | tr -d ' ')
	printf "\\x$(printf %x $((b | 128)))" | dd of="$1" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

for c in "paravirt:-d paravirt -t 2" "paravirt1m:-d paravirt -t 2 -g 256" \
	 "nested:-d nested -t 2" "native:-d native -t 2" \
	 "block:-d paravirt -w block --bs 65536 --iodepth 4 --map-sg"; do
	name=${c%%:*}
	d=$tmp/$name
	# shellcheck disable=SC2086
	if ! "$SMMUBENCH" model ${c#*:} --duration-ms 2 --events -o "$d" >/dev/null; then
		fail "$name: the model failed"
		continue
	fi
	el2=raw:$d/remotes/hypervisor host=raw:$d/host
	for order in "el2 first" "host first"; do
		if [ "$order" = "el2 first" ]; then set -- -s "$el2" -s "$host"; else set -- -s "$host" -s "$el2"; fi
		fast=$(stat_json "" "$@")
		kb=$(stat_json kbuffer "$@")
		n=$(jq '[.ops[].count] | add' <<<"$fast")
		check "$name, $order: the fast path decoded events ($n)" [ "${n:-0}" -gt 1000 ]
		if [ "$fast" = "$kb" ]; then
			ok "$name, $order: ops and breakdown equal kbuffer's"
		else
			fail "$name, $order: ops or breakdown differ from kbuffer's"
			diff <(echo "$fast") <(echo "$kb") | head -10 | sed 's/^/# /'
		fi
	done
done

# events lost mid-stream on both CPUs of the EL2 pages
d=$tmp/paravirt
lose "$d/remotes/hypervisor/per_cpu/cpu0/trace_pipe_raw" 3
lose "$d/remotes/hypervisor/per_cpu/cpu1/trace_pipe_raw" 5
fast=$(stat_json "" -s "raw:$d/host" -s "raw:$d/remotes/hypervisor")
kb=$(stat_json kbuffer -s "raw:$d/host" -s "raw:$d/remotes/hypervisor")
is "lost mid-stream: 2 lost events reported" "$(jq .lost_events <<<"$fast")" 2
like "lost mid-stream: the nesting counts them" "$(jq -c .breakdown.unnested <<<"$fast")" '"lost_inside":[1-9]'
if [ "$fast" = "$kb" ]; then
	ok "lost mid-stream: ops and breakdown equal kbuffer's"
else
	fail "lost mid-stream: ops or breakdown differ from kbuffer's"
	diff <(echo "$fast") <(echo "$kb") | head -10 | sed 's/^/# /'
fi
done_testing
