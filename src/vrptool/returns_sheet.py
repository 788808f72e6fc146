"""A provider's returns spreadsheet as `returns import` reads it: its rows by column, each cell with
its number format, and each row checked and turned into an entry for the quarter's returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vrptool import numbers
from vrptool.edit import EditRefused
from vrptool.rules.value_range import unit_problem
from vrptool.suggest import did_you_mean


class FileArgumentError(Exception):
    """A file named on the command line does not exist or cannot be read (a usage error)."""


COLUMNS = ("indicator", "value", "n", "note")
#: Read when present: `vrptool returns template` writes the quarter on every row, so that a sheet
#: filled in for one quarter is never taken as another's; `area` names the area a row's value is
#: of (one of partnership.yaml's areas, by id or name), empty for the whole partnership's.
OPTIONAL_COLUMNS = ("quarter", "area")


@dataclass(frozen=True)
class Cell:
    """One spreadsheet cell: what it holds, and whether it is formatted as a percentage."""

    value: Any
    percent_format: bool = False

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value).strip()


@dataclass
class Sheet:
    rows: list[dict[str, Cell]]
    decimal_comma: bool = False  # declared by the file: a CSV separated by semicolons
    #: Where each row is, as a message names it: "row 5", or "sheet 'HC' row 5" in a workbook of
    #: several sheets (as `vrptool returns template` writes, one per data source).
    places: list[str] = field(default_factory=list)

    def place(self, index: int) -> str:
        return self.places[index] if index < len(self.places) else f"row {index + 2}"


def check_readable(path: Path) -> None:
    """Refuse a file argument that does not exist or cannot be read, naming it."""
    if not path.exists():
        raise FileArgumentError(f"{path} does not exist")
    if path.is_dir():
        raise FileArgumentError(f"{path} is a directory; name the spreadsheet itself")
    if not path.is_file():
        raise FileArgumentError(f"{path} is not a plain file (a pipe or device); save the spreadsheet as a file")
    try:
        with path.open("rb") as stream:
            stream.read(1)
    except OSError as error:
        raise FileArgumentError(f"{path} cannot be read: {error.strerror or error}") from None


def _percent_format(number_format: str | None) -> bool:
    """True for an Excel number format that shows a fraction as a percentage ('0.0%', not '0.0"%"')."""
    if not number_format:
        return False
    outside_quotes = "".join(part for index, part in enumerate(number_format.split('"')) if index % 2 == 0)
    return "%" in outside_quotes.replace("\\%", "")


def read_rows(path: Path) -> Sheet:
    """The spreadsheet's rows, by column name (indicator, value, n, note)."""
    check_readable(path)
    from vrptool import sheet_reading

    decimal_comma = False
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise FileArgumentError(f"{path.name} is neither a .csv nor an .xlsx file")
    try:
        raw = sheet_reading.read_bytes(path)  # a regular file within the size limit, read once
        if suffix == ".xlsx":
            tables = [(title, [[Cell(cell.value, _percent_format(getattr(cell, "number_format", None)))
                                for cell in row] for row in rows])
                      for title, rows in sheet_reading.workbook_rows(path, raw)]
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise FileArgumentError(f"{path} is not UTF-8 text; save it as 'CSV UTF-8'") from None
            first = text.split("\n", 1)[0]
            # Excel writes semicolon-separated CSV where the decimal mark is a comma: the file declares it.
            decimal_comma = ";" in first and "," not in first
            tables = [("", [[Cell(value) for value in row]
                            for row in sheet_reading.csv_rows(path, text, ";" if decimal_comma else ",")])]
    except sheet_reading.SpreadsheetError as error:
        raise FileArgumentError(str(error)) from None
    if not any(rows for _, rows in tables):
        raise EditRefused(f"{path} is empty")
    # Every sheet whose first row names the columns holds returns; others (notes, instructions)
    # are left alone. A file where no sheet does is refused.
    headed = [(title, rows) for title, rows in tables if rows and _header(rows[0]) >= {"indicator", "value"}]
    if not headed:
        rows = next(r for _, r in tables if r)
        found = ", ".join(cell.text for cell in rows[0] if cell.text) or "nothing"
        raise EditRefused(f"{path} needs the columns {', '.join(COLUMNS)} in its first row; it has {found}")
    sheet = Sheet([], decimal_comma)
    for title, rows in headed:
        header = [cell.text.lower() for cell in rows[0]]
        for number, row in enumerate(rows[1:], start=2):
            if any(cell.text for cell in row):
                sheet.rows.append({name: (row[i] if i < len(row) else Cell(None))
                                   for i, name in enumerate(header) if name in COLUMNS + OPTIONAL_COLUMNS})
                sheet.places.append(f"sheet '{title}' row {number}" if len(headed) > 1 else f"row {number}")
    return sheet



def _header(row: list[Cell]) -> set[str]:
    return {cell.text.lower() for cell in row}


def _area(row: dict[str, Cell], areas: dict[str, str], indicator: str) -> tuple[str | None, str | None]:
    """(problem, area id) of a row's area cell: (None, None) for the whole partnership's value."""
    text = row.get("area", Cell(None)).text
    if not text:
        return None, None
    found = areas.get(text) or areas.get(text.lower())
    if found is None:
        ids = sorted(set(areas.values()))
        known = f"one of partnership.yaml's areas ({', '.join(ids)})" if ids else "an area: partnership.yaml names none"
        return f"area '{text}' of indicator {indicator} is not {known}{did_you_mean(text, ids)}", None
    return None, found


def row_entry(row: dict[str, Cell], units: dict, areas: dict, seen: dict, place: str, decimal_comma: bool):
    """Why the row cannot be taken, or the entry it makes (indicator, area, value or missing reason,
    n, note): (None, None) for an area's row left empty, which that area does not return."""
    indicator = row.get("indicator", Cell(None)).text
    if indicator not in units:
        return f"'{indicator}' is not an indicator of obpf.yaml", None
    problem, area = _area(row, areas, indicator)
    if problem:
        return problem, None
    key = (indicator, area)
    what = f"indicator {indicator}" if area is None else f"indicator {indicator} for area {area}"
    if key in seen:
        return f"{what} is also on {seen[key]}", None
    seen[key] = place
    note = row.get("note", Cell(None)).text or None
    cell = row.get("value", Cell(None))
    if not cell.text:
        if not note and area is not None:
            return None, None  # an area's row left empty: that area's value is not returned
        if not note:
            return f"{what} has no value; give one, or say why in the note column", None
        return None, {"indicator": indicator, "area": area, "missing": note}
    try:
        value = numbers.for_unit(numbers.read_cell(cell.value, percent_format=cell.percent_format,
                                                   decimal_comma=decimal_comma, unit=units[indicator]),
                                 units[indicator])
    except numbers.NumberError as error:
        return f"value of indicator {indicator}: {error}", None
    n = None
    n_cell = row.get("n", Cell(None))
    if n_cell.text:
        try:
            n = numbers.read_cell(n_cell.value, decimal_comma=decimal_comma).value
        except numbers.NumberError:
            n = -1
        if not isinstance(n, int) or n < 0:
            return f"n '{n_cell.text}' of indicator {indicator} is not a whole number of 0 or more", None
    problem = unit_problem(value, units[indicator])
    if problem:
        return f"{problem} (indicator {indicator})", None
    return None, {"indicator": indicator, "area": area, "value": value, "n": n, "note": note}
