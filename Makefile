# prognosis - build, test, install.
#
#   make demo     build and run the main job on a seed
#   make check    the whole test suite (Check's summary line last)
#   make asan     the suite again under AddressSanitizer + UBSan
#
# Build output goes to $(B) (build/ by default).  Other targets live in
# mk/*.mk, one file per concern.

B        ?= build
CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
SHELL    := /bin/bash

PKGS      := libpcre2-8 yaml-0.1 jansson gmime-3.0 zlib
TEST_PKGS := check
# Debian packages that provide them (make deps installs what is missing).
DEB_PKGS  := pkg-config libpcre2-dev libyaml-dev libjansson-dev check \
             libgmime-3.0-dev zlib1g-dev

OPT      ?= -O2
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            $(OPT) -g $(WARN) -fvisibility=hidden -Iinclude -Isrc -I$(B)/gen
# -isystem: warnings in other projects' headers are not ours to fix.
PKG_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
EXTRA_PKGS ?=
EXTRA_CFLAGS = $(if $(EXTRA_PKGS),$(shell pkg-config --cflags $(EXTRA_PKGS) 2>/dev/null))
EXTRA_LIBS   = $(if $(EXTRA_PKGS),$(shell pkg-config --libs $(EXTRA_PKGS) 2>/dev/null))
SAN      ?=
ALL_CFLAGS = $(CFLAGS_BASE) $(SAN) $(PKG_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS)
ALL_LIBS   = $(PKG_LIBS) $(EXTRA_LIBS) -lm

LIB_SRC  := $(sort $(wildcard src/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)
PATTERNS := grammar/lines.pcre2
GEN_HDR  := $(B)/gen/patterns.h

.PHONY: all deps demo check test asan clean
.DEFAULT_GOAL := all

all: deps $(B)/prognosis $(B)/libprognosis.a

# ------------------------------------------------------------ dependencies
# Installs what is missing with apt-get when root, else prints the command.
deps: $(B)/.deps-ok
$(B)/.deps-ok: Makefile
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "make deps: installing$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || exit 1; \
	  else \
	    echo "make deps: missing Debian packages:$$missing"; \
	    echo "run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@mkdir -p $(B) && touch $@

# ------------------------------------------------------------------ build
$(B)/gen/patterns.h: $(PATTERNS) tools/gen-patterns.sh
	@mkdir -p $(@D)
	sh tools/gen-patterns.sh $(PATTERNS) > $@.tmp && mv $@.tmp $@

# One test runner over every suite: each tests/*.c defining
# "Suite *NAME_suite(void)" is picked up here.
$(B)/gen/suites.h: $(TEST_SRC)
	@mkdir -p $(@D)
	@sed -n 's/^Suite \*\([a-z0-9_]*_suite\)(void).*/PG_SUITE(\1)/p' $(TEST_SRC) > $@.tmp && mv $@.tmp $@

$(B)/%.o: %.c $(GEN_HDR) include/prognosis.h src/internal.h | $(B)/.deps-ok
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/tests/main.o: $(B)/gen/suites.h

$(B)/libprognosis.a: $(LIB_OBJ)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(B)/prognosis: $(CLI_OBJ) $(B)/libprognosis.a
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(B)/libprognosis.a $(ALL_LIBS)

$(B)/check_prognosis: $(TEST_OBJ) $(B)/libprognosis.a $(B)/prognosis
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) $$(pkg-config --cflags $(TEST_PKGS)) -o $@ $(TEST_OBJ) \
	  $(B)/libprognosis.a $(ALL_LIBS) $$(pkg-config --libs $(TEST_PKGS))

# Suites are found by name, not by header: no prototypes to demand.
$(B)/tests/%.o: ALL_CFLAGS += $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null) \
	-DPG_BUILD_DIR='"$(B)"' -Wno-missing-prototypes

# ------------------------------------------------------------------ use
demo: all
	@echo '$$ prognosis lint --today 2026-06-20 fixtures/demo/status.txt'
	@$(B)/prognosis lint --today 2026-06-20 fixtures/demo/status.txt || true
	@echo
	@echo '$$ prognosis fmt --diff fixtures/demo/status.txt'
	@$(B)/prognosis fmt --diff fixtures/demo/status.txt || true
	@echo
	@echo '$$ prognosis convert --to yaml fixtures/demo/status.txt | sed -n 62,90p'
	@$(B)/prognosis convert --to yaml fixtures/demo/status.txt | sed -n 62,90p

# The suite runs twice: first with the line patterns in PCRE2's
# interpreter (PG_NO_JIT), which allocates where JIT code does not, so the
# allocation-failure tests reach those paths too; then as users run it.
check: all $(B)/check_prognosis
	@cd $(CURDIR) && PG_NO_JIT=1 CK_VERBOSITY=minimal PG_BIN=$(CURDIR)/$(B)/prognosis \
	  $(B)/check_prognosis | sed 's/^/no JIT: /'; exit $${PIPESTATUS[0]}
	@cd $(CURDIR) && PG_BIN=$(CURDIR)/$(B)/prognosis $(B)/check_prognosis

test: check

asan:
	$(MAKE) B=build/asan OPT=-O1 \
	  SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  check

clean:
	rm -rf build

-include $(wildcard mk/*.mk)
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
