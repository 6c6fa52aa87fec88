# The command line against hostile surroundings: a directory or an
# unreadable file given as input, a full disk under -o and fmt -w (the
# original stays intact, no temporary file is left behind), standard
# output on /dev/full, and a reader that closes the pipe early.
. tests/sh/lib.sh
good=fixtures/hooks/good.txt
T=$SCRATCH

expect_unusable() { # expect_unusable WHAT NAME CMD...: exit 2, NAME in the message
    local what=$1 name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; local st=$?
    [ $st = 2 ] || fail "$what: exit $st, want 2 (stderr: $(head -c 300 "$T/err"))"
    grep -q -- "$name" "$T/err" || fail "$what: message does not name $name: $(head -c 300 "$T/err")"
    [ $(wc -l < "$T/err") -le 3 ] || fail "$what: more than 3 lines of errors"
    echo "$what: $(head -n 1 "$T/err")"
}

mkdir "$T/adir"
expect_unusable "check on a directory" "$T/adir" "$PG" check "$T/adir"
expect_unusable "convert on a directory" "$T/adir" "$PG" convert --to json "$T/adir"
expect_unusable "check on a missing file" "$T/missing.txt" "$PG" check "$T/missing.txt"

# An unreadable file.  root reads anything, so drop to nobody when root.
cp "$good" "$T/secret.txt"; chmod 000 "$T/secret.txt"
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
       setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$PG"; then
        chmod 755 "$T"
        expect_unusable "check on an unreadable file" "$T/secret.txt" \
            setpriv --reuid=65534 --regid=65534 --clear-groups "$PG" check "$T/secret.txt"
    else
        echo "unreadable file: skipped (root, and cannot run as nobody)"
    fi
else
    expect_unusable "check on an unreadable file" "$T/secret.txt" "$PG" check "$T/secret.txt"
fi

# Standard output that refuses bytes: an error naming the cause, not
# silent success (JSON and YAML are written from a thread of their own).
for to in text json yaml; do
    "$PG" convert --to $to "$good" >/dev/full 2>"$T/err"; st=$?
    [ $st != 0 ] || fail "convert --to $to > /dev/full exited 0"
    grep -q "No space left on device" "$T/err" ||
        fail "convert --to $to > /dev/full does not say why: $(head -c 300 "$T/err")"
    echo "convert --to $to > /dev/full: exit $st: $(head -n 1 "$T/err")"
done
# Every command's output (they said nothing and exited 0 or 2).
for cmd in "fmt $good" "diff $good $good" "history $good $good" "lint --explain all" \
    "lint --print-config $good" "--version"; do
    # shellcheck disable=SC2086 # the command's words
    "$PG" $cmd >/dev/full 2>"$T/err"; st=$?
    [ $st = 2 ] || fail "$cmd > /dev/full: exit $st, want 2"
    grep -q "standard output: " "$T/err" || fail "$cmd > /dev/full does not say why"
    echo "$cmd > /dev/full: exit $st: $(head -n 1 "$T/err")"
done
# lint's report too, in every format (it said nothing and exited 1).
printf '= Open =\n\n*  Item with no state\n  -  Owner\n*  Other (ok)\n' > "$T/finding.txt"
for fmt in text json sarif github; do
    "$PG" lint --format $fmt "$T/finding.txt" >/dev/full 2>"$T/err"; st=$?
    [ $st = 2 ] || fail "lint --format $fmt > /dev/full: exit $st, want 2"
    grep -q "No space left on device" "$T/err" ||
        fail "lint --format $fmt > /dev/full does not say why: $(head -c 300 "$T/err")"
    echo "lint --format $fmt > /dev/full: exit $st: $(head -n 1 "$T/err")"
done

# A reader that goes away: no error spam, no death by SIGPIPE.
# About 1.5 MB of items: more than a pipe or the small tmpfs below holds.
awk 'BEGIN { print "Subject\n\n= Open =\n"; for (i = 0; i < 50000; i++) printf "*  Item %d (good)\n  -  Owner\n\n", i }' > "$T/big.txt"
set +e
for to in text json yaml; do
    "$PG" convert --to $to "$T/big.txt" 2>"$T/err" | head -c 10 >/dev/null
    st=${PIPESTATUS[0]}
    [ $st -lt 128 ] || fail "convert --to $to | head: killed by signal $((st - 128))"
    [ ! -s "$T/err" ] || fail "convert --to $to | head printed: $(head -c 300 "$T/err")"
    echo "convert --to $to | head -c 10: exit $st, quiet"
done
# Tabs in 50,000 item heads: a report of megabytes.
tr ' ' '\t' < "$T/big.txt" > "$T/tabs.txt"
for fmt in text json; do
    "$PG" lint --format $fmt "$T/tabs.txt" 2>"$T/err" | head -c 10 >/dev/null
    st=${PIPESTATUS[0]}
    [ $st -lt 128 ] || fail "lint --format $fmt | head: killed by signal $((st - 128))"
    [ ! -s "$T/err" ] || fail "lint --format $fmt | head printed: $(head -c 300 "$T/err")"
    echo "lint --format $fmt | head -c 10: exit $st, quiet"
done

# A full disk: a small tmpfs filled to the last block (root), else a
# read-only directory.  Writing -o OUT must fail and leave OUT as it was.
full_or_readonly() {
    if [ "$(id -u)" = 0 ] && mkdir "$T/mnt" && mount -t tmpfs -o size=256k,mode=755 tmpfs "$T/mnt" 2>/dev/null; then
        trap 'umount "$T/mnt" 2>/dev/null; cleanup' EXIT
        echo ORIGINAL > "$T/mnt/out.json"
        printf 'Subject\n\n= Open =\n\n*  Title (Good)\n  -  Owner\n' > "$T/mnt/status.txt"
        dd if=/dev/zero of="$T/mnt/filler" bs=4k 2>/dev/null
        DIR=$T/mnt KIND="full tmpfs"
    else
        mkdir "$T/ro"; echo ORIGINAL > "$T/ro/out.json"
        printf 'Subject\n\n= Open =\n\n*  Title (Good)\n  -  Owner\n' > "$T/ro/status.txt"
        chmod 555 "$T/ro"; DIR=$T/ro KIND="read-only directory"
        [ "$(id -u)" = 0 ] && { echo "full disk: skipped (root without tmpfs: a read-only dir is writable)"; return 1; }
    fi
    return 0
}
if full_or_readonly; then
    ls -a "$DIR" | sort > "$T/before"
    "$PG" convert --to text -o "$DIR/out.json" "$T/big.txt" 2>"$T/err"; st=$?
    [ $st != 0 ] || fail "convert -o on a $KIND exited 0"
    [ "$(cat "$DIR/out.json")" = ORIGINAL ] || fail "convert -o on a $KIND damaged the original"
    ls -a "$DIR" | sort > "$T/after"
    diff "$T/before" "$T/after" >/dev/null || fail "convert -o on a $KIND left files: $(diff "$T/before" "$T/after")"
    echo "convert -o on a $KIND: exit $st, original intact: $(head -n 1 "$T/err")"
    if "$PG" fmt --help 2>&1 | grep -q 'not available in this build yet'; then
        echo "fmt -w on a $KIND: skipped (prognosis fmt: not available in this build yet)"
    else
        cp "$DIR/status.txt" "$T/status.orig" 2>/dev/null
        # Precondition: fmt has something to write (else -w proves nothing).
        "$PG" fmt --check "$DIR/status.txt" >/dev/null 2>&1 && fail "fmt --check: nothing to change in the test input"
        "$PG" fmt -w "$DIR/status.txt" 2>"$T/err"; st=$?
        [ $st != 0 ] || fail "fmt -w on a $KIND exited 0"
        cmp -s "$DIR/status.txt" "$T/status.orig" || fail "fmt -w on a $KIND damaged the original"
        ls -a "$DIR" | sort > "$T/after"
        diff "$T/before" "$T/after" >/dev/null || fail "fmt -w on a $KIND left files"
        echo "fmt -w on a $KIND: exit $st, original intact: $(head -n 1 "$T/err")"
    fi
fi
# Large files are mapped, not read: the same findings and the same JSON as
# through standard input (read into memory), and a file that shrinks while
# mapped ends with a clear error (exit 2), not a SIGBUS crash.
big=$T/big.txt
{ cat fixtures/demo/status.txt; i=0; while [ $i -lt 400 ]; do
      printf '\n==Area %d==\n\n*  Item %d of a big update (ok)\n  -  Ann\n  trailing space \n' $i $i
      i=$((i + 1)); done; } > "$big"
while [ $(stat -c %s "$big") -lt 1200000 ]; do cat "$big" "$big" > "$T/b2"; mv "$T/b2" "$big"; done
"$PG" check "$big" > "$T/mapped" 2>&1; st1=$?
"$PG" check - < "$big" > "$T/piped" 2>&1; st2=$?
sed 's|^<stdin>:|'"$big"':|' "$T/piped" | cmp -s - "$T/mapped" || fail "check: mapped file and stdin differ"
[ $st1 = $st2 ] || fail "check: exit $st1 mapped, $st2 from stdin"
"$PG" convert --to json "$big" | cmp -s - <("$PG" convert --to json - < "$big") ||
    fail "convert: mapped file and stdin give different JSON"
[ -s "$T/mapped" ] || fail "check found nothing in the big file (the comparison would prove nothing)"
echo "mapped input: same findings ($(tail -n 1 "$T/mapped")) and JSON as stdin"
if command -v cc >/dev/null; then
    # mmap, then truncate the file under the mapping: its pages are gone.
    cat > "$T/shrink.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>
void *mmap(void *a, size_t n, int prot, int flags, int fd, off_t off)
{
    void *(*real)(void *, size_t, int, int, int, off_t) = dlsym(RTLD_NEXT, "mmap");
    void *p = real(a, n, prot, flags, fd, off);
    if (fd >= 0 && n >= (1u << 20) && getenv("PG_SHRINK"))
        (void)!truncate(getenv("PG_SHRINK"), 0);
    return p;
}
C
    sed -i '1a #include <stdlib.h>' "$T/shrink.c"
    if cc -shared -fPIC -o "$T/shrink.so" "$T/shrink.c" -ldl 2>"$T/cc.err"; then
        cp "$big" "$T/shrinking.txt"
        # An ASan build wants its runtime first in the preload list.
        pre=$(ldd "$PG" 2>/dev/null | awk '/libasan/ {print $3}')
        PG_SHRINK=$T/shrinking.txt LD_PRELOAD="${pre:+$pre }$T/shrink.so" "$PG" check "$T/shrinking.txt" >"$T/out" 2>"$T/err"; st=$?
        [ $st = 2 ] || fail "file shrinking under the mapping: exit $st, want 2 ($(head -c 200 "$T/err"))"
        grep -q "shrank while it was being read" "$T/err" || fail "shrinking file: no clear message: $(head -c 200 "$T/err")"
        echo "file shrinking while mapped: exit 2: $(head -n 1 "$T/err")"
    else
        echo "file shrinking while mapped: skipped (cc cannot build a preload library: $(head -n 1 "$T/cc.err"))"
    fi
else
    echo "file shrinking while mapped: skipped (no cc)"
fi
echo "cli edges: ok"
