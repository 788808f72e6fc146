"""Parsing in two: what a forked helper parses is what this process would have parsed, and the
findings of a run are the same whether half the files were parsed by the helper, by this
process alone, or by this process after the helper failed."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED
from vrptool import reading
from vrptool.checks import check
from vrptool.loader import SourceFile, load_raw

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a helper is forked only on Linux")

TODAY = dt.date(2026, 11, 21)


def made_of(source: SourceFile) -> tuple:
    return source.tree, source.findings, source.suppressed, source._marks, source.text


def test_each_file_is_parsed_as_this_process_parses_it(monkeypatch):
    monkeypatch.setattr(reading, "MIN_BYTES", 0)
    files = [(path, path.read_bytes()) for path in sorted(BUNDLED.rglob("*.yaml"))]
    files.append((Path("broken.yaml"), b"a: 1\na: 2\nb: [1, 2\n"))
    helper = reading.helping(files)
    assert helper is not None and helper.paths
    found = {path: load_raw(raw, SourceFile(path, str(path))) for path, raw in files if path not in helper.paths}
    theirs = helper.parsed()
    assert set(theirs) == helper.paths
    found.update(theirs)
    assert set(found) == {path for path, _ in files}
    for path, raw in files:
        assert made_of(found[path]) == made_of(load_raw(raw, SourceFile(path, str(path)))), path


def test_the_helpers_share_is_about_its_part_of_the_bytes_and_every_file_is_in_one_share():
    files = [(Path(f"{number}.yaml"), b"x" * size) for number, size in enumerate([900, 500, 400, 300, 300, 100] * 5)]
    theirs, ours = reading._shares(files)
    assert sorted(theirs + ours) == sorted(files)
    total = sum(len(raw) for _, raw in files)
    assert abs(sum(len(raw) for _, raw in theirs) - reading.HELPER_SHARE * total) <= 900


def test_a_small_partnership_forks_no_helper(monkeypatch):
    def forked() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", forked)
    assert check(BUNDLED, TODAY, use_cache=False).findings is not None


@pytest.fixture
def mistaken(data_copy: Path) -> Path:
    """The bundled data with mistakes the loader finds, in several files."""
    groups = sorted((data_copy / "groups").glob("*.yaml"))
    groups[0].write_text(groups[0].read_text("utf-8") + "extra: yes\nextra: no\n", "utf-8")
    groups[1].write_text(groups[1].read_text("utf-8") + "odd: !!binary aGk=\nalias: &a x\n", "utf-8")
    groups[2].write_text("name: [unclosed\n", "utf-8")
    return data_copy


@pytest.mark.parametrize("use_cache", [True, False])
def test_the_findings_are_the_same_with_a_helper_without_one_and_after_it_failed(mistaken, tmp_path, monkeypatch,
                                                                                use_cache):
    def findings() -> list:
        monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / f"cache-{len(list(tmp_path.iterdir()))}"))
        return check(mistaken, TODAY, use_cache=use_cache).findings

    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    alone = findings()
    assert {"duplicate-key", "yaml-tag", "yaml-alias", "yaml-syntax"} <= {f.rule for f in alone}
    assert forks == []  # a small partnership: no helper
    monkeypatch.setattr(reading, "MIN_BYTES", 0)
    assert findings() == alone
    assert forks == [1]  # half the files parsed by a helper
    monkeypatch.setattr(reading, "_helper", lambda files, out: os._exit(3))
    assert findings() == alone
    assert forks == [1, 1]  # a helper that failed: its half parsed here
