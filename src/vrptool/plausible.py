"""Whether a returned value is plausible next to the indicator's recent quarters.

Shared by the `implausible-value` rule and by `returns set` / `returns import`, which judge a
value as it is entered. A value is judged against the quarters before it only: the newest
value is the one a partner may have mistyped.
"""

from __future__ import annotations

from collections.abc import Sequence

from vrptool.numbers import Number, shown

#: How many earlier quarters make up an indicator's recent range, and how few are too few to judge.
RECENT_QUARTERS = 8
FEWEST_QUARTERS = 4
#: A value more than this many times the recent range beyond it is flagged for a second look.
RANGE_FACTOR = 3
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


def outside_recent_range(value: Number, previous: Sequence[Number]) -> tuple[Number, Number] | None:
    """The recent range (lowest, highest) when the value lies more than RANGE_FACTOR times that
    range beyond it; None when it is plausible or there are too few quarters to judge."""
    recent = list(previous[:RECENT_QUARTERS])
    if len(recent) < FEWEST_QUARTERS:
        return None
    low, high = min(recent), max(recent)
    # A flat history has no range: then a tenth of its level (or 1) stands in for it.
    spread = (high - low) or max(abs(high) / 10, 1)
    if value > high + RANGE_FACTOR * spread or value < low - RANGE_FACTOR * spread:
        return low, high
    return None


def change(value: Number, last: Number | None) -> str:
    """'+2' or '-0.3' (exact in decimals, never 0.30000000000000004), or '' when there is no last value."""
    if last is None:
        return ""
    from decimal import Decimal

    difference = Decimal(repr(value)) - Decimal(repr(last))
    text = format(difference.normalize(), "f") if difference else "0"
    return text if text.startswith("-") or text == "0" else f"+{text}"
