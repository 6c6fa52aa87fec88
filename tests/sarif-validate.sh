#!/bin/sh
# sarif-validate.sh FILE CACHE_DIR - validate a SARIF log against the
# official SARIF 2.1.0 JSON schema (OASIS; the rtm.5 file Microsoft ships,
# MIT licensed, in the npm package @microsoft/jest-sarif).  The schema is
# fetched with npm into CACHE_DIR the first time and kept there, never in
# git.  Exit 0 valid, 1 invalid, 77 when it cannot be checked here (no
# npm / registry / python3 jsonschema).
set -u
file=$1
cache=$2
schema=$cache/sarif-schema-2.1.0.json
if [ ! -s "$schema" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "npm is not available to fetch the SARIF schema"
        exit 77
    fi
    mkdir -p "$cache" || exit 77
    tmp=$(mktemp -d "$cache/pack.XXXXXX") || exit 77
    if ! (cd "$tmp" && timeout 120 npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 \
            >/dev/null 2>&1 && tar xzf ./*.tgz) ||
       ! cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$schema.tmp"; then
        rm -rf "$tmp" "$schema.tmp"
        echo "could not fetch the SARIF schema through npm"
        exit 77
    fi
    mv "$schema.tmp" "$schema"
    rm -rf "$tmp"
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 is not available"; exit 77; }
python3 - "$schema" "$file" <<'PY'
import json, sys
try:
    import jsonschema
except ImportError:
    print("python3 jsonschema is not installed")
    sys.exit(77)
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = jsonschema.Draft4Validator(schema)
errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:20]:
    print("/".join(str(p) for p in e.path), ":", e.message)
sys.exit(1 if errors else 0)
PY
