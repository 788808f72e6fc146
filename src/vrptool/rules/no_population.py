"""no-population: a rate whose area and age band have no estimate in population.yaml.

An indicator with `per:` is a rate: its returns give the count, and the report divides it by
the population of the area and age band (`population:`) from population.yaml. Without the
estimate the report can show no rate at all. Each area a value is returned for, and the whole
partnership (or the indicator's `population.area`), needs an estimate of that age band; the
partnership's own may come from its top-level areas' estimates. An area that is not defined is
unknown-ref's finding, and while population.yaml names one the totals wait for it.

**Bad**

```yaml
# obpf.yaml: indicator 5.1.3.b has per: 100000 and population: {age_band: "10-17"},
# but population.yaml has estimates for everyone only:
estimates:
  - {area: "portsmouth", age_band: "all", year: 2025, population: 210000,
     source: ONS mid-year estimates, release: mid-2025}
```

**Good**

```yaml
estimates:
  - {area: "portsmouth", age_band: "10-17", year: 2025, population: 19000,
     source: ONS mid-year estimates, release: mid-2025}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vrptool.areas import Populations, area_names, indicators_of
from vrptool.disclosure import TOTAL
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

if TYPE_CHECKING:
    from vrptool.dataset import DataSet

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.obpf and data.obpf.model and data.partnership and data.partnership.model):
        return
    rates = {i.id: i for i in indicators_of(data.obpf.model).values() if i.per is not None}
    if not rates:
        return  # no indicator is a rate: nothing needs an estimate
    if data.population is not None and data.population.model is None:
        return  # population.yaml is broken: it has its own findings
    areas = data.defined("area")
    if any(place.source is data.population.source and place.id not in areas
           for place in data.references.get("area", []) if data.population is not None):
        return  # an estimate for an area that is not defined (unknown-ref's finding): the totals wait for it
    partnership = data.partnership.model
    populations = Populations(data.population.model if data.population else None, partnership.areas)
    names = area_names(partnership.areas)
    reported: set = set()
    # Each valid file's entries as its model reads them, from its tree (no model of 3,500 values built).
    for source in (loaded.source for loaded in data.returns if loaded.is_valid):
        for index, entry in enumerate(source.tree["values"]):
            indicator = rates.get(entry["indicator"])
            if indicator is None or entry.get("missing") is not None:
                continue
            band = indicator.population.age_band if indicator.population else "all"
            area = entry.get("area")
            if area is TOTAL and indicator.population is not None:
                area = indicator.population.area
            if (indicator.id, area) in reported or populations.has(area, band):
                continue
            if area is not TOTAL and area not in areas:
                continue  # not an area at all: unknown-ref's finding
            reported.add((indicator.id, area))
            where = "all of the partnership" if area is TOTAL else names.get(area, area)
            yield source.finding(("values", index, "indicator"), RULE,
                f"indicator {indicator.id} is a rate per {indicator.per:,} people aged {band}, but population.yaml "
                f"has no estimate for {where} aged {band}; add one (with its source and release)")
