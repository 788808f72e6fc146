"""not-a-member: a meeting lists an organisation that is not a member of the group.

Attendance is reported against membership: an organisation that attends without a role in the
group is either missing from the ToR's membership or recorded at the wrong meeting. One
organisation missing from a membership (a typo in the ToR) shows at each meeting that lists it:
that is one finding, at the first meeting, naming every meeting. An organisation that is not
defined at all is unknown-ref's finding, not this one.

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
from vrptool.group_facts import group_facts, meeting_facts
from vrptool.index import Place
from vrptool.rules.base import Context, Rule
from vrptool.rules.repeated import once

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    groups = {group.id: group for _, group in group_facts(data)}
    organisations = data.defined("organisation")
    unjudged = "organisation" in data.unknown_kinds  # partnership.yaml cannot be read: unknown-ref waits too
    listings: dict[tuple[str, str], list[Place]] = {}  # by group and organisation, every place that lists it
    # Each valid meeting's facts: after a group's edit, neither its model nor its tree is needed.
    for source, meeting in meeting_facts(data):
        group = groups.get(meeting.group)
        if group is None:
            continue  # unknown-ref reports it
        roles = set(group.roles)
        for key in ("attended", "apologies"):
            for index, organisation in enumerate(getattr(meeting, key)):
                if organisation in roles or (organisation not in organisations and not unjudged):
                    continue  # a member, or not an organisation at all (unknown-ref's finding)
                listings.setdefault((group.id, organisation), []).append(Place(organisation, source, (key, index)))
    for (group_id, organisation), places in listings.items():
        listed = set(groups[group_id].listed)
        why = ("is listed in its ToR without a role" if organisation in listed
               else f"is not a member of {group_id}")
        entry = "this entry" if len(places) == 1 else "these entries"
        yield once(places, RULE, f"{organisation} {why}; add it to groups/{group_id}.yaml or correct {entry}",
                   lambda count, files: f"listed in {files} meeting{'s' if files > 1 else ''}")
