"""duplicate-id: an id defined twice, or listed twice in one group's list, quarter's returns or meeting's actions.

Two things with one id make every reference to that id ambiguous: which recommendation is
"6.2", which value is the quarter's? The second definition is reported.

**Bad**

```yaml
# returns/2024-25-Q1.yaml
values:
  - indicator: "5.1.2.a"
    value: 12
  - indicator: "5.1.2.a"
    value: 14
```

**Good**

```yaml
values:
  - indicator: "5.1.2.a"
    value: 14
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.returns_facts import tree_returns
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for kind, places in data.definitions.items():
        first: dict = {}
        for place in places:
            if place.id in first:
                earlier = first[place.id]
                yield place.finding(RULE, f"the {kind} id '{place.id}' is already defined in {earlier.source.display} "
                    f"line {earlier.source.at(earlier.path)[0]}; give it another id or remove one")
            else:
                first[place.id] = place
    # A group that lists the same activity, recommendation, indicator or member twice.
    for kind, places in data.repeating_group_references.items():
        seen: set = set()
        for place in places:
            if len(place.path) < 2:
                continue  # only a group's lists (membership, activities, ...) can repeat
            key = (place.source.display, place.path[0], place.id)
            if key in seen:
                yield place.finding(RULE, f"{place.owner} lists the {kind} '{place.id}' twice; remove this one")
            seen.add(key)
    # One indicator twice in one quarter's returns; one action id twice in one meeting.
    for source, returns in tree_returns(data):
        # An indicator's total once, and each of its areas once.
        yield from _repeated(source, [(("values", i, "indicator") if e.area is None else ("values", i, "area"),
                                       e.indicator if e.area is None else f"{e.indicator}' in area '{e.area}")
                                      for i, e in enumerate(returns.values)],
                             f"{returns.quarter} already has a value for indicator")
    for source, meeting in data.valid_meetings():
        yield from _repeated(source, [(("actions", i, "id"), a.id) for i, a in enumerate(meeting.actions)],
                             "this meeting already has an action")


def _repeated(source, places, what: str):
    first: dict = {}
    for path, value in places:
        if value in first:
            yield source.finding(path, RULE, f"{what} '{value}' (line {source.at(first[value])[0]}); keep one")
        else:
            first[value] = path
