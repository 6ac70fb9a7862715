#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run.sh MODE OUT: boots the `make kernel` Image under QEMU 10 TCG with an
# SMMUv3 (stage 1 + 2), an nvme disk and a virtio-blk disk that DMA through
# it (iommu_platform=on), a virtio-rng function for dma_map_benchmark, and a
# results disk; then unpacks the guest's results into OUT/results.
#   MODE paravirt: kvm-arm.mode=protected, nVHE: pKVM owns the SMMU
#   MODE native:   no pKVM; the guest loads arm_smmu_v3.ko
#   MODE knobs:    paravirt with the TLBI batching knobs of patch 0004
#                  (tlbi_force_per_page=1 tlbi_per_sync=16); shell phases only
#   MODE hist:     paravirt in aggregated mode (patch 0007, hyp_events=1):
#                  EL2 histograms read out as smmu_hist; shell phases only
# Environment: KOUT ($(O)/kernel), SMMUBENCH_ARM64, RDREAD, DMAMAP (static
# aarch64 binaries), CACHE (tests/arm64/fetch.sh's: busybox, fio),
# IOS_4K, TIMEOUT (s).
set -eu
mode=${1:?usage: run.sh paravirt|native|knobs|hist OUT}
out=${2:?usage: run.sh paravirt|native|knobs|hist OUT}
here=$(cd "$(dirname "$0")" && pwd)
: "${KOUT:?KOUT unset}" "${SMMUBENCH_ARM64:?}" "${RDREAD:?}" "${DMAMAP:?}" "${CACHE:?}"
IOS_4K=${IOS_4K:-500}
TIMEOUT=${TIMEOUT:-900}
MD5_MB=16
die() { echo "run.sh: $*" >&2; exit 1; }

command -v qemu-system-aarch64 >/dev/null || die "qemu-system-aarch64 not found: run 'make deps-arm64'"
qv=$(qemu-system-aarch64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
[ "${qv:-0}" -ge 10 ] || die "QEMU $(qemu-system-aarch64 --version | head -1) has no stage-2 SMMUv3 for pKVM: run 'make deps-arm64' (QEMU 10 from bookworm-backports)"
[ -s "$KOUT/Image" ] || die "$KOUT/Image missing: run 'make kernel KSRC=...'"
"$here/../arm64/fetch.sh" "$CACHE" > /dev/null

rm -rf "$out"
root=$out/root
mkdir -p "$root/bin" "$root/modules" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" \
	"$root/sbin" "$out/results"
cp "$CACHE/busybox" "$root/bin/busybox"
cp "$SMMUBENCH_ARM64" "$root/bin/smmubench"
cp "$RDREAD" "$root/bin/rdread"
cp "$DMAMAP" "$root/bin/dmamap"
[ -f "$KOUT/modules/arm_smmu_v3.ko" ] && cp "$KOUT/modules/arm_smmu_v3.ko" "$root/modules/"
cp "$here/guest-init.sh" "$root/init"
cp "$here/../guest-lib.sh" "$root/guest-lib.sh"
cp "$here/bench-pkvm.conf" "$root/bench-pkvm.conf"
if "$here/../arm64/fetch-fio.sh" "$CACHE" > /dev/null; then
	cp -a "$CACHE/fio-root/." "$root/"
else
	echo "run.sh: no fio for the guest: the smmubench run phase will be skipped"
fi
chmod 0755 "$root/init"
printf 'IOS_4K=%d\nMD5_MB=%d\n' "$IOS_4K" "$MD5_MB" > "$root/scenario.conf"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$out/initramfs.cpio"

# Known random data: the guest's md5 of the first MD5_MB MiB must match.
head -c $((MD5_MB << 20)) /dev/urandom > "$out/data.bin"
md5sum < "$out/data.bin" | cut -d' ' -f1 > "$out/md5-expected.txt"
for d in nvme vblk; do
	cp "$out/data.bin" "$out/$d.img"
	truncate -s 256M "$out/$d.img"
done
rm -f "$out/data.bin"
# the knobs boot's text traces alone are ~100 MiB (sparse: only what is written)
truncate -s 1G "$out/results.img"

pkvm="kvm-arm.mode=protected arm64_sw.hvhe=0 id_aa64mmfr1.vh=0"
case $mode in
paravirt) cmdline="smmubench.mode=paravirt $pkvm" ;;
native) cmdline="smmubench.mode=native kvm-arm.mode=none" ;;
knobs) cmdline="smmubench.mode=paravirt smmubench.quick=1 $pkvm arm_smmu_v3_kvm.tlbi_force_per_page=1 arm_smmu_v3_kvm.tlbi_per_sync=16" ;;
hist) cmdline="smmubench.mode=paravirt smmubench.quick=1 $pkvm arm_smmu_v3_kvm.hyp_events=1" ;;
*) die "mode $mode: paravirt, native, knobs or hist" ;;
esac
cmdline="console=ttyAMA0 panic=-1 smmubench.epoch=$(date +%s) $cmdline"
start=$(date +%s)
set +e
timeout "$TIMEOUT" qemu-system-aarch64 \
	-M virt,virtualization=on,iommu=smmuv3,gic-version=3 \
	-cpu max,pauth-impdef=on -smp 2 -m 2G \
	-kernel "$KOUT/Image" -initrd "$out/initramfs.cpio" -append "$cmdline" \
	-drive "if=none,id=nvd,file=$out/nvme.img,format=raw,cache=none,aio=threads" \
	-device nvme,drive=nvd,serial=smmubench0 \
	-drive "if=none,id=vbd,file=$out/vblk.img,format=raw,cache=none,aio=threads" \
	-device virtio-blk-pci,drive=vbd,serial=smmubench-vblk,iommu_platform=on,disable-legacy=on,romfile= \
	-device virtio-rng-pci,iommu_platform=on,disable-legacy=on,romfile= \
	-drive "if=none,id=res,file=$out/results.img,format=raw" \
	-device virtio-blk-pci,drive=res,serial=smmubench-results,romfile= \
	-nic none -display none -monitor none -serial "file:$out/console.log" -no-reboot
qrc=$?
set -e
echo "run.sh: $mode guest: qemu exited with $qrc after $(( $(date +%s) - start )) s" | tee "$out/qemu.rc"
[ "$qrc" = 124 ] && die "guest did not finish within $TIMEOUT s (see $out/console.log)"
tar -xf "$out/results.img" -C "$out/results" || die "no results archive on the results disk (see $out/console.log)"
rm -rf "$root" "$out/initramfs.cpio" "$out/nvme.img" "$out/vblk.img"
grep 'SMMUBENCH-PKVM:' "$out/console.log" || true
