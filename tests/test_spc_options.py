"""The control-chart options in the data: validated at their line, and used by the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT

# 1.1.1.e is the first indicator of obpf.yaml; its `better: lower` line is where options go.
ANCHOR = 'source: "police"\n                unit: count\n                better: lower\n'
TODAY = "2026-11-21"


def with_options(data: Path, options: str) -> int:
    """Adds `options` (indented as indicator keys) to 1.1.1.e; returns the first added line's number."""
    obpf = data / "obpf.yaml"
    text = obpf.read_text("utf-8")
    at = text.index(ANCHOR) + len(ANCHOR)
    obpf.write_text(text[:at] + options + text[at:], "utf-8")
    return text[:at].count("\n") + 1


def findings(run, data: Path) -> list[dict]:
    result = run("validate", "--data", "data", "--format", "json", "--today", TODAY, cwd=data.parent)
    return [f for f in result.json["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("options, rule, line, column, words", [
    ("                spc:\n                  fix_after: 6\n", "schema", 1, 19, "12"),
    ("                spc:\n                  limits: fixed\n", "schema", 1, 19, "limits"),
    ("                spc:\n                  rebase:\n                    - quarter: \"2025-Q1\"\n"
     "                      reason: New recording rules\n", "id-format", 2, 32, "2025-Q1"),
    ("                spc:\n                  rebase:\n                    - quarter: \"2025-26-Q1\"\n",
     "schema", 2, 23, "reason"),
    ("                seasonal: sometimes\n", "schema", 0, 17, "true or false"),
])
def test_bad_chart_options_are_findings_at_their_line(run, data_copy, options, rule, line, column, words):
    first = with_options(data_copy, options)
    found = findings(run, data_copy)
    assert [(f["rule"], f["file"], f["line"]) for f in found] == [(rule, "data/obpf.yaml", first + line)]
    assert words in found[0]["message"]
    assert found[0]["column"] == column


@pytest.mark.parametrize("setting, words", [("shift: 1", "2"), ("trend: seven", "whole number"), ("runs: 7", "runs")])
def test_bad_rule_lengths_are_findings(run, data_copy, setting, words):
    partnership = data_copy / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8") + f"spc:\n  {setting}\n", "utf-8")
    found = findings(run, data_copy)
    assert [(f["rule"], f["file"]) for f in found] == [("schema", "data/partnership.yaml")]
    assert words in found[0]["message"]


def spc_of(run, data: Path, indicator: str = "1.1.1.e") -> dict:
    result = run("report", "--quarter", "latest", "--format", "json", "--data", "data", "--today", TODAY,
                 cwd=data.parent)
    assert result.code == 0, result.err
    document = json.loads(result.out)
    return next(i for a in document["areas"] for o in a["outcomes"] for m in o["measures"]
                for i in m["indicators"] if i["id"] == indicator)


def test_a_rebase_starts_new_limits_and_carries_its_reason(run, data_copy):
    before = spc_of(run, data_copy)["spc"]
    with_options(data_copy, "                spc:\n                  rebase:\n"
                            "                    - quarter: \"2025-26-Q1\"\n"
                            "                      reason: Hotspot boundaries redrawn\n")
    after = spc_of(run, data_copy)["spc"]
    quarters = [p["quarter"] for p in after["points"]]
    start = quarters.index("2025-26-Q1")
    assert after["points"][start]["rebase"] == "Hotspot boundaries redrawn"
    assert [p["rebase"] for p in after["points"] if p["rebase"]] == ["Hotspot boundaries redrawn"]
    # the new mean is the mean of the quarters since the rebase, and so are the points' own lines
    since = [p["value"] for p in after["points"][start:] if p["value"] is not None]
    assert after["mean"] == pytest.approx(sum(since) / len(since))
    assert after["points"][0]["mean"] == pytest.approx(
        sum(p["value"] for p in after["points"][:start] if p["value"] is not None) / start)
    assert after["mean"] != before["mean"]


def test_limits_fixed_after_n_points(run, data_copy):
    with_options(data_copy, "                spc:\n                  fix_after: 12\n")
    chart = spc_of(run, data_copy)["spc"]
    first = [p["value"] for p in chart["points"] if p["value"] is not None][:12]
    assert chart["mean"] == pytest.approx(sum(first) / 12)


def test_rule_lengths_come_from_the_partnership(run, data_copy):
    document = run("report", "--quarter", "latest", "--format", "json", "--today", TODAY, cwd=ROOT).json
    assert document["summary"]["spc_rules"] == {"shift": 7, "trend": 7, "trial_below": 13}
    partnership = data_copy / "partnership.yaml"
    partnership.write_text(partnership.read_text("utf-8") + "spc:\n  shift: 30\n  trend: 30\n  trial_below: 40\n",
                           "utf-8")
    row = spc_of(run, data_copy)
    # no run can be 30 long in 14 quarters: only points outside the limits remain special cause
    assert all(set(p["rules"]) <= {"outside_limits", "two_of_three"} for p in row["spc"]["points"])
    assert row["verdict"]["trial"] is True
