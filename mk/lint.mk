# make lint: static analysis, no findings allowed.
#   clang-tidy   checks of .clang-tidy over src/ cli/ (compiled as the build does)
#   cppcheck     warning, portability and performance checks
#   clang-format the style of .clang-format (make format applies it)
# Each tool that is missing is installed when root (Debian packages
# clang-tidy, cppcheck, clang-format), else reported and the target fails.
LINT_SRC   := $(LIB_SRC) $(CLI_SRC)
FORMAT_SRC := $(LIB_SRC) $(CLI_SRC) $(wildcard src/*.h cli/*.h include/*.h fuzz/*.c tests/*.c examples/*.c tools/*.c)
# Unique per-run list of what cppcheck must not report (system headers).
CPPCHECK_FLAGS := --enable=warning,portability,performance --error-exitcode=1 \
    --inline-suppr --quiet --std=c11 -Iinclude -Isrc -I$(B)/gen \
    --suppress=missingIncludeSystem --suppress=unmatchedSuppression \
    -D__GNUC__ -D_POSIX_C_SOURCE=200809L

.PHONY: lint lint-tidy lint-cppcheck lint-format format lint-tools

lint-tools:
	@for t in clang-tidy:clang-tidy cppcheck:cppcheck clang-format:clang-format; do \
	  cmd=$${t%%:*}; pkg=$${t#*:}; \
	  command -v $$cmd >/dev/null && continue; \
	  if [ "$$(id -u)" = 0 ]; then echo "make lint: installing $$pkg"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg >/dev/null || exit 1; \
	  else echo "make lint: $$cmd missing: sudo apt-get install -y $$pkg"; exit 1; fi; \
	done

lint: lint-tools
	@st=0; \
	$(MAKE) --no-print-directory lint-tidy || st=1; \
	$(MAKE) --no-print-directory lint-cppcheck || st=1; \
	$(MAKE) --no-print-directory lint-format || st=1; \
	if [ $$st = 0 ]; then echo "make lint: clean"; else echo "make lint: findings above"; fi; exit $$st

lint-tidy: $(GEN_HDR) $(B)/.deps-ok
	clang-tidy --quiet $(LINT_SRC) -- $(filter-out -g -O%,$(CFLAGS_BASE)) $(PKG_CFLAGS) 2>&1 \
	  | grep -v '^[0-9]* warnings* generated\.$$'; exit $${PIPESTATUS[0]}

lint-cppcheck: $(GEN_HDR)
	cppcheck $(CPPCHECK_FLAGS) $(LINT_SRC)

lint-format:
	@bad=$$(for f in $(FORMAT_SRC); do \
	  clang-format --dry-run --Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "clang-format: not in the style of .clang-format (make format):"; \
	  echo "$$bad" | sed 's/^/  /'; exit 1; fi

format:
	clang-format -i $(FORMAT_SRC)
