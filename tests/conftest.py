"""Shared fixtures: a private copy of the bundled data, and running the real CLI in-process."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from vrptool.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
#: A pinned vrptool for `vrptool init --vrptool-source` (the tests' vrptool is an editable install, which is not).
PINNED_SOURCE = "git+https://example.invalid/vrptool@" + "0" * 40


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked both_cache_modes runs twice: with the result cache and without it."""
    if "run" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_cache_modes"):
        metafunc.parametrize("cache_mode", ["cache", "no-cache"])


@pytest.fixture
def cache_mode() -> str:
    """The result cache is on, as for every user, unless a test is marked both_cache_modes."""
    return "cache"


@pytest.fixture
def run(cache_mode, capsys, monkeypatch, tmp_path):
    """Run `vrptool ARGS` in-process and return its exit code and output.

    The cache is on (a private one per test), so any test that reads data twice, or edits it
    between two reads, shows that the cache never changes what a run sees. Tests of validate's
    output are marked both_cache_modes: they also run with the cache off."""
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    if cache_mode == "no-cache":
        monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
    else:
        monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)

    def invoke(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        monkeypatch.delenv("VRPTOOL_DATA", raising=False)
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data, as tmp_path/data."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED, target)
    return target
