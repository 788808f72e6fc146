"""vrptool schema: draft-07 JSON Schemas that an independent validator (jsonschema) applies to
every bundled file, agreeing with vrptool validate on which schema-level mistakes are errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import BUNDLED, ROOT
from vrptool.loader import load_file

KIND = {"partnership.yaml": "partnership", "toc.yaml": "toc", "obpf.yaml": "obpf", "crest.yaml": "crest",
        "population.yaml": "population"}


def kind_of(relative: Path) -> str:
    return {"groups": "group", "returns": "returns", "meetings": "meeting"}.get(relative.parts[0]) or KIND[relative.name]


def schemas(folder: Path) -> dict[str, dict]:
    return {path.name.removesuffix(".schema.json"): json.loads(path.read_text("utf-8"))
            for path in folder.glob("*.schema.json")}


def schema_errors(schema: dict, path: Path) -> list:
    tree = load_file(path).tree
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return list(validator.iter_errors(tree))


def test_the_committed_schemas_are_current_and_draft_07(run, tmp_path):
    assert run("schema", "-o", str(tmp_path / "out"), cwd=ROOT).code == 0
    generated = schemas(tmp_path / "out")
    assert generated == schemas(ROOT / "schemas")
    assert set(generated) == {"partnership", "group", "toc", "obpf", "crest", "returns", "meeting", "population"}
    for schema in generated.values():
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert "$defs" not in json.dumps(schema)  # yaml-language-server reads draft-07 "definitions"


def test_every_field_has_a_description():
    def fields(node):
        if isinstance(node, dict):
            yield from (node.get("properties") or {}).items()
            for value in node.values():
                yield from fields(value)
        elif isinstance(node, list):
            for value in node:
                yield from fields(value)

    for kind, schema in schemas(ROOT / "schemas").items():
        for name, field in fields(schema):
            assert field.get("description"), (kind, name)


def test_every_bundled_file_names_its_schema_and_passes_it():
    loaded = schemas(ROOT / "schemas")
    for path in sorted(BUNDLED.rglob("*.yaml")):
        relative = path.relative_to(BUNDLED)
        kind = kind_of(relative)
        first = path.read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={'../' * len(relative.parts)}schemas/{kind}.schema.json"
        assert schema_errors(loaded[kind], path) == [], path


MISTAKES = [  # (file, text, replacement): each a schema-level mistake both must call an error
    ("crest.yaml", "    status: open\n", "    status: opne\n"),
    ("crest.yaml", 'id: "6.1"', "id: 6.10"),
    ("crest.yaml", 'id: "6.1"', 'id: "6-1"'),
    ("groups/dawg.yaml", 'reports_to: "svrp"', 'report_to: "svrp"'),
    ("groups/dawg.yaml", "name: Data and Analysis Working Group\n", ""),
    ("groups/dawg.yaml", "  version: 1", "  version: one"),
    ("groups/tvrp.yaml", "issued: 2023-11-17", "issued: 2023-02-30"),
    ("groups/ieo.yaml", "status: no_representation", "status: absent"),
    ("obpf.yaml", "unit: percent", "unit: percentage"),
    ("obpf.yaml", 'source: "vru"', "source: 12"),
    ("toc.yaml", 'id: "4.g"', 'id: "4.G"'),
    ("partnership.yaml", "duty: relevant", "duty: maybe"),
    ("returns/2026-27-Q2.yaml", '  - indicator: "1.1.1.f"', "  - indicator: 1.11"),
    ("returns/2026-27-Q2.yaml", "    n: 27\n", "    n: many\n"),
    ("meetings/dawg/2026-09-02.yaml", "format: online", "format: telephone"),
]


@pytest.mark.parametrize("file, text, replacement", MISTAKES, ids=[f"{m[0]}:{m[2].strip()[:20]}" for m in MISTAKES])
def test_vrptool_and_the_json_schema_agree_on_schema_mistakes(run, data_copy, file, text, replacement):
    path = data_copy / file
    path.write_text(path.read_text("utf-8").replace(text, replacement, 1), "utf-8")
    assert schema_errors(schemas(ROOT / "schemas")[kind_of(Path(file))], path), "the JSON Schema accepts it"
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    errors = {f["rule"] for f in result.json["findings"] if f["file"] == f"data/{file}" and f["severity"] == "error"}
    assert errors & {"schema", "id-format", "id-not-string"}, result.json["findings"]
