#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the LAVA guest (tests/lava/mkramdisk.sh): the arm64 guest of
# tests/arm64 as a LAVA device. It loads the disk drivers, links
# /dev/disk/by-uuid (busybox has no udev; LAVA's qemu device mounts its
# test overlay disk by UUID), mounts tracefs and leaves a root shell on the
# console, where LAVA waits for the prompt and runs lava/smmubench.yaml.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
# the board in meta.json and the dashboard (ingest --device overrides it)
hostname arm64-qemu-lava
for m in $(cat /modules/order 2>/dev/null); do
	insmod /modules/$m.ko 2>/dev/null || echo "SMMUBENCH-LAVA: insmod $m failed"
done
# ext2/3/4 UUID of DEV from its superblock (1024 bytes in: s_magic 0xef53
# at 0x38, s_uuid at 0x68; the ext4 disk layout): Debian's busybox has no blkid
ext_uuid() {
	local h
	[ "$(dd if="$1" bs=1 skip=1080 count=2 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 53ef ] ||
		return 1
	h=$(dd if="$1" bs=1 skip=1128 count=16 2>/dev/null | od -An -tx1 | tr -d ' \n')
	echo "$h" | sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/'
}
# the overlay disk is virtio-blk: wait for it (5 s at most), then link by UUID
n=0
while [ ! -b /dev/vda ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
mkdir -p /dev/disk/by-uuid
for d in /dev/vd*; do
	[ -b "$d" ] || continue
	u=$(ext_uuid "$d") && ln -sf "$d" "/dev/disk/by-uuid/$u" &&
		echo "SMMUBENCH-LAVA: $d is /dev/disk/by-uuid/$u"
done
mount -t tracefs nodev /sys/kernel/tracing
echo "SMMUBENCH-LAVA: $(uname -r) ready, disks: $(ls /sys/block | tr '\n' ' ')"
export PS1='smmubench-guest# ' HOME=/root
mkdir -p /root
exec setsid cttyhack /bin/sh -i
