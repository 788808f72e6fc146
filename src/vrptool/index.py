"""Where every id is defined and cited: the index the cross-file rules read.

Read from the raw trees, not the models, so that a schema error elsewhere in a file never hides a
bad reference. `DataSet.definitions` and `.references` build it on first use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vrptool.findings import Finding, Rule
from vrptool.loader import SourceFile

if TYPE_CHECKING:
    from vrptool.dataset import DataSet

#: A footnote citation in prose: [^id].
FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]*)\]")


@dataclass(slots=True)  # not frozen: a national data set makes 300,000, and frozen init is slow
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
    return source.readable and source.is_mapping


#: The pseudo-kind of file under which a file's footnote citations are kept.
FOOTNOTES = "footnote"


class FileIds:
    """What one file defines and cites, as the index takes it: each id with the pattern it was
    found at (its place in ID_PLACES[kind], or -1 for a footnote) and its path. Worked out once
    from the tree, or read back from the store, so that a run after an edit judges references
    without the unchanged files' trees: the ids each file cites are enough to find the unknown
    ones, and the records (`records()`, possibly fetched on first use) place them."""

    __slots__ = ("_records", "cited", "own_id")

    def __init__(self, records: list[tuple[int, str, tuple]] | Callable[[], list[tuple[int, str, tuple]]],
                 cited: dict[str, set[str]], own_id: str | None) -> None:
        self._records = records
        self.cited = cited  # the ids cited, by kind
        self.own_id = own_id  # a group file's id, when it is text

    @classmethod
    def read(cls, tree: Any, kind: str) -> FileIds:
        records: list[tuple[int, str, tuple]] = []
        cited: dict[str, set[str]] = {}
        if kind == FOOTNOTES:
            for path, text in strings(tree):
                for mark in FOOTNOTE_MARK.finditer(text):
                    records.append((-1, mark.group(1), path))
                    cited.setdefault(FOOTNOTES, set()).add(mark.group(1))
        else:
            for number, (verb, id_kind, pattern) in enumerate(ID_PLACES[kind]):
                for path, value in walk(tree, pattern):
                    if isinstance(value, str):  # anything else is a schema or id-not-string finding
                        records.append((number, value, path))
                        if verb == "cite":
                            cited.setdefault(id_kind, set()).add(value)
        own_id = tree.get("id") if kind == "group" and isinstance(tree, dict) else None
        return cls(records, cited, own_id if isinstance(own_id, str) else None)

    def records(self) -> list[tuple[int, str, tuple]]:
        if callable(self._records):
            self._records = self._records()
        return self._records


def file_ids(source: SourceFile, kind: str) -> FileIds:
    """What a readable file defines and cites (`kind` is its kind, or FOOTNOTES), once per file:
    the incremental checks build indexes of several subsets of the files."""
    memo = source.__dict__.setdefault("_file_ids", {})
    if kind not in memo:
        memo[kind] = source.stored_ids(kind) or FileIds.read(source.tree, kind)
    return memo[kind]


def group_owner(source: SourceFile) -> str:
    """The id a group's references are owned by: its own id, or its file's name when it has none."""
    own_id = file_ids(source, "group").own_id
    return own_id if own_id is not None else source.path.stem


class Index:
    """Where ids are defined and cited. The places are made on first use: most runs after an edit
    need only which ids each file cites (`cited`), and a national data set cites 300,000."""

    def __init__(self) -> None:
        self.unknown_kinds: set[str] = set()
        self._files: list[tuple[SourceFile, str, str | None]] = []  # source, its kind, its references' owner
        self._definitions: dict[str, list[Place]] | None = None
        self._references: dict[str, list[Place]] | None = None

    def add(self, source: SourceFile, kind: str, owner: str | None) -> None:
        self._files.append((source, kind, owner))
        self._definitions = self._references = None

    @staticmethod
    def _places(source: SourceFile, kind: str, owner: str | None) -> list[tuple[bool, str, Place]]:
        """(defines, kind of id, place) for each id the file defines or cites, in the file's order,
        made once per file: the incremental checks build indexes of several subsets of the files."""
        memo = source.__dict__.setdefault("_places", {})
        if (kind, owner) not in memo:
            patterns = ID_PLACES.get(kind, [])
            found = []
            for number, id_, path in file_ids(source, kind).records():
                verb, id_kind = ("cite", FOOTNOTES) if number < 0 else patterns[number][:2]
                found.append((verb == "define", id_kind, Place(id_, source, path, owner if verb == "cite" else None)))
            memo[(kind, owner)] = found
        return memo[(kind, owner)]

    @property
    def definitions(self) -> dict[str, list[Place]]:
        if self._definitions is None:
            # only the single files and groups define ids: the rest are never walked for them
            definitions: dict[str, list[Place]] = defaultdict(list)
            for source, kind, owner in self._files:
                if DEFINES.get(kind):
                    for defines, id_kind, place in self._places(source, kind, owner):
                        if defines:
                            definitions[id_kind].append(place)
            self._definitions = definitions
        return self._definitions

    @property
    def references(self) -> dict[str, list[Place]]:
        if self._references is None:
            references: dict[str, list[Place]] = defaultdict(list)
            for source, kind, owner in self._files:
                for defines, id_kind, place in self._places(source, kind, owner):
                    if not defines:
                        references[id_kind].append(place)
            self._references = references
        return self._references

    def cited(self) -> dict[str, set[str]]:
        """Every id cited, by kind of id, without making a place for each."""
        found: dict[str, set[str]] = {}
        for source, kind, _ in self._files:
            for id_kind, ids in file_ids(source, kind).cited.items():
                found.setdefault(id_kind, set()).update(ids)
        return found

    def citing(self, id_kind: str, ids: set[str]) -> list[Place]:
        """The references to some ids of a kind, in file order: only the files citing them are walked."""
        return [place for source, kind, owner in self._files if not ids.isdisjoint(file_ids(source, kind).cited.get(id_kind, ()))
                for defines, cited_kind, place in self._places(source, kind, owner)
                if not defines and cited_kind == id_kind and place.id in ids]


def build_index(data: DataSet) -> Index:
    """Record where every id is defined and cited."""
    index = Index()
    for name, loaded in data.single_files().items():
        if loaded is None or not ids_readable(loaded.source):
            index.unknown_kinds |= DEFINES[name]
        else:
            index.add(loaded.source, name, None)
    for loaded in data.groups:
        if ids_readable(loaded.source):
            index.add(loaded.source, "group", group_owner(loaded.source))
    others = [data.population] if data.population else []
    for kind, files in (("returns", data.returns), ("meeting", data.meetings), ("population", others)):
        for loaded in files:
            if ids_readable(loaded.source):
                index.add(loaded.source, kind, None)
    for source in data.files:
        # Only a file whose text has "[^" can cite a footnote: skip walking the others.
        if has_footnotes(source):
            index.add(source, FOOTNOTES, None)
    return index


def has_footnotes(source: SourceFile) -> bool:
    return source.readable and source.text is not None and "[^" in source.text


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
