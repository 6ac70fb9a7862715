#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the arm64 test guest (see tests/arm64/run.sh). Loads the nvme and
# virtio_blk modules, traces the native SMMUv3 DMA path of O_DIRECT random
# reads (nvme 4 KiB, nvme 64 KiB, virtio-blk 4 KiB) through tracefs, and
# writes the results as a tar archive to the results disk, which the host
# reads back. Console markers "SMMUBENCH-ARM64:" let the host follow along.
# Parameters come from /scenario.conf (IOS_4K, IOS_64K, IOS_VBLK).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
. /scenario.conf

R=/tmp/results
MARK=SMMUBENCH-ARM64
. /guest-lib.sh

# the run's "host"/"board" in meta.json, reports and dashboards
hostname arm64-qemu-tcg
say "booted $(uname -r) cmdline: $(cat /proc/cmdline)"
for m in $(cat /modules/order); do
	insmod /modules/$m.ko || { say "insmod $m failed"; finish 1; }
done
# virtio disks by serial (run.sh): smmubench-vblk (through the SMMU) and
# smmubench-results (where finish writes)
wait_disks 200

# pci_fn DRIVER CHILD: the PCI function bound to DRIVER that has CHILD (a
# glob) below it, e.g. nvme's nvme/nvme0. The driver directory names the
# function whatever lies between the block device and it: QEMU 10's nvme is
# a subsystem, so nvme0n1/device is the nvme-subsystem head, not nvme0.
pci_fn() {
	local f c
	for f in /sys/bus/pci/drivers/$1/*:*; do
		for c in $f/$2; do
			[ -e "$c" ] && echo "${f##*/}" && return 0
		done
	done
	return 1
}
# group PCI-FUNCTION: its IOMMU group number; group_type: that group's type
group() { basename "$(readlink /sys/bus/pci/devices/$1/iommu_group 2>/dev/null)" 2>/dev/null; }
group_type() { cat /sys/bus/pci/devices/$1/iommu_group/type 2>/dev/null; }
NVME_PCI=$(pci_fn nvme nvme/nvme0)
# the virtio-pci function whose virtio device holds the block device
VBLK_PCI=$(pci_fn virtio-pci "virtio*/block/${VBLK#/dev/}")

# Environment facts the host checks: pKVM mode, SMMU, strict invalidation,
# the disks' IOMMU groups are DMA (translating) domains.
{
	echo "release=$(uname -r)"
	echo "machine=$(uname -m)"
	echo "cmdline=$(cat /proc/cmdline)"
	echo "nr_cpus=$(grep -c ^processor /proc/cpuinfo)"
	echo "nvme0n1_device=$(readlink -f /sys/block/nvme0n1/device)"
	echo "nvme_pci=$NVME_PCI"
	echo "nvme_iommu_group=$(group "$NVME_PCI")"
	echo "nvme_iommu_group_type=$(group_type "$NVME_PCI")"
	echo "vblk_pci=$VBLK_PCI"
	echo "vblk_iommu_group=$(group "$VBLK_PCI")"
	echo "vblk_iommu_group_type=$(group_type "$VBLK_PCI")"
	echo "vblk_features=$(cat /sys/block/${VBLK#/dev/}/device/features 2>/dev/null)"
} > $R/guest.env
dmesg | grep -iE 'kvm \[|smmu|iommu' > $R/dmesg-iommu.txt

T=/sys/kernel/tracing
mount -t tracefs nodev $T || { say "cannot mount tracefs"; finish 1; }

# The static smmubench must run on this kernel.
/bin/smmubench --version > $R/smmubench-version.txt 2>&1 || { say "smmubench does not run"; finish 1; }
/bin/smmubench events > $R/smmubench-events.txt 2>&1

# --- tracefs driven from the shell: a private instance, restored on exit.
I=$T/instances/smmubench-arm64
mkdir $I || { say "cannot create $I"; finish 1; }
echo boot > $I/trace_clock
echo 8192 > $I/buffer_size_kb
echo 0 > $I/tracing_on

# TLBI duration: entry/exit pair on __arm_smmu_tlb_inv_range (unique in
# kallsyms). arm_smmu_iotlb_sync is not unique: the kernel refuses it, and
# we record the refusal and go on.
echo 'p:smmubench/tlbi_entry __arm_smmu_tlb_inv_range' >> $T/kprobe_events &&
	echo 'r:smmubench/tlbi_exit __arm_smmu_tlb_inv_range' >> $T/kprobe_events
echo "tlbi_probe_rc=$?" >> $R/guest.env
if echo 'p:smmubench/iotlb_sync arm_smmu_iotlb_sync' >> $T/kprobe_events 2>$R/iotlb_sync.err; then
	echo "iotlb_sync_probe=accepted" >> $R/guest.env
	echo '-:smmubench/iotlb_sync' >> $T/kprobe_events
else
	echo "iotlb_sync_probe=refused" >> $R/guest.env
fi
cat $T/error_log > $R/error_log.txt 2>/dev/null
echo "arm_smmu_iotlb_sync_in_kallsyms=$(grep -c ' arm_smmu_iotlb_sync$' /proc/kallsyms)" >> $R/guest.env

echo 1 > $I/events/iommu/map/enable
echo 1 > $I/events/iommu/unmap/enable
echo 1 > $I/events/dma/enable
[ -d $I/events/smmubench ] && echo 1 > $I/events/smmubench/enable
ls $I/events/dma > $R/dma-events.txt

rc=0
phase() { # name device bs ios [rdread options]
	local name=$1 dev=$2 bs=$3 ios=$4
	shift 4
	echo > $I/trace
	echo 1 > $I/tracing_on
	/bin/rdread --bs $bs --count $ios "$@" $dev > $R/workload-$name.txt 2>&1 || rc=1
	echo 0 > $I/tracing_on
	cat $I/trace > $R/trace-$name.txt
	for c in $I/per_cpu/cpu*; do
		echo "$(basename $c) $(grep -E '^(overrun|dropped events):' $c/stats | tr '\n' ' ')"
	done > $R/stats-$name.txt
	say "phase $name: $(cat $R/workload-$name.txt)"
}
phase 4k /dev/nvme0n1 4096 $IOS_4K
# one 64 KiB IO = 16 discontiguous pages = 16 scatter-gather segments
phase 64k /dev/nvme0n1 65536 $IOS_64K --scatter
phase vblk4k $VBLK 4096 $IOS_VBLK

# restore: events off, probes removed, instance gone
echo 0 > $I/events/enable
echo '-:smmubench/tlbi_entry' >> $T/kprobe_events 2>/dev/null
echo '-:smmubench/tlbi_exit' >> $T/kprobe_events 2>/dev/null
rmdir $I

# --- the same scenario through smmubench's collector (record: one window,
# raw data + summary.json). The probe on arm_smmu_iotlb_sync must be
# refused as ambiguous while the rest goes on.
sb_phase() { # name probes device bs ios [rdread options]
	local name=$1 probes=$2 dev=$3 bs=$4 ios=$5
	shift 5
	/bin/smmubench record -e iommu:map -e iommu:unmap \
		-e dma:dma_map_page -e dma:dma_unmap_page -e dma:dma_map_sg -e dma:dma_unmap_sg \
		$probes -b 4096 -o $R/sb-$name -- /bin/rdread --bs $bs --count $ios "$@" $dev \
		> $R/sb-$name.out 2> $R/sb-$name.err
	echo $? > $R/sb-$name.rc
	say "smmubench record $name: rc=$(cat $R/sb-$name.rc) $(cat $R/sb-$name.out | tail -1)"
}
if /bin/smmubench record --help > /dev/null 2>&1; then
	tlbi="-k tlbi=__arm_smmu_tlb_inv_range"
	sb_phase 4k "$tlbi" /dev/nvme0n1 4096 $IOS_4K
	sb_phase 64k "$tlbi" /dev/nvme0n1 65536 $IOS_64K --scatter
	sb_phase ambiguous "$tlbi -k iotlb_sync=arm_smmu_iotlb_sync" /dev/nvme0n1 4096 100
	# attribution by nesting (issue 14), native: probe pairs on the DMA API's
	# map/unmap entry points around the kernel's iommu:/dma: points (and the
	# TLBI pair, which is no host op); EL1 only
	sb_phase nest "$tlbi -k map=dma_map_page_attrs -k unmap=dma_unmap_page_attrs" \
		/dev/nvme0n1 4096 $IOS_4K
	# nothing left behind: no instance, no probe
	echo "after_instances=$(ls $T/instances | tr '\n' ' ')" >> $R/guest.env
	echo "after_kprobes=$(wc -l < $T/kprobe_events)" >> $R/guest.env
else
	say "smmubench has no record command: collector phases skipped"
fi

# --- fio (Debian's arm64 build) runs here: what the runner's fio workload needs
if [ -x /usr/bin/fio ]; then
	fio --version > $R/fio-version.txt 2>&1
	fio --name=probe --filename=/dev/nvme0n1 --rw=randread --bs=4k --direct=1 \
		--ioengine=psync --size=16m --io_size=1m --output-format=json > $R/fio-probe.json 2> $R/fio-probe.err
	echo "fio_rc=$?" >> $R/guest.env
	say "fio: $(cat $R/fio-version.txt)"
fi

# --- smmubench check + run with the hw bench.conf (needs fio)
if [ -x /usr/bin/fio ] && /bin/smmubench run --help > /dev/null 2>&1; then
	/bin/smmubench check > $R/check.txt 2>&1
	echo "check_rc=$?" >> $R/guest.env
	(cd /tmp && /bin/smmubench run -q /bench-hw.conf > $R/run.out 2> $R/run.err)
	echo $? > $R/run.rc
	say "smmubench run: rc=$(cat $R/run.rc) $(tail -1 $R/run.out)"
else
	say "no fio or no 'smmubench run': run phase skipped"
fi
finish $rc
