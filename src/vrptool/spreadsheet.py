"""Spreadsheets partners open in Excel: numbers as numbers with number formats, text that can
never run as a formula, header rows frozen. Used by `returns template` and `report --format xlsx|csv`.

A text cell that begins with =, +, - or @ (or a tab or carriage return) is a formula to Excel
when a CSV is opened or a cell is edited: the classic spreadsheet injection. In .xlsx such text is
stored as a string and marked with Excel's own "quote prefix", so it stays text even when the cell
is edited; in CSV it gets a leading apostrophe, as OWASP recommends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Excel number formats by indicator unit. Percentages are stored as 0-100 (as in the data), so
#: the % sign is literal text and the value is never divided by 100.
NUMBER_FORMATS = {"count": "#,##0", "percent": '0.0"%"', "score": "0.00", "score_change": "+0.00;-0.00;0.00",
                  "rate": "0.0"}
WHOLE = "#,##0"
DATE = "yyyy-mm-dd"


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV as Excel reads it: UTF-8 with a byte-order mark, CRLF line ends, every text cell safe."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else csv_text(v) for v in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip().strip("'")[:31] or "Sheet"
    title, number = base, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        title, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(title)
    return title


class Workbook:
    """An openpyxl workbook written cell by cell with vrptool's rules (see the module's docstring)."""

    def __init__(self, created: dt.date | None = None) -> None:
        from openpyxl import Workbook as OpenpyxlWorkbook

        self.book = OpenpyxlWorkbook()
        self.book.remove(self.book.active)
        self._titles: set[str] = set()
        # The workbook says when its data is from (the report's date), not when it was written.
        moment = dt.datetime.combine(created or dt.date(2000, 1, 1), dt.time())
        self.book.properties.created = self.book.properties.modified = moment
        self.book.properties.creator = "vrptool"

    def sheet(self, title: str):
        return self.book.create_sheet(sheet_title(title, self._titles))

    @staticmethod
    def put(sheet, row: int, column: int, value: Any, number_format: str | None = None, bold: bool = False):
        """Write one cell: a str is always text, a number a number (with its format)."""
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if isinstance(value, str):
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever it begins with
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True
        elif isinstance(value, (int, float)):
            cell.value = value
            if number_format:
                cell.number_format = number_format
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = number_format or DATE
        elif value is not None:
            cell.value = str(value)
            cell.data_type = "s"
        if bold:
            from openpyxl.styles import Font

            cell.font = Font(bold=True)
        return cell

    def table(self, sheet, header: Sequence[str], rows: Iterable[Sequence[Any]],
              formats: Sequence[str | None] | None = None, first_row: int = 1,
              widths: Sequence[int] | None = None) -> int:
        """A header row (bold, frozen, filterable) and its rows; the number of the last row written.
        `formats` gives each column's number format (a row may carry its own as (value, format))."""
        from openpyxl.utils import get_column_letter

        for column, title in enumerate(header, start=1):
            self.put(sheet, first_row, column, title, bold=True)
        last = first_row
        for last, row in enumerate(rows, start=first_row + 1):
            for column, value in enumerate(row, start=1):
                number_format = formats[column - 1] if formats and column <= len(formats) else None
                if isinstance(value, tuple):
                    value, number_format = value
                self.put(sheet, last, column, value, number_format)
        sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
        sheet.auto_filter.ref = f"A{first_row}:{get_column_letter(len(header))}{max(last, first_row + 1)}"
        for column, title in enumerate(header, start=1):
            width = widths[column - 1] if widths and column <= len(widths) else max(10, min(len(str(title)) + 2, 40))
            sheet.column_dimensions[get_column_letter(column)].width = width
        return last

    def bytes(self) -> bytes:
        stream = io.BytesIO()
        self.book.save(stream)
        return stream.getvalue()
