"""orphan-indicator: an OBPF indicator that no group monitors."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.rules.orphans import unreferenced

RULE = Rule("orphan-indicator", Severity.WARNING, "an OBPF indicator that no group monitors")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for indicator_id, place in unreferenced(data, "OBPF indicator"):
        yield place.finding(RULE.id, RULE.severity,
                            f"no group monitors indicator {indicator_id}; add it to a group's indicators")
