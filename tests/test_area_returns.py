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


def _sheet(path, rows) -> None:
    path.write_text("".join(",".join(row) + "\n" for row in rows), "utf-8")


def test_returns_import_takes_an_area_column_by_id_or_name(run, data_copy, tmp_path):
    sheet = tmp_path / "returns.csv"
    _sheet(sheet, [["indicator", "area", "value", "n", "note"], ["1.1.1.e", "", "301", "", ""],
                   ["1.1.1.e", "southampton", "60", "", ""], ["1.1.1.e", "Portsmouth", "41", "", ""],
                   ["1.1.1.e", "hampshire", "", "", ""]])  # an area's row left empty: not returned by area
    result = edit(run, data_copy, "returns", "import", str(sheet), "-q", "2026/27 Q3")
    assert result.code == 0, result.err
    assert result.out.startswith("3 values for Q3 2026/27")
    assert "  1.1.1.e (southampton): 60 (no value in 2026-27-Q2)\n" in result.out
    assert (data_copy / "returns" / "2026-27-Q3.yaml").read_text("utf-8") == (
        'quarter: "2026-27-Q3"\nvalues:\n  - indicator: "1.1.1.e"\n    value: 301\n'
        '  - indicator: "1.1.1.e"\n    area: "southampton"\n    value: 60\n'
        '  - indicator: "1.1.1.e"\n    area: "portsmouth"\n    value: 41\n')


def test_returns_import_revises_an_areas_value_and_says_what_it_replaced(run, data_copy, tmp_path):
    returns = data_copy / "returns" / "2026-27-Q1.yaml"
    before = returns.read_text("utf-8")
    sheet = tmp_path / "returns.csv"
    _sheet(sheet, [["indicator", "area", "value"], ["1.1.1.f", "portsmouth", "9"]])
    result = edit(run, data_copy, "returns", "import", str(sheet), "-q", "2026-27-Q1")
    assert result.code == 0, result.err
    # judged against Portsmouth's own last value (2025-26-Q4), never the partnership's total
    assert "  1.1.1.f (portsmouth): 10 → 9 (2025-26-Q4: " in result.out
    assert changed_lines(before, returns.read_text("utf-8")) == ["-    value: 10", "+    value: 9"]


def test_returns_import_refuses_an_unknown_area_a_repeated_one_and_parts_above_the_total(run, data_copy, tmp_path):
    before = snapshot(data_copy)
    sheet = tmp_path / "returns.csv"
    _sheet(sheet, [["indicator", "area", "value"], ["1.1.1.f", "portsmuth", "11"], ["1.1.1.f", "hampshire", "40"],
                   ["1.1.1.f", "Hampshire", "41"]])
    result = edit(run, data_copy, "returns", "import", str(sheet), "-q", "2026-27-Q1")
    assert result.code == 1
    assert result.err.splitlines()[1:] == [
        "  row 2: area 'portsmuth' of indicator 1.1.1.f is not one of partnership.yaml's areas (hampshire, "
        "isle-of-wight, portsmouth, southampton); did you mean 'portsmouth'?",
        "  row 4: indicator 1.1.1.f for area hampshire is also on row 3"]
    # the areas' sum is checked as returns set checks it: by validate, on the data as it would be
    _sheet(sheet, [["indicator", "area", "value"], ["1.1.1.f", "portsmouth", "40"]])
    result = edit(run, data_copy, "returns", "import", str(sheet), "-q", "2026-27-Q1")
    assert result.code == 1 and "[area-total]" in result.err and "nothing was changed" in result.err
    assert snapshot(data_copy) == before


def test_returns_import_reads_the_area_column_of_a_workbook(run, data_copy, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["indicator", "area", "value", "n"], ["2.3.3.a", "isle-of-wight", 66.7, 5]):
        sheet.append(row)
    path = tmp_path / "returns.xlsx"
    book.save(path)
    returns = data_copy / "returns" / "2026-27-Q1.yaml"
    before = returns.read_text("utf-8")
    result = edit(run, data_copy, "returns", "import", str(path), "-q", "2026-27-Q1")
    assert result.code == 0, result.err
    assert changed_lines(before, returns.read_text("utf-8")) == [
        "-    value: 50.0", "-    n: 6", "+    value: 66.7", "+    n: 5"]
