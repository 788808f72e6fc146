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


UNPARSABLE = [  # (file, a line of it, the line with an unclosed quote, line and column, what the finding says waits)
    ("partnership.yaml", "name: Hampshire, Isle of Wight", 'name: "Hampshire, Isle of Wight', 5, 7,
     "references to the areas, footnotes, organisations and strategic objectives it defines are not reported"),
    ("toc.yaml", "    title: Multi-agency and Systems Change", '    title: "Multi-agency and Systems Change', 56, 12,
     "references to the ToC activities it defines are not reported"),
    ("obpf.yaml", "    title: Reducing serious violence", '    title: "Reducing serious violence', 11, 12,
     "references to the OBPF indicators it defines are not reported"),
    ("crest.yaml", "  title: Joint Readiness Assessment", '  title: "Joint Readiness Assessment', 6, 10,
     "references to the Crest recommendations it defines are not reported"),
]


@pytest.mark.parametrize("name, line_text, broken, line, column, waits", UNPARSABLE,
                         ids=[case[0] for case in UNPARSABLE])
def test_an_unparsable_file_that_defines_ids_is_one_finding_that_says_what_waits(
        run, data_copy, name, line_text, broken, line, column, waits):
    path = data_copy / name
    text = path.read_text("utf-8")
    assert text.count(line_text) == 1
    path.write_text(text.replace(line_text, broken), "utf-8")
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    errors = [f for f in result.json["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in errors] == [
        ("yaml-syntax", f"data/{name}", line, column)]
    assert errors[0]["message"].endswith(f". Until this file reads, {waits}")
    # every group, meeting and return cites these ids: none of those references is reported unknown
    assert not [f for f in result.json["findings"] if f["rule"] in ("unknown-ref", "not-a-member")]


@pytest.mark.parametrize("damage, rule, words", [
    (None, "missing-file", "the data directory has no toc.yaml; every partnership needs one. Until it exists, "),
    ("- a list\n", "schema", "the file must hold a mapping of keys, but holds a list or a single value. "
                             "Until this file reads, "),
], ids=["missing", "a-list"])
def test_a_missing_or_shapeless_file_says_once_what_waits_for_it(run, data_copy, damage, rule, words):
    path = data_copy / "toc.yaml"
    if damage is None:
        path.unlink()
    else:
        path.write_text(damage, "utf-8")
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    assert result.code == 1
    errors = [f for f in result.json["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["file"], f["line"]) for f in errors] == [(rule, "data/toc.yaml", 1)]
    assert errors[0]["message"] == words + "references to the ToC activities it defines are not reported"
