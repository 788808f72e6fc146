"""Indicator values by quarter, as a report shows them: a value, suppressed, missing, or none."""

from __future__ import annotations

from dataclasses import dataclass

from vrptool.models.returns import Returns


@dataclass(frozen=True)
class Cell:
    """One indicator in one quarter."""

    state: str  # "value", "suppressed" (n below the threshold), "missing" (with a reason) or "none"
    value: float | None = None
    n: int | None = None
    reason: str | None = None
    note: str | None = None

    @property
    def usable(self) -> bool:
        """A value that may be shown and compared (not suppressed, not missing)."""
        return self.state == "value"

    def as_dict(self) -> dict:
        shown = self.value if self.state == "value" else None
        return {"state": self.state, "value": shown, "n": self.n, "reason": self.reason, "note": self.note}


NONE = Cell("none")


class ValueTable:
    """Every returned value, looked up by quarter id and indicator id."""

    def __init__(self, returns: list[Returns], threshold: int) -> None:
        self.threshold = threshold
        self.quarters = sorted(r.quarter for r in returns)
        self.illustrative = {r.quarter: r.illustrative for r in returns}
        self._returns = {r.quarter: r for r in returns}
        # Indexed per quarter on first use: a report looks at eight quarters, not all of them.
        self._entries: dict[str, dict[str, object]] = {}

    def _cell(self, entry) -> Cell:
        if entry.missing is not None:
            return Cell("missing", reason=entry.missing, note=entry.note)
        if entry.n is not None and entry.n < self.threshold:
            # As in UK official statistics: a value resting on very few people is not published.
            return Cell("suppressed", n=entry.n, note=entry.note)
        return Cell("value", value=float(entry.value), n=entry.n, note=entry.note)

    def get(self, quarter: str, indicator: str) -> Cell:
        entries = self._entries.get(quarter)
        if entries is None:
            returns = self._returns.get(quarter)
            # The totals: values by area are the area comparison's, never the indicator's own.
            entries = self._entries[quarter] = ({e.indicator: e for e in returns.values if e.area is None}
                                                if returns else {})
        entry = entries.get(indicator)
        return NONE if entry is None else self._cell(entry)
