"""Values by area in the returns: entered with `returns set --area`, kept apart from the total."""

from __future__ import annotations

from tests.test_edit import changed_lines, edit, snapshot


def test_returns_set_area_revises_that_areas_value_only(run, data_copy):
    returns = data_copy / "returns" / "2026-27-Q1.yaml"
    before = returns.read_text("utf-8")
    result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q1", "-i", "1.1.1.f", "--area", "portsmouth",
                  "--value", "9")
    assert result.code == 0, result.err
    assert changed_lines(before, returns.read_text("utf-8")) == ["-    value: 10", "+    value: 9"]


def test_returns_set_area_adds_an_entry_after_the_total(run, data_copy):
    result = edit(run, data_copy, "returns", "set", "-q", "2026/27 Q3", "-i", "1.1.1.e", "--value", "301")
    assert result.code == 0, result.err
    result = edit(run, data_copy, "returns", "set", "-q", "2026/27 Q3", "-i", "1.1.1.e", "--area", "southampton",
                  "--value", "60")
    assert result.code == 0, result.err
    assert (data_copy / "returns" / "2026-27-Q3.yaml").read_text("utf-8") == (
        'quarter: "2026-27-Q3"\nvalues:\n  - indicator: "1.1.1.e"\n    value: 301\n'
        '  - indicator: "1.1.1.e"\n    area: "southampton"\n    value: 60\n')


def test_returns_set_refuses_an_unknown_area_and_parts_above_the_total(run, data_copy):
    before = snapshot(data_copy)
    result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q1", "-i", "1.1.1.f", "--area", "portsmuth",
                  "--value", "11")
    assert result.code == 1 and "[unknown-ref]" in result.err and "did you mean 'portsmouth'?" in result.err
    result = edit(run, data_copy, "returns", "set", "-q", "2026-27-Q1", "-i", "1.1.1.f", "--area", "portsmouth",
                  "--value", "40")
    assert result.code == 1 and "[area-total]" in result.err
    assert snapshot(data_copy) == before


def test_the_report_reads_the_total_not_an_area(run, data_copy):
    # 2026-27-Q2's last entry of 1.1.1.f is Southampton's 12; the indicator's own value is the total, 78.
    result = run("report", "--quarter", "2026-27-Q2", "--format", "json", "--data", "data", "--today", "2026-11-21",
                 cwd=data_copy.parent)
    assert result.code == 0, result.err
    row = next(i for a in result.json["areas"] for o in a["outcomes"] for m in o["measures"]
               for i in m["indicators"] if i["id"] == "1.1.1.f")
    assert row["current"]["value"] == 78
