# Makefile -- reviewgen: build, test, sanitize, benchmark, install.
# The two commands a newcomer needs are `make demo` and `make check`; both
# install missing Debian packages first (`make deps`).

PKGS     := sqlite3 libpq jansson libxml-2.0 libcmark-gfm zlib libzstd libpcre2-8 libutf8proc
DEB_PKGS := build-essential pkg-config libsqlite3-dev libpq-dev postgresql libjansson-dev \
            libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev check tzdata zlib1g-dev \
            libzstd-dev libpcre2-dev libutf8proc-dev python3-jsonschema clang libclang-rt-dev \
            locales

PREFIX   ?= /usr/local
CC       ?= cc
# Another compiler builds into its own folder (make CC=clang: build/clang),
# so its objects never mix with the default ones in build/.
ifeq ($(origin CC),default)
BUILD    ?= build
else
BUILD    ?= build/$(notdir $(firstword $(CC)))
endif
OPT      ?= -O2 -g
VERSION  := 0.1.0

WARN     := -std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral -Wvla -Wpointer-arith
SHAREDIR ?= $(PREFIX)/share/reviewgen
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DRG_VERSION='"$(VERSION)"' -DRG_SHARE_DIR='"$(SHAREDIR)"' -Ireviewgen -Ireviewgen/cmd -Ireviewgen/render -Iimporters
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libpq is not linked: reviewgen/pqload.h loads it when a PostgreSQL store is
# used (its headers still come from PKGS). The tests that talk to a server
# themselves (tests/check_pg_util.h) link it.
PKG_LIBS   = $(shell pkg-config --libs $(filter-out libpq,$(PKGS)) 2>/dev/null) \
             -lcmark-gfm-extensions -lm -pthread -ldl
CHECK_LIBS = $(shell pkg-config --libs check libpq 2>/dev/null)
ALL_CFLAGS = $(WARN) $(OPT) -pthread $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_CFLAGS)

# The folders show the pipeline: importers/ read, reviewgen/ merges, measures
# and stores, reviewgen/render/ writes documents, reviewgen/cmd/ is the CLI.
SRC_DIRS := reviewgen reviewgen/render reviewgen/cmd importers
HDRS     := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.h))
LIB_SRC  := $(filter-out reviewgen/cmd/main.c,$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/templates.o
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/check_*.c))

# Fuzz targets (tests/fuzz/, README "Fuzzing"): one per fuzz_NAME.c, and one
# per importer of importers/registry.c (fuzz_importer.c built with
# -DRG_FUZZ_IMPORTER=NAME as import_NAME): a new importer is fuzzed with no
# change here. `make check` builds each with replay.c as
# $(BUILD)/tests/check_fuzz_TARGET, which replays tests/fuzz-regressions/TARGET/.
FUZZ_IMPORTERS := $(shell sed -n 's/^extern const rg_importer rg_importer_\([a-z0-9_]*\);.*/\1/p' importers/registry.c)
FUZZ_TARGETS   := $(filter-out importer,$(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))) \
                  $(addprefix import_,$(FUZZ_IMPORTERS))
FUZZ_REPLAY    := $(addprefix $(BUILD)/tests/check_fuzz_,$(FUZZ_TARGETS))
fuzz_src = $(if $(filter import_%,$(1)),tests/fuzz/fuzz_importer.c,tests/fuzz/fuzz_$(1).c)
fuzz_def = $(if $(filter import_%,$(1)),-DRG_FUZZ_IMPORTER=$(patsubst import_%,%,$(1)))
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_CC            ?= clang
FUZZ_BUILD         := build/fuzz
TEMPLATES := $(sort $(wildcard templates/*))

.PHONY: all deps demo check sanitize tsan bench install uninstall clean format format-check tests
.PHONY: fuzz fuzz-smoke fuzz-build FORCE
.SECONDEXPANSION:
.PHONY: demo-trend bench-trend bench-store bench-smoke bench-logs

DOCS     := $(BUILD)/doc/reviewgen.1 $(BUILD)/doc/reviewgen.bash $(BUILD)/doc/_reviewgen

all: $(BUILD)/reviewgen $(DOCS)

# Installs the Debian packages that are missing; nothing when all are there.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# SHAREDIR is compiled into `reviewgen init`'s "$schema" (reviewgen/init.h).
# BUILD/sharedir changes only when SHAREDIR does (written as the Makefile is
# read, so `make -q` and `make -n` see it too), and what holds the path
# depends on it: `make install PREFIX=/usr` after a plain `make` rebuilds
# them rather than install a program that points into /usr/local.
$(shell mkdir -p $(BUILD) && { printf '%s\n' '$(SHAREDIR)' | cmp -s - $(BUILD)/sharedir 2>/dev/null || \
  printf '%s\n' '$(SHAREDIR)' > $(BUILD)/sharedir; })
$(BUILD)/obj/reviewgen/init.o $(BUILD)/obj/reviewgen/cmd/init.o $(BUILD)/tests/check_draft: \
  $(BUILD)/sharedir

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 $(CPPFLAGS) $< -o $@

$(BUILD)/gen/templates.c: $(BUILD)/tools/embed $(TEMPLATES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(TEMPLATES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/templates.o: $(BUILD)/gen/templates.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The man page and the shell completions are written from the command table
# (reviewgen/cmd/docgen.c), so they change whenever a command does.
$(BUILD)/tools/mkdoc: tools/mkdoc.c $(BUILD)/libreviewgen.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(BUILD)/libreviewgen.a $(PKG_LIBS)

$(BUILD)/doc/reviewgen.1: $(BUILD)/tools/mkdoc doc/reviewgen.1.in
	@mkdir -p $(dir $@)
	$(BUILD)/tools/mkdoc man doc/reviewgen.1.in > $@.tmp && mv $@.tmp $@

$(BUILD)/doc/reviewgen.bash: $(BUILD)/tools/mkdoc
	@mkdir -p $(dir $@)
	$(BUILD)/tools/mkdoc bash > $@.tmp && mv $@.tmp $@

$(BUILD)/doc/_reviewgen: $(BUILD)/tools/mkdoc
	@mkdir -p $(dir $@)
	$(BUILD)/tools/mkdoc zsh > $@.tmp && mv $@.tmp $@

$(BUILD)/libreviewgen.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/reviewgen: $(BUILD)/obj/reviewgen/cmd/main.o $(BUILD)/libreviewgen.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/libreviewgen.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -DRG_BIN='"$(BUILD)/reviewgen"' \
	  $(shell pkg-config --cflags check) -o $@ $< \
	  $(BUILD)/libreviewgen.a $(PKG_LIBS) $(CHECK_LIBS)

# A fuzz target with the plain driver and the normal compiler: replays the
# target's regressions (no libFuzzer needed).
$(BUILD)/tests/check_fuzz_%: $$(call fuzz_src,$$*) tests/fuzz/replay.c tests/fuzz/fuzz.h \
                             $(BUILD)/libreviewgen.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(call fuzz_def,$*) \
	  -DRG_FUZZ_REGRESSIONS='"tests/fuzz-regressions/$*"' -o $@ $(call fuzz_src,$*) \
	  tests/fuzz/replay.c $(BUILD)/libreviewgen.a $(PKG_LIBS)

tests: $(TESTS) $(FUZZ_REPLAY) $(BUILD)/reviewgen $(DOCS)

# The whole suite: every Check binary, then a closing "N passed, N failed" line.
check: deps
	@$(MAKE) --no-print-directory tests
	@sh tests/run.sh $(BUILD)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer, which
# run the code 2-4 times slower: Check's timeouts are multiplied by 4.
sanitize: deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/sanitize \
	  OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" tests
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} sh tests/run.sh $(BUILD)/sanitize

# ThreadSanitizer on the tests of the code that runs on two threads (the
# prepass thread, importers/prepass.h: check_prepass, and check_jsonflat's
# "thread" case for JSON lines; a syslog split between two threads,
# importers/split.h: check_split; the store opened while the review is
# rendered, reviewgen/storeopen.h: check_storeopen): the library built again
# in $(BUILD)/tsan.
# CI runs it.
tsan: deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/tsan OPT="-O1 -g" \
	  EXTRA_CFLAGS="-fsanitize=thread" $(BUILD)/tsan/tests/check_prepass \
	  $(BUILD)/tsan/tests/check_jsonflat $(BUILD)/tsan/tests/check_split \
	  $(BUILD)/tsan/tests/check_storeopen
	@TSAN_OPTIONS=halt_on_error=1 CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} \
	  $(BUILD)/tsan/tests/check_prepass
	@TSAN_OPTIONS=halt_on_error=1 CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} \
	  $(BUILD)/tsan/tests/check_split
	@TSAN_OPTIONS=halt_on_error=1 CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} \
	  CK_RUN_CASE=thread $(BUILD)/tsan/tests/check_jsonflat
	@TSAN_OPTIONS=halt_on_error=1 CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} \
	  $(BUILD)/tsan/tests/check_storeopen

# libFuzzer: the library built again with clang and the fuzzer's coverage
# instrumentation, ASan and UBSan, and one binary per target.
# (The sub-make decides whether the library is up to date; its own rule for
# the same file is the ordinary one, hence the guard.)
ifneq ($(BUILD),$(FUZZ_BUILD)/lib)
$(FUZZ_BUILD)/lib/libreviewgen.a: FORCE
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD)/lib CC=$(FUZZ_CC) \
	  OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" $(FUZZ_BUILD)/lib/libreviewgen.a
endif
FORCE:

$(FUZZ_BUILD)/bin/%: $$(call fuzz_src,$$*) tests/fuzz/fuzz.h $(FUZZ_BUILD)/lib/libreviewgen.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) -Wno-missing-prototypes -O1 -g -fno-omit-frame-pointer \
	  -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) $(CPPFLAGS) $(call fuzz_def,$*) \
	  -o $@ $(call fuzz_src,$*) $(FUZZ_BUILD)/lib/libreviewgen.a $(PKG_LIBS)

fuzz-build: $(addprefix $(FUZZ_BUILD)/bin/,$(FUZZ_TARGETS))

# Every target for FUZZ_SECONDS, one at a time (tests/fuzz/run.sh); a crash
# lands in tests/fuzz-regressions/TARGET/ and fails the run. Nothing is
# fuzzed when clang is missing.
fuzz:
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	  echo "make fuzz: $(FUZZ_CC) is not installed (make deps installs it); nothing fuzzed"; \
	else \
	  $(MAKE) --no-print-directory fuzz-build && \
	  sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS); \
	fi

# What CI runs: every target for a few seconds.
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

demo: deps
	@$(MAKE) --no-print-directory all
	@rm -rf out/demo && mkdir -p out/demo
	$(BUILD)/reviewgen build samples/inc-2041-checkout --db out/demo/reviews.db -o out/demo
	@echo
	@echo "The review is in out/demo/: review.md (the draft to edit), review.html (for readers),"
	@echo "review.json (for scripts); the store is out/demo/reviews.db."

# A quarter of incidents (samples/quarter-2026q3, with April-June for the
# previous period) built into one store, and the 2026Q3 trend report over it.
demo-trend: deps
	@$(MAKE) --no-print-directory all
	@rm -rf out/demo-trend && mkdir -p out/demo-trend/reviews
	$(BUILD)/reviewgen build-all samples/quarter-2026q3 -o out/demo-trend/reviews \
	  --db out/demo-trend/reviews.db -q
	$(BUILD)/reviewgen trend --quarter 2026Q3 --db out/demo-trend/reviews.db -o out/demo-trend \
	  --reviews out/demo-trend/reviews
	@echo
	@echo "The 2026Q3 trend report is in out/demo-trend/:"
	@ls out/demo-trend | grep -v -e '^reviews$$' -e '^reviews.db$$' | sed 's/^/  /'
	@echo "Each incident's review is in out/demo-trend/reviews/<id>/; the store is out/demo-trend/reviews.db."

# Issue 11's targets table (tests/bench/table.sh; README, "Benchmarks"): each
# figure beside its yardstick, the ratio, the target, PASS or FAIL. Sizes and
# runs are set by the environment (LOG_MB, DOC_MB, ...: see the script).
bench: deps
	@$(MAKE) --no-print-directory all
	@RG_PKG_LIBS='$(PKG_LIBS)' sh tests/bench/table.sh $(BUILD)

# The same table on inputs of a few MiB, one run each, no verdicts: checks
# that the bench still works (CI runs it); fails when a command does.
bench-smoke: deps
	@$(MAKE) --no-print-directory all
	@SMOKE=1 RUNS=1 LOG_MB=4 DOC_MB=2 SLACK_MSGS=5000 SLACK_HUMANS=20 IMP_SMALL_MB=1 \
	  IMP_BIG_MB=2 INCIDENTS=200 LONG_MB=3 BENCH_TIMEOUT=30 RG_PKG_LIBS='$(PKG_LIBS)' \
	  sh tests/bench/table.sh $(BUILD)

# The earlier figures: the importers alone over 512 MiB of syslog and JSON
# lines beside `wc -l` and `grep -c ERROR`, a Mattermost export, a Nagios
# log, a gzipped syslog, an access log and a journald export
# (tests/bench/run.sh), then bench-trend and bench-store.
bench-logs: deps
	@$(MAKE) --no-print-directory all $(BUILD)/tools/genlogs $(BUILD)/tools/genchat $(BUILD)/tools/gennagios
	@RG_PKG_LIBS='$(PKG_LIBS)' sh tests/bench/run.sh $(BUILD)
	@$(MAKE) --no-print-directory bench-trend
	@$(MAKE) --no-print-directory bench-store

# A store of 10,000 generated incidents (1,000,000 events) and `trend` timed over
# one quarter of it (tests/bench/trend.sh).
bench-trend: deps
	@$(MAKE) --no-print-directory all
	@RG_PKG_LIBS='$(PKG_LIBS)' sh tests/bench/trend.sh $(BUILD)

# The same 10,000 incidents written to PostgreSQL by 8 processes at once
# (incidents/s), to SQLite by 8 and by one, and `trend` over each
# (tests/bench/store.sh; a throw-away server, as the tests use).
bench-store: deps
	@$(MAKE) --no-print-directory all
	@RG_PKG_LIBS='$(PKG_LIBS)' sh tests/bench/store.sh $(BUILD)

$(BUILD)/tools/genlogs: tests/bench/genlogs.c tests/bench/gencommon.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(CPPFLAGS) $< -o $@ -lz

$(BUILD)/tools/genchat: tests/bench/genchat.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(CPPFLAGS) $< -o $@

$(BUILD)/tools/gennagios: tests/bench/gennagios.c tests/bench/gencommon.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(CPPFLAGS) $< -o $@

# PREFIX/bin, the man page in PREFIX/share/man/man1, the completions where
# bash-completion and zsh look for them (README, "Installing"); the manifest's
# JSON Schema where `reviewgen init` points "$schema".
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(SHAREDIR)
	install -m 755 $(BUILD)/reviewgen $(DESTDIR)$(PREFIX)/bin/reviewgen
	install -m 644 $(BUILD)/doc/reviewgen.1 $(DESTDIR)$(PREFIX)/share/man/man1/reviewgen.1
	install -m 644 $(BUILD)/doc/reviewgen.bash \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/reviewgen
	install -m 644 $(BUILD)/doc/_reviewgen $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_reviewgen
	install -m 644 schema/incident.schema.json $(DESTDIR)$(SHAREDIR)/incident.schema.json

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/reviewgen $(DESTDIR)$(PREFIX)/share/man/man1/reviewgen.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/reviewgen \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_reviewgen \
	  $(DESTDIR)$(SHAREDIR)/incident.schema.json

format:
	clang-format -i $(foreach d,$(SRC_DIRS),$(d)/*.[ch]) tests/*.[ch] tests/fuzz/*.[ch] tools/*.c

format-check:
	clang-format --dry-run -Werror $(foreach d,$(SRC_DIRS),$(d)/*.[ch]) tests/*.[ch] \
	  tests/fuzz/*.[ch] tools/*.c

clean:
	rm -rf build out
