"""review-overdue: a ToR whose review_by is before today."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule("review-overdue", Severity.WARNING, "a ToR whose review_by is before today (--today)")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, group in data.valid_groups():
        if group.tor and group.tor.review_by and group.tor.review_by < context.today:
            days = (context.today - group.tor.review_by).days
            yield source.finding(("tor", "review_by"), RULE.id, RULE.severity,
                f"the {group.abbreviation} ToR was due for review by {group.tor.review_by} "
                f"({days} days ago); review it and set a new review_by")
