"""stray-file: a file or folder in groups/, returns/ or meetings/ that is not data.

The data folders hold data files only, so that nothing in them is skipped in silence: a
spreadsheet, a note or a folder there is either data in the wrong form or belongs elsewhere
(a warning: vrptool reads nothing from it). Hidden files (.gitkeep) are not reported.

**Bad**

```
data/returns/provider-Q2.xlsx
data/groups/old/
```

**Good**

```
imports/provider-Q2.xlsx   # then: vrptool returns import imports/provider-Q2.xlsx -q 2026-27-Q2
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.unread_data_file import is_data_like

RULE = Rule.documented(__doc__, Severity.WARNING)


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for path in data.unread_entries():
        if is_data_like(path):
            continue
        kind = "folder" if path.is_dir() else "file"
        folder = path.relative_to(data.root).parts[0]
        hint = " (import a spreadsheet with `vrptool returns import`)" if path.suffix.lower() in (".xlsx", ".csv") else ""
        yield RULE.at(str(path), 1, 1, f"this {kind} in {folder}/ is not data and is not read; "
                                      f"move it out of the data folders{hint}")
