"""orphan-activity: a ToC activity that no group delivers.

Every activity of the Theory of Change is something the partnership said it would do. One that
no group's ToR lists has no one doing it, and nobody reports on it.

**Bad**

```yaml
# toc.yaml has activity "3.e"; no groups/*.yaml lists it under activities
```

**Good**

```yaml
# groups/engagement.yaml
activities:
  - id: "3.e"
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import unreferenced

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for activity_id, place in unreferenced(data, "ToC activity"):
        yield place.finding(RULE, f"no group delivers ToC activity {activity_id}; add it to a group's activities")
