"""Disclosure control: which small numbers a report never publishes, and which others it withholds too.

Primary suppression withholds a count, an ``n``, or a rate built on a count that falls in the
partnership's profile (1–5 as PHOF publishes, 1–7 as NHS Digital, or a range of its own).
Secondary suppression then withholds more: a total is the sum of its areas, so if exactly one
number of a total and its parts is withheld, it could be worked out from the others. Each such
equation gets a second withheld number (the smallest shown part) until none has exactly one.
The rule is conservative: areas not returned are taken as if the parts given were all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vrptool.frozen import Frozen

#: The cell of the whole partnership: the total.
TOTAL = None


#: How a report names each profile's rule, after its range.
RULES = {"phof": "PHOF rule", "nhs-digital": "NHS Digital rule", "custom": "the partnership's own rule"}


class Policy(Frozen):
    """Numbers from ``low`` to ``high`` are withheld: ``n`` always, counts when ``counts`` is set."""

    _fields = ("low", "high", "counts", "mark", "rule")
    low: int
    high: int
    counts: bool
    mark: str  # the range a withheld cell shows after [c], e.g. "1–5" (or "n<5")
    rule: str | None  # whose rule it is, e.g. "PHOF rule"; None for the plain threshold of n

    def __init__(self, low: int, high: int, counts: bool, mark: str, rule: str | None = None) -> None:
        self._set(low=low, high=high, counts=counts, mark=mark, rule=rule)

    def hides(self, number: float | None) -> bool:
        return number is not None and self.low <= number <= self.high

    @property
    def label(self) -> str:
        """The rule as the report names it: "1–5, PHOF rule", or "n<5" for a threshold of n alone."""
        return f"{self.mark}, {self.rule}" if self.rule else self.mark

    @property
    def sentence(self) -> str:
        """What the rule withholds, in a sentence a report prints."""
        if not self.counts:
            return f"Values resting on fewer than {self.high + 1} people are suppressed (shown as [c])."
        span = f"{self.low} to {self.high}" if self.low != self.high else f"{self.low}"
        return (f"Counts of {span}, and values resting on {span} people or cases, are suppressed (shown as "
                f"[c]; {self.label}), with any other value that would let one be worked out from a total "
                f"and its areas.")


def policy_of(partnership) -> Policy:
    """The partnership's disclosure rule: its `suppression:` profile, else `small_number_threshold` on n."""
    if partnership.suppression is None:
        threshold = partnership.small_number_threshold
        return Policy(0, threshold - 1, counts=False, mark=f"n<{threshold}")
    low, high = partnership.suppression.range
    return Policy(low, high, counts=True, mark=f"{low}–{high}" if low != high else f"{low}",
                  rule=RULES[partnership.suppression.profile])


def additive(value: float | None, n: int | None, unit: str, policy: Policy) -> float | None:
    """The number of an entry that adds up across areas (its count, else its n), or None."""
    if unit == "count" and policy.counts and value is not None:
        return value
    return n


def primary(value: float | None, n: int | None, unit: str, policy: Policy) -> bool:
    """Whether an entry rests on a number the policy never publishes."""
    return policy.hides(n) or (unit == "count" and policy.counts and policy.hides(value))


class Protection(Frozen):
    """What to withhold of one indicator in one quarter: the cells withheld, and why each."""

    _fields = ("withheld", "protects")
    withheld: dict  # cell (area id, or TOTAL) -> "primary" or "secondary"
    protects: dict  # secondary cell -> the cell it keeps from being worked out

    def __init__(self, withheld: dict, protects: dict) -> None:
        self._set(withheld=withheld, protects=protects)


def parts_of(areas: Iterable) -> dict:
    """Each area's parts, by the id of the area they lie within (TOTAL for the whole partnership)."""
    children: dict = {}
    for area in areas:
        children.setdefault(area.within, []).append(area.id)
    return children


def protect(numbers: Mapping, hidden: Iterable, children: Mapping) -> Protection:
    """Add secondary suppression to the primary-suppressed cells ``hidden``.

    ``numbers`` holds each cell's additive number (None where it has none); ``children`` each
    cell's parts (see :func:`parts_of`)."""
    withheld = dict.fromkeys(hidden, "primary")
    protects: dict = {}
    changed = True
    while changed:
        changed = False
        for parent, parts in children.items():
            cells = [c for c in [parent, *parts] if c in numbers and numbers[c] is not None]
            unknown = [c for c in cells if c in withheld]
            if len(cells) < 2 or len(unknown) != 1:
                continue
            shown = [c for c in cells if c not in withheld and c != parent]
            # The smallest shown part; only when the total is the sole other cell, the total.
            extra = min(shown, key=lambda c: (numbers[c], str(c))) if shown else parent
            withheld[extra] = "secondary"
            protects[extra] = unknown[0]
            changed = True
    return Protection(withheld, protects)


def recoverable(numbers: Mapping, withheld: Iterable, children: Mapping) -> list:
    """Withheld cells that are the only unknown of a total and its parts: what must never remain."""
    withheld = set(withheld)
    found = []
    for parent, parts in children.items():
        cells = [c for c in [parent, *parts] if c in numbers and numbers[c] is not None]
        unknown = [c for c in cells if c in withheld]
        if len(cells) >= 2 and len(unknown) == 1:
            found.append(unknown[0])
    return found
