# make valgrind: the whole suite under valgrind's memcheck (one process:
# CK_FORK=no), failing on any memory error or definite leak.  PG_NO_JIT:
# PCRE2's JIT code reads past a subject's end by design, which memcheck
# would report; the interpreter runs the same patterns.
.PHONY: valgrind
valgrind: all $(B)/check_prognosis
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; } || \
	  { echo "make valgrind: valgrind missing: sudo apt-get install -y valgrind"; exit 1; }
	cd $(CURDIR) && CK_FORK=no PG_NO_JIT=1 PG_BIN=$(CURDIR)/$(B)/prognosis valgrind -q \
	  --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
	  --errors-for-leak-kinds=definite $(B)/check_prognosis
