"""Each reporter of the registry on its own: the same findings, in each format's exact shape."""

from __future__ import annotations

import json

import pytest

from vrptool import formatters
from vrptool.findings import Finding, Severity
from vrptool.formatters.base import Summary

FINDINGS = [
    Finding("data/groups/dawg.yaml", 8, 13, Severity.ERROR, "unknown-ref",
            "no group 'svpr' is defined in groups/; did you mean 'svrp'?"),
    Finding("data/toc.yaml", 12, 9, Severity.WARNING, "orphan-activity", "no group delivers ToC activity 1.a: 100%, a, b"),
]
SUMMARY = Summary.of(FINDINGS, 37)


def render(name: str) -> str:
    return formatters.reporter(name).render(FINDINGS, SUMMARY)


def test_the_registry_names_every_reporter_and_the_first_is_the_default():
    assert list(formatters.REPORTERS) == ["text", "json", "github", "sarif"]
    assert formatters.DEFAULT == "text"
    for name in formatters.REPORTERS:
        assert type(formatters.reporter(name)).__name__ == formatters.REPORTERS[name][1]
        assert name in formatters.choices_help()
    with pytest.raises(KeyError):
        formatters.reporter("xml")


def test_summary_counts_and_says_it_in_words():
    assert (SUMMARY.errors, SUMMARY.warnings, SUMMARY.files) == (1, 1, 37)
    assert SUMMARY.sentence() == "1 error, 1 warning in 37 files"
    assert Summary.of([], 1).sentence() == "0 errors, 0 warnings in 1 file"


def test_text_is_one_line_per_finding_then_the_summary():
    assert render("text").splitlines() == [
        "data/groups/dawg.yaml:8:13: error [unknown-ref] no group 'svpr' is defined in groups/; did you mean 'svrp'?",
        "data/toc.yaml:12:9: warning [orphan-activity] no group delivers ToC activity 1.a: 100%, a, b",
        "1 error, 1 warning in 37 files",
    ]


def test_json_has_the_fixed_shape():
    document = json.loads(render("json"))
    assert document == {
        "findings": [finding.as_dict() for finding in FINDINGS],
        "summary": {"errors": 1, "warnings": 1, "files": 37},
    }
    assert document["findings"][0] == {"file": "data/groups/dawg.yaml", "line": 8, "column": 13, "severity": "error",
                                       "rule": "unknown-ref",
                                       "message": "no group 'svpr' is defined in groups/; did you mean 'svrp'?"}


def test_github_escapes_properties_and_data():
    lines = render("github").splitlines()
    assert lines[0] == ("::error file=data/groups/dawg.yaml,line=8,col=13,title=vrptool [unknown-ref]::"
                        "no group 'svpr' is defined in groups/; did you mean 'svrp'?")
    # a message's % is escaped; ':' and ',' only in properties
    assert lines[1] == ("::warning file=data/toc.yaml,line=12,col=9,title=vrptool [orphan-activity]::"
                        "no group delivers ToC activity 1.a: 100%25, a, b")
    assert lines[2] == "1 error, 1 warning in 37 files"


def test_sarif_lists_every_rule_once_and_points_each_result_at_its_rule():
    from vrptool.rules import catalogue

    run = json.loads(render("sarif"))["runs"][0]
    assert json.loads(render("sarif"))["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(catalogue())
    for result, finding in zip(run["results"], FINDINGS):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == finding.severity.value
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.line, finding.column)


#: A finding whose file name and message hold what would end or forge a line of output.
HOSTILE = Finding("data/groups/a\nb:c,d.yaml", 3, 1, Severity.ERROR, "schema",
                  "unknown key 'x\r\n::warning::forged\x1b[31m'; 50%")


def test_text_writes_each_control_character_as_its_escape_and_colours_by_severity():
    reporter = formatters.reporter("text")
    assert reporter.render([HOSTILE], Summary.of([HOSTILE], 1)).splitlines() == [
        "data/groups/a\\nb:c,d.yaml:3:1: error [schema] unknown key 'x\\r\\n::warning::forged\\u001b[31m'; 50%",
        "1 error, 0 warnings in 1 file",
    ]
    lines = reporter.segments(FINDINGS, SUMMARY)
    assert [style for text, style in lines[0] if text in ("error", "[unknown-ref]")] == ["bold red", "dim"]
    assert [style for text, style in lines[1] if text == "warning"] == ["yellow"]
    assert lines[-1][0] == ("1 error, 1 warning in 37 files", "bold red")
    assert reporter.segments(FINDINGS[1:], Summary.of(FINDINGS[1:], 1))[-1][0][1] == "yellow"
    assert reporter.segments([], Summary.of([], 1))[-1][0] == ("0 errors, 0 warnings in 1 file", "green")


def test_github_keeps_a_hostile_finding_on_its_own_line():
    lines = formatters.reporter("github").render([HOSTILE], Summary.of([HOSTILE], 1)).splitlines()
    assert lines == ["::error file=data/groups/a%0Ab%3Ac%2Cd.yaml,line=3,col=1,title=vrptool [schema]::"
                     "unknown key 'x%0D%0A::warning::forged\x1b[31m'; 50%25",
                     "1 error, 0 warnings in 1 file"]


def test_json_of_clean_data_has_the_same_shape_with_no_findings():
    assert json.loads(formatters.reporter("json").render([], Summary.of([], 38))) == {
        "findings": [], "summary": {"errors": 0, "warnings": 0, "files": 38}}


def test_sarif_describes_every_rule_from_the_catalogue_and_quotes_each_message():
    from vrptool import __version__
    from vrptool.rules import catalogue

    document = json.loads(render("sarif"))
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    driver = document["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("vrptool", __version__)
    assert driver["rules"] == [{"id": rule.id, "name": rule.id, "shortDescription": {"text": rule.summary},
                                "defaultConfiguration": {"level": rule.severity.value}}
                               for rule in catalogue().values()]
    assert [r["message"]["text"] for r in document["runs"][0]["results"]] == [f.message for f in FINDINGS]
    clean = json.loads(formatters.reporter("sarif").render([], Summary.of([], 1)))
    assert clean["runs"][0]["results"] == [] and clean["runs"][0]["tool"]["driver"]["rules"] == driver["rules"]
