"""Spreadsheets in and out: the returns template a provider fills in, `returns import` reading
it back, and the report's tables as an Excel workbook and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from vrptool.spreadsheet import Workbook, csv_bytes

from .conftest import BUNDLED

QUARTER = "2026-27-Q3"  # the quarter after the bundled returns: the one providers fill in next


def returned(quarter: str, indicator: str, data=BUNDLED) -> dict:
    """The entry of an indicator in a quarter's returns file, read straight from the YAML."""
    from ruamel.yaml import YAML

    values = YAML(typ="safe").load((data / "returns" / f"{quarter}.yaml").read_text("utf-8"))["values"]
    return next(entry for entry in values if entry["indicator"] == indicator and "area" not in entry)


def suppressed(quarter: str, data=BUNDLED) -> str:
    """An indicator whose value in the quarter rests on n of 1 to 5 (the bundled PHOF profile)."""
    from ruamel.yaml import YAML

    values = YAML(typ="safe").load((data / "returns" / f"{quarter}.yaml").read_text("utf-8"))["values"]
    return next(e["indicator"] for e in values if e.get("n") is not None and 1 <= e["n"] <= 5 and "area" not in e)


def by_name(header, row) -> dict:
    """A spreadsheet row by its header's column names."""
    return dict(zip(header, row))


def _obpf_indicators(data) -> dict[str, dict]:
    from ruamel.yaml import YAML

    obpf = YAML(typ="safe").load((data / "obpf.yaml").read_text("utf-8"))
    return {i["id"]: i for a in obpf["areas"] for o in a["outcomes"] for m in o["measures"] for i in m["indicators"]}


def test_the_template_has_a_sheet_per_data_source_with_a_row_per_indicator_it_owes(run, tmp_path):
    target = tmp_path / "returns.xlsx"
    result = run("returns", "template", "-q", QUARTER, "--data", BUNDLED, "-o", target)
    assert result.code == 0, result.err
    assert result.err == (f"wrote {target}: 28 indicators and 8 values by area from 7 data sources for Q3 2026/27 "
                          "(October to December 2026)\n")
    book = load_workbook(target)
    assert book.sheetnames == ["Artswork", "HIOWC", "No Limits", "OPCC", "Rock Pool", "Society of St James", "VRU",
                               "How to fill this in"]
    police = book["HIOWC"]
    header = [c.value for c in police[1]]
    assert header == ["indicator", "area", "wording", "unit", "n needed", "previous (2026-27-Q2)", "value", "n",
                      "note", "quarter"]
    rows = {(r[0], r[1]): r for r in police.iter_rows(min_row=2, values_only=True)}
    indicators = _obpf_indicators(BUNDLED)
    assert sorted(i for i, area in rows if area is None) == sorted(
        i for i, d in indicators.items() if d["source"] == "police")
    # id, the whole partnership's (no area), wording (without footnote marks), unit, whether n is needed,
    # and last quarter as the report shows it
    assert rows[("1.1.1.e", None)][:6] == ("1.1.1.e", None, "The number of violent offences in Op Sentinel hotspots",
                                           "count (a whole number)", "no", returned("2026-27-Q2", "1.1.1.e")["value"])
    assert rows[("2.3.3.a", None)][3:6] == ("percent (0 to 100)", "yes", returned("2026-27-Q2", "2.3.3.a")["value"])
    # A row for each area an indicator is returned by, in partnership.yaml's order, after the total.
    assert [area for i, area in rows if i == "1.1.1.f"] == [None, "hampshire", "isle-of-wight", "portsmouth",
                                                             "southampton"]
    assert rows[("1.1.1.f", "hampshire")][5] == 51
    small = suppressed("2026-27-Q2")
    sheet = next(s for s in book.worksheets if small in [c.value for c in s["A"]])
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == small)
    assert row[5] == "[c] 1–5"  # suppressed last quarter: the small number is not shown
    assert all(r[6:] == (None, None, None, QUARTER) for r in rows.values())
    assert police["F2"].number_format == "#,##0" and police.freeze_panes == "A2"


def test_the_template_checks_values_by_unit_and_locks_all_but_value_n_and_note(tmp_path, run):
    target = tmp_path / "returns.xlsx"
    assert run("returns", "template", "-q", QUARTER, "--data", BUNDLED, "-o", target).code == 0
    sheet = load_workbook(target)["HIOWC"]
    units = {row[0].value: row[3].value for row in sheet.iter_rows(min_row=2)}
    rules = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in rule.sqref.ranges:
            for row in range(cells.min_row, cells.max_row + 1):
                for column in range(cells.min_col, cells.max_col + 1):
                    rules[(row, column)] = (rule.type, rule.operator, rule.formula1, rule.formula2)
    for number in range(2, sheet.max_row + 1):
        unit = units[sheet.cell(number, 1).value]
        expected = {"count (a whole number)": ("whole", "greaterThanOrEqual", "0", None),
                    "percent (0 to 100)": ("decimal", "between", "0", "100")}[unit]
        assert rules[(number, 7)] == expected
        assert rules[(number, 8)] == ("whole", "greaterThanOrEqual", "0", None)  # n
    assert sheet.protection.sheet
    assert all(cell.protection.locked for cell in sheet[1])  # the header
    for number in range(2, sheet.max_row + 1):
        assert [sheet.cell(number, c).protection.locked for c in range(1, 11)] == [True] * 6 + [False] * 3 + [True]


def test_a_template_for_one_provider_and_as_csv(run, tmp_path):
    target = tmp_path / "police.csv"
    result = run("returns", "template", "-q", QUARTER, "--source", "police", "--data", BUNDLED, "-o", target)
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[0] == ["source", "indicator", "area", "wording", "unit", "n needed", "previous (2026-27-Q2)", "value",
                       "n", "note", "quarter"]
    assert {r[-1] for r in rows[1:]} == {QUARTER}
    # five indicators, two of them with a row for each of the four areas
    assert {r[0] for r in rows[1:]} == {"police"} and len(rows) == 1 + 5 + 8
    book = tmp_path / "police.xlsx"
    assert run("returns", "template", "-q", QUARTER, "--source", "police", "--data", BUNDLED, "-o", book).code == 0
    assert load_workbook(book).sheetnames == ["HIOWC", "How to fill this in"]


def test_a_template_is_refused_for_an_unknown_source_or_a_mismatched_extension(run, tmp_path):
    result = run("returns", "template", "-q", QUARTER, "--source", "polce", "--data", BUNDLED, "-o", tmp_path / "t.xlsx")
    assert result.code == 2
    assert result.err.startswith("vrptool: --source: no organisation 'polce' in partnership.yaml; did you mean 'police'?")
    result = run("returns", "template", "-q", QUARTER, "--source", "hfrs", "--data", BUNDLED, "-o", tmp_path / "t.xlsx")
    assert result.code == 1 and result.err.startswith("vrptool: hfrs supplies no indicator of obpf.yaml")
    result = run("returns", "template", "-q", QUARTER, "--data", BUNDLED, "-o", tmp_path / "t.csv", "-f", "xlsx")
    assert result.code == 2 and result.err.startswith("vrptool: -o t.csv asks for CSV but --format is xlsx")
    assert not list(tmp_path.glob("t.*"))


def _fill(path, indicators) -> dict[tuple, tuple]:
    """Fill every row of every sheet as a provider would, in Excel; the values entered, by
    (indicator, area). Each area's count is 6 and its n 10, so the four never exceed the total."""
    book = load_workbook(path)
    entered = {}
    for sheet in book.worksheets[:-1]:
        for number in range(2, sheet.max_row + 1):
            indicator, area = sheet.cell(number, 1).value, sheet.cell(number, 2).value
            previous = sheet.cell(number, 6).value
            unit = indicators[indicator]["unit"]
            if indicator == "4.3.1.c":
                sheet.cell(number, 9).value = "Annual survey: reported in Q3 only"
                entered[(indicator, area)] = ("missing", "Annual survey: reported in Q3 only")
                continue
            if area is not None:
                value = 6 if unit == "count" else 40.5
            elif isinstance(previous, (int, float)):
                value = previous + 1 if unit == "count" else round(previous * 1.01, 1)
            else:
                value = 12 if unit == "count" else 40.5
            if unit == "percent":
                value = min(value, 100)
            sheet.cell(number, 7).value = value
            n = (10 if area else 40) if sheet.cell(number, 5).value == "yes" else None
            sheet.cell(number, 8).value = n
            entered[(indicator, area)] = (value, n)
    book.save(path)
    return entered


def test_round_trip_template_filled_imported_reported_exported(run, data_copy, tmp_path):
    template = tmp_path / "returns.xlsx"
    assert run("returns", "template", "-q", QUARTER, "--data", data_copy, "-o", template).code == 0
    entered = _fill(template, _obpf_indicators(data_copy))
    assert len(entered) == 28 + 8  # and two indicators by each of the four areas
    result = run("returns", "import", template, "-q", QUARTER, "--allow", "--data", data_copy)
    assert result.code == 0, result.err
    assert result.out.startswith("36 values for Q3 2026/27")
    assert "  1.1.1.f (portsmouth): 6 (2026-27-Q2: 12, " in result.out  # an area against its own last value
    report = tmp_path / "report.xlsx"
    result = run("report", "-q", QUARTER, "--data", data_copy, "-o", report)
    assert result.code == 0, result.err
    sheet = load_workbook(report)["Indicators"]
    header = [c.value for c in sheet[1]]
    column = {name: header.index(name) for name in ("indicator", "local area", "unit", "n")}
    this_quarter = header.index(f"this quarter ({QUARTER})")
    ids = {"whole partnership": None, "Hampshire": "hampshire", "Isle of Wight": "isle-of-wight",
           "Portsmouth": "portsmouth", "Southampton": "southampton"}
    exported = {}
    for row in sheet.iter_rows(min_row=2):
        indicator, area = row[column["indicator"]].value, ids[row[column["local area"]].value]
        value, n = row[this_quarter].value, row[column["n"]].value
        exported[(indicator, area)] = (value, n)
        if entered[(indicator, area)][0] != "missing":
            assert isinstance(value, (int, float)) and row[this_quarter].data_type == "n", indicator
            assert row[this_quarter].number_format == {"count": "#,##0", "percent": '0.0"%"', "score": "0.00",
                                                        "score_change": "+0.00;-0.00;0.00"}[row[column["unit"]].value]
    expected = {i: ("missing: " + v[1], None) if v[0] == "missing" else v for i, v in entered.items()}
    assert exported == expected


def test_report_workbook_has_every_table_as_a_sheet_with_numbers_as_numbers(run, tmp_path):
    target = tmp_path / "board.xlsx"
    result = run("report", "-q", "latest", "--data", BUNDLED, "-o", target)
    assert result.code == 0, result.err
    book = load_workbook(target)
    assert book.sheetnames == ["About", "Summary", "Indicators", "Trend", "Completeness", "Attendance",
                               "Open actions", "Crest tracker"]
    assert book["About"]["A1"].value == "ILLUSTRATIVE DATA"
    for name in book.sheetnames[1:]:
        assert book[name].freeze_panes == "A2", name
        assert all(cell.font.b for cell in book[name][1]), name
        assert "ILLUSTRATIVE DATA" in book[name].oddHeader.center.text
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    rows = [by_name(header, row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    indicators = {row["indicator"]: row for row in rows if row["local area"] == "whole partnership"}
    assert len(indicators) == 28
    now, before, year = (returned(q, "1.1.1.e")["value"] for q in ("2026-27-Q2", "2026-27-Q1", "2025-26-Q2"))
    offences = indicators["1.1.1.e"]
    assert (offences["this quarter (2026-27-Q2)"], offences["n"], offences["previous (2026-27-Q1)"],
            offences["year before (2025-26-Q2)"], offences["change from previous"]) == (now, None, before, year,
                                                                                         now - before)
    small = indicators[suppressed("2026-27-Q2")]  # neither the value nor its n, nor an interval
    assert (small["this quarter (2026-27-Q2)"], small["n"], small["interval low"], small["interval high"]) == (
        "[c] 1–5", None, None, None)
    # A rate with its interval and reliability, the same figures as the JSON report's
    document = json.loads(run("report", "-q", "latest", "--data", BUNDLED, "--format", "json").out)
    figures = next(i for a in document["areas"] for o in a["outcomes"] for m in o["measures"]
                   for i in m["indicators"] if i["id"] == "1.1.1.f")
    total = indicators["1.1.1.f"]
    assert (total["rate"], total["per"], total["interval low"], total["interval high"], total["confidence level"],
            total["reliable"]) == (figures["current"]["rate"], 100000, figures["current"]["interval"]["low"],
                                   figures["current"]["interval"]["high"], 0.95, "yes")
    # Each area's value follows its indicator's row: shown, or withheld with nothing computed from it
    areas = {row["local area"]: row for row in rows if row["indicator"] == "1.1.1.f"}
    assert list(areas) == ["whole partnership", "Hampshire", "Isle of Wight", "Portsmouth", "Southampton"]
    hampshire = next(a for a in figures["areas"] if a["area"] == "hampshire")
    assert (areas["Hampshire"]["this quarter (2026-27-Q2)"], areas["Hampshire"]["rate"],
            areas["Hampshire"]["interval low"], areas["Hampshire"]["compared with the partnership"]) == (
        51, hampshire["rate"], hampshire["interval"]["low"], "similar")
    assert areas["Southampton"]["reliable"] == "no: fewer events than a reliable rate needs"
    for withheld in ("Isle of Wight", "Portsmouth"):  # 3 offences, and the area withheld to protect it
        row = areas[withheld]
        assert row["this quarter (2026-27-Q2)"] == "[c] 1–5", withheld
        assert [row[k] for k in ("n", "rate", "per", "interval low", "interval high", "reliable")] == [None] * 6
    cell = sheet.cell(2 + rows.index(total), header.index("interval low") + 1)
    assert cell.number_format == "0.0" and sheet.cell(1, header.index("confidence level") + 1).value
    trend = {row[0]: row[2:] for row in book["Trend"].iter_rows(min_row=2, values_only=True)}
    eight = ["2024-25-Q3", "2024-25-Q4", "2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"]
    assert trend["1.1.1.e"] == tuple(returned(q, "1.1.1.e")["value"] for q in eight)
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["indicators expected"] == 28 and isinstance(summary["indicators expected"], int)
    due = book["Open actions"]["E2"]
    assert isinstance(due.value, dt.datetime) and due.number_format == "yyyy-mm-dd"
    attendance = book["Attendance"]
    assert attendance["F2"].value == 100 and attendance["F2"].number_format == '0.0"%"'


def test_report_csv_is_the_indicators_table_and_xlsx_needs_a_file(run, tmp_path):
    result = run("report", "-q", "latest", "--data", BUNDLED, "--format", "csv")
    assert result.code == 0
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0][:5] == ["area", "outcome", "success measure", "indicator", "local area"]
    assert rows[0][-1] == "illustrative"
    # 28 indicators, and two of them by each of four areas
    assert len(rows) == 1 + 28 + 8 and all(r[-1] == "yes: made-up data" for r in rows[1:])
    named = [by_name(rows[0], r) for r in rows[1:]]
    offences = next(r for r in named if r["indicator"] == "1.1.1.e")
    assert offences["this quarter (2026-27-Q2)"] == str(returned("2026-27-Q2", "1.1.1.e")["value"])
    assert [(r["local area"], r["this quarter (2026-27-Q2)"], r["rate"] != "") for r in named
            if r["indicator"] == "1.1.1.f"] == [("whole partnership", "78", True), ("Hampshire", "51", True),
                                                ("Isle of Wight", "[c] 1–5", False), ("Portsmouth", "[c] 1–5", False),
                                                ("Southampton", "12", True)]
    result = run("report", "-q", "latest", "--data", BUNDLED, "--format", "xlsx")
    assert (result.code, result.out) == (2, "")
    assert result.err == "vrptool: --format xlsx writes a file, not text: name it with -o, e.g. -o report.xlsx\n"


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3+4", "@SUM(A1)", "\tTAB", "=1+1"])
def test_text_that_would_run_as_a_formula_stays_text(text, tmp_path):
    book = Workbook()
    sheet = book.sheet("Sheet")
    book.put(sheet, 1, 1, text)
    book.put(sheet, 1, 2, -3)
    path = tmp_path / "t.xlsx"
    path.write_bytes(book.bytes())
    cell = load_workbook(path)["Sheet"]["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert load_workbook(path)["Sheet"]["B1"].value == -3  # a number stays a number
    written = csv_bytes([[text, -3, "a - b"]])
    assert written.startswith("\ufeff".encode()) and written.endswith(b"\r\n")
    assert list(csv.reader(io.StringIO(written.decode("utf-8-sig")))) == [["'" + text, "-3", "a - b"]]


def test_text_from_the_data_that_would_run_as_a_formula_is_text_in_the_report(run, data_copy, tmp_path):
    from vrptool.edit import dump, round_trip

    crest = data_copy / "crest.yaml"
    document = round_trip().load(crest.read_text("utf-8"))
    document["recommendations"][0]["text"] = '=HYPERLINK("http://example.invalid","click")'
    crest.write_text(dump(document), "utf-8")
    target = tmp_path / "board.xlsx"
    result = run("report", "-q", "latest", "--data", data_copy, "-o", target)
    assert result.code == 0, result.err
    cell = load_workbook(target)["Crest tracker"]["B2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix


def test_a_bad_row_of_a_template_is_named_by_its_sheet_and_row_and_nothing_is_taken(run, data_copy, tmp_path):
    template = tmp_path / "returns.xlsx"
    assert run("returns", "template", "-q", QUARTER, "--data", data_copy, "-o", template).code == 0
    _fill(template, _obpf_indicators(data_copy))
    book = load_workbook(template)
    book["HIOWC"]["G3"].value = "lots"  # typed past Excel's check (e.g. pasted)
    book.save(template)
    before = sorted(p.name for p in (data_copy / "returns").iterdir())
    result = run("returns", "import", template, "-q", QUARTER, "--allow", "--data", data_copy)
    assert result.code == 1
    assert result.err.splitlines()[0] == f"vrptool: {template} has 1 row that cannot be taken; nothing was changed:"
    assert result.err.splitlines()[1].startswith("  sheet 'HIOWC' row 3: value of indicator 1.1.1.f: ")
    assert sorted(p.name for p in (data_copy / "returns").iterdir()) == before


def test_a_template_filled_in_for_another_quarter_is_refused(run, data_copy, tmp_path):
    template = tmp_path / "returns.csv"
    assert run("returns", "template", "-q", QUARTER, "--source", "police", "--data", data_copy, "-o", template).code == 0
    rows = list(csv.reader(io.StringIO(template.read_text("utf-8-sig"))))
    for row in rows[1:]:
        if not row[2]:  # the whole partnership's; each area's row is left empty, as not returned by area
            row[7] = "10"  # value
            row[8] = "40"  # n
    template.write_text("\n".join(",".join(row) for row in rows) + "\n", "utf-8")
    before = sorted(p.name for p in (data_copy / "returns").iterdir())
    result = run("returns", "import", template, "-q", "2026-27-Q4", "--allow", "--data", data_copy)
    assert result.code == 1
    # One mistake, one finding: the whole template is for another quarter, said once at its first row.
    rows_refused = len(rows) - 1
    assert rows_refused > 2
    assert result.err == (f"vrptool: {template} has {rows_refused} rows that cannot be taken; nothing was changed:\n"
                          f"  row 2: this row and {rows_refused - 1} others ({rows_refused} rows) are for "
                          "Q3 2026/27 (October to December 2026), not Q4 2026/27 (January to March 2027); "
                          "fill in the template for 2026-27-Q4\n")
    template.write_text("\n".join(",".join(row) for row in rows[:2]) + "\n", "utf-8")  # one row only
    result = run("returns", "import", template, "-q", "2026-27-Q4", "--allow", "--data", data_copy)
    assert (result.code, result.err.splitlines()[1]) == (1, "  row 2: this row is for Q3 2026/27 (October to "
                                                            "December 2026), not Q4 2026/27 (January to March 2027); "
                                                            "fill in the template for 2026-27-Q4")
    template.write_text("\n".join(",".join(row) for row in rows) + "\n", "utf-8")
    assert sorted(p.name for p in (data_copy / "returns").iterdir()) == before
    assert run("returns", "import", template, "-q", QUARTER, "--allow", "--data", data_copy).code == 0
