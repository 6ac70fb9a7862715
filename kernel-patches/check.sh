#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks the kernel patch series of this folder. Called by `make check` in
# kernel-patches/ (see its Makefile for the variables).
#
# Always (what CI can check without a kernel tree):
#   - every series lists existing patches in git format-patch style with a
#     Signed-off-by, and `git apply --stat` parses each of them;
#   - every trace_smmu_*() call a patch adds names an event of the event
#     table (`smmubench events --json`) and passes one argument per field;
#   - the header added by hyp-events is byte for byte the generated hook
#     header (`smmubench events --hook-header`);
#   - nvhe/smmu_hist.h (android16-6.12/0007) is byte for byte
#     hyp-instrumentation/hypev_hist.h;
#   - the hook header compiles for aarch64 against stand-in HYP_EVENT()
#     definitions that mimic arch/arm64/kvm/hyp/include/nvhe/trace.h, its
#     struct layout matches the table's offsets and sizes, its printk
#     formats match the field types, and every call found in the patches
#     compiles against it.
# With BASEDIR=dir: dir holds the base files listed in each series' BASE
#   (same relative paths); their sha256 must match BASE and each series must
#   `git apply --check` onto a copy of them.
# With KSRC=dir (a kernel tree): `git apply --check` of the series whose
#   files exist in KSRC; with COMPILE=1, also apply them in a scratch copy of
#   the touched files' tree (`git worktree`) and build the touched objects.
#
# Output: one line per check, "ok - ..." / "FAIL - ..." / "skip - ...";
# exit status 1 when any check failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
PATCHDIR=${PATCHDIR:-$here}
SMMUBENCH=${SMMUBENCH:-}
AARCH64_CC=${AARCH64_CC:-aarch64-linux-gnu-gcc}
BASEDIR=${BASEDIR:-}
KSRC=${KSRC:-}
COMPILE=${COMPILE:-0}
SERIES_LIST=${SERIES:-remotes-raw hyp-events paravirt nested knobs android16-6.12}

failed=0
ok() { echo "ok - $*"; }
fail() { echo "FAIL - $*"; failed=1; }
skip() { echo "skip - $*"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# git apply filters paths by the current directory inside a work tree: run
# everything from the scratch directory, with absolute paths
abspath() { [ -z "$1" ] || (cd "$1" 2>/dev/null && pwd) || echo "$1"; }
PATCHDIR=$(abspath "$PATCHDIR")
BASEDIR=$(abspath "$BASEDIR")
KSRC=$(abspath "$KSRC")
case $SMMUBENCH in /*|'') ;; *) SMMUBENCH=$PWD/$SMMUBENCH ;; esac
cd "$tmp" || exit 2

# series_patches DIR: the patch files of a series, in order (blank lines
# and '#' comments in `series` are ignored, as quilt does)
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$1/series" | grep -v '^$'
}

# ---- 1. series layout and patch syntax ---------------------------------
check_series() {
	local s=$1 d=$PATCHDIR/$1 p n=0
	if [ ! -d "$d" ]; then
		skip "$s: no such series folder"
		return
	fi
	for f in series BASE README; do
		[ -s "$d/$f" ] || fail "$s/$f: missing or empty"
	done
	[ -s "$d/series" ] || return
	while read -r p; do
		n=$((n + 1))
		if [ ! -f "$d/$p" ]; then
			fail "$s/series: lists $p, which does not exist"
			continue
		fi
		if ! head -1 "$d/$p" | grep -qE '^From [0-9a-f]{40} '; then
			fail "$s/$p: line 1: not a git format-patch mail (no 'From <sha>' line)"
		fi
		grep -qE '^Subject: \[PATCH' "$d/$p" ||
			fail "$s/$p: no 'Subject: [PATCH ...]' header"
		grep -qE '^Signed-off-by: .+ <.+@.+>$' "$d/$p" ||
			fail "$s/$p: no Signed-off-by"
		if git apply --stat "$d/$p" >"$tmp/stat" 2>"$tmp/err"; then
			ok "$s/$p: parses ($(tail -1 "$tmp/stat" | sed 's/^ *//'))"
		else
			fail "$s/$p: git apply --stat: $(head -1 "$tmp/err")"
		fi
	done < <(series_patches "$d")
	[ "$n" -gt 0 ] || fail "$s/series: lists no patch"
}

# ---- 2. events fired by the patches -------------------------------------
# calls FILE...: "file:line event nargs" for each trace_smmu_*() call on an
# added line (a call may continue over several added lines)
calls() {
	awk '
	FNR == 1 { n = split(FILENAME, part, "/"); name = part[n - 1] "/" part[n] }
	/^\+\+\+ / { next }
	/^\+/ {
		line = substr($0, 2)
		if (buf == "" && match(line, /trace_smmu_[a-z0-9_]+\(/)) {
			start = FNR
			buf = substr(line, RSTART)
		} else if (buf != "") {
			buf = buf " " line
		} else {
			next
		}
		depth = 0; args = 0; empty = 1; done = 0
		for (i = 1; i <= length(buf); i++) {
			c = substr(buf, i, 1)
			if (c == "(") { depth++; if (depth == 1) continue }
			if (c == ")") { depth--; if (depth == 0) { done = 1; break } }
			if (depth == 1 && c == ",") args++
			if (depth >= 1 && c !~ /[ \t]/) empty = 0
		}
		if (done) {
			ev = buf; sub(/^trace_/, "", ev); sub(/\(.*/, "", ev)
			print name ":" start " " ev " " (empty ? 0 : args + 1)
			buf = ""
		}
		next
	}
	{ buf = "" }
	' "$@"
}

check_events() {
	local json=$1 all=() s p f ev n want
	for s in $SERIES_LIST; do
		[ -s "$PATCHDIR/$s/series" ] || continue
		while read -r p; do
			[ -f "$PATCHDIR/$s/$p" ] && all+=("$PATCHDIR/$s/$p")
		done < <(series_patches "$PATCHDIR/$s")
	done
	[ ${#all[@]} -gt 0 ] || { skip "events: no patches"; return; }
	calls "${all[@]}" >"$tmp/calls"
	while read -r f ev n; do
		want=$(jq -r --arg e "$ev" \
			'[.[] | select(.name == $e)] | if length == 1 then (.[0].fields | length) else "none" end' \
			"$json")
		if [ "$want" = none ]; then
			fail "$f: trace_$ev(): no event '$ev' in the event table (smmubench events)"
		elif [ "$want" != "$n" ]; then
			fail "$f: trace_$ev(): $n arguments, the table has $want fields"
		else
			ok "$f: trace_$ev(): $n arguments = $want fields"
		fi
	done <"$tmp/calls"
	cp "$tmp/calls" "$tmp/calls.keep"
}

# ---- 3. the headers the series add are the generated one ---------------
# Every series whose patches add arch/arm64/include/asm/kvm_smmu_hypevents.h
# (hyp-events for mainline, android16-6.12 for Android's HYP_EVENT(), which
# uses the same HE_*() macros) must add the generated hook header verbatim.
check_hyp_events() {
	local s d p found=0
	"$SMMUBENCH" events --hook-header >"$tmp/generated.h"
	for s in $SERIES_LIST; do
		d=$PATCHDIR/$s
		[ -s "$d/series" ] || continue
		for p in $(series_patches "$d"); do
			[ -f "$d/$p" ] && grep -q '^+++ b/arch/arm64/include/asm/kvm_smmu_hypevents.h$' "$d/$p" || continue
			found=1
			# the new file's lines, '+' stripped, from its own diff section
			awk '
			/^diff --git / { on = ($0 ~ /kvm_smmu_hypevents\.h$/); next }
			on && /^@@ / { body = 1; next }
			on && body && /^\+/ { print substr($0, 2) }
			on && body && /^-- $/ { exit }
			' "$d/$p" >"$tmp/from_patch.h"
			if cmp -s "$tmp/from_patch.h" "$tmp/generated.h"; then
				ok "$s/$p: kvm_smmu_hypevents.h is the generated hook header"
			else
				fail "$s/$p: kvm_smmu_hypevents.h differs from 'smmubench events --hook-header' (regenerate the patch)"
				diff "$tmp/generated.h" "$tmp/from_patch.h" | head -10 | sed 's/^/#   /'
			fi
		done
	done
	[ $found = 1 ] || skip "hook header: no series of '$SERIES_LIST' adds kvm_smmu_hypevents.h"
}

# ---- 3b. the EL2 histogram header is hyp-instrumentation's ---------------
# Aggregated mode (android16-6.12/0007): the patch adds
# arch/arm64/kvm/hyp/include/nvhe/smmu_hist.h, which must be
# hyp-instrumentation/hypev_hist.h verbatim (the collector bins with it).
HIST_H=${HIST_H:-$here/../hyp-instrumentation/hypev_hist.h}
check_hist_header() {
	local s d p found=0 path=arch/arm64/kvm/hyp/include/nvhe/smmu_hist.h
	for s in $SERIES_LIST; do
		d=$PATCHDIR/$s
		[ -s "$d/series" ] || continue
		for p in $(series_patches "$d"); do
			[ -f "$d/$p" ] && grep -q "^+++ b/$path\$" "$d/$p" || continue
			found=1
			awk -v path="$path" '
			/^diff --git / { on = ($0 == "diff --git a/" path " b/" path); body = 0; next }
			on && /^@@ / { body = 1; next }
			on && body && /^\+/ { print substr($0, 2) }
			on && body && /^-- $/ { exit }
			' "$d/$p" >"$tmp/hist_from_patch.h"
			if cmp -s "$tmp/hist_from_patch.h" "$HIST_H"; then
				ok "$s/$p: nvhe/smmu_hist.h is hyp-instrumentation/hypev_hist.h"
			else
				fail "$s/$p: nvhe/smmu_hist.h differs from hyp-instrumentation/hypev_hist.h (copy it into the patch)"
				diff "$HIST_H" "$tmp/hist_from_patch.h" | head -10 | sed 's/^/#   /'
			fi
		done
	done
	[ $found = 1 ] || skip "histogram header: no series of '$SERIES_LIST' adds nvhe/smmu_hist.h"
}

# ---- 4. the hook header compiles for aarch64 ----------------------------
write_standins() {
	mkdir -p "$tmp/inc/nvhe"
	# Stand-ins for arch/arm64/kvm/hyp/include/nvhe/trace.h and clock.h:
	# the event struct is a plain C struct after a 2-byte id, as
	# REMOTE_EVENT_FORMAT() declares it.
	cat >"$tmp/inc/nvhe/trace.h" <<'EOF'
#ifndef STANDIN_NVHE_TRACE_H
#define STANDIN_NVHE_TRACE_H
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed int s32;
#define __always_inline inline __attribute__((__always_inline__))
struct remote_event_hdr {
	unsigned short id;
};
void *tracing_reserve_entry(unsigned long length);
void tracing_commit_entry(void);
#define HE_PROTO(args...)	args
#define HE_STRUCT(args...)	args
#define HE_ASSIGN(args...)	args
#define HE_PRINTK(args...)	args
#define he_field(type, name)	type name;
#define HYP_EVENT(name, proto, fields, assign, printk)			\
	struct remote_event_format_##name {					\
		struct remote_event_hdr hdr;					\
		fields								\
	};									\
	static __always_inline void trace_##name(proto)			\
	{									\
		struct remote_event_format_##name *__entry;			\
		__entry = tracing_reserve_entry(sizeof(*__entry));		\
		if (!__entry)							\
			return;							\
		assign								\
		tracing_commit_entry();						\
	}
#endif
EOF
	cat >"$tmp/inc/nvhe/clock.h" <<'EOF'
#ifndef STANDIN_NVHE_CLOCK_H
#define STANDIN_NVHE_CLOCK_H
u64 trace_clock(void);
#endif
EOF
}

check_hook_header() {
	local json=$1 hdr=$tmp/generated.h c=$tmp/hook_check.c
	if ! command -v "$AARCH64_CC" >/dev/null; then
		skip "hook header: $AARCH64_CC not found (make deps installs gcc-aarch64-linux-gnu)"
		return
	fi
	[ -s "$hdr" ] || "$SMMUBENCH" events --hook-header >"$hdr"
	write_standins
	{
		echo '#define __KVM_NVHE_HYPERVISOR__ 1'
		echo "#include \"$hdr\""
		echo '/* second read, as the remote-event machinery does */'
		echo '#define HYP_EVENT_MULTI_READ'
		echo '#undef HYP_EVENT'
		echo '__attribute__((format(printf, 1, 2))) void printk_check(const char *fmt, ...);'
		echo '#define HYP_EVENT(name, proto, fields, assign, printk) \'
		echo '	void print_##name(struct remote_event_format_##name *__entry); \'
		echo '	void print_##name(struct remote_event_format_##name *__entry) { printk_check(printk); }'
		echo "#include \"$hdr\""
		# layout: the table's offsets and sizes, independent of the compiler
		jq -r '.[] | select(.name | startswith("smmu_")) | .name as $e | .fields[] |
			"_Static_assert(__builtin_offsetof(struct remote_event_format_\($e), \(.name)) == \(.offset), \"\($e).\(.name): offset is not \(.offset)\");\n" +
			"_Static_assert(sizeof(((struct remote_event_format_\($e) *)0)->\(.name)) == \(.size), \"\($e).\(.name): size is not \(.size)\");"' "$json"
		# every call found in the patches, with as many zero arguments
		local i=0 f ev n args
		while read -r f ev n; do
			i=$((i + 1))
			args=$(printf '0, %.0s' $(seq "$n")); args=${args%, }
			echo "void call_$i(void); /* $f */"
			echo "void call_$i(void) { trace_$ev($args); }"
		done < <(cat "$tmp/calls.keep" 2>/dev/null)
		echo 'u64 dur_check(void);'
		echo 'u64 dur_check(void) { return smmu_trace_dur_ns(smmu_trace_start()); }'
	} >"$c"
	if "$AARCH64_CC" -std=gnu11 -fsyntax-only -ffreestanding -Wall -Wextra -Werror \
			-Wformat=2 -I"$tmp/inc" "$c" 2>"$tmp/cc.err"; then
		ok "hook header: compiles for aarch64; layout, printk formats and $(grep -c '^void call_.*{' "$c") patch calls checked"
	else
		fail "hook header: $AARCH64_CC -fsyntax-only failed:"
		sed 's/^/#   /' "$tmp/cc.err" | head -20
	fi
}

# ---- 5. BASEDIR: sha256 of the recorded base files + git apply --check ---
# base_files SERIES: "path sha256" per file line of BASE
base_files() {
	awk -F'\t' '$1 == "file" {
		sha = ""
		for (i = 3; i <= NF; i++) if ($i ~ /^sha256=/) sha = substr($i, 8)
		print $2, sha
	}' "$PATCHDIR/$1/BASE"
}

# chain SERIES: the series BASE says must go first ("requires" lines), then
# SERIES itself
chain() {
	awk -F'\t' '$1 == "requires" { print $2 }' "$PATCHDIR/$1/BASE" 2>/dev/null
	echo "$1"
}

# apply_check SERIES TREE WHAT: git apply --check, then apply, each patch of
# the chain of SERIES in order, in TREE
apply_check() {
	local s=$1 tree=$2 c p
	if (cd "$tree" && for c in $(chain "$s"); do
			while read -r p; do
				git apply --check "$PATCHDIR/$c/$p" || exit 1
				git apply "$PATCHDIR/$c/$p" || exit 1
			done < <(series_patches "$PATCHDIR/$c")
		done) 2>"$tmp/apply.err"; then
		ok "$s: applies to $3"
	else
		fail "$s: does not apply to $3: $(head -1 "$tmp/apply.err")"
	fi
}

check_basedir() {
	local s=$1 path sha got bad=0 w
	[ -s "$PATCHDIR/$s/BASE" ] || return
	w=$tmp/base-$s
	mkdir -p "$w"
	while read -r path sha; do
		if [ ! -f "$BASEDIR/$path" ]; then
			fail "$s/BASE: $BASEDIR/$path: missing"; bad=1; continue
		fi
		got=$(sha256sum "$BASEDIR/$path" | cut -d' ' -f1)
		if [ "$got" != "$sha" ]; then
			fail "$s/BASE: $path: sha256 $got, BASE records $sha"; bad=1; continue
		fi
		mkdir -p "$w/$(dirname "$path")"
		cp "$BASEDIR/$path" "$w/$path"
	done < <(for c in $(chain "$s"); do base_files "$c"; done | sort -u)
	[ "$bad" = 0 ] || return
	apply_check "$s" "$w" "the base files recorded in $s/BASE"
}

# ---- 6. KSRC: a real tree ------------------------------------------------
# touched SERIES / created SERIES: files the series (and the series it
# requires) modify / create
touched() {
	local c p
	for c in $(chain "$1"); do
		while read -r p; do
			git apply --numstat "$PATCHDIR/$c/$p" | cut -f3
		done < <(series_patches "$PATCHDIR/$c")
	done | sort -u
}
created() {
	local c p
	for c in $(chain "$1"); do
		while read -r p; do
			git apply --summary "$PATCHDIR/$c/$p" | awk '$1 == "create" { print $4 }'
		done < <(series_patches "$PATCHDIR/$c")
	done | sort -u
}

check_ksrc() {
	local s=$1 f w objs=() o
	while read -r f; do
		created "$s" | grep -qxF "$f" && continue
		if [ ! -f "$KSRC/$f" ]; then
			skip "$s: KSRC has no $f (not this series' base tree)"
			return
		fi
	done < <(touched "$s")
	if [ "$COMPILE" != 1 ]; then
		# apply to a copy of the touched files: KSRC is never modified
		w=$tmp/ksrc-$s
		while read -r f; do
			[ -f "$KSRC/$f" ] || continue
			mkdir -p "$w/$(dirname "$f")"
			cp "$KSRC/$f" "$w/$f"
		done < <(touched "$s")
		mkdir -p "$w"
		apply_check "$s" "$w" "KSRC=$KSRC"
		return
	fi
	w=$tmp/wt-$s
	if ! git -C "$KSRC" worktree add -q --detach "$w" HEAD 2>"$tmp/wt.err"; then
		fail "$s: COMPILE=1 needs KSRC to be a git tree: $(head -1 "$tmp/wt.err")"
		return
	fi
	apply_check "$s" "$w" "a worktree of KSRC=$KSRC"
	if [ ! -f "$KSRC/.config" ]; then
		fail "$s: COMPILE=1: $KSRC/.config missing (configure the tree first)"
	else
		cp "$KSRC/.config" "$w/.config"
		while read -r f; do
			case $f in
			arch/arm64/kvm/hyp/nvhe/*.c) objs+=("${f%.c}.nvhe.o") ;;
			*.c) objs+=("${f%.c}.o") ;;
			esac
		done < <(touched "$s")
		if [ ${#objs[@]} -eq 0 ]; then
			skip "$s: touches no .c file to compile"
		elif make -C "$w" ARCH=arm64 CROSS_COMPILE="${CROSS_COMPILE:-aarch64-linux-gnu-}" \
				olddefconfig "${objs[@]}" >"$tmp/make.log" 2>&1; then
			ok "$s: compiles: ${objs[*]}"
		else
			fail "$s: kernel build of ${objs[*]} failed:"
			grep -E 'error|Error' "$tmp/make.log" | head -20 | sed 's/^/#   /'
		fi
	fi
	git -C "$KSRC" worktree remove --force "$w"
}

# ---- main ---------------------------------------------------------------
if [ -z "$SMMUBENCH" ] || [ ! -x "$SMMUBENCH" ]; then
	echo "check.sh: SMMUBENCH='$SMMUBENCH' is not an executable: build smmubench first (make), or pass SMMUBENCH=path" >&2
	exit 2
fi
for t in git jq sha256sum; do
	command -v "$t" >/dev/null || { echo "check.sh: $t not found: run 'make deps'" >&2; exit 2; }
done

"$SMMUBENCH" events --json >"$tmp/events.json" ||
	{ echo "check.sh: '$SMMUBENCH events --json' failed" >&2; exit 2; }

for s in $SERIES_LIST; do
	check_series "$s"
done
check_events "$tmp/events.json"
check_hyp_events
check_hist_header
check_hook_header "$tmp/events.json"
if [ -n "$BASEDIR" ]; then
	for s in $SERIES_LIST; do check_basedir "$s"; done
else
	skip "apply to the recorded base files: set BASEDIR=dir holding them (see README.md)"
fi
if [ -n "$KSRC" ]; then
	for s in $SERIES_LIST; do [ -s "$PATCHDIR/$s/series" ] && check_ksrc "$s"; done
else
	skip "apply/compile in a kernel tree: set KSRC=dir"
fi
exit $failed
