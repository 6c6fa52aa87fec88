# make fuzz: libFuzzer targets of fuzz/ (see fuzz/README.md).
#   FUZZ_SECONDS  time per target (default 60)
#   FUZZ_TARGETS  which targets (default: all whose entry point the
#                 public header declares)
# The library is compiled again with clang and the fuzzer's coverage
# instrumentation into $(B)/fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FZ           := $(B)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS   = $(filter-out -Werror -O% -fvisibility=hidden,$(CFLAGS_BASE)) -O1 \
                -DPG_FUZZING $(FUZZ_SAN) $(PKG_CFLAGS)
# target:entry point it needs in include/prognosis.h
FUZZ_ALL     := fuzz_text:pg_parse_text fuzz_json:pg_load_json \
                fuzz_yaml:pg_load_yaml fuzz_config:pg_lint_config_load_yaml \
                fuzz_mbox:pg_mbox_open_mem
fuzz_name     = $(word 1,$(subst :, ,$(1)))
fuzz_entry    = $(word 2,$(subst :, ,$(1)))
FUZZ_SED      := s/^PG_API[^(]*[ *]\(pg_[a-z0-9_]*\)(.*/\1/p
FUZZ_DECLARED := $(shell sed -n '$(FUZZ_SED)' include/prognosis.h)
FUZZ_HAVE    := $(foreach t,$(FUZZ_ALL),$(if $(filter $(call fuzz_entry,$(t)),$(FUZZ_DECLARED)),$(call fuzz_name,$(t))))
FUZZ_TARGETS ?= $(FUZZ_HAVE)
FUZZ_OBJ     := $(LIB_SRC:%.c=$(FZ)/obj/%.o)
FUZZ_RUN_FLAGS = -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-replay fuzz-tools

# clang with libFuzzer (Debian: clang); installed when root.
fuzz-tools:
	@command -v $(FUZZ_CC) >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null; } || \
	  { echo "make fuzz: $(FUZZ_CC) missing: sudo apt-get install -y clang"; exit 1; }

$(FZ)/obj/%.o: %.c $(B)/.deps-ok $(GEN_HDR) include/prognosis.h src/internal.h | fuzz-tools
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FZ)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.h fuzz/fuzz_stream.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(ALL_LIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FZ)/%)

# Seed corpora, rebuilt each run: fixtures, the shared corpus, fuzz/seeds,
# and JSON/YAML made from the text seeds by the built prognosis.
# The shared corpus sits beside the clone (CI) or beside the worktrees.
SHARED ?= $(firstword $(wildcard ../shared ../../shared) ../shared)
fuzz-seeds: $(B)/prognosis
	@rm -rf $(FZ)/seeds && mkdir -p $(addprefix $(FZ)/seeds/,fuzz_text fuzz_json fuzz_yaml fuzz_config fuzz_mbox)
	@i=0; for f in $$(find fixtures -type f \( -name '*.txt' -o -name 'input*' \) 2>/dev/null) \
	      $(wildcard $(SHARED)/corpus/*.txt $(SHARED)/seeds/*.txt); do \
	  i=$$((i+1)); cp "$$f" $(FZ)/seeds/fuzz_text/$$i; \
	  $(B)/prognosis convert --from text --to json "$$f" > $(FZ)/seeds/fuzz_json/t$$i 2>/dev/null || rm -f $(FZ)/seeds/fuzz_json/t$$i; \
	  $(B)/prognosis convert --from text --to yaml "$$f" > $(FZ)/seeds/fuzz_yaml/t$$i 2>/dev/null || rm -f $(FZ)/seeds/fuzz_yaml/t$$i; \
	done; \
	for f in $$(find fixtures -type f -name '*.json' 2>/dev/null); do i=$$((i+1)); cp "$$f" $(FZ)/seeds/fuzz_json/$$i; done; \
	for f in $$(find fixtures -type f \( -name '*.yaml' -o -name '*.yml' \) ! -name '.prognosis.yaml' 2>/dev/null); do i=$$((i+1)); cp "$$f" $(FZ)/seeds/fuzz_yaml/$$i; done; \
	for f in $$(find fixtures fuzz/seeds/config -type f -name '*.yaml' 2>/dev/null | grep -E 'prognosis\.yaml$$|config|lint'); do i=$$((i+1)); cp "$$f" $(FZ)/seeds/fuzz_config/$$i; done; \
	for f in $$(find fixtures -type f \( -name '*.mbox' -o -name '*.eml' \) 2>/dev/null) \
	      $(wildcard $(SHARED)/corpus/raw/*.eml $(SHARED)/corpus/raw/*.mbox); do \
	  i=$$((i+1)); cp "$$f" $(FZ)/seeds/fuzz_mbox/$$i; done; \
	[ -d $(SHARED)/corpus ] || echo "fuzz-seeds: $(SHARED)/corpus not found; seeding from fixtures/ only"; \
	for t in fuzz_text fuzz_json fuzz_yaml fuzz_config fuzz_mbox; do \
	  echo "fuzz-seeds: $$t: $$(ls $(FZ)/seeds/$$t | wc -l) seeds"; done

# Each target for FUZZ_SECONDS; the first crash fails the target (its
# input is in $(FZ)/crashes/TARGET/), and make fuzz fails at the end.
fuzz: fuzz-build fuzz-seeds
	@[ -n "$(FUZZ_TARGETS)" ] || { echo "make fuzz: no target's entry point in this build"; exit 1; }
	@st=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FZ)/corpus/$$t $(FZ)/crashes/$$t fuzz/regressions/$$t; \
	  dict=; [ $$t = fuzz_text ] && dict=-dict=fuzz/text.dict; \
	  echo "== $$t for $(FUZZ_SECONDS) s"; \
	  if $(FZ)/$$t $(FUZZ_RUN_FLAGS) $$dict -max_total_time=$(FUZZ_SECONDS) \
	       -artifact_prefix=$(FZ)/crashes/$$t/ $(FZ)/corpus/$$t $(FZ)/seeds/$$t \
	       fuzz/regressions/$$t > $(FZ)/$$t.log 2>&1; then \
	    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|cov:' $(FZ)/$$t.log | tail -3; \
	  else st=1; echo "$$t: FAILED, see $(FZ)/$$t.log; crash inputs in $(FZ)/crashes/$$t/"; \
	    grep -E 'ERROR:|oracle broken|SUMMARY' $(FZ)/$$t.log | head -5; fi; \
	done; exit $$st

# The seeds and committed regressions once, no fuzzing: a quick check.
fuzz-replay: fuzz-build fuzz-seeds
	@st=0; for t in $(FUZZ_TARGETS); do mkdir -p fuzz/regressions/$$t; \
	  mkdir -p $(FZ)/crashes/$$t; $(FZ)/$$t $(FUZZ_RUN_FLAGS) -runs=0 -artifact_prefix=$(FZ)/crashes/$$t/ \
	    $(FZ)/seeds/$$t fuzz/regressions/$$t \
	    > $(FZ)/$$t.replay.log 2>&1 && echo "$$t: replay ok" || \
	    { st=1; echo "$$t: replay FAILED, see $(FZ)/$$t.replay.log"; }; done; exit $$st

-include $(FUZZ_OBJ:.o=.d)

# Keep the instrumented objects between runs (they are not intermediate).
.SECONDARY: $(FUZZ_OBJ)
