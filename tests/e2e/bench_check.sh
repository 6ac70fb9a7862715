#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# smmubench check on this machine, and on a fake tracefs laid out like a
# mainline hypervisor remote (smmubench events --remote-dir).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

out=$("$SMMUBENCH" check --help)
like "--help" "$out" '^usage: smmubench check'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mounted first (as root can): check only looks, and must find it; a fresh
# machine has no tracefs mounted until something mounts it
T=$(tracefs_dir)
out=$("$SMMUBENCH" check)
rc=$?
like "header" "$out" '^# smmubench check'
for item in tracefs "hypervisor trace" "smmu events" design "smmu driver" "iommu groups" invalidation \
	kprobes uprobes "block events" debugfs dma_map_benchmark fio perf root; do
	like "a verdict line for $item" "$out" "^$item +(ok|--) +[^ ]"
done
if [ -n "$T" ]; then
	like "tracefs is found where /proc/mounts says" "$out" "^tracefs +ok +$T \(mounted\)"
	if [ -e "$T/kprobe_events" ]; then
		like "kprobes present" "$out" '^kprobes +ok'
	else
		like "kprobes missing, with what to do" "$out" '^kprobes +-- +no kprobe_events -> .*CONFIG_KPROBE_EVENTS'
	fi
	if [ -e "$T/uprobe_events" ]; then like "uprobes present" "$out" '^uprobes +ok'; else
		like "uprobes missing" "$out" '^uprobes +--'; fi
	if [ -d "$T/remotes/hypervisor" ] || [ -d "$T/hypervisor" ] || [ -d "$T/hyp" ]; then
		like "hypervisor tracing found" "$out" '^hypervisor trace +ok'
	else
		like "no hypervisor tracing: native, with what to do" "$out" '^hypervisor trace +-- +no remotes/hypervisor/'
		like "design without smmu events is native" "$out" '^design +ok +native'
	fi
else
	skip "no tracefs here"
fi
if command -v fio >/dev/null; then
	like "fio and its version" "$out" "^fio +ok +$(fio --version | sed 's/\./\\./g')\$"
else
	like "fio missing, with what to do" "$out" '^fio +-- +not found -> apt-get install fio'
fi
if [ -n "$(ls /sys/kernel/iommu_groups 2>/dev/null)" ]; then
	like "IOMMU groups counted" "$out" "^iommu groups +ok +$(ls /sys/kernel/iommu_groups | wc -l):"
else
	like "no IOMMU groups, with what it means" "$out" '^iommu groups +-- +none -> no IOMMU'
fi
if [ -e /sys/kernel/debug/dma_map_benchmark ]; then
	like "dma_map_benchmark ready" "$out" '^dma_map_benchmark +ok'
elif ! ls -d /sys/bus/*/drivers/dma_map_benchmark >/dev/null 2>&1; then
	like "dma_map_benchmark missing, with the config option" "$out" '^dma_map_benchmark +-- +missing -> CONFIG_DMA_MAP_BENCHMARK=y'
fi
if need_root && [ -n "$T" ] && command -v fio >/dev/null; then
	is "exit status 0 with tracefs, fio and root" "$rc" 0
fi

# a fake tracefs with a mainline remote carrying every smmu event
mkdir -p "$tmp/t/remotes"
"$SMMUBENCH" events --remote-dir "$tmp/t/remotes/hypervisor" --cpus 2 >/dev/null
out=$("$SMMUBENCH" check --tracefs "$tmp/t")
like "fake remote found, text only" "$out" "^hypervisor trace +ok +mainline trace remote at $tmp/t/remotes/hypervisor, text only"
like "all 10 smmu events (DESIGN.md's 8, smmu_map_sg, smmu_hist)" "$out" '^smmu events +ok +10 \(paravirt \+ nested\)'
like "both designs' events: ambiguous, set the design" "$out" '^design +-- +both paravirt and nested events exist -> set \[target\] design'
rm -rf "$tmp/t/remotes/hypervisor/events/hypervisor/smmu_cmdq_trap" \
	"$tmp/t/remotes/hypervisor/events/hypervisor/smmu_mmio_trap"
out=$("$SMMUBENCH" check --tracefs "$tmp/t")
like "smmu_map without the trap events: paravirt" "$out" '^design +ok +paravirt \(from the smmu events\)'
# Android layout with raw pages
mkdir -p "$tmp/a/hypervisor/per_cpu/cpu0" "$tmp/a/hypervisor/events/hypervisor/smmu_cmdq_trap"
touch "$tmp/a/hypervisor/per_cpu/cpu0/trace_pipe_raw"
out=$("$SMMUBENCH" check --tracefs "$tmp/a")
like "Android hypervisor/ with raw pages" "$out" "^hypervisor trace +ok +Android hypervisor tracing at $tmp/a/hypervisor, raw pages"
like "smmu_cmdq_trap alone: nested" "$out" '^design +ok +nested'
"$SMMUBENCH" check --tracefs "$tmp/nonexistent" >/dev/null 2>"$tmp/err"
is "a missing --tracefs is a usage error" "$?" 2
like "and says why" "$(cat "$tmp/err")" "--tracefs $tmp/nonexistent: No such file or directory"
done_testing
