"""vrptool returns set / import: enter a quarter's indicator values without opening a YAML file.

Every value is read by vrptool.numbers, whichever way it arrives, and judged against the
indicator's earlier quarters (vrptool.plausible) before anything is written."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool import numbers, plausible, quarters, terminal
from vrptool.commands.common import report_edit, streams
from vrptool.edit import DataEdit, EditRefused, delete_key, quoted, set_after
from vrptool.exitcodes import EXIT_REFUSED, EXIT_USAGE
from vrptool.rules.value_range import unit_problem
from vrptool.terminal import words


class FileArgumentError(Exception):
    """A file named on the command line does not exist or cannot be read (a usage error)."""


def _quarter(edit: DataEdit, text: str) -> quarters.Quarter:
    partnership = edit.document("partnership.yaml")
    start = int(partnership.get("financial_year_start_month", 4)) if isinstance(partnership, dict) else 4
    if text.strip().lower() == "latest":
        raise EditRefused("--quarter latest names the newest quarter with returns; name the quarter to enter")
    return quarters.parse(text, start)


def _returns_document(edit: DataEdit, quarter: quarters.Quarter):
    relative = f"returns/{quarter.id}.yaml"
    if edit.exists(relative):
        return edit.document(relative)
    document = CommentedMap()
    document["quarter"] = quoted(quarter.id)
    document["values"] = CommentedSeq()
    edit.create(relative, document)
    return document


def _set_entry(document, indicator: str, value=None, n: int | None = None, missing: str | None = None,
               note: str | None = None, received: dt.date | None = None, area: str | None = None) -> None:
    values = document["values"]
    found = _find_entry(values, indicator, area)
    if found is None:
        entry = CommentedMap()
        entry["indicator"] = quoted(indicator)
        if area is not None:
            entry["area"] = quoted(area)
        values.append(entry)
    else:
        entry = found
    first = "area" if "area" in entry else "indicator"
    if missing is not None:
        for key in ("value", "n"):
            delete_key(entry, key)
        set_after(entry, "missing", missing, after=first)
    else:
        delete_key(entry, "missing")
        set_after(entry, "value", value, after=first)
        if n is not None:
            set_after(entry, "n", n, after="value")
    if note is not None:
        set_after(entry, "note", note, after="n" if "n" in entry else ("value" if "value" in entry else "missing"))
    if received is not None:  # when the source sent it: what `vrptool due` judges timeliness by
        set_after(entry, "received", dt.date.fromordinal(received.toordinal()), after=list(entry.keys())[-1])


@dataclass
class History:
    """The values of earlier quarters, by indicator, newest first; and last quarter's on its own."""

    earlier: dict[str, list[numbers.Number]]
    last: dict[str, numbers.Number]
    last_quarter: quarters.Quarter

    @classmethod
    def before(cls, data_dir: Path, quarter: quarters.Quarter) -> History:
        from vrptool.loader import load_file

        earlier: dict[str, list[numbers.Number]] = {}
        last: dict[str, numbers.Number] = {}
        files = sorted(((q, path) for path in (data_dir / "returns").glob("*.yaml")
                        if (q := quarters.from_id(path.stem, quarter.start_month)) is not None and q < quarter),
                       reverse=True)
        # Read-only, through the loader: the files are never part of the edit.
        for found, path in files[:plausible.RECENT_QUARTERS]:
            tree = load_file(path).tree
            for entry in (tree.get("values") if isinstance(tree, dict) else None) or []:
                if not isinstance(entry, dict):
                    continue
                indicator, value = entry.get("indicator"), entry.get("value")
                if entry.get("area") is not None:
                    continue  # an area's value, not the indicator's own
                if entry.get("area") is not None:
                    continue  # an area's value: judged against the whole partnership's it would mislead
                if isinstance(indicator, str) and isinstance(value, (int, float)) and not isinstance(value, bool):
                    earlier.setdefault(indicator, []).append(value)
                    if found == quarter.previous:
                        last[indicator] = value
        return cls(earlier, last, quarter.previous)

    def problem(self, indicator: str, value: numbers.Number, unit: str | None, allow: bool) -> str | None:
        """Why the value must not be taken as it stands (a fraction for a percentage), or None."""
        previous = self.earlier.get(indicator, [])
        if not allow and plausible.looks_like_fraction(value, unit, previous):
            return f"{plausible.fraction_problem(value, previous)}, or pass --allow if {numbers.shown(value)}% is right"
        return None

    def line(self, indicator: str, value: numbers.Number | None, missing: str | None,
             replaced: str | None = None) -> str:
        """One line of what was entered: what it replaced (old → new), its change from last quarter, and
        a second look if needed."""
        was = "" if replaced is None else f"{replaced} → "
        if value is None:
            return f"  {indicator}: {was}missing ({missing})\n"
        last = self.last.get(indicator)
        if last is None:
            said = f"no value in {self.last_quarter.id}"
        else:
            said = f"{self.last_quarter.id}: {numbers.shown(last)}, {plausible.change(value, last)}"
        text = f"  {indicator}: {was}{numbers.shown(value)} ({said})"
        outside = plausible.outside_recent_range(value, self.earlier.get(indicator, []))
        if outside:
            text += (f"; far outside its recent range {numbers.shown(outside[0])} to {numbers.shown(outside[1])}: "
                     "check it")
        return text + "\n"


def _entered(entry) -> str | None:
    """What an existing entry holds, as `returns set` shows it (None: no entry yet)."""
    if entry is None:
        return None
    if "value" in entry:
        return numbers.shown(entry["value"]) if isinstance(entry["value"], (int, float)) else str(entry["value"])
    return f"missing ({entry.get('missing')})"


def _find_entry(values, indicator: str, area: str | None):
    """The entry of the indicator's total (area None) or of one area's value."""
    for item in values if isinstance(values, list) else []:
        if isinstance(item, dict) and str(item.get("indicator")) == indicator and (
                None if item.get("area") is None else str(item.get("area"))) == area:
            return item
    return None


def returns_set(data_dir: Path, quarter_text: str, indicator: str, *, value: str | None = None,
                n: int | None = None, missing: str | None = None, allow: bool = False, today: dt.date | None = None,
                received: dt.date | None = None, area: str | None = None, out: TextIO | None = None,
                err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    if (value is None) == (missing is None):
        err.write("vrptool: give --value (with --n if known) or --missing REASON, not both\n")
        return EXIT_USAGE
    if missing is not None and n is not None:
        err.write("vrptool: --n goes with --value, not with --missing\n")
        return EXIT_USAGE
    try:
        reading = numbers.read_text(value) if value is not None else None
    except numbers.NumberError as error:
        err.write(f"vrptool: --value {error}\n")
        return EXIT_USAGE
    try:
        quarters.check_form(quarter_text)
        with DataEdit(data_dir, today) as edit:
            quarter = _quarter(edit, quarter_text)
            parsed = None
            history = History.before(data_dir, quarter)
            if reading is not None:
                unit = _units(edit).get(indicator)
                try:
                    parsed = numbers.for_unit(reading, unit)
                except numbers.NumberError as error:
                    raise EditRefused(f"--value {error} (indicator {indicator})") from None
                problem = history.problem(indicator, parsed, unit, allow)
                if problem:
                    raise EditRefused(f"--value for indicator {indicator}: {problem}; nothing was changed")
            document = _returns_document(edit, quarter)
            replaced = _entered(_find_entry(document["values"], indicator, area))
            _set_entry(document, indicator, parsed, n, missing.strip() if missing else None,
                       received=received, area=area)
            return _apply(edit, out, err, [history.line(indicator, parsed, missing, replaced)])
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    except EditRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_REFUSED


def _apply(edit: DataEdit, out: TextIO, err: TextIO, lines: list[str]) -> int:
    """Apply the edit; say what was entered only once it is written."""
    written = io.StringIO()
    code = report_edit(edit.apply(), edit.data_dir, written, err)
    if code == 0:
        out.writelines(lines)
    out.write(written.getvalue())
    return code


COLUMNS = ("indicator", "value", "n", "note")
#: Read when present: `vrptool returns template` writes the quarter on every row, so that a sheet
#: filled in for one quarter is never taken as another's.
OPTIONAL_COLUMNS = ("quarter",)


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


def returns_import(data_dir: Path, path: Path, quarter_text: str, *, allow: bool = False,
                   today: dt.date | None = None, received: dt.date | None = None, out: TextIO | None = None,
                   err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    try:
        quarters.check_form(quarter_text)
        sheet = read_rows(path)
        with DataEdit(data_dir, today) as edit:
            quarter = _quarter(edit, quarter_text)
            units = _units(edit)
            history = History.before(data_dir, quarter)
            problems, entries = [], []
            seen: dict[str, str] = {}  # indicator: the row it is on
            terminal.phase("Taking rows", len(sheet.rows))
            for index, row in enumerate(sheet.rows):
                terminal.step()
                place = sheet.place(index)
                stated = _stated_quarter(row, edit)
                if stated is not None and stated != quarter:
                    problems.append(f"{place}: this row is for {stated.label}, not {quarter.label}; "
                                    f"fill in the template for {quarter.id}")
                    continue
                problem, entry = _check_row(row, units, seen, place, sheet.decimal_comma)
                if entry is not None and entry.get("value") is not None:
                    problem = history.problem(entry["indicator"], entry["value"], units[entry["indicator"]], allow)
                    if problem:
                        problem = f"indicator {entry['indicator']}: {problem}"
                if problem:
                    problems.append(f"{place}: {problem}")
                else:
                    entries.append(entry)
            if problems:
                err.write(f"vrptool: {path} has {words(len(problems), 'row')} that cannot be taken; nothing was changed:\n")
                err.writelines(f"  {problem}\n" for problem in problems)
                return EXIT_REFUSED
            document = _returns_document(edit, quarter)
            lines = [f"{words(len(entries), 'value')} for {quarter.label} from {path}, with the change from last quarter:\n"]
            for entry in entries:
                replaced = _entered(_find_entry(document["values"], entry["indicator"], None))
                _set_entry(document, **entry, received=received)
                lines.append(history.line(entry["indicator"], entry.get("value"), entry.get("missing"), replaced))
            return _apply(edit, out, err, lines)
    except FileArgumentError as error:
        err.write(f"vrptool: {error}\n")
        return EXIT_USAGE
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    except EditRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_REFUSED


def _stated_quarter(row: dict[str, Cell], edit: DataEdit) -> quarters.Quarter | None:
    """The quarter a row says it is for (None when it says none, or nothing a quarter could be)."""
    text = row.get("quarter", Cell(None)).text
    if not text:
        return None
    try:
        return _quarter(edit, text)
    except (quarters.QuarterError, EditRefused):
        return None


def _units(edit: DataEdit) -> dict[str, str]:
    units = {}
    for area in edit.document("obpf.yaml").get("areas") or []:
        for outcome in area.get("outcomes") or []:
            for measure in outcome.get("measures") or []:
                for indicator in measure.get("indicators") or []:
                    units[str(indicator.get("id"))] = str(indicator.get("unit"))
    return units


def _check_row(row: dict[str, Cell], units: dict, seen: dict, place: str, decimal_comma: bool):
    indicator = row.get("indicator", Cell(None)).text
    if indicator not in units:
        return f"'{indicator}' is not an indicator of obpf.yaml", None
    if indicator in seen:
        return f"indicator {indicator} is also on {seen[indicator]}", None
    seen[indicator] = place
    note = row.get("note", Cell(None)).text or None
    cell = row.get("value", Cell(None))
    if not cell.text:
        if not note:
            return f"indicator {indicator} has no value; give one, or say why in the note column", None
        return None, {"indicator": indicator, "missing": note}
    try:
        value = numbers.for_unit(numbers.read_cell(cell.value, percent_format=cell.percent_format,
                                                   decimal_comma=decimal_comma), units[indicator])
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
    return None, {"indicator": indicator, "value": value, "n": n, "note": note}
