"""The report's inline SVG control charts, built from an indicator's `spc` object alone.

Every chart says what it shows without colour: special-cause points differ in shape as well as
colour (improvement a square, concern a triangle, neither a diamond), limits are dashed, the
target dotted, gaps are left open and marked on the axis, and its accessible name states the
latest value, the verdict and the range of the limits. Each value's confidence interval is an
error bar through it; a rate is charted as its rate per `per` people, never as its count.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from vrptool.report.figures import figure

WIDTH, HEIGHT = 264, 118
LEFT, RIGHT, TOP, BOTTOM = 40, 30, 14, 16
COLOURS = {"special_cause_improvement": "#1d5fa8", "special_cause_concern": "#c75000",
           "special_cause_neither": "#6a3d9a", "common_cause": "#6b6b6b"}
VERDICTS = {"special_cause_improvement": "special cause, improvement", "special_cause_concern":
            "special cause, concern", "special_cause_neither": "special cause", "common_cause": "common cause",
            None: "no chart yet"}
UNITS = {"count": "count", "percent": "per cent", "score": "score", "score_change": "change in score"}


def axis_words(row: dict) -> str:
    """What the chart's y axis measures: 'per cent', or 'rate per 100,000' for a rate."""
    if row.get("per"):
        return f"rate per {row['per']:,}"
    return UNITS[row["unit"]]


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering low to high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _short(quarter_id: str) -> tuple[str, str]:
    """('Q1', '2023/24') from '2023-24-Q1'; ('Q1', '2024') from '2024-Q1'."""
    year, _, number = quarter_id.rpartition("-")
    return number, year.replace("-", "/")


def _marker(kind: str | None, x: float, y: float) -> str:
    colour = COLOURS.get(kind or "common_cause", "#6b6b6b")
    if kind == "special_cause_improvement":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "special_cause_concern":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" fill="{colour}"/>'
    if kind == "special_cause_neither":
        diamond = f"M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z"
        return f'<path d="{diamond}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}"/>'


def accessible_name(row: dict, labels: dict[str, str]) -> str:
    chart, verdict, unit = row["spc"], row["verdict"], row["chart_unit"]
    parts = [f"Control chart of {row['id']}"]
    if verdict["latest"]:
        latest = next(p for p in reversed(chart["points"]) if p["value"] is not None)
        parts.append(f"latest value {figure(latest['value'], unit)} in {labels.get(verdict['latest'], verdict['latest'])}")
    parts.append(f"{verdict['word']} ({VERDICTS[chart['variation']]})")
    if chart["lower"] is not None:
        kind = "trial limits" if verdict["trial"] else "process limits"
        parts.append(f"{kind} {figure(chart['lower'], unit)} to {figure(chart['upper'], unit)}, "
                     f"mean {figure(chart['mean'], unit)}")
    values = [p["value"] for p in chart["points"] if p["value"] is not None]
    if values:
        parts.append(f"values from {figure(min(values), unit)} to {figure(max(values), unit)} over "
                     f"{len(values)} quarter{'s' if len(values) != 1 else ''}")
    if any(p.get("interval") for p in chart["points"]):
        parts.append("each value with its confidence interval as an error bar")
    if row.get("per"):
        parts.append(f"values are rates per {row['per']:,} people")
    parts.append(f"{row['better']} is better")
    return "; ".join(parts)


def spc_svg(row: dict, labels: dict[str, str]) -> Markup:
    """The XmR chart of one report row, or nothing when no quarter has a value."""
    chart, unit = row["spc"], row["chart_unit"]
    points = chart["points"]
    values = [p["value"] for p in points if p["value"] is not None]
    if not values:
        return Markup("")
    lines = [v for p in points for v in (p["mean"], p["lower"], p["upper"]) if v is not None]
    # the error bars are drawn whole: the axis covers every interval
    lines += [v for p in points if p["value"] is not None and p.get("interval")
              for v in (p["interval"]["low"], p["interval"]["high"])]
    if row["target"] is not None:
        lines.append(row["target"])
    ticks = nice_ticks(min(values + lines), max(values + lines))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    out = []
    for tick in ticks:  # y axis: gridlines and labels
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{LEFT - 4}" y="{y(tick) + 3:.1f}" text-anchor="end">{escape(figure(tick, unit))}</text>')
    out.append(f'<text x="{LEFT + 2}" y="{TOP - 5}" class="axis">{escape(axis_words(row))}</text>')
    if chart["lower"] is None or row["verdict"]["trial"]:
        words = "no limits yet" if chart["lower"] is None else "trial limits"
        out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP - 5}" text-anchor="middle" class="axis">{words}</text>')
    arrow = "▲ higher is better" if row["better"] == "higher" else "▼ lower is better"
    out.append(f'<text x="{LEFT + plot_w}" y="{TOP - 5}" text-anchor="end" class="axis">{arrow}</text>')
    for i, point in enumerate(points):  # x axis: each year at its first quarter
        number, year = _short(point["quarter"])
        if number == "Q1" or i == 0:
            out.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 4}" text-anchor="start">{escape(year)}</text>')
            out.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" stroke="#888"/>')
    # mean and limits, one stretch per rebase group
    start = 0
    while start < len(points):
        end = start
        while end + 1 < len(points) and not points[end + 1]["rebase"]:
            end += 1
        first = points[start]
        x1, x2 = x(start) - step / 2 if start else x(start), x(end) + (step / 2 if end + 1 < len(points) else 0)
        if first["mean"] is not None:
            out.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y(first["mean"]):.1f}" y2="{y(first["mean"]):.1f}" '
                       f'stroke="#333" stroke-width="1.2"/>')
        for limit in ("lower", "upper"):
            if first[limit] is not None:
                out.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y(first[limit]):.1f}" y2="{y(first[limit]):.1f}" '
                           f'stroke="#333" stroke-dasharray="4 3"/>')
        if first["rebase"]:
            out.append(f'<line x1="{x1:.1f}" x2="{x1:.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#6a3d9a" '
                       f'stroke-dasharray="2 2"><title>Rebased: {escape(first["rebase"])}</title></line>')
            out.append(f'<text x="{x1 + 2:.1f}" y="{TOP + 8}" class="rebase">rebased</text>')
        start = end + 1
    if row["target"] is not None:
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(row["target"]):.1f}" y2="{y(row["target"]):.1f}" '
                   f'stroke="#2e7d32" stroke-width="1.4" stroke-dasharray="1 2"/>')
        out.append(f'<text x="{LEFT + plot_w + 3}" y="{y(row["target"]) + 3:.1f}" class="target">target</text>')
    # the values: a line only between neighbouring quarters, never across a gap
    run: list[str] = []
    for i, point in enumerate(points + [{"value": None}]):
        if point["value"] is not None:
            run.append(f"{x(i):.1f},{y(point['value']):.1f}")
            continue
        if len(run) > 1:
            out.append(f'<polyline fill="none" stroke="#9a9a9a" stroke-width="1.2" points="{" ".join(run)}"/>')
        run = []
    for i, point in enumerate(points):  # error bars under the markers: the interval, capped at each end
        bounds = point.get("interval") if point["value"] is not None else None
        if bounds:
            top, bottom = y(bounds["high"]), y(bounds["low"])
            out.append(f'<path class="interval" d="M{x(i):.1f},{top:.1f} V{bottom:.1f} M{x(i) - 2:.1f},{top:.1f} '
                       f'H{x(i) + 2:.1f} M{x(i) - 2:.1f},{bottom:.1f} H{x(i) + 2:.1f}" stroke="#7a9cc6" '
                       f'stroke-width="0.9" fill="none"><title>{escape(labels.get(point["quarter"], point["quarter"]))}: '
                       f'{escape(figure(bounds["low"], unit))} to {escape(figure(bounds["high"], unit))}</title></path>')
    for i, point in enumerate(points):
        if point["value"] is None:
            if point["state"] in ("missing", "suppressed"):
                word = "suppressed (small number)" if point["state"] == "suppressed" else "missing"
                out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h - 2}" text-anchor="middle" class="gap">×'
                           f'<title>{escape(labels.get(point["quarter"], point["quarter"]))}: {word}</title></text>')
            continue
        out.append(_marker(point["type"], x(i), y(point["value"])))
    last = max(i for i, p in enumerate(points) if p["value"] is not None)
    out.append(f'<text x="{x(last) + 6:.1f}" y="{y(points[last]["value"]) + 3:.1f}" class="latest">'
               f'{escape(figure(points[last]["value"], unit))}</text>')
    name = escape(accessible_name(row, labels))
    return Markup(
        f'<svg class="spc" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{name}"><title>{name}</title>{"".join(out)}</svg>')


ICONS = {
    "special_cause_improvement": ("#1d5fa8", "■", "Improvement"),
    "special_cause_concern": ("#c75000", "▲", "Concern"),
    "special_cause_neither": ("#6a3d9a", "◆", "Special cause"),
    "common_cause": ("#6b6b6b", "●", "Common cause"),
    None: ("#9a9a9a", "○", "No chart yet"),
    "consistent_pass": ("#1d5fa8", "P", "Will meet the target"),
    "consistent_fail": ("#c75000", "F", "Will not meet the target"),
    "inconsistent": ("#6b6b6b", "?", "May or may not meet the target"),
}


def icon(verdict: str | None) -> Markup:
    """A verdict as a coloured symbol and its words: the words carry it without colour."""
    colour, symbol, words = ICONS[verdict]
    return Markup(f'<span class="icon" style="color:{colour}" aria-hidden="true">{symbol}</span> {escape(words)}')
