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


def _validate(run, data_copy, edits):
    for name, old, new in edits:
        path = data_copy / name
        text = path.read_text("utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)


DAWG_MEETINGS = ("data/meetings/dawg/2026-05-06.yaml (line 8), data/meetings/dawg/2026-06-03.yaml (line 8), "
                 "data/meetings/dawg/2026-07-01.yaml (line 9), data/meetings/dawg/2026-08-05.yaml (line 8), "
                 "data/meetings/dawg/2026-09-02.yaml (line 8)")


def test_an_organisation_misspelt_in_a_membership_is_one_unknown_ref_and_one_not_a_member(run, data_copy):
    result = _validate(run, data_copy, [("groups/dawg.yaml", 'organisation: "police"', 'organisation: "polce"')])
    assert result.code == 1
    found = [(f["rule"], f["file"], f["line"], f["column"], f["message"]) for f in result.json["findings"]
             if f["rule"] in ("unknown-ref", "not-a-member")]
    assert found == [
        ("unknown-ref", "data/groups/dawg.yaml", 27, 19,
         "no organisation 'polce' is defined in partnership.yaml (organisations); did you mean 'police'?"),
        # the five meetings that list police: one warning, at the first, naming each
        ("not-a-member", "data/meetings/dawg/2026-05-06.yaml", 8, 19,
         "police is not a member of dawg; add it to groups/dawg.yaml or correct these entries; "
         f"listed in 5 meetings: {DAWG_MEETINGS}"),
    ]


def test_an_organisation_misspelt_at_a_meeting_is_only_unknown_ref(run, data_copy):
    result = _validate(run, data_copy, [("meetings/dawg/2026-06-03.yaml", '["vru", "police"', '["vru", "polce"')])
    assert result.code == 1
    found = [(f["rule"], f["file"], f["line"], f["column"]) for f in result.json["findings"]
             if f["rule"] in ("unknown-ref", "not-a-member")]
    assert found == [("unknown-ref", "data/meetings/dawg/2026-06-03.yaml", 8, 19)]


def test_an_indicator_renamed_in_the_framework_is_one_unknown_ref_naming_every_citation(run, data_copy):
    result = _validate(run, data_copy, [("obpf.yaml", 'id: "1.1.1.e"', 'id: "1.1.1.x"')])
    assert result.code == 1
    errors = [f for f in result.json["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in errors] == [
        ("unknown-ref", "data/groups/tvrp.yaml", 118, 14)]
    quarters = ["2023-24-Q1", "2023-24-Q2", "2023-24-Q3", "2023-24-Q4", "2024-25-Q1", "2024-25-Q2", "2024-25-Q3",
                "2024-25-Q4", "2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"]
    assert errors[0]["message"] == (
        "no OBPF indicator '1.1.1.e' is defined in obpf.yaml; did you mean '1.1.1.x'? Cited 15 times: "
        "data/groups/tvrp.yaml (line 118), " + ", ".join(f"data/returns/{q}.yaml (line 7)" for q in quarters))


def test_a_group_id_misspelt_is_one_unknown_ref_for_its_meetings(run, data_copy):
    result = _validate(run, data_copy, [("groups/dawg.yaml", 'id: "dawg"', 'id: "dwag"')])
    assert result.code == 1
    errors = [(f["rule"], f["file"], f["line"], f["message"]) for f in result.json["findings"] if f["severity"] == "error"]
    assert errors == [
        ("file-name", "data/groups/dawg.yaml", 3,
         "the group id is 'dwag' but the file is dawg.yaml; rename the file to dwag.yaml or change the id"),
        ("unknown-ref", "data/meetings/dawg/2026-05-06.yaml", 4,
         "no group 'dawg' is defined in groups/; groups/dawg.yaml gives its group the id 'dwag'; cited 5 times: "
         + DAWG_MEETINGS.replace("(line 8)", "(line 4)").replace("(line 9)", "(line 4)")),
    ]


def test_a_renamed_organisation_or_area_has_no_knock_on_findings(run, data_copy):
    """Police's roles are under the old id, and Portsmouth's estimates too: unknown-ref says so, once;
    authority-unrepresented and no-population do not repeat it."""
    result = _validate(run, data_copy, [("partnership.yaml", 'id: "police"', 'id: "polise"'),
                                        ("partnership.yaml", 'id: "portsmouth"', 'id: "portsmuth"')])
    assert result.code == 1
    found = [(f["rule"], f["file"], f["line"], f["message"].split(" Cited ")[0]) for f in result.json["findings"]
             if f["rule"] in ("unknown-ref", "authority-unrepresented", "no-population")]
    assert found == [
        ("unknown-ref", "data/groups/dawg.yaml", 27,
         "no organisation 'police' is defined in partnership.yaml (organisations); did you mean 'polise'?"),
        ("unknown-ref", "data/population.yaml", 17,
         "no area 'portsmouth' is defined in partnership.yaml (areas); did you mean 'portsmuth'?"),
    ]


def test_an_area_misspelt_in_a_return_is_only_unknown_ref(run, data_copy):
    result = _validate(run, data_copy, [("returns/2026-27-Q1.yaml", 'area: "portsmouth"', 'area: "portsmuth"')])
    assert result.code == 1
    assert [(f["rule"], f["file"], f["line"]) for f in result.json["findings"] if f["severity"] == "error"] == [
        ("unknown-ref", "data/returns/2026-27-Q1.yaml", 18)]


def test_a_group_file_whose_id_was_changed_names_the_id_it_holds(run, data_copy):
    result = _validate(run, data_copy, [("groups/svrp.yaml", 'id: "svrp"', 'id: "svpr"')])
    errors = [(f["rule"], f["file"], f["line"], f["message"]) for f in result.json["findings"] if f["severity"] == "error"]
    assert errors == [
        ("unknown-ref", "data/groups/dawg.yaml", 8, "no group 'svrp' is defined in groups/; groups/svrp.yaml gives "
         "its group the id 'svpr'; cited 4 times: data/groups/dawg.yaml (line 8), data/groups/engagement.yaml (line 8), "
         "data/groups/ieo.yaml (line 9), data/groups/tvrp.yaml (line 8)"),
        ("file-name", "data/groups/svrp.yaml", 5,
         "the group id is 'svpr' but the file is svrp.yaml; rename the file to svpr.yaml or change the id"),
    ]
    assert result.code == 1


def test_a_meeting_date_typed_a_year_on_does_not_also_flag_its_actions(run, data_copy):
    result = _validate(run, data_copy, [("meetings/dawg/2026-06-03.yaml", "date: 2026-06-03", "date: 2027-06-03")])
    assert result.code == 1
    found = [(f["rule"], f["file"], f["line"]) for f in result.json["findings"] if f["file"].startswith("data/meetings")]
    assert found == [("file-name", "data/meetings/dawg/2026-06-03.yaml", 5),
                     ("meeting-in-future", "data/meetings/dawg/2026-06-03.yaml", 5)]


def test_a_financial_year_changed_in_partnership_yaml_is_one_finding_for_every_returns_file(run, data_copy):
    result = _validate(run, data_copy, [("partnership.yaml", "financial_year_start_month: 4",
                                         "financial_year_start_month: 1")])
    assert result.code == 1
    errors = [f for f in result.json["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in errors] == [
        ("id-format", "data/returns/2023-24-Q1.yaml", 4, 10)]
    quarters = ["2023-24-Q1", "2023-24-Q2", "2023-24-Q3", "2023-24-Q4", "2024-25-Q1", "2024-25-Q2", "2024-25-Q3",
                "2024-25-Q4", "2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"]
    assert errors[0]["message"] == (
        "the quarters of 14 returns files (from '2023-24-Q1') are not quarter ids for a financial year starting in "
        "month 1; if partnership.yaml's financial_year_start_month is right, write them like 2024-Q1; in 14 files: "
        + ", ".join(f"data/returns/{q}.yaml (line 4)" for q in quarters))
