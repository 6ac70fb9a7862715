#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make layers` passes on the tree, and fails, naming the place, on each
# kind of upward dependency planted in a copy: an include found through
# the include path, a relative include, and a call into a higher layer's
# archive. The expectation is the layering the README draws.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)
O=${O:-build}
case $O in /*) ;; *) O=$root/$O ;; esac

for t in nm ar cc make; do
	command -v $t >/dev/null || { skip "$t not installed (make deps)"; done_testing; }
done
if [ ! -f "$O/lib/libtrace.a" ]; then
	skip "no libraries in $O/lib (make first)"
	done_testing
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/lib"
(cd "$root" && tar cf - common hyp-instrumentation trace reports bench) | tar xf - -C "$tmp/src"
cp "$O"/lib/*.a "$tmp/lib/"

# layers SRC LIB: make layers on another tree; prints its output, then its status
layers() {
	make -s -C "$root" O="$O" layers LAYERS_SRC="$1" LAYERS_LIB="$2" 2>&1
	echo "status=$?"
}

out=$(layers "$tmp/src" "$tmp/lib")
like "the tree as it is passes" "$out" '^status=0$'
like "... and says so for all 6 layers" "$out" '^layers: 6 layers, no include or symbol runs up$'

# an include the old flat path allowed: trace/ reaching into reports/
cp -a "$tmp/src/trace/hist.c" "$tmp/hist.c.orig"
sed -i '0,/#include "/s//#include "reports.h"\n#include "/' "$tmp/src/trace/hist.c"
line=$(grep -n '#include "reports.h"' "$tmp/src/trace/hist.c" | cut -d: -f1)
out=$(layers "$tmp/src" "$tmp/lib")
like "an upward include fails" "$out" 'status=[1-9]'
like "... naming file, line and header" "$out" "trace/hist.c:$line: includes \"reports.h\" of reports/"
cp -a "$tmp/hist.c.orig" "$tmp/src/trace/hist.c"

# a relative path gets past -I, not past the check
echo '#include "../../bench/run.h"' >>"$tmp/src/bench/model/mem.c"
out=$(layers "$tmp/src" "$tmp/lib")
like "a relative upward include fails" "$out" 'bench/model/mem.c:[0-9]+: includes "../../bench/run.h" of bench/'
sed -i '$d' "$tmp/src/bench/model/mem.c"

# a header of a sibling that is not below: the model does not see trace/
echo '#include "trace.h"' >>"$tmp/src/bench/model/mem.c"
out=$(layers "$tmp/src" "$tmp/lib")
like "a sideways include fails" "$out" 'bench/model/mem.c:[0-9]+: includes "trace.h" of trace/'
sed -i '$d' "$tmp/src/bench/model/mem.c"

# a symbol: an object in libtrace.a that calls a reports/ function
sym=$(nm -g --defined-only "$tmp/lib/libreports.a" | awk '$2 == "T" { print $3; exit }')
printf 'void %s(void);\nvoid planted_up(void);\nvoid planted_up(void) { %s(); }\n' "$sym" "$sym" \
	>"$tmp/planted.c"
cc -c -o "$tmp/planted.o" "$tmp/planted.c"
ar r "$tmp/lib/libtrace.a" "$tmp/planted.o" 2>/dev/null
out=$(layers "$tmp/src" "$tmp/lib")
like "an upward call fails" "$out" 'status=[1-9]'
like "... naming archive, member and symbol" "$out" "libtrace.a\\(planted.o\\): calls $sym of reports/"

done_testing
