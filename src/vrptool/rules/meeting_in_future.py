"""meeting-in-future: a meeting record dated after today (--today).

A meeting file records who attended and what was agreed, which cannot be known before the
meeting: a date in the future is usually the wrong year or month typed, and would count
attendance that never happened.

**Bad**

```yaml
# meetings/dawg/2027-11-04.yaml, on 21 November 2026
date: 2027-11-04
attended: ["vru", "hfrs"]
```

**Good**

```yaml
# meetings/dawg/2026-11-04.yaml
date: 2026-11-04
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, meeting in data.valid_meetings():
        if meeting.date > context.today:
            yield source.finding(("date",), RULE,
                f"this meeting is dated {meeting.date}, after today ({context.today}); a meeting is recorded once "
                "it has met: correct the date, or add the file after the meeting")
