"""Reading a provider's spreadsheet with bounded memory: the file, each sheet and each cell have limits.

A workbook is a zip of XML parts: a 1.5 MB file can hold a 1.5 GB cell, which openpyxl would
build in memory. So the file is checked (a regular file within the size limit), its parts'
sizes as the zip declares them are checked before anything is unpacked (and the zip reader
stops at the declared size), and rows, columns and cell lengths are counted as they are read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vrptool.files import FileRefused, read_checked

MAX_FILE_BYTES = 20 * 1024 * 1024  # a quarter's returns are a few kilobytes
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all the parts of a workbook, unpacked
MAX_SHEETS = 50
MAX_ROWS = 20_000  # per sheet
MAX_COLUMNS = 50
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit on a cell


class SpreadsheetError(ValueError):
    """A spreadsheet vrptool will not read; the message names it and says why."""


def read_bytes(path: Path) -> bytes:
    """The spreadsheet's bytes, once it is known to be a regular file within the size limit."""
    try:
        return read_checked(path, max_bytes=MAX_FILE_BYTES)
    except FileRefused as refused:
        message = refused.message.replace("a data file may have (the limit is the setting VRPTOOL_MAX_FILE_BYTES)",
                                          "a spreadsheet of returns may have")
        raise SpreadsheetError(f"{path}: {message.replace('this is', 'it is').replace('the file', 'it')}") from None


def workbook_rows(path: Path, raw: bytes) -> list[tuple[str, list[list[Any]]]]:
    """Each sheet's title and its rows of openpyxl cells, within the limits."""
    archive = _archive(path, raw)
    from openpyxl import load_workbook

    try:
        # data_only: a formula counts as the value it last showed, never as something to run
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheets = workbook.worksheets
        if not sheets:
            raise SpreadsheetError(f"{path} has no sheet; add one with the columns indicator, value, n, note")
        if len(sheets) > MAX_SHEETS:
            raise SpreadsheetError(f"{path} has {len(sheets)} sheets, more than the {MAX_SHEETS} a workbook of "
                                   "returns may have")
        return [(sheet.title, list(_bounded(path, sheet.title, sheet.iter_rows()))) for sheet in sheets]
    except SpreadsheetError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged or disguised file, whatever openpyxl raises
        raise SpreadsheetError(f"{path} cannot be read as an .xlsx workbook ({type(error).__name__}); "
                               "open it in Excel and save it again") from None
    finally:
        archive.close()


def _archive(path: Path, raw: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetError(f"{path} cannot be read as an .xlsx workbook: it is not a zip archive, as every "
                               ".xlsx file is; open it in Excel and save it as .xlsx") from None
    unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        archive.close()
        raise SpreadsheetError(f"{path} unpacks to {unpacked:,} bytes, more than the {MAX_UNPACKED_BYTES:,} a "
                               "workbook of returns may hold; a cell or a sheet in it is far too large")
    return archive


def _bounded(path: Path, title: str, rows: Iterator[Any]) -> Iterator[list[Any]]:
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise SpreadsheetError(f"{path}: sheet '{title}' has more than {MAX_ROWS:,} rows")
        cells = list(row)
        if len(cells) > MAX_COLUMNS and any(cell.value not in (None, "") for cell in cells[MAX_COLUMNS:]):
            raise SpreadsheetError(f"{path}: sheet '{title}' row {number} has more than {MAX_COLUMNS} columns")
        for cell in cells[:MAX_COLUMNS]:
            if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARACTERS:
                raise SpreadsheetError(f"{path}: sheet '{title}' row {number} has a cell of {len(cell.value):,} "
                                       f"characters, more than the {MAX_CELL_CHARACTERS:,} a cell may hold")
        yield cells[:MAX_COLUMNS]


def csv_rows(path: Path, text: str, delimiter: str) -> list[list[str]]:
    """The rows of CSV text, within the limits (a field longer than a cell may be is refused)."""
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise SpreadsheetError(f"{path} has more than {MAX_ROWS:,} rows")
            longest = max((len(field) for field in row), default=0)
            if longest > MAX_CELL_CHARACTERS:
                raise SpreadsheetError(f"{path}: row {number} has a field of {longest:,} characters, more than the "
                                       f"{MAX_CELL_CHARACTERS:,} a cell may hold")
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as error:
        raise SpreadsheetError(f"{path}: row {reader.line_num} cannot be read as CSV ({_csv_reason(error)}); "
                               "save it again as 'CSV UTF-8'") from None
    return rows


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a field is longer than the {csv.field_size_limit():,} characters CSV reading allows"
    return "a quote is not closed" if "EOF" in text or "quot" in text else "it is not comma-separated text"
