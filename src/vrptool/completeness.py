"""Which quarter `--quarter latest` means: the latest *complete* quarter, never one still coming in.

A quarter is complete when every indicator of the framework has an entry in its returns (a
value, or the reason it is missing), or when its returns were due (`returns_due_days` after the
quarter ended) and what is in is all there will be. A quarter still in progress with 1 of 28
values is not the board's latest picture.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vrptool import quarters
from vrptool.dataset import CheckedDataSet
from vrptool.returns_facts import returns_facts


@dataclass(frozen=True)
class Latest:
    quarter: quarters.Quarter
    why: str  # said to the user: which quarter, and why not a newer one


def latest_complete(data: CheckedDataSet, today: dt.date) -> Latest | None:
    """The newest complete quarter with returns, and why it was chosen; None when there is none."""
    start = data.start_month
    expected = {placed.indicator.id for placed in data.obpf.model.indicators()}
    due_days = data.partnership.model.returns_due_days
    skipped: list[str] = []
    by_quarter = sorted(((q, f) for f in returns_facts(data) if (q := quarters.from_id(f.quarter, start))),
                        key=lambda pair: pair[0], reverse=True)
    for quarter, facts in by_quarter:
        entered = set(facts.entries) & expected
        due = quarter.end + dt.timedelta(days=due_days)
        if entered >= expected or today > due:
            why = f"--quarter latest: {quarter.label}, the latest complete quarter"
            if skipped:
                why += f" ({'; '.join(skipped)})"
            return Latest(quarter, why)
        skipped.append(f"{quarter.id} is still coming in: {len(entered)} of {len(expected)} indicators returned, "
                       f"due by {due}")
    return None
