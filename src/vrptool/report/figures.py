"""How the report prints numbers: the Jinja filters for figures, changes and trends."""

from __future__ import annotations

from markupsafe import Markup, escape

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
    return f"{value:.2f}"


def cell(entry: dict, unit: str, threshold: int) -> str:
    """A value as the report shows it, suppressed and missing values included."""
    if entry["state"] == "value":
        return figure(entry["value"], unit)
    if entry["state"] == "suppressed":
        return f"[c] n<{threshold}"
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
    return {"percent": f"{value:+.1f} pts", "count": f"{value:+,.0f}"}.get(unit, f"{value:+.2f}")


def spark_text(values: list) -> str:
    """A trend in block characters, for Markdown ('·' where there is no value)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1
    return "".join("·" if v is None else SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


def spark_svg(values: list, label: str) -> Markup:
    """A small inline SVG line chart of up to eight quarters. Built from numbers alone."""
    width, height, pad = 72, 22, 3
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return Markup("")
    low, high = min(v for _, v in known), max(v for _, v in known)
    span = (high - low) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(pad + i * step, height - pad - (v - low) / span * (height - 2 * pad)) for i, v in known]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last_x, last_y = points[-1]
    title = escape(str(label))
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{path}"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.2" fill="currentColor"/></svg>'
    )


FILTERS = {"figure": figure, "cell": cell, "change": change, "spark_text": spark_text, "spark_svg": spark_svg}
