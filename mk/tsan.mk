# make tsan: the suites that run threads (parallel parse, render and lint;
# the section-by-section conversion and lint; the CLI's lint report, formatted on
# threads when long) under ThreadSanitizer, which sees a data race
# whether or not the run it watches goes wrong.
.PHONY: tsan
tsan:
	$(MAKE) B=build/tsan OPT=-O1 \
	  SAN='-fsanitize=thread -fno-omit-frame-pointer' all build/tsan/check_prognosis
	@for s in parallel convert_stream lint_stream lint_cli; do \
	  echo "== tsan: $$s"; \
	  cd $(CURDIR) && CK_RUN_SUITE=$$s TSAN_OPTIONS='halt_on_error=1 exitcode=66' \
	    PG_BIN=$(CURDIR)/build/tsan/prognosis build/tsan/check_prognosis || exit 1; \
	done
