#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kernel-patches/: the CI checks of the patch series (make -C kernel-patches
# check) pass on the committed series, and each check catches the mistake it
# is there for (a wrong argument count, an unknown event, a stale hook header,
# a broken patch, a layout that disagrees with the table, a base file that is
# not the recorded one).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)
kp=$root/kernel-patches

if [ ! -x "$SMMUBENCH" ]; then
	skip "no smmubench binary at $SMMUBENCH"
	done_testing
fi
for t in git jq; do
	command -v $t >/dev/null || { skip "$t not installed (make deps)"; done_testing; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_check OUT [VAR=value...]: runs check.sh, prints its exit status
run_check() {
	local out=$1
	shift
	env SMMUBENCH="$SMMUBENCH" "$@" bash "$kp/check.sh" >"$out" 2>&1
	echo $?
}

# --- the committed series, through the make target CI uses --------------
make -s -C "$kp" check SMMUBENCH="$SMMUBENCH" >"$tmp/all" 2>&1
is "make -C kernel-patches check exits 0" "$?" 0
is "no check fails" "$(grep -c '^FAIL' "$tmp/all")" 0
# 2 remotes-raw + 1 hyp-events + 3 paravirt + 3 nested + 2 knobs + 6 android16-6.12 patches
is "18 patches parse" "$(grep -c '^ok - .*\.patch: parses' "$tmp/all")" 18
# paravirt: map, unmap, tlbi, sync, ste (attach), ste (detach);
# nested: tlbi, sync, cmdq_trap, mmio_trap, ste, s2_idmap;
# android16-6.12: map, map_sg, unmap, sync, tlbi (ASID/VMID-wide), tlbi
# (range), ste (attach), ste (detach)
# 20 before android16-6.12/0007, which adds 9: smmu_hist, and map, unmap,
# map_sg, sync, 2 tlbi, 2 ste behind the mode test
is "29 trace calls match the table" "$(grep -c '^ok - .*: trace_smmu_[a-z0-9_]*(): ' "$tmp/all")" 29
like "smmu_cmdq_trap gets its 8 fields" "$(cat "$tmp/all")" \
	'nested/0002-[^ ]*: trace_smmu_cmdq_trap\(\): 8 arguments = 8 fields'
like "hyp-events carries the generated header" "$(cat "$tmp/all")" \
	'^ok - hyp-events/0001-[^ ]*: kvm_smmu_hypevents.h is the generated hook header'
like "android16-6.12 carries the same generated header" "$(cat "$tmp/all")" \
	'^ok - android16-6.12/0001-[^ ]*: kvm_smmu_hypevents.h is the generated hook header'
if command -v "${AARCH64_CC:-aarch64-linux-gnu-gcc}" >/dev/null; then
	like "android16-6.12/0007 carries hypev_hist.h verbatim" "$(cat "$tmp/all")" \
	'^ok - android16-6.12/0007-[^ ]*: nvhe/smmu_hist.h is hyp-instrumentation/hypev_hist.h'
like "hook header compiles for aarch64" "$(cat "$tmp/all")" \
		'^ok - hook header: compiles for aarch64; .* 29 patch calls checked'
else
	skip "aarch64-linux-gnu-gcc not installed"
fi

# --- mistakes the checks must catch, on a copy ---------------------------
copy() { rm -rf "$tmp/kp"; cp -r "$kp" "$tmp/kp"; }

copy
p=$(ls "$tmp"/kp/paravirt/0002-*.patch)
sed -i 's/trace_smmu_sync(smmu_trace_id(smmu), batch, smmu_trace_dur_ns(start));/trace_smmu_sync(smmu_trace_id(smmu), smmu_trace_dur_ns(start));/' "$p"
rc=$(run_check "$tmp/o1" PATCHDIR="$tmp/kp" SERIES=paravirt)
is "a call with a missing argument fails the check" "$rc" 1
like "... naming the call and both counts" "$(cat "$tmp/o1")" \
	'^FAIL - paravirt/0002-[^ ]*:[0-9]+: trace_smmu_sync\(\): 2 arguments, the table has 3 fields'

copy
p=$(ls "$tmp"/kp/nested/0003-*.patch)
sed -i 's/trace_smmu_s2_idmap(/trace_smmu_s2_map(/' "$p"
rc=$(run_check "$tmp/o2" PATCHDIR="$tmp/kp" SERIES=nested)
is "an unknown event fails the check" "$rc" 1
like "... naming it" "$(cat "$tmp/o2")" "no event 'smmu_s2_map' in the event table"

copy
p=$(ls "$tmp"/kp/hyp-events/0001-*.patch)
sed -i 's/^+\t\the_field(u32, sid)$/+\t\the_field(u16, sid)/' "$p"
rc=$(run_check "$tmp/o3" PATCHDIR="$tmp/kp" SERIES=hyp-events)
is "a hand-edited hook header fails the check" "$rc" 1
like "... as differing from the generated one" "$(cat "$tmp/o3")" \
	"^FAIL - hyp-events/0001-[^ ]*: kvm_smmu_hypevents.h differs from 'smmubench events --hook-header'"

copy
p=$(ls "$tmp"/kp/android16-6.12/0007-*.patch)
sed -i 's/^+#define HYPEV_HIST_SUB_BITS\t6/+#define HYPEV_HIST_SUB_BITS\t5/' "$p"
rc=$(run_check "$tmp/o3b" PATCHDIR="$tmp/kp" SERIES=android16-6.12)
is "an EL2 histogram header with another layout fails the check" "$rc" 1
like "... as differing from hyp-instrumentation's" "$(cat "$tmp/o3b")" \
	"^FAIL - android16-6.12/0007-[^ ]*: nvhe/smmu_hist.h differs from hyp-instrumentation/hypev_hist.h"

copy
p=$(ls "$tmp"/kp/remotes-raw/0001-*.patch)
# drop the last context lines of the only hunk: the hunk is now short
sed -i '/^ \t\t\t   field->is_signed);$/,/^-- $/{/^-- $/!d}' "$p"
rc=$(run_check "$tmp/o4" PATCHDIR="$tmp/kp" SERIES=remotes-raw)
is "a truncated hunk fails the check" "$rc" 1
like "... as git apply --stat rejects it" "$(cat "$tmp/o4")" \
	'^FAIL - remotes-raw/0001-[^ ]*: git apply --stat: .*corrupt patch'

copy
sed -i '/Signed-off-by/d' "$tmp"/kp/paravirt/0003-*.patch
rc=$(run_check "$tmp/o5" PATCHDIR="$tmp/kp" SERIES=paravirt)
is "a patch without Signed-off-by fails the check" "$rc" 1
like "... saying so" "$(cat "$tmp/o5")" '^FAIL - paravirt/0003-[^ ]*: no Signed-off-by'

# the layout asserts: a table whose smmu_map.iova sits at 12 cannot match
# the naturally aligned struct (u16 domain at 2, s32 ret at 4, u64 iova at 8)
if command -v "${AARCH64_CC:-aarch64-linux-gnu-gcc}" >/dev/null; then
	cat >"$tmp/fake-smmubench" <<EOF
#!/bin/sh
if [ "\$*" = "events --json" ]; then
	"$SMMUBENCH" events --json |
		jq '(.[] | select(.name == "smmu_map") | .fields[] | select(.name == "iova") | .offset) = 12'
else
	exec "$SMMUBENCH" "\$@"
fi
EOF
	chmod +x "$tmp/fake-smmubench"
	env SMMUBENCH="$tmp/fake-smmubench" SERIES=hyp-events bash "$kp/check.sh" >"$tmp/o6" 2>&1
	is "a layout that disagrees with the table fails the check" "$?" 1
	like "... with the field and the expected offset" "$(cat "$tmp/o6")" \
		'smmu_map.iova: offset is not 12'
else
	skip "aarch64-linux-gnu-gcc not installed"
fi

# --- BASEDIR: sha256 of the recorded base, then git apply --check --------
# a one-file series on a file written here (not kernel code)
mkdir -p "$tmp/demo-src/lib" "$tmp/kpd/demo" "$tmp/based/lib"
printf 'int a;\nint b;\nint c;\n' >"$tmp/demo-src/lib/demo.c"
cp "$tmp/demo-src/lib/demo.c" "$tmp/based/lib/demo.c"
(
	cd "$tmp/demo-src" && git init -q . && git add -A &&
	git -c user.name=t -c user.email=t@example.org commit -qm base &&
	sed -i 's/int b;/int b = 1;/' lib/demo.c &&
	git -c user.name=t -c user.email=t@example.org commit -qam 'demo: Initialise b' \
		-m 'Signed-off-by: t <t@example.org>' &&
	git format-patch -q -o "$tmp/kpd/demo" HEAD~1
) || fail "setting up the demo series"
(cd "$tmp/kpd/demo" && ls *.patch >series && echo demo >README)
sha=$(sha256sum "$tmp/based/lib/demo.c" | cut -d' ' -f1)
printf 'file\tlib/demo.c\trepo=none\tcommit=none\tsha256=%s\n' "$sha" >"$tmp/kpd/demo/BASE"
rc=$(run_check "$tmp/o7" PATCHDIR="$tmp/kpd" SERIES=demo BASEDIR="$tmp/based")
is "a series applies to its recorded base" "$rc" 0
like "... and says so" "$(cat "$tmp/o7")" '^ok - demo: applies to the base files recorded in demo/BASE'
printf 'int a;\nint b;\nint d;\n' >"$tmp/based/lib/demo.c"
rc=$(run_check "$tmp/o8" PATCHDIR="$tmp/kpd" SERIES=demo BASEDIR="$tmp/based")
is "a base file that is not the recorded version fails" "$rc" 1
like "... by its sha256" "$(cat "$tmp/o8")" "^FAIL - demo/BASE: lib/demo.c: sha256 [0-9a-f]{64}, BASE records $sha"
# the recorded file, but a patch whose context does not match it
sed -i 's/^ int a;$/ int z;/' "$tmp"/kpd/demo/0001-*.patch
printf 'int a;\nint b;\nint c;\n' >"$tmp/based/lib/demo.c"
rc=$(run_check "$tmp/o9" PATCHDIR="$tmp/kpd" SERIES=demo BASEDIR="$tmp/based")
is "a patch that does not apply to the base fails" "$rc" 1
like "... as not applying" "$(cat "$tmp/o9")" '^FAIL - demo: does not apply to the base files recorded in demo/BASE'

done_testing
