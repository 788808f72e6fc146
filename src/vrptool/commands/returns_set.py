"""vrptool returns set / import: enter a quarter's indicator values without opening a YAML file."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vrptool import quarters
from vrptool.commands.common import report_edit
from vrptool.exitcodes import EXIT_REFUSED, EXIT_USAGE
from vrptool.edit import DataEdit, EditRefused, delete_key, find_item, quoted, set_after
from vrptool.rules.value_range import unit_problem


def number(text: str) -> int | float:
    """'12' -> 12, '12.5' -> 12.5; anything else raises ValueError."""
    value = float(text.strip().replace(",", ""))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(value) if value.is_integer() and "." not in text else value


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
               note: str | None = None) -> None:
    values = document["values"]
    found = find_item(values, "indicator", indicator)
    if found is None:
        entry = CommentedMap()
        entry["indicator"] = quoted(indicator)
        values.append(entry)
    else:
        entry = found[1]
    if missing is not None:
        for key in ("value", "n"):
            delete_key(entry, key)
        set_after(entry, "missing", missing, after="indicator")
    else:
        delete_key(entry, "missing")
        set_after(entry, "value", value, after="indicator")
        if n is not None:
            set_after(entry, "n", n, after="value")
    if note is not None:
        set_after(entry, "note", note, after="n" if "n" in entry else ("value" if "value" in entry else "missing"))


def returns_set(data_dir: Path, quarter_text: str, indicator: str, *, value: str | None = None,
                n: int | None = None, missing: str | None = None, today: dt.date | None = None,
                out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if (value is None) == (missing is None):
        err.write("vrptool: give --value (with --n if known) or --missing REASON, not both\n")
        return EXIT_USAGE
    if missing is not None and n is not None:
        err.write("vrptool: --n goes with --value, not with --missing\n")
        return EXIT_USAGE
    try:
        parsed = number(value) if value is not None else None
    except ValueError:
        err.write(f"vrptool: --value '{value}' is not a number\n")
        return EXIT_USAGE
    try:
        quarters.check_form(quarter_text)
        with DataEdit(data_dir, today) as edit:
            quarter = _quarter(edit, quarter_text)
            _set_entry(_returns_document(edit, quarter), indicator, parsed, n, missing.strip() if missing else None)
            return report_edit(edit.apply(), data_dir, out, err)
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    except EditRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_REFUSED


COLUMNS = ("indicator", "value", "n", "note")


def read_rows(path: Path) -> list[dict[str, str]]:
    """The spreadsheet's rows as text by column name (indicator, value, n, note)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        # data_only: a formula counts as the value it last showed, never as something to run
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    elif path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as stream:
            rows = list(csv.reader(stream))
    else:
        raise EditRefused(f"{path.name} is neither a .csv nor an .xlsx file")
    if not rows:
        raise EditRefused(f"{path} is empty")
    header = [name.strip().lower() for name in rows[0]]
    if "indicator" not in header or "value" not in header:
        raise EditRefused(f"{path} needs the columns {', '.join(COLUMNS)} in its first row; it has {', '.join(header)}")
    return [{name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header) if name in COLUMNS}
            for row in rows[1:] if any(cell.strip() for cell in row)]


def returns_import(data_dir: Path, path: Path, quarter_text: str, *, today: dt.date | None = None,
                   out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        quarters.check_form(quarter_text)
        rows = read_rows(path)
        with DataEdit(data_dir, today) as edit:
            quarter = _quarter(edit, quarter_text)
            units = _units(edit)
            problems, entries, seen = [], [], {}
            for number_, row in enumerate(rows, start=2):  # row 1 is the header
                problem, entry = _check_row(row, units, seen, number_)
                if problem:
                    problems.append(f"row {number_}: {problem}")
                else:
                    entries.append(entry)
            if problems:
                err.write(f"vrptool: {path} has {len(problems)} row(s) that cannot be taken; nothing was changed:\n")
                err.writelines(f"  {problem}\n" for problem in problems)
                return EXIT_REFUSED
            document = _returns_document(edit, quarter)
            for entry in entries:
                _set_entry(document, **entry)
            out.write(f"{len(entries)} value(s) for {quarter.label} from {path}\n")
            return report_edit(edit.apply(), data_dir, out, err)
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    except (EditRefused, OSError, ValueError) as refused:
        message = refused.strerror if isinstance(refused, OSError) and refused.strerror else refused
        err.write(f"vrptool: {message}\n")
        return EXIT_REFUSED


def _units(edit: DataEdit) -> dict[str, str]:
    units = {}
    for area in edit.document("obpf.yaml").get("areas") or []:
        for outcome in area.get("outcomes") or []:
            for measure in outcome.get("measures") or []:
                for indicator in measure.get("indicators") or []:
                    units[str(indicator.get("id"))] = str(indicator.get("unit"))
    return units


def _check_row(row: dict, units: dict, seen: dict, number_: int):
    indicator = row.get("indicator", "")
    if indicator not in units:
        return f"'{indicator}' is not an indicator of obpf.yaml", None
    if indicator in seen:
        return f"indicator {indicator} is also on row {seen[indicator]}", None
    seen[indicator] = number_
    note = row.get("note") or None
    if not row.get("value"):
        if not note:
            return f"indicator {indicator} has no value; give one, or say why in the note column", None
        return None, {"indicator": indicator, "missing": note}
    try:
        value = number(row["value"])
    except ValueError:
        return f"value '{row['value']}' of indicator {indicator} is not a number", None
    n = None
    if row.get("n"):
        try:
            n = number(row["n"])
        except ValueError:
            n = -1
        if not isinstance(n, int) or n < 0:
            return f"n '{row['n']}' of indicator {indicator} is not a whole number of 0 or more", None
    problem = unit_problem(value, units[indicator])
    if problem:
        return f"{problem} (indicator {indicator})", None
    return None, {"indicator": indicator, "value": value, "n": n, "note": note}
