"""Statistical process control the *Making Data Count* way: an XmR chart of one indicator.

NHS England's Making Data Count asks boards to stop reading two-point comparisons and to ask
instead whether a change is beyond the process's normal (common cause) variation. This module
follows NHSRplotthedots, the NHS-R community's reference implementation, so that an analyst who
knows it reads the same numbers and the same verdict names:

- mean of the points, moving ranges between neighbouring points, and process limits at
  mean ± 2.66 × the mean moving range; moving ranges of 3.267 × the mean moving range or more are
  screened out first as outliers (`screen_outliers`, on by default as there), all computed by
  `vrptool.control_limits`, which the implausible-value rule judges new values by;
- four rules, in NHSRplotthedots' order of precedence: a point outside the limits; a run of
  (by default) 7 points rising or falling; 2 of 3 points beyond 2 sigma on the same side of the
  mean; a run of 7 points on the same side of the mean;
- a variation verdict for the latest point read in the indicator's better direction, and an
  assurance verdict comparing the target with the limits;
- limits can be fixed after N points, and a rebase starts a new mean and limits;
- a group of fewer than 13 points (NHSRplotthedots' `ptd_spc.warning_threshold`) has trial
  limits, still drawn, labelled as such.

Quarters without a value (missing or suppressed) are gaps, and NHSRplotthedots' treatment of a
missing value is kept: no moving range spans a gap, and a gap breaks every run, so a pattern is
only claimed from quarters that were actually observed one after another.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# The limits themselves are computed below the report, where the implausible-value rule uses them too.
from vrptool.control_limits import LIMIT, limits

#: Two sigma, the "close to the limits" line of the 2-of-3 rule.
NEAR = 2 * LIMIT / 3
#: Rule ids, in NHSRplotthedots' order of precedence (the first that applies names a point).
RULES = ("outside_limits", "trend", "two_of_three", "shift")

VARIATIONS = ("common_cause", "special_cause_improvement", "special_cause_concern", "special_cause_neither")
ASSURANCES = ("consistent_pass", "consistent_fail", "inconsistent")


@dataclass(frozen=True)
class Settings:
    """Rule lengths and the size of a sound chart: one setting for chart, table and summary."""

    shift: int = 7  # points in a row on one side of the mean
    trend: int = 7  # points in a row, each higher (or each lower) than the one before
    trial_below: int = 13  # a group with fewer points has trial limits
    screen_outliers: bool = True


class Point(NamedTuple):
    """One quarter of the chart. `value` is None for a gap. (A named tuple: a national report
    makes 140,000 of them, and a frozen dataclass takes several times as long to build.)"""

    value: float | None
    group: int  # which stretch between rebases the point belongs to
    mean: float | None = None
    lower: float | None = None
    upper: float | None = None
    trial: bool = False
    rules: tuple[str, ...] = ()  # every rule the point is part of, in order of precedence
    side: int = 0  # +1 the rule that names the point says "high", -1 "low", 0 common cause
    type: str | None = None  # common_cause / special_cause_improvement / …; None for a gap


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    mean: float | None
    lower: float | None
    upper: float | None
    trial: bool
    variation: str | None
    assurance: str | None
    rules: tuple[str, ...]
    latest: int | None  # index of the latest point with a value
    groups: list[dict] = field(default_factory=list)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


# The rules below are NHSRplotthedots' ptd_calculate_point_type functions, over one unbroken
# stretch of observed points, with its run lengths as settings. Each is one pass over the points
# (running counts rather than a window per point): a national report draws thousands of charts.

def seven_point_one_side_mean(side: Sequence[int], length: int = 7) -> list[int]:
    """1 at each point that ends a run of `length` points on one side of the mean."""
    flags, run = [], 0
    for i, here in enumerate(side):
        run = 0 if here == 0 else run + 1 if i and side[i - 1] == here else 1
        flags.append(int(here != 0 and run >= length))
    return flags


def part_of_run(ends: Sequence[int], length: int = 7) -> list[int]:
    """1 at every point of a run whose end is marked (±1) in `ends`: an end within `length` points on."""
    flags, end = [0] * len(ends), None  # the nearest marked end at or after each point
    for i in range(len(ends) - 1, -1, -1):
        if abs(ends[i]) == 1:
            end = i
        flags[i] = int(end is not None and end < i + length)
    return flags


def seven_point_trend(y: Sequence[float], length: int = 7) -> list[int]:
    """+1 / -1 at each point that ends `length` points each higher / lower than the one before."""
    ends, rising, falling = [], 0, 0  # steps in a row up (down) to each point
    for i in range(len(y)):
        step = _sign(y[i] - y[i - 1]) if i else 0
        rising = rising + 1 if step == 1 else 0
        falling = falling + 1 if step == -1 else 0
        ends.append(0 if length < 2 else 1 if rising >= length - 1 else -1 if falling >= length - 1 else 0)
    return ends


def two_in_three(close: Sequence[int], side: Sequence[int]) -> list[int]:
    """1 at each point in a window of three with at least two close to the limits, all on one side."""
    n = len(close)
    c = [0, 0, *close, 0, 0]
    s = [0, 0, *side, 0, 0]
    # windows[t]: the three points from t (padded) qualify; a point is in the windows t = i, i+1, i+2.
    windows = [c[t] + c[t + 1] + c[t + 2] >= 2 and abs(s[t] + s[t + 1] + s[t + 2]) == 3 for t in range(n + 2)]
    return [int(windows[i] or windows[i + 1] or windows[i + 2]) for i in range(n)]


def part_of_two_in_three(flags: Sequence[int], close: Sequence[int]) -> list[int]:
    """Only the close points of a 2-of-3 window are special cause."""
    return [int(f == 1 and abs(c) == 1) for f, c in zip(flags, close)]


def _stretch_rules(y: list[float], mean: float, lower: float, upper: float,
                   settings: Settings) -> list[tuple[tuple[str, ...], int]]:
    """(rules the point is part of, side named by the first) for each point of one stretch."""
    near_lower, near_upper = mean - NEAR * (upper - mean) / LIMIT, mean + NEAR * (upper - mean) / LIMIT
    # A point on the mean breaks a run; "on" allows for rounding, since a rate's mean is a sum of
    # rates divided, and 82 of 2,023,000 people may differ from that mean in the last binary digit.
    side = [0 if math.isclose(v, mean, rel_tol=1e-9) else _sign(v - mean) for v in y]
    outside = [int(v > upper or v < lower) for v in y]
    close = [int(not o and (v < near_lower or v > near_upper)) for v, o in zip(y, outside)]
    trend = part_of_run(seven_point_trend(y, settings.trend), settings.trend)
    pair = part_of_two_in_three(two_in_three(close, side), close)
    shift = part_of_run(seven_point_one_side_mean(side, settings.shift), settings.shift)
    # The direction of a trend point: the step after it if that point is in the trend too, else the step before.
    steps = [_sign(b - a) for a, b in itertools.pairwise(y)]
    result: list[tuple[tuple[str, ...], int]] = []
    for i in range(len(y)):
        fired = tuple(name for name, flags in zip(RULES, (outside, trend, pair, shift)) if flags[i])
        if not fired:
            result.append(((), 0))
            continue
        if fired[0] == "trend":
            following = i + 1 < len(y) and trend[i + 1]
            direction = steps[i] if following else (steps[i - 1] if i else 0)
        else:
            direction = side[i]
        result.append((fired, direction))
    return result


def point_type(side: int, better: str | None) -> str:
    """The point's variation in the indicator's better direction ('higher', 'lower' or None)."""
    if side == 0:
        return "common_cause"
    if better is None:
        return "special_cause_neither"
    return "special_cause_improvement" if (side > 0) == (better == "higher") else "special_cause_concern"


def assurance(target: float | None, lower: float | None, upper: float | None, better: str | None) -> str | None:
    """Whether the process will meet its target: the target against the limits."""
    if target is None or better is None or lower is None or upper is None:
        return None
    if target > upper:
        return "consistent_fail" if better == "higher" else "consistent_pass"
    if target < lower:
        return "consistent_pass" if better == "higher" else "consistent_fail"
    return "inconsistent"


def chart(values: Sequence[float | None], *, better: str | None, target: float | None = None,
          fix_after: int | None = None, rebase: Sequence[int] = (), settings: Settings = Settings()) -> Chart:
    """The XmR chart of a series of quarters (None for a gap); `rebase` indexes start new groups."""
    starts = sorted({0, *(i for i in rebase if 0 < i < len(values))})
    bounds = list(zip(starts, [*starts[1:], len(values)]))
    points: list[Point] = []
    groups = []
    for group, (begin, end) in enumerate(bounds):
        segment = list(values[begin:end])
        mean, lower, upper = limits(segment, fix_after=fix_after, screen_outliers=settings.screen_outliers)
        observed = sum(v is not None for v in segment)
        trial = observed < settings.trial_below
        groups.append({"start": begin, "mean": mean, "lower": lower, "upper": upper, "points": observed,
                       "trial": trial})
        verdicts: dict[int, tuple[tuple[str, ...], int]] = {}
        if mean is not None and lower is not None and upper is not None:
            # Each unbroken stretch of observed quarters on its own: a gap breaks every run.
            i = 0
            while i < len(segment):
                if segment[i] is None:
                    i += 1
                    continue
                j = i
                while j < len(segment) and segment[j] is not None:
                    j += 1
                stretch = [float(v) for v in segment[i:j] if v is not None]  # none is, by the loop above
                for k, verdict in enumerate(_stretch_rules(stretch, mean, lower, upper, settings)):
                    verdicts[i + k] = verdict
                i = j
        for k, value in enumerate(segment):
            fired, side = verdicts.get(k, ((), 0))
            kind = None if value is None else point_type(side, better) if k in verdicts else None
            points.append(Point(value=value, group=group, mean=mean, lower=lower, upper=upper, trial=trial,
                                rules=fired, side=side, type=kind))

    latest = next((i for i in range(len(points) - 1, -1, -1) if points[i].value is not None), None)
    last = groups[-1] if groups else {"mean": None, "lower": None, "upper": None, "trial": False}
    final = points[latest] if latest is not None and points[latest].group == len(groups) - 1 else None
    return Chart(
        points=points,
        mean=last["mean"], lower=last["lower"], upper=last["upper"], trial=bool(last["trial"]),
        variation=final.type if final else None,
        assurance=assurance(target, last["lower"], last["upper"], better),
        rules=final.rules if final else (),
        latest=latest,
        groups=groups,
    )
