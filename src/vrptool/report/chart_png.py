"""A small statistical process control chart of one indicator as a PNG, for the Word report.

Word cannot show the HTML report's inline SVG, and python-docx places pictures, not drawings, so
the chart is drawn here from its numbers: the process limits and mean (grey), the values (dark
blue), each value's confidence interval as an error bar (light blue), and each point marked as the
HTML chart marks it, in its colours and shapes (the report's key names them): an orange triangle
for special cause of concern, a blue square for improvement, a purple diamond for neither, a grey
dot for common cause. Every quarter of the indicator's chart is drawn, as in the HTML report, with
room above and below for the markers and the error bars. Standard library only: a PNG is a zlib
stream of rows in a few checksummed chunks.
"""

from __future__ import annotations

import functools
import struct
import zlib

from vrptool.report.charts import COLOURS

WHITE = (255, 255, 255)
LINE = (31, 78, 121)
LIMIT = (150, 150, 150)
INTERVAL = (122, 156, 198)
MEAN = (110, 110, 110)
#: The HTML chart's colours, as RGB.
POINT = {kind: (int(hex_[1:3], 16), int(hex_[3:5], 16), int(hex_[5:7], 16)) for kind, hex_ in COLOURS.items()}
#: Half the height of the tallest marker (the triangle's), in pixels: the chart's top and bottom
#: leave this much room beyond the highest and lowest thing drawn.
MARKER = 5


@functools.cache
def _disc(radius: float) -> tuple[tuple[int, int], ...]:
    """The pixels of a dot of this radius, as offsets from its centre, row by row (a line draws a
    dot at each of its pixels: these are worked out once for each width)."""
    r = int(radius + 0.5)
    return tuple((dx, dy) for dy in range(-r, r + 1) for dx in range(-r, r + 1)
                 if dx * dx + dy * dy <= radius * radius + 0.25)


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(WHITE * (width * height))

    def dot(self, x: float, y: float, colour: tuple[int, int, int], radius: float = 1.0) -> None:
        self._stamp([(round(x), round(y))], _disc(radius), bytes(colour))

    def line(self, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, int, int],
             width: float = 1.0, dash: int = 0) -> None:
        """A dot of the line's width at each step along it (the gaps of a dashed line left out)."""
        steps = max(int(max(abs(x1 - x0), abs(y1 - y0))), 1)
        centres = [(round(x0 + (x1 - x0) * step / steps), round(y0 + (y1 - y0) * step / steps))
                   for step in range(steps + 1) if not (dash and (step // dash) % 2)]
        self._stamp(centres, _disc(width / 2), bytes(colour))

    def _stamp(self, centres: list[tuple[int, int]], disc: tuple[tuple[int, int], ...], paint: bytes) -> None:
        """The pixels of a dot at each centre, in one loop (a report's charts paint some 40,000 dots)."""
        columns, rows, pixels = self.width, self.height, self.pixels
        for cx, cy in centres:
            for dx, dy in disc:
                px, py = cx + dx, cy + dy
                if 0 <= px < columns and 0 <= py < rows:
                    i = (py * columns + px) * 3
                    pixels[i:i + 3] = paint

    def polygon(self, corners: list[tuple[float, float]], colour: tuple[int, int, int]) -> None:
        """A filled convex polygon: each pixel whose centre is inside every edge."""
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        for py in range(max(int(min(ys)), 0), min(int(max(ys)) + 2, self.height)):
            for px in range(max(int(min(xs)), 0), min(int(max(xs)) + 2, self.width)):
                sides = [(bx - ax) * (py - ay) - (by - ay) * (px - ax)
                         for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1])]
                if all(side >= 0 for side in sides) or all(side <= 0 for side in sides):
                    i = (py * self.width + px) * 3
                    self.pixels[i:i + 3] = bytes(colour)

    def marker(self, kind: str | None, x: float, y: float) -> None:
        """The point's marker, in the HTML chart's shape and colour (charts._marker)."""
        colour = POINT.get(kind or "common_cause", LINE)
        m = MARKER
        if kind == "special_cause_improvement":
            self.polygon([(x - m * 0.8, y - m * 0.8), (x + m * 0.8, y - m * 0.8), (x + m * 0.8, y + m * 0.8),
                          (x - m * 0.8, y + m * 0.8)], colour)
        elif kind == "special_cause_concern":
            self.polygon([(x, y - m), (x + m, y + m * 0.8), (x - m, y + m * 0.8)], colour)
        elif kind == "special_cause_neither":
            self.polygon([(x, y - m), (x + m, y), (x, y + m), (x - m, y)], colour)
        else:
            self.dot(x, y, colour, 3.5)

    def png(self) -> bytes:
        rows = b"".join(b"\x00" + bytes(self.pixels[y * self.width * 3:(y + 1) * self.width * 3])
                        for y in range(self.height))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def spc_chart(row: dict, width: int = 288, height: int = 96) -> bytes | None:
    """The indicator's chart over the report's quarters; None when it has no value to draw.

    A quarter without a value (missing, or suppressed as a small number) keeps its place and
    breaks the line, as in the HTML report: two values either side of it are never joined."""
    spc = row.get("spc") or {}
    points = spc.get("points") or []  # every quarter, as the caption and the HTML chart say
    if points:
        series = [(p.get("value"), p.get("type")) for p in points]
        limits = [(p.get("lower"), p.get("mean"), p.get("upper")) for p in points]
        bars = [p.get("interval") if p.get("value") is not None else None for p in points]
    else:
        series = [(v, None) for v in row.get("trend") or []]
        limits, bars = [], []
    known = [v for v, _ in series if v is not None]
    if not known:
        return None
    known += [x for triple in limits for x in triple if x is not None]
    known += [x for bar in bars if bar for x in (bar["low"], bar["high"])]
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    pad = MARKER + 4  # the top marker and the top error bar's cap stay inside the picture
    canvas = Canvas(width, height)

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / max(len(series) - 1, 1)

    def y(v: float) -> float:
        return height - pad - (v - low) / span * (height - 2 * pad)

    for index in range(len(limits) - 1):
        for position, colour, dash in ((0, LIMIT, 4), (1, MEAN, 0), (2, LIMIT, 4)):
            a, b = limits[index][position], limits[index + 1][position]
            if a is not None and b is not None:
                canvas.line(x(index), y(a), x(index + 1), y(b), colour, 1.5, dash)
    for index, bar in enumerate(bars):  # under the line and points: the interval, capped at each end
        if bar:
            canvas.line(x(index), y(bar["low"]), x(index), y(bar["high"]), INTERVAL, 1.2)
            for end in (bar["low"], bar["high"]):
                canvas.line(x(index) - 2.5, y(end), x(index) + 2.5, y(end), INTERVAL, 1.2)
    for index in range(len(series) - 1):
        a, b = series[index][0], series[index + 1][0]
        if a is not None and b is not None:
            canvas.line(x(index), y(a), x(index + 1), y(b), LINE, 2.5)
    for index, (value, kind) in enumerate(series):
        if value is None:  # a cross on the axis, as the HTML report marks a gap
            canvas.line(x(index) - 3, height - 4, x(index) + 3, height - 10, LIMIT, 1.5)
            canvas.line(x(index) - 3, height - 10, x(index) + 3, height - 4, LIMIT, 1.5)
        else:
            canvas.marker(kind, x(index), y(value))
    return canvas.png()
