"""value-range: percent outside 0–100, negative or fractional count.

A percentage of 120 or a count of 3.5 is a typing slip (a value entered in the wrong column or
unit); reported to the board, it would be read as a real figure.

**Bad**

```yaml
# returns/2024-25-Q1.yaml (indicator 5.1.2.a has unit: percent)
values:
  - indicator: "5.1.2.a"
    value: 120
```

**Good**

```yaml
values:
  - indicator: "5.1.2.a"
    value: 12.0
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.returns_facts import tree_returns
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def unit_problem(value: float, unit: str) -> str | None:
    """What is wrong with a value for its unit, or None (shared with `returns import`)."""
    if unit == "percent" and not 0 <= value <= 100:
        return f"{value:g} is not a percentage between 0 and 100"
    if unit == "count" and (value < 0 or value != int(value)):
        return f"{value:g} is not a count (a whole number, 0 or more)"
    return None


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.obpf and data.obpf.model):
        return
    units = {placed.indicator.id: placed.indicator.unit for placed in data.obpf.model.indicators()}
    for source, returns in tree_returns(data):
        for index, entry in enumerate(returns.values):
            unit, value = units.get(entry.indicator), entry.value
            if value is None or unit is None:
                continue
            problem = unit_problem(value, unit)
            if problem:
                yield source.finding(("values", index, "value"), RULE,
                    f"{problem}; indicator {entry.indicator} is measured as a {unit}")
