"""hierarchy: a child id that does not extend its parent's (5.2.1.a under 5.1.1).

OBPF and Theory of Change ids carry their place: `5.1.2.a` belongs to measure `5.1.2`, activity
`2.e` to strand `2`. A child filed under the wrong parent is counted under the wrong outcome in
every report.

**Bad**

```yaml
# obpf.yaml
measures:
  - id: "5.1.1"
    indicators:
      - id: "5.2.1.a"
```

**Good**

```yaml
measures:
  - id: "5.1.1"
    indicators:
      - id: "5.1.1.a"
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if data.toc and data.toc.model:
        for s, strand in enumerate(data.toc.model.strands):
            for a, activity in enumerate(strand.activities):
                yield from _extends(data.toc.source, ("strands", s, "activities", a, "id"),
                                    activity.id, strand.id, "activity", "strand")
    if data.obpf and data.obpf.model:
        source = data.obpf.source
        for a, area in enumerate(data.obpf.model.areas):
            for o, outcome in enumerate(area.outcomes):
                at = ("areas", a, "outcomes", o)
                yield from _extends(source, at + ("id",), outcome.id, area.id, "outcome", "area")
                for m, measure in enumerate(outcome.measures):
                    at_m = at + ("measures", m)
                    yield from _extends(source, at_m + ("id",), measure.id, outcome.id, "measure", "outcome")
                    for i, indicator in enumerate(measure.indicators):
                        yield from _extends(source, at_m + ("indicators", i, "id"), indicator.id,
                                            measure.id, "indicator", "measure")


def _extends(source, path, child: str, parent: str, child_kind: str, parent_kind: str):
    if not child.startswith(parent + "."):
        suffix = child.rsplit(".", 1)[-1]
        yield source.finding(path, RULE,
            f"{child_kind} '{child}' stands under {parent_kind} '{parent}' but does not start with "
            f"'{parent}.'; number it '{parent}.{suffix}' or move it")
