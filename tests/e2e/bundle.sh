#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# smmubench bundle on a short run of the shipped bench.conf (1 ms cells, 2
# repetitions): the bundle holds the run as it is, bench.conf as run, the
# source at the run's revision with its kernel-patches blob hashes (checked
# against git itself) and reproduce.sh; --verify reruns it byte-identically;
# a tampered bundle fails, naming the file.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"
root=$(cd "$here/../.." && pwd)

if ! command -v jq >/dev/null || ! command -v tar >/dev/null; then
	skip "jq or tar missing (make deps installs jq)"
	done_testing
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed 's/^duration_ms = [0-9]*$/duration_ms = 1/' "$root/bench.conf" >"$tmp/bench.conf"
out=$(cd "$tmp" && "$SMMUBENCH" run -q --repeat 2 bench.conf 2>&1)
is "the run exits 0" "$?" 0
run=$(cd "$tmp" && ls -d "$PWD"/results/*-default)
name=$(basename "$run")
rev=$(jq -r .smmubench.gitrev "$run/meta.json")

out=$("$SMMUBENCH" bundle --source "$root" -o "$tmp/b.tar.gz" "$run" 2>&1)
is "bundle exits 0" "$?" 0
list=$(tar -tzf "$tmp/b.tar.gz")
for f in MANIFEST.json reproduce.sh "runs/$name/meta.json" "runs/$name/results.jsonl" \
	"runs/$name/errors.jsonl" "conf/$name/bench.conf"; do
	like "bundle holds $f" "$list" "^smmubench-bundle/$f\$"
done
# every file of the run, raw traces and histograms included
is "bundle holds every file of the run" \
	"$(printf '%s\n' "$list" | grep -c "^smmubench-bundle/runs/$name/.*[^/]\$")" \
	"$(cd "$run" && find . -type f | wc -l)"
mkdir "$tmp/x"
tar -xzf "$tmp/b.tar.gz" -C "$tmp/x"
b=$tmp/x/smmubench-bundle
check "bench.conf is the run's conf_text" cmp -s "$b/conf/$name/bench.conf" <(jq -j .conf_text "$run/meta.json")
check "reproduce.sh is executable sh" sh -n "$b/reproduce.sh"
check "results.jsonl as it is" cmp -s "$b/runs/$name/results.jsonl" "$run/results.jsonl"
if command -v git >/dev/null && git -C "$root" cat-file -e "$rev^{commit}" 2>/dev/null; then
	check "source tar of revision $rev" test -s "$b/source/$rev.tar"
	like "source tar holds the Makefile and the runner" "$(tar -tf "$b/source/$rev.tar")" '^bench/runner\.c$'
	is "kernel-patches with git's blob hashes" "$(cat "$b/source/$rev.kernel-patches.txt")" \
		"$(git -C "$root" ls-tree -r "$rev" -- kernel-patches)"
	like "MANIFEST names the source" "$(cat "$b/MANIFEST.json")" "\"tar\":\"source/$rev\.tar\""
else
	skip "revision $rev not in a git repository at $root: no source in the bundle"
	like "MANIFEST says why the source is missing" "$(cat "$b/MANIFEST.json")" '"missing"'
fi

# reproduce.sh as a reviewer runs it: unpack, rebuild the revision, verify with it
if [ -s "$b/source/$rev.tar" ]; then
	out=$(cd "$tmp" && bash "$b/reproduce.sh" "$tmp/repro" 2>&1)
	is "reproduce.sh rebuilds $rev and reproduces the run" "$?" 0
	like "reproduce.sh says so" "$out" "(run $name: reproduced byte-identically|$name: reproduced)"
	rm -rf "$tmp/repro"
fi

out=$("$SMMUBENCH" bundle --verify "$tmp/b.tar.gz" 2>&1)
is "verify passes" "$?" 0
like "verify: byte-identical" "$out" "run $name: reproduced byte-identically: [0-9]+ files"
like "verify: summary" "$out" '# 1 model runs reproduced, 0 differ, 0 hw runs not rerun'

# tampered: the value of the first row of results.jsonl changed, nothing else, repacked
awk 'NR == 1 { sub(/"value":[-0-9.e+]+/, "\"value\":12345") } 1' "$b/runs/$name/results.jsonl" >"$tmp/r"
is "one line changed" "$(diff "$tmp/r" "$b/runs/$name/results.jsonl" | grep -c '^>')" 1
mv "$tmp/r" "$b/runs/$name/results.jsonl"
tar -czf "$tmp/t.tar.gz" -C "$tmp/x" smmubench-bundle
out=$("$SMMUBENCH" bundle --verify "$tmp/t.tar.gz" 2>&1)
is "verify fails on a tampered bundle" "$?" 1
like "it names the file" "$out" 'DIFFERS results\.jsonl'
like "summary says it differs" "$out" '# 0 model runs reproduced, 1 differ'
# a histogram removed: the rerun has one the bundle lacks
cp "$run/results.jsonl" "$b/runs/$name/results.jsonl"
h=$(cd "$b/runs/$name" && find hist -type f | head -1)
rm "$b/runs/$name/$h"
out=$("$SMMUBENCH" bundle --verify "$b" 2>&1)
is "verify fails on a bundle missing a histogram" "$?" 1
like "it names the histogram" "$out" "DIFFERS $h: only in the rerun"

# refusals: a hw-only bundle verifies nothing; incomplete runs; -o inside a run
fx_runs "$tmp/fx"
jq '.conf_text = "[target]\ntype = hw\n"' "$tmp/fx/hw-native/meta.json" >"$tmp/m" && mv "$tmp/m" "$tmp/fx/hw-native/meta.json"
out=$("$SMMUBENCH" bundle -o "$tmp/hw.tar.gz" "$tmp/fx/hw-native" 2>&1)
is "a hw run bundles" "$?" 0
like "no source for an unknown revision: a warning" "$out" 'warning: no source for revision fixture'
out=$("$SMMUBENCH" bundle --verify "$tmp/hw.tar.gz" 2>&1)
is "a bundle without model runs does not pass" "$?" 1
like "it says the hw run is not rerun" "$out" 'target hw: not rerun here'
jq '.status = "incomplete"' "$tmp/fx/hw-native/meta.json" >"$tmp/m" && mv "$tmp/m" "$tmp/fx/hw-native/meta.json"
out=$("$SMMUBENCH" bundle -o "$tmp/i.tar.gz" "$tmp/fx/hw-native" 2>&1)
is "an incomplete run is refused" "$?" 2
check "and no bundle written" test ! -e "$tmp/i.tar.gz"
out=$("$SMMUBENCH" bundle -o "$run/b.tar.gz" "$run" 2>&1)
is "-o inside a run refused" "$?" 2
out=$("$SMMUBENCH" bundle --help)
like "bundle --help" "$out" '^usage: smmubench bundle'
done_testing
