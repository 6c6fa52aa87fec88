# The real pre-commit framework, in a scratch repository, using this
# project's .pre-commit-hooks.yaml: a commit of a bad status file is
# stopped by prognosis-lint, a clean one goes through.
. tests/sh/lib.sh
need git git
need pre-commit pre-commit
need_lint
export PRE_COMMIT_HOME=$SCRATCH/cache HOME=$SCRATCH/home
mkdir -p "$HOME"
git config --global user.name T; git config --global user.email t@example.org
git config --global init.defaultBranch main
# The hook repository: this project's hook definitions, committed.
H=$SCRATCH/hookrepo
git init -q "$H" && cp .pre-commit-hooks.yaml "$H/" &&
    (cd "$H" && git add . && git commit -q -m hooks) || fail "hook repo"
pre-commit validate-manifest .pre-commit-hooks.yaml || fail "pre-commit validate-manifest"
rev=$(git -C "$H" rev-parse HEAD)
R=$SCRATCH/project
git init -q "$R"
cat > "$R/.pre-commit-config.yaml" <<EOC
repos:
-   repo: $H
    rev: $rev
    hooks:
    -   id: prognosis-lint
EOC
# language: system runs "prognosis" from PATH: this build's binary.
mkdir -p "$SCRATCH/bin" && ln -s "$PG" "$SCRATCH/bin/prognosis"
export PATH=$SCRATCH/bin:$PATH
cd "$R" || fail "cd"
pre-commit install >/dev/null || fail "pre-commit install"
git add .pre-commit-config.yaml && git commit -q -m config >/dev/null 2>&1 || fail "commit config"

cp "$ROOT/fixtures/hooks/bad.txt" status.txt && git add status.txt
git commit -m "bad update" > "$SCRATCH/out" 2>&1 && { cat "$SCRATCH/out"; fail "bad status.txt was committed"; }
grep -q godo "$SCRATCH/out" || { cat "$SCRATCH/out"; fail "finding not shown"; }
echo "bad status.txt refused:"; sed 's/^/  | /' "$SCRATCH/out"

cp "$ROOT/fixtures/hooks/good.txt" status.txt && git add status.txt
git commit -m "good update" > "$SCRATCH/out" 2>&1 || { cat "$SCRATCH/out"; fail "good status.txt refused"; }
grep -q 'prognosis lint.*Passed' "$SCRATCH/out" || { cat "$SCRATCH/out"; fail "hook did not run on the good file"; }
echo "good status.txt committed: $(grep 'prognosis lint' "$SCRATCH/out")"
