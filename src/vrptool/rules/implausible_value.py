"""implausible-value: a returned value far outside its indicator's control limits, or a percentage returned as a fraction.

A value far outside the control limits of the quarters before it is usually a typing or export
slip: 3150 for 315, a count for the wrong period. The limits are the report's own (an XmR chart
of the indicator, or of its area's values, since its latest rebase, fixed after `fix_after`
points), computed from the quarters before the value once at least four have values; a value
more than three times as far from their mean as the limits are is flagged, and left out of the
limits the later quarters are judged by (when the next value is as far out, the level has
changed: the one warning says so, suggests a rebase, and the limits start afresh there).

A percent value between 0 and 1 where the quarters before were above 1 is a fraction (0.733
for 73.3%), as a spreadsheet cell formatted as a percentage exports it. A warning, for a second
look: just outside the limits is a change the report shows as special cause; this rule only
asks whether the value was typed as meant.

**Bad**

```yaml
# earlier quarters: 301, 296, 315, 322, 318
- indicator: "1.1.1.e"
  value: 3150
```

**Good**

```yaml
- indicator: "1.1.1.e"
  value: 315
```
"""

from collections.abc import Iterator

from vrptool import plausible, quarters
from vrptool.areas import indicators_of
from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.loader import SourceFile
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.obpf and data.obpf.model):
        return
    indicators = indicators_of(data.obpf.model)
    files = sorted(((q, source, returns) for source, returns in data.valid_returns()
                    if (q := quarters.from_id(returns.quarter, data.start_month)) is not None), key=lambda t: t[0])
    if not files:
        return
    # Quarters by their place from the first with returns: a national data set has 100,000 values.
    every = files[0][0].through(files[-1][0])
    place = {q: i for i, q in enumerate(every)}
    ids = [q.id for q in every]
    # by indicator and area (None: the whole partnership), each quarter's value and where it is
    returned: dict[tuple, dict[int, tuple[float, SourceFile, int]]] = {}
    for quarter, source, returns in files:
        at = place[quarter]
        for index, entry in enumerate(returns.values):
            if entry.value is not None:
                returned.setdefault((entry.indicator, entry.area), {}).setdefault(at, (entry.value, source, index))
    # Found indicator by indicator, told file by file: locating a finding in a file it has let go
    # of parses that file again, and a national data set has a finding in many of its 40 files.
    found: list[tuple[str, int, SourceFile, str]] = []
    for (indicator_id, _), by_quarter in returned.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue  # unknown-ref reports it
        first, latest = min(by_quarter), max(by_quarter)
        span = range(first, latest + 1)
        values = [by_quarter[i][0] if i in by_quarter else None for i in span]
        options = indicator.spc
        far, _ = plausible.judged(list(zip(ids[first:latest + 1], values)),
                                  fix_after=options.fix_after if options else None,
                                  rebase={r.quarter for r in options.rebase} if options else set())
        for k, i in enumerate(span):
            if i not in by_quarter:
                continue
            value, source, index = by_quarter[i]
            # the quarters before, newest first, only where a fraction is possible (they cost a list each)
            previous = [v for v in reversed(values[:k]) if v is not None] if 0 < value < 1 else []
            if plausible.looks_like_fraction(value, indicator.unit, previous):
                problem = plausible.fraction_problem(value, previous)
            elif k in far:
                problem = far[k].problem(value)
            else:
                continue
            found.append((source.display, index, source, f"indicator {indicator_id}: {problem}"))
    for _, index, source, message in sorted(found, key=lambda f: (f[0], f[1])):
        yield source.finding(("values", index, "value"), RULE, message)
