"""orphan-recommendation: a recommendation not achieved that no group owns.

A Crest recommendation is tracked until achieved; while open, a group must own it, or no one
moves it on and the tracker shows it open for ever.

**Bad**

```yaml
# crest.yaml: "6.2" is open, and no group lists it under recommendations
```

**Good**

```yaml
# groups/dawg.yaml
recommendations: ["6.2"]
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import cited_by_groups, has_groups

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not has_groups(data) or not (data.crest and data.crest.is_valid):
        return
    owned = cited_by_groups(data, "Crest recommendation")
    # From crest.yaml's tree: after a group's edit, its model is not needed otherwise.
    for i, recommendation in enumerate(data.crest.source.tree["recommendations"]):
        status = recommendation["status"]
        if status != "achieved" and recommendation["id"] not in owned:
            yield data.crest.source.finding(("recommendations", i, "id"), RULE,
                f"recommendation {recommendation['id']} is {status.replace('_', ' ')} "
                "but no group owns it; add it to a group's recommendations")
