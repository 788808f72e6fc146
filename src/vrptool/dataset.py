"""The whole data directory, read and typed: every file with its model (or its findings).

The data set also answers where each id is defined and cited (`vrptool.index` builds that on
first use), so that a check never walks the files itself.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic_core import ValidationError

from vrptool import layout, reading, terminal
from vrptool.cache import NotRead
from vrptool.files import FileRefused
from vrptool.findings import Finding, Severity
from vrptool.index import (
    CITED,
    DEFINES,
    FOOTNOTES,
    SINGLE_DEFINES,
    FileIds,
    Index,
    Place,
    build_index,
    defined,
    file_ids,
    has_footnotes,
    ids_readable,
)
from vrptool.loader import SourceFile, load_file, load_raw, parse_text, refused_finding
from vrptool.rules.missing_file import RULE as MISSING_FILE
from vrptool.rules.schema import RULE as SCHEMA
from vrptool.schema_findings import findings_from

if TYPE_CHECKING:
    from pydantic import BaseModel

    from vrptool.models.crest import CrestTracker
    from vrptool.models.group import Group
    from vrptool.models.meeting import Meeting
    from vrptool.models.obpf import PerformanceFramework
    from vrptool.models.partnership import Partnership
    from vrptool.models.population import Population
    from vrptool.models.returns import Returns
    from vrptool.models.toc import TheoryOfChange
    from vrptool.store import Store

M = TypeVar("M", bound="BaseModel")


@dataclass
class Loaded(Generic[M]):
    """A file and its model (None when the file did not validate)."""

    source: SourceFile
    model: M | None

    @property
    def is_valid(self) -> bool:
        """True when the file validated; for a file read back from the store, known without
        building its model."""
        return self.model is not None


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
    _index: Index | None = field(default=None, repr=False)
    #: where the incremental checks keep what they found (None: no cache), and each file's key there
    store: Store | None = field(default=None, repr=False)
    keys: dict[str, str] = field(default_factory=dict, repr=False)
    _unread: list[Path] | None = field(default=None, repr=False)

    def unread_entries(self) -> list[Path]:
        """The entries of the data folders vrptool does not read (`layout.unread_entries`), listed
        once a run: two rules ask, and the result's key (a national data set has 2,000 entries)."""
        if self._unread is None:
            self._unread = layout.unread_entries(self.root)
        return self._unread

    # The index is built on first use: a report needs the models, not every reference.
    @property
    def definitions(self) -> dict[str, list[Place]]:
        """Every definition of each kind of id, in file order (duplicates included)."""
        return self._indexed().definitions

    @property
    def references(self) -> Mapping[str, list[Place]]:
        """Every reference to each kind of id."""
        return self._indexed().references

    @property
    def unknown_kinds(self) -> set[str]:
        """Kinds whose defining file failed to load: references to them cannot be judged."""
        return self._indexed().unknown_kinds

    @property
    def group_references(self) -> Mapping[str, list[Place]]:
        """The references groups make (their lists: membership, activities, ...), by kind of id."""
        return self._indexed().group_references

    @property
    def repeating_group_references(self) -> Mapping[str, list[Place]]:
        """The references of the groups that list some id twice in one list (the rest are not walked)."""
        return self._indexed().repeating_group_references

    def cited_by_groups(self) -> dict[str, set[str]]:
        """Every id groups cite, by kind, without making a place for each."""
        return self._indexed().cited(owned=True)

    def cited(self) -> dict[str, set[str]]:
        """Every id cited, by kind, without making a place for each reference (see `citing`)."""
        return self._indexed().cited()

    def citing(self, kind: str, ids: set[str]) -> list[Place]:
        """Every reference to some ids of a kind."""
        return self._indexed().citing(kind, ids)

    def _indexed(self) -> Index:
        if self._index is None:
            self._index = build_index(self)
        return self._index

    def single_files(self) -> dict[str, Loaded[Any] | None]:
        """The files every data directory has, by kind (None when the file is missing)."""
        return {"partnership": self.partnership, "toc": self.toc, "obpf": self.obpf, "crest": self.crest}

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


class Valid(Loaded[M]):  # Loaded's fields, init, repr and eq: no @dataclass to compile them again
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
        singles: dict[str, Any] = {}
        for name, loaded in data.single_files().items():
            if loaded is None or loaded.model is None:
                raise ValueError(f"the data set has errors: {name}.yaml is missing or invalid")
            singles[name] = Valid(loaded.source, loaded.model)
        return cls(root=data.root, files=data.files, population=data.population, groups=data.groups, returns=data.returns,
                   meetings=data.meetings, findings=data.findings, _index=data._index, store=data.store,
                   keys=data.keys, **singles)


def _valid(loaded_files):
    for loaded in loaded_files:
        if loaded.model is not None:
            yield loaded.source, loaded.model


#: Each kind of data file and the module and class of its model (imported only when a file of
#: the kind must be validated: a run after one group's edit never defines the returns model).
MODELS = {
    "partnership": ("partnership", "Partnership"), "toc": ("toc", "TheoryOfChange"),
    "obpf": ("obpf", "PerformanceFramework"), "crest": ("crest", "CrestTracker"),
    "population": ("population", "Population"), "group": ("group", "Group"), "returns": ("returns", "Returns"),
    "meeting": ("meeting", "Meeting"),
}


@functools.cache
def model_of(kind: str) -> type[BaseModel]:
    import importlib

    module, name = MODELS[kind]
    return getattr(importlib.import_module(f"vrptool.models.{module}"), name)


def validate_of(kind: str, records: bool) -> Callable[[Any], Any]:
    """What checks a file of a kind and makes what it holds: its model, or with `records` its
    record (vrptool.models.records: the same checks and errors, with the same fields, from the
    model's core schema generated ahead of time, without defining the model classes). Where the
    installed pydantic is not the one the schemas were generated with, its models check the file."""
    if records:
        from vrptool.models import records as made

        if made.usable():
            return made.validator(kind).validate_python
    return model_of(kind).model_validate


class StoredSourceFile(SourceFile):
    """A file read back from the store: its tree and the ids it defines and cites are fetched on
    first use (most runs after an edit need the trees of few files, and only the ids of the
    rest), for all the files of its batch in one query; the tree is parsed again from the text
    if the store no longer has it."""

    def __init__(self, path: Path, display: str, text: str | None, findings: list[Finding], suppressed: set,
                 store: Store, file_key: str, kind: str, mapping: bool, batch: _Batch,
                 read_text: Any = None, footnotes: bool | None = None) -> None:
        # `read_text`: where the text was not read (the file known unchanged by its identity on
        # disk), what reads it when first asked; `footnotes`: whether the text has "[^", as kept
        self._read_text = read_text
        super().__init__(path, display, text=text, suppressed=suppressed, findings=findings)
        if footnotes is not None:
            self.__dict__["_has_footnotes"] = footnotes
        self.kind = kind
        self._positions_store = store
        self._tree_key = f"tree:{file_key}"
        self._mapping = mapping
        self._batch = batch
        self.__dict__["_tree"] = _PENDING
        self._facts: Any = _PENDING
        batch.add(self)

    @property
    def tree(self) -> Any:
        if self.__dict__.get("_tree") is _PENDING:
            self._batch.fetch_trees(self.kind)
            if self.__dict__["_tree"] is _PENDING:
                again = SourceFile(self.path, self.display)
                parse_text(self.text or "", again, record=False)
                self.__dict__["_tree"] = again.tree
        return self.__dict__.get("_tree")

    @tree.setter
    def tree(self, value: Any) -> None:
        self.__dict__["_tree"] = value

    @property
    def text(self) -> str | None:
        text = self.__dict__.get("_text")
        if text is None and self._read_text is not None:
            text = self.__dict__["_text"] = self._read_text()
            self._read_text = None
        return text

    @text.setter
    def text(self, value: str | None) -> None:
        self.__dict__["_text"] = value

    def held_tree(self) -> Any:
        tree = self.__dict__.get("_tree")
        return None if tree is _PENDING else tree

    @property
    def is_mapping(self) -> bool:
        return self._mapping

    def stored_ids(self, kind: str) -> FileIds | None:
        if self._facts is _PENDING:
            self._batch.fetch_ids()
        found = self._facts.get(kind) if isinstance(self._facts, dict) else None
        if found is None:
            return None
        own_id, cited, repeats, defines = found
        return FileIds(cited, own_id, repeats, defines)

    def _locate(self) -> None:
        """Where every key and value stands: read back from the store when a finding needed them
        before (a finding in a file of 3,500 values would otherwise have it parsed again), else
        worked out from the text and kept."""
        if self._positions is not None:
            return
        store, file_key = self._positions_store, self._tree_key[5:]
        parts = ("values", "keys", "raw")
        if store is not None and store.get(f"positions:{file_key}") == 1:
            # each part read when first asked, as JSON objects looked up path by path: a finding
            # needs a few of a file's 10,000 positions, and most never need the raw texts
            self._positions, self._key_positions, self._raw = (  # type: ignore[assignment]
                _ByPath(store, f"positions:{part}:{file_key}", str if part == "raw" else tuple,
                        lambda index=index: self._parsed_positions()[index]) for index, part in enumerate(parts))
            self._located()
            return
        super()._locate()
        if store is not None:
            tables: list[dict[Any, Any]] = [self.positions, self.key_positions, self.raw]
            for part, table in zip(parts, tables, strict=True):
                store.put(f"positions:{part}:{file_key}", {_path_key(path): value for path, value in table.items()})
            store.put(f"positions:{file_key}", 1)  # written last: every part is there

    def _parsed_positions(self) -> tuple[dict, dict, dict]:
        """The three tables worked out from the text (a part the store no longer has or cannot vouch for)."""
        located = SourceFile(self.path, self.display)
        if self.text is not None:
            parse_text(self.text, located, record=True)
        return located._positions or {}, located._key_positions or {}, located._raw or {}


def _path_key(path: tuple) -> str:
    return json.dumps(list(path), separators=(",", ":"))


class _ByPath:
    """Positions (or source texts) stored by path as JSON text, read like a dict keyed by path and
    fetched from the store on first use."""

    def __init__(self, store: Store, key: str, kind: type, parsed: Any) -> None:
        self._store, self._key, self._kind, self._parsed = store, key, kind, parsed
        self._loaded: dict[str, Any] | None = None

    @property
    def _table(self) -> dict[str, Any]:
        if self._loaded is None:
            stored = self._store.get(self._key)
            if not isinstance(stored, dict):
                stored = {_path_key(path): value for path, value in self._parsed().items()}
            self._loaded = stored
        return self._loaded

    def get(self, path: tuple, default: Any = None) -> Any:
        value = self._table.get(_path_key(path))
        return default if value is None else self._kind(value)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and _path_key(path) in self._table

    def __getitem__(self, path: tuple) -> Any:
        value = self.get(path)
        if value is None:
            raise KeyError(path)
        return value

    def items(self) -> Any:
        return ((tuple(json.loads(key)), self._kind(value)) for key, value in self._table.items())


#: A stored file's tree or ids not fetched yet.
_PENDING = object()


class _Batch:
    """The files one run reads back from the store: the first that needs its tree fetches the
    trees of every file of its kind still without one, and the first that needs its ids fetches
    everyone's, each in a few queries rather than one a file."""

    def __init__(self, store: Store, root: Path) -> None:
        self.store, self.root = store, root  # the data folder: its bundles in the store
        self.files: dict[str, list[StoredSourceFile]] = {}  # by kind of file

    def add(self, source: StoredSourceFile) -> None:
        self.files.setdefault(source.kind, []).append(source)

    def fetch_trees(self, kind: str) -> None:
        pending = {f._tree_key: f for f in self.files[kind] if f.__dict__.get("_tree") is _PENDING}
        for key, stored in self.store.get_many(pending).items():
            if isinstance(stored, dict) and "tree" in stored:
                pending[key].__dict__["_tree"] = stored["tree"]

    def fetch_ids(self) -> None:
        """Each file's ids: the ids it cites, shared by the files that cite the same (every quarter's
        returns cite every indicator), and a group's own id."""
        pending = {f"ids:{f._tree_key[5:]}": f for files in self.files.values() for f in files if f._facts is _PENDING}
        stored = {key: value for key, value in self.store.get_many(pending, bundle=f"ids:{self.root}").items()
                  if isinstance(value, dict) and all(map(_is_ids_entry, value.values()))}
        wanted = {entry["cited"] for value in stored.values() for entry in value.values()}
        cited = {key: {kind: set(ids) for kind, ids in value.items()}
                 for key, value in self.store.get_many(wanted, bundle=f"cited:{self.root}").items()
                 if isinstance(value, dict) and all(isinstance(ids, list) for ids in value.values())}
        for key, source in pending.items():
            entries = stored.get(key)
            if entries is None or any(entry["cited"] not in cited for entry in entries.values()):
                source._facts = None  # worked out from the tree again
            else:
                source._facts = {kind: (entry["own_id"], cited[entry["cited"]], entry["repeats"],
                                        _defines(entry.get("defines")))
                                 for kind, entry in entries.items()}


def _defines(stored: Any) -> dict[str, list[tuple[str, tuple]]] | None:
    """A single file's defined ids and their paths as _put_ids stores them, or None (its tree is
    walked for them) when there are none stored or they are not as _put_ids writes them."""
    if not isinstance(stored, dict):
        return None
    defines = {}
    for id_kind, places in stored.items():
        if not isinstance(places, list):
            return None
        try:  # each [id, path], the path's keys text and its list indexes whole numbers
            found = [(id_, tuple(path)) for id_, path in places if type(id_) is str and type(path) is list]
        except (TypeError, ValueError):
            return None
        if len(found) < len(places) or not {type(at) for _, path in found for at in path} <= {str, int}:
            return None
        defines[id_kind] = found
    return defines


def _is_ids_entry(entry: Any) -> bool:
    """Whether a stored entry of a file's ids is as _put_ids writes it."""
    return (isinstance(entry, dict) and isinstance(entry.get("cited"), str) and isinstance(entry.get("own_id"), str | None)
            and isinstance(entry.get("repeats"), bool))


class StoredLoaded(Loaded[M]):
    """A file whose model is known to validate (the store says so, or it just did), built on first use."""

    def __init__(self, source: SourceFile, kind: str, records: bool = False) -> None:
        super().__init__(source, None)
        self._kind: str | None = kind
        self._records = records

    @property
    def model(self) -> M | None:
        kind = self.__dict__.get("_kind")
        if kind is not None:
            self._kind = None
            try:
                self.__dict__["_model"] = validate_of(kind, self._records)(self.source.tree)
            except ValidationError:  # cannot be, for the same code and bytes: judge it afresh
                self.__dict__["_model"] = None
        return self.__dict__.get("_model")

    @model.setter
    def model(self, value: M | None) -> None:
        self.__dict__["_model"] = value

    @property
    def is_valid(self) -> bool:
        return self.__dict__.get("_kind") is not None or self.__dict__.get("_model") is not None


def load_dataset(root: Path, use_cache: bool = True, overrides: dict[Path, str] | None = None,
                 contents: dict[Path, bytes | FileRefused | NotRead] | None = None,
                 digests: dict[Path, str] | None = None, unread: list[Path] | None = None,
                 records: bool = False) -> DataSet:
    """Read every data file below root. Never raises for bad data: problems become findings.

    `overrides` gives the text of files as an edit would leave them (new files included; those
    are read from their text, never from the store, and not kept in it). `contents` gives the
    bytes of the data files already read (as `cache.read_known` returns them: NOT_READ for a file
    known unchanged, then read only if the store has not kept what it made of it, or its text is
    asked for), which then also name the files to read. With `records`, each valid file's `model`
    is its record (`validate_of`): what the checks read, for a command that needs no model (validate)."""
    from vrptool import store as stores

    data = DataSet(root=root, _unread=unread if not overrides else None)
    overrides = overrides or {}
    store = stores.open_store(root, use_cache)
    # `digests`: cache.content_digest of the bytes in `contents`, where already worked out;
    # `unread`: layout.unread_entries(root) as listed with them
    listed = list(contents) if contents is not None else None

    def files(kind: str, folder: Path, depth: int) -> list[Path]:
        if listed is not None:  # already in layout's order
            return [p for p in listed if _folder_of(p, depth) == folder]
        found = {"group": layout.group_files, "returns": layout.returns_files, "meeting": layout.meeting_files}[kind]
        extra = {p for p in overrides if p.suffix == ".yaml" and _folder_of(p, depth) == folder}
        return sorted(set(found(root)) | extra) if extra else found(root)

    def exists(path: Path) -> bool:
        return path in listed if listed is not None else path.exists() or path in overrides

    wanted: list[tuple[str, Path]] = []
    for name in layout.SINGLE_FILES:
        path = root / name
        if exists(path):
            wanted.append((name.removesuffix(".yaml"), path))
        else:
            data.findings.append(MISSING_FILE.at(str(path), 1, 1,
                f"the data directory has no {name}; every partnership needs one"))
    if exists(root / "population.yaml"):  # optional
        wanted.append(("population", root / "population.yaml"))
    for kind, folder, depth in (("group", "groups", 1), ("returns", "returns", 1), ("meeting", "meetings", 2)):
        wanted += [(kind, path) for path in files(kind, root / folder, depth)]

    terminal.phase("Reading data files", len(wanted))
    loader = _Loader(root, store, overrides, contents or {}, digests or {}, records)
    loaded = loader.load_all(wanted)
    many: dict[str, list[Loaded[Any]]] = {"group": data.groups, "returns": data.returns, "meeting": data.meetings}
    for (kind, _), one in zip(wanted, loaded, strict=True):
        data.files.append(one.source)
        data.findings.extend(one.source.findings)
        data.findings.extend(loader.schema_findings[one.source.display])
        if kind in ("partnership", "toc", "obpf", "crest", "population"):
            setattr(data, kind, one)
        else:
            many[kind].append(one)
    _say_once_what_an_unreadable_file_hides(data)
    data.store, data.keys = store, loader.keys
    if store is not None:
        store.save()
    return data


def _folder_of(path: Path, depth: int) -> Path:
    return path.parent if depth == 1 else path.parent.parent


class _Loader:
    """Reads, parses and validates each file, or takes what the store holds for its bytes."""

    def __init__(self, root: Path, store: Store | None, overrides: dict[Path, str],
                 contents: dict[Path, bytes | FileRefused | NotRead], digests: dict[Path, str],
                 records: bool = False) -> None:
        from vrptool import cache

        self.root, self.store, self.overrides, self.contents, self.digests = root, store, overrides, contents, digests
        self.salt = f"{cache.code_fingerprint()}\0{cache.settings()}\0" if store is not None else ""
        self.keys: dict[str, str] = {}  # the store's key of each file read, by the name findings give it
        self.schema_findings: dict[str, list[Finding]] = {}
        self.batch = _Batch(store, root) if store is not None else None
        self.parsed: dict[Path, SourceFile] = {}  # files parsed ahead, by path (vrptool.reading)
        self.records = records  # records made rather than models (validate_of)

    def load_all(self, wanted: list[tuple[str, Path]]) -> list[Loaded[Any]]:
        from vrptool.cache import content_digest

        raws: list[bytes | FileRefused | str | NotRead] = []
        for _, path in wanted:
            if path in self.overrides:
                raws.append(self.overrides[path])
                continue
            read: bytes | FileRefused | NotRead | None = self.contents.pop(path, None)
            if read is None:
                try:
                    read = _read(path, self.root)
                except FileRefused as refused:
                    read = refused
            raws.append(read)
        keys: list[str | None] = []
        for (kind, path), content in zip(wanted, raws, strict=True):
            if self.store is None or not isinstance(content, bytes | NotRead):
                keys.append(None)
                continue
            digest = self.digests.get(path) or content_digest(content)  # type: ignore[arg-type]
            self.keys[str(path)] = key_in_store(self.salt, kind, in_folder(path, self.root), digest)
            keys.append(self.keys[str(path)])
        stored = (self.store.get_many((f"file:{key}" for key in keys if key), bundle=f"file:{self.root}")
                  if self.store is not None else {})
        for index, ((_, path), content, file_key) in enumerate(zip(wanted, raws, keys, strict=True)):
            if isinstance(content, NotRead) and f"file:{file_key}" not in stored:
                raws[index] = self._known(path)  # read after all: the store has not kept the file
        # Where there is much to parse, a helper parses its share of the files meanwhile (vrptool.reading).
        helper = reading.helping([(path, given) for (_, path), given, file_key in zip(wanted, raws, keys, strict=True)
                                  if isinstance(given, bytes) and f"file:{file_key}" not in stored])
        waiting = helper.paths if helper is not None else frozenset()
        each = list(zip(wanted, raws, keys, strict=True))
        results: dict[int, Loaded[Any]] = {}
        try:
            for index, ((kind, path), given, file_key) in enumerate(each):
                if path not in waiting:
                    results[index] = self._loaded(kind, path, given, file_key, stored)
        except BaseException:
            if helper is not None:
                helper.stop()
            raise
        self.parsed = helper.parsed() if helper is not None else {}
        for index, ((kind, path), given, file_key) in enumerate(each):
            if path in waiting:
                results[index] = self._loaded(kind, path, given, file_key, stored)
        return [results[index] for index in range(len(each))]

    def _loaded(self, kind: str, path: Path, given: Any, file_key: str | None, stored: dict[str, Any]) -> Loaded[Any]:
        """One file, from the store where it holds the file's bytes, else read afresh."""
        terminal.step()
        entry = stored.get(f"file:{file_key}") if file_key else None
        one = self._from_store(kind, path, given, file_key, entry) if entry is not None else None
        return one if one is not None else self._afresh(kind, path, given, file_key)

    def _known(self, path: Path) -> bytes:
        """The bytes of a file known by its identity on disk, read now: FileChanged when they are
        not those the run was keyed by."""
        from vrptool.cache import FileChanged, content_digest

        try:
            content = _read(path, self.root)
        except FileRefused:
            raise FileChanged(path) from None
        if content_digest(content) != self.digests.get(path):
            raise FileChanged(path)
        return content

    def _known_text(self, path: Path) -> str:
        """The text of a file known by its identity on disk and kept in the store, read when first
        asked: its bytes decoded cleanly when the store's entry was made of them."""
        from vrptool.cache import FileChanged

        text = _decoded(self._known(path), SourceFile(path, str(path)))
        if text is None:
            raise FileChanged(path)
        return text

    def _from_store(self, kind: str, path: Path, raw: Any, key: str | None, entry: Any) -> Loaded[Any] | None:
        assert self.store is not None and key is not None
        display = str(path)
        try:
            findings = [Finding.from_dict({**f, "file": display}) for f in entry["findings"]]
            schema = [Finding.from_dict({**f, "file": display}) for f in entry["schema"]]
            suppressed = {tuple(at) for at in entry["suppressed"]}
            valid = entry["valid"] is True
            mapping = entry["mapping"]
            footnotes = entry["footnotes"]
        except (KeyError, TypeError, ValueError):
            return None
        if not isinstance(mapping, bool) or not isinstance(footnotes, bool) or self.batch is None:
            return None
        if isinstance(raw, NotRead):  # known unchanged: its text read if asked for
            stored = StoredSourceFile(path, display, None, findings, suppressed, self.store, key, kind, mapping,
                                      self.batch, read_text=lambda: self._known_text(path), footnotes=footnotes)
            self.schema_findings[display] = schema
            return StoredLoaded(stored, kind, self.records) if valid else Loaded(stored, None)
        source = SourceFile(path, display)
        text = _decoded(raw, source)
        if text is None or source.findings:
            return None  # not the bytes the entry was made of: judge them afresh
        stored = StoredSourceFile(path, display, text, findings, suppressed, self.store, key, kind, mapping, self.batch,
                                  footnotes=footnotes)
        self.schema_findings[display] = schema
        return StoredLoaded(stored, kind, self.records) if valid else Loaded(stored, None)

    def _afresh(self, kind: str, path: Path, raw: Any, key: str | None) -> Loaded[Any]:
        display = str(path)
        if isinstance(raw, str):  # an edit's text
            source = load_file(path, text=raw, root=self.root)
        elif isinstance(raw, FileRefused):
            source = SourceFile(path, display)
            source.findings.append(refused_finding(source, raw))
        else:  # parsed already where a helper parsed half the files (vrptool.reading)
            source = self.parsed.pop(path) if path in self.parsed else load_raw(raw, SourceFile(path, display))
        before = len(source.findings)
        loaded = _validated(source, kind if source.readable else None, self.records)
        schema = source.findings[before:]
        del source.findings[before:]
        self.schema_findings[display] = schema
        # The entry serves this file under any name of its folder (`in_folder`): kept only when
        # its findings name no file but this one, and only by where they stand.
        own = all(f.file == display and display not in f.message for f in (*source.findings, *schema))
        if self.store is not None and key is not None and source.text is not None and own:
            self.store.put(f"tree:{key}", {"tree": source.tree})
            _put_ids(self.store, key, source, kind)
            self.store.put(f"file:{key}", {
                "findings": [f.as_dict() for f in source.findings], "schema": [f.as_dict() for f in schema],
                "suppressed": [list(at) for at in source.suppressed], "valid": loaded.model is not None,
                "mapping": source.is_mapping, "footnotes": has_footnotes(source)})
        if kind == "returns" and loaded.model is not None:
            # The checks read a quarter's values from its tree (`returns_facts`): its model, 2 MB
            # a quarter at national scale, is not kept, but made again if a command asks.
            return StoredLoaded(self._settling(source, key), kind, self.records)
        return loaded

    def _settling(self, source: SourceFile, key: str | None) -> SourceFile:
        """A returns file just read, as one read back from the store once its entries are there:
        its tree kept for the checks, and let go after them (`let_trees_go`)."""
        if self.store is None or self.batch is None or key is None or source.text is None:
            return source
        settling = _SettlingSourceFile(source.path, source.display, source.text, source.findings, source.suppressed,
                                    self.store, key, "returns", source.is_mapping, self.batch)
        settling.tree = source.tree
        settling._marks = source._marks  # located from its first read's marks, as any file read afresh
        settling._facts = None  # its ids worked out from the tree it has, as a file read afresh
        return settling


class _SettlingSourceFile(StoredSourceFile):
    """A returns file read afresh in this run, its tree held until the checks are done and read
    back from the store afterwards. Where its values stand is worked out from the marks of its
    first read (and its tree, which reads back in the same order), as for any file read afresh
    (keeping a national returns file's positions costs more than working them out, the rare
    time a finding needs them)."""

    _locate = SourceFile._locate


def let_trees_go(data: DataSet) -> None:
    """Once the checks are done, each returns file lets go of its tree and what was worked out
    from it (its values as the rules read them, its positions): they are in the store, and read
    back from it (or the text parsed again) if a command asks. The first report at national scale
    held 40 trees through the rows it then worked out (297 MB at its peak); the rows read the
    quarters' values from the files' facts (`vrptool.returns_facts`), never from a tree."""
    if data.store is None:
        return
    for loaded in data.returns:
        source = loaded.source
        if isinstance(source, StoredSourceFile):
            source.__dict__["_tree"] = _PENDING
            source.__dict__.pop("_tree_returns", None)
            source._positions = source._key_positions = source._raw = None


def _put_ids(store: Store, key: str, source: SourceFile, kind: str) -> None:
    """What the index takes from a file, stored under its key: for each kind it is read as, the
    ids it cites (stored once for all the files that cite the same), a group's own id and whether
    it lists an id twice."""
    import hashlib

    entries: dict[str, Any] = {}
    if ids_readable(source):
        for name in [kind, FOOTNOTES] if has_footnotes(source) else [kind]:
            ids = file_ids(source, name)
            cited = json.dumps({id_kind: sorted(found) for id_kind, found in sorted(ids.cited.items())},
                               separators=(",", ":"))
            cited_key = f"cited:{hashlib.blake2b(cited.encode(), digest_size=20).hexdigest()}"
            store.put(cited_key, json.loads(cited))
            entries[name] = {"own_id": ids.own_id, "cited": cited_key, "repeats": ids.repeats}
            if name in SINGLE_DEFINES:  # a run after a group's edit finds duplicates without the tree
                entries[name]["defines"] = {id_kind: [[id_, list(path)] for id_, path in places]
                                            for id_kind, places in defined(source, name).items()}
    store.put(f"ids:{key}", entries)


def key_in_store(salt: str, kind: str, name: str, digest: str) -> str:
    """A data file's key in the store: vrptool's code and the limits (`salt`), its kind, its name in
    the data folder (`in_folder`) and its bytes' digest (cache.content_digest)."""
    import hashlib

    key = hashlib.blake2b(f"{salt}{kind}\0{name}\0".encode(), digest_size=20)
    key.update(digest.encode())
    return key.hexdigest()


def in_folder(path: Path, root: Path) -> str:
    """A file's name within the data folder: the same file, however the folder is named (`--data
    data`, an absolute path, another clone or worktree of the repository, each test's copy), is
    one entry in the store. What the entry holds names no file: its findings take the name this
    run gives the file (`_from_store`)."""
    whole, folder = str(path), str(root)
    if folder not in ("", ".") and whole.startswith(folder + os.sep):  # as relative_to, without parsing paths
        return whole[len(folder) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def stored_trees(root: Path, kind: str, paths: list[Path]) -> dict[Path, Any]:
    """The trees the store holds for these files as their bytes are now: what the loader makes of
    each, without parsing it (an edit of one quarter reads every earlier quarter's values). A file
    the store does not hold, or that cannot be read, is not among them."""
    from vrptool import cache
    from vrptool import store as stores

    store = stores.open_store(root)
    if store is None:
        return {}
    salt = f"{cache.code_fingerprint(root)}\0{cache.settings()}\0"
    keys = {}
    for path in paths:
        try:
            keys[path] = key_in_store(salt, kind, in_folder(path, root), cache.content_digest(_read(path, root)))
        except (FileRefused, OSError):
            continue
    entries = store.get_many(f"tree:{key}" for key in keys.values())
    trees = {}
    for path, key in keys.items():
        entry = entries.get(f"tree:{key}")
        if isinstance(entry, dict) and "tree" in entry:
            trees[path] = entry["tree"]
    return trees


def _read(path: Path, root: Path) -> bytes:
    from vrptool.files import read_checked

    return read_checked(path, root)


def _decoded(raw: Any, source: SourceFile) -> str | None:
    from vrptool.loader import decode

    return decode(raw, source) if isinstance(raw, bytes) else None


def _validated(source: SourceFile, kind: str | None, records: bool) -> Loaded[Any]:
    """The file's model (or record), or None with its schema findings appended to the file's findings."""
    if kind is None:
        return Loaded(source, None)
    if not isinstance(source.tree, dict):
        found = "nothing (the file is empty)" if source.tree is None else "a list or a single value"
        source.findings.append(source.finding((), SCHEMA,
            f"the file must hold a mapping of keys, but holds {found}"))
        return Loaded(source, None)
    try:
        return Loaded(source, validate_of(kind, records)(source.tree))
    except ValidationError as error:
        source.findings.extend(findings_from(error, source, kind))
        return Loaded(source, None)


def unreadable_groups(data: DataSet) -> set[str]:
    """The ids of groups whose files cannot be parsed (the file's name stands in for the id):
    references to them are judged only once the file is fixed. One mistake, one finding."""
    return {loaded.source.path.stem for loaded in data.groups if not ids_readable(loaded.source)}


def _plural(kind: str) -> str:
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


def _say_once_what_an_unreadable_file_hides(data: DataSet) -> None:
    """Add to the first error of each file whose ids cannot be read (missing, unparsable, not a
    mapping) which findings wait for it: the references to the ids it defines are not judged
    (`unknown_kinds`), so the one finding says so instead of one finding per reference."""
    hidden: dict[str, str] = {}
    for name, loaded in data.single_files().items():
        kinds = sorted(kind for kind in DEFINES[name] if kind in CITED)
        if kinds and (loaded is None or not ids_readable(loaded.source)):
            names = [_plural(kind) for kind in kinds]
            listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
            until = "it exists" if loaded is None else "this file reads"
            hidden[str(data.root / f"{name}.yaml") if loaded is None else loaded.source.display] = (
                f"Until {until}, references to the {listed} it defines are not reported")
    for loaded in data.groups:
        if not ids_readable(loaded.source):
            hidden[loaded.source.display] = (
                f"Until this file reads, references to group '{loaded.source.path.stem}' and the orphan checks, "
                "which need every group, are not reported")
    for position, finding in enumerate(data.findings):
        if finding.file in hidden and finding.severity is Severity.ERROR:
            data.findings[position] = dataclasses.replace(finding, message=f"{finding.message}. {hidden.pop(finding.file)}")
