"""The whole data directory, read and typed: every file with its model (or its findings).

The data set also answers where each id is defined and cited (`vrptool.index` builds that on
first use), so that a check never walks the files itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from vrptool import layout, terminal
from vrptool.findings import Finding, Severity
from vrptool.index import CITED, DEFINES, Index, Place, build_index, ids_readable
from vrptool.loader import SourceFile, load_file
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



@dataclass
class Loaded(Generic[M]):
    """A file and its model (None when the file did not validate)."""

    source: SourceFile
    model: M | None


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
        for name, loaded in data.single_files().items():
            if loaded is None or loaded.model is None:
                raise ValueError(f"the data set has errors: {name}.yaml is missing or invalid")
            singles[name] = Valid(loaded.source, loaded.model)
        return cls(root=data.root, files=data.files, population=data.population, groups=data.groups, returns=data.returns,
                   meetings=data.meetings, findings=data.findings, _index=data._index, **singles)


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

    def load(path: Path, model: type[M]) -> Loaded[M]:
        terminal.step()
        return _load(path, model, data, trees, overrides.get(path))

    terminal.phase("Reading data files", lambda: len(layout.data_files(root)))

    def single(name: str, model: type[M]) -> Loaded[M] | None:
        path = root / name
        if not path.exists() and path not in overrides:
            data.findings.append(MISSING_FILE.at(str(path), 1, 1,
                f"the data directory has no {name}; every partnership needs one"))
            return None
        return load(path, model)

    data.partnership = single("partnership.yaml", Partnership)
    data.toc = single("toc.yaml", TheoryOfChange)
    data.obpf = single("obpf.yaml", PerformanceFramework)
    data.crest = single("crest.yaml", CrestTracker)
    if (root / "population.yaml").exists() or root / "population.yaml" in overrides:  # optional
        data.population = load(root / "population.yaml", Population)
    data.groups = [load(path, Group) for path in files(layout.group_files(root), root / "groups", 1)]
    data.returns = [load(path, Returns) for path in files(layout.returns_files(root), root / "returns", 1)]
    data.meetings = [load(path, Meeting) for path in files(layout.meeting_files(root), root / "meetings", 2)]
    _say_once_what_an_unreadable_file_hides(data)
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
