# Makefile -- reviewgen: build, test, sanitize, benchmark, install.
# The two commands a newcomer needs are `make demo` and `make check`; both
# install missing Debian packages first (`make deps`).

PKGS     := sqlite3 jansson libxml-2.0 libcmark-gfm
DEB_PKGS := build-essential pkg-config libsqlite3-dev libjansson-dev libxml2-dev \
            libcmark-gfm-dev libcmark-gfm-extensions-dev check tzdata

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
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DRG_VERSION='"$(VERSION)"' -Ireviewgen -Ireviewgen/cmd -Ireviewgen/render -Iimporters
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lm
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)
ALL_CFLAGS = $(WARN) $(OPT) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_CFLAGS)

# The folders show the pipeline: importers/ read, reviewgen/ merges, measures
# and stores, reviewgen/render/ writes documents, reviewgen/cmd/ is the CLI.
SRC_DIRS := reviewgen reviewgen/render reviewgen/cmd importers
HDRS     := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.h))
LIB_SRC  := $(filter-out reviewgen/cmd/main.c,$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/templates.o
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/check_*.c))
TEMPLATES := $(sort $(wildcard templates/*))

.PHONY: all deps demo check sanitize bench install uninstall clean format format-check tests
.PHONY: demo-trend bench-trend

all: $(BUILD)/reviewgen

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

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 $(CPPFLAGS) $< -o $@

$(BUILD)/gen/templates.c: $(BUILD)/tools/embed $(TEMPLATES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(TEMPLATES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/templates.o: $(BUILD)/gen/templates.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libreviewgen.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/reviewgen: $(BUILD)/obj/reviewgen/cmd/main.o $(BUILD)/libreviewgen.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/libreviewgen.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -DRG_BIN='"$(BUILD)/reviewgen"' \
	  $(shell pkg-config --cflags check) -o $@ $< \
	  $(BUILD)/libreviewgen.a $(PKG_LIBS) $(CHECK_LIBS)

tests: $(TESTS) $(BUILD)/reviewgen

# The whole suite: every Check binary, then a closing "N passed, N failed" line.
check: deps
	@$(MAKE) --no-print-directory tests
	@sh tests/run.sh $(BUILD)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize: deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/sanitize \
	  OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" tests
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh $(BUILD)/sanitize

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

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/tools/genlogs
	@sh tests/bench/run.sh $(BUILD)
	@$(MAKE) --no-print-directory bench-trend

# A store of 10,000 generated incidents (1,000,000 events) and `trend` timed over
# one quarter of it (tests/bench/trend.sh).
bench-trend: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/trend.sh $(BUILD)

$(BUILD)/tools/genlogs: tests/bench/genlogs.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(CPPFLAGS) $< -o $@

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/reviewgen $(DESTDIR)$(PREFIX)/bin/reviewgen

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/reviewgen

format:
	clang-format -i $(foreach d,$(SRC_DIRS),$(d)/*.[ch]) tests/*.[ch] tools/*.c

format-check:
	clang-format --dry-run -Werror $(foreach d,$(SRC_DIRS),$(d)/*.[ch]) tests/*.[ch] tools/*.c

clean:
	rm -rf build out
