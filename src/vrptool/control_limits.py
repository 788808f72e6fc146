"""The process limits of an XmR chart: one computation for the report's control charts and for
the implausible-value rule, which judges a new value against the limits of the quarters before it.

As NHSRplotthedots computes them: the mean of the points, the moving ranges between neighbouring
points (none spans a gap), and limits at mean ± 2.66 × the mean moving range, where moving ranges
of 3.267 × their mean or more are screened out first as outliers. With `fix_after`, only the
first so many points with a value set the limits. Nothing here knows about the partnership's files.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable

#: The XmR constant: 3 / d2 for moving ranges of two points (d2 = 1.128).
LIMIT = 2.66
#: A moving range this many times the mean moving range or more is an outlier (D4 for n = 2).
OUTLIER = 3.267

Limits = tuple[float | None, float | None, float | None]  # mean, lower, upper


class RunningLimits:
    """The mean and limits of a series as it grows, one point at a time (None for a gap).

    `limits()` after each `add()` is what `limits()` of the series so far gives, without going
    over the series again: the rule judges every value of every indicator against the quarters
    before it."""

    def __init__(self, *, fix_after: int | None = None, screen_outliers: bool = True) -> None:
        self._fix_after = fix_after
        self._screen = screen_outliers
        self.points = 0  # how many points with a value set the limits
        self._total = 0.0  # their sum
        self._ranges = 0.0  # the sum of the moving ranges
        self._sorted: list[float] = []  # the moving ranges, smallest first (to screen outliers)
        self._last: float | None = None  # the point before, None after a gap

    def add(self, value: float | None) -> None:
        if value is not None and self._fix_after is not None and self.points >= self._fix_after:
            value = None  # the limits are fixed: later points leave them as they are
        if value is not None:
            if self._last is not None:
                moving = abs(value - self._last)
                self._ranges += moving
                insort(self._sorted, moving)
            self.points += 1
            self._total += value
        self._last = value

    def limits(self) -> Limits:
        """Mean and process limits; None where there is no moving range to go on."""
        if not self.points:
            return None, None, None
        mean = self._total / self.points
        if not self._sorted:
            return mean, None, None
        average = self._ranges / len(self._sorted)
        if self._screen and average > 0:
            kept = self._sorted[:bisect_left(self._sorted, OUTLIER * average)]  # every range below it
            average = sum(kept) / len(kept) if kept else 0.0
        return mean, mean - LIMIT * average, mean + LIMIT * average


def limits(values: Iterable[float | None], *, fix_after: int | None = None, screen_outliers: bool = True) -> Limits:
    """Mean and process limits of one group of points (None for a gap); None where there is no
    moving range to go on. With `fix_after`, only the first so many points with a value count."""
    running = RunningLimits(fix_after=fix_after, screen_outliers=screen_outliers)
    for value in values:
        running.add(value)
    return running.limits()
