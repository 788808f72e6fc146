"""orphan-activity: a ToC activity that no group delivers."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import cited_by_groups, has_groups

RULE = Rule("orphan-activity", Severity.WARNING, "a ToC activity that no group delivers")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not has_groups(data):
        return
    delivered = cited_by_groups(data, "ToC activity")
    for activity_id, place in data.defined("ToC activity").items():
        if activity_id not in delivered:
            yield place.finding(RULE.id, RULE.severity,
                f"no group delivers ToC activity {activity_id}; add it to a group's activities")
