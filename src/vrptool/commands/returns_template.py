"""vrptool returns template: the spreadsheet a data provider fills in, and `returns import` reads back.

One sheet per data source (or one, with --source): a row for each indicator it owes, with its
wording, unit, whether n is needed and last quarter's value for reference; the value, n and note
cells are the only ones a provider can change, and Excel checks what is typed by the unit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from vrptool import checks, quarters
from vrptool.commands.common import mistyped_quarter, refused_for_errors, streams
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from vrptool.files import write_output
from vrptool.spreadsheet import NUMBER_FORMATS, WHOLE, Workbook, csv_bytes
from vrptool.suggest import did_you_mean
from vrptool.terminal import words

#: The columns, in order. `returns import` reads indicator, area, value, n and note by these names.
COLUMNS = ("indicator", "area", "wording", "unit", "n needed", "previous", "value", "n", "note", "quarter")
UNIT_WORDS = {"count": "count (a whole number)", "percent": "percent (0 to 100)", "score": "score",
              "score_change": "change in score"}


def n_needed(unit: str) -> bool:
    """A percentage or rate rests on a number of people or cases: without n it cannot be judged
    against the small-number threshold. A count is its own n."""
    return unit == "percent" or unit.startswith("rate")


def template_context(data, quarter: quarters.Quarter, source: str | None) -> dict[str, Any]:
    """Who owes which indicator for the quarter, with last quarter's value as the report shows it:
    a row for the whole partnership's value and one for each area the indicator is returned by."""
    from vrptool.report.context import plain
    from vrptool.report.tables import sheet_value
    from vrptool.report.values import value_table

    partnership = data.partnership.model
    # The report's own reading of the values: its disclosure rule, secondary suppression included.
    table = value_table(data)
    mark = table.measuring.policy.mark
    broken_down: dict[str, set] = {}
    for _, returns in data.valid_returns():
        for entry in returns.values:
            if entry.area is not None:
                broken_down.setdefault(entry.indicator, set()).add(entry.area)
    organisations = {o.id: o for o in partnership.organisations}
    previous = quarter.previous
    sources: dict[str, dict] = {}
    for placed in data.obpf.model.indicators():
        indicator = placed.indicator
        if source is not None and indicator.source != source:
            continue
        organisation = organisations[indicator.source]
        entry = sources.setdefault(indicator.source, {
            "id": organisation.id, "name": organisation.name,
            "short": organisation.abbreviation or organisation.name, "indicators": []})
        shown = dict(table.areas(previous.id, indicator.id))
        areas = [None, *(a.id for a in partnership.areas if a.id in broken_down.get(indicator.id, ()))]
        for area in areas:
            cell = table.get(previous.id, indicator.id) if area is None else shown.get(area)
            entry["indicators"].append({
                "id": indicator.id, "area": area, "text": " ".join((plain(indicator.text) or "").split()),
                "unit": indicator.unit, "dataset": indicator.dataset, "n_needed": n_needed(indicator.unit),
                # as the board saw it: a suppressed value is never shown, not even to its provider
                "previous": None if cell is None or cell.state == "none" else _plain(
                    sheet_value(cell.as_dict(), indicator.unit, mark)),
            })
    return {"partnership": partnership.short_name, "quarter": {"id": quarter.id, "label": quarter.label},
            "previous": {"id": previous.id, "label": previous.label},
            "sources": sorted(sources.values(), key=lambda s: s["name"])}


def _plain(value: Any) -> Any:
    """A (number, number format) pair as its number: the template sets formats by unit itself."""
    return value[0] if isinstance(value, tuple) else value


def returns_template(data_dir: Path, quarter_text: str, *, source: str | None = None, output: Path,
                     output_format: str = "xlsx", today: dt.date | None = None,
                     out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    today = today or dt.date.today()
    if mistyped_quarter(quarter_text, err):
        return EXIT_USAGE
    if quarter_text.strip().lower() == "latest":
        err.write("vrptool: --quarter latest names the newest quarter with returns; name the quarter to fill in\n")
        return EXIT_USAGE
    checked = checks.check(data_dir, today)
    if refused_for_errors(checked.errors, data_dir, err, "no template was made"):
        return EXIT_REFUSED
    data = checked.valid()
    try:
        quarter = quarters.parse(quarter_text, data.start_month)
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    if source is not None:
        known = {o.id for o in data.partnership.model.organisations}
        sources = sorted({placed.indicator.source for placed in data.obpf.model.indicators()})
        if source not in known:
            err.write(f"vrptool: --source: no organisation '{source}' in partnership.yaml"
                      f"{did_you_mean(source, known)} (data sources: {', '.join(sources)})\n")
            return EXIT_USAGE
    context = template_context(data, quarter, source)
    if not context["sources"]:
        err.write(f"vrptool: {source} supplies no indicator of obpf.yaml; no template was made "
                  f"(data sources: {', '.join(sources)})\n")
        return EXIT_REFUSED
    content = xlsx(context, today) if output_format == "xlsx" else csv(context)
    try:
        write_output(output, content, data_dir)
    except OSError as error:
        err.write(f"vrptool: cannot write {output}: {error.strerror or error}\n")
        return EXIT_USAGE
    rows = [r for s in context["sources"] for r in s["indicators"]]
    owed = sum(1 for r in rows if r["area"] is None)
    by_area = f" and {words(len(rows) - owed, 'value')} by area" if len(rows) > owed else ""
    err.write(f"wrote {output}: {words(owed, 'indicator')}{by_area} from "
              f"{words(len(context['sources']), 'data source')} for {quarter.label}\n")
    return EXIT_OK


def _header(context: dict) -> list[str]:
    return [f"previous ({context['previous']['id']})" if c == "previous" else c for c in COLUMNS]


def csv(context: dict) -> bytes:
    rows: list[list[Any]] = [["source", *_header(context)]]
    for source in context["sources"]:
        for row in source["indicators"]:
            rows.append([source["id"], row["id"], row["area"], row["text"], row["unit"], "yes" if row["n_needed"] else "no",
                         row["previous"], None, None, None, context["quarter"]["id"]])
    return csv_bytes(rows)


def xlsx(context: dict, today: dt.date) -> bytes:
    from openpyxl.styles import Alignment, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(today)
    value_column, n_column, note_column = (COLUMNS.index(c) + 1 for c in ("value", "n", "note"))
    for source in context["sources"]:
        sheet = book.sheet(source["short"])
        rows = source["indicators"]
        formats = [None, None, None, None, None, None, None, WHOLE, None, None]
        table = [[r["id"], r["area"], r["text"], UNIT_WORDS.get(r["unit"], r["unit"]), r["n_needed"],
                  (r["previous"], NUMBER_FORMATS.get(r["unit"])) if isinstance(r["previous"], (int, float))
                  else r["previous"], None, None, None, context["quarter"]["id"]] for r in rows]
        book.table(sheet, _header(context), table, formats, widths=[11, 14, 60, 22, 10, 22, 12, 10, 40, 12])
        # Excel checks each value as it is typed: a whole number of 0 or more for a count and for
        # n, a number from 0 to 100 for a percentage, any number for a score.
        rules = {
            "count": DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                    error="A count is a whole number of 0 or more.", errorTitle="Not a count"),
            "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                      error="A percentage is a number from 0 to 100 (73.5, not 0.735).",
                                      errorTitle="Not a percentage"),
            "number": DataValidation(type="decimal", operator="between", formula1="-1E+300", formula2="1E+300",
                                     error="Type a number, or leave it empty and say why in the note.",
                                     errorTitle="Not a number"),
        }
        n_rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                error="n is how many people or cases: a whole number of 0 or more.", errorTitle="Not n")
        used = [n_rule]
        for number, row in enumerate(rows, start=2):
            rule = rules.get(row["unit"], rules["number"])
            rule.add(sheet.cell(row=number, column=value_column))
            used += [rule] if rule not in used else []
            n_rule.add(sheet.cell(row=number, column=n_column))
            sheet.cell(row=number, column=COLUMNS.index("wording") + 1).alignment = Alignment(
                wrap_text=True, vertical="top")
            for column in (value_column, n_column, note_column):
                sheet.cell(row=number, column=column).protection = Protection(locked=False)
        for rule in used:
            rule.showErrorMessage = True
            rule.allow_blank = True
            sheet.add_data_validation(rule)
        # Locked: the header and the reference columns; a provider fills in value, n and note only.
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
        sheet.protection.autoFilter = False
    about = book.sheet("How to fill this in")
    lines = [
        f"{context['partnership']}: indicator returns for {context['quarter']['label']}",
        f"Quarter: {context['quarter']['id']}",
        "On each data source's sheet, type this quarter's value of each indicator in the value column,",
        "and n (how many people or cases it rests on) where 'n needed' says yes.",
        "A row with an area is that area's value; the row without one is the whole partnership's.",
        "If there is no value, leave value empty and say why in the note column.",
        f"The previous column shows {context['previous']['label']} as the board saw it, for reference.",
        f"Return the file to be loaded with: vrptool returns import FILE --quarter {context['quarter']['id']}",
    ]
    for number, line in enumerate(lines, start=1):
        book.put(about, number, 1, line, bold=number == 1)
    about.column_dimensions["A"].width = 100
    return book.bytes()
