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
