"""file-name: a group file whose name does not match its id."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule("file-name", Severity.ERROR,
            "a group, returns or meeting file whose name does not match its content")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, group in data.valid_groups():
        if source.path.stem != group.id:
            yield source.finding(("id",), RULE.id, RULE.severity,
                f"the group id is '{group.id}' but the file is {source.path.name}; "
                f"rename the file to {group.id}.yaml or change the id", key=True)
