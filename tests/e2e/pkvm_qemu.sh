#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The real pKVM end-to-end test (tests/pkvm/check.sh, `make check-pkvm`) as
# part of `make check`. It needs an android16-6.12 kernel tree, which CI
# cannot fetch: it runs when KSRC=dir or KGIT=gitdir KCOMMIT=sha is given,
# or when an earlier `make kernel` left its tree under $(O)/kernel/; it
# skips, saying so and how to enable it, otherwise.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
export O

if [ -z "${KSRC:-}" ] && [ -z "${KGIT:-}" ] && [ ! -f "$O/kernel/src/.smmubench-tree" ]; then
	skip "no android16-6.12 kernel tree: run 'make check KSRC=<tree>' or 'make check KGIT=<git dir> KCOMMIT=<sha>' (kernel-patches/android16-6.12/BASE names one), or 'make kernel' once"
	done_testing
fi
need_root || { skip "check-pkvm needs root (deps, guest packages)"; done_testing; }
if ! make -C "$top" --no-print-directory O="$O" kernel > "$O/pkvm-kernel.log" 2>&1; then
	sed 's/^/# /' "$O/pkvm-kernel.log" | tail -20
	fail "make kernel"
	done_testing
fi
ok "make kernel: $(tail -1 "$O/pkvm-kernel.log")"
if ! make -C "$top" --no-print-directory O="$O" deps-arm64 > "$O/pkvm-deps.log" 2>&1; then
	skip "cannot install QEMU 10 and the arm64 packages: $(tail -1 "$O/pkvm-deps.log")"
	done_testing
fi
if ! make -C "$top" --no-print-directory -j"$(nproc)" O="$O" arm64 > "$O/pkvm-arm64.log" 2>&1; then
	sed 's/^/# /' "$O/pkvm-arm64.log" | tail -20
	fail "static aarch64 build (make arm64)"
	done_testing
fi
SMMUBENCH=$SMMUBENCH O=$O bash "$top/tests/pkvm/check.sh" > "$O/pkvm-check.log" 2>&1
rc=$?
grep -v '^ok - \|^not ok - ' "$O/pkvm-check.log" | sed 's/^/# /'
while IFS= read -r l; do
	case $l in
	"ok - "*) ok "${l#ok - }" ;;
	"not ok - "*) fail "${l#not ok - }" ;;
	"skip - "*) skip "${l#skip - }" ;;
	esac
done < "$O/pkvm-check.log"
[ $rc = 0 ] || [ $rc = 1 ] || [ $rc = 77 ] || fail "tests/pkvm/check.sh exited with $rc"
done_testing
