"""vrptool due: what needs chasing before the board, across all groups.

Open actions overdue or due soon, ToR reviews, the Duty's own dates (held in partnership.yaml),
and the returns still outstanding for the quarter, with each organisation's completeness and
timeliness (expected, received, on time), as DHIS2 reports a data set's reporting rates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import TextIO

from vrptool import checks, quarters
from vrptool.commands.common import mistyped_quarter, refused_for_errors, streams
from vrptool.dataset import CheckedDataSet
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from vrptool.terminal import words


def due(data_dir: Path, *, within: int = 14, quarter_text: str | None = None, output_format: str = "text",
        fail_on_overdue: bool = False, today: dt.date | None = None, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    today = today or dt.date.today()
    if within < 0:
        err.write("vrptool: --within takes a number of days, 0 or more\n")
        return EXIT_USAGE
    if quarter_text is not None and mistyped_quarter(quarter_text, err):
        return EXIT_USAGE
    checked = checks.check(data_dir, today)
    start = checked.data.start_month
    try:
        # By default, the quarter whose returns fall due now: the last one to have ended.
        quarter = (quarters.parse(quarter_text, start) if quarter_text
                   else quarters.containing(today, start).previous)
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    if refused_for_errors(checked.errors, data_dir, err, "nothing was worked out"):
        return EXIT_REFUSED
    found = what_is_due(checked.valid(), today=today, within=within, quarter=quarter)
    out.write({"text": as_text, "md": as_markdown, "json": as_json}[output_format](found))
    return EXIT_REFUSED if fail_on_overdue and found["overdue"] else EXIT_OK


def _days(day: dt.date, today: dt.date) -> dict:
    late = (today - day).days
    return {"days_late": late} if late > 0 else {"days_left": -late}


def what_is_due(data: CheckedDataSet, *, today: dt.date, within: int, quarter: quarters.Quarter) -> dict:
    """Every figure `due` prints, as plain data (the JSON output is this)."""
    partnership = data.partnership.model
    organisations = {o.id: o for o in partnership.organisations}
    name = {o.id: o.abbreviation or o.name for o in partnership.organisations}
    groups = {g.id: g for _, g in data.valid_groups()}
    horizon = today + dt.timedelta(days=within)

    actions = []
    for _, meeting in sorted(data.valid_meetings(), key=lambda found: (found[1].date, found[1].group)):
        group = groups.get(meeting.group)
        for action in meeting.actions:
            if action.status == "open" and action.due <= horizon:
                actions.append({"group": group.abbreviation if group else meeting.group, "group_id": meeting.group,
                                "meeting": meeting.date.isoformat(), "action": action.id, "text": action.text,
                                "owner": name.get(action.owner, action.owner), "owner_id": action.owner,
                                "due": action.due.isoformat(), **_days(action.due, today)})
    actions.sort(key=lambda a: (a["due"], a["group"], a["action"]))

    reviews = [{"group": g.abbreviation, "group_id": g.id, "version": g.tor.version,
                "review_by": g.tor.review_by.isoformat(), **_days(g.tor.review_by, today)}
               for g in groups.values() if g.tor and g.tor.review_by and g.tor.review_by <= horizon]
    reviews.sort(key=lambda r: (r["review_by"], r["group"]))

    dates = [{"what": d.what, "due": d.due.isoformat(), **_days(d.due, today)}
             for d in partnership.duty_dates if d.due <= horizon]
    dates.sort(key=lambda d: d["due"])

    returns = _returns(data, quarter, today, organisations, name)
    overdue = (sum(1 for a in actions if "days_late" in a) + sum(1 for r in reviews if "days_late" in r)
               + sum(1 for d in dates if "days_late" in d)
               + (len(returns["outstanding"]) if "days_late" in returns else 0))
    return {"today": today.isoformat(), "within": within, "overdue": overdue,
            "actions_overdue": [a for a in actions if "days_late" in a],
            "actions_due": [a for a in actions if "days_left" in a],
            "tor_reviews": reviews, "duty_dates": dates, "returns": returns}


def _returns(data: CheckedDataSet, quarter: quarters.Quarter, today: dt.date, organisations: dict, name: dict) -> dict:
    partnership = data.partnership.model
    deadline = quarter.end + dt.timedelta(days=partnership.returns_due_days)
    entries = {e.indicator: e for _, r in data.valid_returns() if r.quarter == quarter.id for e in r.values}
    expected: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    dated: dict[str, int] = defaultdict(int)
    outstanding = []
    for placed in data.obpf.model.indicators():
        indicator = placed.indicator
        expected[indicator.source] += 1
        entry = entries.get(indicator.id)
        if entry is None:
            outstanding.append({"indicator": indicator.id, "text": indicator.text,
                                "source": name[indicator.source], "source_id": indicator.source,
                                "dataset": indicator.dataset})
            continue
        received[indicator.source] += 1
        if entry.received is not None:
            dated[indicator.source] += 1
            on_time[indicator.source] += entry.received <= deadline
    started = quarter.end < today
    # Every specified authority, whether or not it is expected to send anything, then the other sources.
    shown = [o.id for o in partnership.organisations if o.duty == "specified" or o.id in expected]
    rates = []
    for organisation in shown:
        count = expected.get(organisation, 0)
        got = received.get(organisation, 0)
        undated = got - dated.get(organisation, 0)
        rates.append({"organisation": name[organisation], "organisation_id": organisation,
                      "duty": organisations[organisation].duty, "expected": count, "received": got,
                      "on_time": on_time.get(organisation, 0), "received_undated": undated,
                      "completeness": _percent(got, count),
                      # on time of those expected, as DHIS2 counts it; unknown while a receipt has no date
                      "timeliness": None if undated else _percent(on_time.get(organisation, 0), count)})
    return {"quarter": quarter.id, "label": quarter.label, "due": deadline.isoformat(), **_days(deadline, today),
            "ended": started,
            "outstanding": outstanding, "by_organisation": rates}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _late(item: dict) -> str:
    if "days_late" in item:
        days = item["days_late"]
        return f"{words(days, 'day')} late"
    days = item["days_left"]
    return "due today" if days == 0 else f"in {words(days, 'day')}"


def _returns_state(returns: dict) -> str:
    """Where the quarter's returns stand against their date: past it with none outstanding is not late."""
    if not returns["ended"]:
        return "the quarter has not ended"
    if "days_late" in returns and not returns["outstanding"]:
        return "all in"
    return _late(returns)


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}%"


def as_json(found: dict) -> str:
    return json.dumps(found, indent=2, ensure_ascii=False) + "\n"


def as_text(found: dict) -> str:
    lines = [f"What is due on {found['today']} (and within {found['within']} days): "
             f"{found['overdue']} overdue"]
    lines.append("")
    for title, key in (("Actions overdue", "actions_overdue"), (f"Actions due within {found['within']} days",
                                                                 "actions_due")):
        lines.append(f"{title} ({len(found[key])}):")
        for a in found[key]:
            lines.append(f"  {a['group']} {a['meeting']} {a['action']}: {a['text']} (owner {a['owner']}, "
                         f"due {a['due']}, {_late(a)})")
        if not found[key]:
            lines.append("  none")
    lines.append(f"ToR reviews ({len(found['tor_reviews'])}):")
    for r in found["tor_reviews"]:
        lines.append(f"  {r['group']} (version {r['version']}): review by {r['review_by']}, {_late(r)}")
    if not found["tor_reviews"]:
        lines.append("  none")
    lines.append(f"Duty dates ({len(found['duty_dates'])}):")
    for d in found["duty_dates"]:
        lines.append(f"  {d['what']}: {d['due']}, {_late(d)}")
    if not found["duty_dates"]:
        lines.append("  none")
    returns = found["returns"]
    state = _returns_state(returns)
    lines.append(f"Returns for {returns['label']}, due {returns['due']} ({state}): "
                 f"{len(returns['outstanding'])} outstanding")
    for o in returns["outstanding"]:
        dataset = f" ({o['dataset']})" if o["dataset"] else ""
        lines.append(f"  {o['source']}: {o['indicator']} {o['text']}{dataset}")
    lines.append("  by organisation: expected, received, on time (completeness, timeliness)")
    for r in returns["by_organisation"]:
        authority = " [specified authority]" if r["duty"] == "specified" else ""
        undated = f" ({r['received_undated']} received with no date)" if r["received_undated"] else ""
        lines.append(f"  {r['organisation']}{authority}: {r['expected']}, {r['received']}, {r['on_time']}{undated} "
                     f"({_rate(r['completeness'])}, {_rate(r['timeliness'])})")
    return "\n".join(lines) + "\n"


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    from vrptool.render.environment import markdown_escape

    return markdown_escape(str(text)).replace("\n", " ")


def _table(header: str, rows: list[str]) -> str:
    """A Markdown table of the rows under the header line, or "None." when there are none."""
    if not rows:
        return "None.\n"
    return f"{header}\n|{'---|' * (header.count('|') - 1)}\n" + "".join(rows)


def as_markdown(found: dict) -> str:
    returns = found["returns"]
    parts = [f"# What is due on {found['today']}\n",
             f"Overdue: **{found['overdue']}**. Due soon: within {found['within']} days.\n",
             ]
    for title, key in (("Actions overdue", "actions_overdue"), (f"Actions due within {found['within']} days",
                                                                 "actions_due")):
        parts += [f"## {title}\n", _table("| group | meeting | action | owner | due | |", [
            f"| {_cell(a['group'])} | {a['meeting']} | {_cell(a['action'] + ': ' + a['text'])} "
            f"| {_cell(a['owner'])} | {a['due']} | {_late(a)} |\n" for a in found[key]])]
    parts += ["## ToR reviews\n", _table("| group | version | review by | |", [
        f"| {_cell(r['group'])} | {r['version']} | {r['review_by']} | {_late(r)} |\n" for r in found["tor_reviews"]])]
    parts += ["## Duty dates\n", _table("| what | due | |", [
        f"| {_cell(d['what'])} | {d['due']} | {_late(d)} |\n" for d in found["duty_dates"]])]
    parts.append(f"## Returns for {returns['label']}\n")
    state = _returns_state(returns)
    parts.append(f"Due {returns['due']} ({state}); {len(returns['outstanding'])} outstanding.\n")
    if returns["outstanding"]:
        parts.append("| source | indicator | dataset |\n|---|---|---|\n" + "".join(
            f"| {_cell(o['source'])} | {_cell(o['indicator'] + ' ' + o['text'])} | {_cell(o['dataset'] or '')} |\n"
            for o in returns["outstanding"]))
    parts.append("| organisation | duty | expected | received | on time | completeness | timeliness |\n"
                 "|---|---|---|---|---|---|---|\n" + "".join(
                     f"| {_cell(r['organisation'])} | {r['duty']} | {r['expected']} | {r['received']} | {r['on_time']} "
                     f"| {_rate(r['completeness'])} | {_rate(r['timeliness'])} |\n" for r in returns["by_organisation"]))
    if any(r["received_undated"] for r in returns["by_organisation"]):
        parts.append("Timeliness is n/a where a return was received with no date (`received:` in returns/).\n")
    return "\n".join(parts)
