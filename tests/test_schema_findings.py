"""pydantic's errors turned into findings on their own: the rule, the message and the exact place."""

from __future__ import annotations

from pydantic import ValidationError

from vrptool.loader import load_file
from vrptool.models.crest import CrestTracker
from vrptool.models.group import Group
from vrptool.schema_findings import findings_from


def findings(tmp_path, text: str, model):
    path = tmp_path / "file.yaml"
    path.write_text(text, "utf-8")
    source = load_file(path, display="file.yaml")
    assert not source.findings
    try:
        model.model_validate(source.tree)
    except ValidationError as error:
        return [(f.rule, f.line, f.column, f.message) for f in findings_from(error, source, model)]
    raise AssertionError("the model accepted the file")


ASSESSMENT = 'assessment: {title: T, author: A, published: "2023-05"}\n'


def test_a_missing_key_points_at_its_parent_mapping(tmp_path):
    found = findings(tmp_path, ASSESSMENT + 'recommendations:\n  - id: "1.2"\n    text: Do it.\n', CrestTracker)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("schema", 3, 5)]
    assert found[0][3].startswith("missing key 'status'") and found[0][3].endswith("; add it")


def test_an_unknown_key_points_at_the_key_with_a_suggestion(tmp_path):
    found = findings(tmp_path, ASSESSMENT + 'recommendations:\n  - id: "1.2"\n    text: Do it.\n    status: open\n'
                     "    evidense: x\n", CrestTracker)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("schema", 6, 5)]
    assert found[0][3].startswith("unknown key 'evidense'") and "did you mean 'evidence'?" in found[0][3]


def test_a_value_outside_its_list_points_at_the_key(tmp_path):
    found = findings(tmp_path, ASSESSMENT + 'recommendations:\n  - id: "1.2"\n    text: Do it.\n    status: opne\n',
                     CrestTracker)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("schema", 5, 5)]
    assert "did you mean 'open'?" in found[0][3]


def test_ids_get_their_own_rules(tmp_path):
    found = findings(tmp_path, ASSESSMENT + 'recommendations:\n  - id: 6.10\n    text: A.\n    status: open\n'
                     '  - id: "Rec 2"\n    text: B.\n    status: open\n', CrestTracker)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("id-not-string", 3, 9), ("id-format", 6, 9)]
    assert found[0][3] == "'6.10' is written as a number; ids are text: quote it, \"6.10\""


def test_an_impossible_date_is_named(tmp_path):
    text = ('id: "g"\nname: G\nabbreviation: G\nreports_to: "svrp"\ntor:\n  version: 1\n  issued: 2023-02-30\n'
            "membership: []\n")
    found = findings(tmp_path, text, Group)
    assert ("schema", 7, 3) in [(rule, line, column) for rule, line, column, _ in found]
    assert any("'2023-02-30' is not a real date" in message for *_, message in found)
