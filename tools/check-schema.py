#!/usr/bin/env python3
"""Validate JSON/YAML files against grammar/prognosis.schema.json.

Usage: tools/check-schema.py FILE...   (*.json read as JSON, others as YAML)
Needs the Python modules jsonschema and yaml; exits 0 with a note when they
are missing, so `make check-schema` never fails for lack of tools.
PyYAML reads YAML 1.1: a file that validates here also proves that our
quoting keeps `yes`, `1.0`, `null`... strings for YAML 1.1 readers.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"check-schema: skipped ({e.name} not installed)")
    sys.exit(0)

schema = json.load(open("grammar/prognosis.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
loaded = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
    # X.json and X.yaml side by side must carry the same data.
    stem = path.rsplit(".", 1)[0]
    if stem in loaded and loaded[stem] != data:
        print(f"{path}: differs from the {stem} file of the other format")
        bad += 1
    loaded[stem] = data
    for err in validator.iter_errors(data):
        where = "/" + "/".join(str(p) for p in err.absolute_path)
        print(f"{path}: {where}: {err.message}")
        bad += 1
print(f"check-schema: {len(sys.argv) - 1} files, {bad} errors")
sys.exit(1 if bad else 0)
