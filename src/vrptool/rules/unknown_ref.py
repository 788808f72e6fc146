"""unknown-ref: a reference to an id that is not defined.

A ToR citing an activity, recommendation or indicator that does not exist promises work
nobody can trace; a value for an unknown indicator is reported nowhere. The message names
where such ids are defined and suggests the nearest one. One unknown id cited in many places
(an indicator renamed in obpf.yaml but not in every quarter's returns) is one finding, at the
first place, naming every place that cites it.

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
from vrptool.index import Place
from vrptool.rules.base import Context, Rule
from vrptool.rules.repeated import once
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
    # which ids are unknown is found from the ids each file cites; only their places are looked up
    for kind, ids in data.cited().items():
        if kind in data.unknown_kinds:
            continue  # the file that defines them is broken: it has its own findings
        defined = data.defined(kind)
        # a group whose file cannot be parsed: its yaml-syntax finding says so, once
        unreadable = unreadable_groups(data) if kind == "group" else set()
        missing = {id_ for id_ in ids if id_ not in defined and id_ not in unreadable}
        if not missing:
            continue
        unknown: dict[str, list[Place]] = {}
        for place in data.citing(kind, missing):
            unknown.setdefault(place.id, []).append(place)
        # a group file named after the id holds another id: that is what was meant (file-name reports it)
        holders = {place.source.path.stem: place.id for place in data.definitions.get("group", [])
                   if place.source.path.stem != place.id} if kind == "group" else {}
        for id_, citing in unknown.items():
            hint = (f"; groups/{id_}.yaml gives its group the id '{holders[id_]}'" if id_ in holders
                    else did_you_mean(id_, [str(known) for known in defined]))
            yield once(citing, RULE, f"no {kind} '{shorten(id_)}' is defined in {HOME.get(kind, 'the data')}{hint}")
