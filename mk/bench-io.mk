# make bench-io: MB/s and peak memory of check and of every convert
# direction (text <-> JSON <-> YAML) on generated 10 MB and 100 MB
# documents in $(B)/bench-io, beside libyaml's own parse/emit of the same
# YAML.  A sanity check that prints numbers (see tools/bench-io.py), not a
# timed test.  BENCH_IO_SIZES="1 10" for a quick run; BENCH_IO_RUNS=N.
BENCH_IO_SIZES ?= 10 100
BENCH_IO_RUNS  ?= 3

.PHONY: bench-io
bench-io: $(B)/prognosis $(B)/yaml-events
	@python3 tools/bench-io.py --bin $(B)/prognosis --yaml-events $(B)/yaml-events \
	  --dir $(B)/bench-io --sizes "$(BENCH_IO_SIZES)" --runs $(BENCH_IO_RUNS)

$(B)/yaml-events: tools/yaml-events.c $(B)/.deps-ok
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LIBS)
