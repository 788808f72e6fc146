"""id-format for quarters: the canonical form depends on the partnership's financial year."""

from collections.abc import Iterator

from vrptool import quarters
from vrptool.dataset import DataSet
from vrptool.findings import Finding
from vrptool.rules.base import Context
from vrptool.rules.syntax import ID_FORMAT as RULE


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    example = quarters.Quarter(2024, 1, data.start_month).id
    for source, returns in data.valid_returns():
        if quarters.from_id(returns.quarter, data.start_month) is None:
            yield source.finding(("quarter",), RULE.id, RULE.severity,
                f"'{returns.quarter}' is not a quarter id for a financial year starting in month "
                f"{data.start_month}; write it like {example}")
