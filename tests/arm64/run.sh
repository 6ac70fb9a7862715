#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run.sh OUT: builds the initramfs and boots the arm64 guest under QEMU TCG
# (pKVM protected nVHE, SMMUv3, an nvme disk for the workload and a
# virtio-blk disk for the results), then unpacks the guest's results into
# OUT/results and its console into OUT/console.log.
# Environment: SMMUBENCH_ARM64 (static aarch64 smmubench), RDREAD (static
# aarch64 rdread), CACHE (fetch.sh's directory), IOS_4K, IOS_64K, IOS_VBLK,
# TIMEOUT (s), FIO (1: put Debian's arm64 fio in the guest, 0: don't),
# QEMU_AARCH64 (the emulator, default qemu-system-aarch64 on PATH; its
# --version goes to OUT/qemu-version.txt).
set -eu
out=${1:?usage: run.sh OUT}
here=$(cd "$(dirname "$0")" && pwd)
: "${SMMUBENCH_ARM64:?SMMUBENCH_ARM64 unset}" "${RDREAD:?RDREAD unset}" "${CACHE:?CACHE unset}"
IOS_4K=${IOS_4K:-1000}
IOS_64K=${IOS_64K:-200}
IOS_VBLK=${IOS_VBLK:-300}
TIMEOUT=${TIMEOUT:-280}
QEMU_AARCH64=${QEMU_AARCH64:-qemu-system-aarch64}
die() { echo "run.sh: $*" >&2; exit 1; }

command -v "$QEMU_AARCH64" >/dev/null || die "$QEMU_AARCH64 not found: run 'make deps-arm64'"
"$here/fetch.sh" "$CACHE"

rm -rf "$out"
mkdir -p "$out"
"$QEMU_AARCH64" --version | head -1 > "$out/qemu-version.txt"
echo "run.sh: $(cat "$out/qemu-version.txt")"
mkdir -p "$out/root/bin" "$out/root/modules" "$out/root/proc" "$out/root/sys" \
	"$out/root/dev" "$out/root/tmp" "$out/root/sbin" "$out/results"
root=$out/root
cp "$CACHE/busybox" "$root/bin/busybox"
cp "$SMMUBENCH_ARM64" "$root/bin/smmubench"
cp "$RDREAD" "$root/bin/rdread"
cp "$CACHE"/modules/*.ko "$CACHE/modules/order" "$root/modules/"
cp "$here/guest-init.sh" "$root/init"
cp "$here/../guest-lib.sh" "$root/guest-lib.sh"
cp "$here/bench-hw.conf" "$root/bench-hw.conf"
# Debian's arm64 fio and its libraries, for the runner's fio workload
if [ "${FIO:-1}" = 1 ]; then
	if "$here/fetch-fio.sh" "$CACHE"; then
		cp -a "$CACHE/fio-root/." "$root/"
	else
		echo "run.sh: no fio for the guest (see above): the smmubench run phase will be skipped"
	fi
fi
chmod 0755 "$root/init"
printf 'IOS_4K=%d\nIOS_64K=%d\nIOS_VBLK=%d\n' "$IOS_4K" "$IOS_64K" "$IOS_VBLK" > "$root/scenario.conf"
# uncompressed: gunzip of ~100 MiB under TCG costs more than the copy
(cd "$root" && find . | cpio -o -H newc --quiet) > "$out/initramfs.cpio"

# Workload disks (content does not matter: reads only): nvme, and a
# virtio-blk that DMAs through the SMMU (iommu_platform=on, i.e.
# VIRTIO_F_ACCESS_PLATFORM); the results disk bypasses the IOMMU (no
# ACCESS_PLATFORM: the driver hands QEMU guest-physical addresses).
truncate -s 256M "$out/nvme.img" "$out/vblk.img"
truncate -s 64M "$out/results.img"

# Protected nVHE: kvm-arm.mode=protected alone gives hVHE on -cpu max.
# QEMU 7.2 and 10 alike: the SMMUv3 is on the virt board (iommu=smmuv3);
# -nic none, or QEMU 10 looks for the default NIC's efi-virtio.rom.
cmdline="console=ttyAMA0 panic=-1 kvm-arm.mode=protected arm64_sw.hvhe=0 id_aa64mmfr1.vh=0"
start=$(date +%s)
set +e
timeout "$TIMEOUT" "$QEMU_AARCH64" \
	-M virt,virtualization=on,iommu=smmuv3,gic-version=3 \
	-cpu max,pauth-impdef=on -smp 2 -m 1G \
	-kernel "$CACHE/vmlinuz" -initrd "$out/initramfs.cpio" -append "$cmdline" \
	-drive "if=none,id=nvd,file=$out/nvme.img,format=raw,cache=none,aio=threads" \
	-device nvme,drive=nvd,serial=smmubench0 \
	-drive "if=none,id=vbd,file=$out/vblk.img,format=raw,cache=none,aio=threads" \
	-device virtio-blk-pci,drive=vbd,serial=smmubench-vblk,iommu_platform=on,disable-legacy=on,romfile= \
	-drive "if=none,id=res,file=$out/results.img,format=raw" \
	-device virtio-blk-pci,drive=res,serial=smmubench-results,romfile= \
	-nic none -display none -monitor none -serial "file:$out/console.log" -no-reboot
qrc=$?
set -e
echo "run.sh: qemu exited with $qrc after $(( $(date +%s) - start )) s" | tee "$out/qemu.rc"
[ "$qrc" = 124 ] && die "guest did not finish within $TIMEOUT s (see $out/console.log)"
tar -xf "$out/results.img" -C "$out/results" || die "no results archive on the results disk (see $out/console.log)"
# the initramfs is rebuilt on every run: do not keep ~100 MiB per build dir
rm -rf "$root" "$out/initramfs.cpio"
grep 'SMMUBENCH-ARM64:' "$out/console.log" || true
