"""action-due-before-meeting: an action agreed at a meeting but due before that meeting.

An action falls due after the meeting that agrees it. A due date before the meeting is usually
the wrong month or year typed, and would show the action as overdue from the day it was agreed.
(A warning: an action carried over from an earlier meeting may keep its original date.) A
meeting whose own date is in question (in the future, or not the date its file is named after)
has its actions judged once that is settled: one wrong date, one finding.

**Bad**

```yaml
date: 2026-06-03
actions:
  - id: "a1"
    due: 2026-05-15
```

**Good**

```yaml
date: 2026-06-03
actions:
  - id: "a1"
    due: 2026-07-15
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, meeting in data.valid_meetings():
        if meeting.date > context.today or source.path.stem != meeting.date.isoformat():
            continue  # the meeting's date is in question (meeting-in-future, file-name): its actions wait for it
        for index, action in enumerate(meeting.actions):
            if action.due < meeting.date:
                yield source.finding(("actions", index, "due"), RULE,
                    f"action {action.id} is due on {action.due}, before the meeting of {meeting.date} that lists it; "
                    "check the date (an action carried over keeps its date: then this warning can stand)")
