"""A value typed wrong is flagged for a second look against the limits the report draws: one
warning at its place, naming the value, the limits and the quarters they come from."""

from __future__ import annotations

import json


def _set(data, quarter, indicator, old, new):
    path = data / "returns" / f"{quarter}.yaml"
    text = path.read_text("utf-8")
    entry = f'"{indicator}"\n    value: {old}\n'
    assert text.count(entry) == 1
    path.write_text(text.replace(entry, f'"{indicator}"\n    value: {new}\n'), "utf-8")


def _implausible(run, data_copy):
    result = run("validate", "--data", "data", "--format", "json", "--today", "2026-11-21", cwd=data_copy.parent)
    return result, [f for f in result.json["findings"] if f["rule"] == "implausible-value"]


def _spc(run, data_copy, quarter, indicator):
    result = run("report", "--data", "data", "--quarter", quarter, "--format", "json", "--today", "2026-11-21",
                 cwd=data_copy.parent)
    assert result.code == 0, result.err
    report = json.loads(result.out)
    return next(i for a in report["areas"] for o in a["outcomes"] for m in o["measures"] for i in m["indicators"]
                if i["id"] == indicator)["spc"]


def test_a_value_far_outside_the_reports_control_limits_is_one_warning_naming_them(run, data_copy):
    _set(data_copy, "2026-27-Q2", "1.1.1.e", 376, 3760)
    result, found = _implausible(run, data_copy)
    assert result.code == 0  # a warning: a second look, not a refusal
    assert [(f["file"], f["line"], f["column"], f["severity"]) for f in found] == [
        ("data/returns/2026-27-Q2.yaml", 8, 12, "warning")]
    # the limits are those the report's chart draws at the quarter before
    chart = _spc(run, data_copy, "2026-27-Q1", "1.1.1.e")
    assert (chart["lower"], chart["mean"], chart["upper"]) == (361.491026, 390.307692, 419.124359)
    assert found[0]["message"] == (
        "indicator 1.1.1.e: 3760 is far outside the control limits of the 13 quarters 2023-24-Q1 to 2026-27-Q1, "
        "361.491 to 419.124 (mean 390.308): more than 3 times as far from the mean; check it was typed as meant")


def test_one_mistyped_quarter_is_one_warning_not_one_for_every_quarter_after_it(run, data_copy):
    _set(data_copy, "2024-25-Q4", "1.1.1.e", 404, 4040)
    result, found = _implausible(run, data_copy)
    assert result.code == 0 and [(f["file"], f["line"]) for f in found] == [("data/returns/2024-25-Q4.yaml", 8)]
    assert found[0]["message"].startswith("indicator 1.1.1.e: 4040 is far outside the control limits of the "
                                          "7 quarters 2023-24-Q1 to 2024-25-Q3, ")


def test_the_bundled_data_has_no_implausible_value(run, data_copy):
    result, found = _implausible(run, data_copy)
    assert result.code == 0 and found == []


def test_returns_import_judges_by_the_same_limits_as_the_report(run, data_copy, tmp_path):
    chart = _spc(run, data_copy, "2026-27-Q2", "1.1.1.e")
    assert (chart["lower"], chart["mean"], chart["upper"]) == (360.844176, 389.285714, 417.727253)
    path = tmp_path / "provider.csv"
    path.write_text("indicator,value,n,note\n1.1.1.e,3150,,\n5.1.1.a,0.9,,\n", "utf-8")
    result = run("returns", "import", str(path), "-q", "2026-27-Q3", "--data", str(data_copy))
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:3] == [
        "  1.1.1.e: 3150 (2026-27-Q2: 376, +2774); 3150 is far outside the control limits of the 14 quarters "
        "2023-24-Q1 to 2026-27-Q2, 360.844 to 417.727 (mean 389.286): more than 3 times as far from the mean; "
        "check it was typed as meant",
        "  5.1.1.a: 0.9 (2026-27-Q2: 0.89, +0.01)",
    ]
