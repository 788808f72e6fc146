"""vrptool returns import: load a provider's quarterly spreadsheet, every row or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from vrptool import quarters, terminal
from vrptool.commands.common import apply_and_say, streams
from vrptool.edit import DataEdit, EditRefused
from vrptool.exitcodes import EXIT_REFUSED, EXIT_USAGE
from vrptool.returns_entry import (
    History,
    area_ids,
    entered,
    find_entry,
    indicator_units,
    quarter_named,
    returns_document,
    set_entry,
)
from vrptool.returns_sheet import Cell, FileArgumentError, read_rows, row_entry
from vrptool.terminal import words


def returns_import(data_dir: Path, path: Path, quarter_text: str, *, allow: bool = False,
                   today: dt.date | None = None, received: dt.date | None = None, out: TextIO | None = None,
                   err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    try:
        quarters.check_form(quarter_text)
        sheet = read_rows(path)
        with DataEdit(data_dir, today) as edit:
            quarter = quarter_named(edit, quarter_text)
            units = indicator_units(edit)
            areas = area_ids(edit)
            history = History.before(data_dir, quarter, edit)
            problems: list[str] = []
            entries = []
            seen: dict[tuple[str, str | None], str] = {}  # (indicator, area): the row it is on
            other_quarters: dict[str, tuple[int, list[str]]] = {}  # quarter id: (its problem, the rows saying it)
            terminal.phase("Taking rows", len(sheet.rows))
            for index, row in enumerate(sheet.rows):
                terminal.step()
                place = sheet.place(index)
                stated = _stated_quarter(row, edit)
                if stated is not None and stated != quarter:
                    # A template for another quarter is one mistake: said once, at its first row.
                    if stated.id not in other_quarters:
                        other_quarters[stated.id] = (len(problems), [])
                        problems.append(stated.label)
                    other_quarters[stated.id][1].append(place)
                    continue
                problem, entry = row_entry(row, units, areas, seen, place, sheet.decimal_comma)
                if entry is not None and entry.get("value") is not None:
                    problem = history.problem(entry["indicator"], entry["value"], units[entry["indicator"]], allow,
                                              entry["area"])
                    if problem:
                        problem = f"indicator {entry['indicator']}: {problem}"
                if problem:
                    problems.append(f"{place}: {problem}")
                elif entry is not None:
                    entries.append(entry)
            refused = len(problems)
            for at, places in other_quarters.values():
                rows = ("this row is for" if len(places) == 1
                        else f"this row and {words(len(places) - 1, 'other')} ({len(places)} rows) are for")
                problems[at] = (f"{places[0]}: {rows} {problems[at]}, not {quarter.label}; "
                                f"fill in the template for {quarter.id}")
                refused += len(places) - 1
            if problems:
                err.write(f"vrptool: {path} has {words(refused, 'row')} that cannot be taken; nothing was changed:\n")
                err.writelines(f"  {problem}\n" for problem in problems)
                return EXIT_REFUSED
            document = returns_document(edit, quarter)
            lines = [f"{words(len(entries), 'value')} for {quarter.label} from {path}, with the change from last quarter:\n"]
            for entry in entries:
                replaced = entered(find_entry(document["values"], entry["indicator"], entry["area"]))
                set_entry(document, **entry, received=received)
                lines.append(history.line(entry["indicator"], entry.get("value"), entry.get("missing"), replaced,
                                          entry["area"]))
            return apply_and_say(edit, out, err, lines)
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
        return quarter_named(edit, text)
    except (quarters.QuarterError, EditRefused):
        return None

