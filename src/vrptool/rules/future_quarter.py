"""future-quarter: returns for a quarter that has not started yet (judged against --today).

Values cannot have been collected for a quarter that has not begun: such a file is usually the
wrong year typed, and would make `--quarter latest` report on a quarter with no real data.

**Bad**

```yaml
# returns/2030-31-Q1.yaml, on 21 November 2026
quarter: "2030-31-Q1"
```

**Good**

```yaml
# returns/2026-27-Q2.yaml
quarter: "2026-27-Q2"
```
"""

from collections.abc import Iterator

from vrptool import quarters
from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.returns_facts import tree_returns
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, returns in tree_returns(data):
        quarter = quarters.from_id(returns.quarter, data.start_month)
        if quarter is not None and quarter.start > context.today:
            yield source.finding(("quarter",), RULE, f"{quarter.label} has not started yet (today is {context.today}); "
                "values can only be returned for a quarter that has begun")
