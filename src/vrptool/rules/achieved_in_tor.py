"""achieved-in-tor: a group still lists a recommendation that is achieved."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule("achieved-in-tor", Severity.WARNING, "a group still lists a recommendation that is achieved")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    if not (data.crest and data.crest.model):
        return
    achieved = {r.id: r for r in data.crest.model.recommendations if r.status == "achieved"}
    for place in data.references.get("Crest recommendation", []):
        if place.id in achieved:
            yield place.finding(RULE.id, RULE.severity,
                f"recommendation {place.id} was achieved on {achieved[place.id].achieved_on}; "
                f"remove it from {place.owner}'s ToR and raise its version")
