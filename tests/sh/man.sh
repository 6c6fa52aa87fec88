# The man pages render without a warning (groff -ww -z, man -l), name
# every subcommand of cli/main.c, and document every long option that a
# subcommand's --help prints.
. tests/sh/lib.sh
need groff groff
for page in man/prognosis.1 man/prognosis-format.5; do
    warn=$(groff -ww -z -man "$page" 2>&1)
    [ -z "$warn" ] || fail "groff -ww -z $page: $warn"
done
if command -v man >/dev/null; then
    for page in man/prognosis.1 man/prognosis-format.5; do
        out=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
        [ -z "$out" ] || fail "man -l $page: $out"
        MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q '^NAME' || fail "man -l $page: no NAME section"
    done
fi
# The man page source with groff escapes undone, for grepping.
sed 's/\\-/-/g; s/\\f[BIRP]//g' man/prognosis.1 > "$SCRATCH/page"
cmds=$(sed -n 's/^ *{"\([a-z]*\)", cmd_.*/\1/p' cli/main.c)
[ -n "$cmds" ] || fail "no commands found in cli/main.c"
for c in $cmds; do
    grep -Eq "^\.BI? \"?$c[ \"]" "$SCRATCH/page" || fail "prognosis.1 does not describe the command '$c'"
    help=$("$PG" "$c" --help 2>&1) || true
    case $help in *"not available in this build yet"*) continue ;; esac
    for opt in $(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
        grep -q -- "$opt" "$SCRATCH/page" || fail "prognosis.1 does not document '$c $opt' (from '$c --help')"
    done
done
# The format page follows the grammar: every line terminal the EBNF
# defines is named in it.
if [ -f grammar/prognosis.ebnf ]; then
    sed 's/\\-/-/g' man/prognosis-format.5 > "$SCRATCH/format"
    for t in $(sed -n 's/^\([A-Z][A-Z-]*[A-Z]\) *=.*/\1/p' grammar/prognosis.ebnf | sort -u); do
        grep -q -- "$t" "$SCRATCH/format" || fail "prognosis-format.5 does not describe the terminal $t of grammar/prognosis.ebnf"
    done
fi
echo "man pages clean; commands: $(echo $cmds)"
