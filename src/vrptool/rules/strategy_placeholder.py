"""strategy-placeholder: a published Response Strategy with a section still to be completed.

A draft strategy may hold sections the partnership has not written yet (`to_be_completed:
true`); they render as visible placeholders under a DRAFT mark on every page. Publishing is the
promise that the document is finished, so `status: published` with any such section is an
error, named at the section's `to_be_completed` key, and the strategy is not rendered.

**Bad**

```yaml
strategy:
  status: published
  sections:
    - heading: Foreword
      to_be_completed: true
```

**Good**

```yaml
strategy:
  status: published
  sections:
    - heading: Foreword
      content:
        - The partnership's foreword, written.
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    loaded = data.partnership
    strategy = loaded.model.strategy if loaded and loaded.model else None
    if loaded is None or strategy is None or strategy.status != "published":
        return
    # Here, not at the top: importing the rules must not define the partnership's models.
    from vrptool.models.behaviour import placeholders

    for path, heading in placeholders(strategy.sections):
        yield loaded.source.finding(path, RULE,
            f"the published strategy's section '{heading}' is still to be completed; "
            "write it (and remove to_be_completed) or set the strategy's status back to draft")
