# sahifa: plain make. `make` builds ./sahifa; `make run` and `make test` first install what is
# missing (scripts/deps.sh), so on a fresh Debian 12 machine they are the only commands needed.

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 jansson libutf8proc md4c libsodium libxml-2.0 gumbo zlib libxxhash \
           vips libbrotlienc libcurl
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS  := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
           -D_GNU_SOURCE -Isrc -Ibuild -g
ifdef DEBUG
CFLAGS  += -O0 -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else
CFLAGS  += -O2 -DNDEBUG
endif
LDLIBS   = $(PKG_LIBS) -lstemmer -lpthread -lm
# The unit tests also decode brotli, to check what sahifa compresses.
TEST_LIBS = -lcriterion -lbrotlidec

SRC      := $(sort $(wildcard src/*/*.c))
OBJ      := $(SRC:src/%.c=build/obj/%.o)
LIB_OBJ  := $(filter-out build/obj/cli/main.o,$(OBJ))
THEME    := $(sort $(shell find themes/default -type f 2>/dev/null))
DEMO     := $(sort $(wildcard demo/*.json))
# Made at build time (scripts/fonts.sh): the subset WOFF2 typefaces and the app icons.
MADE     := $(addprefix build/static/,naskh.woff2 naskh-bold.woff2 sans.woff2 sans-bold.woff2 \
            kufi-bold.woff2 icon-180.png icon-192.png icon-512.png)
TESTS_C  := $(sort $(wildcard tests/unit/*.c))
TEST_BIN := $(TESTS_C:tests/unit/%.c=build/test/%)

.PHONY: all run test unit quality http browser fmt fmt-check deps clean check-templates check-layers \
        bench-search unit-asan http-asan fuzz fuzz-check
all: sahifa

sahifa: build/obj/cli/main.o build/obj/builtin.o build/libsahifa.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/libsahifa.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/obj/%.o: src/%.c | build/layers.ok
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# Templates, static files and the demo site are compiled into the binary (Fossil's mkbuiltin),
# after the engine has compiled every template of the theme with its raw-output allowlist
# (build/checktheme: the library with no built-in files, opening themes/default as --theme does).
build/builtin.c: build/mkbuiltin $(THEME) $(DEMO) build/static.ok | build/templates.ok
	build/mkbuiltin $(THEME) $(MADE) $(DEMO) > $@.tmp && mv $@.tmp $@

build/static.ok: scripts/fonts.sh themes/default/static/favicon.svg
	scripts/fonts.sh build/static
	@touch $@

build/builtin-none.c: build/mkbuiltin
	build/mkbuiltin > $@.tmp && mv $@.tmp $@

build/obj/builtin.o build/obj/builtin-none.o: build/obj/%.o: build/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

build/mkbuiltin: tools/mkbuiltin.c
	@mkdir -p build
	$(CC) $(CFLAGS) -o $@ $<

build/checktheme: tools/checktheme.c build/obj/builtin-none.o build/libsahifa.a
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< build/obj/builtin-none.o build/libsahifa.a $(LDFLAGS) $(LDLIBS)

build/templates.ok: build/checktheme $(THEME)
	build/checktheme themes/default
	@touch $@

check-templates: build/templates.ok

# No layer includes one above it, and pages, admin and api include none of one another
# (docs/ARCHITECTURE.md), checked before anything is compiled.
build/layers.ok: scripts/check-layers.sh $(SRC) $(wildcard src/*/*.h)
	@mkdir -p build
	scripts/check-layers.sh src
	@touch $@

check-layers: build/layers.ok

build/test/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/obj/builtin.o build/libsahifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< build/obj/builtin.o build/libsahifa.a $(LDFLAGS) $(LDLIBS) $(TEST_LIBS)

# Benchmarks: C programs under bench/ linked with the library, and scripts.
BENCH_C   := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_C:bench/%.c=build/bench/%)

build/bench/%: bench/%.c build/obj/builtin.o build/libsahifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< build/obj/builtin.o build/libsahifa.a $(LDFLAGS) $(LDLIBS)

bench-search: $(BENCH_BIN)
	build/bench/search_quality
	build/bench/search_speed

# The sanitizer build: clang with AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer,
# asserts on, every report fatal, in build/asan/ with its own objects so the normal build stays
# optimized. make test runs the unit tests and the HTTP suite against it. Its objects also carry
# libFuzzer's coverage hooks (fuzzer-no-link, inert without libFuzzer), so the fuzz targets link
# the same library.
SAN_CC     := clang
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS := $(filter-out -O2 -DNDEBUG,$(CFLAGS)) -O1 $(SAN_FLAGS) -fsanitize=fuzzer-no-link
ASAN_OBJ   := $(SRC:src/%.c=build/asan/obj/%.o)
ASAN_TEST  := $(TESTS_C:tests/unit/%.c=build/asan/test/%)

build/asan/obj/%.o: src/%.c | build/layers.ok
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/obj/builtin.o: build/builtin.c
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CFLAGS) -c -o $@ $<

build/asan/libsahifa.a: $(filter-out build/asan/obj/cli/main.o,$(ASAN_OBJ))
	@rm -f $@
	ar rcs $@ $^

build/asan/sahifa: build/asan/obj/cli/main.o build/asan/obj/builtin.o build/asan/libsahifa.a
	$(SAN_CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

build/asan/test/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/asan/obj/builtin.o build/asan/libsahifa.a
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< build/asan/obj/builtin.o build/asan/libsahifa.a $(LDLIBS) $(TEST_LIBS)

# What makes a sanitizer's report fail a run: the first report aborts, leaks are checked at
# exit (tests/lib/server.mjs also fails a test on any report in the server's stderr).
SAN_ENV := ASAN_OPTIONS=abort_on_error=1:halt_on_error=1:detect_leaks=1 \
           UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=exitcode=23

# libFuzzer targets (tests/fuzz/fuzz_NAME.c), linked with the sanitizer build's library. Their
# seeds and kept regressions: tests/fuzz/corpus/NAME/, and the test fixtures of
# tests/fixtures/X/ for fuzz_X or fuzz_import_X (fuzz_seeds). make fuzz runs each for FUZZ_SECONDS, growing
# its corpus in build/fuzz/corpus/NAME/ and saving crashes as build/fuzz/crashes/NAME-*; make
# fuzz-check (part of make test) replays every kept input, then runs each target for
# FUZZ_CHECK_SECONDS from them, and fails on any crash, leak or sanitizer report.
FUZZ_C       := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_C:tests/fuzz/fuzz_%.c=%)
FUZZ_BIN     := $(FUZZ_C:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 4

build/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) build/asan/obj/builtin.o build/asan/libsahifa.a
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Itests/fuzz -o $@ $< build/asan/obj/builtin.o build/asan/libsahifa.a $(LDLIBS)

# The seed folders of target $$t that exist, for the shell loops below.
fuzz_seeds = $$(for d in tests/fuzz/corpus/$$t tests/fixtures/$${t\#import_}; do \
                  if [ -d $$d ]; then echo $$d; fi; done)

fuzz: $(FUZZ_BIN)
	@set -e; for t in $(FUZZ_NAMES); do \
	    mkdir -p build/fuzz/corpus/$$t build/fuzz/crashes; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    $(SAN_ENV) build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=build/fuzz/crashes/$$t- build/fuzz/corpus/$$t $(fuzz_seeds); \
	done

fuzz-check: $(FUZZ_BIN)
	@set -e; for t in $(FUZZ_NAMES); do \
	    seeds="$$(echo $(fuzz_seeds))"; \
	    echo "== fuzz_$$t: $$(find $$seeds -type f | wc -l) inputs in $$seeds, then $(FUZZ_CHECK_SECONDS) s"; \
	    rm -rf build/fuzz/check/$$t; mkdir -p build/fuzz/check/$$t; \
	    $(SAN_ENV) build/fuzz/fuzz_$$t -runs=0 $$seeds >build/fuzz/check/$$t.log 2>&1 \
	        || { cat build/fuzz/check/$$t.log; exit 1; }; \
	    $(SAN_ENV) build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_CHECK_SECONDS) -seed=1 \
	        -artifact_prefix=build/fuzz/check/$$t- build/fuzz/check/$$t $$seeds \
	        >>build/fuzz/check/$$t.log 2>&1 || { cat build/fuzz/check/$$t.log; exit 1; }; \
	    grep '^Done' build/fuzz/check/$$t.log | tail -n 1; \
	done

deps:
	scripts/deps.sh

run:
	scripts/deps.sh
	$(MAKE) sahifa
	test -f sahifa.db || ./sahifa init --db sahifa.db --demo
	./sahifa serve --db sahifa.db --listen 127.0.0.1:8080

test:
	scripts/deps.sh --test
	$(MAKE) -j$$(nproc) fmt-check sahifa $(TEST_BIN) $(BENCH_BIN) build/asan/sahifa $(ASAN_TEST) $(FUZZ_BIN)
	$(MAKE) unit quality http browser unit-asan http-asan fuzz-check

# Search quality must stay at the search issue's targets (skips without ../shared).
quality: build/bench/search_quality
	build/bench/search_quality --check

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t --jobs 1; done

http: sahifa
	node --test tests/http/*.test.mjs

# The same unit tests and HTTP suite against the sanitizer build (SAHIFA_BIN: tests/lib/server.mjs).
unit-asan: $(ASAN_TEST)
	@set -e; for t in $(ASAN_TEST); do echo "== $$t"; $(SAN_ENV) $$t --jobs 1; done

http-asan: build/asan/sahifa
	$(SAN_ENV) SAHIFA_BIN=build/asan/sahifa node --test tests/http/*.test.mjs

browser: sahifa
	node --test tests/browser/*.test.mjs

FORMATTED = $(SRC) $(wildcard src/*/*.h) $(TESTS_C) $(wildcard tests/unit/*.h) tools/*.c \
            $(FUZZ_C) $(wildcard tests/fuzz/*.h)

fmt:
	clang-format -i $(FORMATTED)

fmt-check:
	@clang-format --dry-run -Werror $(FORMATTED)

clean:
	rm -rf build sahifa

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d)
