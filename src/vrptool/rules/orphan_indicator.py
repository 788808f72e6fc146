"""orphan-indicator: an OBPF indicator that no group monitors."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import cited_by_groups, has_groups

RULE = Rule("orphan-indicator", Severity.WARNING, "an OBPF indicator that no group monitors")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not has_groups(data):
        return
    monitored = cited_by_groups(data, "OBPF indicator")
    for indicator_id, place in data.defined("OBPF indicator").items():
        if indicator_id not in monitored:
            yield place.finding(RULE.id, RULE.severity,
                f"no group monitors indicator {indicator_id}; add it to a group's indicators")
