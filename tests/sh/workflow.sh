# The lint step of examples/github-workflow.yml, run as written in a
# scratch checkout: a clean status.txt passes and leaves a SARIF 2.1.0
# report; a bad one fails the step with a ::error annotation on the
# right line and the finding in the SARIF file.
. tests/sh/lib.sh
need_lint
step=$(sed -n 's/^ *run: \(prognosis lint .*\)$/\1/p' examples/github-workflow.yml)
[ -n "$step" ] || fail "no 'run: prognosis lint ...' step in examples/github-workflow.yml"
echo "workflow step: $step"
mkdir -p "$SCRATCH/bin" && ln -s "$PG" "$SCRATCH/bin/prognosis"
export PATH=$SCRATCH/bin:$PATH GITHUB_ACTIONS=true
cd "$SCRATCH" || fail cd

cp "$ROOT/fixtures/hooks/good.txt" status.txt
bash -c "$step" > out 2>&1 || { cat out; fail "the step fails on a clean status.txt"; }
grep -q '"version": *"2.1.0"' prognosis.sarif || fail "no SARIF 2.1.0 report written"
echo "clean status.txt: step passes, SARIF written"

cp "$ROOT/fixtures/hooks/bad.txt" status.txt
rm -f prognosis.sarif
bash -c "$step" > out 2>&1 && { cat out; fail "the step passes on a bad status.txt"; }
n=$(grep -n godo status.txt | cut -d: -f1)
grep -q "^::error .*file=status.txt,line=$n" out || { cat out; fail "no ::error annotation for status.txt line $n"; }
grep -q unknown-state prognosis.sarif || fail "the finding is not in the SARIF report"
echo "bad status.txt: step fails with: $(grep -m1 '^::error' out | cut -c1-100)"
