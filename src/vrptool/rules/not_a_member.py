"""not-a-member: a meeting lists an organisation that is not a member of the group.

Attendance is reported against membership: an organisation that attends without a role in the
group is either missing from the ToR's membership or recorded at the wrong meeting.

**Bad**

```yaml
# meetings/dawg/2025-01-14.yaml; dawg's membership has no "hfrs"
attended: ["police", "hfrs"]
```

**Good**

```yaml
attended: ["police"]
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.models.group import RoleMembership
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    groups = {group.id: group for _, group in data.valid_groups()}
    for source, meeting in data.valid_meetings():
        group = groups.get(meeting.group)
        if group is None:
            continue  # unknown-ref reports it
        roles = {m.organisation for m in group.membership if isinstance(m, RoleMembership)}
        listed = {m.organisation: m for m in group.membership}
        for key in ("attended", "apologies"):
            for index, organisation in enumerate(getattr(meeting, key)):
                if organisation in roles:
                    continue
                why = ("is listed in its ToR without a role" if organisation in listed
                       else "is not in its ToR's membership")
                yield source.finding((key, index), RULE,
                    f"{organisation} {why}; add it to groups/{group.id}.yaml or correct this entry")
