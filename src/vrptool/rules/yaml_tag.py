"""yaml-tag: a YAML tag (!!python/object, !custom) in a data file.

Tags ask a YAML library to build something other than text, numbers and lists; some libraries
would run code to do it. Data files need none, so any tag is refused (only `!!str` is allowed).

**Bad**

```yaml
name: !!python/object/apply:os.system ["echo hello"]
```

**Good**

```yaml
name: Data and Analysis Working Group
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
