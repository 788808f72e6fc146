"""The report's tables as plain rows, for spreadsheets: `report --format xlsx` (one sheet each)
and `--format csv` (the indicators table).

Built from the report's context alone, as the templates are: a number is a number with its
unit's number format, a value the report does not show as a number (suppressed, missing, not
returned) is the words the report uses, and a suppressed value's small n is never written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from vrptool.report.figures import cell
from vrptool.spreadsheet import NUMBER_FORMATS, WHOLE

PERCENT_RATE = '0.0"%"'
LEVEL = "0.0%"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)  # a cell may be (number, number format)
    widths: list[int] | None = None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _words(text: str | None) -> str | None:
    return text.replace("_", " ") if isinstance(text, str) else text


def _number(value: float | None, unit: str) -> Any:
    """A figure as a spreadsheet number with its unit's format (whole numbers stay whole)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and unit == "count":
        value = int(value)
    return (value, NUMBER_FORMATS.get(unit))


def sheet_value(entry: dict, unit: str, mark: str) -> Any:
    """A number, or the words the report shows instead of one (with a missing value's reason)."""
    if entry["state"] == "value":
        return _number(entry["value"], unit)
    words = cell(entry, unit, mark)
    return f"{words}: {entry['reason']}" if entry["state"] == "missing" and entry.get("reason") else words


def _n(entry: dict) -> Any:
    return (entry["n"], WHOLE) if entry["state"] == "value" and entry.get("n") is not None else None


def _change(change: dict | None, unit: str) -> Any:
    return _number(change["value"], unit) if change else None


def _uncertainty(entry: dict, unit: str) -> list[Any]:
    """A value's rate, per, interval (low, high, level) and reliability: nothing for a withheld one."""
    if entry["state"] != "value":
        return [None] * 6
    bounds = entry.get("interval")
    # A rate's interval is of the rate; a percentage's in per cent; a count's in events (not whole).
    bound_format = (NUMBER_FORMATS["rate"] if entry.get("rate") is not None or unit == "count"
                    else NUMBER_FORMATS.get(unit))
    reliable = entry.get("reliable")
    return [
        (entry["rate"], NUMBER_FORMATS["rate"]) if entry.get("rate") is not None else None,
        (entry["per"], WHOLE) if entry.get("rate") is not None else None,
        (bounds["low"], bound_format) if bounds else None,
        (bounds["high"], bound_format) if bounds else None,
        (bounds["level"], LEVEL) if bounds else None,
        None if reliable is None else "yes" if reliable else "no: fewer events than a reliable rate needs",
    ]


#: The partnership's own value, in the local-area column beside the values of its areas.
WHOLE_PARTNERSHIP = "whole partnership"


def indicators_table(context: dict) -> Table:
    """Each indicator's row (the whole partnership's value), followed by a row for each area's."""
    mark = context["suppression"]["mark"]
    table = Table("Indicators", [
        "area", "outcome", "success measure", "indicator", "local area", "wording", "source", "unit", "better",
        f"this quarter ({context['quarter']['id']})", "n", "rate", "per", "interval low", "interval high",
        "confidence level", "reliable", f"previous ({context['previous']['id']})",
        f"year before ({context['year_before']['id']})", "change from previous", "verdict", "variation",
        "assurance", "target", "target status", "monitored by", "compared with the partnership"],
        widths=[6, 8, 10, 10, 16, 60, 14, 10, 8, 16, 8, 8, 9, 10, 10, 10, 12, 16, 16, 12, 16, 24, 16, 10, 12, 16, 14])
    for area in context["areas"]:
        for outcome in area["outcomes"]:
            for measure in outcome["measures"]:
                for row in measure["indicators"]:
                    unit = row["unit"]
                    verdict = row.get("verdict") or {}
                    spc = row.get("spc") or {}
                    about = [area["id"], outcome["id"], measure["id"], row["id"]]
                    what = [row["text"], row["source"], unit, row["better"]]
                    table.rows.append([
                        *about, WHOLE_PARTNERSHIP, *what, sheet_value(row["current"], unit, mark),
                        _n(row["current"]), *_uncertainty(row["current"], unit),
                        sheet_value(row["previous"], unit, mark), sheet_value(row["year_before"], unit, mark),
                        _change(row.get("change"), unit), _words(verdict.get("word")),
                        _words(spc.get("variation") or verdict.get("variation")),
                        _words(spc.get("assurance") or verdict.get("assurance")),
                        _number(row.get("target"), unit), row.get("target_status"),
                        ", ".join(row.get("monitored_by") or []), None,
                    ])
                    for local in row.get("areas") or []:  # this quarter only: the report compares no more
                        table.rows.append([
                            *about, local["name"], *what, sheet_value(local, unit, mark), _n(local),
                            *_uncertainty(local, unit), *([None] * 9), local.get("compared")])
    return table


def tables(context: dict) -> list[Table]:
    """Every table of the report, in the report's order, after a sheet saying what it is."""
    provenance = context.get("provenance") or {}
    about = Table("About", ["", ""], widths=[28, 90])
    about.rows = [
        ["Partnership", context["partnership"]["name"]],
        ["Report", f"Quarterly performance report, {context['quarter']['label']}"],
        ["Quarter", context["quarter"]["id"]],
        ["Generated", _date(context["generated"])],
        ["Data", f"commit {provenance['commit']} ({provenance.get('note')})" if provenance.get("commit")
         else provenance.get("note") or "not in git"],
        ["Small numbers", context["suppression"]["text"]],
        ["Intervals", f"{context['confidence_level'] * 100:g}% confidence intervals: Wilson's for a percentage of n, "
                      "Byar's method for a count or rate of 10 or more events, exact Poisson below; a rate on "
                      "too few events is marked as not reliable"],
    ]
    if context.get("population_illustrative"):
        about.rows.append(["Populations", "Rates rest on population estimates marked illustrative, not a cited "
                                          "release"])
    if context.get("illustrative"):
        about.rows.insert(0, ["ILLUSTRATIVE DATA", context["illustrative_notice"]])
    summary = Table("Summary", ["figure", "value"], widths=[40, 12])
    for key, value in context["summary"].items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        summary.rows.append([key.replace("_", " "), (value, WHOLE)])
    for status, count in (context["summary"].get("crest") or {}).items():
        if isinstance(count, int) and not isinstance(count, bool):
            summary.rows.append([f"Crest recommendations {status.replace('_', ' ')}", (count, WHOLE)])

    trend = Table("Trend", ["indicator", "unit", *context["trend_quarters"]])
    for area in context["areas"]:
        for outcome in area["outcomes"]:
            for measure in outcome["measures"]:
                for row in measure["indicators"]:
                    trend.rows.append([row["id"], row["unit"], *(_number(v, row["unit"]) for v in row["trend"])])

    completeness = Table("Completeness", ["data source", "expected", "received", "missing (with reason)",
                                          "not returned", "indicators not returned"], widths=[36, 10, 10, 12, 12, 30])
    for source in context["completeness"]:
        completeness.rows.append([source["name"], (source["expected"], WHOLE), (source["received"], WHOLE),
                                  (source["missing"], WHOLE), (len(source["not_returned"]), WHOLE),
                                  ", ".join(source["not_returned"])])

    attendance = Table("Attendance", ["group", "authority", "duty", "attended", "meetings", "rate"])
    actions = Table("Open actions", ["group", "meeting", "action", "owner", "due", "overdue"],
                    widths=[10, 12, 70, 20, 12, 10])
    for group in context["groups"]:
        for entry in group["attendance"]:
            attendance.rows.append([group["abbreviation"], entry["organisation"], entry["duty"],
                                    (entry["attended"], WHOLE), (entry["meetings"], WHOLE),
                                    (entry["rate"], PERCENT_RATE) if entry["rate"] is not None else None])
        for action in group["actions_open"]:
            actions.rows.append([group["abbreviation"], _date(action["meeting"]), action["text"], action["owner"],
                                 _date(action["due"]), action["overdue"]])

    crest = Table("Crest tracker", ["recommendation", "text", "owner", "status", "achieved on"],
                  widths=[14, 80, 16, 14, 12])
    for recommendation in context["crest"]:
        crest.rows.append([recommendation["id"], recommendation["text"],
                           ", ".join(recommendation["owners"]) or "none", _words(recommendation["status"]),
                           _date(recommendation["achieved_on"])])
    return [about, summary, indicators_table(context), trend, completeness, attendance, actions, crest]


def xlsx(context: dict) -> bytes:
    from vrptool.spreadsheet import Workbook

    book = Workbook(dt.date.fromisoformat(context["generated"]))
    for table in tables(context):
        sheet = book.sheet(table.title)
        if table.title == "About":
            for number, row in enumerate(table.rows, start=1):
                for column, value in enumerate(row, start=1):
                    book.put(sheet, number, column, value, bold=column == 1)
            for column, width in enumerate(table.widths or [], start=1):
                sheet.column_dimensions["AB"[column - 1]].width = width
            continue
        book.table(sheet, table.header, table.rows, widths=table.widths)
        if context.get("illustrative"):
            # Printed, every page says so: the sheet's header line.
            sheet.oddHeader.center.text = "ILLUSTRATIVE DATA: not the partnership's figures"
    return book.bytes()


def csv(context: dict) -> bytes:
    """The indicators table: every number of the report by indicator, one row each."""
    from vrptool.spreadsheet import csv_bytes

    table = indicators_table(context)
    plain = [[value[0] if isinstance(value, tuple) else value for value in row] for row in table.rows]
    if context.get("illustrative"):  # the flag travels with every row, wherever the rows go
        return csv_bytes([[*table.header, "illustrative"], *([*row, "yes: made-up data"] for row in plain)])
    return csv_bytes([table.header, *plain])
