"""file-name: a group file whose name does not match its id."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule("file-name", Severity.ERROR,
            "a group, returns or meeting file whose name does not match its content")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for place in data.definitions.get("group", []):
        if place.source.path.stem != place.id:
            yield place.finding(RULE.id, RULE.severity,
                f"the group id is '{place.id}' but the file is {place.source.path.name}; "
                f"rename the file to {place.id}.yaml or change the id", key=True)
