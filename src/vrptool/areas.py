"""Values by area and the populations rates are per: what checks and the report share about areas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from vrptool.disclosure import TOTAL


def indicators_of(framework) -> dict:
    """Every OBPF indicator by id."""
    return {placed.indicator.id: placed.indicator for placed in framework.indicators()}


def by_area(returns, indexed: bool = True) -> dict:
    """A quarter's entries as {indicator: {area id or TOTAL: (index in values, entry)}}, first of each
    kept (the entry alone, without its index, when not `indexed`)."""
    table: dict = {}
    for index, entry in enumerate(returns.values):
        table.setdefault(entry.indicator, {}).setdefault(entry.area, (index, entry) if indexed else entry)
    return table


def breakdowns(framework, valid_returns: Iterable) -> Iterator[tuple]:
    """Each quarter's indicators returned by area: (file, returns, indicator, its entries as
    `by_area` gives them), for each indicator of the framework with more than one entry."""
    indicators = indicators_of(framework)
    for source, returns in valid_returns:
        for indicator_id, cells in by_area(returns).items():
            indicator = indicators.get(indicator_id)
            if indicator is not None and len(cells) >= 2:
                yield source, returns, indicator, cells


def estimate_year(quarter) -> int:
    """The mid-year estimate a quarter is measured against: that of the year its middle falls in."""
    return (quarter.start + (quarter.end - quarter.start) / 2).year


class Populations:
    """Mid-year estimates by area and age band, with the year nearest a quarter's chosen for it.

    The whole partnership's population is its own estimate where given, else the sum of its
    top-level areas' (when every one of them has one)."""

    def __init__(self, population, areas: Iterable) -> None:
        self._areas = list(areas)
        self.illustrative = False
        self._by: dict = {}
        if population is not None:
            for estimate in population.estimates:
                made_up = population.illustrative if estimate.illustrative is None else estimate.illustrative
                self._by.setdefault((estimate.area, estimate.age_band), {})[estimate.year] = (estimate, made_up)

    def estimate(self, area, age_band: str, year: int):
        """(population, estimate or None when summed, illustrative) for an area, or None."""
        years = self._by.get((area, age_band))
        if years:
            # The latest estimate up to the year; releases lag, so else the earliest after it.
            chosen = max((y for y in years if y <= year), default=min(years))
            estimate, made_up = years[chosen]
            return estimate.population, estimate, made_up
        if area is TOTAL:
            tops = [a.id for a in self._areas if a.within is None]
            found = [self.estimate(a, age_band, year) for a in tops]
            if tops and all(found):
                return sum(f[0] for f in found), None, any(f[2] for f in found)
        return None

    def has(self, area, age_band: str) -> bool:
        return self.estimate(area, age_band, 0) is not None


def area_names(areas: Iterable) -> dict:
    """Each area's name by id, and the whole partnership's as 'the total'."""
    return {TOTAL: "the total", **{a.id: a.name for a in areas}}
