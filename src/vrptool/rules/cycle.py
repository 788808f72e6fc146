"""cycle: reports_to goes round in a circle.

Groups report up a tree to the strategic board. A circle means no group in it reports to the
board at all, and the governance chart cannot be drawn.

**Bad**

```yaml
# groups/dawg.yaml            # groups/tvrp.yaml
reports_to: "tvrp"            reports_to: "dawg"
```

**Good**

```yaml
# groups/dawg.yaml            # groups/tvrp.yaml
reports_to: "tvrp"            reports_to: "svrp"
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.group_facts import group_facts
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    groups = {group.id: (source, group) for source, group in group_facts(data)}
    reported: set[str] = set()
    for start in groups:
        chain: list[str] = []
        current: str | None = start
        while current in groups and current not in chain:
            chain.append(current)
            current = groups[current][1].reports_to
        if current is None or current not in chain:
            continue
        circle = chain[chain.index(current):]
        if set(circle) & reported:
            continue
        reported |= set(circle)
        route = " → ".join(circle + [circle[0]])
        for member in circle:
            source = groups[member][0]
            yield source.finding(("reports_to",), RULE,
                f"reports_to goes round in a circle ({route}); one group must report to the board")
