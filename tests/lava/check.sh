#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: a LAVA job run for real with lava-run, no server (issue 16),
# TAP output. Renders lava/jobs/qemu-arm64.yaml with file:// URLs (Debian's
# arm64 kernel of tests/arm64/fetch.sh, tests/lava/mkramdisk.sh's
# initramfs, an nvme disk image) and a git repository holding this tree's
# lava/smmubench.yaml, runs it on the qemu device of
# lava/devices/qemu-arm64.yaml, then:
#   - the job ended well and the test shell reported smmubench's cases;
#   - `smmubench ingest --lava` turns the job log into a run directory
#     whose rows equal what the guest printed (its results.jsonl on the
#     console, read here by Python's yaml and json, not by smmubench) and
#     whose kernel is the guest's;
#   - the run reaches results.db and the dashboard, under the LAVA device.
# Environment: O (build dir; work in $O/lava), SMMUBENCH (the host's),
# SMMUBENCH_ARM64 (static aarch64), CACHE ($O/arm64/cache), LAVA_REUSE=1
# (check the last job again without running it).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/e2e/lib.sh"
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
SMMUBENCH=${SMMUBENCH:-$O/smmubench}
case $SMMUBENCH in /*) ;; *) SMMUBENCH=$top/$SMMUBENCH ;; esac
export CACHE=${CACHE:-$O/arm64/cache}
export SMMUBENCH_ARM64=${SMMUBENCH_ARM64:-$O/arm64/smmubench}
w=$O/lava
out=$w/out
device=qemu-arm64-lava
# lava-run works in /var/lib/lava/dispatcher/tmp/<job id>: an id of this run's
# own, so that two checks at once (two clones) never share that directory
job_id=$(( 100000 + $$ ))
validate_id=$(( job_id + 1 ))
lava_tmp=/var/lib/lava/dispatcher/tmp

# url PATH: a file:// URL LAVA can download (paths here are ours: no blanks)
url() {
	case $1 in *[!A-Za-z0-9/._+-]*) echo "check.sh: unusual path $1" >&2; return 1 ;; esac
	echo "file://$1"
}

if [ "${LAVA_REUSE:-0}" != 1 ]; then
	rm -rf "$w"
	mkdir -p "$w/testdef/lava" "$out"
	echo "$job_id" > "$w/job-id"
	if ! bash "$here/mkramdisk.sh" "$w/ramdisk.cpio" > "$w/mkramdisk.log" 2>&1; then
		sed 's/^/# /' "$w/mkramdisk.log"
		fail "the guest initramfs (tests/lava/mkramdisk.sh)"
		done_testing
	fi
	truncate -s 64M "$w/nvme.img"
	# the test definition as this tree has it, committed or not
	cp "$top/lava/smmubench.yaml" "$w/testdef/lava/"
	git -C "$w/testdef" init -q && git -C "$w/testdef" add lava &&
		git -C "$w/testdef" -c user.name=smmubench -c user.email=smmubench@localhost \
			commit -qm "lava/smmubench.yaml under test"
	sed -e "s|@KERNEL_URL@|$(url "$CACHE/vmlinuz")|" \
		-e "s|@RAMDISK_URL@|$(url "$w/ramdisk.cpio")|" \
		-e "s|@NVME_URL@|$(url "$w/nvme.img")|" \
		-e "s|@TESTDEF_REPO@|$w/testdef|" \
		"$top/lava/jobs/qemu-arm64.yaml" > "$w/job.yaml"
	# no nested KVM for libguestfs's appliance (it builds the overlay disk)
	export LIBGUESTFS_BACKEND_SETTINGS=force_tcg
	start=$(date +%s)
	timeout 1500 lava-run --job-id "$job_id" --output-dir "$out" \
		--device "$top/lava/devices/qemu-arm64.yaml" "$w/job.yaml" 2> "$out/lava-run.log"
	echo "lava-run exited with $? after $(( $(date +%s) - start )) s" > "$w/lava-run.rc"
	# the server's output.yaml: the same lines as a YAML sequence
	sed -n 's/^{/- {/p' "$out/lava-run.log" > "$out/output.yaml"
	rm -rf "${lava_tmp:?}/$job_id"
fi
job_id=$(cat "$w/job-id")	# LAVA_REUSE=1: the id of the run it re-checks
echo "# $(cat "$w/lava-run.rc")"
is "lava-run: job result" "$(sed -n 's/^result: *//p' "$out/result.yaml" 2>/dev/null)" pass
if ! grep -q '"smmubench\.' "$out/output.yaml"; then
	grep -E '"lvl": "(error|exception|results)"' "$out/output.yaml" | tail -20 | sed 's/^/# /'
	fail "the test shell reported smmubench.* test cases (see $out/output.yaml)"
	done_testing
fi
ok "the test shell reported smmubench.* test cases"

# What LAVA recorded and what the guest printed, by Python, not smmubench.
# It prints: cases=N kpis=N fails=N rows=N, then one sorted row per line
# to $w/guest-rows.txt
/usr/bin/python3 - "$out/output.yaml" "$w/guest-rows.txt" > "$w/lava-facts.txt" <<'PY'
import json, sys, yaml
log = yaml.safe_load(open(sys.argv[1])) or []
cases = [e["msg"] for e in log if e.get("lvl") == "results" and isinstance(e.get("msg"), dict)
         and str(e["msg"].get("case", "")).startswith("smmubench.")]
rows = []
for e in log:
    m = e.get("msg")
    if e.get("lvl") == "target" and isinstance(m, str) and m.startswith("SMMUBENCH-ROW: "):
        # LAVA's target lines carry the console's quotes as \" (2023.01)
        t = m[len("SMMUBENCH-ROW: "):]
        if t.startswith('{\\"'):
            t = t.replace('\\"', '"')
        r = json.loads(t)
        rows.append(json.dumps([r["cell"], r["design"], r["workload"], r["rep"], r["op"],
                                r["metric"], r["unit"], float(r["value"])]))
rows.sort()
open(sys.argv[2], "w").write("".join(r + "\n" for r in rows))
print("cases=%d" % len(cases))
print("kpis=%d" % sum(1 for c in cases if c["case"].startswith("smmubench.kpi.")))
print("fails=%s" % ",".join(c["case"] for c in cases if c["result"] != "pass"))
print("rows=%d" % len(rows))
PY
facts=$(cat "$w/lava-facts.txt")
echo "# $(echo $facts)"
kv() { echo "$facts" | sed -n "s/^$1=//p"; }
is "no smmubench case failed (check, run, every KPI)" "$(kv fails)" ""
check "the guest printed its results.jsonl rows" [ "$(kv rows)" -gt 0 ]
is "one KPI test case per row the guest printed" "$(kv kpis)" "$(kv rows)"

# the other templates: the pKVM job validates on the same device; the board
# job is YAML whose placeholders are the documented ones
sed -e "s|@KERNEL_URL@|$(url "$CACHE/vmlinuz")|" -e "s|@RAMDISK_URL@|$(url "$w/ramdisk.cpio")|" \
	-e "s|@NVME_URL@|$(url "$w/nvme.img")|" -e "s|@TESTDEF_REPO@|$w/testdef|" \
	"$top/lava/jobs/pkvm-qemu.yaml" > "$w/pkvm-job.yaml"
lava-run --validate --job-id "$validate_id" --output-dir "$w/validate" \
	--device "$top/lava/devices/qemu-arm64.yaml" "$w/pkvm-job.yaml" > "$w/validate.log" 2>&1
is "lava/jobs/pkvm-qemu.yaml validates (lava-run --validate)" "$?" 0
rm -rf "${lava_tmp:?}/$validate_id"
is "lava/jobs/board.yaml: YAML with the placeholders it documents" \
	"$(/usr/bin/python3 -c 'import sys, yaml, re; t = open(sys.argv[1]).read(); yaml.safe_load(t.replace("@", "")); print(" ".join(sorted(set(re.findall("@([A-Z_]+)@", t)))))' "$top/lava/jobs/board.yaml")" \
	"BENCH_CONF DEVICE_TYPE DTB_URL KERNEL_ARGS KERNEL_URL ROOTFS_URL TESTDEF_REPO"

rm -rf "$w/runs" "$w/results.db" "$w/dash"
"$SMMUBENCH" ingest --lava "$out" --device "$device" --job-id "$job_id" -o "$w/runs" \
	--db "$w/results.db" > "$w/ingest.out" 2> "$w/ingest.err"
is "smmubench ingest --lava: exit status" "$?" 0
sed 's/^/# /' "$w/ingest.out" "$w/ingest.err"
run=$(sed -n 's/^run *\([^ ]*\) .*/\1/p' "$w/ingest.out")
check "a run directory came back" [ -f "$run/meta.json" ]
/usr/bin/python3 - "$run/results.jsonl" <<'PY' > "$w/ingested-rows.txt"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
out = sorted(json.dumps([r["cell"], r["design"], r["workload"], r["rep"], r["op"], r["metric"],
                         r["unit"], float(r["value"])]) for r in rows)
print("".join(r + "\n" for r in out), end="")
PY
if cmp -s "$w/guest-rows.txt" "$w/ingested-rows.txt"; then
	ok "the ingested rows equal the guest's ($(wc -l < "$w/guest-rows.txt") rows: cell, design, workload, rep, op, metric, unit, value)"
else
	diff "$w/guest-rows.txt" "$w/ingested-rows.txt" | head -10 | sed 's/^/# /'
	fail "the ingested rows equal the guest's"
fi
meta() { jq -r "$1" "$run/meta.json"; }
like "the run's kernel is the guest's (Debian arm64 6.12)" "$(meta .kernel.release)" '^6\.12\.[0-9]+\+deb12-arm64$'
is "the run's kernel machine is the guest's" "$(meta .kernel.machine)" aarch64
like "the run's cmdline is the guest's (pKVM protected)" "$(meta .kernel.cmdline)" 'kvm-arm\.mode=protected'
is "the run's host is the guest's" "$(meta .host)" arm64-qemu-lava
is "the run's board is the LAVA device" "$(meta .board)" "$device"
is "the LAVA job id is kept" "$(meta .lava_job_id)" "$job_id"
is "the run is complete" "$(meta .status)" complete
is "target hw" "$(meta .target)" hw
like "the design the guest detected" "$(meta '.designs | join(",")')" '^native$'

is "results.db: the run is there under the device" \
	"$(sqlite3 "$w/results.db" "select board || ' ' || kernel_release from runs")" \
	"$device $(meta .kernel.release)"
"$SMMUBENCH" ingest --lava "$out" --device "$device" --job-id "$job_id" -o "$w/runs" \
	--db "$w/results.db" > "$w/ingest2.out" 2>&1
like "ingesting the job again leaves results.db as it is" "$(cat "$w/ingest2.out")" '0 runs added, 1 already present'
"$SMMUBENCH" dashboard --db "$w/results.db" -o "$w/dash" > "$w/dash.out" 2>&1
is "smmubench dashboard: exit status" "$?" 0
like "the dashboard's index names the LAVA device" "$(cat "$w/dash/index.json")" "\"$device\""
like "the dashboard's index has the guest's fio workload" "$(cat "$w/dash/index.json")" '"workload":"fio bs=4k iodepth=1 numjobs=1"'
done_testing
