"""One mistake, one finding: a group file that cannot be parsed is one error, at the line where
the mistake is, saying what to do, and the references to the group it defines (one per meeting
file) are not reported as unknown."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("broken, line, column, words", [
    ('name: "Data and Analysis Working Group\n', 4, 7, "opens a double quote that is not closed on its line"),
    ("name: Data: and Analysis Working Group\n", 4, 11, "put the text in quotes"),
], ids=["unclosed-quote", "colon-in-prose"])
def test_an_unparsable_group_file_is_one_finding_at_its_line(run, data_copy, broken, line, column, words):
    path = data_copy / "groups" / "dawg.yaml"
    text = path.read_text("utf-8")
    assert "name: Data and Analysis Working Group\n" in text
    path.write_text(text.replace("name: Data and Analysis Working Group\n", broken, 1), "utf-8")
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    errors = [f for f in result.json["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in errors] == [
        ("yaml-syntax", "data/groups/dawg.yaml", line, column)]
    assert words in errors[0]["message"]
    assert "references to group 'dawg' and the orphan checks, which need every group, are not reported" in errors[0]["message"]
    assert not [f for f in result.json["findings"] if f["rule"] in ("unknown-ref", "orphan-activity")]
