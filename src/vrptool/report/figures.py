"""How the report prints numbers: the Jinja filters for figures, changes and trends."""

from __future__ import annotations

SPARKS = "▁▂▃▄▅▆▇█"


def figure(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "score_change":
        return f"{value:+.2f}"
    if unit == "rate":  # per so many people, as Fingertips shows a rate
        return f"{value:,.1f}"
    return f"{value:.2f}"


def per(number: int | None) -> str:
    """" per 100,000" after a rate's figure ('' for a figure that is not a rate)."""
    return f" per {number:,}" if number else ""


def interval(entry: dict, unit: str) -> str:
    """A value's confidence interval as "low–high" (of its rate, for a rate), or ""."""
    bounds = entry.get("interval") if entry.get("state") == "value" else None
    if not bounds:
        return ""
    if entry.get("rate") is not None:
        return f"{bounds['low']:,.1f}–{bounds['high']:,.1f}"
    if unit == "percent":
        return f"{bounds['low']:.1f}–{bounds['high']:.1f}%"
    return f"{bounds['low']:,.0f}–{bounds['high']:,.0f}"


def rate(entry: dict) -> str:
    """A rate as "3.7 per 100,000", with ONS's "u" when it rests on too few events to be reliable."""
    if entry.get("state") != "value" or entry.get("rate") is None:
        return ""
    return f"{entry['rate']:,.1f}{'u' if entry.get('reliable') is False else ''} per {entry['per']:,}"


def cell(entry: dict, unit: str, mark: str) -> str:
    """A value as the report shows it, with its rate and interval; suppressed and missing values included."""
    if entry["state"] == "value":
        shown = figure(entry["value"], unit)
        span = interval(entry, unit)
        if entry.get("rate") is not None:
            return f"{shown} ({rate(entry)}; {span})" if span else f"{shown} ({rate(entry)})"
        return f"{shown} ({span})" if span else shown
    if entry["state"] == "suppressed":
        # The range of the partnership's rule ("1–5"), or the threshold of n it replaces ("n<5").
        return f"[c] {mark}"
    if entry["state"] == "missing":
        return "missing"
    return "–"


def change(entry: dict | None, unit: str) -> str:
    """A difference as a figure only ('+30', '-3.9 pts'): whether it matters is the chart's verdict."""
    if entry is None:
        return "–"
    value = entry["value"]
    if value == 0:
        return "no change"
    shown = {"percent": f"{value:+.1f} pts", "count": f"{value:+,.0f}", "rate": f"{value:+,.1f}"}.get(
        unit, f"{value:+.2f}")
    # Overlapping intervals: the difference may be chance alone, so it is never called a change.
    return f"{shown} (intervals overlap)" if entry.get("intervals_overlap") else shown


def spark_text(values: list) -> str:
    """A trend in block characters, for Markdown ('·' where there is no value)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1
    return "".join("·" if v is None else SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


def any_value(rows: list[dict], path: str) -> bool:
    """Whether any row has a value at a dotted path ('current.n'): a column empty in every row is left out."""
    def at(row):
        for key in path.split("."):
            row = row.get(key) if isinstance(row, dict) else None
        return row

    return any(at(row) is not None for row in rows)


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string (every character but letters, digits and
    spaces hex-escaped, so no quote, backslash or '</style>' can end it)."""
    return "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):06x} " for c in str(text))


def duration(months: int, days: int) -> str:
    """'2 years 11 months', '5 months', '12 days'."""
    if months < 1:
        return f"{days} day{'s' if days != 1 else ''}"
    years, months = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


def because(reason: dict | None, unit: str) -> str:
    """Why the chart calls the latest value special cause, in words."""
    if reason is None:
        return ""
    rule, side = reason["rule"], reason["side"]
    if rule == "shift":
        return f"{reason['length']} quarters in a row {side} the average of {figure(reason['mean'], unit)}"
    if rule == "trend":
        return f"{reason['length']} quarters in a row, each {'higher' if side == 'rising' else 'lower'} than the last"
    where = "upper" if side == "above" else "lower"
    if rule == "outside_limits":
        return f"{side} the {where} process limit of {figure(reason['limit'], unit)}"
    return f"2 of the last 3 quarters close to the {where} process limit"


def comparison(point: dict, labels: dict) -> str:
    """The comparison that matters for an indicator: the same quarter last year if seasonal."""
    if point["before"] is None:
        return ""
    what = "same quarter last year" if point["compare"] == "year_before" else "previous quarter"
    return (f"{what} {figure(point['before'], point['unit'])}{per(point.get('per'))} "
            f"({change(point['difference'], point['unit'])})")


def _caterpillar(item: dict, mark: str = "") -> str:
    from vrptool.report.area_chart import caterpillar

    return caterpillar(item, mark)


FILTERS = {"caterpillar": _caterpillar, "figure": figure, "per": per, "cell": cell, "interval": interval, "rate": rate,
           "change": change, "spark_text": spark_text, "any_value": any_value, "duration": duration,
           "because": because, "comparison": comparison, "css_string": css_string}
