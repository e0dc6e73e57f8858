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
LIB_OBJ  := $(filter-out build/obj/cli/main.o,$(OBJ)) build/obj/builtin.o
THEME    := $(sort $(shell find themes/default -type f 2>/dev/null))
DEMO     := $(sort $(wildcard demo/*.json))
# Made at build time (scripts/fonts.sh): the subset WOFF2 typefaces and the app icons.
MADE     := $(addprefix build/static/,naskh.woff2 naskh-bold.woff2 sans.woff2 sans-bold.woff2 \
            kufi-bold.woff2 icon-180.png icon-192.png icon-512.png)
TESTS_C  := $(sort $(wildcard tests/unit/*.c))
TEST_BIN := $(TESTS_C:tests/unit/%.c=build/test/%)

.PHONY: all run test unit quality http browser fmt fmt-check deps clean check-templates check-layers \
        bench-search
all: sahifa

sahifa: build/obj/cli/main.o build/libsahifa.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/libsahifa.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/obj/%.o: src/%.c | build/layers.ok
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# Templates, static files and the demo site are compiled into the binary (Fossil's mkbuiltin),
# after the template check has passed.
build/builtin.c: build/mkbuiltin build/templates.ok $(THEME) $(DEMO) build/static.ok
	build/mkbuiltin $(THEME) $(MADE) $(DEMO) > $@.tmp && mv $@.tmp $@

build/static.ok: scripts/fonts.sh themes/default/static/favicon.svg
	scripts/fonts.sh build/static
	@touch $@

build/obj/builtin.o: build/builtin.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

build/mkbuiltin: tools/mkbuiltin.c
	@mkdir -p build
	$(CC) $(CFLAGS) -o $@ $<

build/templates.ok: scripts/check-templates.sh $(THEME)
	@mkdir -p build
	scripts/check-templates.sh themes/default/templates
	@touch $@

check-templates: build/templates.ok

# No layer includes one above it, and pages, admin and api include none of one another
# (docs/ARCHITECTURE.md), checked before anything is compiled.
build/layers.ok: scripts/check-layers.sh $(SRC) $(wildcard src/*/*.h)
	@mkdir -p build
	scripts/check-layers.sh src
	@touch $@

check-layers: build/layers.ok

build/test/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/libsahifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< build/libsahifa.a $(LDFLAGS) $(LDLIBS) $(TEST_LIBS)

# Benchmarks: C programs under bench/ linked with the library, and scripts.
BENCH_C   := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_C:bench/%.c=build/bench/%)

build/bench/%: bench/%.c build/libsahifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< build/libsahifa.a $(LDFLAGS) $(LDLIBS)

bench-search: $(BENCH_BIN)
	build/bench/search_quality
	build/bench/search_speed

deps:
	scripts/deps.sh

run:
	scripts/deps.sh
	$(MAKE) sahifa
	test -f sahifa.db || ./sahifa init --db sahifa.db --demo
	./sahifa serve --db sahifa.db --listen 127.0.0.1:8080

test:
	scripts/deps.sh --test
	$(MAKE) fmt-check sahifa $(TEST_BIN) $(BENCH_BIN)
	$(MAKE) unit quality http browser

# Search quality must stay at the search issue's targets (skips without ../shared).
quality: build/bench/search_quality
	build/bench/search_quality --check

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t --jobs 1; done

http: sahifa
	node --test tests/http/*.test.mjs

browser: sahifa
	node --test tests/browser/*.test.mjs

FORMATTED = $(SRC) $(wildcard src/*/*.h) $(TESTS_C) $(wildcard tests/unit/*.h) tools/*.c

fmt:
	clang-format -i $(FORMATTED)

fmt-check:
	@clang-format --dry-run -Werror $(FORMATTED)

clean:
	rm -rf build sahifa

-include $(OBJ:.o=.d)
