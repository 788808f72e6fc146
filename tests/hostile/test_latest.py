"""`--quarter latest` is the latest complete quarter, and the report says which."""

from __future__ import annotations

import json


def partial_q3(data):
    (data / "returns" / "2026-27-Q3.yaml").write_text(
        'quarter: "2026-27-Q3"\nvalues:\n  - indicator: "1.1.1.e"\n    value: 300\n', "utf-8")


def report_quarter(run, data, today):
    result = run("report", "-q", "latest", "--format", "json", "--data", str(data), "--today", today)
    assert result.code == 0, result.err
    return result, json.loads(result.out)["quarter"]


def test_a_quarter_still_coming_in_is_not_the_latest(run, data_copy):
    partial_q3(data_copy)
    result, quarter = report_quarter(run, data_copy, "2026-12-01")
    assert quarter["id"] == "2026-27-Q2"
    assert result.err == ("--quarter latest: Q2 2026/27 (July to September 2026), the latest complete quarter "
                          "(2026-27-Q3 is still coming in: 1 of 28 indicators returned, due by 2027-01-30)\n")


def test_a_quarter_past_its_due_date_is_complete_with_what_came_in(run, data_copy):
    partial_q3(data_copy)
    result, quarter = report_quarter(run, data_copy, "2027-01-31")
    assert quarter["id"] == "2026-27-Q3"
    assert result.err == "--quarter latest: Q3 2026/27 (October to December 2026), the latest complete quarter\n"


def test_a_quarter_with_every_indicator_in_is_complete_at_once(run, data_copy):
    q2 = (data_copy / "returns" / "2026-27-Q2.yaml").read_text("utf-8")
    (data_copy / "returns" / "2026-27-Q3.yaml").write_text(q2.replace('quarter: "2026-27-Q2"', 'quarter: "2026-27-Q3"'),
                                                           "utf-8")
    _, quarter = report_quarter(run, data_copy, "2026-12-01")
    assert quarter["id"] == "2026-27-Q3"
