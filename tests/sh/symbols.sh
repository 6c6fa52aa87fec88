# libprognosis.so exports exactly the public API: the functions the header
# marks PG_API, listed in tests/exported-symbols.txt; nothing internal
# (pg__*, helpers) leaks out of -fvisibility=hidden.
. tests/sh/lib.sh
need nm binutils
so=$B/libprognosis.so
[ -e "$so" ] || fail "$so not built (make check builds it)"
list=tests/exported-symbols.txt
# The list must be the header's PG_API declarations (so neither drifts).
sed -n 's/^PG_API[^(]*[ *]\(pg_[a-z0-9_]*\)(.*/\1/p' include/prognosis.h | sort > "$SCRATCH/header"
grep -v '^#' "$list" | sed '/^$/d' | sort > "$SCRATCH/list"
diff -u "$SCRATCH/list" "$SCRATCH/header" ||
    fail "$list differs from the PG_API declarations of include/prognosis.h (run make exported-symbols)"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | sort > "$SCRATCH/exported"
diff -u "$SCRATCH/list" "$SCRATCH/exported" ||
    fail "libprognosis.so exports differ from $list (- missing, + unexpected)"
echo "$(wc -l < "$SCRATCH/exported") symbols exported, exactly the public API"
