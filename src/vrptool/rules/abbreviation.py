"""abbreviation: an abbreviation whose letters are not the initials of its name.

Abbreviations are printed in every ToR in place of the name; transposed letters ("HRFS" for
"Hampshire Fire & Rescue Service") are easy to type and hard to spot. Small words (and, of,
the) may be taken or left; a number is taken whole ("WG10" for "Working Group 10").

**Bad**

```yaml
- id: "hfrs"
  name: Hampshire Fire & Rescue Service
  abbreviation: HRFS
```

**Good**

```yaml
- id: "hfrs"
  name: Hampshire Fire & Rescue Service
  abbreviation: HFRS
```
"""

import functools
import re
from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.models.behaviour import as_text
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.WARNING)

#: Words an abbreviation may take or leave ("HIOWC" keeps "of", "HFRS" drops "&").
OPTIONAL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "at"}


def initials_match(abbreviation: str, name: str) -> bool:
    """True when the abbreviation is the initials of a run of consecutive words of the name."""
    letters = "".join(c.lower() for c in abbreviation if c.isalnum())
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", name)]

    @functools.cache
    def match(letter: int, word: int) -> bool:
        if letter == len(letters):
            return True
        if word == len(words):
            return False
        initial = _initial(words[word])
        if letters.startswith(initial, letter) and match(letter + len(initial), word + 1):
            return True
        return words[word] in OPTIONAL_WORDS and match(letter, word + 1)

    return bool(letters) and any(match(0, start) for start in range(len(words)))


def _initial(word: str) -> str:
    """What a word gives an abbreviation: a number whole, any other word its first letter."""
    return word if word.isdigit() else word[0]


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if data.partnership and data.partnership.is_valid:
        # From partnership.yaml's tree: after a group's edit, its model would cost more than the group's.
        for i, organisation in enumerate(data.partnership.source.tree["organisations"]):
            abbreviation, name = organisation.get("abbreviation"), as_text(organisation["name"])
            if abbreviation is not None and not initials_match(abbreviation := as_text(abbreviation), name):
                yield data.partnership.source.finding(("organisations", i, "abbreviation"), RULE,
                    _message(abbreviation, name))
    for source, group in data.valid_groups():
        if not initials_match(group.abbreviation, group.name):
            yield source.finding(("abbreviation",), RULE, _message(group.abbreviation, group.name))


def _message(abbreviation: str, name: str) -> str:
    initials = "".join(_initial(w) for w in re.findall(r"[A-Za-z0-9]+", name)
                       if w.lower() not in OPTIONAL_WORDS).upper()
    return (f"'{abbreviation}' is not made of the initials of '{name}'"
            f" (expected something like '{initials}'); check it for a typo")
