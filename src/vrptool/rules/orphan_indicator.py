"""orphan-indicator: an OBPF indicator that no group monitors.

The performance framework's indicators are reported to the board every quarter; one that no
group monitors has no one to explain its figures or act on them.

**Bad**

```yaml
# obpf.yaml defines "5.1.2.a"; no groups/*.yaml lists it under indicators
```

**Good**

```yaml
# groups/dawg.yaml
indicators: ["5.1.2.a"]
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import unreferenced

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for indicator_id, place in unreferenced(data, "OBPF indicator"):
        yield place.finding(RULE, f"no group monitors indicator {indicator_id}; add it to a group's indicators")
