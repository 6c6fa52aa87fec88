# The real `git send-email --dry-run` with hooks/sendemail-validate
# installed: a status update with an unknown state is refused, a clean one
# passes, and an ordinary patch is not linted at all.
. tests/sh/lib.sh
need git git
has_send_email() { [ -x "$(git --exec-path)/git-send-email" ]; }
if ! has_send_email && [ "$(id -u)" = 0 ]; then
    echo "installing Debian package git-email"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git-email >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git-email >/dev/null 2>&1; }
fi
has_send_email || skip "git send-email not available (Debian package git-email; not root, cannot install)"
need_lint

R=$SCRATCH/repo
git init -q "$R"
cp hooks/sendemail-validate "$R/.git/hooks/sendemail-validate"
chmod +x "$R/.git/hooks/sendemail-validate"
mail() { # mail FILE SUBJECT BODY-FILE
    { printf 'From: Release Manager <rm@example.org>\nTo: xen-devel@example.org\n'
      printf 'Subject: %s\nDate: Mon, 1 Jul 2019 13:35:34 +0200\n' "$2"
      printf 'Message-Id: <%s@example.org>\n\n' "$(basename "$1")"
      sed 1,2d "$3"; } > "$1"
}
mail "$SCRATCH/good.eml" "Xen 4.5 development update" fixtures/hooks/good.txt
mail "$SCRATCH/bad.eml" "Xen 4.5 development update" fixtures/hooks/bad.txt
(cd "$R" && echo 'int x;' > x.c && git add x.c &&
    git -c user.name=T -c user.email=t@example.org commit -q -m "x: add x" &&
    git format-patch -q -1 -o "$SCRATCH/patches") || fail "format-patch"

send() { # send FILE: git send-email --dry-run from inside the repository
    (cd "$R" && PROGNOSIS=$PG git send-email --dry-run --confirm=never --quiet \
        --from='Release Manager <rm@example.org>' --to=xen-devel@example.org \
        --smtp-server=/bin/true --no-annotate --validate "$@") > "$SCRATCH/out" 2>&1
}
send "$SCRATCH/bad.eml" && { cat "$SCRATCH/out"; fail "bad update was sent"; }
grep -q 'not sending' "$SCRATCH/out" || { cat "$SCRATCH/out"; fail "no refusal message from the hook"; }
n=$(grep -n godo "$SCRATCH/bad.eml" | cut -d: -f1)
grep -q "bad.eml:$n:[0-9]*: .*godo" "$SCRATCH/out" ||
    { cat "$SCRATCH/out"; fail "the finding is not reported at bad.eml:$n (the line of the message file)"; }
echo "bad update refused:"; sed 's/^/  | /' "$SCRATCH/out"

send "$SCRATCH/good.eml" || { cat "$SCRATCH/out"; fail "good update was refused"; }
grep -q '^Dry-' "$SCRATCH/out" || { cat "$SCRATCH/out"; fail "good update: send-email did not (dry-)send it"; }
echo "good update passes: $(grep -m1 '^Dry-' "$SCRATCH/out")"

send "$SCRATCH"/patches/*.patch || { cat "$SCRATCH/out"; fail "an ordinary patch was refused"; }
echo "ordinary patch passes"
