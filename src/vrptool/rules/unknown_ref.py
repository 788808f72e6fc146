"""unknown-ref: a reference to an id that is not defined.

A ToR citing an activity, recommendation or indicator that does not exist promises work
nobody can trace; a value for an unknown indicator is reported nowhere. The message names
where such ids are defined and suggests the nearest one.

**Bad**

```yaml
# groups/dawg.yaml
reports_to: "svpr"
```

**Good**

```yaml
reports_to: "svrp"
```
"""

from collections.abc import Iterator

from vrptool.dataset import DataSet, unreadable_groups
from vrptool.findings import Finding, Severity
from vrptool.rules.base import Context, Rule
from vrptool.suggest import did_you_mean, shorten

RULE = Rule.documented(__doc__, Severity.ERROR)

#: Where each kind of id is defined, for the message.
HOME = {
    "organisation": "partnership.yaml (organisations)",
    "strategic objective": "partnership.yaml (strategic_objectives)",
    "intervention": "partnership.yaml (interventions)",
    "footnote": "partnership.yaml (footnotes)",
    "group": "groups/",
    "ToC activity": "toc.yaml",
    "Crest recommendation": "crest.yaml",
    "OBPF indicator": "obpf.yaml",
    "area": "partnership.yaml (areas)",
}


def check(data: DataSet, context: Context) -> Iterator[Finding]:
    for kind, places in data.references.items():
        if kind in data.unknown_kinds:
            continue  # the file that defines them is broken: it has its own findings
        defined = data.defined(kind)
        # a group whose file cannot be parsed: its yaml-syntax finding says so, once
        unreadable = unreadable_groups(data) if kind == "group" else set()
        for place in places:
            if place.id not in defined and place.id not in unreadable:
                hint = did_you_mean(place.id, [str(known) for known in defined])
                yield place.finding(RULE,
                    f"no {kind} '{shorten(place.id)}' is defined in {HOME.get(kind, 'the data')}{hint}")
