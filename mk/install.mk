# make install / make uninstall, the shared library, the example program.
#
#   make install PREFIX=/usr/local DESTDIR=/tmp/stage
#
# The shared library is built from its own -fPIC objects in $(B)/pic
# (never with the sanitizer flags of `make asan`: it is what gets
# installed), with soname libprognosis.so.$(SO_MAJOR) and only the pg_*
# API visible (-fvisibility=hidden + PG_API).
VERSION    := $(shell sed -n 's/^\#define PG_VERSION_STRING "\(.*\)"/\1/p' include/prognosis.h)
SO_MAJOR   := 0
SONAME     := libprognosis.so.$(SO_MAJOR)
SO_FILE    := libprognosis.so.$(VERSION)
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
INSTALL    ?= install

PIC_OBJ    := $(LIB_SRC:%.c=$(B)/pic/%.o)
PIC_CFLAGS  = $(CFLAGS_BASE) $(PKG_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS) -fPIC

.PHONY: install uninstall shared examples FORCE
FORCE:
# The .pc file depends on PREFIX, LIBDIR...: regenerated every time (FORCE).

shared: $(B)/libprognosis.so

$(B)/pic/%.o: %.c $(B)/.deps-ok $(GEN_HDR) include/prognosis.h src/internal.h
	@mkdir -p $(@D)
	$(CC) $(PIC_CFLAGS) -MMD -MP -c $< -o $@

$(B)/$(SO_FILE): $(PIC_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $(PIC_OBJ) $(ALL_LIBS)

$(B)/libprognosis.so: $(B)/$(SO_FILE)
	ln -sf $(SO_FILE) $(B)/$(SONAME)
	ln -sf $(SONAME) $@

$(B)/prognosis.pc: prognosis.pc.in include/prognosis.h FORCE
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@REQUIRES@|$(PKGS)|' $< > $@.tmp && mv $@.tmp $@

# The example of examples/ is built (and run on a seed) by make check.
$(B)/examples/summary: examples/summary.c $(B)/libprognosis.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libprognosis.a $(ALL_LIBS)

examples: $(B)/examples/summary
check: $(B)/examples/summary $(B)/libprognosis.so

install: all $(B)/libprognosis.so $(B)/prognosis.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	  $(DESTDIR)$(DATADIR)/prognosis/hooks
	$(INSTALL) -m 755 $(B)/prognosis $(DESTDIR)$(BINDIR)/prognosis
	$(INSTALL) -m 755 hooks/prognosis-sendmail $(DESTDIR)$(BINDIR)/prognosis-sendmail
	$(INSTALL) -m 644 $(B)/libprognosis.a $(DESTDIR)$(LIBDIR)/libprognosis.a
	$(INSTALL) -m 755 $(B)/$(SO_FILE) $(DESTDIR)$(LIBDIR)/$(SO_FILE)
	ln -sf $(SO_FILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libprognosis.so
	$(INSTALL) -m 644 include/prognosis.h $(DESTDIR)$(INCLUDEDIR)/prognosis.h
	$(INSTALL) -m 644 $(B)/prognosis.pc $(DESTDIR)$(LIBDIR)/pkgconfig/prognosis.pc
	$(INSTALL) -m 644 man/prognosis.1 $(DESTDIR)$(MANDIR)/man1/prognosis.1
	$(INSTALL) -m 644 man/prognosis-format.5 $(DESTDIR)$(MANDIR)/man5/prognosis-format.5
	$(INSTALL) -m 644 completion/prognosis.bash $(DESTDIR)$(BASHCOMPDIR)/prognosis
	$(INSTALL) -m 644 completion/_prognosis $(DESTDIR)$(ZSHCOMPDIR)/_prognosis
	$(INSTALL) -m 755 hooks/sendemail-validate $(DESTDIR)$(DATADIR)/prognosis/hooks/sendemail-validate

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/prognosis $(DESTDIR)$(BINDIR)/prognosis-sendmail \
	  $(DESTDIR)$(LIBDIR)/libprognosis.a $(DESTDIR)$(LIBDIR)/$(SO_FILE) \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libprognosis.so \
	  $(DESTDIR)$(INCLUDEDIR)/prognosis.h $(DESTDIR)$(LIBDIR)/pkgconfig/prognosis.pc \
	  $(DESTDIR)$(MANDIR)/man1/prognosis.1 $(DESTDIR)$(MANDIR)/man5/prognosis-format.5 \
	  $(DESTDIR)$(BASHCOMPDIR)/prognosis $(DESTDIR)$(ZSHCOMPDIR)/_prognosis \
	  $(DESTDIR)$(DATADIR)/prognosis/hooks/sendemail-validate
	-rmdir $(DESTDIR)$(DATADIR)/prognosis/hooks $(DESTDIR)$(DATADIR)/prognosis 2>/dev/null

-include $(PIC_OBJ:.o=.d)

# tests/exported-symbols.txt is the contract tests/sh/symbols.sh checks
# libprognosis.so against.  After adding PG_API functions: make exported-symbols.
PG_API_SED := s/^PG_API[^(]*[ *]\(pg_[a-z0-9_]*\)(.*/\1/p
.PHONY: exported-symbols
exported-symbols:
	@{ echo "# The public API: every function include/prognosis.h declares PG_API."; \
	   echo "# libprognosis.so exports exactly these (tests/sh/symbols.sh);"; \
	   echo "# regenerate with make exported-symbols after changing the header."; \
	   sed -n '$(PG_API_SED)' include/prognosis.h | sort; } > tests/exported-symbols.txt
	@echo "tests/exported-symbols.txt: $$(grep -vc '^#' tests/exported-symbols.txt) symbols"
