"""duplicate-id: an id defined twice, or cited twice in one list of a group."""

from collections.abc import Iterator

from vrptool.dataset import DataSet
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule

RULE = Rule("duplicate-id", Severity.ERROR, "an id defined twice")


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for kind, places in data.definitions.items():
        first: dict = {}
        for place in places:
            if place.id in first:
                earlier = first[place.id]
                yield place.finding(RULE.id, RULE.severity,
                    f"the {kind} id '{place.id}' is already defined in {earlier.source.display} "
                    f"line {earlier.source.at(earlier.path)[0]}; give it another id or remove one")
            else:
                first[place.id] = place
    # A group that lists the same activity, recommendation, indicator or member twice.
    for kind, places in data.references.items():
        seen: set = set()
        for place in places:
            if place.owner is None or len(place.path) < 2:
                continue  # only a group's lists (membership, activities, ...) can repeat
            key = (place.source.display, place.path[0], place.id)
            if key in seen:
                yield place.finding(RULE.id, RULE.severity,
                    f"{place.owner} lists the {kind} '{place.id}' twice; remove this one")
            seen.add(key)
    # One indicator twice in one quarter's returns; one action id twice in one meeting.
    for source, returns in data.valid_returns():
        yield from _repeated(source, [(("values", i, "indicator"), e.indicator) for i, e in enumerate(returns.values)],
                             f"{returns.quarter} already has a value for indicator")
    for source, meeting in data.valid_meetings():
        yield from _repeated(source, [(("actions", i, "id"), a.id) for i, a in enumerate(meeting.actions)],
                             "this meeting already has an action")


def _repeated(source, places, what: str):
    first: dict = {}
    for path, value in places:
        if value in first:
            yield source.finding(path, RULE.id, RULE.severity,
                f"{what} '{value}' (line {source.at(first[value])[0]}); keep one")
        else:
            first[value] = path
