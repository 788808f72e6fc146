"""Incremental validation: after an edit, only what changed is parsed, validated and judged, and the
result is always the one --no-cache gives, finding by finding.

The property test applies random edit sequences (group files, returns values, meetings, the single
files; deletions, syntax errors, new files, a file put back as it was) to a copy of the bundled
data and compares each incremental run with a run without any cache. The other tests watch what a
run after one edit does: which files it parses, which models it builds, what each rule is shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vrptool.cache
import vrptool.dataset
import vrptool.files
import vrptool.index
import vrptool.loader
from vrptool import incremental, store
from vrptool.checks import check
from vrptool.rules import checks as rule_modules

from .conftest import BUNDLED

TODAY = dt.date(2026, 11, 21)
DAWG = Path("groups") / "dawg.yaml"


def findings(data: Path, **options) -> list[tuple]:
    checked = check(data, TODAY, **options)
    return [(f.rule, f.file, f.line, f.column, f.message, f.severity.value) for f in checked.findings]


@pytest.fixture(autouse=True)
def no_undeclared_reads(monkeypatch):
    monkeypatch.setattr(incremental, "UNDECLARED", [])


@pytest.fixture
def cached(monkeypatch, tmp_path):
    """A private cache, switched on."""
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Each file parsed from its bytes (not read back from the store), by name."""
    seen: list[str] = []
    real = vrptool.dataset.load_raw

    def counting(raw, source):
        seen.append(source.display)
        return real(raw, source)

    monkeypatch.setattr(vrptool.dataset, "load_raw", counting)
    return seen


@pytest.fixture
def validated(monkeypatch) -> list[str]:
    """The kind of each model built (validated by pydantic), in order."""
    kinds: list[str] = []
    real = vrptool.dataset.model_of

    def counting(kind):
        model = real(kind)

        class Watched:
            @staticmethod
            def model_validate(tree):
                kinds.append(kind)
                return model.model_validate(tree)

        return Watched

    monkeypatch.setattr(vrptool.dataset, "model_of", counting)
    return kinds


def test_one_group_edited_is_the_only_file_parsed_and_validated(data_copy, cached, parsed, validated):
    before = findings(data_copy)
    assert len(parsed) == 38 and validated.count("returns") == 14  # the first run reads everything
    parsed.clear(), validated.clear()
    group = data_copy / DAWG
    group.write_text(group.read_text().replace("name: Data and Analysis Working Group", "name: Data Working Group"))
    checked = check(data_copy, TODAY)
    after = [(f.rule, f.file, f.line, f.column, f.message, f.severity.value) for f in checked.findings]
    assert parsed == [str(group)]
    assert all(loaded.is_valid for loaded in checked.data.returns)  # the store knows, no model built
    # the edited group's model alone: the rules that need every group or meeting read their stored
    # facts (vrptool.group_facts), the few values they need of the single files from their trees
    assert validated == ["group"]
    assert [f for f in after if f not in before] == [
        ("abbreviation", str(group), 5, 15, "'DAWG' is not made of the initials of 'Data Working Group' "
         "(expected something like 'DWG'); check it for a typo", "warning")]
    assert after == findings(data_copy, use_cache=False)


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_returns_model_is_built_once_to_validate_and_not_kept(data_copy, cached, validated, use_cache):
    """The rules read a quarter's values from its tree: each returns model is made to validate
    the file and let go (40 of them are 80 MB at national scale); a command that asks has it made again."""
    checked = check(data_copy, TODAY, use_cache=use_cache)
    returns = checked.data.returns
    assert len(returns) == 14 and validated.count("returns") == 14
    assert all(loaded.is_valid and loaded.__dict__.get("_model") is None for loaded in returns)
    assert returns[0].model is not None and returns[0].model.quarter == returns[0].source.path.stem
    assert validated.count("returns") == 15


def test_references_are_judged_from_stored_ids_without_the_returns(data_copy, cached, monkeypatch):
    """unknown-ref reads every file's references: after a group edit it takes the ids each
    returns file cites from the store, and fetches neither their trees nor where each id stands."""
    break_dawg(data_copy)
    before = findings(data_copy)
    asked: list[str] = []
    real = store.Store.get_many

    def watching(self, keys, **options):
        keys = list(keys)
        asked.extend(keys)
        return real(self, keys, **options)

    monkeypatch.setattr(store.Store, "get_many", watching)
    group = data_copy / DAWG
    group.write_text(group.read_text().replace("name: Data and Analysis Working Group", "name: Data Working Group"))
    checked = check(data_copy, TODAY)
    returns = {checked.data.keys[loaded.source.display] for loaded in checked.data.returns}
    assert returns and {key.split(":")[-1] for key in asked if key.startswith("ids:")} >= returns
    assert not [key for key in asked if key.startswith(("tree:", "records:")) and key.split(":")[-1] in returns]
    assert ("unknown-ref", str(group), 8, 13) in [(f.rule, f.file, f.line, f.column) for f in checked.findings]
    assert len(checked.findings) == len(before) + 1  # the abbreviation warning of the new name
    assert [(f.rule, f.file, f.line, f.column, f.message, f.severity.value) for f in checked.findings] == findings(
        data_copy, use_cache=False)


def test_a_group_listing_an_id_twice_is_judged_again_without_its_tree(data_copy, cached, monkeypatch):
    """After another group's edit, duplicate-id judges every group again, walking only the lists
    of those whose stored ids say they repeat one: ieo's twice-listed indicator is still found."""
    ieo = data_copy / "groups" / "ieo.yaml"
    lines = ieo.read_text().splitlines(keepends=True)
    at = lines.index("indicators:\n") + 1
    ieo.write_text("".join(lines[:at + 1] + [lines[at]] + lines[at + 1:]))
    before = findings(data_copy)
    twice = ("duplicate-id", str(ieo), at + 2, lines[at].index('"') + 1)
    assert twice in [finding[:4] for finding in before]
    walked: set[str] = set()  # the groups whose lists are walked for their references
    real = vrptool.index.Index._places

    def watching(source, kind, owner, id_kind):
        if kind == "group" and id_kind != "group":
            walked.add(source.display)
        return real(source, kind, owner, id_kind)

    monkeypatch.setattr(vrptool.index.Index, "_places", staticmethod(watching))
    group = data_copy / DAWG
    group.write_text(group.read_text().replace("name: Data and Analysis Working Group", "name: Data Working Group"))
    after = findings(data_copy)
    assert twice in [finding[:4] for finding in after]
    assert walked - {str(group)} == {str(ieo)}  # and the edited one, judged by the rules over each group
    assert after == findings(data_copy, use_cache=False)


def test_each_rule_is_shown_only_what_it_has_not_judged(data_copy, cached, monkeypatch):
    findings(data_copy)
    shown: dict[str, list[str]] = {}
    for module in rule_modules():
        real = module.check

        def watching(data, context, real=real, rule=module.RULE.id):
            singles = [data.partnership, data.toc, data.obpf, data.crest, data.population]
            many = [loaded for kind in incremental.MANY if not isinstance(files := getattr(data, kind),
                                                                           incremental._Unread) for loaded in files]
            shown[rule] = [str(Path(loaded.source.display).relative_to(data_copy)) for loaded in singles + many]
            return real(data, context)

        monkeypatch.setattr(module, "check", watching)
    group = data_copy / DAWG
    group.write_text(group.read_text().replace("review_by: 2023-12-31", "review_by: 2027-12-31"))
    findings(data_copy)
    singles = ["partnership.yaml", "toc.yaml", "obpf.yaml", "crest.yaml", "population.yaml"]
    groups = sorted(str(Path("groups") / p.name) for p in (data_copy / "groups").iterdir())
    assert shown["review-overdue"] == [*singles, str(DAWG)]  # judged file by file
    assert shown["cycle"] == [*singles, *groups]  # needs every group; no meeting or returns
    assert "implausible-value" not in shown and "value-range" not in shown  # nothing they read changed
    assert {"interrupted-edit", "stray-file", "unread-data-file"} <= set(shown)  # they look at the folder
    assert incremental.UNDECLARED == []


def test_every_rule_says_what_it_reads():
    assert sorted(module.RULE.id for module in rule_modules()) == sorted(incremental.READS)


def test_a_file_read_once(data_copy, cached, reads):
    """On a miss each data file is read once: the key and the checks share the bytes."""
    findings(data_copy)
    data_files = [p for p in reads if p.startswith(str(data_copy))]
    assert len(data_files) == 38 and len(set(data_files)) == 38


def _entries(cache: Path) -> sqlite3.Connection:
    (database,) = cache.rglob(store.NAME)
    return sqlite3.connect(database)


def break_dawg(data: Path) -> None:
    group = data / DAWG
    group.write_text(group.read_text().replace('reports_to: "svrp"', 'reports_to: "nobody"'))


def test_an_entry_edited_by_hand_is_a_miss(data_copy, cached):
    break_dawg(data_copy)
    broken = findings(data_copy)
    assert ("unknown-ref", str(data_copy / DAWG), 8, 13) in [f[:4] for f in broken]

    def forget_the_rules(connection) -> None:  # every rule's findings made empty, the signatures kept
        assert connection.execute("SELECT count(*) FROM entry WHERE key LIKE 'rule:%'").fetchone()[0]
        connection.execute("""UPDATE entry SET body = CAST('{"findings":[],"files":{}}' AS BLOB)
                              WHERE key LIKE 'rule:%'""")
        os.utime(data_copy / DAWG)  # not the whole result cached for these bytes and times

    with _entries(cached) as connection:
        forget_the_rules(connection)
        connection.execute("""UPDATE entry SET body = CAST(replace(CAST(body AS TEXT), 'nobody', 'svrp') AS BLOB)
                              WHERE key LIKE 'tree:%'""")
    assert findings(data_copy) == broken  # and dawg's positions are stored, for its findings
    with _entries(cached) as connection:
        forget_the_rules(connection)
        assert connection.execute("SELECT count(*) FROM entry WHERE key LIKE 'positions:values:%'").fetchone()[0]
        connection.execute("""UPDATE entry SET body = CAST(replace(CAST(body AS TEXT), ',', ',1') AS BLOB)
                              WHERE key LIKE 'positions:values:%'""")
    assert findings(data_copy) == broken


def test_an_entry_signed_with_another_secret_is_a_miss(data_copy, cached):
    break_dawg(data_copy)
    broken = findings(data_copy)
    forger = store.Store(_entries(cached), b"x" * 32)
    with _entries(cached) as connection:
        keys = [key for (key,) in connection.execute("SELECT key FROM entry")]
    for key in keys:
        forger.put(key, {"findings": [], "files": {}} if key.startswith("rule:") else
                   {"findings": [], "schema": [], "suppressed": [], "valid": True, "tree": {}})
    forger.save()
    os.utime(data_copy / DAWG)
    assert findings(data_copy) == broken


@pytest.mark.parametrize("damage", ["garbage", "empty", "directory"])
def test_a_damaged_store_is_a_miss_and_replaced(data_copy, cached, parsed, damage):
    before = findings(data_copy)
    (database,) = cached.rglob(store.NAME)
    for extra in database.parent.glob(store.NAME + "-*"):
        extra.unlink()
    database.unlink()
    if damage == "garbage":
        database.write_bytes(b"SQLite format 3\0" + os.urandom(8192))
    elif damage == "empty":
        database.write_bytes(b"")
    else:
        database.mkdir()
    os.utime(data_copy / DAWG)
    parsed.clear()
    assert findings(data_copy) == before
    assert len(parsed) == 38
    os.utime(data_copy / DAWG)
    parsed.clear()
    assert findings(data_copy) == before
    assert parsed == [], "the damaged store was not replaced"


def test_a_store_damaged_within_is_a_miss_and_removed(data_copy, cached, parsed):
    """The store is never synced to disk, so a power cut may leave its pages damaged behind a good
    header: SQLite then says it is corrupt only when read. Every such read is a miss, and the
    run that finds it removes the database: the next run starts a new one."""
    before = findings(data_copy)
    with _entries(cached) as connection:  # every entry in the database itself, none in the write-ahead log
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (database,) = cached.rglob(store.NAME)
    size = int.from_bytes(database.read_bytes()[16:18], "big")
    with database.open("r+b") as damaged:  # the first page (header and schema) kept, the rest garbage
        damaged.seek(size)
        damaged.write(os.urandom(database.stat().st_size - size))
    os.utime(data_copy / DAWG)
    parsed.clear()
    assert findings(data_copy) == before
    assert len(parsed) == 38
    assert not database.exists()
    os.utime(data_copy / DAWG)
    parsed.clear()
    assert findings(data_copy) == before and len(parsed) == 38  # a new store, filled
    os.utime(data_copy / DAWG)
    parsed.clear()
    assert findings(data_copy) == before
    assert parsed == []


def test_the_store_waits_for_no_sync_to_disk(data_copy, cached):
    """A cache: a crashed run loses nothing without syncs, and each sync cost milliseconds."""
    opened = store.open_store(data_copy)
    assert opened is not None
    assert opened._connection.execute("PRAGMA synchronous").fetchone() == (0,)
    assert opened._connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    opened.close()


def test_a_store_another_run_holds_locked_is_read_and_not_written(data_copy, cached, monkeypatch):
    before = findings(data_copy)
    monkeypatch.setattr(store, "LOCK_WAIT", 0.05)
    holder = _entries(cached)
    holder.execute("BEGIN IMMEDIATE")  # another run writing
    try:
        break_dawg(data_copy)
        assert findings(data_copy) == findings(data_copy, use_cache=False) != before
    finally:
        holder.rollback()
        holder.close()


def test_entries_unused_for_keep_days_are_dropped_found_by_their_use_day(cached):
    """Each save drops the entries unused for KEEP_DAYS, found through an index on the day each
    was last used: without it every save read every entry, bodies and all (a second on a
    gigabyte store)."""
    kept = store.open_store(None)
    assert kept is not None
    kept.put("old", [1])
    kept.put("new", [2])
    kept.save()
    kept.close()
    with sqlite3.connect(next(cached.rglob(store.NAME))) as connection:
        connection.execute("UPDATE entry SET used = used - ? WHERE key = 'old'", (store.KEEP_DAYS + 1,))
    again = store.open_store(None)
    assert again is not None
    again.put("another", [3])
    again.save()
    assert again.get_many(["old", "new", "another"]) == {"new": [2], "another": [3]}
    plan = again._connection.execute("EXPLAIN QUERY PLAN " + store._CLEAN_UP, (0,)).fetchall()
    assert "INDEX entry_used" in " ".join(str(step[-1]) for step in plan)
    again.close()


def test_a_bundle_serves_what_its_keys_hold_and_is_read_as_one_entry(cached, monkeypatch):
    """get_many(bundle=...) reads the values asked for last time from one entry, the rest one
    by one, and writes the bundle again when it held other values; one signed by someone else,
    or edited by hand, is a miss."""
    kept = store.open_store(None)
    assert kept is not None
    for key, value in (("a", [1]), ("b", [2]), ("c", [3])):
        kept.put(key, value)
    assert kept.get_many(["a", "b"], bundle="here") == {"a": [1], "b": [2]}
    one_by_one: list[list[str]] = []
    real = store.Store._get_many

    def watching(self, keys, **options):
        keys = list(keys)
        one_by_one.append(keys)
        return real(self, keys, **options)

    monkeypatch.setattr(store.Store, "_get_many", watching)
    assert kept.get_many(["b", "a"], bundle="here") == {"a": [1], "b": [2]}
    assert one_by_one == [[]]
    assert kept.get_many(["a", "c", "missing"], bundle="here") == {"a": [1], "c": [3]}
    assert one_by_one[-1] == ["c", "missing"]
    assert kept.get_many(["a", "c"], bundle="there") == {"a": [1], "c": [3]}  # another bundle: its own
    assert one_by_one[-1] == ["a", "c"]
    kept.save()
    with _entries(cached) as connection:  # the bundle's values edited, its signature kept
        connection.execute("""UPDATE entry SET body = CAST(replace(CAST(body AS TEXT), '[1]', '[9]') AS BLOB)
                              WHERE key LIKE 'bundle:%'""")
    assert kept.get_many(["a", "c"], bundle="here") == {"a": [1], "c": [3]}
    assert one_by_one[-1] == ["a", "c"]
    kept.close()


def test_what_a_command_stores_after_its_checks_lands_when_it_ends(run, data_copy, cached):
    """trace places what it shows after the checks (in files read back from the store): the
    positions it stores are kept, and no write is left open to lock out the next run (which
    would wait for it at every write)."""
    assert run("validate", "--data", data_copy).code == 0
    assert run("trace", "2.a", "--data", data_copy).code == 0
    with sqlite3.connect(next(cached.rglob(store.NAME)), timeout=0) as other:
        assert other.execute("SELECT count(*) FROM entry WHERE key LIKE 'positions:%'").fetchone()[0] > 0
        other.execute("INSERT INTO entry VALUES ('another run', x'00', x'00', 0)")  # not locked out


def test_no_cache_writes_no_store(data_copy, cached):
    findings(data_copy, use_cache=False)
    assert not cached.exists()


# The property: random edits, each run compared with --no-cache finding by finding.

KIND_FILES = ["partnership.yaml", "toc.yaml", "obpf.yaml", "crest.yaml", "population.yaml",
              *[f"groups/{p.name}" for p in sorted((BUNDLED / "groups").iterdir())],
              *[f"returns/{p.name}" for p in sorted((BUNDLED / "returns").iterdir())],
              *[f"meetings/{p.parent.name}/{p.name}" for p in sorted((BUNDLED / "meetings").glob("*/*.yaml"))]]
IDS = ['"svrp"', '"dawg"', '"tvrp"', '"nobody"', '"6.2"', '"1.1.1.e"', '"vru"', '"police"', '"2.e"', '"SO2"']
GROUP_IDS = [p.stem for p in sorted((BUNDLED / "groups").iterdir())]
NEW_NAMES = {"groups": "groups/extra.yaml", "returns": "returns/2026-27-Q3.yaml",
             "meetings": "meetings/dawg/2026-10-07.yaml"}


def apply(data: Path, step: tuple) -> None:
    """One edit: (what, file, a number that picks the line or value)."""
    what, name, pick = step
    path = data / name
    if what == "restore":
        path.parent.mkdir(parents=True, exist_ok=True)
        if (BUNDLED / name).exists():
            shutil.copyfile(BUNDLED / name, path)
        return
    if what == "add":
        target = data / NEW_NAMES.get(name.split("/")[0], name)
        if path.exists() and target != path:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        return
    if not path.exists():
        return
    if what == "delete":
        path.unlink()
        return
    lines = path.read_text("utf-8").splitlines(keepends=True)
    if not lines:
        return
    at = pick % len(lines)
    line = lines[at]
    if what == "id" and '"' in line:
        start = line.index('"')
        end = line.find('"', start + 1)
        if end > start:
            lines[at] = line[:start] + IDS[pick % len(IDS)] + line[end + 1:]
    elif what == "number":
        head, _, value = line.rpartition(": ")
        if head and value.strip().replace(".", "", 1).isdigit():
            lines[at] = f"{head}: {float(value) * (10 if pick % 2 else 0.01):g}\n"
    elif what == "reports_to":
        lines = [f'reports_to: "{GROUP_IDS[pick % len(GROUP_IDS)]}"\n' if line.startswith("reports_to:") else line
                 for line in lines]
    elif what == "date":
        lines[at] = line.replace("2026-", "2027-").replace("2023-", "2026-")
    elif what == "drop":
        del lines[at]
    elif what == "twice":
        lines.insert(at, line)
    elif what == "syntax":
        lines.insert(at, 'broken: "this quote is never closed\n')
    path.write_text("".join(lines), "utf-8")


EDITS = st.tuples(st.sampled_from(["id", "number", "date", "drop", "twice", "syntax", "delete", "add", "restore",
                                   "reports_to"]),
                  st.sampled_from(KIND_FILES), st.integers(0, 10_000))


#: Where a finding names the data folder, in findings kept for data met again in another folder.
DATA_FOLDER = "\0data folder\0"
#: The findings a run without the cache gives, by the data it read: every file and folder under
#: the data folder, with each file's bytes. Such a run reads nothing else, so data met again (the
#: bundled data every example starts from, an edit that changed nothing, a file put back) is
#: judged without the cache once, not once a step.
NO_CACHE_FINDINGS: dict[tuple, list[tuple]] = {}


def in_any_folder(found: list[tuple], data: Path) -> list[tuple]:
    """Findings with the data folder's path, wherever it stands, as DATA_FOLDER: the same
    findings of the same data in two folders are then equal, and findings equal so are equal."""
    return [tuple(part.replace(str(data), DATA_FOLDER) if isinstance(part, str) else part for part in finding)
            for finding in found]


def same_findings_as_no_cache(data: Path) -> list[tuple]:
    state = tuple(sorted((str(path.relative_to(data)), path.read_bytes() if path.is_file() else None)
                         for path in data.rglob("*")))
    if state not in NO_CACHE_FINDINGS:
        NO_CACHE_FINDINGS[state] = in_any_folder(findings(data, use_cache=False), data)
    return NO_CACHE_FINDINGS[state]


@contextlib.contextmanager
def settling(settled: bool) -> Iterator[None]:
    """With `settled`, the clock the manifest compares files' times with moved a minute on, so
    that every file written so far is known by its identity on disk (`cache.read_known`)."""
    real = vrptool.cache._now
    if settled:
        vrptool.cache._now = lambda: time.time_ns() + 60 * 10**9
    try:
        yield
    finally:
        vrptool.cache._now = real


#: When the data was last written (time.monotonic), by `wrote`.
_WRITTEN = [0.0]


def wrote() -> None:
    _WRITTEN[0] = time.monotonic()


def a_tick_on(settled: bool) -> None:
    """With `settled`, past the file system's clock tick (at most 10 ms on Linux) since the data
    was last written (`wrote`), before an edit: as an edit made after the settling time, it
    changes the file's change time. A run comes between two edits, so this rarely waits at all."""
    if settled:
        time.sleep(max(0.0, _WRITTEN[0] + 0.02 - time.monotonic()))


def same_as_no_cache(steps: list[tuple], settled: bool = False, cache: str | None = None) -> None:
    """The steps applied to a copy of the bundled data in a folder of its own, each run compared
    with --no-cache; `cache`: the cache folder (by default one of its own, empty)."""
    with tempfile.TemporaryDirectory() as scratch, settling(settled):
        data = Path(scratch) / "data"
        shutil.copytree(BUNDLED, data)
        wrote()
        os.environ["VRPTOOL_CACHE_DIR"] = cache or str(Path(scratch) / "cache")
        assert in_any_folder(findings(data), data) == same_findings_as_no_cache(data)
        for step in steps:
            a_tick_on(settled)
            apply(data, step)
            wrote()
            incremental_run = in_any_folder(findings(data), data)
            assert incremental_run == same_findings_as_no_cache(data), step
        assert incremental.UNDECLARED == []


SMOKE = [("id", "groups/dawg.yaml", 6), ("number", "returns/2025-26-Q4.yaml", 9), ("syntax", "groups/ieo.yaml", 3),
         ("date", "meetings/dawg/2026-06-03.yaml", 4), ("delete", "groups/tvrp.yaml", 0),
         ("add", "meetings/dawg/2026-06-03.yaml", 0), ("restore", "groups/ieo.yaml", 0),
         ("id", "crest.yaml", 20), ("restore", "groups/tvrp.yaml", 0),
         ("reports_to", "groups/ieo.yaml", GROUP_IDS.index("dawg")), ("reports_to", "groups/dawg.yaml", GROUP_IDS.index("ieo")),
         ("restore", "groups/dawg.yaml", 0)]


@pytest.mark.parametrize("settled", [False, True], ids=["files-just-written", "files-known-by-identity"])
def test_a_sequence_of_edits_gives_what_no_cache_gives(monkeypatch, settled):
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", "")
    same_as_no_cache(SMOKE, settled)


#: Edits that give every rule seeing some kind whole a finding, in the files edited and in those
#: kept: random edits of the bundled data seldom do, and a rule without findings cannot show a
#: wrong READS entry (a kind judged file by file that must be seen whole, a file judged apart
#: from the whole kinds whose findings need them). Each: the file, the text replaced and its
#: replacement (None, None: the file deleted; None, another file: a copy of it).
ENTRY = '  - indicator: "1.1.1.e"\n    value: 388\n'
CROSS_FILE_EDITS = [
    # a non-member at one meeting, then at another: one finding naming both
    ("meetings/dawg/2026-06-03.yaml", '"opcc", "probation"]', '"opcc", "probation", "voluntary-sector"]'),
    ("meetings/dawg/2026-07-01.yaml", '"opcc", "probation"]', '"opcc", "probation", "voluntary-sector"]'),
    ("groups/extra.yaml", None, "groups/dawg.yaml"),  # the group id dawg defined twice
    ("returns/2025-26-Q4.yaml", ENTRY, ENTRY + ENTRY),  # one indicator twice in one quarter
    ("returns/2025-26-Q3.yaml", "value: ", "value: 1"),  # another quarter, while those stand
    ("partnership.yaml", "name: Prison Service\n    duty: relevant", "name: Prison Service\n    duty: specified"),
    ("groups/svrp.yaml", 'id: "svrp"\n', 'id: "svrp"\nreports_to: "dawg"\n'),
    ("groups/tvrp.yaml", 'recommendations: ["8.2"]\nindicators: ["1.1.1.e", ', "recommendations: []\nindicators: ["),
    ("meetings/tvrp/2026-01-14.yaml", '"vru", ', '"nobody", '),
    ("returns/2024-25-Q1.yaml", 'quarter: "2024-25-Q1"', 'quarter: "2024-Q1"'),
    ("returns/2024-25-Q2.yaml", 'quarter: "2024-25-Q2"', 'quarter: "2024-Q2"'),  # one finding for both
    ("population.yaml", None, None),
    ("meetings/dawg/2026-06-03.yaml", '"probation", "voluntary-sector"]', '"probation"]'),
    ("returns/2025-26-Q4.yaml", ENTRY + ENTRY, ENTRY),
]


@pytest.mark.parametrize("settled", [False, True], ids=["files-just-written", "files-known-by-identity"])
def test_edits_that_give_every_cross_file_rule_findings_give_what_no_cache_gives(data_copy, cached, settled):
    with settling(settled):
        edits_that_give_every_cross_file_rule_findings(data_copy, settled)


def edits_that_give_every_cross_file_rule_findings(data_copy: Path, settled: bool) -> None:
    wrote()  # data_copy, just before
    assert findings(data_copy) == findings(data_copy, use_cache=False)
    seen: set[str] = set()
    for name, old, new in CROSS_FILE_EDITS:
        a_tick_on(settled)
        path = data_copy / name
        if old is None:
            if new is None:
                path.unlink()
            else:
                shutil.copyfile(data_copy / new, path)
        else:
            text = path.read_text("utf-8")
            assert old in text, name
            path.write_text(text.replace(old, new, 1), "utf-8")
        wrote()
        incremental_run = findings(data_copy)
        assert incremental_run == findings(data_copy, use_cache=False), name
        seen |= {finding[0] for finding in incremental_run}
    cross_file = {rule for rule, reads in incremental.READS.items() if reads.whole}
    assert cross_file - seen == set()
    assert incremental.UNDECLARED == []


#: The one cache of every sequence of the random edits, made when first needed.
_SHARED: list[tempfile.TemporaryDirectory] = []


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=8), st.booleans())
def test_random_edit_sequences_give_what_no_cache_gives(steps, settled):
    """`settled`: files known by their identity on disk once noted (cache.read_known), or every
    file written too lately to be (each run reads them all). Each sequence edits a copy in a folder
    of its own, and all of them share one cache, as a user's clones and worktrees do: what runs in
    other folders kept, on other data, never changes a finding."""
    saved = {name: os.environ.get(name) for name in ("VRPTOOL_CACHE_DIR", "VRPTOOL_NO_CACHE")}
    os.environ.pop("VRPTOOL_NO_CACHE", None)
    if not _SHARED:
        _SHARED.append(tempfile.TemporaryDirectory())
    try:
        same_as_no_cache(steps, settled, cache=_SHARED[0].name)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_a_rules_findings_kept_in_one_folder_are_served_in_another_naming_its_files(cached, tmp_path, monkeypatch):
    """Another clone or worktree of the data (or a copy) runs no rule again whose findings the
    store holds for the same files: those are given at this folder's files. A finding whose message
    names a file (duplicate-id's names where the id was first defined) is kept for its folder alone,
    and made again in another, naming that folder's file."""
    first = tmp_path / "one" / "data"
    shutil.copytree(BUNDLED, first)
    shutil.copyfile(first / DAWG, first / "groups" / "extra.yaml")  # dawg's id defined twice
    (first / DAWG).write_text((first / DAWG).read_text().replace("review_by: 2023-12-31", "review_by: 2027-12-31"))
    assert {"duplicate-id", "review-overdue", "file-name"} <= {f[0] for f in findings(first)}
    ran: list[str] = []
    for module in rule_modules():
        def watching(data, context, real=module.check, rule=module.RULE.id):
            ran.append(rule)
            return real(data, context)

        monkeypatch.setattr(module, "check", watching)
    second = tmp_path / "two" / "data"
    shutil.copytree(first, second)
    found = findings(second)
    folder_rules = {rule for rule, reads in incremental.READS.items() if reads.folder}
    assert set(ran) - folder_rules == {"duplicate-id"}, ran
    assert found == findings(second, use_cache=False)
    assert all(f[1].startswith(str(second)) for f in found)
    assert [f for f in found if f[0] == "duplicate-id" and str(second / DAWG) in f[4]]


def test_the_findings_of_an_edit_that_was_refused_never_reach_a_later_run(cached, tmp_path):
    """An edit's check judges its new text, which no file on disk holds: what the rules found in
    it is never kept for the data it leaves unchanged (here, a quarter not yet begun, in a file the
    refused edit would have created)."""
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    new_quarter = data / "returns" / "2030-31-Q1.yaml"
    assert findings(data)
    text = 'quarter: "2030-31-Q1"\nvalues:\n  - indicator: "5.1.1.a"\n    value: 3\n'
    refused = findings(data, overrides={new_quarter: text})
    assert ("future-quarter", str(new_quarter)) in [(rule, file) for rule, file, *_ in refused]
    (data / "toc.yaml").touch()  # a new key for the whole result: the rules' stored findings are asked
    assert findings(data) == findings(data, use_cache=False)
    assert not any(file == str(new_quarter) for _, file, *_ in findings(data))


def test_a_single_files_defined_ids_are_judged_from_the_store_after_a_group_edit(data_copy, cached, monkeypatch):
    """The store keeps each single file's defined ids with their paths: after a group's edit,
    duplicate-id finds an id defined twice in crest.yaml at the same place without walking the
    single files' trees, and after an edit of crest.yaml itself, from its tree again."""
    crest = data_copy / "crest.yaml"
    crest.write_text(crest.read_text().replace('  - id: "1.1"\n', '  - id: "1.2"\n', 1))
    before = findings(data_copy)
    twice = [f for f in before if f[0] == "duplicate-id" and f[1] == str(crest)]
    assert len(twice) == 1 and "Crest recommendation id '1.2'" in twice[0][4]
    walked: set[str] = set()  # the single files walked for the ids they define
    real = vrptool.index.Index._places

    def watching(source, kind, owner, id_kind):
        if kind in vrptool.index.SINGLE_DEFINES:
            walked.add(kind)
        return real(source, kind, owner, id_kind)

    monkeypatch.setattr(vrptool.index.Index, "_places", staticmethod(watching))
    group = data_copy / DAWG
    group.write_text(group.read_text().replace("name: Data and Analysis Working Group", "name: Data Working Group"))
    after = findings(data_copy)
    assert walked == set()
    assert [f for f in after if f[0] == "duplicate-id" and f[1] == str(crest)] == twice
    assert after == findings(data_copy, use_cache=False)
    crest.write_text(crest.read_text().replace("\n", "\n# edited\n", 1))
    after = findings(data_copy)
    assert [f[2:4] for f in after if f[0] == "duplicate-id" and f[1] == str(crest)] == [(twice[0][2] + 1, twice[0][3])]
    assert after == findings(data_copy, use_cache=False)
