# make install into a temporary DESTDIR, then build examples/summary.c
# against the installed header and shared library through pkg-config and
# run it; make uninstall must remove every file it installed.
. tests/sh/lib.sh
need pkg-config pkg-config
need readelf binutils
D=$SCRATCH/stage
unset MAKEFLAGS MFLAGS MAKELEVEL
make -s --no-print-directory B="$B" DESTDIR="$D" PREFIX=/usr install >"$SCRATCH/install.log" 2>&1 ||
    { cat "$SCRATCH/install.log"; fail "make install"; }

for f in bin/prognosis bin/prognosis-sendmail include/prognosis.h lib/libprognosis.a \
         lib/libprognosis.so lib/libprognosis.so.0 lib/pkgconfig/prognosis.pc \
         share/man/man1/prognosis.1 share/man/man5/prognosis-format.5 \
         share/bash-completion/completions/prognosis share/zsh/site-functions/_prognosis \
         share/prognosis/hooks/sendemail-validate; do
    [ -e "$D/usr/$f" ] || fail "not installed: /usr/$f"
done
soname=$(readelf -d "$D/usr/lib/libprognosis.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libprognosis.so.0 ] || fail "soname is '$soname', want libprognosis.so.0"
grep -q '^prefix=/usr$' "$D/usr/lib/pkgconfig/prognosis.pc" || fail "prognosis.pc prefix"

export PKG_CONFIG_PATH=$D/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$D
flags=$(pkg-config --cflags --libs prognosis) || fail "pkg-config prognosis"
echo "pkg-config --cflags --libs prognosis: $flags"
case $flags in *"-I$D/usr/include"*) ;; *) fail "cflags do not point into DESTDIR: $flags" ;; esac
# Build from a copy outside the tree, so nothing but pkg-config finds the header.
cp examples/summary.c "$SCRATCH/summary.c"
(cd "$SCRATCH" && ${CC:-cc} -std=c11 -Wall -Wextra -Werror summary.c $flags -o summary) ||
    fail "cannot build examples/summary.c against the installed library"
ldd_out=$(LD_LIBRARY_PATH=$D/usr/lib ldd "$SCRATCH/summary")
echo "$ldd_out" | grep -q "libprognosis.so.0 => $D/usr/lib/libprognosis.so.0" ||
    fail "not linked against the installed libprognosis.so.0: $ldd_out"
out=$(LD_LIBRARY_PATH=$D/usr/lib "$SCRATCH/summary" < fixtures/hooks/good.txt) || fail "summary exited $?"
echo "installed example: $out"
# The same program built in the tree by make check must agree.
if [ -x "$B/examples/summary" ]; then
    want=$("$B/examples/summary" < fixtures/hooks/good.txt)
    [ "$out" = "$want" ] || fail "installed '$out' vs in-tree '$want'"
fi
case $out in "3 items, 3 with a state,"*) ;; *) fail "unexpected summary: $out" ;; esac

make -s --no-print-directory B="$B" DESTDIR="$D" PREFIX=/usr uninstall >/dev/null 2>&1 || fail "make uninstall"
left=$(find "$D" ! -type d)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "install, pkg-config build and uninstall: ok"
