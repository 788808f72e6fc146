"""authority-unrepresented: an organisation with duty: specified that has roles in no group.

The Serious Violence Duty's specified authorities must work together; one that has a role in no
group takes no part in the partnership's governance. An organisation whose id was changed in
partnership.yaml alone keeps its roles under the old id, which unknown-ref reports: it is not
reported again here.

**Bad**

```yaml
# partnership.yaml
organisations:
  - id: "ambulance"
    name: South Central Ambulance Service
    duty: specified
# ...and no group's membership names "ambulance" with roles
```

**Good**

```yaml
# groups/svrp.yaml
membership:
  - organisation: "ambulance"
    roles: [Head of Operations]
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.group_facts import group_facts
from vrptool.models.behaviour import as_text
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import has_groups
from vrptool.suggest import nearest

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not has_groups(data) or not (data.partnership and data.partnership.is_valid):
        return
    represented = {organisation for _, group in group_facts(data) for organisation in group.roles}
    # An organisation whose id was changed in partnership.yaml alone still has its roles, under the old
    # id that unknown-ref reports ("did you mean …?"): one mistake, one finding.
    defined = [str(id_) for id_ in data.defined("organisation")]
    renamed = {nearest(member, defined) for member in represented if member not in defined}
    # From partnership.yaml's tree: after a group's edit, its model would cost more than the group's.
    for i, organisation in enumerate(data.partnership.source.tree["organisations"]):
        if organisation["duty"] == "specified" and organisation["id"] not in represented | renamed:
            yield data.partnership.source.finding(("organisations", i, "id"), RULE,
                f"{as_text(organisation['name'])} is a specified authority under the Serious Violence Duty "
                "but has roles in no group; give it a role in at least one group")
