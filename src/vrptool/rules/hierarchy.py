"""hierarchy: a child id that does not extend its parent's (5.2.1.a under 5.1.1)."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule("hierarchy", Severity.ERROR, "a child id that does not extend its parent's")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if data.toc and data.toc.model:
        for s, strand in enumerate(data.toc.model.strands):
            for a, activity in enumerate(strand.activities):
                yield from _extends(data.toc.source, ("strands", s, "activities", a, "id"),
                                    activity.id, strand.id, "activity", "strand")
    if data.obpf and data.obpf.model:
        source = data.obpf.source
        for a, area in enumerate(data.obpf.model.areas):
            for o, outcome in enumerate(area.outcomes):
                at = ("areas", a, "outcomes", o)
                yield from _extends(source, at + ("id",), outcome.id, area.id, "outcome", "area")
                for m, measure in enumerate(outcome.measures):
                    at_m = at + ("measures", m)
                    yield from _extends(source, at_m + ("id",), measure.id, outcome.id, "measure", "outcome")
                    for i, indicator in enumerate(measure.indicators):
                        yield from _extends(source, at_m + ("indicators", i, "id"), indicator.id,
                                            measure.id, "indicator", "measure")


def _extends(source, path, child: str, parent: str, child_kind: str, parent_kind: str):
    if not child.startswith(parent + "."):
        suffix = child.rsplit(".", 1)[-1]
        yield source.finding(path, RULE.id, RULE.severity,
            f"{child_kind} '{child}' stands under {parent_kind} '{parent}' but does not start with "
            f"'{parent}.'; number it '{parent}.{suffix}' or move it")
