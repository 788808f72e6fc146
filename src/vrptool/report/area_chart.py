"""The area comparison's inline SVG: a caterpillar chart of each area's value and interval.

One row for the partnership (its value and interval, and a dashed line down the chart), then one
for each area returned, in partnership.yaml's order: the value a marker, its confidence interval
a line, the figure and interval in words at the right. An area whose interval lies wholly on the
better side of the partnership's value is a blue square, on the worse side an orange triangle,
around it a grey circle, so the comparison reads without colour too. A withheld area keeps its
row, saying so, and shows nothing of its value. A rate is charted as its rate, with ONS's "u"
where it rests on too few events; the value axis is labelled in the chart's terms.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from vrptool.report.charts import UNITS, nice_ticks
from vrptool.report.figures import figure

WIDTH, ROW, LEFT, PLOT, TOP, AXIS, LEGEND = 640, 20, 132, 330, 8, 30, 18
BETTER, WORSE, SIMILAR, TOTAL = "#1d5fa8", "#c75000", "#6b6b6b", "#111111"


def _figure(entry: dict) -> float:
    return entry["rate"] if entry.get("rate") is not None else entry["value"]


def _shown(entry: dict) -> bool:
    return entry["state"] == "value" and entry.get("interval") is not None


def _side(area: dict, better: str) -> str | None:
    """'better', 'worse' or 'similar' than the partnership, from the area's interval (None: not compared)."""
    compared = area.get("compared")
    if compared in (None, "similar"):
        return compared
    return "better" if (compared == "higher") == (better == "higher") else "worse"


def _marker(side: str | None, x: float, y: float) -> str:
    if side == "better":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{BETTER}"/>'
    if side == "worse":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" fill="{WORSE}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{SIMILAR if side else TOTAL}"/>'


def _words(entry: dict, unit: str) -> str:
    """'3.6 (2.7–4.7)', '4.8u (2.5–8.3)', '56.7% (39.2–72.7%)': the figure charted and its interval."""
    unreliable = "u" if entry.get("reliable") is False else ""
    low, high = entry["interval"]["low"], entry["interval"]["high"]
    suffix = "%" if unit == "percent" else ""
    shown = f"{figure(_figure(entry), unit)}{unreliable}"
    return f"{shown} ({figure(low, unit).rstrip('%')}–{figure(high, unit).rstrip('%')}{suffix})"


def caterpillar(item: dict, mark: str = "") -> Markup:
    unit = item.get("chart_unit") or item["unit"]
    total = item["total"] if _shown(item["total"]) else None
    shown = [a for a in item["areas"] if _shown(a)]
    if not shown:
        return Markup("")
    numbers = [n for a in shown + ([total] if total else []) for n in (a["interval"]["low"], a["interval"]["high"])]
    ticks = nice_ticks(min(numbers), max(numbers))
    low, high = ticks[0], ticks[-1]
    rows = [("Partnership", total, "total")] if total else []
    rows += [(a["name"], a, "area") for a in item["areas"]]
    height = TOP + ROW * len(rows) + AXIS + LEGEND

    def x(number: float) -> float:
        return LEFT + (number - low) / (high - low) * PLOT

    plot_bottom = TOP + ROW * len(rows)
    parts = []
    for tick in ticks:  # the value axis: gridlines, and labels below
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP}" y2="{plot_bottom}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{plot_bottom + 11}" text-anchor="middle">'
                     f'{escape(figure(tick, unit))}</text>')
    axis = f"rate per {item['per']:,}" if item.get("per") else UNITS.get(unit, unit)
    parts.append(f'<text x="{LEFT + PLOT / 2:.1f}" y="{plot_bottom + 23}" text-anchor="middle" class="axis">'
                 f'{escape(axis)}</text>')
    if total is not None:
        parts.append(f'<line x1="{x(_figure(total)):.1f}" y1="{TOP}" x2="{x(_figure(total)):.1f}" y2="{plot_bottom}" '
                     f'stroke="{WORSE}" stroke-dasharray="4 3"/>')
    described = []
    for i, (name, entry, kind) in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        weight = ' font-weight="bold"' if kind == "total" else ""
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end"{weight}>{escape(name)}</text>')
        if not _shown(entry):
            words = f"[c] {mark}: withheld" if entry["state"] == "suppressed" else (
                "missing" if entry["state"] == "missing" else "no interval")
            # in the figures' column: nothing is drawn where its value would be
            parts.append(f'<text x="{LEFT + PLOT + 10}" y="{y + 4:.1f}" class="withheld">{escape(words)}</text>')
            described.append(f"{name} {words}")
            continue
        bounds = entry["interval"]
        side = None if kind == "total" else _side(entry, item["better"])
        colour = {"better": BETTER, "worse": WORSE}.get(side or "", SIMILAR if side else TOTAL)
        parts.append(f'<line x1="{x(bounds["low"]):.1f}" y1="{y:.1f}" x2="{x(bounds["high"]):.1f}" y2="{y:.1f}" '
                     f'stroke="{colour}" stroke-width="1.6"/>')
        parts.append(_marker(side, x(_figure(entry)), y))
        text = _words(entry, unit)
        parts.append(f'<text x="{LEFT + PLOT + 10}" y="{y + 4:.1f}"{weight}>{escape(text)}</text>')
        described.append(f"{name} {text}" + (f", {side} than the partnership" if side and side != "similar"
                                              else ", similar to the partnership" if side else ""))
    legend_y = height - 4
    parts.append(f'<g class="legend" transform="translate({LEFT},{legend_y - 8})">'
                 f'{_marker("better", 4, 4)}<text x="12" y="8">better than the partnership</text>'
                 f'{_marker("worse", 170, 4)}<text x="178" y="8">worse</text>'
                 f'{_marker("similar", 230, 4)}<text x="238" y="8">similar (interval includes it)</text>'
                 f'<line x1="400" x2="416" y1="4" y2="4" stroke="{WORSE}" stroke-dasharray="4 3"/>'
                 f'<text x="420" y="8">partnership</text></g>')
    level = f"{round(item['level'] * 100, 1):g}%"
    label = escape(f"Areas compared for indicator {item['id']}: each area's value with its {level} confidence "
                   f"interval, against the partnership's value; " + "; ".join(described))
    return Markup(f'<svg class="areas" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
                  f'role="img" aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>')
