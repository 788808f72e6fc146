"""orphan-activity: a ToC activity that no group delivers."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import unreferenced

RULE = Rule("orphan-activity", Severity.WARNING, "a ToC activity that no group delivers")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for activity_id, place in unreferenced(data, "ToC activity"):
        yield place.finding(RULE.id, RULE.severity,
                            f"no group delivers ToC activity {activity_id}; add it to a group's activities")
