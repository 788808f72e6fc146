"""A provider's spreadsheet is read with bounded memory: file, unpacked size, sheets, rows and
cells have limits, and what is not a workbook or CSV is refused by name, never with a traceback."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from tests.test_edit import snapshot

IMPORT = ["returns", "import", "-q", "2026-27-Q2", "--data", "data"]


def workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "value", "n", "note"])
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def refused(run, data_copy, sheet, expected: str):
    before = snapshot(data_copy)
    result = run("returns", "import", str(sheet), *IMPORT[2:], cwd=data_copy.parent)
    assert (result.code, result.err) == (2, expected), result.err  # the file named on the line: exit 2
    assert snapshot(data_copy) == before


def test_an_import_that_would_write_a_file_over_the_size_limit_writes_nothing(run, data_copy, tmp_path,
                                                                           monkeypatch):
    """A small workbook of long notes would make a returns file validate then refuses: refused first."""
    import re

    indicators = re.findall(r'- id: "(\d+\.\d+\.\d+\.[a-z])"', (data_copy / "obpf.yaml").read_text("utf-8"))[:40]
    sheet = tmp_path / "returns.xlsx"
    sheet.write_bytes(workbook([[indicator, None, None, f"not collected {'.' * 30_000}"] for indicator in indicators]))
    assert sheet.stat().st_size < 100_000
    monkeypatch.setenv("VRPTOOL_MAX_FILE_BYTES", "500000")
    before = snapshot(data_copy)
    result = run("returns", "import", str(sheet), *IMPORT[2:], cwd=data_copy.parent)
    assert result.code == 1
    assert "the edit would make the data invalid; nothing was changed" in result.err
    assert "data/returns/2026-27-Q2.yaml:1:1: [yaml-syntax] the file would be" in result.err
    assert "more than the 500,000 a data file may have" in result.err
    assert snapshot(data_copy) == before


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unread(run, data_copy, tmp_path):
    """A small file whose shared strings unpack to 150 MB: refused from the zip's own figures."""
    sheet = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(io.BytesIO(workbook([["1.1.1.e", 3]]))) as source, \
            zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        with target.open("xl/padding.xml", "w") as padding:
            block = b"a" * (1 << 20)
            for _ in range(150):
                padding.write(block)
    assert sheet.stat().st_size < 1_000_000
    unpacked = sum(member.file_size for member in zipfile.ZipFile(sheet).infolist())
    refused(run, data_copy, sheet, f"vrptool: {sheet} unpacks to {unpacked:,} bytes, more than the 104,857,600 a "
                                   "workbook of returns may hold; a cell or a sheet in it is far too large\n")


def test_a_file_that_is_not_a_zip_is_refused(run, data_copy, tmp_path):
    sheet = tmp_path / "returns.xlsx"
    sheet.write_text("indicator,value\n1.1.1.e,3\n")
    refused(run, data_copy, sheet, f"vrptool: {sheet} cannot be read as an .xlsx workbook: it is not a zip archive, "
                                   "as every .xlsx file is; open it in Excel and save it as .xlsx\n")


def test_a_zip_with_no_workbook_in_it_is_refused(run, data_copy, tmp_path):
    sheet = tmp_path / "returns.xlsx"
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("readme.txt", "no sheet here")
    refused(run, data_copy, sheet, f"vrptool: {sheet} cannot be read as an .xlsx workbook (KeyError); open it in "
                                   "Excel and save it again\n")


def test_a_spreadsheet_over_the_size_limit_is_refused_unread(run, data_copy, tmp_path):
    sheet = tmp_path / "returns.csv"
    with sheet.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: costs no disk
    refused(run, data_copy, sheet, f"vrptool: {sheet}: it is 22,020,096 bytes, more than the 20,971,520 a "
                                   "spreadsheet of returns may have\n")


def test_a_csv_field_over_128_kb_is_refused(run, data_copy, tmp_path):
    sheet = tmp_path / "returns.csv"
    sheet.write_text("indicator,value,n,note\n1.1.1.e,3,," + "n" * 200_000 + "\n")
    refused(run, data_copy, sheet, f"vrptool: {sheet}: row 2 cannot be read as CSV (a field is longer than the "
                                   "131,072 characters CSV reading allows); save it again as 'CSV UTF-8'\n")


def test_a_csv_note_longer_than_a_cell_is_refused(run, data_copy, tmp_path):
    sheet = tmp_path / "returns.csv"
    sheet.write_text("indicator,value,n,note\n1.1.1.e,3,," + "n" * 40_000 + "\n")
    refused(run, data_copy, sheet, f"vrptool: {sheet}: row 2 has a field of 40,000 characters, more than the "
                                   "32,767 a cell may hold\n")


@pytest.mark.parametrize("kind", ["pipe", "directory"])
def test_a_spreadsheet_that_is_not_a_file_is_refused_without_waiting(run, data_copy, tmp_path, kind):
    sheet = tmp_path / "returns.csv"
    if kind == "pipe":
        os.mkfifo(sheet)
    else:
        sheet.mkdir()
    result = run("returns", "import", str(sheet), *IMPORT[2:], cwd=data_copy.parent)
    assert result.code in (1, 2) and "Traceback" not in result.err
    assert ("not a plain file" if kind == "pipe" else "is a directory") in result.err
