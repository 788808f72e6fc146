"""file-name: a group, returns or meeting file whose name does not match its content.

Files are found by name: `groups/dawg.yaml` is the DAWG, `returns/2024-25-Q1.yaml` that
quarter's values, `meetings/dawg/2025-01-14.yaml` that meeting. A file whose content says
otherwise is read as the wrong thing, or its ToR written to the wrong file.

**Bad**

```yaml
# groups/dawg.yaml
id: "tvrp"
```

**Good**

```yaml
# groups/dawg.yaml
id: "dawg"
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.returns_facts import tree_returns
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for place in data.definitions.get("group", []):
        if place.source.path.stem != place.id:
            yield place.finding(RULE, f"the group id is '{place.id}' but the file is {place.source.path.name}; "
                f"rename the file to {place.id}.yaml or change the id", key=True)
    for source, returns in tree_returns(data):
        if source.path.stem != returns.quarter:
            yield source.finding(("quarter",), RULE,
                f"the quarter is '{returns.quarter}' but the file is {source.path.name}; "
                f"rename the file to {returns.quarter}.yaml or change the quarter", key=True)
    for source, meeting in data.valid_meetings():
        if source.path.stem != meeting.date.isoformat():
            yield source.finding(("date",), RULE,
                f"the meeting date is {meeting.date} but the file is {source.path.name}; "
                f"rename the file to {meeting.date}.yaml or change the date", key=True)
        if source.path.parent.name != meeting.group:
            yield source.finding(("group",), RULE,
                f"the meeting is of '{meeting.group}' but it is filed under meetings/{source.path.parent.name}/; "
                f"move it to meetings/{meeting.group}/ or change the group", key=True)
