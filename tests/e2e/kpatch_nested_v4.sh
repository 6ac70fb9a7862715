#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kernel-patches/nested-v4/assemble.sh: on a synthetic two-patch series made
# here (a demo C file, not kernel code) it applies the series to its recorded
# base, refuses a base file that is not the recorded one (by its git blob id)
# or a file the series creates, finds a missing mail, decodes a
# quoted-printable mail, and reports the first failing hunk with its file,
# line and reason. With NESTED_V4_MAILS (the 28 v4 mails, which this test
# never downloads) and NESTED_V4_BASE (a kernel tree) it assembles the real
# series; NESTED_V4_FORCE=1 then runs it with -k -f on a base that is not the
# recorded one and checks that every patch gets a line in the table.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/../.." && pwd)
asm=$root/kernel-patches/nested-v4/assemble.sh

for t in git python3; do
	command -v $t >/dev/null || { skip "$t not installed (make deps)"; done_testing; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gitc() { git -c user.name=t -c user.email=t@example.org "$@"; }

# --- a synthetic series: 01 edits lib/demo.c in two(), 02 creates lib/new.c
demo() { # demo FILE [c-value] [name of two()] [extra lines after line 1]
	{
		echo '/* demo */'
		[ -z "${4:-}" ] || printf '%s\n' "$4"
		printf 'int one(void)\n{\n\treturn 1;\n}\n\n'
		printf 'int %s(void)\n{\n\tint a = 1;\n\tint b = 2;\n\tint c = %s;\n' "${3:-two}" "${2:-3}"
		printf '\tint x = a + b + c;\n\treturn x;\n}\n'
	} >"$1"
}
mkdir -p "$tmp/repo/lib" "$tmp/mails"
demo "$tmp/repo/lib/demo.c"
(
	cd "$tmp/repo" && git init -q . && git add -A && gitc commit -qm base &&
	sed -i 's/^\treturn x;$/\treturn x + 0;/' lib/demo.c &&
	gitc commit -qam 'demo: Return x + 0' -m 'Signed-off-by: t <t@example.org>' &&
	printf 'int three(void)\n{\n\treturn 3;\n}\n' >lib/new.c && git add lib/new.c &&
	gitc commit -qm 'demo: Add three()' -m 'Signed-off-by: t <t@example.org>' &&
	git format-patch -q --subject-prefix='PATCH v4' -o "$tmp/mails" HEAD~2
) || fail "setting up the demo series"
blob=$(cd "$tmp/repo" && git rev-parse HEAD~2:lib/demo.c)
printf 'series\tprefix=PATCH v4\tcount=2\nfile\tlib/demo.c\tblob=%s\tpatch=01\nnew\tlib/new.c\tpatch=02\n' \
	"${blob:0:12}" >"$tmp/BASE"
export NESTED_V4_BASE_LIST=$tmp/BASE

mkbase() { rm -rf "$tmp/base"; mkdir -p "$tmp/base/lib"; demo "$tmp/base/lib/demo.c" "$@"; }
run() { # run OUTFILE ARGS...: prints the exit status
	local o=$1
	shift
	bash "$asm" "$@" >"$o" 2>&1
	echo $?
}

# the recorded base: both patches apply; the base is left as it was
mkbase
rc=$(run "$tmp/o1" -o "$tmp/out" "$tmp/base" "$tmp/mails")
is "the series applies to its recorded base" "$rc" 0
like "... and says so" "$(cat "$tmp/o1")" 'all 2 patches applied'
is "... the change is in the assembled tree" "$(sed -n 13p "$tmp/out/src/lib/demo.c")" "$(printf '\treturn x + 0;')"
is "... the new file too" "$(sed -n 1p "$tmp/out/src/lib/new.c" 2>/dev/null)" "int three(void)"
is "... and the base is untouched" "$(git hash-object "$tmp/base/lib/demo.c")" "$blob"
is "... its file has its own inode again" "$(stat -c %h "$tmp/base/lib/demo.c")" 1
is "... a table line per patch" "$(cut -f1,4 "$tmp/out/report.tsv" | tail -n +2 | tr '\t\n' ': ')" "01:applies 02:applies "

# a base file that is not the recorded one: named with both blob ids, exit 2
mkbase 4
wrong=$(git hash-object "$tmp/base/lib/demo.c")
rm -rf "$tmp/out"
rc=$(run "$tmp/o2" -o "$tmp/out" "$tmp/base" "$tmp/mails")
is "a wrong base file is refused" "$rc" 2
like "... naming the file and both blob ids" "$(cat "$tmp/o2")" \
	"^BASE: lib/demo.c: blob ${wrong:0:12}, BASE records ${blob:0:12}$"
check "... before anything is copied" test ! -e "$tmp/out/src"

# -f on it: the first failing hunk by file:line (line 10 is the hunk's first
# old line: 3 lines of context above line 13) and why
rc=$(run "$tmp/o3" -f -o "$tmp/out" "$tmp/base" "$tmp/mails")
is "with -f the context mismatch fails the patch" "$rc" 1
like "... at the hunk's file:line, its function still there" "$(cat "$tmp/o3")" \
	'FAIL 01/2 demo: Return x \+ 0: lib/demo.c:10: context differs in two\(\) \(present in the base\)'
mkbase 4 deux
rc=$(run "$tmp/o4" -f -o "$tmp/out" "$tmp/base" "$tmp/mails")
like "... or gone from the base" "$(cat "$tmp/o4")" 'lib/demo.c:10: two\(\) is not in the base'

# the recorded content two lines further down: applies with an offset
mkbase 3 two $'/* one */\n/* two */'
rc=$(run "$tmp/o5" -f -k -o "$tmp/out" "$tmp/base" "$tmp/mails")
is "shifted context applies" "$rc" 0
like "... with its offset" "$(cat "$tmp/o5")" '01  applies with offset +up to 2 lines'

# a file the series creates must not exist
mkbase
echo 'int three;' >"$tmp/base/lib/new.c"
rc=$(run "$tmp/o6" -o "$tmp/out" "$tmp/base" "$tmp/mails")
is "a file the series creates, present in the base, is refused" "$rc" 2
like "... saying so" "$(cat "$tmp/o6")" '^BASE: lib/new.c: exists in the base; the series creates it \(02\)$'

# a missing mail
mkbase
mkdir -p "$tmp/one"
cp "$tmp"/mails/0001-*.patch "$tmp/one/"
rc=$(run "$tmp/o7" -o "$tmp/out" "$tmp/base" "$tmp/one")
is "a missing mail is found" "$rc" 2
like "... by its number" "$(cat "$tmp/o7")" 'no mail for patch\(es\) 02 of 2'

# a quoted-printable mail (as the archive holds several of the v4 mails)
mkdir -p "$tmp/qp"
cp "$tmp"/mails/0002-*.patch "$tmp/qp/"
python3 - "$tmp"/mails/0001-*.patch "$tmp/qp/m1" <<'EOF'
import quopri, sys
import re
hdr, body = open(sys.argv[1]).read().split('\n\n', 1)
hdr = re.sub(r'(?m)^Content-Transfer-Encoding: .*\n?', '', hdr).rstrip('\n')
hdr += '\nContent-Transfer-Encoding: quoted-printable'
open(sys.argv[2], 'w').write(hdr + '\n\n' + quopri.encodestring(body.encode()).decode())
EOF
like "... the QP mail really encodes '='" "$(cat "$tmp/qp/m1")" 'int x =3D a'
rm -rf "$tmp/out"
rc=$(run "$tmp/o8" -o "$tmp/out" "$tmp/base" "$tmp/qp")
is "a quoted-printable mail is decoded and applies" "$rc" 0

# --- the real series, when its mails and a base are given -----------------
unset NESTED_V4_BASE_LIST
if [ -z "${NESTED_V4_MAILS:-}" ]; then
	skip "NESTED_V4_MAILS not set: give the directory of the 28 v4 mails (e.g. 'b4 am 20250819215156.2494305-1-smostafa@google.com') and NESTED_V4_BASE=<kernel tree>"
elif [ -z "${NESTED_V4_BASE:-}" ]; then
	skip "NESTED_V4_BASE not set: give the kernel tree to assemble on (kernel-patches/nested-v4/BASE lists its files)"
elif [ "${NESTED_V4_FORCE:-0}" = 1 ]; then
	rc=$(run "$tmp/r1" -k -f -o "$tmp/real" "$NESTED_V4_BASE" "$NESTED_V4_MAILS")
	is "-k -f: a table line for each of the 28 patches" "$(tail -n +2 "$tmp/real/report.tsv" | wc -l)" 28
	grep -v '^BASE:' "$tmp/r1" | sed 's/^/# /'
else
	rc=$(run "$tmp/r1" -o "$tmp/real" "$NESTED_V4_BASE" "$NESTED_V4_MAILS")
	is "the 28 v4 patches apply to $NESTED_V4_BASE" "$rc" 0
	[ "$rc" = 0 ] || sed 's/^/# /' "$tmp/r1" | head -40
fi
done_testing
