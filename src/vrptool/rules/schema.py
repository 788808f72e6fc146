"""schema: missing or unknown key, wrong type, value not in its enum, impossible date.

Every file has a fixed shape (see `vrptool schema`): a missing key leaves a document without its
content, a misspelt key is silently ignored by anything that reads the file, and a status
outside its list or a 30 February cannot be reported on. A missing key is reported at its
parent mapping; anything else at the offending key, with a "did you mean" where one is close.

**Bad**

```yaml
# crest.yaml
recommendations:
  - id: "6.2"
    text: Agree a data-sharing agreement.
    status: opne
```

**Good**

```yaml
recommendations:
  - id: "6.2"
    text: Agree a data-sharing agreement.
    status: open
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
