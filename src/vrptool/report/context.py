"""The plain context of the quarterly report: every figure it shows, computed here once.

The same context feeds the Markdown and HTML templates and, as it is, the JSON output.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from vrptool import quarters as quarters_
from vrptool.dataset import CheckedDataSet
from vrptool.index import FOOTNOTE_MARK
from vrptool.quarters import Quarter
from vrptool.report import spc
from vrptool.report.json_text import Written, text_of
from vrptool.report.values import Cell, ValueTable, measuring_of
from vrptool.statuses import CREST_STATUSES

# ONS's "u" after a rate, explained in every format that shows areas' rates.
UNRELIABLE_NOTE = "A rate marked u rests on fewer events than a reliable rate needs."

TREND_QUARTERS = 8
#: How deep the report's JSON holds an indicator's row, each container indenting what it holds:
#: the context, its areas, an area, its outcomes, an outcome, its measures, a measure, its
#: indicators (a stored row's text is kept as written there; anywhere else it is indented anew).
ROW_DEPTH = 8
#: How deep the report's JSON holds a group's section: the context, its groups.
GROUP_DEPTH = 2
#: Where a group's section's JSON text is kept, by a digest of what it rests on.
GROUP_TEXT = "report-group-json:"


def plain(text: str | None) -> str | None:
    """Text without its footnote citations, which a report does not carry."""
    return FOOTNOTE_MARK.sub("", text) if text else text


def report_context(data: CheckedDataSet, quarter: Quarter, *, today: dt.date, provenance: dict,
                   rows_as_text: bool = False) -> dict:
    """The report's context. With `rows_as_text` (for the JSON writer), an indicator's row kept in
    the store comes back with its JSON text (`vrptool.report.rows`)."""
    from vrptool.report.governance import governance
    from vrptool.report.rows import indicator_rows
    from vrptool.returns_facts import returns_facts

    partnership = data.partnership.model
    facts = returns_facts(data)
    measuring = measuring_of(data)
    organisations = {o.id: o for o in partnership.organisations}
    governed = governance(data, quarter, today)  # the groups and meetings, from the store where unchanged
    monitors = governed["monitors"]
    trend_quarters = [quarter.shifted(-i) for i in range(TREND_QUARTERS - 1, -1, -1)]
    series = _series([f.quarter for f in facts], quarter, data.start_month)
    rules = partnership.spc
    settings = spc.Settings(shift=rules.shift, trend=rules.trend, trial_below=rules.trial_below)

    framework = data.obpf.model
    indicators = [placed.indicator for placed in framework.indicators()]
    looked_at = [q.id for q in (*series, *trend_quarters, quarter.previous, quarter.year_before)]
    row_keys: dict[str, str] = {}

    def compute(table, indicator):
        return _row(indicator, quarter, trend_quarters, table, organisations, monitors, series, settings)

    rows, population_illustrative = indicator_rows(
        data, indicators, [quarter.id, series[0].id, series[-1].id], looked_at, monitors, compute,
        as_text=rows_as_text, depth=ROW_DEPTH, keys_out=row_keys, brief_will_do=_brief_will_do)

    def complete(ids: list[str]) -> None:
        """The rows of these indicators made whole where they came back as their brief."""
        from vrptool.report.rows import complete_rows

        complete_rows(data, rows, ids, row_keys, {i.id: i for i in indicators}, compute, ROW_DEPTH)

    # The framework's shape, every area, outcome and measure shown (an empty one too), each indicator's
    # row in its place: checked data has one indicator an id.
    areas = [{"id": area.id, "title": area.title,
              "outcomes": [{"id": outcome.id, "text": plain(outcome.text),
                            "measures": [{"id": measure.id, "text": plain(measure.text),
                                          "indicators": [rows[i.id] for i in measure.indicators]}
                                         for measure in outcome.measures]}
                           for outcome in area.outcomes]}
             for area in framework.areas]

    recommendations = data.crest.model.recommendations
    owners = governed["owners"]
    variations = Counter(row["spc"]["variation"] for row in rows.values())
    tors_overdue = governed["tors_overdue"]
    illustrative = {f.quarter: f.illustrative for f in facts}  # as the table of values takes them: a quarter's last file
    values_illustrative = any(illustrative[q.id] for q in trend_quarters if q.id in illustrative)
    meetings_illustrative = governed["meetings_illustrative"]

    return {
        "partnership": {"name": partnership.name, "short_name": partnership.short_name},
        "quarter": _quarter(quarter),
        "previous": _quarter(quarter.previous),
        "year_before": _quarter(quarter.year_before),
        "generated": today.isoformat(),
        "provenance": provenance,
        "illustrative": values_illustrative or meetings_illustrative or population_illustrative,
        # Rates in this report rest on population estimates marked illustrative.
        "population_illustrative": population_illustrative,
        # The one sentence every format's illustrative banner prints: what is made up, by name.
        "illustrative_notice": illustrative_notice(values_illustrative, meetings_illustrative,
                                                   population_illustrative),
        # The disclosure rule: its range as a withheld cell shows it, its name, and a sentence saying it.
        "suppression": {"mark": measuring.policy.mark, "rule": measuring.policy.label,
                        "text": measuring.policy.sentence},
        "confidence_level": measuring.level,
        # What ONS's "u" after a rate means, said once wherever areas' rates are shown.
        "unreliable_note": UNRELIABLE_NOTE,
        # Every indicator returned by area, beside the partnership's own value.
        "compared": [{"id": r["id"], "text": r["text"], "unit": r["unit"], "chart_unit": r["chart_unit"],
                      "per": r["per"], "better": r["better"], "level": measuring.level,
                      "total": r["current"], "areas": r["areas"]} for r in rows.values() if r["areas"]],
        "trend_quarters": [q.id for q in trend_quarters],
        "labels": {q.id: q.label.split(" (")[0] for q in series},
        "summary": {
            "indicators_expected": len(rows),
            "indicators_reported": sum(1 for r in rows.values() if r["current"]["state"] in ("value", "suppressed")),
            "indicators_missing": sum(1 for r in rows.values() if r["current"]["state"] == "missing"),
            "indicators_not_returned": sum(1 for r in rows.values() if r["current"]["state"] == "none"),
            "indicators_suppressed": sum(1 for r in rows.values() if r["current"]["state"] == "suppressed"),
            # The chart's verdicts on the latest value: special cause only, never a two-point change.
            "improved": variations["special_cause_improvement"],
            "worsened": variations["special_cause_concern"],
            "no_significant_change": variations["common_cause"],
            "no_chart": variations[None],
            "targets_set": sum(1 for r in rows.values() if r["target"] is not None),
            "spc_rules": {"shift": settings.shift, "trend": settings.trend, "trial_below": settings.trial_below},
            "crest": {
                "total": len(recommendations),
                **{status: sum(1 for r in recommendations if r.status == status)
                   for status in CREST_STATUSES},
                "achieved_this_quarter": [r.id for r in recommendations
                                          if r.status == "achieved" and r.achieved_on and quarter.contains(r.achieved_on)],
            },
            "tors_overdue": [{"group": t["group"], "review_by": t["review_by"]} for t in tors_overdue],
            "actions_open": governed["actions_open"],
            "actions_overdue": len(governed["actions_overdue"]),
        },
        # Page 1's count of the indicators with nothing to report, its verbs agreeing with the counts.
        "everything_else": everything_else(variations["common_cause"], variations[None]),
        "main_points": _main_points(rows, governed["actions_overdue"], tors_overdue, recommendations, owners, quarter),
        "areas": areas,
        "completeness": _completeness(rows, data, organisations),
        "groups": (_groups_as_text(data, governed["groups"], rows, row_keys, complete) if rows_as_text and row_keys
                   else [_group(group, rows) for group in governed["groups"]]),
        "crest": [
            {"id": r.id, "text": plain(r.text), "status": r.status, "owners": owners.get(r.id, []),
             "achieved_on": r.achieved_on.isoformat() if r.achieved_on else None}
            for r in recommendations
        ],
    }


def everything_else(no_significant_change: int, no_chart: int) -> str:
    """"1 indicator shows no significant change …; 2 have too few neighbouring quarters …"."""
    shows = "indicator shows" if no_significant_change == 1 else "indicators show"
    have = "has" if no_chart == 1 else "have"
    return (f"{no_significant_change} {shows} no significant change (common cause variation); "
            f"{no_chart} {have} too few neighbouring quarters for a chart.")


def illustrative_notice(values: bool, meetings: bool, population: bool) -> str | None:
    """What the banner says is illustrative: the returns' values, the meeting records, the
    population estimates the rates rest on; None when nothing is."""
    made_up = [name for name, flagged in (("values", values), ("meeting records", meetings)) if flagged]
    sentences = []
    if made_up:
        sentences.append(f"The {' and '.join(made_up)} in this report are made up for demonstration. "
                         "They are not the partnership's figures.")
    if population:
        sentences.append("Its rates rest on illustrative population estimates, not a cited release."
                         if made_up else
                         "The rates in this report rest on illustrative population estimates, not a cited release.")
    return " ".join(sentences) or None


def _main_points(rows, actions_overdue, tors_overdue, recommendations, owners, quarter) -> dict:
    """What page 1 says, in the order a board reads it: what changed for real, what fails its
    target, what is late. Every item carries its figures; the templates put them into words.
    (A row page 1 names, of a variation in PAGE_ONE or failing its target, is read whole.)"""
    def by(variation):
        return [_point(row) for row in rows.values() if row["spc"]["variation"] == variation]

    improvement, concern, neither = PAGE_ONE
    return {
        "improvement": by(improvement),
        "concern": by(concern),
        "neither": by(neither),
        "failing_targets": [_point(row) for row in rows.values() if row["spc"]["assurance"] == "consistent_fail"],
        "actions_overdue": actions_overdue,
        "tors_overdue": sorted(tors_overdue, key=lambda t: -t["overdue_days"]),
        "crest_achieved": [
            {"id": r.id, "text": plain(r.text), "achieved_on": r.achieved_on.isoformat(), "owners": owners.get(r.id, [])}
            for r in recommendations if r.status == "achieved" and r.achieved_on and quarter.contains(r.achieved_on)
        ],
    }


def _point(row: dict) -> dict:
    """One indicator as a main point: its latest figure, why the chart flags it, the comparison that matters."""
    verdict = row["verdict"]
    before = row["year_before"] if verdict["compare"] == "year_before" else row["previous"]
    # In the chart's terms, as its mean and limits are: a rate's figures are its rates.
    figure = "rate" if row["per"] is not None else "value"
    return {"id": row["id"], "text": row["text"], "unit": row["chart_unit"], "per": row["per"],
            "better": row["better"], "value": row["current"][figure], "latest": verdict["latest"],
            "word": verdict["word"], "because": verdict["because"], "compare": verdict["compare"],
            "before": before[figure],
            "difference": verdict["difference"], "target": row["target"], "mean": row["spc"]["mean"],
            "lower": row["spc"]["lower"], "upper": row["spc"]["upper"], "trial": verdict["trial"]}


def _series(returned: list[str], quarter: Quarter, start_month: int) -> list[Quarter]:
    """Every quarter from the first with returns to the report's: the span of every chart."""
    known = [q for q in (quarters_.from_id(i, start_month) for i in returned) if q is not None and q <= quarter]
    first = min(known, default=quarter)
    return first.through(quarter)


def _quarter(quarter: Quarter) -> dict:
    return {"id": quarter.id, "label": quarter.label, "start": quarter.start.isoformat(), "end": quarter.end.isoformat()}


def _row(indicator, quarter, trend_quarters, table, organisations, monitors, series, settings) -> dict:
    current = table.get(quarter.id, indicator.id)
    previous = table.get(quarter.previous.id, indicator.id)
    year_before = table.get(quarter.year_before.id, indicator.id)
    target_status = None
    figure = _figure(current, indicator)
    if indicator.target is not None and figure is not None:
        met = figure >= indicator.target if indicator.better == "higher" else figure <= indicator.target
        target_status = "met" if met else "not met"
    source = organisations[indicator.source]
    chart = _chart(indicator, series, table, settings)
    return {
        "id": indicator.id,
        "text": plain(indicator.text),
        "source": source.abbreviation or source.name,
        "dataset": indicator.dataset,
        "unit": indicator.unit,
        # What the chart, the trend and the main points are in: a rate's are per `per` people.
        "chart_unit": "rate" if indicator.per is not None else indicator.unit,
        "per": indicator.per,
        "better": indicator.better,
        "seasonal": indicator.seasonal,
        "monitored_by": monitors.get(indicator.id, []),
        "current": current.as_dict(),
        "previous": previous.as_dict(),
        "year_before": year_before.as_dict(),
        # Figures, not verdicts: whether a change is real is the chart's to say (`verdict`).
        "change": _difference(current, previous),
        "change_year": _difference(current, year_before),
        "target": indicator.target,
        "target_status": target_status,
        "trend": [table.plotted(q.id, indicator.id, interval=False)[1] for q in trend_quarters],
        "spc": chart,
        "verdict": _verdict(indicator, chart, current, previous, year_before, settings),
        "areas": _areas(indicator, quarter, table, current),
    }


def _areas(indicator, quarter: Quarter, table: ValueTable, total: Cell) -> list[dict]:
    """Each area's value beside the partnership's: whether its interval lies above, below or around it."""
    names = {a.id: a.name for a in table.measuring.areas}
    compared = []
    for area, cell in table.areas(quarter.id, indicator.id):
        entry = {"area": area, "name": names.get(area, area), **cell.as_dict(), "compared": None}
        figure = total.rate if total.rate is not None else total.value
        if cell.usable and total.usable and cell.interval is not None and figure is not None:
            # For a rate, the interval and the figure are both per `per` people.
            low, high = cell.interval.low, cell.interval.high
            entry["compared"] = "higher" if low > figure else "lower" if high < figure else "similar"
        compared.append(entry)
    return compared


def _figure(cell: Cell, indicator) -> float | None:
    """The figure of a shown value that a chart plots: its rate for a rate, else its value."""
    if not cell.usable:
        return None
    return cell.rate if indicator.per is not None else cell.value


def _difference(current: Cell, before: Cell, rates: bool = False) -> dict | None:
    """The change from one value to another: of their rates with ``rates`` (as a chart shows them)."""
    now, then = (current.rate, before.rate) if rates else (current.value, before.value)
    if not (current.usable and before.usable) or now is None or then is None:
        return None
    difference = round(now - then, 6)
    # Intervals that overlap: the change may be chance alone, and is never called a change on its own.
    overlap = (current.interval.overlaps(before.interval)
               if current.interval is not None and before.interval is not None else None)
    return {"value": difference, "direction": "up" if difference > 0 else "down" if difference < 0 else "same",
            "intervals_overlap": overlap}


def _chart(indicator, series: list[Quarter], table: ValueTable, settings: spc.Settings) -> dict:
    """The indicator's `spc` object: its XmR chart over every quarter up to the report's."""
    cells = [table.plotted(q.id, indicator.id) for q in series]  # (state, figure, interval)
    options = indicator.spc
    index = {q.id: i for i, q in enumerate(series)}
    reasons = {index[r.quarter]: r.reason for r in (options.rebase if options else []) if r.quarter in index}
    chart = spc.chart([value for _, value, _ in cells], better=indicator.better,
                      target=indicator.target, fix_after=options.fix_after if options else None,
                      rebase=sorted(reasons), settings=settings)
    # Each stretch between rebases has one mean and one pair of limits: rounded once, not per point.
    limits = [(_round(g["mean"]), _round(g["lower"]), _round(g["upper"])) for g in chart.groups]
    points = [
        {"quarter": q.id, "value": _round(point.value), "state": state, "type": point.type, "rules": list(point.rules),
         "mean": limits[point.group][0], "lower": limits[point.group][1], "upper": limits[point.group][2],
         "trial": point.trial, "rebase": reasons.get(i),
         # the error bar: the value's confidence interval, in the chart's terms
         "interval": None if interval is None else {"low": _round(interval.low), "high": _round(interval.high)}}
        for i, (q, (state, _, interval), point) in enumerate(zip(series, cells, chart.points))
    ]
    return {
        "points": points,
        "mean": _round(chart.mean),
        "lower": _round(chart.lower),
        "upper": _round(chart.upper),
        "variation": chart.variation,
        "assurance": chart.assurance,
        "rules": list(chart.rules),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


WORDS = {"special_cause_improvement": "improved", "special_cause_concern": "worsened",
         "special_cause_neither": "changed", "common_cause": "no significant change", None: "no chart yet"}


def _because(chart: dict, settings: spc.Settings) -> dict | None:
    """The rule that names the latest value special cause, and which way it points."""
    if not chart["rules"]:
        return None
    points = chart["points"]
    at = max(i for i, p in enumerate(points) if p["value"] is not None)
    latest, rule = points[at], chart["rules"][0]
    if rule == "trend":
        side = "rising" if latest["value"] > points[at - 1]["value"] else "falling"
    else:
        side = "above" if latest["value"] > latest["mean"] else "below"
    length = {"shift": settings.shift, "trend": settings.trend, "two_of_three": 3}.get(rule)
    limit = latest["upper"] if side == "above" else latest["lower"]
    return {"rule": rule, "side": side, "length": length, "limit": limit, "mean": latest["mean"]}


def _verdict(indicator, chart: dict, current: Cell, previous: Cell, year_before: Cell, settings) -> dict:
    """What the headline says: the chart's word, and the comparison that matters for this indicator."""
    compare = "year_before" if indicator.seasonal else "previous"
    before = year_before if indicator.seasonal else previous
    observed = [p for p in chart["points"] if p["value"] is not None]
    return {
        "because": _because(chart, settings),
        "latest": observed[-1]["quarter"] if observed else None,
        "points": len(observed),
        "trial": bool(observed) and observed[-1]["trial"],
        "word": WORDS[chart["variation"]],
        "variation": chart["variation"],
        "assurance": chart["assurance"],
        "compare": compare,
        # In the chart's terms: for a rate, the change in the rate.
        "difference": _difference(current, before, rates=indicator.per is not None),
    }


def _completeness(rows, data, organisations) -> list[dict]:
    by_source: dict[str, dict] = {}
    for placed in data.obpf.model.indicators():
        indicator = placed.indicator
        source = organisations[indicator.source]
        entry = by_source.setdefault(indicator.source, {
            "source": source.abbreviation or source.name, "name": source.name,
            "expected": 0, "received": 0, "missing": 0, "not_returned": []})
        entry["expected"] += 1
        state = rows[indicator.id]["current"]["state"]
        if state in ("value", "suppressed"):
            entry["received"] += 1
        elif state == "missing":
            entry["missing"] += 1
        else:
            entry["not_returned"].append(indicator.id)
    return sorted(by_source.values(), key=lambda e: e["name"])


def _brief_will_do(brief: dict) -> bool:
    """Whether all this context reads of a row is its brief (`vrptool.report.rows`: its current
    value's state, its chart's variation and assurance, its target, and no areas): a row not on
    page 1 (no special cause, no failing target) and without areas. The rest are read whole."""
    return (brief["spc"]["variation"] not in PAGE_ONE and brief["spc"]["assurance"] != "consistent_fail"
            and brief["areas"] == [])


#: The variations of the rows page 1 names (`_main_points`).
PAGE_ONE = ("special_cause_improvement", "special_cause_concern", "special_cause_neither")


def _groups_as_text(data: CheckedDataSet, groups: list[dict], rows: dict, row_keys: dict[str, str],
                    complete: Any) -> list[dict]:
    """Each group's section (`_group`) with its JSON text, kept in the store by what it rests on:
    the group's part of the governance (as plain values), and the rows of its indicators (each by
    its key). A returns edit changes few rows: the other sections (2.4 MB of JSON, 501 groups at
    national scale) are not made and written again."""
    import hashlib
    import json

    from vrptool import cache

    store = data.store
    assert store is not None
    code = cache.code_fingerprint()
    keys = []
    for group in groups:
        digest = hashlib.blake2b(f"{code}\0{GROUP_DEPTH}\0".encode(), digest_size=20)
        digest.update(json.dumps(group, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
        for indicator in group["indicators"]:
            digest.update(f"\0{indicator}\0{row_keys.get(indicator, '?') if indicator in rows else '-'}"
                          .encode("utf-8", "surrogatepass"))
        keys.append(GROUP_TEXT + digest.hexdigest())
    stored = store.get_many(keys, text=True)
    # a section to make again shows its indicators' figures: their rows read whole
    complete([i for group, key in zip(groups, keys, strict=True) if key not in stored for i in group["indicators"]])
    sections: list[dict] = []
    for group, key in zip(groups, keys, strict=True):
        text = stored.get(key)
        if text is None:
            text = text_of(_group(group, rows), GROUP_DEPTH)
            store.put_text(key, text)
        # the group's own part beside its text: lists, as its section has (they decide, as there,
        # that the list of groups is indented)
        sections.append(Written(group, text=text, depth=GROUP_DEPTH))
    store.save()  # as the rows are: kept even where no command closes the store (bench/run.py's stages)
    return sections


def _group(group: dict, rows: dict) -> dict:
    """One group's section (`vrptool.report.governance`), its indicators' figures from their rows."""
    return {**group, "indicators": [
        {"id": i, "text": rows[i]["text"], "unit": rows[i]["unit"], "current": rows[i]["current"],
         "change": rows[i]["change"], "verdict": rows[i]["verdict"]}
        for i in group["indicators"] if i in rows]}
