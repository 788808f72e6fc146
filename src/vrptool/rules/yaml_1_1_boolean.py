"""yaml-1.1-boolean: an unquoted yes, no, on or off, which YAML 1.1 tools read as true or false.

vrptool reads YAML 1.2, where `no` is the text "no"; many other tools (older PyYAML, some
editors and CI linters) read YAML 1.1, where it is the boolean false. One file would then mean
two things. Quote it if it is text, or write `true` or `false`.

**Bad**

```yaml
short_name: no
```

**Good**

```yaml
short_name: "no"
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
