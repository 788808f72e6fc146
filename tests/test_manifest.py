"""The manifest: a data file known unchanged by its identity on disk is not read, and no change is ever missed.

`cache.read_known` trusts a file's noted digest only when its identity (kind, device, inode,
size, modification and change times, where it really is) is the one noted, and only once it
had stood unchanged for `SETTLED_NS` before the run that noted it began. Here the clock the times
are compared with is moved on (files the tests just wrote would otherwise never settle), and each
edit is made a tick of the file system's clock after the file's last write, as any edit made after
the settling time is.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

import vrptool
import vrptool.cache
import vrptool.files
import vrptool.loader
from vrptool import cache, launch
from vrptool.checks import check

# These tests look into the cache: each has its own.
pytestmark = pytest.mark.private_cache

TODAY = dt.date(2026, 11, 21)
DAWG = Path("groups") / "dawg.yaml"


@pytest.fixture
def cached(monkeypatch, tmp_path):
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def settled(monkeypatch):
    """The clock moved a minute on: every file written so far has settled."""
    monkeypatch.setattr(vrptool.cache, "_now", lambda: time.time_ns() + 60 * 10**9)


def findings(data: Path, **options) -> list[tuple]:
    return [(f.rule, f.file, f.line, f.column, f.message) for f in check(data, TODAY, **options).findings]


def data_reads(reads: list[str], data: Path) -> list[str]:
    return [name for name in reads if name.startswith(str(data))]


def next_tick() -> None:
    """Past the file system's clock tick (a jiffy, at most 10 ms on Linux)."""
    time.sleep(0.03)


def rewrite_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    before = os.stat(path)
    next_tick()
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def test_files_known_unchanged_are_not_read(data_copy, cached, settled, reads):
    first = findings(data_copy)
    assert len(set(data_reads(reads, data_copy))) == 38
    reads.clear()
    assert findings(data_copy) == first
    assert data_reads(reads, data_copy) == [], "unchanged files were read again"


def test_a_file_rewritten_with_the_same_size_and_mtime_is_seen_as_changed(data_copy, cached, settled, reads):
    findings(data_copy)
    rewrite_keeping_size_and_mtime(data_copy / DAWG, 'id: "dawg"', 'id: "dawx"')
    reads.clear()
    after = findings(data_copy)
    # read first, with the files the manifest does not know; others later only for their text
    # (the meetings of a group whose id is now unknown have findings to place)
    assert data_reads(reads, data_copy)[0] == str(data_copy / DAWG)
    assert after == findings(data_copy, use_cache=False)
    assert any(f[1] == str(data_copy / DAWG) for f in after), "the edit gives findings in the file"


def test_a_file_changed_within_the_settling_time_is_read_on_every_run(data_copy, cached, monkeypatch, reads):
    """Files written less than SETTLED_NS before the run began are read and hashed each time,
    whatever the manifest says: a later write in the same clock tick would leave their times."""
    monkeypatch.setattr(vrptool.cache, "_now", lambda: time.time_ns() + cache.SETTLED_NS // 2)
    findings(data_copy)
    reads.clear()
    findings(data_copy)
    assert len(data_reads(reads, data_copy)) == 38


def test_a_manifest_entry_signed_by_someone_else_is_a_miss(data_copy, cached, settled, reads):
    """A manifest that says an edited file still holds its old bytes is not believed unless this
    user's secret signed it."""
    findings(data_copy)
    folder = cache.directory() / vrptool.__version__ / "manifest"
    key = cache._manifest_key(data_copy)
    kept = cache.Store(folder, cache.secret(cache.directory()), "manifest").get(key)
    assert kept is not None and str(data_copy / DAWG) in kept["files"]
    old_digest = kept["files"][str(data_copy / DAWG)][-1]
    next_tick()
    text = (data_copy / DAWG).read_text("utf-8")
    (data_copy / DAWG).write_text(text.replace('id: "dawg"', 'id: "dawx"'), "utf-8")
    real = vrptool.files.RealPaths()
    now = vrptool.files.identity(data_copy / DAWG, real)
    forged = {"files": {**kept["files"], str(data_copy / DAWG): [*now, old_digest]}}
    cache.Store(folder, b"someone else's secret 32 bytes!!", "manifest").put(key, forged)
    reads.clear()
    assert findings(data_copy) == findings(data_copy, use_cache=False)
    assert str(data_copy / DAWG) in data_reads(reads, data_copy)
    # Signed with this user's secret, the same entry would be believed: the file is not read.
    cache.Store(folder, cache.secret(cache.directory()), "manifest").put(key, forged)
    assert isinstance(cache.read_known(data_copy).contents[data_copy / DAWG], cache.NotRead)


def test_a_link_is_never_known_unchanged(data_copy, cached, settled, reads):
    """A data file that is a link is read every time: its target can change under it."""
    target = data_copy / "groups" / "dawg.original"
    (data_copy / DAWG).rename(target)
    (data_copy / DAWG).symlink_to(target.name)
    findings(data_copy)
    rewrite_keeping_size_and_mtime(target, 'id: "dawg"', 'id: "dawx"')
    reads.clear()
    assert findings(data_copy) == findings(data_copy, use_cache=False)
    assert str(data_copy / DAWG) in data_reads(reads, data_copy)


def test_a_file_known_unchanged_has_its_text_read_when_asked(data_copy, cached, settled):
    findings(data_copy)
    checked = check(data_copy, TODAY)
    assert isinstance(checked._read[0][data_copy / DAWG], cache.NotRead)  # type: ignore[index]
    source = next(g.source for g in checked.data.groups if g.source.path == data_copy / DAWG)
    assert "text" not in source.__dict__ and source.__dict__.get("_text") is None
    assert source.text == (data_copy / DAWG).read_text("utf-8")


def test_a_file_changed_before_its_text_is_read_is_said_in_one_line(data_copy, cached, settled, capsys):
    findings(data_copy)
    checked = check(data_copy, TODAY)
    source = next(g.source for g in checked.data.groups if g.source.path == data_copy / DAWG)
    (data_copy / DAWG).write_text((data_copy / DAWG).read_text("utf-8") + "# edited\n", "utf-8")
    with pytest.raises(cache.FileChanged):
        source.text  # noqa: B018 - the read is the point

    def command() -> int:
        return len(source.text or "")

    assert launch.guarded(command, debug=False) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"vrptool: {data_copy / DAWG} changed while vrptool was reading the data; run the command again"


def test_a_report_from_files_known_unchanged_is_the_one_no_cache_makes(run, data_copy, cached, settled, monkeypatch):
    report = ("report", "--quarter", "latest", "--format", "json", "--data", "data", "--today", "2026-11-21")
    run(*report, cwd=data_copy.parent)
    returns = sorted((data_copy / "returns").glob("*.yaml"))[-1]
    next_tick()
    returns.write_text(returns.read_text("utf-8").replace("value: 388", "value: 389", 1), "utf-8")
    kept = run(*report, cwd=data_copy.parent)
    again = run(*report, cwd=data_copy.parent)
    monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
    fresh = run(*report, cwd=data_copy.parent)
    assert kept.code == 0 and kept.out == fresh.out == again.out
