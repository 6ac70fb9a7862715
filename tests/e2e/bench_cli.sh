#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The run/sweep command line: --help, usage errors, bench.conf errors with
# file, line and key, the dry run.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

like "run --help" "$("$SMMUBENCH" run --help)" '^usage: smmubench run \[options\] \[bench.conf\]'
like "sweep --help" "$("$SMMUBENCH" sweep --help)" '^usage: smmubench sweep \[options\] NAME \[bench.conf\]'
like "help run" "$("$SMMUBENCH" help run)" '^usage: smmubench run'

"$SMMUBENCH" run --repeat 0 x.conf 2>"$tmp/err"
is "--repeat 0 is a usage error" "$?" 2
like "and says the range" "$(cat "$tmp/err")" '^smmubench run: --repeat 0: expected a number in \[1, 1000\]$'
"$SMMUBENCH" sweep 2>"$tmp/err"
is "sweep without a name" "$?" 2
"$SMMUBENCH" run "$tmp/none.conf" 2>"$tmp/err"
is "a missing bench.conf" "$?" 2
is "names the file" "$(cat "$tmp/err")" "$tmp/none.conf: No such file or directory"

printf '[global]\nrepeat = 3\n[workload a]\ntype = dmabench\nthreds = 4\ngranule = 4096\n' >"$tmp/bad.conf"
"$SMMUBENCH" run "$tmp/bad.conf" 2>"$tmp/err"
is "a bad bench.conf exits 2" "$?" 2
is "every error, with file, line and key" "$(cat "$tmp/err")" \
"$tmp/bad.conf:5: [workload a] threds: unknown key; 'smmubench run --keys' lists the keys
$tmp/bad.conf:6: [workload a] granule: 4096 is out of range [1, 1024] pages"
check "nothing was created for a bad conf" test ! -e "$tmp/results"

# refused FILE WANT NAME: `run FILE` exits 2 with exactly WANT on stderr, before
# any run directory exists (these used to fail mid-run with a "failed" run)
refused() {
	rm -rf "$tmp/results"
	"$SMMUBENCH" run -q -o "$tmp/results" "$1" >/dev/null 2>"$tmp/err"
	is "$3: exits 2" "$?" 2
	is "$3: says file, line and key" "$(cat "$tmp/err")" "$2"
	check "$3: no run directory" test ! -e "$tmp/results"
}

printf '[workload a]\ntype = dmabench\nthreads =\nduration_ms = 1\n' >"$tmp/c.conf"
refused "$tmp/c.conf" "$tmp/c.conf:3: [workload a] threads: empty list; give one or more integers, or drop the key for the default (1)" \
	"an empty list"
printf '[model]\nprofile = qemu-virt\n[workload a]\ntype = dmabench\nthreads = 1, 4\nduration_ms = 1\n' >"$tmp/c.conf"
refused "$tmp/c.conf" "$tmp/c.conf:5: [workload a] threads: 4 is more than the 2 simulated CPUs (profile qemu-virt); the model runs one thread per CPU" \
	"threads above the profile's CPUs"
printf '[workload f]\ntype = fio\niodepth = 512\nbs = 6000\nduration_ms = 1\n' >"$tmp/c.conf"
refused "$tmp/c.conf" "$tmp/c.conf:3: [workload f] iodepth: 512 is more than 256, the deepest queue the model keeps per job
$tmp/c.conf:4: [workload f] bs: 6000 is not a multiple of 4096 bytes; the model maps whole 4 KiB pages" \
	"the model's iodepth and bs limits"
printf '[global]\nlabel = nightly/6.12\n[workload a]\ntype = dmabench\nduration_ms = 1\n' >"$tmp/c.conf"
refused "$tmp/c.conf" "$tmp/c.conf:2: [global] label: 'nightly/6.12': '/' cannot be in a name; use letters, digits, '.', '_' or '-'" \
	"a label that cannot be a directory name"
printf '[workload a]\ntype = dmabench\nduration_ms = 1\n' >"$tmp/c.conf"
"$SMMUBENCH" run -q -o "$tmp/results" -l "a'b" "$tmp/c.conf" 2>"$tmp/err"
is "--label with a quote exits 2" "$?" 2
is "and names the character" "$(cat "$tmp/err")" "smmubench run: --label: 'a'b': ''' cannot be in a name; use letters, digits, '.', '_' or '-'"
check "--label: no run directory" test ! -e "$tmp/results"
printf '[model]\ndesigns = paravirt\nlazy = on\n[workload a]\ntype = dmabench\nduration_ms = 1\n' >"$tmp/c.conf"
refused "$tmp/c.conf" "$tmp/c.conf:3: [model] lazy: read only by the native design, and no cell runs it: the value would be ignored" \
	"a knob no design of the run reads"
printf '[workload w]\ntype = dmabench\nduration_ms = 1\n[workload w]\ntype = fio\n' >"$tmp/c.conf"
refused "$tmp/c.conf" "$tmp/c.conf:4: [workload w]: defined again (first on line 1, type dmabench; here type fio): give each workload its own name" \
	"a second [workload w] of another type"
mkdir "$tmp/confdir"
"$SMMUBENCH" run -q -o "$tmp/results" "$tmp/confdir" 2>"$tmp/err"
is "a directory as bench.conf exits 2" "$?" 2
is "and says it is a directory" "$(cat "$tmp/err")" "$tmp/confdir: Is a directory; give a bench.conf file"

# smmubench model: a knob the chosen design does not read is refused
for d in paravirt nested; do
	out=$("$SMMUBENCH" model --design $d --lazy --duration-ms 1 2>"$tmp/err")
	is "model --design $d --lazy exits 2" "$?" 2
	is "model --design $d --lazy: says lazy is native-only" "$(cat "$tmp/err")" \
		"smmubench model: --lazy: lazy invalidation (the flush queue) is read only by the native design; this $d dmabench run would ignore it"
done
"$SMMUBENCH" model --design native --fq-size 64 --duration-ms 1 >/dev/null 2>"$tmp/err"
is "model --fq-size without --lazy exits 2" "$?" 2
is "and says why" "$(cat "$tmp/err")" \
	"smmubench model: --fq-size: the flush-queue size is read only by the native design with lazy on; this native dmabench run would ignore it"
"$SMMUBENCH" model --design native --lazy --fq-size 64 --duration-ms 1 >/dev/null 2>"$tmp/err"
is "model --design native --lazy --fq-size runs" "$?" 0

printf '[model]\ndesigns = nested\n[workload a]\ntype = dmabench\nthreads = 1,2,4\n[sweep s]\nknob = ril\nvalues = off, on\n' >"$tmp/ok.conf"
out=$("$SMMUBENCH" run -n "$tmp/ok.conf")
# 3 thread counts, plus 2 sweep points x those 3 cells = 9; granule (a list
# key) shows its default in the params
is "dry run" "$out" "# 9 cells x (1 warm-up + 5 runs) on target model
nested.a.threads=1                               threads=1 granule=1
nested.a.threads=2                               threads=2 granule=1
nested.a.threads=4                               threads=4 granule=1
nested.a.threads=1.s=off                         threads=1 granule=1 ril=off
nested.a.threads=2.s=off                         threads=2 granule=1 ril=off
nested.a.threads=4.s=off                         threads=4 granule=1 ril=off
nested.a.threads=1.s=on                          threads=1 granule=1 ril=on
nested.a.threads=2.s=on                          threads=2 granule=1 ril=on
nested.a.threads=4.s=on                          threads=4 granule=1 ril=on"
done_testing
