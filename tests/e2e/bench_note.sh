#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# [target] note: a caveat on a target's timings travels from bench.conf to
# meta.json and to a banner in every report of the run.
cd "$(dirname "$0")/../.." || exit 1
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/b.conf" <<CONF
[global]
label = notetest
results = $tmp/res
repeat = 1
warmup = 0
progress = 0
[target]
type = model
note = arm64 QEMU TCG: timings are emulation times
[model]
designs = native
[workload w]
type = dmabench
threads = 1
granule = 1
CONF
"$SMMUBENCH" run -q "$tmp/b.conf" >"$tmp/out" 2>&1
is "the run completes" "$?" 0
run=$(ls -d "$tmp"/res/2* 2>/dev/null | head -1)
is "meta.json keeps the note" "$(jq -r .note "$run/meta.json" 2>/dev/null)" \
	"arm64 QEMU TCG: timings are emulation times"
"$SMMUBENCH" report -o "$tmp/rep" "$run" >/dev/null 2>&1
is "report.md shows the note once" \
	"$(grep -c 'notetest: arm64 QEMU TCG: timings are emulation times' "$tmp/rep/report.md")" 1
like "index.html shows it as a banner" "$(cat "$tmp/rep/index.html")" \
	'<div class="banner">[^<]*notetest: arm64 QEMU TCG: timings are emulation times'
sed -i '/^note =/d' "$tmp/b.conf"
rm -rf "$tmp/res"
"$SMMUBENCH" run -q "$tmp/b.conf" >/dev/null 2>&1
run=$(ls -d "$tmp"/res/2* 2>/dev/null | head -1)
is "no note, no key" "$(jq -r '.note // "absent"' "$run/meta.json")" absent
done_testing
