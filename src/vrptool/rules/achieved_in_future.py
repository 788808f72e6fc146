"""achieved-in-future: a recommendation whose achieved_on is after today (--today).

A recommendation cannot have been achieved on a day that has not come: the date is usually the
wrong year typed, or a target date written where the date achieved belongs. Left in, it would
take the recommendation off every ToR before the work is done.

**Bad**

```yaml
# on 21 November 2026
- id: "6.2"
  status: achieved
  achieved_on: 2027-09-30
```

**Good**

```yaml
- id: "6.2"
  status: in_progress
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.crest and data.crest.model):
        return
    for index, recommendation in enumerate(data.crest.model.recommendations):
        if recommendation.achieved_on and recommendation.achieved_on > context.today:
            yield data.crest.source.finding(("recommendations", index, "achieved_on"), RULE,
                f"recommendation {recommendation.id} is marked achieved on {recommendation.achieved_on}, which is "
                f"after today ({context.today}); give the date it was achieved, or set its status to in_progress")
