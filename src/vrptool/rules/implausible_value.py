"""implausible-value: a returned value far outside its indicator's recent range, or a percentage returned as a fraction.

A value more than three times its indicator's recent range beyond that range (the eight
quarters before it, when at least four have values) is usually a typing or export slip: 3150
for 315, a count for the wrong period. A percent value between 0 and 1 where the quarters
before were above 1 is a fraction (0.733 for 73.3%), as a spreadsheet cell formatted as a
percentage exports it. A warning, for a second look: a real change can be this large. The
report's control limits judge whether a change is real; this rule only asks whether it was typed.

**Bad**

```yaml
# earlier quarters: 301, 296, 315, 322, 318
- indicator: "1.1.1.e"
  value: 3150
```

**Good**

```yaml
- indicator: "1.1.1.e"
  value: 315
```
"""

from collections.abc import Iterator

from vrptool import plausible, quarters
from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.numbers import shown
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.obpf and data.obpf.model):
        return
    units = {placed.indicator.id: placed.indicator.unit for placed in data.obpf.model.indicators()}
    ordered = sorted(((q, source, returns) for source, returns in data.valid_returns()
                      if (q := quarters.from_id(returns.quarter, data.start_month)) is not None), key=lambda t: t[0])
    earlier: dict[tuple, list[float]] = {}  # by indicator and area (None: the whole partnership), newest first
    for _, source, returns in ordered:
        for index, entry in enumerate(returns.values):
            if entry.value is None:
                continue
            previous = earlier.get((entry.indicator, getattr(entry, "area", None)), [])
            unit = units.get(entry.indicator)
            if plausible.looks_like_fraction(entry.value, unit, previous):
                yield source.finding(("values", index, "value"), RULE,
                    f"indicator {entry.indicator}: {plausible.fraction_problem(entry.value, previous)}")
            elif (outside := plausible.outside_recent_range(entry.value, previous)) is not None:
                yield source.finding(("values", index, "value"), RULE,
                    f"indicator {entry.indicator}: {shown(entry.value)} is far outside its recent range "
                    f"{shown(outside[0])} to {shown(outside[1])}; check it was typed as meant")
        for entry in returns.values:
            if entry.value is not None:
                earlier.setdefault((entry.indicator, getattr(entry, "area", None)), []).insert(0, entry.value)
