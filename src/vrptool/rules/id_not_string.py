"""id-not-string: an id or id reference written as a number.

Unquoted, `6.10` is the number 6.1 and `5.1` loses nothing only by luck: an id written as a
number can silently become another id. vrptool never "fixes" it; quote every id.

**Bad**

```yaml
recommendations:
  - id: 6.10
```

**Good**

```yaml
recommendations:
  - id: "6.10"
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
