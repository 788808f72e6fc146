"""yaml-syntax: the file is not valid YAML (or not UTF-8).

A file that cannot be read is a file whose every id, reference and value goes unchecked, and
whose ToR or report cannot be made. The finding points where the mistake is (where a list,
mapping or quote that is never closed opens, not where the parser gave up) and says what to do;
a tab, a colon inside text, a line out of line with its mapping or list, a file saved as UTF-16
or Windows-1252, a directory or a pipe where a file should be, and a file too large or nested
too deeply are all named in the message.

**Bad**

```yaml
# groups/dawg.yaml
name: [Data and Analysis Working Group
```

**Good**

```yaml
name: Data and Analysis Working Group
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
