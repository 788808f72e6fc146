"""The check pipeline: every finding in a data directory, in one run, from the cache when unchanged.

    checked = check(data_dir, today)
    checked.findings   # every finding, sorted by file and position
    checked.errors     # the errors among them
    checked.data       # the data set (loaded on first use when the findings came from the cache)

`validate` needs only the findings, so a cached run never loads the models (or pydantic);
rendering and reporting need the data set too. Every command and every edit goes through here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vrptool import cache, layout, terminal
from vrptool.findings import Finding, Severity

if TYPE_CHECKING:
    from vrptool.dataset import CheckedDataSet, DataSet


def errors_in(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def run_checks(data: DataSet, today: dt.date) -> list[Finding]:
    """The findings of loading the data and of every rule over it, sorted, each once. Data read
    through the store has each rule judge only what it has not judged before (vrptool.incremental)."""
    from vrptool.rules import Context, checks

    findings = list(data.findings)
    rules = checks()
    terminal.phase("Checking the data", len(rules))
    if data.store is not None:
        from vrptool.incremental import run_rules

        findings.extend(run_rules(data, rules, today, terminal.step))
        data.store.save()
        return sorted(set(findings))
    context = Context(today=today)
    for rule in rules:
        findings.extend(rule.check(data, context))
        terminal.step()
    return sorted(set(findings))


@dataclass
class Checked:
    """A data directory's findings and (on demand) its data set."""

    data_dir: Path
    findings: list[Finding]
    files: int  # how many data files were read
    use_cache: bool = True
    _data: DataSet | None = field(default=None, repr=False)
    #: the files' bytes, digests and the unread entries the key was made of, for the data set to
    #: be loaded from (then let go): a report with nothing changed read and hashed 2,000 files twice
    _read: tuple | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Finding]:
        return errors_in(self.findings)

    def valid(self) -> CheckedDataSet:
        """The data set as one without errors: for a command that has refused data with errors."""
        if self.errors:
            raise ValueError(f"{self.data_dir} has {len(self.errors)} error(s)")
        from vrptool.dataset import CheckedDataSet

        return CheckedDataSet.of(self.data)

    @property
    def data(self) -> DataSet:
        if self._data is None:
            from vrptool.dataset import load_dataset

            contents, digests, unread = self._read or (None, None, None)
            self._read = None
            self._data = load_dataset(self.data_dir, self.use_cache, contents=contents, digests=digests, unread=unread)
        return self._data


def check(data_dir: Path, today: dt.date, *, use_cache: bool = True,
          overrides: dict[Path, str] | None = None, records: bool = False) -> Checked:
    """Check a data directory as it is (or, with `overrides`, as an edit would leave it: the files
    it changes are read from their new text and its result is not cached). With `records`, for a
    command that needs only the findings (validate), the checks read each file's record rather
    than its model (`dataset.validate_of`): the same findings, without defining the models; the
    data set it leaves then holds records, not models."""
    cacheable = use_cache and overrides is None and cache.enabled()
    # Each file read once, for key and checks, and its bytes hashed once, for the result's key and
    # the file's in the store; a file the manifest knows unchanged is not read at all (its text is
    # read if a finding or a rule asks for it).
    read = cache.read_known(data_dir) if cacheable else None
    contents, digests = (read.contents, read.digests) if read is not None else (None, {})
    unread = layout.unread_entries(data_dir) if contents is not None else None  # for the key and two rules
    cache_key = (cache.key(data_dir, today, contents, digests, unread, read.identities)
                 if read is not None and contents is not None else None)
    cached = cache.load(cache_key, data_dir) if cache_key else None
    if cached is not None:
        findings, files = cached
        return Checked(data_dir, findings, files, use_cache, _read=(contents, digests, unread))
    from vrptool.allocation import many_objects
    from vrptool.dataset import let_trees_go, load_dataset

    # Reading a data set builds its trees (and models), kept to the end: at its default pace the
    # collector looks through them again and again for nothing (a fifth of a national validate).
    with many_objects():
        # An edit's check reads every file it leaves unchanged from the store, as validate does:
        # only its result, which no file on disk holds yet, is not kept.
        data = load_dataset(data_dir, use_cache, overrides=overrides, contents=contents, digests=digests,
                            unread=unread, records=records)
        findings = run_checks(data, today)
    let_trees_go(data)  # kept in the store: a report goes on to work out every row
    if cache_key:
        cache.store(cache_key, findings, len(data.files), data_dir)
    return Checked(data_dir, findings, len(data.files), use_cache, data)
