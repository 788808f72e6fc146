"""The whole data directory: every file read, typed, and indexed by the ids it defines and cites.

Checks read only this: the definitions and references of each kind of id, with the file and
the path at which each stands, so that a check never walks the files itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from vrptool.findings import Finding, Severity
from vrptool.loader import SourceFile, load_file
from vrptool.models.crest import CrestTracker
from vrptool.models.group import Group
from vrptool.models.obpf import PerformanceFramework
from vrptool.models.partnership import Partnership
from vrptool.models.toc import TheoryOfChange
from vrptool.schema_findings import findings_from

M = TypeVar("M", bound=BaseModel)

#: The files every data directory has, and the model of each.
SINGLE_FILES: dict[str, type[BaseModel]] = {
    "partnership.yaml": Partnership,
    "toc.yaml": TheoryOfChange,
    "obpf.yaml": PerformanceFramework,
    "crest.yaml": CrestTracker,
}
FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]*)\]")


@dataclass
class Loaded(Generic[M]):
    """A file and its model (None when the file did not validate)."""

    source: SourceFile
    model: M | None


@dataclass(frozen=True)
class Place:
    """Where an id is defined or cited: the file, the path to the value, and who cites it."""

    id: Any
    source: SourceFile
    path: tuple
    owner: str | None = None  # for references from a group: the group's id

    def finding(self, rule: str, severity: Severity, message: str, *, key: bool = False) -> Finding:
        return self.source.finding(self.path, rule, severity, message, key=key)


@dataclass
class DataSet:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    partnership: Loaded[Partnership] | None = None
    toc: Loaded[TheoryOfChange] | None = None
    obpf: Loaded[PerformanceFramework] | None = None
    crest: Loaded[CrestTracker] | None = None
    groups: list[Loaded[Group]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: every definition of each kind of id, in file order (duplicates included)
    definitions: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    #: every reference to each kind of id
    references: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    #: kinds whose defining file failed to load: references to them cannot be judged
    unknown_kinds: set[str] = field(default_factory=set)

    def defined(self, kind: str) -> dict[Any, Place]:
        """The first definition of each id of a kind."""
        first: dict[Any, Place] = {}
        for place in self.definitions.get(kind, []):
            first.setdefault(place.id, place)
        return first

    def valid_groups(self) -> Iterator[tuple[SourceFile, Group]]:
        for loaded in self.groups:
            if loaded.model is not None:
                yield loaded.source, loaded.model


def load_dataset(root: Path) -> DataSet:
    """Read every data file below root. Never raises for bad data: problems become findings."""
    data = DataSet(root=root)
    for name, model in SINGLE_FILES.items():
        path = root / name
        if not path.exists():
            data.findings.append(Finding(str(path), 1, 1, Severity.ERROR, "missing-file",
                f"the data directory has no {name}; every partnership needs one"))
            continue
        loaded = _load(path, model, data)
        setattr(data, name.removesuffix(".yaml"), loaded)
    groups_dir = root / "groups"
    for path in sorted(groups_dir.glob("*.yaml")) if groups_dir.is_dir() else []:
        data.groups.append(_load(path, Group, data))
    _index(data)
    return data


def _load(path: Path, model: type[M], data: DataSet) -> Loaded[M]:
    source = load_file(path)
    data.files.append(source)
    data.findings.extend(source.findings)
    if not source.readable:
        return Loaded(source, None)
    if not isinstance(source.tree, dict):
        found = "nothing (the file is empty)" if source.tree is None else "a list or a single value"
        data.findings.append(source.finding((), "schema", Severity.ERROR,
            f"the file must hold a mapping of keys, but holds {found}"))
        return Loaded(source, None)
    try:
        return Loaded(source, model.model_validate(source.tree))
    except ValidationError as error:
        data.findings.extend(findings_from(error, source, model))
        return Loaded(source, None)


def _index(data: DataSet) -> None:
    """Record where every id is defined and cited."""
    define, cite = data.definitions, data.references

    def add(table, kind, value, source, path, owner=None):
        table[kind].append(Place(value, source, tuple(path), owner))

    if data.partnership and data.partnership.model:
        source, partnership = data.partnership.source, data.partnership.model
        for i, objective in enumerate(partnership.strategic_objectives):
            add(define, "strategic objective", objective.id, source, ("strategic_objectives", i, "id"))
        for i, organisation in enumerate(partnership.organisations):
            add(define, "organisation", organisation.id, source, ("organisations", i, "id"))
        for i, intervention in enumerate(partnership.interventions):
            add(define, "intervention", intervention.id, source, ("interventions", i, "id"))
            for j, provider in enumerate(intervention.providers):
                add(cite, "organisation", provider, source, ("interventions", i, "providers", j))
        for i, footnote in enumerate(partnership.footnotes):
            add(define, "footnote", footnote.id, source, ("footnotes", i, "id"))
        if partnership.strategy:
            for i, detail in enumerate(partnership.strategy.objectives):
                add(cite, "strategic objective", detail.objective, source, ("strategy", "objectives", i, "objective"))
    else:
        data.unknown_kinds |= {"strategic objective", "organisation", "intervention", "footnote"}

    for loaded in data.groups:
        if loaded.model is None:
            # Its id may still be readable: keep citing it so other groups' reports_to resolve.
            tree = loaded.source.tree
            if isinstance(tree, dict) and isinstance(tree.get("id"), str):
                add(define, "group", tree["id"], loaded.source, ("id",))
            continue
        source, group = loaded.source, loaded.model
        add(define, "group", group.id, source, ("id",))
        if group.reports_to is not None:
            add(cite, "group", group.reports_to, source, ("reports_to",), group.id)
        if group.objective is not None:
            add(cite, "strategic objective", group.objective, source, ("objective",), group.id)
        for i, member in enumerate(group.membership):
            add(cite, "organisation", member.organisation, source, ("membership", i, "organisation"), group.id)
        for i, activity in enumerate(group.activities):
            add(cite, "ToC activity", activity.id, source, ("activities", i, "id"), group.id)
        for i, recommendation in enumerate(group.recommendations):
            add(cite, "Crest recommendation", recommendation, source, ("recommendations", i), group.id)
        for i, indicator in enumerate(group.indicators):
            add(cite, "OBPF indicator", indicator, source, ("indicators", i), group.id)

    if data.toc and data.toc.model:
        source = data.toc.source
        for i, strand in enumerate(data.toc.model.strands):
            add(define, "ToC strand", strand.id, source, ("strands", i, "id"))
            add(cite, "strategic objective", strand.objective, source, ("strands", i, "objective"))
            for j, activity in enumerate(strand.activities):
                add(define, "ToC activity", activity.id, source, ("strands", i, "activities", j, "id"))
    else:
        data.unknown_kinds |= {"ToC strand", "ToC activity"}

    if data.obpf and data.obpf.model:
        source = data.obpf.source
        for a, area in enumerate(data.obpf.model.areas):
            add(define, "OBPF area", area.id, source, ("areas", a, "id"))
            if area.objective is not None:
                add(cite, "strategic objective", area.objective, source, ("areas", a, "objective"))
            for o, outcome in enumerate(area.outcomes):
                at = ("areas", a, "outcomes", o)
                add(define, "OBPF outcome", outcome.id, source, at + ("id",))
                for m, measure in enumerate(outcome.measures):
                    at_m = at + ("measures", m)
                    add(define, "OBPF measure", measure.id, source, at_m + ("id",))
                    for i, indicator in enumerate(measure.indicators):
                        at_i = at_m + ("indicators", i)
                        add(define, "OBPF indicator", indicator.id, source, at_i + ("id",))
                        add(cite, "organisation", indicator.source, source, at_i + ("source",))
    else:
        data.unknown_kinds |= {"OBPF area", "OBPF outcome", "OBPF measure", "OBPF indicator"}

    if data.crest and data.crest.model:
        for i, recommendation in enumerate(data.crest.model.recommendations):
            add(define, "Crest recommendation", recommendation.id, data.crest.source, ("recommendations", i, "id"))
    else:
        data.unknown_kinds.add("Crest recommendation")

    for source in data.files:
        if source.readable:
            for path, text in strings(source.tree):
                for mark in FOOTNOTE_MARK.finditer(text):
                    add(cite, "footnote", mark.group(1), source, path)


def strings(tree: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text value in a tree, with its path (iteratively: nesting depth is unbounded)."""
    pending = [(path, tree)]
    while pending:
        at, node = pending.pop()
        if isinstance(node, str):
            yield at, node
        elif isinstance(node, dict):
            pending.extend((at + (key,), value) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            pending.extend((at + (index,), value) for index, value in reversed(list(enumerate(node))))
