"""Indicator values by quarter, as a report shows them: a value, suppressed, missing, or none.

Each value carries what the board needs to judge it: its confidence interval (Wilson for a
percentage of n, Byar or exact Poisson for a count or a rate), and for a rate its figure per
100,000 (or per million) and whether it rests on enough events to be reliable. Suppression
follows the partnership's disclosure rule, with secondary suppression across its areas, so a
withheld value never reaches the context (nor its n, nor an interval that would betray it).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from vrptool import quarters as quarters_
from vrptool import stats
from vrptool.areas import Populations, by_area, estimate_year, indicators_of
from vrptool.disclosure import TOTAL, Policy, additive, parts_of, policy_of, primary, protect
from vrptool.models.returns import Returns


@dataclass(frozen=True)
class Cell:
    """One indicator in one quarter (the total, or one area's value)."""

    state: str  # "value", "suppressed" (a small number), "missing" (with a reason) or "none"
    value: float | None = None
    n: int | None = None
    reason: str | None = None
    note: str | None = None
    interval: stats.Interval | None = None
    rate: float | None = None
    per: int | None = None
    reliable: bool | None = None  # for a rate: False when it rests on too few events

    @property
    def usable(self) -> bool:
        """A value that may be shown and compared (not suppressed, not missing)."""
        return self.state == "value"

    def as_dict(self) -> dict:
        if self.state != "value":  # nothing of a withheld value: not its n, not an interval
            return {"state": self.state, "value": None, "n": None, "reason": self.reason, "note": self.note,
                    "interval": None, "rate": None, "per": self.per, "reliable": None}
        interval = self.interval.as_dict() if self.interval else None
        if interval:
            interval = {key: round(number, 6) for key, number in interval.items()}
        return {"state": self.state, "value": self.value, "n": self.n, "reason": self.reason, "note": self.note,
                "interval": interval, "rate": None if self.rate is None else round(self.rate, 6), "per": self.per,
                "reliable": self.reliable}


NONE = Cell("none")


@dataclass(frozen=True)
class Measuring:
    """How the report measures values: disclosure rule, confidence level, and what rates are of."""

    policy: Policy
    level: float = stats.LEVEL_95
    reliable_from: int = stats.RELIABLE_FROM
    indicators: dict | None = None  # id -> OBPF indicator (unit, per, population)
    populations: Populations | None = None
    areas: tuple = ()
    start_month: int = 4


def value_table(data, only: Collection[str] | None = None) -> ValueTable:
    """Every valid returned value of a checked data set, measured as the partnership's files say:
    its disclosure rule, confidence level, indicators' rates, populations and areas. The report and
    the returns template both read values through this, so neither shows what the other withholds.

    With `only`, the values of those indicators alone, read from each file's tree without building
    its model (what a report needs for the few rows the store does not hold)."""
    measuring = measuring_of(data)
    if only is None:
        return ValueTable([r for _, r in data.valid_returns()], measuring)
    from vrptool.returns_facts import returns_facts

    return ValueTable([_TreeReturns(facts, only) for facts in returns_facts(data)], measuring)


def measuring_of(data) -> Measuring:
    """How the partnership's files say values are measured."""
    partnership = data.partnership.model
    return Measuring(
        policy_of(partnership), level=partnership.statistics.level,
        reliable_from=partnership.statistics.reliable_from, indicators=indicators_of(data.obpf.model),
        populations=Populations(data.population.model if data.population else None, partnership.areas),
        areas=tuple(partnership.areas), start_month=data.start_month)


class _TreeReturns:
    """A returns file's quarter and the values of some indicators, as the model would give them."""

    def __init__(self, facts, only: Collection[str]) -> None:
        self.quarter, self.illustrative = facts.quarter, facts.illustrative
        self._facts, self._only = facts, only

    @functools.cached_property
    def values(self) -> list:
        from vrptool.returns_facts import tree_entries

        return tree_entries(self._facts, self._only)


class ValueTable:
    """Every returned value, looked up by quarter id and indicator id (and area)."""

    def __init__(self, returns: Sequence[Returns | _TreeReturns], measuring: Measuring):
        self.measuring = measuring
        self.quarters = sorted(r.quarter for r in returns)
        self.illustrative = {r.quarter: r.illustrative for r in returns}
        self._returns = {r.quarter: r for r in returns}
        self._children = parts_of(measuring.areas)
        # Indexed per quarter on first use: a report looks at eight quarters, not all of them.
        self._entries: dict[str, dict] = {}
        self._withheld: dict[tuple, dict] = {}
        self.population_illustrative = False

    def _by_area(self, quarter: str) -> dict:
        entries = self._entries.get(quarter)
        if entries is None:
            returns = self._returns.get(quarter)
            entries = self._entries[quarter] = by_area(returns, indexed=False) if returns else {}
        return entries

    def _indicator(self, indicator: str):
        return (self.measuring.indicators or {}).get(indicator)

    def withheld(self, quarter: str, indicator: str) -> dict:
        """The cells withheld of an indicator in a quarter (primary and secondary), by area (TOTAL too)."""
        key = (quarter, indicator)
        if key not in self._withheld:
            cells = self._by_area(quarter).get(indicator, {})
            definition = self._indicator(indicator)
            unit = definition.unit if definition else "score"
            policy = self.measuring.policy
            hidden = [a for a, e in cells.items() if e.missing is None and primary(e.value, e.n, unit, policy)]
            if len(cells) < 2:  # a total without areas: no sum can give a withheld number away
                self._withheld[key] = dict.fromkeys(hidden, "primary")
            else:
                numbers = {a: additive(e.value, e.n, unit, policy) for a, e in cells.items()}
                self._withheld[key] = protect(numbers, hidden, self._children).withheld
        return self._withheld[key]

    def _state(self, quarter: str, indicator: str, area, entry, unit: str | None = None) -> str:
        """"missing", "suppressed" or "value"; `unit` is the indicator's, when the caller knows it."""
        if entry.missing is not None:
            return "missing"
        # As in UK official statistics: a value resting on very few people is not published.
        if len(self._by_area(quarter)[indicator]) < 2:  # the entry alone: only its own number can hide it
            if unit is None:
                definition = self._indicator(indicator)
                unit = definition.unit if definition else "score"
            hidden = primary(entry.value, entry.n, unit, self.measuring.policy)
        else:
            hidden = area in self.withheld(quarter, indicator)
        return "suppressed" if hidden else "value"

    def _cell(self, quarter: str, indicator: str, area, entry) -> Cell:
        state = self._state(quarter, indicator, area, entry)
        if state == "missing":
            return Cell("missing", reason=entry.missing, note=entry.note)
        definition = self._indicator(indicator)
        per = definition.per if definition else None
        if state == "suppressed":
            return Cell("suppressed", note=entry.note, per=per)
        value = float(entry.value)
        interval, rate, reliable = self._uncertainty(quarter, definition, area, value, entry.n)
        return Cell("value", value=value, n=entry.n, note=entry.note, interval=interval, rate=rate, per=per,
                    reliable=reliable)

    def _uncertainty(self, quarter: str, definition, area, value: float, n: int | None):
        """(interval, rate, reliable) of a value: what its unit and the data allow."""
        if definition is None:
            return None, None, None
        level = self.measuring.level
        try:
            if definition.per is not None:
                population = self._population(quarter, definition, area)
                if population is None:
                    return None, None, None
                return (stats.rate_interval(value, population, definition.per, level),
                        stats.rate(value, population, definition.per),
                        stats.reliable(value, self.measuring.reliable_from))
            if definition.unit == "percent" and n:
                return stats.percent_interval(value, n, level), None, None
            if definition.unit == "count":
                return stats.count_interval(value, level), None, None
        except ValueError:
            return None, None, None  # a value validate refuses (value-range) has no interval
        return None, None, None

    def _population(self, quarter: str, definition, area) -> int | None:
        populations = self.measuring.populations
        found = quarters_.from_id(quarter, self.measuring.start_month)
        if populations is None or found is None:
            return None
        band = definition.population.age_band if definition.population else "all"
        if area is TOTAL and definition.population is not None:
            area = definition.population.area
        estimate = populations.estimate(area, band, estimate_year(found))
        if estimate is None:
            return None
        self.population_illustrative |= estimate[2]
        return estimate[0]

    def get(self, quarter: str, indicator: str) -> Cell:
        entry = self._by_area(quarter).get(indicator, {}).get(TOTAL)
        return NONE if entry is None else self._cell(quarter, indicator, TOTAL, entry)

    def plotted(self, quarter: str, indicator: str, interval: bool = True
                ) -> tuple[str, float | None, stats.Interval | None]:
        """The total's state, the figure a chart plots and its interval (None unless shown).

        The figure is the value, or for a rate its rate per `per` people (None without a population:
        a count is never plotted among rates); the interval is in the same terms, for the chart's
        error bars. ``interval=False`` leaves it out where only the figure is wanted (a trend)."""
        entry = self._by_area(quarter).get(indicator, {}).get(TOTAL)
        if entry is None:
            return "none", None, None
        state = self._state(quarter, indicator, TOTAL, entry)
        if state != "value":
            return state, None, None
        definition = self._indicator(indicator)
        value = float(entry.value)
        if definition is not None and definition.per is not None:
            population = self._population(quarter, definition, TOTAL)
            if population is None:
                return state, None, None
            found = stats.rate_interval(value, population, definition.per, self.measuring.level) if interval else None
            return state, stats.rate(value, population, definition.per), found
        if not interval:
            return state, value, None
        return state, value, self._uncertainty(quarter, definition, TOTAL, value, entry.n)[0]

    def areas(self, quarter: str, indicator: str) -> list[tuple[str, Cell]]:
        """Each area's value of an indicator in a quarter, in partnership.yaml's order of areas."""
        cells = self._by_area(quarter).get(indicator, {})
        return [(a.id, self._cell(quarter, indicator, a.id, cells[a.id])) for a in self.measuring.areas
                if a.id in cells]
