"""yaml-alias: anchors/aliases are not allowed in data files.

An alias makes one value stand in two places: an edit to one silently changes the other, a
reviewer reading a diff cannot see what changed, and a file of nested aliases can expand to
billions of values. Data files write every value out in full; aliases are never expanded.

**Bad**

```yaml
recommendations: &recs ["8.2"]
indicators: *recs
```

**Good**

```yaml
recommendations: ["8.2"]
indicators: ["1.1.1.e", "1.1.1.f"]
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
