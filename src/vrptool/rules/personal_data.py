"""personal-data: an email address or phone number anywhere in the data.

The data is public-sector governance data, published and kept in version control for good:
memberships, attendance and actions name roles and organisations, never people. An email
address or phone number, once committed, stays in the history.

**Bad**

```yaml
roles:
  - "VRU Manager (vru.manager@example.org, 023 8000 0000)"
```

**Good**

```yaml
roles:
  - VRU Manager
```
"""

import re
from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.index import strings
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)

# Bounded repeats: an unbounded local part makes a search of a long word quadratic.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
# UK numbers: 0 or +44 followed by 9 or 10 more digits, spaces or hyphens between groups.
PHONE = re.compile(r"(?<![\d£.,])(?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}(?![\d.,])")
# Looser than PHONE, to search a file's raw text: a folded YAML line break may stand between digits.
_PHONE_IN_TEXT = re.compile(r"(?:\+44|0)[\s()0]*\d(?:[\s-]*\d){8,9}")


def may_contain_contact(text: str) -> bool:
    """False only when no string of the file can hold an email address or a phone number."""
    return "\\" in text or ("@" in text and bool(EMAIL.search(text))) or bool(_PHONE_IN_TEXT.search(text))


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source in data.files:
        if not source.readable:
            continue
        if source.text is not None and not may_contain_contact(source.text):
            continue  # nothing in the whole text looks like contact details: no need to walk it
        for path, text in strings(source.tree):
            if "@" in text and EMAIL.search(text):
                yield source.finding(path, RULE,
                    "this contains an email address; name a role and organisation instead, never a person's contact")
            elif PHONE.search(text):
                yield source.finding(path, RULE,
                    "this contains a phone number; name a role and organisation instead, never a person's contact")
