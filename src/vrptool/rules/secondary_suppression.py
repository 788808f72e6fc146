"""secondary-suppression: a suppressed value that the total and the other areas would give away.

A value resting on a small number (the partnership's `suppression:` profile, or `n` below
`small_number_threshold`) is never published. But a total is the sum of its areas: with the
total and every area but one shown, the one withheld is the total less the others. Reports
therefore withhold a second value (the smallest other area) wherever that would happen. This
rule proves it on the data: it names each value that differencing would disclose and the value
reports withhold to protect it, so the partnership knows what its report will not show, and why.

**Bad**

```yaml
# returns/2026-27-Q2.yaml (suppression: {profile: phof}): 68 - 41 - 12 - 12 = 3
values:
  - {indicator: "1.1.1.f", value: 68}
  - {indicator: "1.1.1.f", area: "hampshire", value: 41}
  - {indicator: "1.1.1.f", area: "isle-of-wight", value: 3}
  - {indicator: "1.1.1.f", area: "portsmouth", value: 12}
  - {indicator: "1.1.1.f", area: "southampton", value: 12}
```

**Good**

```yaml
# Reports withhold Portsmouth's 12 as well as the Isle of Wight's 3; or return the areas
# of a small count together, leaving out the total's breakdown:
values:
  - {indicator: "1.1.1.f", value: 68}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vrptool.areas import area_names, breakdowns
from vrptool.disclosure import additive, parts_of, policy_of, primary, protect
from vrptool.findings import Finding, Severity
from vrptool.returns_facts import tree_returns
from vrptool.rules.base import Context, Rule

if TYPE_CHECKING:
    from vrptool.dataset import DataSet

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.obpf and data.obpf.model and data.partnership and data.partnership.model):
        return
    partnership = data.partnership.model
    policy, children, names = policy_of(partnership), parts_of(partnership.areas), area_names(partnership.areas)
    for source, returns, indicator, cells in breakdowns(data.obpf.model, tree_returns(data)):
        numbers = {cell: additive(e.value, e.n, indicator.unit, policy) for cell, (_, e) in cells.items()}
        hidden = [cell for cell, (_, e) in cells.items()
                  if e.missing is None and primary(e.value, e.n, indicator.unit, policy)]
        protection = protect(numbers, hidden, children)
        for extra, kept in protection.protects.items():
            index, _ = cells[kept]
            key = "value" if indicator.unit == "count" and policy.counts else "n"
            yield source.finding(("values", index, key), RULE,
                f"{_name(names, kept)}'s {key} of indicator {indicator.id} in {returns.quarter} is suppressed "
                f"({policy.label}) but could be worked out from the total and the other areas; reports also "
                f"withhold {_name(names, extra)}'s")


def _name(names: dict, cell) -> str:
    name = names.get(cell, str(cell))
    return name[0].upper() + name[1:]
