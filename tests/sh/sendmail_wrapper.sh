# hooks/prognosis-sendmail as mutt/neomutt would run it ($sendmail with the
# recipients appended, the message on standard input), in front of a
# stand-in sendmail that records what it receives: a bad update is held
# back with the findings on stderr, a clean one and an ordinary mail are
# passed on byte for byte with the arguments intact.
. tests/sh/lib.sh
need_lint
S=$SCRATCH
cat > "$S/sendmail" <<'EOS'
#!/bin/sh
printf '%s\n' "$*" > "$(dirname "$0")/args"
cat > "$(dirname "$0")/delivered"
EOS
chmod +x "$S/sendmail"
mail() { # mail SUBJECT BODY-FILE
    printf 'From: rm@example.org\nTo: xen-devel@example.org\nSubject: %s\n\n' "$1"
    sed 1,2d "$2"
}
wrap() { PROGNOSIS=$PG sh hooks/prognosis-sendmail "$S/sendmail" -oem -oi -- xen-devel@example.org; }

mail "Xen 4.5 development update" fixtures/hooks/bad.txt > "$S/bad.eml"
rm -f "$S/delivered"
wrap < "$S/bad.eml" 2>"$S/err" && fail "bad update: wrapper exited 0"
[ ! -e "$S/delivered" ] || fail "bad update was handed to sendmail"
n=$(grep -n godo "$S/bad.eml" | cut -d: -f1)
grep -q "message:$n:[0-9]*: .*godo" "$S/err" || fail "bad update: finding not shown at line $n: $(cat "$S/err")"
echo "bad update held back:"; sed 's/^/  | /' "$S/err"

mail "Xen 4.5 development update" fixtures/hooks/good.txt > "$S/good.eml"
wrap < "$S/good.eml" 2>"$S/err" || fail "good update refused: $(cat "$S/err")"
cmp -s "$S/good.eml" "$S/delivered" || fail "good update not delivered unchanged"
[ "$(cat "$S/args")" = "-oem -oi -- xen-devel@example.org" ] || fail "arguments changed: $(cat "$S/args")"
echo "good update delivered unchanged"

printf 'From: a@example.org\nSubject: lunch?\n\n* Pizza (godo)\n' > "$S/other.eml"
wrap < "$S/other.eml" 2>"$S/err" || fail "ordinary mail refused: $(cat "$S/err")"
cmp -s "$S/other.eml" "$S/delivered" || fail "ordinary mail not delivered unchanged"
echo "ordinary mail delivered unchanged"
