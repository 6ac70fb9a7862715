#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The methods section of report --paper (methods.md, methods.tex,
# methods.json) on hand-written runs and on a short model run: every fact
# methods.json lists is where it says it comes from (checked here with jq
# against meta.json, independently of smmubench), every one is in the text,
# the run paragraphs hold no number that is not one of those facts, and a
# run missing fields says "not recorded" for each.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"
root=$(cd "$here/../.." && pwd)

if ! command -v jq >/dev/null; then
	skip "jq missing (make deps installs it)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check_facts NAME PAPERDIR: each fact against its source, then against the text
check_facts() {
	local name=$1 p=$2 n i bad=0 run key src path val want md
	md=$(cat "$p/methods.md")
	n=$(jq length "$p/methods.json")
	check "$name: methods.json lists facts" test "$n" -ge 10
	for ((i = 0; i < n; i++)); do
		IFS=$'\x1f' read -r run key src path val rec < <(jq -r --argjson i $i \
			'.[$i] | [.run, .key, .source, (.path // ""), .value, (.recorded | tostring)] | join("\u001f")' "$p/methods.json")
		if [ "$rec" != true ]; then
			[ "$val" = "not recorded" ] || { echo "# $key: unrecorded but '$val'"; bad=$((bad + 1)); }
			continue
		fi
		case $src in
		meta.json)
			want=$(jq -r --arg p "$path" 'getpath($p | split(".")) |
				if type == "array" then join(", ") else tostring end' "$run/meta.json") ;;
		"meta.json kernel.cmdline")
			want=$(jq -r '.kernel.cmdline' "$run/meta.json" | tr ' ' '\n' |
				sed -n "s/^$path=//p" | head -1) ;;
		"meta.json conf_text")
			want=$(jq -r '.conf_text' "$run/meta.json" |
				sed -n "s/^${path#*.}[[:space:]]*=[[:space:]]*\([^#;]*[^#; ]\).*/\1/p" | head -1) ;;
		*)
			want=$val ;;	# counted: checked by hand below
		esac
		[ "$want" = "$val" ] || { echo "# $key ($src $path): '$val' but the source has '$want'"; bad=$((bad + 1)); }
		case $md in *"$val"*) ;; *) echo "# $key: '$val' not in methods.md"; bad=$((bad + 1)) ;; esac
	done
	is "$name: every fact is its source's value and is in the text" "$bad" 0
	# the run paragraphs without their facts hold no digit: no number of their own
	local text=$md v
	while IFS= read -r v; do
		[ -n "$v" ] && text=${text//"$v"/}
	done < <(jq -r '.[].value' "$p/methods.json" | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2-)
	text=${text%%"### Statistics"*}
	is "$name: no number in the run paragraphs but the facts" "$(printf '%s' "$text" | tr -cd '0-9')" ""
}

# 1. the fixtures: a hw run on pKVM (cmdline kvm-arm.mode=protected), a model run
fx_runs "$tmp"
out=$("$SMMUBENCH" report --paper "$tmp/paper" "$tmp/hw-native" "$tmp/model-pv" 2>&1)
is "report --paper exits 0" "$?" 0
p=$tmp/paper
check "methods.md written" test -s "$p/methods.md"
check "methods.tex written" test -s "$p/methods.tex"
check "paper.tex inputs methods.tex" grep -q '^\\input{methods.tex}$' "$p/paper.tex"
check_facts fixtures "$p"
md=$(cat "$p/methods.md")
# by hand from report_fixtures.bash: hw-native is target hw, kernel 6.18.0-fixture,
# cmdline kvm-arm.mode=protected; model-pv is model output, profile morello
like "hw run: kernel and command line" "$md" 'Kernel 6\.18\.0-fixture \(not recorded, not recorded\), command line: kvm-arm\.mode=protected\.'
like "hw run: pKVM mode from the command line" "$md" 'pKVM mode \(kvm-arm\.mode on that command line\): protected\.'
like "model run says model output" "$md" 'Target: model output\. .* platform profile morello; they are not measurements\.'
like "fixture: 5 repetitions per cell (rep 0..4)" "$md" 'the results hold 5 repetitions per cell'
like "fixture: the sweep cells have rep 0 only" "$md" 'the results hold 1\.\.5 repetitions per cell'
like "fixture: no bench.conf, no repeat" "$md" 'Repetitions: repeat = not recorded, warm-up = not recorded'
like "SMMU features not recorded" "$md" 'SMMU features: not recorded\.'
like "kernel patches not recorded" "$md" 'kernel patches: not recorded\.'
like "lost events of model-pv (fixture: 3)" "$md" 'Lost events: 3 events'
like "workload parameters from the cells" "$md" 'dmabench: 5 cells on paravirt, nested; granule = 1; threads = 1; cmds_per_sync = 1, 4, 16'
like "statistics: bootstrap resamples and seed" "$md" '4000 resamples, fixed seed 0x5eed2026'
like "statistics: centre per unit" "$md" 'ns: median.*iops: harmonic mean'
like "statistics: the significance rule" "$md" 'significant when the interval excludes 1 and each side has at least 3 repetitions'

# 2. a run missing fields, with an emulation note
d=$tmp/bare
cp -r "$tmp/hw-native" "$d"
jq 'del(.kernel, .smmubench, .board, .sources, .host) | .note = "arm64 QEMU TCG: timings are emulation times"' \
	"$tmp/hw-native/meta.json" >"$d/meta.json"
out=$("$SMMUBENCH" report --paper "$tmp/p2" "$d" 2>&1)
is "report --paper on a bare run exits 0" "$?" 0
check_facts bare "$tmp/p2"
md=$(cat "$tmp/p2/methods.md")
like "bare: kernel not recorded" "$md" 'Kernel not recorded \(not recorded, not recorded\), command line: not recorded\.'
like "bare: pKVM mode not recorded" "$md" 'command line\): not recorded\.'
like "bare: board and host not recorded" "$md" 'board not recorded \(host not recorded\)'
like "bare: version not recorded" "$md" 'smmubench not recorded, git revision not recorded'
like "bare: QEMU TCG said" "$md" 'These are QEMU TCG emulation timings, not hardware figures \(target note: arm64 QEMU TCG: timings are emulation times\)\.'

# 3. a short model run of the shipped bench.conf (fewer cells, 1 ms)
cat >"$tmp/bench.conf" <<'CONF'
[global]
label = methods
results = results
repeat = 3
warmup = 1
[target]
type = model
[model]
designs = native, paravirt
[workload dmabench]
type = dmabench
granule = 1
threads = 1, 4
duration_ms = 1
CONF
out=$(cd "$tmp" && "$SMMUBENCH" run -q --repeat 2 bench.conf 2>&1)
is "model run exits 0" "$?" 0
run=$(cd "$tmp" && ls -d "$PWD"/results/*-methods)
out=$("$SMMUBENCH" report --paper "$tmp/p3" "$run" 2>&1)
is "report --paper on the model run exits 0" "$?" 0
check_facts model "$tmp/p3"
md=$(cat "$tmp/p3/methods.md")
like "model: --repeat 2 is what ran, warm-up 1 from bench.conf" "$md" 'repeat = 2, warm-up = 1 \(as run'
like "model: 2 repetitions in the results" "$md" 'the results hold 2 repetitions per cell'
like "model: workloads" "$md" 'dmabench: 4 cells on native, paravirt; threads = 1, 4; granule = 1'
done_testing
