"""achieved-in-tor: a group still lists a recommendation that is achieved.

Once a recommendation is achieved the ToR that owned it is revised to drop it; a ToR that still
lists it tells members to keep working on finished business. `vrptool crest set --update-tors`
does both at once.

**Bad**

```yaml
# crest.yaml: "8.2" status: achieved; groups/tvrp.yaml:
recommendations: ["8.2"]
```

**Good**

```yaml
# groups/tvrp.yaml, its tor version raised
recommendations: []
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.models.behaviour import as_date
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.crest and data.crest.is_valid):
        return
    # From crest.yaml's tree: after a group's edit, its model is not needed otherwise.
    achieved = {r["id"]: r for r in data.crest.source.tree["recommendations"] if r["status"] == "achieved"}
    for place in data.references.get("Crest recommendation", []):
        if place.id in achieved:
            on = as_date(achieved[place.id]["achieved_on"])
            yield place.finding(RULE, f"recommendation {place.id} was achieved on {on}; "
                f"remove it from {place.owner}'s ToR and raise its version")
