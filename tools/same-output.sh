#!/usr/bin/env bash
# same-output.sh - do two builds of prognosis write the same bytes?
#
#   tools/same-output.sh OLD_PROGNOSIS NEW_PROGNOSIS [INPUT...]
#
# For a speed change that must not change behaviour: runs check, lint
# (JSON report, a fixed --today so the date rules do not move), convert
# --to json and --to yaml, and JSON -> text, with both binaries on every
# input, and compares stdout, stderr and the exit status.  Without
# INPUTs: the text fixtures, ../shared/corpus when it is there, the
# 10 MB bench update when it was generated, and the fuzz corpus of
# fuzz_text when a fuzz run left one.  Prints each difference and a
# summary line; exits 1 on any difference.
set -uo pipefail

old=$1 new=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
if (($# == 0)); then
    set -- $(find "$here/fixtures" -name '*.txt' | sort)
    [ -d "$here/../shared/corpus" ] && set -- "$@" "$here"/../shared/corpus/*.txt
    [ -f "$here/build/bench/doc-10.txt" ] && set -- "$@" "$here/build/bench/doc-10.txt"
    if [ -d "$here/build/fuzz/corpus/fuzz_text" ]; then
        set -- "$@" $(find "$here/build/fuzz/corpus/fuzz_text" -type f | sort | head -n 3000)
    fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # run BIN TAG FILE: outputs of every command into $tmp/TAG.*
    local bin=$1 tag=$2 f=$3
    {
        "$bin" check "$f"; echo "rc=$?"
        "$bin" lint --format json --today 2013-06-01 "$f"; echo "rc=$?"
        "$bin" lint --today 2013-06-01 "$f"; echo "rc=$?"
        "$bin" convert --to json "$f"; echo "rc=$?"
        "$bin" convert --to yaml "$f"; echo "rc=$?"
        "$bin" convert --to json "$f" 2>/dev/null | "$bin" convert --from json --to text -; echo "rc=$?"
    } >"$tmp/$tag.out" 2>"$tmp/$tag.err"
}

n=0 bad=0
for f in "$@"; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    run "$old" a "$f"
    run "$new" b "$f"
    # File names appear in messages: both ran on the same path.
    if ! cmp -s "$tmp/a.out" "$tmp/b.out" || ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
        bad=$((bad + 1))
        echo "differs: $f"
        diff <(cat "$tmp/a.out" "$tmp/a.err") <(cat "$tmp/b.out" "$tmp/b.err") | head -n 8
    fi
done
echo "same-output: $n inputs, $bad differ"
((bad == 0))
