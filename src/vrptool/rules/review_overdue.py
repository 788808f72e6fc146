"""review-overdue: a ToR whose review_by is before today (--today).

A ToR past its review date may no longer describe how the group works; the board expects each
to be reviewed on time. `--today` sets the day judged against, so CI results are reproducible.

**Bad**

```yaml
tor:
  version: 3
  issued: 2023-01-10
  review_by: 2023-12-31
```

**Good**

```yaml
tor:
  version: 4
  issued: 2026-10-01
  review_by: 2027-09-30
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, group in data.valid_groups():
        if group.tor and group.tor.review_by and group.tor.review_by < context.today:
            days = (context.today - group.tor.review_by).days
            yield source.finding(("tor", "review_by"), RULE,
                f"the {group.abbreviation} ToR was due for review by {group.tor.review_by} "
                f"({days} days ago); review it and set a new review_by")
