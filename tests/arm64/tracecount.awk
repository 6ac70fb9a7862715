# SPDX-License-Identifier: GPL-2.0
# tracecount.awk: reads a tracefs `trace` text file of the arm64 guest and
# prints key=value lines: how many of each event, how iommu:map events pair
# with iommu:unmap events by IOVA range, and the kprobe/kretprobe TLBI
# durations. The host-side checks (check.sh) assert on these.
#
# Line layout (kernel trace output, default options):
#   TASK-PID [CPU] FLAGS SECONDS.MICROS: EVENT: PRINTK
# iommu:map   "IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu"
# iommu:unmap "IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu"
# (include/trace/events/iommu.h)

function hex(s,    i, c, v) {
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		v = v * 16 + c
	}
	return v
}
function field(name,    i) {
	for (i = 1; i <= NF; i++)
		if (index($i, name "=") == 1)
			return substr($i, length(name) + 2)
	return ""
}

/^#/ { next }
{
	ev = ""; ts = -1; cpu = -1
	for (i = 2; i <= NF; i++) {
		if ($i ~ /^\[[0-9]+\]$/)
			cpu = substr($i, 2, length($i) - 2) + 0
		if ($(i - 1) ~ /^[0-9]+\.[0-9]+:$/ && $i ~ /:$/) {
			ts = substr($(i - 1), 1, length($(i - 1)) - 1) + 0
			ev = substr($i, 1, length($i) - 1)
			break
		}
	}
	if (ev == "")
		next
	count[ev]++
}
# Keys are the IOVA text: mawk turns numbers above 2^31 into "%.6g" strings.
ev == "map" {
	key = tolower(field("iova"))
	if (!(key in live))
		nlive++
	live[key] = ts
	live_iova[key] = hex(key)
	live_size[key] = field("size") + 0
}
ev == "unmap" {
	start = hex(field("iova"))
	# the end address is the token after "-"
	for (i = 1; i <= NF; i++)
		if ($i == "-") { end = hex($(i + 1)); break }
	size = field("size") + 0
	unmapped = field("unmapped_size") + 0
	covered = 0; bytes = 0; first = -1
	for (a in live) {
		if (live_iova[a] >= start && live_iova[a] < end) {
			covered++
			bytes += live_size[a]
			if (first < 0 || live[a] < first)
				first = live[a]
			delete live[a]
			delete live_size[a]
			delete live_iova[a]
			nlive--
		}
	}
	if (!covered) {
		unmatched_unmaps++
		next
	}
	if (bytes != unmapped)
		size_mismatch++
	if (min_cov == "" || covered < min_cov) min_cov = covered
	if (max_cov == "" || covered > max_cov) max_cov = covered
	if (min_usz == "" || unmapped < min_usz) min_usz = unmapped
	if (max_usz == "" || unmapped > max_usz) max_usz = unmapped
	life = (ts - first) * 1e6
	life_sum += life; nlife++
	if (min_life == "" || life < min_life) min_life = life
	if (max_life == "" || life > max_life) max_life = life
}
ev == "tlbi_entry" { tlbi_open[cpu] = ts }
ev == "tlbi_exit" {
	if (cpu in tlbi_open) {
		d = (ts - tlbi_open[cpu]) * 1e6
		delete tlbi_open[cpu]
		tlbi_sum += d; ntlbi++
		if (min_tlbi == "" || d < min_tlbi) min_tlbi = d
		if (max_tlbi == "" || d > max_tlbi) max_tlbi = d
	} else {
		tlbi_unpaired++
	}
}
END {
	n = split("map unmap tlbi_entry tlbi_exit dma_map_page dma_unmap_page dma_map_sg dma_unmap_sg", names, " ")
	for (i = 1; i <= n; i++)
		printf "n_%s=%d\n", names[i], count[names[i]]
	for (e in count) {
		known = 0
		for (i = 1; i <= n; i++) if (names[i] == e) known = 1
		if (!known) printf "n_%s=%d\n", e, count[e]
	}
	printf "maps_unmatched=%d\n", nlive
	printf "unmaps_unmatched=%d\n", unmatched_unmaps
	printf "unmap_size_mismatch=%d\n", size_mismatch
	printf "maps_per_unmap_min=%s\nmaps_per_unmap_max=%s\n", min_cov, max_cov
	printf "unmapped_bytes_min=%s\nunmapped_bytes_max=%s\n", min_usz, max_usz
	if (nlife)
		printf "map_lifetime_us_min=%.0f\nmap_lifetime_us_avg=%.1f\nmap_lifetime_us_max=%.0f\n", min_life, life_sum / nlife, max_life
	printf "tlbi_pairs=%d\ntlbi_unpaired=%d\n", ntlbi, tlbi_unpaired
	if (ntlbi)
		printf "tlbi_us_min=%.0f\ntlbi_us_avg=%.1f\ntlbi_us_max=%.0f\n", min_tlbi, tlbi_sum / ntlbi, max_tlbi
}
