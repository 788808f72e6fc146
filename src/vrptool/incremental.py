"""The rules run over what changed: each rule's findings are kept per file and served while their inputs stand.

A rule reads the single files (partnership, toc, obpf, crest, population) and the files of the
many-file kinds: groups, returns, meetings. For each rule, `READS` says which of those kinds it
must see *whole* (every group, to follow reports_to round a circle) and whether it reads today's
date; every other kind it judges file by file, so that its findings on a group stand on that
group alone (with the single files and the whole kinds).

So each rule's findings are stored under a key of its inputs: vrptool's code, the single files
and the whole kinds (each by its store key, that is its bytes), today where the rule reads it.
Under that key, its findings in each file judged file by file, by that file's key. A run gives
the rule a data set of the single files, the whole kinds and only the files it has not judged
under this key, and keeps the rest. One edited group file: the rules that judge groups one by
one look at one group; the rules that need every group look at every group (from the store's
trees, never parsed again), and at no returns or meetings file.

A rule missing from READS is run over everything every time (right, only slower); one that
reads today's date without saying so is run again in full and not stored. The property test
(tests/test_incremental.py) compares random edit sequences with --no-cache, finding by finding.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from vrptool.findings import Finding
from vrptool.frozen import Frozen

if TYPE_CHECKING:
    from vrptool.dataset import DataSet, Loaded
    from vrptool.store import Store

#: The kinds of which a data directory has many files, as DataSet names its lists.
MANY = ("groups", "returns", "meetings")
SINGLE = ("partnership", "toc", "obpf", "crest", "population")


class Reads(Frozen):
    """What a rule's findings depend on besides the single files and each file it judges."""

    _fields = ("whole", "today", "folder", "alone", "kinds")
    whole: frozenset[str]  # kinds it must see every file of
    today: bool  # it compares with today's date
    folder: bool  # it looks at the data directory itself (run every time: it reads no file)
    #: kinds judged file by file whose findings do not depend on the whole kinds (a returns file's
    #: references to indicators stand whatever the groups say): kept when a group changes
    alone: frozenset[str]
    #: the many-file kinds it reads at all (the others are never shown to it: a rule over the
    #: returns is not run again when a group changes); reading another is caught, see _Unread
    kinds: frozenset[str]

    def __init__(self, whole: frozenset[str] = frozenset(), today: bool = False, folder: bool = False,
                 alone: frozenset[str] = frozenset(), kinds: frozenset[str] = frozenset(MANY)) -> None:
        self._set(whole=whole, today=today, folder=folder, alone=alone, kinds=kinds)


EVERYTHING = Reads(frozenset(MANY), today=True)
GROUPS = frozenset({"groups"})
RETURNS = frozenset({"returns"})
MEETINGS = frozenset({"meetings"})
NONE: frozenset[str] = frozenset()

#: Each rule's reads (by rule id). A rule that is not here reads EVERYTHING.
READS: dict[str, Reads] = {
    "interrupted-edit": Reads(folder=True),
    "unread-data-file": Reads(folder=True),
    "stray-file": Reads(folder=True),
    # one finding per unknown id, naming every file that cites it
    "unknown-ref": Reads(frozenset(MANY)),
    # group ids are defined in group files and cited from groups and meetings; no returns file
    # cites a group, and groups alone cite what the orphan rules look for
    "duplicate-id": Reads(GROUPS, alone=RETURNS | MEETINGS),
    "cycle": Reads(GROUPS, kinds=GROUPS),
    # what every group cites against the single files: no returns or meetings file is read
    "orphan-activity": Reads(GROUPS, kinds=GROUPS),
    "orphan-recommendation": Reads(GROUPS, kinds=GROUPS),
    "orphan-indicator": Reads(GROUPS, kinds=GROUPS),
    "authority-unrepresented": Reads(GROUPS, kinds=GROUPS),
    # one finding per group and organisation, naming every meeting that lists it; no returns file
    "not-a-member": Reads(GROUPS | MEETINGS, kinds=GROUPS | MEETINGS),
    # a value against the quarters before it; a missing population said once over all quarters
    "implausible-value": Reads(RETURNS, kinds=RETURNS),
    "no-population": Reads(RETURNS, kinds=RETURNS),
    # each file on its own (with the single files)
    "hierarchy": Reads(kinds=NONE),
    "id-format": Reads(RETURNS, kinds=RETURNS),  # every returns file's quarter out of pattern at once: one finding
    "file-name": Reads(),
    "personal-data": Reads(),
    "value-range": Reads(kinds=RETURNS),
    "achieved-in-tor": Reads(),
    "strategy-placeholder": Reads(kinds=NONE),
    "tor-issued-after-review": Reads(kinds=GROUPS),
    "action-due-before-meeting": Reads(today=True, kinds=MEETINGS),  # a meeting in the future waits
    "abbreviation": Reads(kinds=GROUPS),
    "area-total": Reads(kinds=RETURNS),
    "secondary-suppression": Reads(kinds=RETURNS),
    "future-quarter": Reads(today=True, kinds=RETURNS),
    "review-overdue": Reads(today=True, kinds=GROUPS),
    "achieved-in-future": Reads(today=True, kinds=NONE),
    "meeting-in-future": Reads(today=True, kinds=MEETINGS),
}

#: Rule ids run again in full because they read today's date undeclared (for the tests to see).
UNDECLARED: list[str] = []


class UndeclaredRead(Exception):
    """A rule read today's date, or a kind of file, although READS says it does not."""


class _Unread(list):
    """The files of a kind a rule says it does not read: looking at them is a mistake in READS."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise UndeclaredRead

    __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = _refuse


class _NoDate:
    """The context of a rule that does not read today's date: reading it is a mistake in READS."""

    @property
    def today(self) -> dt.date:
        raise UndeclaredRead


def run_rules(data: DataSet, rules: list[ModuleType], today: dt.date, step: Any) -> list[Finding]:
    """Every rule's findings over data (which came from the store), reusing what the store holds."""
    from vrptool import cache
    from vrptool.rules import Context

    assert data.store is not None
    store: Store = data.store
    context = Context(today=today)
    found: list[Finding] = []
    many = _Files(data)
    plans = [_Plan(rule, READS.get(rule.RULE.id, EVERYTHING), data, many, today, cache.code_fingerprint())
             for rule in rules]
    folder = _Folder(data)
    entries = {key: here for key, entry in store.get_many(key for plan in plans for key in (plan.key, plan.alone_key)
                                                          if key).items()
               if (here := folder.here(entry)) is not None}
    subsets: dict[tuple, DataSet] = {}
    for plan in plans:
        if plan.reads.folder:
            found.extend(plan.rule.check(data, context))
            step()
            continue
        entry = entries.get(plan.key) if plan.key else None
        stored = {False: _files_of(entry) or {}, True: _files_of(entries.get(plan.alone_key or "")) or {}}
        kept = {known: alone for alone, _, known in plan.per_file if known is not None and known in stored[alone]}
        if entry is not None and len(kept) == len(plan.per_file):
            found.extend(_findings(entry["findings"]))
            for key, alone in kept.items():
                found.extend(_findings(stored[alone][key]))
            step()
            continue
        todo = [(alone, loaded) for alone, loaded, known in plan.per_file if known not in kept]
        # The single files and the whole kinds as judged before, and only files judged apart from
        # the whole kinds to judge (one returns file edited): those are judged without the whole
        # kinds, and the findings on the rest are the stored ones.
        apart = entry is not None and all(alone and plan.file_key(loaded) for alone, loaded in todo)
        reads = plan.reads.replaced(whole=NONE) if apart else plan.reads
        shape = (reads.whole, reads.kinds, tuple(id(loaded) for _, loaded in todo))
        if shape not in subsets:
            subsets[shape] = _subset(data, reads, [loaded for _, loaded in todo])
        try:
            fresh = list(plan.rule.check(subsets[shape], context if plan.reads.today else _NoDate()))
        except UndeclaredRead:
            UNDECLARED.append(plan.rule.RULE.id)
            found.extend(plan.rule.check(data, context))
            step()
            continue
        if apart:
            assert entry is not None and plan.alone_key is not None
            judged_apart = {loaded.source.display for _, loaded in todo}
            fresh = [finding for finding in fresh if finding.file in judged_apart]
            found.extend(_findings(entry["findings"]))
        found.extend(fresh)
        for key, alone in kept.items():
            found.extend(_findings(stored[alone][key]))
        if apart:
            assert plan.alone_key is not None
            alone_files = {key: stored[True][key] for key, alone in kept.items() if alone}
            by_file: dict[str, list[dict]] = {}
            for _, loaded in todo:
                by_file[loaded.source.display] = alone_files.setdefault(str(plan.file_key(loaded)), [])
            for finding in fresh:
                by_file[finding.file].append(finding.as_dict())
            store.put(plan.alone_key, folder.kept({"findings": [], "files": alone_files}))
        elif plan.key and all(plan.file_key(loaded) is not None for _, loaded in todo):
            # A file with no key (an edit's new text, a refused file) is not among the inputs:
            # its findings, kept with the rest, would be served where it is not.
            files: dict[bool, dict[str, list[dict]]] = {False: {}, True: {}}
            for key, alone in kept.items():
                files[alone][key] = stored[alone][key]
            judged = {}
            for alone, loaded in todo:
                if (file_key := plan.file_key(loaded)) is not None:
                    judged[loaded.source.display] = files[alone].setdefault(file_key, [])
            rest: list[dict] = []
            for finding in fresh:
                judged.get(finding.file, rest).append(finding.as_dict())
            store.put(plan.key, folder.kept({"findings": rest, "files": files[False]}))
            if plan.alone_key:
                store.put(plan.alone_key, folder.kept({"findings": [], "files": files[True]}))
        step()
    return found


class _Files:
    """The files of the many-file kinds with their keys in the store, worked out once a run for
    every rule's plan (a national data set has 2,000 files and 29 rules)."""

    def __init__(self, data: DataSet) -> None:
        lists: dict[str, list[Loaded[Any]]] = {"groups": data.groups, "returns": data.returns,
                                                "meetings": data.meetings}
        self._keyed = {kind: [(loaded, data.keys.get(loaded.source.display)) for loaded in lists[kind]]
                       for kind in MANY}
        self._marked: dict[tuple[str, bool], list[tuple[bool, Loaded[Any], str | None]]] = {}
        self._digests: dict[str, str | None] = {}

    def marked(self, kind: str, alone: bool) -> list[tuple[bool, Loaded[Any], str | None]]:
        """(alone, file, key) of each file of the kind."""
        if (kind, alone) not in self._marked:
            self._marked[kind, alone] = [(alone, loaded, key) for loaded, key in self._keyed[kind]]
        return self._marked[kind, alone]

    def digest(self, kind: str) -> str | None:
        """A digest of every file of the kind by its key, in order; None when one has no key."""
        if kind not in self._digests:
            keys = [key for _, key in self._keyed[kind]]
            self._digests[kind] = None if None in keys else hashlib.blake2b(
                "\0".join(f"{key}" for key in keys).encode(), digest_size=20).hexdigest()
        return self._digests[kind]


class _Plan:
    """One rule's keys in the store and the files it judges one by one (each marked True when
    judged with the single files alone, apart from the whole kinds)."""

    def __init__(self, rule: ModuleType, reads: Reads, data: DataSet, files: _Files, today: dt.date,
                 code: str) -> None:
        self.rule, self.reads = rule, reads
        alone = reads.alone if reads.whole else frozenset()
        #: (judged apart from the whole kinds, the file, its key) of each file judged one by one
        self.per_file = [marked for kind in MANY if kind not in reads.whole and kind in reads.kinds
                         for marked in files.marked(kind, kind in alone)]
        self._keys = data.keys
        singles = [(name, getattr(data, name)) for name in SINGLE]
        self.key = self._key(rule, reads, today, code, singles, data, wholes=tuple(files.digest(kind)
                                                                                   for kind in sorted(reads.whole)))
        self.alone_key = self._key(rule, reads, today, code, singles, data, "alone") if alone else None

    @staticmethod
    def _key(rule: ModuleType, reads: Reads, today: dt.date, code: str, singles: list, data: DataSet,
             part: str = "", wholes: tuple[str | None, ...] = ()) -> str | None:
        digest = hashlib.blake2b(f"{code}\0{rule.RULE.id}\0{part}\0{today.isoformat() if reads.today else ''}\0"
                                 .encode(), digest_size=20)
        for name, loaded in singles:
            if loaded is None:
                digest.update(f"{name} missing\0".encode())
                continue
            key = data.keys.get(loaded.source.display)
            if key is None:
                return None  # an input vrptool could not read into the store: nothing is kept
            digest.update(f"{key}\0".encode())  # the file by its kind, bytes and name within the data folder
        for whole in wholes:
            if whole is None:
                return None
            digest.update(f"{whole}\0".encode())
        return f"rule:{digest.hexdigest()}"

    def file_key(self, loaded: Loaded[Any]) -> str | None:
        """The file's key among the rule's findings (None for a file the store has not read)."""
        return self._keys.get(loaded.source.display)


class _Folder:
    """This run's data files by their names within the data folder (dataset.in_folder), as a rule's
    findings are kept: kept in one clone, worktree or copy of the data, they are served in any
    other under the names this run gives the files.

    An entry whose findings name a file outside the data, or whose messages hold the folder's own
    name (a message naming another file, as duplicate-id's does), or kept where the folder's name
    cannot be told in a path (`--data .`), is kept as it is with the folder it was made in, and
    served only there."""

    def __init__(self, data: DataSet) -> None:
        self.root = str(data.root)
        self._data = data

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Each file's name within the data folder, by the name this run gives it (made only
        when a finding is renamed: at national scale nearly every file's findings are none)."""
        from vrptool.dataset import in_folder

        return {source.display: in_folder(source.path, self._data.root) for source in self._data.files}

    @functools.cached_property
    def displays(self) -> dict[str, str]:
        return {name: display for display, name in self.names.items()}

    def kept(self, entry: dict[str, Any]) -> dict[str, Any]:
        """The entry as the store keeps it."""
        every = [*entry["findings"], *(finding for found in entry["files"].values() if found for finding in found)]
        if self.root in ("", ".") or not all(f["file"] in self.names and self.root not in f["message"] for f in every):
            return {**entry, "folder": self.root}
        return {"findings": self._renamed(entry["findings"], "names"),
                "files": {key: self._renamed(found, "names") for key, found in entry["files"].items()},
                "folder": None}

    def here(self, entry: Any) -> Any:
        """A stored entry with its findings naming this run's files; None when it was kept for
        another folder or names a file this run does not have. A damaged entry is returned as it
        is, for the checks of its readers."""
        if _files_of(entry) is None or "folder" not in entry:
            return entry
        if entry["folder"] is not None:
            return entry if entry["folder"] == self.root else None
        try:
            return {"findings": self._renamed(entry["findings"], "displays"),
                    "files": {key: self._renamed(found, "displays") for key, found in entry["files"].items()}}
        except (KeyError, TypeError, AttributeError):
            return None

    def _renamed(self, findings: list[dict], names: str) -> list[dict]:
        """The findings naming each file as `names` (the attribute) does; an empty list as it is."""
        if not findings:
            return findings
        renaming = getattr(self, names)
        return [{**finding, "file": renaming[finding["file"]]} for finding in findings]


def _files_of(entry: Any) -> dict[str, Any] | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict) or not isinstance(
            entry.get("findings"), list):
        return None
    return entry["files"]


def _findings(dicts: Any) -> list[Finding]:
    return [Finding.from_dict(d) for d in dicts]


def _subset(data: DataSet, reads: Reads, judged: list[Loaded[Any]]) -> DataSet:
    """The data set a rule sees: the single files, every file of the whole kinds, the files judged;
    the kinds it does not read are there to refuse being read (its index holds none of their ids)."""
    from vrptool.dataset import DataSet
    from vrptool.index import build_index

    chosen = {id(loaded) for loaded in judged}
    lists = {kind: [loaded for loaded in getattr(data, kind) if kind in reads.whole or id(loaded) in chosen]
             for kind in MANY}
    sources = {id(loaded.source) for kind in reads.kinds for loaded in lists[kind]}
    sources |= {id(loaded.source) for name in SINGLE if (loaded := getattr(data, name)) is not None}
    files = [source for source in data.files if id(source) in sources]
    singles = {name: getattr(data, name) for name in SINGLE}
    if reads.kinds == set(MANY):
        return DataSet(root=data.root, files=files, groups=lists["groups"], returns=lists["returns"],
                       meetings=lists["meetings"], store=data.store, keys=data.keys, **singles)
    seen = {kind: lists[kind] if kind in reads.kinds else [] for kind in MANY}
    shadow = DataSet(root=data.root, files=files, groups=seen["groups"], returns=seen["returns"],
                     meetings=seen["meetings"], **singles)
    shown: dict[str, Any] = {kind: seen[kind] if kind in reads.kinds else _Unread() for kind in MANY}
    # The store and the files' keys: a rule may keep what it worked out per file or per id there.
    subset = DataSet(root=data.root, files=_Unread(), groups=shown["groups"], returns=shown["returns"],
                     meetings=shown["meetings"], store=data.store, keys=data.keys, **singles)
    subset._index = _LazyIndex(lambda: build_index(shadow))  # type: ignore[assignment]
    return subset


class _LazyIndex:
    """The index of the files a rule reads, built when the rule first asks (most never do)."""

    def __init__(self, build: Any) -> None:
        self._build = build
        self._index: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._index is None:
            self._index = self._build()
        return getattr(self._index, name)
