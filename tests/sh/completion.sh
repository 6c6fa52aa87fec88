# bash completion completes every command of cli/main.c and the values of
# --to; the zsh function parses and names every command.
. tests/sh/lib.sh
cmds=$(sed -n 's/^ *{"\([a-z]*\)", cmd_.*/\1/p' cli/main.c)
got=$(bash -c '
    . completion/prognosis.bash
    COMP_WORDS=(prognosis ""); COMP_CWORD=1; _prognosis; echo "${COMPREPLY[*]}"
    COMP_WORDS=(prognosis convert --to ""); COMP_CWORD=3; _prognosis; echo "${COMPREPLY[*]}"
    COMP_WORDS=(prognosis lint --fo); COMP_CWORD=2; _prognosis; echo "${COMPREPLY[*]}"
') || fail "bash completion errors"
line1=$(printf '%s\n' "$got" | sed -n 1p)
for c in $cmds; do
    case " $line1 " in *" $c "*) ;; *) fail "bash completion lacks command '$c' (got: $line1)" ;; esac
done
[ "$(printf '%s\n' "$got" | sed -n 2p)" = "text json yaml" ] || fail "convert --to completes: $got"
[ "$(printf '%s\n' "$got" | sed -n 3p)" = "--format" ] || fail "lint --fo completes: $got"
need zsh zsh
zsh -n completion/_prognosis || fail "zsh -n completion/_prognosis"
for c in $cmds; do
    grep -q "'$c:" completion/_prognosis || fail "zsh completion lacks command '$c'"
done
# Every long option a command's --help prints is completed by both.
for c in $cmds; do
    help=$("$PG" "$c" --help 2>&1) || true
    case $help in *"not available in this build yet"*) continue ;; esac
    for opt in $(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
        [ "$opt" = --help ] && continue
        grep -q -- "$opt" completion/prognosis.bash || fail "bash completion lacks '$c $opt'"
        grep -q -- "$opt" completion/_prognosis || fail "zsh completion lacks '$c $opt'"
    done
done
echo "bash and zsh completion: ok"
