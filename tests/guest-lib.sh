# SPDX-License-Identifier: GPL-2.0
# Sourced by the QEMU test guests' /init (tests/arm64, tests/pkvm), copied
# into their initramfs as /guest-lib.sh. Set MARK (the console marker the
# host follows, e.g. SMMUBENCH-ARM64) and R (the results dir) first.
RES=
mkdir -p $R
say() { echo "$MARK: [$(cut -d" " -f1 /proc/uptime) s] $*"; }
# finish RC: results archive to the results disk, then power off
finish() {
	say "done rc=$1"
	echo "$1" > $R/rc
	dmesg > $R/dmesg.txt
	if [ -n "$RES" ] && [ -b "$RES" ]; then
		tar -cf $RES -C $R . && sync && say "results written to $RES"
	else
		say "no results disk: results lost"
	fi
	poweroff -f
}
# vdisk SERIAL: the virtio disk with that serial (run.sh names them)
vdisk() {
	local b
	for b in /sys/block/vd*; do
		[ "$(cat $b/serial 2>/dev/null)" = "$1" ] && echo /dev/${b##*/} && return 0
	done
	return 1
}
# wait_disks TENTHS: nvme0n1 and the smmubench-vblk / smmubench-results
# virtio disks, then VBLK and RES set; finish 1 after TENTHS x 0.1 s
wait_disks() {
	local n=0
	while [ ! -b /dev/nvme0n1 ] || ! vdisk smmubench-vblk >/dev/null ||
	      ! vdisk smmubench-results >/dev/null; do
		n=$((n + 1))
		[ $n -gt $1 ] && { say "no nvme0n1 or virtio disks after $(($1 / 10)) s: $(ls /sys/block)"; finish 1; }
		sleep 0.1
	done
	VBLK=$(vdisk smmubench-vblk)
	RES=$(vdisk smmubench-results)
}
