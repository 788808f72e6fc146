"""future-quarter: returns for a quarter that has not started yet (judged against --today)."""

from collections.abc import Iterator

from vrptool import quarters
from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule("future-quarter", Severity.ERROR, "returns for a quarter that lies in the future")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for source, returns in data.valid_returns():
        quarter = quarters.from_id(returns.quarter, data.start_month)
        if quarter is not None and quarter.start > context.today:
            yield source.finding(("quarter",), RULE.id, RULE.severity,
                f"{quarter.label} has not started yet (today is {context.today}); "
                "values can only be returned for a quarter that has begun")
