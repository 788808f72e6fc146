"""interrupted-edit: an edit of several files was interrupted part way, so the files may be part old, part new.

vrptool writes the files of one edit (a recommendation achieved and the ToRs that listed it)
all together: it records the renames to come in `.vrptool-edit.json`, then makes them. If the
machine stopped in between, some files hold the edit and some do not, and the data contradicts
itself. The next edit, or `vrptool fmt`, finishes the renames; until then every check of the
data is in doubt.

**Bad**

```
data/
  .vrptool-edit.json      # left by an edit that did not finish
  crest.yaml              # already says 6.2 is achieved
  groups/dawg.yaml        # still lists 6.2
```

**Good**

```sh
vrptool fmt --data data   # finishes the edit: every file now holds it
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vrptool.findings import Finding, Rule, Severity
from vrptool.layout import JOURNAL

if TYPE_CHECKING:
    from vrptool.dataset import DataSet
    from vrptool.rules.base import Context

RULE = Rule.documented(__doc__, Severity.ERROR)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    journal = data.root / JOURNAL
    if journal.is_symlink() or journal.exists():
        yield RULE.at(str(journal), 1, 1, "an edit was interrupted before all its files were written, so the data "
                      "may be part old, part new; run `vrptool fmt` (or any edit) to finish it, then validate again")
