"""Whether a returned value is plausible next to the indicator's quarters before it.

Shared by the `implausible-value` rule and by `returns set` / `returns import`, which judge a
value as it is entered. A value is judged against the quarters before it only: the newest
value is the one a partner may have mistyped. The yardstick is the report's own: the control
limits of an XmR chart (`vrptool.control_limits`), computed from the quarters before the value
as the report's chart would draw them then (since the indicator's latest rebase, fixed after
`fix_after` points).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from vrptool.control_limits import RunningLimits
from vrptool.numbers import Number, shown

#: Fewer quarters with values than this are too few to judge a value by.
FEWEST_QUARTERS = 4
#: A value further from the mean than this many times its control limits are is flagged for a
#: second look. Outside the limits alone is the report's "special cause", which a real change
#: can be; this far outside is a slip of typing or exporting (3150 for 315, 1.41 for 141).
LIMITS_FACTOR = 3
#: How many earlier quarters show whether a percent indicator is returned as percentages.
FRACTION_QUARTERS = 4


def looks_like_fraction(value: Number, unit: str | None, previous: Sequence[Number]) -> bool:
    """A percentage returned as a fraction (0.733 for 73.3%): a percent between 0 and 1 where
    the quarters before it were all above 1. `previous` is newest first."""
    recent = list(previous[:FRACTION_QUARTERS])
    return unit == "percent" and 0 < value < 1 and bool(recent) and all(p > 1 for p in recent)


def fraction_problem(value: Number, previous: Sequence[Number]) -> str:
    recent = ", ".join(shown(p) for p in previous[:FRACTION_QUARTERS])
    return (f"{shown(value)} looks like a fraction rather than a percentage: the quarters before were {recent}; "
            f"write {shown(round(value * 100, 10))} if it means {shown(round(value * 100, 10))}%")


@dataclass(frozen=True)
class Baseline:
    """The control limits a value is judged against, and the quarters they are computed from."""

    mean: float
    lower: float
    upper: float
    first: str  # the first and last quarter with a value that set them
    last: str
    quarters: int  # how many quarters with a value set them
    shifted: bool = False  # the value after it is as far out: a change of level rather than a slip

    def far_outside(self, value: Number) -> bool:
        """More than LIMITS_FACTOR times as far from the mean as the limits are."""
        return _far_outside(value, self.mean, self.upper)

    def problem(self, value: Number) -> str:
        limits = f"{_shown(self.lower)} to {_shown(self.upper)} (mean {_shown(self.mean)})"
        quarters = f"the {self.quarters} quarters {self.first} to {self.last}"
        said = (f"{shown(value)} is far outside the control limits of {quarters}, {limits}: more than "
                f"{LIMITS_FACTOR} times as far from the mean; check it was typed as meant")
        if self.shifted:
            said += (", and if the indicator changed (the quarters after it stay as far out), start its chart "
                     "afresh there with spc: rebase in obpf.yaml")
        return said


def _far_outside(value: Number, mean: float, upper: float) -> bool:
    # A flat history has limits on its mean: then a tenth of its level (or 1) stands in for their distance.
    distance = (upper - mean) or max(abs(mean) / 10, 1)
    return abs(value - mean) > LIMITS_FACTOR * distance


def _shown(value: float) -> str:
    return shown(round(value, 3))


def judged(series: Sequence[tuple[str, Number | None]], *, fix_after: int | None = None,
           rebase: Collection[str] = ()) -> tuple[dict[int, Baseline], Baseline | None]:
    """Judge each value of a series (every quarter, oldest first, None where there is no value)
    by the control limits of the quarters before it, since the latest rebase (a rebase quarter
    starts afresh), once FEWEST_QUARTERS have values.

    Returns the values far outside their limits (by their place in the series, with the limits),
    and the limits a value for the quarter after the series would be judged by (None: too few
    quarters). A value far outside is left out of the later limits, as a gap: one mistyped value
    is one finding, not a warning on every quarter after it. When the value after it is as far out,
    the level has changed: that one finding says so, and the limits start afresh from it."""
    far: dict[int, Baseline] = {}
    running = RunningLimits(fix_after=fix_after)
    first = last = ""
    pending: tuple[int, str, Number] | None = None  # the last value found far outside, until the next is seen
    for place, (quarter, value) in enumerate(series):
        if quarter in rebase:
            running, first, last, pending = RunningLimits(fix_after=fix_after), "", "", None
        if value is not None and pending is not None:
            at, since, level = pending
            pending = None
            if far[at].far_outside(value):
                # The next value is as far out: the level changed. One finding, at the change; the
                # limits start afresh from it, as a rebase would, so the quarters after are not flagged.
                far[at] = dataclasses.replace(far[at], shifted=True)
                running, first, last = RunningLimits(fix_after=fix_after), since, since
                running.add(level)
                for _ in range(place - at - 1):
                    running.add(None)  # the quarters between without a value
        if value is not None and running.points >= FEWEST_QUARTERS:
            mean, lower, upper = running.limits()
            if mean is not None and lower is not None and upper is not None and _far_outside(value, mean, upper):
                far[place] = Baseline(mean, lower, upper, first, last, running.points)
                pending = (place, quarter, value)
                value = None
        counted = running.points
        running.add(value)
        if running.points > counted:  # the value set the limits (not a gap, not after they were fixed)
            first, last = first or quarter, quarter
    after = None
    if running.points >= FEWEST_QUARTERS:
        mean, lower, upper = running.limits()
        if mean is not None and lower is not None and upper is not None:
            after = Baseline(mean, lower, upper, first, last, running.points)
    return far, after


def change(value: Number, last: Number | None) -> str:
    """'+2' or '-0.3' (exact in decimals, never 0.30000000000000004), or '' when there is no last value."""
    if last is None:
        return ""
    from decimal import Decimal

    difference = Decimal(repr(value)) - Decimal(repr(last))
    text = format(difference.normalize(), "f") if difference else "0"
    return text if text.startswith("-") or text == "0" else f"+{text}"
