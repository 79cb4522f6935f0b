# portlens - packet-level port traffic analyzer.
# `make run` builds and analyses a bundled sample; `make test` builds and
# runs every test in a normal and an ASan+UBSan build. Both install
# missing Debian packages first (make deps).

PKGS      := libpcap jansson cunit libcrypto libfixbuf libmicrohttpd
# Debian package that provides each pkg-config module.
DEB_libpcap := libpcap-dev
DEB_jansson := libjansson-dev
DEB_cunit   := libcunit1-dev
DEB_libcrypto := libssl-dev
DEB_libfixbuf := libfixbuf-dev
DEB_libmicrohttpd := libmicrohttpd-dev

CC        ?= cc
BUILD     ?= build
SAN       ?=
CFLAGS_STD := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
ALL_CFLAGS = $(CFLAGS_STD) $(SAN) -I. $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

DISSECT_SRC := $(wildcard dissectors/*.c)
ANALYZER_LIB_SRC := $(filter-out analyzer/cli/main.c,$(wildcard analyzer/*/*.c))
PORTDB_SRC := $(wildcard portdb/*.c)
LIB_SRC  := $(DISSECT_SRC) $(ANALYZER_LIB_SRC) $(PORTDB_SRC)
TEST_SRC := $(wildcard tests/test_*.c) tests/ref_lines.c

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/analyzer/cli/main.o

PORTLENS := $(BUILD)/portlens
TESTBIN  := $(BUILD)/test_portlens
SAMPLE   := samples/pcap/quickstart.pcap

.PHONY: all deps test-deps run check check-stages test test-stages asan valgrind golden install uninstall clean help bench bench-deps floods schema screenshot

all: $(PORTLENS)

help:
	@echo "make run    build and analyse $(SAMPLE)"
	@echo "make check  the fast tests (unit, CLI, golden, hostile files): seconds"
	@echo "make test   every test: check, ASan+UBSan, schema, valgrind, live, fuzz-regress"
	@echo "make asan   the fast tests under AddressSanitizer + UBSan only"
	@echo "make valgrind  every sample and corpus capture under valgrind"
	@echo "make golden rewrite samples/expected/ from the current build"
	@echo "make screenshot  docs/report.png: the HTML report of $(SHOT_PCAP) in Chromium"
	@echo "make deps   install missing Debian packages (needs root or sudo)"

# $(call apt_install,TARGET,PACKAGES): shell code installing PACKAGES (a
# shell word list) with apt-get, through sudo when not root; exits 1 with
# what to install by hand when that fails.
apt_install = echo "$(1): installing $(2)"; \
	SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(2) \
	|| { echo "$(1): apt-get failed; install: $(2)" >&2; exit 1; }

deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing gcc"; \
	for m in $(PKGS); do \
	  pkg-config --exists $$m 2>/dev/null || case $$m in \
	    libpcap) missing="$$missing $(DEB_libpcap)";; \
	    jansson) missing="$$missing $(DEB_jansson)";; \
	    cunit) missing="$$missing $(DEB_cunit)";; \
	    libcrypto) missing="$$missing $(DEB_libcrypto)";; \
	    libfixbuf) missing="$$missing $(DEB_libfixbuf)";; \
	    libmicrohttpd) missing="$$missing $(DEB_libmicrohttpd)";; esac; \
	done; \
	if [ -n "$$missing" ]; then $(call apt_install,deps,$$missing); fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libportlens.a: $(LIB_OBJ)
	ar rcs $@ $^

# portdb: embed portdb/services as a byte array (portdb/builtin.h), so the
# binary needs no data file at run time. od and sed are POSIX and on every
# Debian; xxd may be missing. The extra prerequisite joins $^ above.
PORTDB_DATA := $(BUILD)/portdb/services_data
$(BUILD)/libportlens.a: $(PORTDB_DATA).o
$(PORTDB_DATA).c: portdb/services
	@mkdir -p $(dir $@)
	{ echo '/* Generated from portdb/services by the Makefile. Do not edit. */'; \
	  echo '#include "portdb/builtin.h"'; \
	  echo 'const unsigned char portdb_builtin_services[] = {'; \
	  od -An -v -t u1 portdb/services | sed -e 's/^ *//' -e 's/  */,/g' -e 's/$$/,/'; \
	  echo '0 };'; \
	  echo 'const size_t portdb_builtin_services_len = sizeof(portdb_builtin_services) - 1;'; \
	} > $@.tmp && mv $@.tmp $@
$(PORTDB_DATA).o: $(PORTDB_DATA).c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(PORTLENS): $(MAIN_OBJ) $(BUILD)/libportlens.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(TESTBIN): $(TEST_OBJ) $(BUILD)/libportlens.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

run: deps
	@$(MAKE) --no-print-directory all
	$(PORTLENS) read --format text $(SAMPLE)

# ---- the test pyramid --------------------------------------------------
# make check   the edit loop: unit suites (golden and corpus included),
#              CLI, hostile files, include graph; deterministic, about 20 s
#              on 2 cores from a clean tree; never installs anything.
# make test    the README's command: deps, then check, then the same suites
#              under ASan+UBSan, schema, valgrind on the samples, the alert
#              stream against the report over samples and corpus, live
#              capture in namespaces, fuzz-regress; under 4 minutes.
# .ci/run      make test, then fuzz-smoke (20 s per target).
# Each stage runs through tests/stage.sh, which records its count;
# tests/tally.sh ends each target with one line "N passed, M failed".
JOBS ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

check:
	@tests/stage.sh --reset
	@$(MAKE) --no-print-directory -s -j$(JOBS) $(PORTLENS) $(TESTBIN)
	@$(MAKE) --no-print-directory check-stages
	@tests/tally.sh

# The stages of one build (SFX names the build in the tally).
check-stages:
	@tests/stage.sh unit$(SFX) $(TESTBIN)
	@tests/stage.sh cli$(SFX) tests/cli_test.sh $(PORTLENS)
	@tests/stage.sh hostile$(SFX) tests/hostile_test.sh $(PORTLENS)
	@[ -n "$(SFX)" ] || tests/stage.sh includes tests/tools/include_graph.sh

# metrics_test.sh: --metrics-file checked by promtool, then (root) live
# --metrics in namespaces scraped by Debian's prometheus (optional in
# test-deps, like chromium; the live part skips without it).
# hostile_test.sh runs a second time under valgrind (an ASan build cannot
# run under valgrind, so the normal build is used), and valgrind_test.sh
# reads every sample under it. live_test.sh needs root (network
# namespaces); it skips cleanly otherwise. schema_test.sh validates every
# output of every sample against docs/schema/ (python3-jsonschema, from
# make test-deps). alerts_test.sh reads every sample and corpus capture
# with --alerts and matches the stream with the report.
test: deps test-deps
	@tests/stage.sh --reset
	@$(MAKE) --no-print-directory -s -j$(JOBS) $(PORTLENS) $(TESTBIN)
	@$(MAKE) --no-print-directory check-stages
	@$(MAKE) --no-print-directory test-stages
	@tests/tally.sh

test-stages:
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build/asan SAN="$(ASAN_FLAGS)" \
	  build/asan/portlens build/asan/test_portlens
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(MAKE) --no-print-directory BUILD=build/asan SAN="$(ASAN_FLAGS)" SFX=-asan check-stages
	@tests/stage.sh schema env PYTHON=$(PYTHON) tests/schema_test.sh $(PORTLENS)
	@tests/stage.sh alerts tests/alerts_test.sh $(PORTLENS)
	@tests/stage.sh corpus-scans env PYTHON=$(PYTHON) tests/corpus_scans_test.sh $(PORTLENS)
	@tests/stage.sh valgrind tests/valgrind_test.sh $(PORTLENS)
	@tests/stage.sh hostile-valgrind tests/hostile_test.sh --valgrind $(PORTLENS)
	@tests/stage.sh live tests/live_test.sh $(PORTLENS)
	@tests/stage.sh metrics tests/metrics_test.sh $(PORTLENS)
	@$(MAKE) --no-print-directory -s $(BUILD)/gen
	@tests/stage.sh browser tests/browser_test.sh $(PORTLENS)
	@tests/stage.sh ipfix tests/ipfix_test.sh $(PORTLENS) $(BUILD)/gen
	@tests/stage.sh fuzz-regress $(MAKE) --no-print-directory fuzz-regress

ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Tools only the tests need (not make run): valgrind, python3 with
# jsonschema and yaml for the schema test, chromium for the browser
# test (tests/browser_test.sh) and make screenshot, nfdump (nfcapd) and
# libfixbuf-tools (ipfixDump) for tests/ipfix_test.sh. Chromium, nfdump
# and libfixbuf-tools are optional: when one cannot be installed,
# test-deps says so and goes on, and its test skips (the subshell keeps
# apt_install's exit 1 local).
test-deps:
	@missing=""; \
	command -v valgrind >/dev/null 2>&1 || missing="valgrind"; \
	command -v $(PYTHON) >/dev/null 2>&1 || missing="$$missing python3"; \
	$(PYTHON) -c 'import jsonschema; jsonschema.Draft202012Validator' >/dev/null 2>&1 || missing="$$missing python3-jsonschema"; \
	$(PYTHON) -c 'import yaml' >/dev/null 2>&1 || missing="$$missing python3-yaml"; \
	command -v curl >/dev/null 2>&1 || missing="$$missing curl"; \
	if [ -n "$$missing" ]; then $(call apt_install,test-deps,$$missing); fi
	@command -v prometheus >/dev/null 2>&1 || ( $(call apt_install,test-deps,prometheus) ) || \
	  echo "test-deps: prometheus not installed; the metrics test's live part will skip"
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif ( $(call apt_install,test-deps,chromium) ) && command -v chromium >/dev/null 2>&1; then \
	  echo "test-deps: chromium installed: $$(chromium --version 2>/dev/null)"; \
	else echo "test-deps: chromium not installed; the browser test will skip"; fi
	@if command -v nfcapd >/dev/null 2>&1 && command -v ipfixDump >/dev/null 2>&1; then :; \
	elif ( $(call apt_install,test-deps,nfdump libfixbuf-tools) ); then :; \
	else echo "test-deps: nfdump or libfixbuf-tools not installed; the ipfix test will skip"; fi

# The suites under AddressSanitizer + UBSan only.
asan: deps
	@tests/stage.sh --reset
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build/asan SAN="$(ASAN_FLAGS)" \
	  build/asan/portlens build/asan/test_portlens
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(MAKE) --no-print-directory BUILD=build/asan SAN="$(ASAN_FLAGS)" SFX=-asan check-stages
	@tests/tally.sh

# Every sample and every ../shared/corpus capture under valgrind memcheck
# (about 5 minutes on 2 cores; not part of make test).
valgrind: deps test-deps
	@$(MAKE) --no-print-directory all
	tests/valgrind_test.sh --corpus $(PORTLENS)

# Rewrite samples/expected/ (<name>.json, .flows.ndjson, .alerts.ndjson)
# from the current build: the golden suite itself runs each sample through
# the command line in-process and, with PORTLENS_GOLDEN_UPDATE=1, writes
# what it would compare (one code path; options in samples/pcap/<name>.args).
# Review the diff (git diff samples/expected) like code before committing.
golden: deps
	@$(MAKE) --no-print-directory $(TESTBIN)
	@mkdir -p samples/expected
	PORTLENS_GOLDEN_UPDATE=1 $(TESTBIN) golden | grep -E "golden|FAIL"

# ---- fuzzing (tests/fuzz/README.md) -- one block, owned by tests/fuzz ----
# make fuzz          libFuzzer targets (clang, ASan+UBSan) in build/fuzz/.
#                    The library is recompiled from the same sources with
#                    coverage hooks into build/fuzz/obj, never mixed with
#                    the objects in build/.
# make fuzz-smoke    each target for FUZZ_SECONDS (default 20) on its seeds,
#                    as many at once as there are CPUs (tests/fuzz/smoke.sh);
#                    run by .ci/run after make test;
#                    new inputs go to build/fuzz/corpus/<target>, crashes to
#                    build/fuzz/artifacts/<target>/. Skips, exit 0, when
#                    clang or libFuzzer is missing.
# make fuzz-regress  every file in tests/fuzz/seeds/<target>/ and
#                    tests/fuzz/crashers/<target>/ through each target
#                    linked with tests/fuzz/driver.c instead of libFuzzer,
#                    by $(CC) with the asan build's flags and library
#                    (build/asan), so gcc alone is enough. Ends with
#                    "fuzz-regress: N inputs, F failures"; fails when F > 0.
FUZZ_TARGETS := link ipv4 ipv6 tcp udp icmp arp pipeline pcap pcapng portdb knockconf
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
# Real captures (third-party, never committed) that feed fuzz-smoke as
# extra seeds through tests/fuzz/tools/mkseeds.sh, when present.
FUZZ_CORPUS  ?= $(or $(PORTLENS_CORPUS),../shared/corpus)
FUZZ_CORPUS_TUNNELS ?= $(or $(PORTLENS_CORPUS_TUNNELS),../shared/corpus-tunnels)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ     := build/fuzz/obj
FUZZ_BINS    := $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
REGRESS_DIR  := build/fuzz-regress
REGRESS_BINS := $(FUZZ_TARGETS:%=$(REGRESS_DIR)/fuzz_%)
FUZZ_CFLAGS   = $(CFLAGS_STD) -I. $(PKG_CFLAGS) $(CFLAGS)
# Does $(FUZZ_CC) link a libFuzzer target? (clang without the compiler-rt
# fuzzer library, or gcc, does not.)
FUZZ_PROBE    = mkdir -p build/fuzz && \
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' | \
	$(FUZZ_CC) -x c -fsanitize=fuzzer - -o build/fuzz/.probe >/dev/null 2>&1

.PHONY: fuzz fuzz-smoke fuzz-regress

fuzz:
	@$(FUZZ_PROBE) || { echo "fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' does not link (apt-get install clang)" >&2; exit 1; }
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=$(FUZZ_OBJ) \
	  SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" $(FUZZ_OBJ)/libportlens.a
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)/libportlens.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -MMD -MP -MF $@.d -MT $@ \
	  $< -o $@ $(FUZZ_OBJ)/libportlens.a $(PKG_LIBS)

fuzz-smoke:
	@if ! { $(FUZZ_PROBE); }; then \
	  echo "fuzz-smoke: 0 passed, 0 failed (skipped: '$(FUZZ_CC) -fsanitize=fuzzer' does not link; apt-get install clang)"; \
	  exit 0; fi; \
	$(MAKE) --no-print-directory fuzz >build/fuzz/build.log 2>&1 || { tail -30 build/fuzz/build.log; exit 1; }; \
	rm -rf build/fuzz/shared-seeds; \
	dirs=""; for d in "$(FUZZ_CORPUS)" "$(FUZZ_CORPUS_TUNNELS)"; do \
	  if [ -d "$$d" ]; then dirs="$$dirs $$d"; \
	  else echo "fuzz-smoke: $$d absent: its seeds skipped"; fi; done; \
	if [ -n "$$dirs" ]; then \
	  $(MAKE) --no-print-directory all >/dev/null && \
	  OUT=build/fuzz/shared-seeds tests/fuzz/tools/mkseeds.sh \
	    $$(find $$dirs -type f ! -name '*.tsv' ! -name '*.md' | sort) >build/fuzz/mkseeds.log 2>&1 && \
	  echo "fuzz-smoke: extra seeds from$$dirs: $$(tail -1 build/fuzz/mkseeds.log)" || \
	  { tail -5 build/fuzz/mkseeds.log; exit 1; }; \
	else echo "fuzz-smoke: committed seeds only"; fi; \
	tests/fuzz/smoke.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

.PRECIOUS: $(REGRESS_DIR)/obj/%.o
$(REGRESS_DIR)/obj/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) $(ASAN_FLAGS) -MMD -MP -c $< -o $@

$(REGRESS_DIR)/fuzz_%: $(REGRESS_DIR)/obj/fuzz_%.o $(REGRESS_DIR)/obj/driver.o build/asan/libportlens.a
	$(CC) $(ASAN_FLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-regress:
	@$(MAKE) --no-print-directory BUILD=build/asan SAN="$(ASAN_FLAGS)" build/asan/libportlens.a
	@$(MAKE) --no-print-directory $(REGRESS_BINS)
	@total=0; fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  dirs=""; \
	  for d in tests/fuzz/seeds/$$t tests/fuzz/crashers/$$t; do \
	    [ -d $$d ] && dirs="$$dirs $$d"; done; \
	  [ -n "$$dirs" ] || continue; \
	  out=$$(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	         UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	         $(REGRESS_DIR)/fuzz_$$t $$dirs); \
	  echo "$$out"; \
	  n=$$(echo "$$out" | sed -n 's/^.*: \([0-9]*\) inputs, \([0-9]*\) failures$$/\1/p'); \
	  f=$$(echo "$$out" | sed -n 's/^.*: \([0-9]*\) inputs, \([0-9]*\) failures$$/\2/p'); \
	  [ -n "$$n" ] || { n=0; f=1; echo "fuzz-regress: fuzz_$$t did not finish"; }; \
	  total=$$((total + n)); fail=$$((fail + f)); \
	done; \
	echo "fuzz-regress: $$total inputs, $$fail failures"; \
	[ $$fail -eq 0 ]
# ---- end of fuzzing block ----

# Benchmarks (tests/bench/bench.sh): generated captures, never committed.
$(BUILD)/gen: tests/bench/gen.c
	$(CC) $(ALL_CFLAGS) -o $@ $<

$(BUILD)/bareloop: tests/bench/bareloop.c
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

bench-deps: deps
	@missing=""; for t in tcpdump:tcpdump tshark:tshark argus:argus-server ndpiReader:libndpi-bin bc:bc /usr/bin/time:time; do \
	  command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then $(call apt_install,bench-deps,$$missing); fi

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/gen $(BUILD)/bareloop
	@command -v bc >/dev/null && [ -x /usr/bin/time ] || $(MAKE) --no-print-directory bench-deps
	tests/bench/bench.sh $(BUILD) $(BENCH_MODE)

floods: deps
	@$(MAKE) --no-print-directory all $(BUILD)/gen
	@command -v bc >/dev/null && [ -x /usr/bin/time ] || $(MAKE) --no-print-directory bench-deps
	tests/bench/floods.sh $(BUILD)

# docs/report.png: the HTML report of a bundled sample in headless
# Chromium at 1280x800, the first screen (SHOT_ARGS="--max-height 2400"
# takes the full page cut to 2400 px), through tests/browser/cdp.py.
SHOT_PCAP ?= samples/pcap/mixed.pcap
SHOT_ARGS ?= --max-height 1800
screenshot: test-deps $(PORTLENS)
	@tmp=$$(mktemp -d /tmp/portlens-shot-XXXXXX); trap 'rm -rf "$$tmp"' EXIT; \
	args=$$(cat $(SHOT_PCAP:.pcap=.args) 2>/dev/null); \
	$(PORTLENS) read -q --seed 0 --no-system-services --knockd-conf samples/knockd.conf $$args --html "$$tmp/report.html" \
	  -o "$$tmp/report.json" $(SHOT_PCAP) && \
	TMPDIR=$$tmp $(PYTHON) tests/browser/cdp.py screenshot $(SHOT_ARGS) "$$tmp/report.html" docs/report.png

# ---- JSON Schema checks (tests/schema_test.sh) ----
PYTHON ?= python3
schema: test-deps $(PORTLENS)
	PYTHON=$(PYTHON) tests/schema_test.sh $(PORTLENS)

PREFIX ?= /usr/local
DESTDIR ?=
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(PORTLENS) $(DESTDIR)$(PREFIX)/bin/portlens
	install -m 644 docs/portlens.1 $(DESTDIR)$(PREFIX)/share/man/man1/portlens.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/portlens $(DESTDIR)$(PREFIX)/share/man/man1/portlens.1

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
