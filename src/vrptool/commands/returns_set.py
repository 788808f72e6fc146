"""vrptool returns set: enter one indicator's value for a quarter without opening a YAML file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from vrptool import numbers, quarters
from vrptool.commands.common import apply_and_say, streams
from vrptool.edit import DataEdit, EditRefused
from vrptool.exitcodes import EXIT_REFUSED, EXIT_USAGE
from vrptool.returns_entry import (
    History,
    entered,
    find_entry,
    indicator_units,
    quarter_named,
    returns_document,
    set_entry,
)


def returns_set(data_dir: Path, quarter_text: str, indicator: str, *, value: str | None = None,
                n: int | None = None, missing: str | None = None, allow: bool = False, today: dt.date | None = None,
                received: dt.date | None = None, area: str | None = None, out: TextIO | None = None,
                err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    if (value is None) == (missing is None):
        err.write("vrptool: give --value (with --n if known) or --missing REASON"
                  + (", not both\n" if value is not None else "\n"))
        return EXIT_USAGE
    if missing is not None and n is not None:
        err.write("vrptool: --n goes with --value, not with --missing\n")
        return EXIT_USAGE
    decimal_comma: numbers.DecimalComma | None = None  # what to write instead depends on the indicator's unit
    try:
        reading = numbers.read_text(value) if value is not None else None
    except numbers.DecimalComma as error:
        reading, decimal_comma = None, error
    except numbers.NumberError as error:
        err.write(f"vrptool: --value {error}\n")
        return EXIT_USAGE
    try:
        quarters.check_form(quarter_text)
        with DataEdit(data_dir, today) as edit:
            if decimal_comma is not None:
                err.write(f"vrptool: --value {decimal_comma.for_unit(indicator_units(edit).get(indicator))}\n")
                return EXIT_USAGE
            quarter = quarter_named(edit, quarter_text)
            parsed = None
            history = History.before(data_dir, quarter, edit)
            if reading is not None:
                unit = indicator_units(edit).get(indicator)
                try:
                    parsed = numbers.for_unit(reading, unit)
                except numbers.NumberError as error:
                    raise EditRefused(f"--value {error} (indicator {indicator})") from None
                problem = history.problem(indicator, parsed, unit, allow, area)
                if problem:
                    raise EditRefused(f"--value for indicator {indicator}: {problem}; nothing was changed")
            document = returns_document(edit, quarter)
            replaced = entered(find_entry(document["values"], indicator, area))
            set_entry(document, indicator, parsed, n, missing.strip() if missing else None,
                       received=received, area=area)
            return apply_and_say(edit, out, err, [history.line(indicator, parsed, missing, replaced, area)])
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    except EditRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_REFUSED

