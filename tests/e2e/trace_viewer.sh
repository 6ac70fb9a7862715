#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The timeline of `record --perfetto` in a real viewer (issue 14): a
# paravirt model run on 2 CPUs, its Chrome trace-event JSON loaded into
# speedscope (npm) under headless Chromium (tests/viewer/speedscope.js);
# the tracks speedscope shows (one per CPU and exception level, named from
# the JSON's process/thread names) and their slices, against the model's
# own counters (maps, unmaps, hypercalls, TLBIs: one CMD_SYNC wait per
# strict 4K unmap) and against the JSON's own X events per track. Skips,
# saying why, without node, chromium or the npm packages.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
O=${O:-build}
. "$here/../viewer/lib.sh"
command -v jq >/dev/null || { skip "jq missing (make deps installs it)"; done_testing; }
viewer_ready || { skip "$viewer_why"; done_testing; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

m=$tmp/model
out=$("$SMMUBENCH" model -d paravirt -t 2 --duration-ms 1 --events -o "$m")
num() { printf '%s\n' "$out" | sed -n "$1" | head -1; }
maps=$(num 's/^op map  *count \([0-9]*\) .*/\1/p')
unmaps=$(num 's/^op unmap  *count \([0-9]*\) .*/\1/p')
hvcs=$(num 's/.*hypercalls \([0-9]*\);.*/\1/p')
tlbis=$(num 's/.*(tlbi \([0-9]*\),.*/\1/p')
"$SMMUBENCH" record -s "raw:$m/remotes/hypervisor" -s "raw:$m/host" -o "$tmp/rec" \
	--perfetto "$tmp/t.json" -- true >/dev/null 2>"$tmp/err"
is "record --perfetto exits 0" "$?" 0
if ! viewer_load "$tmp/t.json" "$tmp/shown"; then
	fail "speedscope loads the timeline under headless Chromium"
	sed 's/^/#   /' "$tmp/shown.err"
	done_testing
fi
ok "speedscope loads the timeline under headless Chromium"
sed 's/^/# speedscope: /' "$tmp/shown" | cut -c1-200
is "no page error in speedscope" "$(grep -c 'page errors' "$tmp/shown.err")" 0
is "4 tracks: 2 CPUs x EL1, EL2" "$(wc -l < "$tmp/shown")" 4
is "tracks named from the JSON's process and thread names" "$(cut -f1 "$tmp/shown" | sort | tr '\n' '|')" \
	"cpu0 (pid 0), EL1 (host) (tid 1)|cpu0 (pid 0), EL2 (hypervisor) (tid 2)|cpu1 (pid 1), EL1 (host) (tid 1)|cpu1 (pid 1), EL2 (hypervisor) (tid 2)|"
is "EL1 tracks hold the host probe pairs only" \
	"$(viewer_track "$tmp/shown" 'EL1' | tr ',' '\n' | sed 's/=.*//' | sort -u | tr '\n' ' ')" "dma_map dma_unmap "
is "dma_map slices = the model's maps" "$(viewer_frames "$tmp/shown" dma_map)" "$maps"
is "dma_unmap slices = the model's unmaps" "$(viewer_frames "$tmp/shown" dma_unmap)" "$unmaps"
is "smmu_map slices = the model's maps" "$(viewer_frames "$tmp/shown" smmu_map)" "$maps"
is "smmu_unmap slices = the model's unmaps" "$(viewer_frames "$tmp/shown" smmu_unmap)" "$unmaps"
is "hyp_hvc slices = the model's hypercalls" "$(viewer_frames "$tmp/shown" hyp_hvc)" "$hvcs"
is "smmu_sync wait slices = the model's TLBIs (one sync each)" "$(viewer_frames "$tmp/shown" smmu_sync)" "$tlbis"
# what speedscope shows per track = the complete events written for it
want=$(jq -r '[.traceEvents[] | select(.ph == "X")] | group_by([.pid, .tid]) |
	map("\(.[0].pid)/\(.[0].tid) \(length)") | .[]' "$tmp/t.json" | sort | tr '\n' '|')
got=$(sed 's/.*(pid \([0-9]*\)).*(tid \([0-9]*\))\t\([0-9]*\)\t.*/\1\/\2 \3/' "$tmp/shown" | sort | tr '\n' '|')
is "slices per track = the JSON's X events per pid/tid" "$got" "$want"
done_testing
