# SPDX-License-Identifier: GPL-2.0
# smmubench: GNU make. `make help` lists the targets.

VERSION := 0.1.0

V ?= 0
SAN ?= 0
# sanitizer objects must not mix with plain ones
ifeq ($(SAN),1)
O ?= build-san
endif
O ?= build
STATIC ?= 0
WERROR ?= 1
prefix ?= /usr/local
DESTDIR ?=
bindir := $(prefix)/bin
# the model finds its profiles at ../share/smmubench/profiles from the binary
datadir := $(prefix)/share/smmubench

CROSS_COMPILE ?=
CC := $(CROSS_COMPILE)gcc
AR := $(CROSS_COMPILE)ar
# Cross builds read the target's .pc files (Debian multiarch dir) unless PKG_CONFIG is given.
ifneq ($(CROSS_COMPILE),)
PKG_CONFIG ?= env PKG_CONFIG_LIBDIR=/usr/lib/$(CROSS_COMPILE:%-=%)/pkgconfig:/usr/share/pkgconfig pkg-config
endif
PKG_CONFIG ?= pkg-config
AARCH64_CC ?= aarch64-linux-gnu-gcc
AARCH64_NM ?= aarch64-linux-gnu-nm

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Libraries, with the oldest version known to work (Debian 12's).
PKGS := libtracefs:1.6 libtraceevent:1.7 sqlite3:3.34 inih:53 json-c:0.15 yaml-0.1:0.2 cmocka:1.1

# Debian packages `make deps` installs when they are missing.
DEPS_PKGS := build-essential pkg-config libtracefs-dev libtraceevent-dev libyaml-dev \
	libsqlite3-dev sqlite3 libinih-dev libjson-c-dev libcmocka-dev fio \
	gnuplot-nox gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu util-linux \
	jq linux-perf chromium clang libclang-rt-14-dev \
	texlive-latex-recommended texlive-fonts-recommended lmodern poppler-utils

PKG_NAMES := $(filter-out cmocka,$(foreach p,$(PKGS),$(firstword $(subst :, ,$(p)))))
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKG_NAMES) 2>/dev/null)
ifeq ($(STATIC),1)
PKG_LIBS = $(shell $(PKG_CONFIG) --static --libs $(PKG_NAMES) 2>/dev/null)
else
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKG_NAMES) 2>/dev/null)
endif

CFLAGS ?= -O2 -g
BASE_CFLAGS := -std=gnu11 -Wall -Wextra -Wshadow -Wno-unused-parameter \
	-Wmissing-prototypes -Wstrict-prototypes -D_GNU_SOURCE \
	-DSMMUBENCH_VERSION='"$(VERSION)"' -I$(O)/gen
ifeq ($(WERROR),1)
BASE_CFLAGS += -Werror
endif
LDLIBS := -lpthread -lm
LDFLAGS ?=
ifeq ($(SAN),1)
BASE_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(STATIC),1)
LDFLAGS += -static
endif
# libFuzzer harnesses (tests/fuzz, `make fuzz`): the libraries rebuilt by
# clang with coverage hooks and ASan+UBSan into their own O dir.
FUZZ ?= 0
FUZZ_CC ?= clang
FUZZ_O ?= $(O)-fuzz
FUZZ_CFLAGS ?= -O1 -g
ifeq ($(FUZZ),1)
# UBSan stays recoverable so a known report can be suppressed: the
# harnesses halt on the others (tests/fuzz/fuzz_harness.h)
BASE_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

# The layers, bottom first. A folder sees its own headers and those of the
# folders below it, no others, and links only against them: an include or a
# symbol that runs up the layers fails the build, and `make layers` says
# where (tests/layers/check.sh). The README draws the same arrows.
LAYERS := common hyp-instrumentation trace bench/model reports bench
SEES_common := common
SEES_hyp-instrumentation := common hyp-instrumentation
SEES_trace := $(SEES_hyp-instrumentation) trace
SEES_bench/model := $(SEES_hyp-instrumentation) bench/model
SEES_reports := $(SEES_trace) reports
SEES_bench := $(SEES_reports) bench/model bench
SEES_tests := $(SEES_bench)
# the layer a source file belongs to: its folder, bench/model before bench
layer_of = $(firstword $(foreach l,common hyp-instrumentation trace bench/model reports bench tests,\
	$(if $(filter $(l)/%,$(1)),$(l))))
layer_cflags = $(addprefix -I,$(SEES_$(call layer_of,$(1))))
ALL_CFLAGS = $(BASE_CFLAGS) $(call layer_cflags,$<) $(PKG_CFLAGS) $(CFLAGS)

# One library per folder; a new .c file joins its folder's library.
COMMON_SRCS := $(wildcard common/*.c)
HYPEV_SRCS := $(wildcard hyp-instrumentation/*.c)
TRACE_SRCS := $(wildcard trace/*.c)
REPORTS_SRCS := $(wildcard reports/*.c) $(wildcard reports/sections/*.c)
MODEL_SRCS := $(wildcard bench/model/*.c)
BENCH_SRCS := $(filter-out bench/main.c,$(wildcard bench/*.c))

obj = $(patsubst %.c,$(O)/obj/%.o,$(1))
LIB_COMMON := $(O)/lib/libcommon.a
LIB_HYPEV := $(O)/lib/libhypev.a
LIB_TRACE := $(O)/lib/libtrace.a
LIB_REPORTS := $(O)/lib/libreports.a
LIB_MODEL := $(O)/lib/libmodel.a
LIB_BENCH := $(O)/lib/libbench.a
# link order is the layering, top first, with no --start-group; the linker
# still resolves an upward call to a member already loaded, so `make layers`
# is what catches one
LIBS := $(LIB_BENCH) $(LIB_REPORTS) $(LIB_MODEL) $(LIB_TRACE) $(LIB_HYPEV) $(LIB_COMMON)

BIN := $(O)/smmubench
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))
SELF_SRCS := $(wildcard tests/bench/bench_*.c)
SELF_BINS := $(patsubst tests/bench/%.c,$(O)/tests/%,$(SELF_SRCS))
# helpers of the bench-self scripts (tests/bench/bench_*.sh), not benches themselves
SELF_TOOLS := $(patsubst tests/bench/%.c,$(O)/tests/%,$(wildcard tests/bench/self_*.c))
SELF_SCRIPTS := $(wildcard tests/bench/bench_*.sh)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(O)/fuzz/%,$(FUZZ_SRCS))
ALL_SRCS := $(COMMON_SRCS) $(HYPEV_SRCS) $(TRACE_SRCS) $(REPORTS_SRCS) $(MODEL_SRCS) $(BENCH_SRCS) bench/main.c

# FORCE: see GEN_GITREV
.PHONY: FORCE all deps check check-deps-ok unit e2e run bench-self install uninstall clean help \
	pkgcheck hook-header freestanding layers deps-arm64 arm64 check-arm64 deps-lava check-lava \
	deps-kernel kernel check-pkvm fuzz fuzz-probe fuzz-bins fuzz-run deps-viewer
.DEFAULT_GOAL := all

all: pkgcheck $(BIN)

help:
	@echo 'make              build $(O)/smmubench'
	@echo 'make deps         install missing Debian packages (root)'
	@echo 'make check        deps + build + every test; ends with "N passed, N failed, N skipped"'
	@echo 'make run          deps + build + smmubench run bench.conf'
	@echo 'make bench-self   print the performance figures of smmubench itself'
	@echo 'make deps-viewer  npm packages of the timeline viewer test (speedscope, playwright-core) in $$(O)/viewer'
	@echo 'make check-arm64  static aarch64 build + the arm64 QEMU end-to-end test (root)'
	@echo 'make check-lava   lava-dispatcher + a LAVA QEMU job under lava-run, ingested (root)'
	@echo 'make kernel KSRC=dir | KGIT=gitdir KCOMMIT=sha   patch + build the pKVM kernel in $$(O)/kernel'
	@echo 'make check-pkvm   boot that kernel under QEMU 10: paravirt and native, traced end to end'
	@echo 'make fuzz         clang + libFuzzer harnesses of tests/fuzz in $$(O)-fuzz/fuzz (tests/fuzz/README.md)'
	@echo 'make install      install to $$(DESTDIR)$$(prefix)/bin'
	@echo 'make layers       check that no include or symbol runs up the layers (README)'
	@echo 'make hook-header  regenerate hyp-instrumentation/smmu_hypevents.h'
	@echo 'options: O=dir V=1 SAN=1 STATIC=1 WERROR=0 CROSS_COMPILE=aarch64-linux-gnu- prefix= DESTDIR='

# Installs only what is missing; says what it did.
deps:
	@missing=; for p in $(DEPS_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all $(words $(DEPS_PKGS)) Debian packages present"; exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "deps: missing$$missing and no apt-get: install them by hand" >&2; exit 1; fi; \
	if [ "$$(id -u)" != 0 ]; then echo "deps: missing$$missing; run as root: apt-get install$$missing" >&2; exit 1; fi; \
	echo "deps: installing$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	{ apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; } \
	  || { echo "deps: apt-get install$$missing failed" >&2; exit 1; }; \
	echo "deps: installed$$missing"

pkgcheck:
	@for p in $(PKGS); do \
		n=$${p%%:*}; v=$${p##*:}; \
		if ! $(PKG_CONFIG) --exists $$n; then \
			echo "smmubench: $$n not found by $(PKG_CONFIG): run 'make deps' (Debian) or install its -dev package" >&2; exit 1; fi; \
		if ! $(PKG_CONFIG) --atleast-version=$$v $$n; then \
			echo "smmubench: $$n $$($(PKG_CONFIG) --modversion $$n) is older than $$v" >&2; exit 1; fi; \
	done

# The source revision, in a header that changes only when HEAD (or the
# tree's dirtiness) does: what includes it is rebuilt then, and only then.
GEN_GITREV := $(O)/gen/gitrev.h
$(GEN_GITREV): FORCE
	@mkdir -p $(dir $@)
	@rev=$$(git rev-parse --short HEAD 2>/dev/null || echo unknown); \
	if [ "$$rev" != unknown ] && ! git diff --quiet HEAD -- 2>/dev/null; then rev=$$rev-dirty; fi; \
	printf '/* generated by make: the source revision */\n#define SMMUBENCH_GITREV "%s"\n' "$$rev" >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

$(O)/obj/%.o: %.c | $(GEN_GITREV)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $<')
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB_COMMON): $(call obj,$(COMMON_SRCS))
$(LIB_HYPEV): $(call obj,$(HYPEV_SRCS))
$(LIB_TRACE): $(call obj,$(TRACE_SRCS))
$(LIB_REPORTS): $(call obj,$(REPORTS_SRCS))
$(LIB_MODEL): $(call obj,$(MODEL_SRCS))
$(LIB_BENCH): $(call obj,$(BENCH_SRCS))
$(LIBS):
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  AR      $@')
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(call obj,bench/main.c) $(LIBS)
	$(if $(Q),@echo '  LD      $@')
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBS) $(PKG_LIBS) $(LDLIBS)

$(O)/tests/test_%: tests/unit/test_%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $<')
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< $(LIBS) \
		$(PKG_LIBS) $$($(PKG_CONFIG) --libs cmocka) $(LDLIBS)

$(O)/tests/bench_%: tests/bench/bench_%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $<')
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< $(LIBS) \
		$(PKG_LIBS) $(LDLIBS)

$(O)/tests/self_%: tests/bench/self_%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $<')
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< $(LIBS) \
		$(PKG_LIBS) $(LDLIBS)

# The EL2 writer must build for aarch64 with no libc and no FP registers,
# and must not call anything outside itself.
freestanding: $(O)/aarch64/hypev_rb.o $(O)/aarch64/hypev_hist.o
$(O)/aarch64/hypev_rb.o: hyp-instrumentation/hypev_rb.c hyp-instrumentation/hypev_rb.h hyp-instrumentation/hypev_types.h
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $< (aarch64, freestanding)')
	$(Q)$(AARCH64_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib \
		-mgeneral-regs-only -fno-stack-protector -c $< -o $@
	$(Q)if $(AARCH64_NM) -u $@ | grep -q .; then \
		echo "hypev_rb.c calls outside itself:" >&2; $(AARCH64_NM) -u $@ >&2; rm -f $@; exit 1; fi

# the aggregated mode's update, as EL2 builds it: no call out (no libgcc helper)
$(O)/aarch64/hypev_hist.o: hyp-instrumentation/hypev_hist.h hyp-instrumentation/hypev_types.h
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $< (aarch64, freestanding)')
	$(Q)printf '#include "hypev_hist.h"\nvoid el2_add(struct hypev_hist *h, u64 v);\nvoid el2_add(struct hypev_hist *h, u64 v) { hypev_hist_add(h, v); }\nint el2_next(const struct hypev_hist *h, int b);\nint el2_next(const struct hypev_hist *h, int b) { return hypev_hist_next(h, b); }\n' | \
		$(AARCH64_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib \
		-mgeneral-regs-only -fno-stack-protector -Ihyp-instrumentation -x c -c - -o $@
	$(Q)if $(AARCH64_NM) -u $@ | grep -q .; then \
		echo "hypev_hist.h calls outside itself:" >&2; $(AARCH64_NM) -u $@ >&2; rm -f $@; exit 1; fi

# tests/layers/check.sh LAYER:ARCHIVE:SEES for every layer (SEES_* above)
LAYER_LIBS := common:libcommon.a hyp-instrumentation:libhypev.a trace:libtrace.a \
	bench/model:libmodel.a reports:libreports.a bench:libbench.a
layer_spec = $(1):$(2):$(subst $(space),$(comma),$(SEES_$(1)))
empty :=
space := $(empty) $(empty)
comma := ,
# LAYERS_SRC/LAYERS_LIB check another tree (tests/e2e/layers.sh plants violations)
LAYERS_SRC ?= .
LAYERS_LIB ?= $(O)/lib
layers: $(LIBS)
	$(Q)bash tests/layers/check.sh $(LAYERS_SRC) $(LAYERS_LIB) $(foreach p,$(LAYER_LIBS),\
		$(call layer_spec,$(word 1,$(subst :, ,$(p))),$(word 2,$(subst :, ,$(p)))))

hook-header: $(BIN)
	$(BIN) events --hook-header > hyp-instrumentation/smmu_hypevents.h

check: deps
	$(Q)$(MAKE) --no-print-directory -j$$(nproc) all freestanding $(UNIT_BINS) $(SELF_BINS) $(SELF_TOOLS)
	$(Q)$(MAKE) --no-print-directory layers
	$(Q)O=$(O) SMMUBENCH=$(BIN) AARCH64_CC=$(AARCH64_CC) bash tests/run.sh $(UNIT_BINS)

# The timeline viewer test's npm packages (speedscope, playwright-core) in
# $(O)/viewer; tests/e2e/trace_viewer.sh installs them itself when it can.
deps-viewer:
	$(Q)bash tests/viewer/install.sh $(O)/viewer

# arm64 end to end under QEMU (tests/arm64, issue 8): a static aarch64 build
# in $(O)/arm64; Debian's arm64 kernel and busybox are cached in $(O)/arm64/cache.
ARM64_DEPS_PKGS := cpio xz-utils file gcc-aarch64-linux-gnu \
	libtracefs-dev:arm64 libtraceevent-dev:arm64 libsqlite3-dev:arm64 \
	libinih-dev:arm64 libjson-c-dev:arm64 libyaml-dev:arm64 zlib1g-dev:arm64 libcmocka-dev:arm64

deps-arm64:
	$(Q)bash tests/arm64/deps.sh $(ARM64_DEPS_PKGS)

arm64:
	$(Q)$(MAKE) --no-print-directory O=$(O)/arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1 SAN=0 \
		all $(O)/arm64/tests/rdread $(O)/arm64/tests/dmamap

# builds in parallel unless make already has -j (the 5-minute budget)
check-arm64: deps-arm64
	$(Q)$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc)) all arm64
	$(Q)O=$(O) SMMUBENCH=$(BIN) bash tests/arm64/check.sh

# LAVA (issue 16): lava-dispatcher for a local lava-run, and the QEMU job of
# lava/jobs/qemu-arm64.yaml booting the arm64 guest (tests/lava/check.sh)
deps-lava:
	$(Q)bash tests/lava/deps.sh

check-lava: deps-lava deps-arm64
	$(Q)$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc)) all arm64
	$(Q)bash tests/arm64/fetch.sh $(O)/arm64/cache >/dev/null
	$(Q)O=$(O) SMMUBENCH=$(BIN) bash tests/lava/check.sh

# the pKVM guest's dma_map_benchmark runner
$(O)/tests/dmamap: tests/pkvm/dmamap.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $<')
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# the arm64 guest's O_DIRECT workload
$(O)/tests/rdread: tests/arm64/rdread.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  CC      $<')
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# The real pKVM kernel (issue 11): kernel-patches/$(KSERIES) applied to a
# tree given as KSRC=dir or KGIT=gitdir KCOMMIT=sha, cross-built
# incrementally into $(O)/kernel (kernel-patches/kbuild.sh says how).
KSERIES ?= android16-6.12
KSRC ?=
KGIT ?=
KCOMMIT ?=
KERNEL_DEPS_PKGS := gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu flex bison bc \
	libssl-dev libelf-dev kmod patch cpio python3

deps-kernel:
	$(Q)$(MAKE) --no-print-directory deps DEPS_PKGS='$(KERNEL_DEPS_PKGS)'

kernel: deps-kernel
	$(Q)KSRC='$(KSRC)' KGIT='$(KGIT)' KCOMMIT='$(KCOMMIT)' SERIES='$(KSERIES)' \
		CROSS_COMPILE=aarch64-linux-gnu- bash kernel-patches/kbuild.sh $(O)/kernel

# Boots $(O)/kernel/Image under QEMU 10 twice (paravirt, native) and checks
# the guest's counts (tests/pkvm/check.sh).
check-pkvm: deps-arm64 kernel
	$(Q)$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc)) all arm64
	$(Q)O=$(O) SMMUBENCH=$(BIN) bash tests/pkvm/check.sh

# libFuzzer harnesses (issue 13): the libraries again, by $(FUZZ_CC) with
# -fsanitize=fuzzer-no-link,address,undefined in $(FUZZ_O), and one binary
# per tests/fuzz/fuzz_*.c in $(FUZZ_O)/fuzz. tests/e2e/fuzz.sh runs them.
fuzz-probe:
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' | \
		$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1 || \
		{ echo "fuzz: $(FUZZ_CC) cannot link -fsanitize=fuzzer: run 'make deps' (clang, libclang-rt-14-dev)" >&2; exit 1; }

fuzz: fuzz-probe
	$(Q)$(MAKE) --no-print-directory O=$(FUZZ_O) CC=$(FUZZ_CC) CFLAGS='$(FUZZ_CFLAGS)' \
		SAN=0 FUZZ=1 STATIC=0 CROSS_COMPILE= fuzz-bins

# the fuzzing of make check alone: each harness FUZZ_SECS (20) s from its
# seeds, new crash inputs kept in $(FUZZ_O)/crashes
fuzz-run:
	$(Q)FUZZ_SECS=$${FUZZ_SECS:-20} O=$(O) SMMUBENCH=$(BIN) bash tests/e2e/fuzz.sh

fuzz-bins: pkgcheck $(FUZZ_BINS)

$(O)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo '  FUZZ    $<')
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/fuzz -fsanitize=fuzzer $(LDFLAGS) -MMD -MP -o $@ $< \
		$(LIBS) $(PKG_LIBS) $(LDLIBS)

# Prints "results: <run dir> (complete)" then "report: <dir>/index.html".
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(BIN) run --report bench.conf

bench-self: all $(SELF_BINS) $(SELF_TOOLS)
	$(Q)for b in $(SELF_BINS); do echo "== $$b"; $$b || exit 1; done
	$(Q)for s in $(SELF_SCRIPTS); do echo "== $$s"; \
		O=$(O) SMMUBENCH=$(BIN) SELF_TOOLS=$(O)/tests bash $$s || exit 1; done

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(datadir)/profiles
	install -m 0755 $(BIN) $(DESTDIR)$(bindir)/smmubench
	install -m 0644 bench/model/profiles/*.conf $(DESTDIR)$(datadir)/profiles/
	install -m 0644 bench.conf $(DESTDIR)$(datadir)/bench.conf

uninstall:
	rm -f $(DESTDIR)$(bindir)/smmubench
	rm -rf $(DESTDIR)$(datadir)

clean:
	rm -rf $(O) $(FUZZ_O)

-include $(patsubst %.c,$(O)/obj/%.d,$(ALL_SRCS))
-include $(wildcard $(O)/tests/*.d)
-include $(wildcard $(O)/fuzz/*.d)
