"""A small statistical process control chart of one indicator as a PNG, for the Word report.

Word cannot show the HTML report's inline SVG, and python-docx places pictures, not drawings, so
the chart is drawn here from its numbers: the process limits and mean (grey), the values (dark
blue), each value's confidence interval as an error bar (light blue), and each point coloured as
Making Data Count colours them (orange: special cause of concern, blue: of improvement, purple:
neither, grey: common cause). Standard library only: a
PNG is a zlib stream of rows in a few checksummed chunks.
"""

from __future__ import annotations

import struct
import zlib

WHITE = (255, 255, 255)
LINE = (31, 78, 121)
LIMIT = (150, 150, 150)
INTERVAL = (122, 156, 198)
MEAN = (110, 110, 110)
POINT = {"common_cause": (120, 120, 120), "special_cause_concern": (230, 120, 0),
         "special_cause_improvement": (0, 112, 192), "special_cause_neither": (112, 48, 160)}


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(WHITE * (width * height))

    def dot(self, x: float, y: float, colour: tuple[int, int, int], radius: float = 1.0) -> None:
        r = int(radius + 0.5)
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                if dx * dx + dy * dy <= radius * radius + 0.25:
                    px, py = round(x) + dx, round(y) + dy
                    if 0 <= px < self.width and 0 <= py < self.height:
                        i = (py * self.width + px) * 3
                        self.pixels[i:i + 3] = bytes(colour)

    def line(self, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, int, int],
             width: float = 1.0, dash: int = 0) -> None:
        steps = max(int(max(abs(x1 - x0), abs(y1 - y0))), 1)
        for step in range(steps + 1):
            if dash and (step // dash) % 2:
                continue
            t = step / steps
            self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, colour, width / 2)

    def png(self) -> bytes:
        rows = b"".join(b"\x00" + bytes(self.pixels[y * self.width * 3:(y + 1) * self.width * 3])
                        for y in range(self.height))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def spc_chart(row: dict, width: int = 288, height: int = 96) -> bytes | None:
    """The indicator's chart over the report's quarters; None when it has no value to draw.

    A quarter without a value (missing, or suppressed as a small number) keeps its place and
    breaks the line, as in the HTML report: two values either side of it are never joined."""
    spc = row.get("spc") or {}
    quarters = len(row.get("trend") or []) or None
    points = (spc.get("points") or [])[-quarters:] if quarters else spc.get("points") or []
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
    pad = 8
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
            canvas.dot(x(index), y(value), POINT.get(kind or "", LINE), 4)
    return canvas.png()
