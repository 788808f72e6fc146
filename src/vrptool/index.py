"""Where every id is defined and cited: the index the cross-file rules read.

Read from the raw trees, not the models, so that a schema error elsewhere in a file never hides a
bad reference. `DataSet.definitions` and `.references` build it on first use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
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


#: The single files, whose defined ids (with their places) the store keeps (`defined`).
SINGLE_DEFINES = frozenset(name for name in DEFINES if name != "group" and DEFINES[name])


def defined(source: SourceFile, kind: str) -> dict[str, list[tuple[str, tuple]]]:
    """A single file's defined ids with their paths, by kind of id, in the file's order, as the
    index makes them from its tree: what the store keeps of it for `Index.definitions`."""
    return {id_kind: [(place.id, place.path) for defines, place in Index._places(source, kind, None, id_kind) if defines]
            for id_kind in sorted(DEFINES[kind])}


def ids_readable(source: SourceFile) -> bool:
    """Whether the ids a file defines and cites can be read from it: it parsed, as a mapping."""
    return source.readable and source.is_mapping


#: The pseudo-kind of file under which a file's footnote citations are kept.
FOOTNOTES = "footnote"


class FileIds:
    """What the index needs of one file without walking it: the ids it cites, by kind (enough
    to find the unknown ones), and a group file's own id. Worked out from the tree, or read back
    from the store, so that a run after an edit judges references without the unchanged files'
    trees; where each id stands (`records`) is read from the tree when a place is asked for."""

    __slots__ = ("cited", "defines", "own_id", "repeats")

    def __init__(self, cited: dict[str, set[str]], own_id: str | None, repeats: bool = False,
                 defines: dict[str, list[tuple[str, tuple]]] | None = None) -> None:
        self.cited = cited
        self.own_id = own_id  # a group file's id, when it is text
        #: whether one of the file's lists cites an id twice (duplicate-id walks only such groups)
        self.repeats = repeats
        #: a single file's defined ids with their paths, by kind of id, in the file's order, when
        #: read back from the store (`defined`): a run after a group's edit does not walk its tree
        self.defines = defines

    @classmethod
    def read(cls, tree: Any, kind: str) -> FileIds:
        cited: dict[str, set[str]] = {}
        lists: dict[tuple[str, str], list[str]] = {}  # the ids each list cites, by kind of id and the list's key
        if kind == FOOTNOTES:
            for _, text in strings(tree):
                for mark in FOOTNOTE_MARK.finditer(text):
                    cited.setdefault(FOOTNOTES, set()).add(mark.group(1))
        else:
            for verb, id_kind, pattern in ID_PLACES[kind]:
                if verb == "cite":
                    listed = [value for value in values_at(tree, pattern) if isinstance(value, str)]
                    if listed:
                        cited.setdefault(id_kind, set()).update(listed)
                    if len(pattern) > 1:  # a list's items (its key first): where an id can be listed twice
                        lists.setdefault((id_kind, pattern[0]), []).extend(listed)
        own_id = tree.get("id") if kind == "group" and isinstance(tree, dict) else None
        repeats = any(len(set(listed)) < len(listed) for listed in lists.values())
        return cls(cited, own_id if isinstance(own_id, str) else None, repeats)


def records(tree: Any, kind: str, patterns: set[int] | None = None) -> Iterator[tuple[int, str, tuple]]:
    """Each id a file of a kind (or its FOOTNOTES) defines or cites, in the file's order: the
    pattern it was found at (its place in ID_PLACES[kind], or -1 for a footnote), the id, its
    path; with `patterns`, only at those of ID_PLACES[kind]."""
    if kind == FOOTNOTES:
        for path, text in strings(tree):
            for mark in FOOTNOTE_MARK.finditer(text):
                yield -1, mark.group(1), path
        return
    for number, (_, _, pattern) in enumerate(ID_PLACES[kind]):
        if patterns is not None and number not in patterns:
            continue
        for path, value in walk(tree, pattern):
            if isinstance(value, str):  # anything else is a schema or id-not-string finding
                yield number, value, path


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
    """Where ids are defined and cited. The places are made on first use, one kind of id at a
    time: most runs after an edit need only which ids each file cites (`cited`), and a national
    data set cites 300,000."""

    def __init__(self) -> None:
        self.unknown_kinds: set[str] = set()
        self._files: list[tuple[SourceFile, str, str | None]] = []  # source, its kind, its references' owner
        self._definitions: dict[str, list[Place]] | None = None
        self._references: dict[tuple, Any] = {}  # each kind's references, and the ids cited, once asked for

    def add(self, source: SourceFile, kind: str, owner: str | None) -> None:
        self._files.append((source, kind, owner))
        self._definitions, self._references = None, {}

    @staticmethod
    def _places(source: SourceFile, kind: str, owner: str | None, id_kind: str) -> list[tuple[bool, Place]]:
        """(defines, place) for each id of a kind the file defines or cites, in the file's order,
        made once per file: the incremental checks build indexes of several subsets of the files."""
        if kind == FOOTNOTES and id_kind != FOOTNOTES:
            return []  # a file's footnote citations are kept apart from its other ids
        memo = source.__dict__.setdefault("_places", {})
        if kind == "group" and id_kind == "group" and (kind, owner, id_kind) not in memo:
            # a group defines its own id at ("id",) and cites one group at ("reports_to",): both
            # known from its ids, without its tree (every run after a group's edit asks for them)
            ids = file_ids(source, kind)
            memo[(kind, owner, id_kind)] = (
                [(True, Place(ids.own_id, source, ("id",)))] if ids.own_id is not None else []) + [
                (False, Place(cited, source, ("reports_to",), owner)) for cited in sorted(ids.cited.get("group", ()))]
        if (kind, owner, id_kind) not in memo:
            patterns = ID_PLACES.get(kind, [])
            wanted = {number for number, (_, of, _) in enumerate(patterns) if of == id_kind}
            memo[(kind, owner, id_kind)] = [
                (number >= 0 and patterns[number][0] == "define",
                 Place(id_, source, path, owner if number < 0 or patterns[number][0] == "cite" else None))
                for number, id_, path in records(source.tree, kind, wanted)]
        return memo[(kind, owner, id_kind)]

    @classmethod
    def _defined(cls, source: SourceFile, kind: str, owner: str | None, id_kind: str) -> list[Place]:
        """The places a file defines ids of a kind at, in the file's order: a single file's read
        back from the store when it holds them (its tree is not fetched nor walked)."""
        defines = file_ids(source, kind).defines if kind in SINGLE_DEFINES else None
        if defines is None:
            return [place for defines_, place in cls._places(source, kind, owner, id_kind) if defines_]
        memo = source.__dict__.setdefault("_defined", {})
        if id_kind not in memo:
            memo[id_kind] = [Place(id_, source, path) for id_, path in defines.get(id_kind, ())]
        return memo[id_kind]

    @property
    def definitions(self) -> dict[str, list[Place]]:
        if self._definitions is None:
            # only the single files and groups define ids: the rest are never walked for them
            definitions: dict[str, list[Place]] = defaultdict(list)
            for source, kind, owner in self._files:
                for id_kind in sorted(DEFINES.get(kind, ())):
                    definitions[id_kind].extend(self._defined(source, kind, owner, id_kind))
            self._definitions = {id_kind: places for id_kind, places in definitions.items() if places}
        return self._definitions

    def references_to(self, id_kind: str, owned: bool = False, repeating: bool = False) -> list[Place]:
        """Every reference to a kind of id, in file order; with `owned`, only those groups make;
        with `repeating` too, only those of the groups that list some id twice in one list."""
        if (id_kind, owned, repeating) not in self._references:
            self._references[(id_kind, owned, repeating)] = [
                place for source, kind, owner in self._files
                if (owner is not None or not owned) and id_kind in (ids := file_ids(source, kind)).cited
                and (ids.repeats or not repeating)
                for defines, place in self._places(source, kind, owner, id_kind) if not defines]
        return self._references[(id_kind, owned, repeating)]

    @property
    def references(self) -> Mapping[str, list[Place]]:
        return _References(self, owned=False)

    @property
    def group_references(self) -> Mapping[str, list[Place]]:
        """The references groups make (those with an owner): no other file is walked."""
        return _References(self, owned=True)

    @property
    def repeating_group_references(self) -> Mapping[str, list[Place]]:
        """The references of the groups that list some id twice in one of their lists."""
        return _References(self, owned=True, repeating=True)

    def cited(self, owned: bool = False) -> dict[str, set[str]]:
        """Every id cited, by kind of id, without making a place for each."""
        if (owned, "cited") not in self._references:
            found: dict[str, set[str]] = {}
            for source, kind, owner in self._files:
                if owner is not None or not owned:
                    for id_kind, ids in file_ids(source, kind).cited.items():
                        found.setdefault(id_kind, set()).update(ids)
            self._references[(owned, "cited")] = found
        return self._references[(owned, "cited")]

    def citing(self, id_kind: str, ids: set[str]) -> list[Place]:
        """The references to some ids of a kind, in file order: only the files citing them are walked."""
        return [place for source, kind, owner in self._files if not ids.isdisjoint(file_ids(source, kind).cited.get(id_kind, ()))
                for defines, place in self._places(source, kind, owner, id_kind) if not defines and place.id in ids]


class _References(Mapping[str, list[Place]]):
    """The references by kind of id, each kind's places made when it is first asked for."""

    def __init__(self, index: Index, owned: bool, repeating: bool = False) -> None:
        self._index, self._owned, self._repeating = index, owned, repeating
        self._kinds = list(index.cited(owned))

    def __getitem__(self, id_kind: str) -> list[Place]:
        return self._index.references_to(id_kind, self._owned, self._repeating) if id_kind in self._kinds else []

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)


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
    # once per file: the incremental checks build indexes of several subsets of 18 MB of text
    found = source.__dict__.get("_has_footnotes")
    if found is None:
        found = source.__dict__["_has_footnotes"] = source.readable and source.text is not None and "[^" in source.text
    return found


def walk(tree: Any, pattern: tuple, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """The values at a path pattern ("*" for every list item), with their paths, in the tree's order."""
    found: list[tuple[tuple, Any]] = [(path, tree)]
    for head in pattern:
        if head == "*":
            found = [(at + (index,), item) for at, node in found if isinstance(node, list)
                     for index, item in enumerate(node)]
        else:
            found = [(at + (head,), node[head]) for at, node in found if isinstance(node, dict) and head in node]
    return found


def values_at(tree: Any, pattern: tuple) -> list[Any]:
    """The values at a path pattern, without their paths."""
    found = [tree]
    for head in pattern:
        if head == "*":
            found = [item for node in found if isinstance(node, list) for item in node]
        else:
            found = [node[head] for node in found if isinstance(node, dict) and head in node]
    return found


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
