"""Where every id is defined and cited: the index the cross-file rules read.

Read from the raw trees, not the models, so that a schema error elsewhere in a file never hides a
bad reference. `DataSet.definitions` and `.references` build it on first use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vrptool.findings import Finding, Rule
from vrptool.loader import SourceFile

if TYPE_CHECKING:
    from vrptool.dataset import DataSet

#: A footnote citation in prose: [^id].
FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]*)\]")


@dataclass(frozen=True)
class Place:
    """Where an id is defined or cited: the file, the path to the value, and who cites it."""

    id: Any
    source: SourceFile
    path: tuple
    owner: str | None = None  # for references from a group: the group's id

    def finding(self, rule: Rule, message: str, *, key: bool = False) -> Finding:
        return self.source.finding(self.path, rule, message, key=key)


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
#: Kinds of id some file cites: those whose definitions a reference can miss.
CITED = {kind for places in ID_PLACES.values() for verb, kind, _ in places if verb == "cite"} | {"footnote"}


def ids_readable(source: SourceFile) -> bool:
    """Whether the ids a file defines and cites can be read from it: it parsed, as a mapping."""
    return source.readable and isinstance(source.tree, dict)


@dataclass
class Index:
    definitions: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    references: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    unknown_kinds: set[str] = field(default_factory=set)


def build_index(data: DataSet) -> Index:
    """Record where every id is defined and cited."""
    index = Index()
    for name, loaded in data.single_files().items():
        if loaded is None or not ids_readable(loaded.source):
            index.unknown_kinds |= DEFINES[name]
        else:
            _add(index, _entries(loaded.source, name, owner=None))
    for loaded in data.groups:
        tree = loaded.source.tree
        if ids_readable(loaded.source):
            owner = tree["id"] if isinstance(tree.get("id"), str) else loaded.source.path.stem
            _add(index, _entries(loaded.source, "group", owner=owner))
    others = [data.population] if data.population else []
    for kind, files in (("returns", data.returns), ("meeting", data.meetings), ("population", others)):
        for loaded in files:
            if ids_readable(loaded.source):
                _add(index, _entries(loaded.source, kind, owner=None))
    for source in data.files:
        # Only a file whose text has "[^" can cite a footnote: skip walking the others.
        if source.readable and source.text is not None and "[^" in source.text:
            _add(index, _entries(source, "footnote", owner=None))
    return index


def _add(index: Index, entries: list[tuple[bool, str, Place]]) -> None:
    for defines, kind, place in entries:
        (index.definitions if defines else index.references)[kind].append(place)


def _entries(source: SourceFile, name: str, owner: str | None) -> list[tuple[bool, str, Place]]:
    """What one file defines and cites (True for a definition), worked out once per file: the
    incremental checks build indexes of several subsets of the files."""
    memo = source.__dict__.setdefault("_index_entries", {})
    if (name, owner) not in memo:
        found: list[tuple[bool, str, Place]] = []
        if name == "footnote":
            for path, text in strings(source.tree):
                found += [(False, "footnote", Place(mark.group(1), source, path)) for mark in FOOTNOTE_MARK.finditer(text)]
        else:
            for verb, kind, pattern in ID_PLACES[name]:
                for path, value in walk(source.tree, pattern):
                    if isinstance(value, str):  # anything else is a schema or id-not-string finding
                        found.append((verb == "define", kind, Place(value, source, path, owner if verb == "cite" else None)))
        memo[(name, owner)] = found
    return memo[(name, owner)]


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
