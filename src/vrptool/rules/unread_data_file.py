"""unread-data-file: a YAML file in groups/, returns/ or meetings/ that vrptool would not read.

vrptool reads `groups/<id>.yaml`, `returns/<quarter>.yaml` and `meetings/<group>/<date>.yaml`.
A file named `.yml` or `.YAML`, or one in the wrong folder, would otherwise be skipped in
silence: validate would pass, the group would have no ToR and its meetings would count for
nothing. Rename or move it.

**Bad**

```
data/groups/youth.yml
data/returns/2026-27-Q2.YAML
data/meetings/2026-05-06.yaml
```

**Good**

```
data/groups/youth.yaml
data/returns/2026-27-Q2.yaml
data/meetings/dawg/2026-05-06.yaml
```
"""

from collections.abc import Iterator
from pathlib import Path

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule.documented(__doc__, Severity.ERROR)


def is_data_like(path: Path) -> bool:
    return not path.is_dir() and path.suffix.lower() in (".yaml", ".yml")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for path in data.unread_entries():
        if not is_data_like(path):
            continue
        folder = path.relative_to(data.root).parts[0]
        if path.suffix != ".yaml":
            advice = f"vrptool reads only files ending .yaml: rename it {path.stem}.yaml"
        elif folder == "meetings":
            advice = "a meeting's file goes in the folder of its group: move it to meetings/<group>/"
        else:
            advice = f"vrptool reads only the files directly in {folder}/: move it there"
        yield RULE.at(str(path), 1, 1, f"this file is not read; {advice}")
