"""tor-issued-after-review: a ToR whose issued date is after its review_by date.

A ToR is reviewed after it is issued. An issue date after the review date is one of the two
dates mistyped, and hides or invents an overdue review.

**Bad**

```yaml
tor:
  version: 2
  issued: 2024-11-17
  review_by: 2023-11-30
```

**Good**

```yaml
tor:
  version: 2
  issued: 2023-11-17
  review_by: 2024-11-30
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, group in data.valid_groups():
        tor = group.tor
        if tor and tor.review_by and tor.issued > tor.review_by:
            yield source.finding(("tor", "issued"), RULE,
                f"the {group.abbreviation} ToR was issued on {tor.issued}, after its review date {tor.review_by}; "
                "correct whichever date is wrong")
