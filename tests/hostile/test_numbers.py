"""Numbers arrive safely: every way a value reaches the data stores what the person meant, or
refuses it naming the row; nothing is changed on refusal."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

QUARTER = "2026-27-Q3"  # a new quarter: the bundled data ends at 2026-27-Q2
TODAY = "2026-11-21"


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stored(data: Path, indicator: str, quarter: str = QUARTER):
    document = YAML(typ="safe").load((data / "returns" / f"{quarter}.yaml").read_text("utf-8"))
    return next(entry for entry in document["values"] if entry["indicator"] == indicator)["value"]


def entered(run, data: Path, *args: str):
    return run(*args, "--data", str(data))


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def write_xlsx(path: Path, rows: list[tuple], formats: dict[int, str] | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "value", "n", "note"])
    for index, row in enumerate(rows, start=2):
        sheet.append(list(row))
        if formats and index in formats:
            sheet.cell(row=index, column=2).number_format = formats[index]
    book.save(path)
    return path


# --- every import path stores what the person meant -----------------------------------------------

# (indicator, as typed in a CSV cell / on the command line, what the person meant)
MEANT = [
    ("1.1.1.e", "320", 320),
    ("1.1.1.e", "1,234", 1234),
    ("1.1.1.e", "1,234,567", 1234567),
    ("5.1.1.a", "1.41", 1.41),
    ("5.1.1.a", " 1.41 ", 1.41),
    ("2.2.2.a", "73.3%", 73.3),
    ("2.2.2.a", "73.3 %", 73.3),
    ("2.2.2.a", "73.3", 73.3),
    ("5.1.1.a", "\u22120.5", -0.5),  # a word processor's minus sign
]


@pytest.mark.parametrize("indicator, typed, meant", MEANT, ids=[m[1] for m in MEANT])
def test_returns_set_stores_what_was_meant(run, data_copy, indicator, typed, meant):
    result = entered(run, data_copy, "returns", "set", "-q", QUARTER, "-i", indicator, "--value", typed)
    assert result.code == 0, result.err
    value = stored(data_copy, indicator)
    assert value == meant and type(value) is type(meant)


def provider(tmp_path: Path, sheet: str, rows: list[tuple]) -> Path:
    """A provider's file of rows (indicator, value as typed, n): a CSV, or an xlsx whose cells hold the text typed."""
    if sheet == "xlsx":
        return write_xlsx(tmp_path / "provider.xlsx", [(indicator, value, n, None) for indicator, value, n in rows])
    lines = "".join(f'{indicator},"{value}",{"" if n is None else n},\n' for indicator, value, n in rows)
    return write_csv(tmp_path / "provider.csv", "indicator,value,n,note\n" + lines)


@pytest.mark.parametrize("sheet", ["csv", "xlsx"])
@pytest.mark.parametrize("indicator, typed, meant", MEANT[:-1], ids=[m[1] for m in MEANT[:-1]])
def test_returns_import_stores_what_was_meant(run, data_copy, tmp_path, indicator, typed, meant, sheet):
    """A CSV cell, and a number kept as text in a workbook cell (as many exports do), read the same."""
    path = provider(tmp_path, sheet, [(indicator, typed, None)])
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 0, result.err
    value = stored(data_copy, indicator)
    assert value == meant and type(value) is type(meant)


def test_a_semicolon_separated_csv_declares_a_decimal_comma(run, data_copy, tmp_path):
    path = write_csv(tmp_path / "provider.csv", "indicator;value;n;note\n5.1.1.a;1,41;21;\n2.2.2.a;73,3%;;\n1.1.1.e;320;;\n")
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 0, result.err
    assert (stored(data_copy, "5.1.1.a"), stored(data_copy, "2.2.2.a"), stored(data_copy, "1.1.1.e")) == (1.41, 73.3, 320)


def test_a_decimal_comma_file_refuses_a_point_it_cannot_place(run, data_copy, tmp_path):
    path = write_csv(tmp_path / "provider.csv", "indicator;value;n;note\n1.1.1.e;1.234;;\n")
    before = snapshot(data_copy)
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 1
    assert "row 2: value of indicator 1.1.1.e: '1.234' has a point, but this file writes decimals with a comma" in result.err
    assert snapshot(data_copy) == before


def test_xlsx_cells_store_what_the_sheet_shows(run, data_copy, tmp_path):
    path = write_xlsx(tmp_path / "provider.xlsx", [
        ("2.2.2.a", 0.733, 27, None),   # shown as 73.3% (percentage format)
        ("5.1.1.a", 0.1 + 0.2, None, None),  # shown as 0.3: the binary tail is not what was typed
        ("1.1.1.e", 320.0, None, None),
        ("4.2.1.a", "90.1%", None, None),  # a percentage typed as text
        ("4.3.1.a", "1,234", None, None),  # a number stored as text, with a thousands separator
    ], formats={2: "0.0%"})
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 0, result.err
    assert stored(data_copy, "2.2.2.a") == 73.3
    assert stored(data_copy, "5.1.1.a") == 0.3
    assert stored(data_copy, "1.1.1.e") == 320 and type(stored(data_copy, "1.1.1.e")) is int
    assert stored(data_copy, "4.2.1.a") == 90.1
    assert stored(data_copy, "4.3.1.a") == 1234


def test_an_xlsx_percentage_for_a_count_is_refused(run, data_copy, tmp_path):
    path = write_xlsx(tmp_path / "provider.xlsx", [("1.1.1.e", 0.5, None, None)], formats={2: "0%"})
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 1
    assert "row 2: value of indicator 1.1.1.e: 50% is a percentage, but the indicator is measured as a count" in result.err


def test_a_literal_percent_sign_in_a_number_format_is_not_a_percentage(run, data_copy, tmp_path):
    path = write_xlsx(tmp_path / "provider.xlsx", [("2.2.2.a", 73.3, None, None)], formats={2: '0.0"%"'})
    assert entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER).code == 0
    assert stored(data_copy, "2.2.2.a") == 73.3


# --- what cannot be read for certain is refused, naming the row -----------------------------------

REFUSED = [
    ("1,41", "'1,41' has a decimal comma, which vrptool does not guess at: write 1.41 if that is what it means"),
    ("1,2345", "'1,2345' has a decimal comma"),
    ("12,34,567", "'12,34,567' has commas that are not thousands separators"),
    ("1,2O0", "'1,2O0' is not a number"),  # a letter O: without the comma it would still not be one
    ("1e3", "'1e3' is not a number"),
    ("1_000", "'1_000' is not a number"),
    ("inf", "'inf' is not a number"),
    ("£5", "'£5' is not a number"),
]


@pytest.mark.parametrize("typed, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_returns_set_refuses_what_it_cannot_read_for_certain(run, data_copy, typed, message):
    before = snapshot(data_copy)
    result = entered(run, data_copy, "returns", "set", "-q", QUARTER, "-i", "2.2.2.a", "--value", typed)
    assert result.code == 2
    assert f"vrptool: --value {message}" in result.err
    assert snapshot(data_copy) == before


COUNT_WITH_A_COMMA = ("'5,36' has a decimal comma, but a count is a whole number: 5,36 is neither 536 (a thousands "
                      "separator stands every three digits, as in 1,234,567) nor a count; write the whole number counted")


def test_a_decimal_comma_in_a_count_is_not_answered_with_a_decimal_the_count_would_refuse(run, data_copy, tmp_path):
    before = snapshot(data_copy)
    result = entered(run, data_copy, "returns", "set", "-q", QUARTER, "-i", "1.1.1.e", "--value", "5,36")
    assert (result.code, result.err) == (2, f"vrptool: --value {COUNT_WITH_A_COMMA}\n")
    path = write_csv(tmp_path / "provider.csv", "indicator,value,n,note\n1.1.1.e,\"5,36\",,\n")
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 1 and result.err.splitlines()[1] == f"  row 2: value of indicator 1.1.1.e: {COUNT_WITH_A_COMMA}"
    assert snapshot(data_copy) == before


@pytest.mark.parametrize("sheet", ["csv", "xlsx"])
@pytest.mark.parametrize("typed, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_returns_import_refuses_a_row_it_cannot_read_for_certain(run, data_copy, tmp_path, typed, message, sheet):
    path = provider(tmp_path, sheet, [("1.1.1.e", "320", None), ("5.1.1.a", typed, 21)])
    before = snapshot(data_copy)
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 1
    assert f"  row 3: value of indicator 5.1.1.a: {message}" in result.err
    assert snapshot(data_copy) == before


def test_a_percentage_for_a_count_is_refused_everywhere(run, data_copy, tmp_path):
    result = entered(run, data_copy, "returns", "set", "-q", QUARTER, "-i", "1.1.1.e", "--value", "73%")
    assert result.code == 1
    assert "73% is a percentage, but the indicator is measured as a count (indicator 1.1.1.e)" in result.err
    path = write_csv(tmp_path / "provider.csv", "indicator,value,n,note\n1.1.1.e,73%,,\n")
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 1 and "row 2: value of indicator 1.1.1.e: 73% is a percentage" in result.err


# --- a fraction for a percentage --------------------------------------------------------------------

def test_a_fraction_for_a_percentage_is_refused_unless_allowed(run, data_copy, tmp_path):
    before = snapshot(data_copy)
    result = entered(run, data_copy, "returns", "set", "-q", QUARTER, "-i", "2.2.2.a", "--value", "0.733")
    assert result.code == 1
    assert "0.733 looks like a fraction rather than a percentage: the quarters before were 59.3, 56.5" in result.err
    assert "write 73.3 if it means 73.3%, or pass --allow" in result.err
    path = write_csv(tmp_path / "provider.csv", "indicator,value,n,note\n2.2.2.a,0.733,,\n")
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 1 and "row 2: indicator 2.2.2.a: 0.733 looks like a fraction" in result.err
    assert snapshot(data_copy) == before
    assert entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER, "--allow").code == 0
    assert stored(data_copy, "2.2.2.a") == 0.733
    result = entered(run, data_copy, "returns", "set", "-q", QUARTER, "-i", "2.2.2.a", "--value", "0.5", "--allow")
    assert result.code == 0 and stored(data_copy, "2.2.2.a") == 0.5


def test_returns_import_prints_each_values_change_from_last_quarter(run, data_copy, tmp_path):
    path = write_csv(tmp_path / "provider.csv",
                     "indicator,value,n,note\n1.1.1.e,320,,\n5.1.1.a,1.41,,\n4.3.1.c,,,Annual survey\n2.2.2.a,73.3,,\n")
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:5] == [
        "  1.1.1.e: 320 (2026-27-Q2: 376, -56)",
        "  5.1.1.a: 1.41 (2026-27-Q2: 0.89, +0.52)",
        "  4.3.1.c: missing (Annual survey)",
        "  2.2.2.a: 73.3 (2026-27-Q2: 59.3, +14)",
    ]


def test_returns_import_asks_for_a_second_look_at_a_value_far_outside_its_control_limits(run, data_copy, tmp_path):
    path = write_csv(tmp_path / "provider.csv", "indicator,value,n,note\n1.1.1.e,3150,,\n")
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 0, result.err
    assert ("  1.1.1.e: 3150 (2026-27-Q2: 376, +2774); 3150 is far outside the control limits of the 14 quarters "
            "2023-24-Q1 to 2026-27-Q2, 360.844 to 417.727 (mean 389.286): more than 3 times as far from the mean; "
            "check it was typed as meant\n") in result.out  # the limits of the report's chart at 2026-27-Q2


def test_an_xlsx_fraction_for_a_percentage_is_refused_unless_allowed(run, data_copy, tmp_path):
    """A cell holding 0.733 without a percentage format, for a percent indicator whose quarters were above 1."""
    path = write_xlsx(tmp_path / "provider.xlsx", [("2.2.2.a", 0.733, None, None)])
    before = snapshot(data_copy)
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 1
    assert "row 2: indicator 2.2.2.a: 0.733 looks like a fraction rather than a percentage" in result.err
    assert snapshot(data_copy) == before
    assert entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER, "--allow").code == 0
    assert stored(data_copy, "2.2.2.a") == 0.733


# --- file arguments -----------------------------------------------------------------------------------

@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "nothere.csv", "nothere.csv does not exist"),
    (lambda tmp: tmp, "is a directory; name the spreadsheet itself"),
    (lambda tmp: (os.mkfifo(tmp / "pipe.csv"), tmp / "pipe.csv")[1], "pipe.csv is not a plain file"),
    (lambda tmp: write_csv(tmp / "fake.xlsx", "not a workbook"), "fake.xlsx cannot be read as an .xlsx workbook"),
    (lambda tmp: write_csv(tmp / "values.txt", "x"), "values.txt is neither a .csv nor an .xlsx file"),
    (lambda tmp: (tmp / "latin1.csv").write_bytes(b"indicator,value\n1.1.1.e,\xa3\n") and tmp / "latin1.csv",
     "latin1.csv is not UTF-8 text"),
], ids=["missing", "directory", "pipe", "not-xlsx", "other-kind", "not-utf8"])
def test_a_file_argument_that_cannot_be_read_is_named_with_exit_2(run, data_copy, tmp_path, make, message):
    path = make(tmp_path)
    result = entered(run, data_copy, "returns", "import", str(path), "-q", QUARTER)
    assert result.code == 2
    assert result.err.startswith("vrptool: ") and message in result.err
    assert "Traceback" not in result.err
