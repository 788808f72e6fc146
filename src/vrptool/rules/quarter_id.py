"""id-format for quarters: the canonical form depends on the partnership's financial year.

Checked where quarters are written: each returns file's `quarter`, and each indicator's
`spc: rebase: [{quarter}]` in obpf.yaml."""

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
    if data.obpf and data.obpf.model:
        for a, area in enumerate(data.obpf.model.areas):
            for o, outcome in enumerate(area.outcomes):
                for m, measure in enumerate(outcome.measures):
                    for i, indicator in enumerate(measure.indicators):
                        for r, rebase in enumerate(indicator.spc.rebase if indicator.spc else []):
                            if quarters.from_id(rebase.quarter, data.start_month) is None:
                                path = ("areas", a, "outcomes", o, "measures", m, "indicators", i,
                                        "spc", "rebase", r, "quarter")
                                yield data.obpf.source.finding(path, RULE.id, RULE.severity,
                                    f"rebase quarter '{rebase.quarter}' of indicator {indicator.id} is not a "
                                    f"quarter id for a financial year starting in month {data.start_month}; "
                                    f"write it like {example}")
