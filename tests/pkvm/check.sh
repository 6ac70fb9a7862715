#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: what `make check-pkvm` runs (issue 11). Boots the instrumented
# android16-6.12 kernel ($(O)/kernel/Image, `make kernel`) twice under QEMU
# 10 (tests/pkvm/run.sh): paravirt (pKVM owns the SMMU) and native (same
# kernel, no pKVM, arm_smmu_v3.ko). Then checks, with expectations that do
# not come from smmubench:
#   - the hypervisor's own host_hcall counts (ids 64 map_pages, 65
#     unmap_pages, arch/arm64/include/asm/kvm_asm.h order) equal the
#     smmu_map / smmu_unmap counts, and so do kprobes on the host driver's
#     kvm_arm_smmu_map_pages / kvm_arm_smmu_unmap_pages and the host's
#     iommu:map / iommu:unmap tracepoints;
#   - a strict 4K unmap = 1 TLBI + its CMD_SYNC; a 1M unmap = 1 range TLBI
#     of 256 pages (QEMU 10 has IDR3.RIL: NUM=0, SCALE=8, IHI 0070 4.4.1);
#   - dma_map_benchmark's map calls (the kernel's dma:dma_map_page) equal
#     the map hypercalls; every duration is > 0; no event is lost;
#   - the md5 of data read through the SMMU is right;
#   - smmubench check says design paravirt (native), record and stat on the
#     live hypervisor pipe end on their own, run completes both times;
#   - the host renders the report and compares paravirt against native;
#   - attribution by nesting (issue 14): host probe pairs, hyp_enter/exit,
#     EL2 ops and SMMU waits of a dma_map_benchmark record nest; each host
#     op is split or reported; the counts are the kernel's (dma:*, kprobe
#     pairs, map hypercalls); the timeline loads in speedscope.
# Output: "ok - ..." / "not ok - ..." lines, the count table in
# $(O)/pkvm/summary.txt; exit 1 on a failure, 77 when it cannot run here.
# PKVM_REUSE=1 checks the last guests' results again without booting.
set -u
here=$(cd "$(dirname "$0")" && pwd)
O=${O:-build}
SMMUBENCH=${SMMUBENCH:-$O/smmubench}
KOUT=${KOUT:-$O/kernel}
out=$O/pkvm
failed=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; failed=1; }
is() { # what got want
	if [ "$2" = "$3" ]; then ok "$1 ($2)"; else bad "$1: got '$2', want '$3'"; fi
}
skip_all() { echo "skip - check-pkvm: $*"; exit 77; }

[ -s "$KOUT/Image" ] || skip_all "no $KOUT/Image: build it with 'make kernel KSRC=<android16-6.12 tree>' or 'make kernel KGIT=<git dir> KCOMMIT=<sha>' (kernel-patches/android16-6.12/BASE)"
[ "$(id -u)" = 0 ] || skip_all "needs root (apt for the guest's busybox and fio)"
command -v qemu-system-aarch64 >/dev/null || skip_all "no qemu-system-aarch64: run 'make deps-arm64'"

export KOUT SMMUBENCH_ARM64=$O/arm64/smmubench RDREAD=$O/arm64/tests/rdread \
	DMAMAP=$O/arm64/tests/dmamap CACHE=$O/arm64/cache
t0=$(date +%s)
# PKVM_REUSE=1: check the last guests' results again without booting
for mode in paravirt native knobs; do
	[ "${PKVM_REUSE:-0}" = 1 ] && break
	bash "$here/run.sh" $mode "$out/$mode" || bad "$mode guest: run.sh failed"
done
echo "# guests took $(( $(date +%s) - t0 )) s"

# count FILE ERE: lines matching
count() { grep -cE "$2" "$1" 2>/dev/null || echo 0; }
envv() { sed -n "s/^$2=//p" "$1/results/guest.env" 2>/dev/null | head -1; }
# field FILE EVENT KEY: the KEY=value values of EVENT's lines
field() { grep -E " $2 " "$1" 2>/dev/null | sed -n "s/.* $3=\([^ ]*\).*/\1/p"; }

P=$out/paravirt
N=$out/native
want_md5=$(cat "$P/md5-expected.txt" 2>/dev/null)
for m in paravirt native; do
	d=$out/$m
	is "$m: md5 of nvme data read through the SMMU" "$(cat $d/results/md5-nvme.txt 2>/dev/null)" "$(cat $d/md5-expected.txt 2>/dev/null)"
	is "$m: md5 of virtio-blk data read through the SMMU" "$(cat $d/results/md5-vblk.txt 2>/dev/null)" "$(cat $d/md5-expected.txt 2>/dev/null)"
	is "$m: nvme's IOMMU group translates" "$(envv $d nvme_iommu_group_type)" DMA
	is "$m: the dma_map_benchmark device is bound" "$(envv $d dmadev_bound)" dma_map_benchmark
done
is "paravirt: pKVM protected nVHE initialised" "$(envv $P pkvm)" 1
is "paravirt: the SMMU belongs to the pKVM driver" "$(envv $P smmu_driver)" kvm-arm-smmu-v3
is "native: no pKVM" "$(envv $N pkvm)" 0
is "native: the SMMU belongs to arm-smmu-v3" "$(envv $N smmu_driver)" arm-smmu-v3
is "paravirt: smmubench check says design paravirt" \
	"$(sed -n 's/^design *\(ok *\)\?\([a-z]*\).*/\2/p' $P/results/check.txt | head -1)" paravirt
is "native: smmubench check says design native" \
	"$(sed -n 's/^design *\(ok *\)\?\([a-z]*\).*/\2/p' $N/results/check.txt | head -1)" native

{
	printf '%-8s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %5s\n' phase smmu_map refill hc64 kmap \
		iommu:map dma_map smmu_unmap hc65 kunmap iommu:unmap smmu_tlbi smmu_sync lost
} > "$out/summary.txt"
for ph in nvme4k dma4k dma1m dma4k2t dma1m2t; do
	h=$P/results/hyp-$ph.txt
	k=$P/results/host-$ph.txt
	[ -f "$h" ] || { bad "paravirt: no hypervisor trace for phase $ph"; continue; }
	map=$(count "$h" ' smmu_map ')
	unmap=$(count "$h" ' smmu_unmap ')
	hc64=$(count "$h" ' host_hcall id=64 ')
	hc65=$(count "$h" ' host_hcall id=65 ')
	tlbi=$(count "$h" ' smmu_tlbi ')
	sync=$(count "$h" ' smmu_sync ')
	lost=$(grep -E 'LOST' "$h" | sed -n 's/.*LOST \([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
	kmap=$(count "$k" ' kmap: ')
	kunmap=$(count "$k" ' kunmap: ')
	imap=$(count "$k" ' map: IOMMU:')
	iunmap=$(count "$k" ' unmap: IOMMU:')
	dmap=$(count "$k" ' dma_map_page: ')

	is "$ph: no hypervisor event lost" "$lost" 0
	[ "$map" -gt 0 ] && ok "$ph: $map smmu_map events" || bad "$ph: no smmu_map event"
	is "$ph: smmu_map = host_hcall id=64" "$map" "$hc64"
	is "$ph: smmu_unmap = host_hcall id=65" "$unmap" "$hc65"
	# a map hypercall that needs table pages returns mapped=0 with a
	# memcache request, and the host driver calls again after the refill
	# (arch/arm64/kvm/iommu.c kvm_iommu_map_pages()): only the calls that
	# mapped something match one host call each
	mapok=$(field "$h" smmu_map mapped | grep -cvx 0)
	refill=$((map - mapok))
	is "$ph: smmu_map that mapped = kprobe kvm_arm_smmu_map_pages" "$mapok" "$kmap"
	is "$ph: smmu_unmap = kprobe kvm_arm_smmu_unmap_pages" "$unmap" "$kunmap"
	is "$ph: smmu_map that mapped = iommu:map" "$mapok" "$imap"
	is "$ph: smmu_unmap = iommu:unmap" "$unmap" "$iunmap"
	printf '%-8s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %5s\n' $ph $map $refill $hc64 $kmap $imap \
		$dmap $unmap $hc65 $kunmap $iunmap $tlbi $sync $lost >> "$out/summary.txt"
	[ $refill -le 8 ] && ok "$ph: $refill map hypercalls were memcache refills (mapped=0)" ||
		bad "$ph: $refill map hypercalls mapped nothing"
	is "$ph: one TLBI per strict unmap" "$tlbi" "$unmap"
	is "$ph: every unmap says ntlbi=1" "$(field "$h" smmu_unmap ntlbi | sort -u | tr '\n' ' ')" "1 "
	is "$ph: every smmu_map took > 0 ns" "$(field "$h" smmu_map dur_ns | grep -cx 0)" 0
	is "$ph: every smmu_unmap took > 0 ns" "$(field "$h" smmu_unmap dur_ns | grep -cx 0)" 0
	is "$ph: every map hypercall returned 0" "$(field "$h" smmu_map ret | sort -u | tr '\n' ' ')" "0 "
	[ "$sync" -ge "$unmap" ] && ok "$ph: a CMD_SYNC per unmap at least ($sync >= $unmap)" ||
		bad "$ph: $sync CMD_SYNCs for $unmap unmaps"
	case $ph in
	nvme4k)
		[ "$map" -ge "${IOS_4K:-500}" ] && ok "nvme4k: at least one map per IO ($map >= ${IOS_4K:-500})" ||
			bad "nvme4k: $map maps for ${IOS_4K:-500} IOs" ;;
	dma*)
		is "$ph: dma_map_benchmark's map calls (dma:dma_map_page) = map hypercalls that mapped" "$dmap" "$mapok"
		is "$ph: ... and its unmap calls (dma:dma_unmap_page) = unmap hypercalls" \
			"$(count "$k" ' dma_unmap_page: ')" "$hc65" ;;
	esac
	if [ $ph = dma1m ] || [ $ph = dma1m2t ]; then
		is "$ph: each TLBI is one range of 256 pages (RIL)" \
			"$(field "$h" smmu_tlbi range_pages | sort -u | tr '\n' ' ')" "256 "
		is "$ph: each map call that mapped mapped 1 MiB" "$(field "$h" smmu_map mapped | grep -vx 0 | sort -u | tr '\n' ' ')" "1048576 "
	fi
done
# one remove + rescan of the benchmark device: detach and attach, each one
# STE write (smmu_detach_dev, smmu_attach_dev), each STE write two
# CFGI_STE + CMD_SYNC pairs (the driver's "sync, then enable" order)
h=$P/results/hyp-ste.txt
is "ste: a detach and an attach write the device's STE twice" "$(count "$h" ' smmu_ste ')" 2
# the detach also frees the domain's TLB entries: TLBI_NH_ASID + its sync
is "ste: one ASID-wide TLBI for the freed domain" "$(field "$h" smmu_tlbi range_pages | tr '\n' ' ')" "0 "
is "ste: a CMD_SYNC for each CFGI_STE pair and for that TLBI" "$(count "$h" ' smmu_sync ')" 5

# The model against reality: the same dmabench cells on the qemu-virt
# profile; per-op counts must agree (timings are not compared: TCG)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '\nmodel (qemu-virt profile) vs real guest, paravirt, per op:\n' >> "$out/summary.txt"
printf '%-10s %-22s %-22s %-22s\n' cell "map hypercalls/map" "TLBIs/unmap" "CMD_SYNCs/unmap" >> "$out/summary.txt"
printf '%-10s %s\n' "" "(map hypercalls that mapped something; memcache refills apart)" >> "$out/summary.txt"
for cell in "dma4k 1 1" "dma1m 1 256" "dma4k2t 2 1" "dma1m2t 2 256"; do
	set -- $cell
	h=$P/results/hyp-$1.txt
	k=$P/results/host-$1.txt
	md=$out/model-$1
	rm -rf "$md"
	"$SMMUBENCH" model -p qemu-virt -d paravirt -t $2 -g $3 --duration-ms 20 --events -o "$md" > "$md.out" 2>&1 ||
		bad "model $1: smmubench model failed"
	mt=$(cat "$md"/remotes/hypervisor/per_cpu/cpu*/trace_pipe 2>/dev/null)
	mh=$(cat "$md"/host/per_cpu/cpu*/trace_pipe 2>/dev/null)
	m_map=$(printf '%s\n' "$mt" | grep -c ' smmu_map ')
	m_unmap=$(printf '%s\n' "$mt" | grep -c ' smmu_unmap ')
	m_tlbi=$(printf '%s\n' "$mt" | grep -c ' smmu_tlbi ')
	m_sync=$(printf '%s\n' "$mt" | grep -c ' smmu_sync ')
	m_imap=$(printf '%s\n' "$mh" | grep -c ': map: ')
	# the model has no memcache: a real map that needs table pages takes
	# refill hypercalls (mapped=0) first; they are counted apart
	r_map=$(field "$h" smmu_map mapped | grep -cvx 0)
	r_refill=$(( $(count "$h" ' host_hcall id=64 ') - r_map ))
	r_unmap=$(count "$h" ' smmu_unmap ')
	r_imap=$(count "$k" ' map: IOMMU:')
	r_tlbi=$(count "$h" ' smmu_tlbi ')
	r_sync=$(count "$h" ' smmu_sync ')
	rm_hc=$(ratio $m_map $m_imap); rr_hc=$(ratio $r_map $r_imap)
	rm_t=$(ratio $m_tlbi $m_unmap); rr_t=$(ratio $r_tlbi $r_unmap)
	rm_s=$(ratio $m_sync $m_unmap); rr_s=$(ratio $r_sync $r_unmap)
	printf '%-10s %-22s %-22s %-22s %s\n' "$1" "model $rm_hc real $rr_hc" "model $rm_t real $rr_t" \
		"model $rm_s real $rr_s" "(real: $r_refill refill hypercalls, not modelled)" >> "$out/summary.txt"
	is "model vs real $1: map hypercalls per map" "$rm_hc" "$rr_hc"
	is "model vs real $1: TLBIs per unmap" "$rm_t" "$rr_t"
	is "model vs real $1: CMD_SYNCs per unmap" "$rm_s" "$rr_s"
done
m_ste=$(cat "$out"/model-dma4k/remotes/hypervisor/per_cpu/cpu*/trace_pipe | grep -c ' smmu_ste ')
printf '%-10s model %s (attach + detach of its device) real %s (remove + rescan)\n' "STE writes" \
	"$m_ste" "$(count "$P/results/hyp-ste.txt" ' smmu_ste ')" >> "$out/summary.txt"
is "model vs real: STE writes for one detach + attach" "$m_ste" "$(count "$P/results/hyp-ste.txt" ' smmu_ste ')"

# native: the same nvme phase through arm-smmu-v3
k=$N/results/host-nvme4k.txt
nmap=$(count "$k" ' map: IOMMU:')
nunmap=$(count "$k" ' unmap: IOMMU:')
ntlbi=$(count "$k" ' tlbi: ')
printf 'native nvme4k: iommu:map %s iommu:unmap %s __arm_smmu_tlb_inv_range %s\n' $nmap $nunmap $ntlbi >> "$out/summary.txt"
[ "$nmap" -ge "${IOS_4K:-500}" ] && ok "native nvme4k: $nmap iommu:map" || bad "native nvme4k: $nmap iommu:map"
is "native nvme4k: one TLBI per strict unmap" "$ntlbi" "$nunmap"

# the TLBI batching knobs (patch 0004), booted with tlbi_force_per_page=1
# tlbi_per_sync=16: a 1M unmap is then 256 per-page TLBIs (no RIL range)
# and 256 / 16 = 16 CMD_SYNCs of 16 commands each
K=$out/knobs
is "knobs: the hypervisor was given tlbi_per_sync" "$(envv $K knob_tlbi_per_sync)" 16
is "knobs: the hypervisor was given tlbi_force_per_page" "$(envv $K knob_tlbi_force_per_page)" Y
h=$K/results/hyp-dma1m.txt
kunm=$(count "$h" ' smmu_unmap ')
if [ "$kunm" -gt 0 ]; then
	is "knobs dma1m: every 1M unmap says ntlbi=256" "$(field "$h" smmu_unmap ntlbi | sort -u | tr '\n' ' ')" "256 "
	is "knobs dma1m: 256 TLBIs per unmap" "$(count "$h" ' smmu_tlbi ')" $((kunm * 256))
	is "knobs dma1m: each TLBI covers one page" "$(field "$h" smmu_tlbi range_pages | sort -u | tr '\n' ' ')" "1 "
	is "knobs dma1m: 16 CMD_SYNCs per unmap" "$(count "$h" ' smmu_sync ')" $((kunm * 16))
	is "knobs dma1m: each sync waits for 16 commands" "$(field "$h" smmu_sync batch | sort -u | tr '\n' ' ')" "16 "
	is "knobs dma1m: smmu_unmap = host_hcall id=65" "$kunm" "$(count "$h" ' host_hcall id=65 ')"
	is "knobs dma1m: no hypervisor event lost" "$(grep -c LOST "$h")" 0
	printf 'knobs dma1m (tlbi_force_per_page=1 tlbi_per_sync=16): smmu_unmap %s smmu_tlbi %s smmu_sync %s\n' \
		$kunm "$(count "$h" ' smmu_tlbi ')" "$(count "$h" ' smmu_sync ')" >> "$out/summary.txt"
else
	bad "knobs dma1m: no smmu_unmap event"
fi
h=$K/results/hyp-dma4k.txt
kunm=$(count "$h" ' smmu_unmap ')
is "knobs dma4k: a 4K unmap is still 1 TLBI" "$(count "$h" ' smmu_tlbi ')" "$kunm"
is "knobs dma4k: ... and 1 CMD_SYNC (the period of 16 is never reached)" "$(count "$h" ' smmu_sync ')" "$kunm"

# smmubench itself against the live hypervisor
is "paravirt: smmubench record on the live raw pipe ended on its own" "$(cat $P/results/sb-nvme4k.rc 2>/dev/null)" 0
# record's own counts against the kprobe pair it ran in the same window
sj=$P/results/sb-nvme4k/summary.json
op_count() { jq -r --arg n "$1" '[.ops[] | select(.name == $n) | .count] | add // 0' "$sj" 2>/dev/null; }
if [ -s "$sj" ]; then
	rmap=$(op_count smmu_map)
	is "record: smmu_map decoded from the raw EL2 pages = kprobe pair kvm_arm_smmu_map_pages" "$rmap" "$(op_count kmap)"
	is "record: smmu_map = iommu:map in the host instance, one window" "$rmap" "$(op_count iommu:map)"
	is "record: no event lost" "$(jq -r .lost_events "$sj")" 0
	printf 'record nvme4k (raw EL2 pages + host instance, one window): smmu_map %s smmu_unmap %s kmap %s iommu:map %s lost %s\n' \
		"$rmap" "$(op_count smmu_unmap)" "$(op_count kmap)" "$(op_count iommu:map)" "$(jq -r .lost_events "$sj")" >> "$out/summary.txt"
else
	bad "record: no $sj"
fi
# Attribution by nesting on the real paravirt guest (issue 14): record with
# the host driver's probe pairs (kvm_arm_smmu_map_pages/unmap_pages), the
# hypervisor's hyp_enter/hyp_exit, smmu_map/unmap (dur_ns), smmu_sync
# (wait_ns) and the kernel's dma:dma_map_page/unmap_page around
# dma_map_benchmark (1 thread, 1 s, granule 1 and 256). Expectations from
# the kernel's own counters: every host op is split or reported excluded;
# the host ops are the benchmark's DMA API calls (dma:*) and the kprobe
# pairs; the map hypercalls that mapped something (smmu_map mapped != 0)
# are the map host ops; the parts add up to the total within the clock
# resolution. TCG: counts and structure, never nanoseconds.
. "$here/../viewer/lib.sh"
nest_check() { # granule
	local g=$1 d=$P/results/sb-nest-g$1 j o args= hv
	j=$d/summary.json
	is "nest g$g: record exit status" "$(cat "$d.rc" 2>/dev/null)" 0
	if ! jq -e .breakdown "$j" > /dev/null 2>&1; then
		bad "nest g$g: no breakdown in $j"
		sed 's/^/#   /' "$d.err" 2>/dev/null | tail -5
		return
	fi
	b() { jq -r ".breakdown.$1" "$j"; }
	oc() { jq -r --arg n "$1" '[.ops[] | select(.name == $n) | .count] | add // 0' "$j"; }
	is "nest g$g: no event lost" "$(jq -r .lost_events "$j")" 0
	is "nest g$g: clock resolution 1 ns (raw pages, ns timestamps)" "$(b clock_resolution_ns)" 1
	is "nest g$g: parts add up to the total within the clock resolution" \
		"$(( $(b max_residual_ns) <= $(b clock_resolution_ns) ))" 1
	for o in map unmap; do
		local k=k$o dma=dma:dma_${o}_page
		is "nest g$g $o: host ops = kprobe pairs on kvm_arm_smmu_${o}_pages" "$(b ops.$o.host_ops)" "$(oc $k)"
		is "nest g$g $o: host ops = the benchmark's $dma calls (the kernel's count)" \
			"$(b ops.$o.host_ops)" "$(oc "$dma")"
		is "nest g$g $o: split + excluded (reported) = host ops" \
			$(( $(b ops.$o.total.count) + $(b ops.$o.excluded) )) "$(b ops.$o.host_ops)"
		[ "$(b ops.$o.total.count)" -gt 0 ] && ok "nest g$g $o: $(b ops.$o.total.count) ops split" ||
			bad "nest g$g $o: no op split"
		[ "$(b ops.$o.el2.sum)" -gt 0 ] && [ "$(b ops.$o.transition.sum)" -gt 0 ] &&
			ok "nest g$g $o: time at EL2 and in transitions" || bad "nest g$g $o: no EL2 or transition time"
		is "nest g$g $o: the parts' sums add up to the total's (1 ns per op at most)" \
			"$(( $(b ops.$o.total.sum) - $(b ops.$o.el1.sum) - $(b ops.$o.transition.sum) -
			    $(b ops.$o.el2.sum) - $(b ops.$o.smmu_wait.sum) <= $(b ops.$o.total.count) ))" 1
	done
	hv=$(dump_field "$d" smmu_map mapped | grep -cvx 0)
	is "nest g$g: map hypercalls that mapped something = map host ops" "$hv" "$(b ops.map.host_ops)"
	is "nest g$g: smmu_unmap events = unmap host ops" "$(oc smmu_unmap)" "$(b ops.unmap.host_ops)"
	[ "$(b ops.unmap.smmu_wait.sum)" -gt 0 ] && ok "nest g$g unmap: the SMMU wait is seen" ||
		bad "nest g$g unmap: no SMMU wait"
	echo "# nest g$g: did not nest: $(jq -c .breakdown.unnested "$j")"
	for o in "$d"/raw/*/; do args="$args -s raw:${o%/}"; done
	if "$SMMUBENCH" stat $args -- true > "$out/nest-g$g.txt" 2>&1; then
		ok "nest g$g: the host re-reads the guest's raw data and prints the breakdown"
		is "nest g$g: the host's split map count = the guest's" \
			"$(awk '$1 == "map" && $2 == "total" { print $3 }' "$out/nest-g$g.txt")" "$(b ops.map.total.count)"
	else
		bad "nest g$g: host stat of $d/raw"
		sed 's/^/#   /' "$out/nest-g$g.txt" | tail -5
	fi
}
# dump_field RUNDIR EVENT KEY: KEY's values of EVENT in the run's decoded dump
dump_field() {
	[ -s "$1.dump" ] || "$SMMUBENCH" dump "$1" > "$1.dump" 2>/dev/null
	grep -E " ($2|hypervisor:$2) " "$1.dump" | sed -n "s/.* $3=\([^ ]*\).*/\1/p"
}
for g in 1 256; do
	nest_check $g
done
{
	printf '\nattribution by nesting, paravirt dma_map_benchmark 1 thread 1 s (host stat of the guest record; TCG: emulation times):\n'
	for g in 1 256; do
		echo "granule $g:"
		sed -n '/host ops by nesting/,$p' "$out/nest-g$g.txt" 2>/dev/null | sed 's/^/  /'
	done
} >> "$out/summary.txt"
# the same run's timeline in speedscope (headless Chromium)
if ! viewer_ready; then
	echo "skip - nest timeline in speedscope: $viewer_why"
elif "$SMMUBENCH" dump --perfetto "$out/nest-g256.json" "$P/results/sb-nest-g256" > /dev/null 2>&1; then
	if viewer_load "$out/nest-g256.json" "$out/nest-g256.shown"; then
		ok "speedscope loads the pKVM guest's timeline"
		sed 's/^/# speedscope: /' "$out/nest-g256.shown" | cut -c1-240
		j=$P/results/sb-nest-g256/summary.json
		for f in kmap kunmap smmu_map smmu_unmap; do
			is "speedscope: $f slices = the recorded $f events" "$(viewer_frames "$out/nest-g256.shown" $f)" \
				"$(jq -r --arg n "$f" '[.ops[] | select(.name == $n) | .count] | add // 0' "$j")"
		done
		# a track per CPU and level that has slices; the benchmark's
		# kthread may stay on one CPU, so not every CPU has an EL1 track
		is "speedscope: its tracks and their slices = the JSON's X events per CPU and level" \
			"$(sed 's/.*(pid \([0-9]*\)).*(tid \([0-9]*\))\t\([0-9]*\)\t.*/\1\/\2 \3/' "$out/nest-g256.shown" | sort | tr '\n' '|')" \
			"$(jq -r '[.traceEvents[] | select(.ph == "X")] | group_by([.pid, .tid]) |
				map("\(.[0].pid)/\(.[0].tid) \(length)") | .[]' "$out/nest-g256.json" | sort | tr '\n' '|')"
		is "speedscope: the host probe pairs on EL1 tracks only" \
			"$(grep -v 'EL1 (host)' "$out/nest-g256.shown" | grep -c 'kmap=\|kunmap=')" 0
	else
		bad "speedscope loads the pKVM guest's timeline"
		sed 's/^/#   /' "$out/nest-g256.shown.err" | tail -5
	fi
else
	bad "dump --perfetto of the guest's nesting record"
fi
is "paravirt: smmubench stat -d 3s on the live raw pipe ended on its own" "$(cat $P/results/sb-stat.rc 2>/dev/null)" 0
for m in paravirt native; do
	is "$m: smmubench run completed" "$(cat $out/$m/results/run.rc 2>/dev/null)" 0
done

# host side: report with the emulation banner, compare paravirt vs native
prun=$(ls -d $P/results/runs/*/ 2>/dev/null | head -1)
nrun=$(ls -d $N/results/runs/*/ 2>/dev/null | head -1)
if [ -n "$prun" ] && [ -n "$nrun" ]; then
	"$SMMUBENCH" report -o "$out/report" "$prun" "$nrun" > "$out/report.out" 2>&1
	is "host renders the report of both runs" "$?" 0
	grep -q 'emulation times' "$out/report/index.html" 2>/dev/null &&
		ok "the report carries the emulation banner" || bad "no emulation banner in the report"
	"$SMMUBENCH" compare "$nrun" "$prun" > "$out/compare.txt" 2>&1
	rc=$?
	[ $rc -le 1 ] && ok "compare native -> paravirt ran (exit $rc)" || bad "compare failed (exit $rc)"
else
	bad "no run directories from the guests"
fi
echo "# whole check-pkvm: $(( $(date +%s) - t0 )) s"
cat "$out/summary.txt"

# Aggregated mode (patch 0007, hyp-instrumentation/README.md): a third
# paravirt boot with arm_smmu_v3_kvm.hyp_events=1. EL2 bins every map,
# unmap and TLBI into per-CPU histograms and writes no smmu_map/smmu_unmap
# event; each phase ends with a readout (hist_readout) into smmu_hist
# events, one per non-empty bucket. The hypervisor's own host_hcall events
# (still one per hypercall) are the independent count: the map histogram's
# counts must add up to the host_hcall id=64 count, the unmap's to id=65;
# a strict unmap is one TLBI, a 1M unmap's TLBI one range of 256 pages,
# whose bucket in the shared layout is 192 (e = 8: 128 + (8 - 7) * 64 +
# (256 >> 2) - 64).
bash "$here/run.sh" hist "$out/hist" || bad "hist guest: run.sh failed"
# hsum FILE OP [BUCKET]: the counts of op OP's smmu_hist records (in BUCKET)
hsum() { grep -E ' smmu_hist ' "$1" 2>/dev/null | awk -v op="$2" -v b="${3:-}" '
	{ o = ""; n = 0; k = ""; for (i = 1; i <= NF; i++) {
		if ($i ~ /^op=/) o = substr($i, 4); if ($i ~ /^count=/) n = substr($i, 7)
		if ($i ~ /^bucket=/) k = substr($i, 8) } }
	o == op && (b == "" || k == b) { s += n } END { print s + 0 }'; }
# htotal FILE OP: the totals the op's seq=0 records announce (every CPU)
htotal() { grep -E ' smmu_hist .* seq=0 ' "$1" 2>/dev/null | awk -v op="$2" '
	{ o = ""; t = 0; for (i = 1; i <= NF; i++) {
		if ($i ~ /^op=/) o = substr($i, 4); if ($i ~ /^total=/) t = substr($i, 7) } }
	o == op { s += t } END { print s + 0 }'; }
HI=$out/hist
is "hist: the hypervisor was given hyp_events=1" "$(grep -c 'arm_smmu_v3_kvm.hyp_events=1' "$HI/console.log" 2>/dev/null | awk '{ print ($1 > 0) }')" 1
for ph in dma4k dma1m; do
	h=$HI/results/hyp-$ph.txt
	[ -f "$h" ] || { bad "hist: no hypervisor trace for phase $ph"; continue; }
	hc64=$(count "$h" ' host_hcall id=64 ')
	hc65=$(count "$h" ' host_hcall id=65 ')
	[ "$hc64" -gt 0 ] && ok "hist $ph: $hc64 map hypercalls" || bad "hist $ph: no map hypercall"
	is "hist $ph: no smmu_map or smmu_unmap event (aggregated)" "$(grep -cE ' smmu_(map|unmap) ' "$h")" 0
	is "hist $ph: smmu_hist map counts = host_hcall id=64" "$(hsum "$h" 0)" "$hc64"
	is "hist $ph: smmu_hist unmap counts = host_hcall id=65" "$(hsum "$h" 1)" "$hc65"
	is "hist $ph: the map readout's totals = its bucket counts (nothing over)" "$(htotal "$h" 0)" "$(hsum "$h" 0)"
	is "hist $ph: one TLBI per strict unmap (smmu_hist tlbi counts)" "$(hsum "$h" 3)" "$hc65"
	is "hist $ph: one CMD_SYNC per unmap at least (smmu_hist sync counts >= unmaps)" \
		"$(awk -v a="$(hsum "$h" 4)" -v b="$hc65" 'BEGIN { print (a >= b) }')" 1
	is "hist $ph: no hypervisor event lost" "$(grep -c LOST "$h")" 0
	printf 'hist %s (hyp_events=1): host_hcall 64 %s 65 %s; smmu_hist map %s unmap %s tlbi %s sync %s; %s smmu_hist records\n' \
		$ph "$hc64" "$hc65" "$(hsum "$h" 0)" "$(hsum "$h" 1)" "$(hsum "$h" 3)" "$(hsum "$h" 4)" \
		"$(count "$h" ' smmu_hist ')" >> "$out/summary.txt"
done
is "hist dma1m: every TLBI is in bucket 192 (256 pages, RIL)" \
	"$(hsum "$HI/results/hyp-dma1m.txt" 3 192)" "$(hsum "$HI/results/hyp-dma1m.txt" 3)"
is "hist dma4k: every TLBI is in bucket 1 (1 page)" \
	"$(hsum "$HI/results/hyp-dma4k.txt" 3 1)" "$(hsum "$HI/results/hyp-dma4k.txt" 3)"
tail -4 "$out/summary.txt"
exit $failed
