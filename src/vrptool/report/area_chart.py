"""The area comparison's inline SVG: a caterpillar chart of each area's value and interval.

Each area is a row: its value a dot, its confidence interval a line, and the partnership's own
figure a dashed vertical line, so an area whose interval lies wholly to one side stands out.
The chart is built from numbers alone and says in its accessible name what it shows.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, ROW, LEFT, RIGHT, TOP = 360, 20, 110, 16, 8


def _figure(entry: dict) -> float:
    return entry["rate"] if entry.get("rate") is not None else entry["value"]


def caterpillar(item: dict) -> Markup:
    rows = [a for a in item["areas"] if a["state"] == "value" and a.get("interval")]
    total = _figure(item["total"]) if item["total"]["state"] == "value" else None
    if not rows:
        return Markup("")
    numbers = [n for a in rows for n in (a["interval"]["low"], a["interval"]["high"])]
    if total is not None:
        numbers.append(total)
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1
    height = TOP * 2 + ROW * len(rows)

    def x(number: float) -> float:
        return LEFT + (number - low) / span * (WIDTH - LEFT - RIGHT)

    parts = []
    for i, area in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        bounds = area["interval"]
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
                     f'{escape(area["name"])}</text>')
        parts.append(f'<line x1="{x(bounds["low"]):.1f}" y1="{y:.1f}" x2="{x(bounds["high"]):.1f}" y2="{y:.1f}" '
                     f'stroke="currentColor" stroke-width="1.5"/>')
        parts.append(f'<circle cx="{x(_figure(area)):.1f}" cy="{y:.1f}" r="3" fill="currentColor"/>')
    if total is not None:
        parts.append(f'<line x1="{x(total):.1f}" y1="{TOP / 2}" x2="{x(total):.1f}" y2="{height - TOP / 2}" '
                     f'stroke="#c75000" stroke-dasharray="4 3"/>')
    label = escape(f"Areas compared for indicator {item['id']}: each area's value with its "
                   f"{round(item['level'] * 100, 1):g}% confidence interval, against the partnership's value")
    return Markup(f'<svg class="areas" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
                  f'role="img" aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>')
