# make bench: time prognosis against `wc -l` on generated updates.
#   BENCH_SIZES  sizes of the generated update in MB (default 1 10 100)
#   BENCH_RUNS   runs per measurement; the median is shown (default 5)
#   BENCH_MBOX   messages in the generated mbox (default 10000)
# Inputs are generated once into $(B)/bench/ by tools/gen-bench.py.
BENCH_SIZES ?= 1 10 100
BENCH_RUNS  ?= 5
BENCH_MBOX  ?= 10000

.PHONY: bench bench-inputs

$(B)/bench/yaml-baseline: tools/yaml-baseline.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $< $$(pkg-config --cflags --libs yaml-0.1)

bench: all $(B)/bench/yaml-baseline
	@command -v /usr/bin/time >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  apt-get install -y -qq time >/dev/null; } || true
	@bash tools/bench.sh $(CURDIR)/$(B)/prognosis $(B)/bench "$(BENCH_SIZES)" \
	  $(BENCH_RUNS) $(BENCH_MBOX) $(B)/bench/yaml-baseline
