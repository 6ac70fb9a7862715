#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the pKVM test guest (tests/pkvm/run.sh): the instrumented
# android16-6.12 kernel of `make kernel`. The kernel command line says
# smmubench.mode=paravirt (pKVM protected nVHE owns the SMMU) or
# smmubench.mode=native (no pKVM; arm_smmu_v3.ko owns it).
#
# Shell phases first: the kernel's own files only (hypervisor trace_pipe
# text, a host instance with kprobe pairs, dma tracepoints), so that the
# host can check smmubench against counts it did not produce. Then
# smmubench check, record and run. Everything goes to the results disk as a
# tar archive. Console markers "SMMUBENCH-PKVM:" let the host follow along.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs nodev /sys/kernel/debug
. /scenario.conf
MODE=$(sed -n 's/.*smmubench\.mode=\([a-z]*\).*/\1/p' /proc/cmdline)
# quick: the shell phases only (the knobs boot)
QUICK=$(sed -n 's/.*smmubench\.quick=\([01]\).*/\1/p' /proc/cmdline)
# aggregated mode (patch 0007, the hist boot): EL2 histograms, read out per phase
HIST=$(grep -c 'arm_smmu_v3_kvm\.hyp_events=1' /proc/cmdline)

R=/tmp/results
MARK=SMMUBENCH-PKVM
. /guest-lib.sh

hostname pkvm-qemu-tcg-$MODE
# the guest has no clock source of the host's time: run dates come from it
EPOCH=$(sed -n 's/.*smmubench\.epoch=\([0-9]*\).*/\1/p' /proc/cmdline)
[ -n "$EPOCH" ] && date -s "@$EPOCH" > /dev/null 2>&1
say "booted $(uname -r) mode=$MODE cmdline: $(cat /proc/cmdline)"
if [ "$MODE" = native ]; then
	insmod /modules/arm_smmu_v3.ko || { say "insmod arm_smmu_v3 failed"; finish 1; }
fi
wait_disks 300

# A PCI function by its driver directory, not by a sysfs path shape
pci_of_driver() { # driver
	local d
	for d in /sys/bus/pci/drivers/$1/0000:*; do
		[ -e "$d" ] && basename "$d" && return 0
	done
	return 1
}
# the dma_map_benchmark device: virtio-rng (1af4:1044), which no driver here claims
DMADEV=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor):$(cat $d/device)" = "0x1af4:0x1044" ] && DMADEV=$(basename $d)
done
NVME_PCI=$(pci_of_driver nvme)
smmu_drv=$(basename "$(readlink /sys/bus/platform/devices/9050000.smmuv3/driver 2>/dev/null)" 2>/dev/null)
{
	echo "mode=$MODE"
	echo "release=$(uname -r)"
	echo "nr_cpus=$(grep -c ^processor /proc/cpuinfo)"
	echo "pkvm=$(dmesg | grep -c 'Protected nVHE mode initialized successfully')"
	echo "smmu_driver=$smmu_drv"
	echo "nvme_pci=$NVME_PCI"
	echo "nvme_iommu_group_type=$(cat /sys/bus/pci/devices/$NVME_PCI/iommu_group/type 2>/dev/null)"
	echo "dmadev=$DMADEV"
	echo "dmadev_iommu_group_type=$(cat /sys/bus/pci/devices/$DMADEV/iommu_group/type 2>/dev/null)"
	echo "strict=$(grep -c 'iommu.strict=0' /proc/cmdline)"
	for k in tlbi_per_sync tlbi_force_per_page; do
		echo "knob_$k=$(cat /sys/module/arm_smmu_v3_kvm/parameters/$k 2>/dev/null)"
	done
} > $R/guest.env
dmesg | grep -iE 'kvm \[|smmu|iommu' > $R/dmesg-iommu.txt

# data check: the host wrote known random bytes to both disks
dd if=/dev/nvme0n1 bs=1M count=$MD5_MB 2>/dev/null | md5sum | cut -d' ' -f1 > $R/md5-nvme.txt
dd if=$VBLK bs=1M count=$MD5_MB 2>/dev/null | md5sum | cut -d' ' -f1 > $R/md5-vblk.txt

T=/sys/kernel/tracing
mount -t tracefs nodev $T || { say "cannot mount tracefs"; finish 1; }
H=$T/hypervisor
[ -d $H ] || H=$T/hyp
ls $H > $R/hyp-dir.txt 2>&1
ls $H/events/hypervisor > $R/hyp-events.txt 2>&1


# --- shell phases: the kernel's own counters -------------------------------
I=$T/instances/smmubench-pkvm
mkdir $I || { say "cannot create $I"; finish 1; }
echo boot > $I/trace_clock
echo 16384 > $I/buffer_size_kb
echo 0 > $I/tracing_on
if [ "$MODE" = paravirt ]; then
	echo 'p:smmubench/kmap kvm_arm_smmu_map_pages' >> $T/kprobe_events
	echo 'p:smmubench/kunmap kvm_arm_smmu_unmap_pages' >> $T/kprobe_events
	echo "kprobe_rc=$?" >> $R/guest.env
	# sized before tracing is loaded
	echo 0 > $H/tracing_on
	echo 32768 > $H/buffer_size_kb
	echo "hyp_buffer_size_kb=$(cat $H/buffer_size_kb)" >> $R/guest.env
	for e in smmu_map smmu_map_sg smmu_unmap smmu_tlbi smmu_sync smmu_ste host_hcall; do
		echo 1 > $H/events/hypervisor/$e/enable
	done
	if [ "$HIST" = 1 ]; then echo 1 > $H/events/hypervisor/smmu_hist/enable; fi
else
	echo 'p:smmubench/tlbi __arm_smmu_tlb_inv_range' >> $T/kprobe_events
	echo "kprobe_rc=$?" >> $R/guest.env
fi
echo 1 > $I/events/smmubench/enable
echo 1 > $I/events/iommu/map/enable
echo 1 > $I/events/iommu/unmap/enable
echo 1 > $I/events/dma/dma_map_page/enable 2>/dev/null
echo 1 > $I/events/dma/dma_unmap_page/enable 2>/dev/null

rc=0
sh_phase() { # name command...
	local name=$1 pid
	shift
	echo > $I/trace
	if [ "$MODE" = paravirt ]; then
		cat $H/trace_pipe > $R/hyp-$name.txt &
		pid=$!
		echo 1 > $H/tracing_on
	fi
	echo 1 > $I/tracing_on
	"$@" > $R/workload-$name.txt 2>&1 || rc=1
	# the end of the phase's window: every CPU's EL2 histograms as smmu_hist
	if [ "$HIST" = 1 ]; then echo 1 > /sys/module/arm_smmu_v3_kvm/parameters/hist_readout; fi
	if [ "$MODE" = paravirt ]; then
		# The reader gets the hypervisor's pages only while tracing is on
		# (the host swaps reader pages), and under TCG it may lag a busy
		# phase by seconds (the knobs' 256 TLBIs per unmap): wait, tracing
		# on, until it has caught up (under 1 KiB a second: the idle
		# hypercalls of the clock updates), then stop both.
		local n=0 size=0 now
		while [ $n -lt 120 ]; do
			sleep 1
			now=$(wc -c < $R/hyp-$name.txt)
			[ $((now - size)) -lt 1024 ] && [ $n -ge 1 ] && break
			size=$now
			n=$((n + 1))
		done
		echo 0 > $H/tracing_on
		echo 0 > $I/tracing_on
		sleep 1
		kill $pid
		wait $pid 2>/dev/null
	fi
	echo 0 > $I/tracing_on
	cat $I/trace > $R/host-$name.txt
	say "phase $name: $(cat $R/workload-$name.txt)"
}
sh_phase nvme4k /bin/rdread --bs 4096 --count $IOS_4K /dev/nvme0n1
if [ -n "$DMADEV" ]; then
	# one detach and one attach of the benchmark device: its STE written twice
	replug() {
		echo 1 > /sys/bus/pci/devices/$DMADEV/remove
		echo 1 > /sys/bus/pci/rescan
		[ -e /sys/bus/pci/devices/$DMADEV ] && echo "replugged $DMADEV"
	}
	sh_phase ste replug
	# bind the benchmark device (driver_override, as smmubench does)
	# virtio-pci (the transport) holds it even without virtio_rng: unbind first
	echo "dmadev_driver=$(basename "$(readlink /sys/bus/pci/devices/$DMADEV/driver)")" >> $R/guest.env
	echo dma_map_benchmark > /sys/bus/pci/devices/$DMADEV/driver_override
	[ -e /sys/bus/pci/devices/$DMADEV/driver ] && echo $DMADEV > /sys/bus/pci/devices/$DMADEV/driver/unbind
	echo $DMADEV > /sys/bus/pci/drivers/dma_map_benchmark/bind 2>$R/dmabind.err
	echo "dmadev_bound=$(basename "$(readlink /sys/bus/pci/devices/$DMADEV/driver)")" >> $R/guest.env
	sh_phase dma4k /bin/dmamap 1 1 1
	sh_phase dma1m /bin/dmamap 1 1 256
	sh_phase dma4k2t /bin/dmamap 2 1 1
	sh_phase dma1m2t /bin/dmamap 2 1 256
fi
say "shell phases done: restoring tracefs"
echo 0 > $I/events/enable
if [ "$MODE" = paravirt ]; then
	for e in $H/events/hypervisor/*/enable; do echo 0 > $e; done
fi
echo '-:smmubench/kmap' >> $T/kprobe_events 2>/dev/null
echo '-:smmubench/kunmap' >> $T/kprobe_events 2>/dev/null
echo '-:smmubench/tlbi' >> $T/kprobe_events 2>/dev/null
rmdir $I
say "tracefs restored"

[ "$QUICK" = 1 ] && finish $rc
# --- smmubench itself -------------------------------------------------------
timeout 60 /bin/smmubench check > $R/check.txt 2>&1
echo "check_rc=$?" >> $R/guest.env
say "smmubench check: rc=$(sed -n 's/^check_rc=//p' $R/guest.env) $(grep '^design' $R/check.txt)"
if [ "$MODE" = paravirt ]; then
	evs="-e hypervisor:smmu_map -e hypervisor:smmu_unmap -e hypervisor:smmu_tlbi -e hypervisor:smmu_sync -e hypervisor:host_hcall"
	timeout 120 /bin/smmubench record -s host -s raw:$H $evs -e iommu:map -e iommu:unmap \
		-k kmap=kvm_arm_smmu_map_pages -b 8192 -o $R/sb-nvme4k \
		-- /bin/rdread --bs 4096 --count $IOS_4K /dev/nvme0n1 > $R/sb-nvme4k.out 2> $R/sb-nvme4k.err
	echo $? > $R/sb-nvme4k.rc
	say "smmubench record: rc=$(cat $R/sb-nvme4k.rc) $(tail -1 $R/sb-nvme4k.out)"
	# attribution by nesting (issue 14): the host driver's map/unmap probe
	# pairs around hyp_enter/hyp_exit around smmu_map/smmu_unmap (dur_ns)
	# around smmu_sync (wait_ns), all in one window; dma_map_page/unmap_page
	# are the kernel's own count of the benchmark's calls
	nest="$evs -e hypervisor:hyp_enter -e hypervisor:hyp_exit -e dma:dma_map_page -e dma:dma_unmap_page"
	nest="$nest -k kmap=kvm_arm_smmu_map_pages -k kunmap=kvm_arm_smmu_unmap_pages"
	for g in 1 256; do
		timeout 300 /bin/smmubench record -s host -s raw:$H $nest -b 16384 -o $R/sb-nest-g$g \
			-- /bin/dmamap 1 1 $g > $R/sb-nest-g$g.out 2> $R/sb-nest-g$g.err
		echo $? > $R/sb-nest-g$g.rc
		say "smmubench record (nesting, granule $g): rc=$(cat $R/sb-nest-g$g.rc)"
	done
	# the hypervisor pipe is live: a fixed window must end on its own
	timeout 60 /bin/smmubench stat -s raw:$H -e hypervisor:host_hcall -d 3s > $R/sb-stat.out 2> $R/sb-stat.err
	echo $? > $R/sb-stat.rc
	say "smmubench stat -d 3s on the live hypervisor pipe: rc=$(cat $R/sb-stat.rc)"
fi
if [ -x /usr/bin/fio ]; then
	sed "s/@DMADEV@/$DMADEV/; s/@MODE@/$MODE/" /bench-pkvm.conf > /tmp/bench-pkvm.conf
	(cd /tmp && timeout 900 /bin/smmubench run -q /tmp/bench-pkvm.conf > $R/run.out 2> $R/run.err)
	echo $? > $R/run.rc
	say "smmubench run: rc=$(cat $R/run.rc) $(tail -1 $R/run.out)"
fi
finish $rc
