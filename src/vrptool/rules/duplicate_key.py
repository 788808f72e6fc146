"""duplicate-key: a mapping repeats a key.

YAML parsers keep one of the two values without a word (most the last), so a value someone
typed can vanish silently. Which one was meant only the author knows: vrptool reports the
second key and keeps neither guess.

**Bad**

```yaml
short_name: HIPS VRP
name: Hampshire and Isle of Wight VRP
name: The same key again
```

**Good**

```yaml
short_name: HIPS VRP
name: Hampshire and Isle of Wight VRP
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
