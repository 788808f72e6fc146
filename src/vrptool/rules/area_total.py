"""area-total: counts or n given by area add up to more than their total.

A count (or an `n`) given for each area is part of the partnership's total, and an area's
parts (`within:` in partnership.yaml) are part of the area's: their sum cannot be larger. A
slip here would show the board areas that do not add up, and would defeat secondary
suppression, which relies on the sum. Percentages and scores do not add up, so only counts
and `n` are checked; areas not returned are allowed (the parts may add up to less).

**Bad**

```yaml
# returns/2026-27-Q2.yaml
values:
  - indicator: "1.1.1.f"
    value: 68
  - indicator: "1.1.1.f"
    area: "portsmouth"
    value: 70
```

**Good**

```yaml
values:
  - indicator: "1.1.1.f"
    value: 68
  - indicator: "1.1.1.f"
    area: "portsmouth"
    value: 12
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vrptool.areas import area_names, breakdowns
from vrptool.disclosure import parts_of
from vrptool.findings import Finding, Severity
from vrptool.returns_facts import tree_returns
from vrptool.rules.base import Context, Rule

if TYPE_CHECKING:
    from vrptool.dataset import DataSet

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.obpf and data.obpf.model and data.partnership and data.partnership.model):
        return
    areas = data.partnership.model.areas
    children, names = parts_of(areas), area_names(areas)
    for source, _, indicator, cells in breakdowns(data.obpf.model, tree_returns(data)):
        for parent, parts in children.items():
            if parent not in cells:
                continue
            index, total = cells[parent]
            given = [cells[p][1] for p in parts if p in cells]
            for key, what in (("value", "values"), ("n", "n")):
                if key == "value" and indicator.unit != "count":
                    continue
                numbers = [getattr(e, key) for e in given if getattr(e, key) is not None]
                whole = getattr(total, key)
                if whole is None or not numbers or sum(numbers) <= whole:
                    continue
                yield source.finding(("values", index, key), RULE,
                    f"the areas' {what} of indicator {indicator.id} add up to {sum(numbers):g}, more than "
                    f"{names.get(parent, parent)} ({whole:g}); correct the total or the areas' {what}")
