"""id-format: an id that does not match its pattern.

Ids are how files cite each other and how partners find a line in a board paper (`5.1.2.a`,
`6.2`, `2024-25-Q1`). An id out of pattern cannot be cited reliably, sorts wrongly and breaks
the hierarchy checks. The patterns are in the README's data layout; a quarter id follows the partnership's
financial year (`2024-25-Q1`, or `2024-Q1` when the year starts in January).
Returns files whose quarters are all out of pattern at once are one finding, naming each file:
the financial year in partnership.yaml is the likelier mistake.

**Bad**

```yaml
# crest.yaml
recommendations:
  - id: "Rec 6.2"
```

**Good**

```yaml
recommendations:
  - id: "6.2"
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vrptool import quarters
from vrptool.findings import Finding, Rule, Severity
from vrptool.returns_facts import returns_facts
from vrptool.rules.base import Context
from vrptool.rules.repeated import grouped

if TYPE_CHECKING:
    from vrptool.dataset import DataSet

RULE = Rule.documented(__doc__, Severity.ERROR)


# The loader and the models check every other id's pattern; a quarter's depends on the
# partnership's financial year, known only once partnership.yaml is read. Checked where quarters
# are written: each returns file's `quarter`, and each indicator's `spc: rebase: [{quarter}]`.
def check(data: DataSet, context: Context) -> Iterator[Finding]:
    example = quarters.Quarter(2024, 1, data.start_month).id
    # The quarter each valid file says, read without building 40 models of 3,500 values.
    valid = [loaded.source for loaded in data.returns if loaded.is_valid]
    wrong = [(source, facts.quarter) for source, facts in zip(valid, returns_facts(data), strict=True)
             if quarters.from_id(facts.quarter, data.start_month) is None]
    if len(wrong) == 1:
        source, quarter = wrong[0]
        yield source.finding(("quarter",), RULE,
            f"'{quarter}' is not a quarter id for a financial year starting in month {data.start_month}; "
            f"write it like {example}")
    elif wrong:
        # Every file at once: more likely partnership.yaml's financial year than a typo in each. One finding.
        yield grouped([source.finding(("quarter",), RULE,
            f"the quarters of {len(wrong)} returns files (from '{wrong[0][1]}') are not quarter ids for a financial "
            f"year starting in month {data.start_month}; if partnership.yaml's financial_year_start_month is right, "
            f"write them like {example}") for source, _ in wrong],
            lambda count, files: f"in {files} files")
    if data.obpf and data.obpf.model:  # each indicator's `spc: rebase: [{quarter}]`
        for placed in data.obpf.model.indicators():
            indicator = placed.indicator
            for r, rebase in enumerate(indicator.spc.rebase if indicator.spc else []):
                if quarters.from_id(rebase.quarter, data.start_month) is None:
                    yield data.obpf.source.finding(placed.path + ("spc", "rebase", r, "quarter"), RULE,
                        f"rebase quarter '{rebase.quarter}' of indicator {indicator.id} is not a "
                        f"quarter id for a financial year starting in month {data.start_month}; "
                        f"write it like {example}")
