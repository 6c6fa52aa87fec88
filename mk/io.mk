# JSON/YAML data model: validate the golden outputs against the schema
# (needs python3 with jsonschema and yaml; skipped with a note otherwise).
.PHONY: check-schema
check-schema:
	@python3 tools/check-schema.py fixtures/convert/*/expected.json fixtures/convert/*/expected.yaml
