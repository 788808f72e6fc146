"""The whole data directory: every file read, typed, and indexed by the ids it defines and cites.

Checks read only this: the definitions and references of each kind of id, with the file and
the path at which each stands, so that a check never walks the files itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from vrptool import layout, terminal
from vrptool.findings import Finding, Rule
from vrptool.loader import SourceFile, load_file
from vrptool.models import by_kind
from vrptool.models.crest import CrestTracker
from vrptool.models.group import Group
from vrptool.models.meeting import Meeting
from vrptool.models.obpf import PerformanceFramework
from vrptool.models.partnership import Partnership
from vrptool.models.population import Population
from vrptool.models.returns import Returns
from vrptool.models.toc import TheoryOfChange
from vrptool.rules.missing_file import RULE as MISSING_FILE
from vrptool.rules.schema import RULE as SCHEMA
from vrptool.schema_findings import findings_from

M = TypeVar("M", bound=BaseModel)

#: The model of each kind of file.
MODELS = by_kind()
#: The model of each file every data directory has.
SINGLE_FILES: dict[str, type[BaseModel]] = {name: MODELS[name.removesuffix(".yaml")] for name in layout.SINGLE_FILES}
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

    def finding(self, rule: Rule, message: str, *, key: bool = False) -> Finding:
        return self.source.finding(self.path, rule, message, key=key)


@dataclass
class DataSet:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    partnership: Loaded[Partnership] | None = None
    toc: Loaded[TheoryOfChange] | None = None
    obpf: Loaded[PerformanceFramework] | None = None
    crest: Loaded[CrestTracker] | None = None
    population: Loaded[Population] | None = None  # optional: only rates need it
    groups: list[Loaded[Group]] = field(default_factory=list)
    returns: list[Loaded[Returns]] = field(default_factory=list)
    meetings: list[Loaded[Meeting]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _index: _Index | None = field(default=None, repr=False)

    # The index is built on first use: a report needs the models, not every reference.
    @property
    def definitions(self) -> dict[str, list[Place]]:
        """Every definition of each kind of id, in file order (duplicates included)."""
        return self._indexed().definitions

    @property
    def references(self) -> dict[str, list[Place]]:
        """Every reference to each kind of id."""
        return self._indexed().references

    @property
    def unknown_kinds(self) -> set[str]:
        """Kinds whose defining file failed to load: references to them cannot be judged."""
        return self._indexed().unknown_kinds

    def _indexed(self) -> _Index:
        if self._index is None:
            self._index = _build_index(self)
        return self._index

    def defined(self, kind: str) -> dict[Any, Place]:
        """The first definition of each id of a kind."""
        first: dict[Any, Place] = {}
        for place in self.definitions.get(kind, []):
            first.setdefault(place.id, place)
        return first

    def valid_groups(self) -> Iterator[tuple[SourceFile, Group]]:
        return _valid(self.groups)

    def valid_returns(self) -> Iterator[tuple[SourceFile, Returns]]:
        return _valid(self.returns)

    def valid_meetings(self) -> Iterator[tuple[SourceFile, Meeting]]:
        return _valid(self.meetings)

    @property
    def start_month(self) -> int:
        partnership = self.partnership.model if self.partnership else None
        return partnership.financial_year_start_month if partnership else 4


@dataclass
class Valid(Loaded[M]):
    """A file whose model validated."""

    model: M


class CheckedDataSet(DataSet):
    """A data set without errors, as the commands get it after the error check: the four single
    files are there and valid, so nothing is left to test for None."""

    partnership: Valid[Partnership]
    toc: Valid[TheoryOfChange]
    obpf: Valid[PerformanceFramework]
    crest: Valid[CrestTracker]

    @classmethod
    def of(cls, data: DataSet) -> CheckedDataSet:
        """The data set, checked; ValueError when a single file is missing or invalid."""
        singles = {}
        for name in ("partnership", "toc", "obpf", "crest"):
            loaded = getattr(data, name)
            if loaded is None or loaded.model is None:
                raise ValueError(f"the data set has errors: {name}.yaml is missing or invalid")
            singles[name] = Valid(loaded.source, loaded.model)
        return cls(**{**{f.name: getattr(data, f.name) for f in fields(data)}, **singles})


def _valid(loaded_files):
    for loaded in loaded_files:
        if loaded.model is not None:
            yield loaded.source, loaded.model


def load_dataset(root: Path, use_cache: bool = True, overrides: dict[Path, str] | None = None) -> DataSet:
    """Read every data file below root. Never raises for bad data: problems become findings.

    `overrides` gives the text of files as an edit would leave them (new files included)."""
    from vrptool.cache import tree_cache

    data = DataSet(root=root)
    trees = tree_cache(use_cache, root)
    overrides = overrides or {}

    def files(found: list[Path], folder: Path, depth: int) -> list[Path]:
        extra = {p for p in overrides if p.suffix == ".yaml" and p.parents[depth - 1] == folder}
        return sorted(set(found) | extra)

    def load(path: Path, model):
        terminal.step()
        return _load(path, model, data, trees, overrides.get(path))

    terminal.phase("Reading data files", lambda: len(layout.data_files(root)))

    for name, model in SINGLE_FILES.items():
        path = root / name
        if not path.exists() and path not in overrides:
            data.findings.append(MISSING_FILE.at(str(path), 1, 1,
                f"the data directory has no {name}; every partnership needs one"))
            continue
        setattr(data, name.removesuffix(".yaml"), load(path, model))
    for name in layout.OPTIONAL_FILES:
        path = root / name
        if path.exists() or path in overrides:
            setattr(data, name.removesuffix(".yaml"), load(path, MODELS[name.removesuffix(".yaml")]))
    data.groups = [load(path, Group) for path in files(layout.group_files(root), root / "groups", 1)]
    data.returns = [load(path, Returns) for path in files(layout.returns_files(root), root / "returns", 1)]
    data.meetings = [load(path, Meeting) for path in files(layout.meeting_files(root), root / "meetings", 2)]
    if trees is not None:
        trees.prune()
    return data


def _load(path: Path, model: type[M], data: DataSet, trees, text: str | None = None) -> Loaded[M]:
    source = load_file(path, trees=trees, text=text, root=data.root)
    data.files.append(source)
    data.findings.extend(source.findings)
    if not source.readable:
        return Loaded(source, None)
    if not isinstance(source.tree, dict):
        found = "nothing (the file is empty)" if source.tree is None else "a list or a single value"
        data.findings.append(source.finding((), SCHEMA,
            f"the file must hold a mapping of keys, but holds {found}"))
        return Loaded(source, None)
    try:
        return Loaded(source, model.model_validate(source.tree))
    except ValidationError as error:
        data.findings.extend(findings_from(error, source, model))
        return Loaded(source, None)


#: Where each kind of file defines ids and cites them: (define or cite, kind, path pattern).
#: "*" stands for every item of a list. Read from the raw tree, so that a schema error
#: elsewhere in a file never hides a bad reference.
ID_PLACES: dict[str, list[tuple[str, str, tuple]]] = {
    "partnership": [
        ("define", "strategic objective", ("strategic_objectives", "*", "id")),
        ("define", "organisation", ("organisations", "*", "id")),
        ("define", "intervention", ("interventions", "*", "id")),
        ("cite", "organisation", ("interventions", "*", "providers", "*")),
        ("define", "footnote", ("footnotes", "*", "id")),
        ("cite", "strategic objective", ("strategy", "sections", "*", "objective")),
        ("cite", "strategic objective", ("strategy", "sections", "*", "sections", "*", "objective")),
        ("define", "area", ("areas", "*", "id")),
        ("cite", "area", ("areas", "*", "within")),
    ],
    "group": [
        ("define", "group", ("id",)),
        ("cite", "group", ("reports_to",)),
        ("cite", "strategic objective", ("objective",)),
        ("cite", "organisation", ("membership", "*", "organisation")),
        ("cite", "ToC activity", ("activities", "*", "id")),
        ("cite", "Crest recommendation", ("recommendations", "*")),
        ("cite", "OBPF indicator", ("indicators", "*")),
    ],
    "toc": [
        ("define", "ToC strand", ("strands", "*", "id")),
        ("cite", "strategic objective", ("strands", "*", "objective")),
        ("define", "ToC activity", ("strands", "*", "activities", "*", "id")),
    ],
    "obpf": [
        ("define", "OBPF area", ("areas", "*", "id")),
        ("cite", "strategic objective", ("areas", "*", "objective")),
        ("define", "OBPF outcome", ("areas", "*", "outcomes", "*", "id")),
        ("define", "OBPF measure", ("areas", "*", "outcomes", "*", "measures", "*", "id")),
        ("define", "OBPF indicator",
         ("areas", "*", "outcomes", "*", "measures", "*", "indicators", "*", "id")),
        ("cite", "organisation",
         ("areas", "*", "outcomes", "*", "measures", "*", "indicators", "*", "source")),
        ("cite", "area",
         ("areas", "*", "outcomes", "*", "measures", "*", "indicators", "*", "population", "area")),
    ],
    "crest": [("define", "Crest recommendation", ("recommendations", "*", "id"))],
    "returns": [("cite", "OBPF indicator", ("values", "*", "indicator")), ("cite", "area", ("values", "*", "area"))],
    "population": [("cite", "area", ("estimates", "*", "area"))],
    "meeting": [
        ("cite", "group", ("group",)),
        ("cite", "organisation", ("host",)),
        ("cite", "organisation", ("attended", "*")),
        ("cite", "organisation", ("apologies", "*")),
        ("cite", "organisation", ("actions", "*", "owner")),
    ],
}
#: Kinds of id each single file defines: when the file is unreadable they cannot be judged.
DEFINES = {name: {kind for verb, kind, _ in places if verb == "define"} for name, places in ID_PLACES.items()}


@dataclass
class _Index:
    definitions: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    references: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    unknown_kinds: set[str] = field(default_factory=set)


def _build_index(data: DataSet) -> _Index:
    """Record where every id is defined and cited."""
    index = _Index()
    for file_name in layout.SINGLE_FILES:
        name = file_name.removesuffix(".yaml")
        loaded = getattr(data, name)
        if loaded is None or not loaded.source.readable or not isinstance(loaded.source.tree, dict):
            index.unknown_kinds |= DEFINES[name]
        else:
            _index_file(index, loaded.source, ID_PLACES[name], owner=None)
    for loaded in data.groups:
        tree = loaded.source.tree
        if loaded.source.readable and isinstance(tree, dict):
            owner = tree["id"] if isinstance(tree.get("id"), str) else loaded.source.path.stem
            _index_file(index, loaded.source, ID_PLACES["group"], owner=owner)
    others = [data.population] if data.population else []
    for kind, files in (("returns", data.returns), ("meeting", data.meetings), ("population", others)):
        for loaded in files:
            if loaded.source.readable and isinstance(loaded.source.tree, dict):
                _index_file(index, loaded.source, ID_PLACES[kind], owner=None)
    for source in data.files:
        # Only a file whose text has "[^" can cite a footnote: skip walking the others.
        if source.readable and source.text is not None and "[^" in source.text:
            for path, text in strings(source.tree):
                for mark in FOOTNOTE_MARK.finditer(text):
                    index.references["footnote"].append(Place(mark.group(1), source, path))
    return index


def _index_file(index: _Index, source: SourceFile, places, owner: str | None) -> None:
    for verb, kind, pattern in places:
        table = index.definitions if verb == "define" else index.references
        for path, value in walk(source.tree, pattern):
            if isinstance(value, str):  # anything else is a schema or id-not-string finding
                table[kind].append(Place(value, source, path, owner if verb == "cite" else None))


def walk(tree: Any, pattern: tuple, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """The values at a path pattern ("*" for every list item), with their paths."""
    if not pattern:
        yield path, tree
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(tree, list):
            for index, item in enumerate(tree):
                yield from walk(item, rest, path + (index,))
    elif isinstance(tree, dict) and head in tree:
        yield from walk(tree[head], rest, path + (head,))


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
